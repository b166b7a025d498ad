//! SQLite failures as `DbError`s with the result code name better-sqlite3 reports (codes.rs): from
//! rusqlite (opening, pragmas) and from the C API (statements).
use std::ffi::CStr;

use rusqlite::ffi;

use super::codes::code_name;
use crate::error::{DbError, ErrorKind};

pub fn map_error(err: rusqlite::Error) -> DbError {
    match err {
        rusqlite::Error::SqliteFailure(e, message) => {
            let message = message.unwrap_or_else(|| e.to_string());
            DbError::new(ErrorKind::Query, Some(code_name(e.extended_code)), message)
        }
        other => DbError::new(ErrorKind::Query, None, other.to_string()),
    }
}

/// The error SQLite reports for `rc` on `db`, with its result code name (as rusqlite and better-sqlite3 read it).
///
/// # Safety
/// `db` must be an open connection.
pub unsafe fn sqlite_error(db: *mut ffi::sqlite3, rc: i32) -> DbError {
    // SAFETY: `db` is open (the caller's contract). sqlite3_errmsg's text lives until the next call on
    // `db` and sqlite3_errstr's is static; both are NUL-terminated, and are copied into a String here,
    // before any other call on `db`.
    let message = unsafe {
        let text = if ffi::sqlite3_errcode(db) == rc {
            ffi::sqlite3_errmsg(db)
        } else {
            ffi::sqlite3_errstr(rc)
        };
        if text.is_null() {
            format!("SQLite error {rc}")
        } else {
            CStr::from_ptr(text).to_string_lossy().into_owned()
        }
    };
    DbError::new(ErrorKind::Query, Some(code_name(rc)), message)
}

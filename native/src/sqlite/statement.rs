//! A prepared statement kept for the life of the connection (or until the cache is flushed), driven
//! through SQLite's C API directly: rusqlite's own cache takes each statement out of its map and puts
//! it back on every use, and its row accessors check more than a point query costs in SQLite itself.
use std::ffi::CStr;
use std::ptr::NonNull;
use std::sync::Arc;

use rusqlite::ffi;

use super::codes::code_name;
use super::errors::sqlite_error;
use crate::error::{DbError, ErrorKind};
use crate::wire_codes::HINT_ANY;

pub struct Prepared {
    /// Owned: finalized on drop, and only ever by this `Prepared`.
    raw: NonNull<ffi::sqlite3_stmt>,
    /// The SQL text this was prepared from: a cache hit checks it is still the text its id names.
    pub sql: Arc<str>,
    /// An INSERT or REPLACE, whose completion reports the last rowid.
    pub inserts: bool,
    /// The column header of the result set (decode-rows.ts), built when the columns were last read.
    header: Vec<u8>,
    /// How many times SQLite had re-prepared the statement (after a schema change) when `header` was built.
    header_version: i32,
    header_columns: i32,
}

impl Drop for Prepared {
    fn drop(&mut self) {
        // SAFETY: `raw` came from sqlite3_prepare_v2 and is finalized only here, once. Its connection
        // is still open: `prepare` requires it to outlive the statement (database.rs drops the cache
        // before the connection).
        unsafe { ffi::sqlite3_finalize(self.raw.as_ptr()) };
    }
}

impl Prepared {
    /// Ok(None): the text holds no statement (empty or only a comment).
    ///
    /// # Safety
    /// `db` must be an open connection that outlives the statement.
    pub unsafe fn prepare(db: *mut ffi::sqlite3, sql: Arc<str>) -> Result<Option<Prepared>, DbError> {
        let bytes = sql.as_bytes();
        if bytes.len() >= i32::MAX as usize {
            return Err(DbError::new(
                ErrorKind::Query,
                Some(code_name(ffi::SQLITE_TOOBIG)),
                "the SQL text is too long",
            ));
        }
        let mut raw = std::ptr::null_mut();
        let mut tail = std::ptr::null();
        // SAFETY: `db` is open (the caller's contract); the text pointer and length describe `bytes`,
        // whose length was checked to fit an i32; `raw` and `tail` are valid places for the outputs.
        let rc = unsafe { ffi::sqlite3_prepare_v2(db, bytes.as_ptr().cast(), bytes.len() as i32, &mut raw, &mut tail) };
        if rc != ffi::SQLITE_OK {
            // SAFETY: `db` is open (the caller's contract).
            return Err(unsafe { sqlite_error(db, rc) });
        }
        let Some(raw) = NonNull::new(raw) else { return Ok(None) };
        let prepared = Prepared {
            raw,
            inserts: {
                let head = sql.trim_start().get(..7).unwrap_or("").to_ascii_lowercase();
                head.starts_with("insert") || head.starts_with("replace")
            },
            sql: sql.clone(),
            header: Vec::new(),
            header_version: -1,
            header_columns: -1,
        };
        // As rusqlite: a second statement after the first is refused rather than silently ignored.
        let used = if tail.is_null() {
            bytes.len()
        } else {
            (tail as usize).wrapping_sub(bytes.as_ptr() as usize)
        };
        if used < bytes.len() {
            let mut rest = std::ptr::null_mut();
            let rest_len = (bytes.len() - used) as i32;
            // SAFETY: `db` is open; the pointer and length describe `bytes[used..]`, a (bounds-checked)
            // part of the text; a null tail pointer is allowed.
            let rc = unsafe {
                ffi::sqlite3_prepare_v2(
                    db,
                    bytes[used..].as_ptr().cast(),
                    rest_len,
                    &mut rest,
                    std::ptr::null_mut(),
                )
            };
            if !rest.is_null() {
                // SAFETY: `rest` was just prepared, is owned by nobody else, and is finalized once.
                unsafe { ffi::sqlite3_finalize(rest) };
                return Err(DbError::new(ErrorKind::Query, None, "Multiple statements provided"));
            }
            if rc != ffi::SQLITE_OK {
                // SAFETY: `db` is open (the caller's contract).
                return Err(unsafe { sqlite_error(db, rc) });
            }
        }
        Ok(Some(prepared))
    }

    pub fn raw(&self) -> *mut ffi::sqlite3_stmt {
        self.raw.as_ptr()
    }

    /// The column header for the statement's current columns, rebuilt only after a schema change.
    pub fn header(&mut self) -> &[u8] {
        let st = self.raw();
        // SAFETY: `st` is this `Prepared`'s live statement; reading a counter (reset flag 0) changes nothing.
        let version = unsafe { ffi::sqlite3_stmt_status(st, ffi::SQLITE_STMTSTATUS_REPREPARE, 0) };
        // SAFETY: `st` is this `Prepared`'s live statement.
        let columns = unsafe { ffi::sqlite3_column_count(st) };
        if version != self.header_version || columns != self.header_columns {
            self.header.clear();
            self.header.extend_from_slice(&(columns as u16).to_le_bytes());
            for i in 0..columns {
                // SAFETY: `st` is live and `i` below its column count.
                let name = unsafe { ffi::sqlite3_column_name(st, i) };
                let name = if name.is_null() {
                    &[][..]
                } else {
                    // SAFETY: a non-null column name is a NUL-terminated string that stays valid until
                    // the statement is re-prepared or finalized or this column's name is asked again;
                    // it is copied into the header before any of those.
                    unsafe { CStr::from_ptr(name) }.to_bytes()
                };
                let name = String::from_utf8_lossy(name);
                self.header.push(HINT_ANY);
                self.header.extend_from_slice(&(name.len() as u16).to_le_bytes());
                self.header.extend_from_slice(name.as_bytes());
            }
            self.header_version = version;
            self.header_columns = columns;
        }
        &self.header
    }
}

//! Bound parameters read straight from the request buffer (wire_codes::param_tag), not copied out,
//! and bound to a statement through the C API.
use std::os::raw::c_int;

use rusqlite::ffi;

use super::run::Failure;
use crate::error::DbError;
use crate::params::format_iso_date;
use crate::wire::Reader;
use crate::wire_codes::param_tag;

/// A bound parameter as it lies in the request buffer.
pub enum Value<'a> {
    Null,
    Real(f64),
    Int(i64),
    Text(&'a [u8]),
    Date(f64),
    Blob(&'a [u8]),
}

#[inline]
pub fn read_value<'a>(r: &mut Reader<'a>) -> Result<Value<'a>, DbError> {
    Ok(match r.u8()? {
        param_tag::NULL => Value::Null,
        param_tag::NUMBER => Value::Real(r.f64()?),
        // Text and big-int text (a bigint outside i64) both bind as text.
        param_tag::TEXT | param_tag::BIG_TEXT => {
            let len = r.u32()? as usize;
            Value::Text(r.str(len)?.as_bytes())
        }
        param_tag::BIG_INT => Value::Int(r.i64()?),
        param_tag::TRUE => Value::Int(1),
        param_tag::FALSE => Value::Int(0),
        param_tag::DATE => Value::Date(r.f64()?),
        param_tag::BYTES => {
            let len = r.u32()? as usize;
            Value::Blob(r.bytes(len)?)
        }
        tag => return Err(DbError::internal(format!("unknown parameter tag {tag}"))),
    })
}

/// Reads past `count` parameters of a statement that will not run, so the next request stays in step.
pub fn skip_values(r: &mut Reader, count: usize) -> Result<(), Failure> {
    for _ in 0..count {
        read_value(r).map_err(Failure::Corrupt)?;
    }
    Ok(())
}

/// # Safety
/// `st` must be a live statement and `i` one of its parameter indexes.
#[inline]
pub unsafe fn bind(st: *mut ffi::sqlite3_stmt, i: c_int, value: &Value) -> c_int {
    // SAFETY: `st` is live and `i` one of its parameters (the caller's contract). Blob pointers and
    // lengths come from a slice, its length checked to fit a c_int, and SQLITE_TRANSIENT makes SQLite
    // copy the bytes, which belong to the JS request buffer, before the call returns.
    unsafe {
        match *value {
            Value::Null => ffi::sqlite3_bind_null(st, i),
            // better-sqlite3 binds every JS number as a double; do the same so stored values match.
            Value::Real(n) => ffi::sqlite3_bind_double(st, i, n),
            Value::Int(n) => ffi::sqlite3_bind_int64(st, i, n),
            Value::Text(t) => bind_text(st, i, t),
            Value::Date(ms) => bind_text(st, i, format_iso_date(ms).as_bytes()),
            Value::Blob(b) => {
                if b.len() > i32::MAX as usize {
                    return ffi::SQLITE_TOOBIG;
                }
                if b.is_empty() {
                    ffi::sqlite3_bind_zeroblob(st, i, 0)
                } else {
                    ffi::sqlite3_bind_blob(st, i, b.as_ptr().cast(), b.len() as c_int, ffi::SQLITE_TRANSIENT())
                }
            }
        }
    }
}

/// Text is copied by SQLite (SQLITE_TRANSIENT): the request buffer belongs to JS.
///
/// # Safety
/// `st` must be a live statement and `i` one of its parameter indexes.
#[inline]
unsafe fn bind_text(st: *mut ffi::sqlite3_stmt, i: c_int, t: &[u8]) -> c_int {
    if t.len() > i32::MAX as usize {
        return ffi::SQLITE_TOOBIG;
    }
    // SAFETY: `st` and `i` as the caller promises; the pointer and length describe the slice `t`, its
    // length checked to fit a c_int, and SQLITE_TRANSIENT makes SQLite copy it before returning.
    unsafe { ffi::sqlite3_bind_text(st, i, t.as_ptr().cast(), t.len() as c_int, ffi::SQLITE_TRANSIENT()) }
}

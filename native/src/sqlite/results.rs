//! Completions written straight into the submission's frame buffer: a frame is opened there
//! (completion::open_frame), its payload written in place, and its length patched when it closes.
//! Result values are read from SQLite's columns and written as rows.rs lays a result set out.
use std::os::raw::c_int;

use rusqlite::ffi;

use crate::wire_codes::tag;

/// Reusable buffers of one submission: the frames, and the string section of the result being written.
#[derive(Default)]
pub struct Scratch {
    pub frames: Vec<u8>,
    pub(super) strings: Vec<u8>,
}

#[inline]
pub fn patch_u32(out: &mut [u8], at: usize, v: u32) {
    out[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

/// Text of a result, with its length in UTF-16 code units (what JS slices by): invalid UTF-8 becomes
/// U+FFFD as in Node's Buffer#toString.
#[inline]
fn push_text(out: &mut Vec<u8>, strings: &mut Vec<u8>, bytes: &[u8]) {
    let units = if bytes.is_ascii() {
        strings.extend_from_slice(bytes);
        bytes.len()
    } else {
        let text = String::from_utf8_lossy(bytes);
        strings.extend_from_slice(text.as_bytes());
        text.encode_utf16().count()
    };
    out.push(tag::STR);
    out.extend_from_slice(&(units as u32).to_le_bytes());
}

/// Appends column `i` of the current row as a tagged value.
///
/// # Safety
/// `st` must be a statement positioned on a row, with `i` below its column count.
#[inline]
pub unsafe fn write_value(
    out: &mut Vec<u8>,
    strings: &mut Vec<u8>,
    st: *mut ffi::sqlite3_stmt,
    i: c_int,
    safe_integers: bool,
) {
    // SAFETY: `st` is on a row and `i` one of its columns (the caller's contract). Text and blob
    // pointers are read before their byte counts, the order SQLite documents, and stay valid until
    // the next step, reset or conversion of this column; they are copied out here, before any of
    // those. A null pointer or a zero count stands for an empty value, never reaching from_raw_parts.
    unsafe {
        match ffi::sqlite3_column_type(st, i) {
            ffi::SQLITE_INTEGER => {
                let n = ffi::sqlite3_column_int64(st, i);
                if safe_integers {
                    out.push(tag::I64);
                    out.extend_from_slice(&n.to_le_bytes());
                } else if let Ok(small) = i32::try_from(n) {
                    out.push(tag::I32);
                    out.extend_from_slice(&small.to_le_bytes());
                } else {
                    out.push(tag::F64);
                    out.extend_from_slice(&(n as f64).to_le_bytes());
                }
            }
            ffi::SQLITE_FLOAT => {
                out.push(tag::F64);
                out.extend_from_slice(&ffi::sqlite3_column_double(st, i).to_le_bytes());
            }
            ffi::SQLITE_TEXT => {
                let p = ffi::sqlite3_column_text(st, i);
                let n = ffi::sqlite3_column_bytes(st, i) as usize;
                let bytes = if p.is_null() || n == 0 {
                    &[][..]
                } else {
                    std::slice::from_raw_parts(p, n)
                };
                push_text(out, strings, bytes);
            }
            ffi::SQLITE_BLOB => {
                let p = ffi::sqlite3_column_blob(st, i).cast::<u8>();
                let n = ffi::sqlite3_column_bytes(st, i) as usize;
                let bytes = if p.is_null() || n == 0 {
                    &[][..]
                } else {
                    std::slice::from_raw_parts(p, n)
                };
                out.push(tag::BYTES);
                out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
                out.extend_from_slice(bytes);
            }
            _ => out.push(tag::NULL),
        }
    }
}

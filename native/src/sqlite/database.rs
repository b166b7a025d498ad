//! SQLite through rusqlite (opening, pragmas) and its C API (the statements), run synchronously on the
//! JS thread: an embedded database answers faster than any hop to another thread would cost.
//!
//! A submission is read and run request by request: parameters are bound straight from the request
//! buffer and completions written straight into one reused frame buffer, so a point query allocates
//! nothing once its statement is prepared.
use std::cell::RefCell;
use std::collections::HashMap;
use std::os::raw::c_int;

use rusqlite::{ffi, Connection, OpenFlags};

use super::codes::code_name;
use super::statement::{sqlite_error, Prepared};
use crate::completion::{self, S_BATCH, S_EXEC, S_ROWS};
use crate::error::{DbError, ErrorKind};
use crate::params::format_iso_date;
use crate::request::{
    define_sql, read_header, Header, SqlTable, OP_ACQUIRE, OP_BATCH, OP_COPY_INSERT, OP_DEFINE_SQL, OP_EXECUTE,
    OP_PANIC, OP_QUERY, OP_RELEASE, OP_SERVER_VERSION,
};
use crate::rows::{T_BYTES, T_F64, T_I32, T_I64, T_NULL, T_STR};
use crate::wire::Reader;

const FLAG_SAFE_INTEGERS: u8 = 1;
/// Prepared statements kept; past this they are all finalized and the cache starts again.
const MAX_STATEMENTS: usize = 1000;

pub struct Database {
    /// Declared before `conn`: every statement is finalized before the connection closes.
    statements: RefCell<HashMap<u32, Prepared>>,
    conn: Connection,
    handle: *mut ffi::sqlite3,
}

fn map_error(err: rusqlite::Error) -> DbError {
    match err {
        rusqlite::Error::SqliteFailure(e, message) => {
            let message = message.unwrap_or_else(|| e.to_string());
            DbError::new(ErrorKind::Query, Some(code_name(e.extended_code)), message)
        }
        other => DbError::new(ErrorKind::Query, None, other.to_string()),
    }
}

/// A bound parameter as it lies in the request buffer (params.rs tags), not copied out.
enum Value<'a> {
    Null,
    Real(f64),
    Int(i64),
    Text(&'a [u8]),
    Date(f64),
    Blob(&'a [u8]),
}

fn read_value<'a>(r: &mut Reader<'a>) -> Result<Value<'a>, DbError> {
    Ok(match r.u8()? {
        0 => Value::Null,
        1 => Value::Real(r.f64()?),
        // Text and big-int text (a bigint outside i64) both bind as text.
        2 | 4 => {
            let len = r.u32()? as usize;
            Value::Text(r.str(len)?.as_bytes())
        }
        3 => Value::Int(r.i64()?),
        5 => Value::Int(1),
        6 => Value::Int(0),
        7 => Value::Date(r.f64()?),
        8 => {
            let len = r.u32()? as usize;
            Value::Blob(r.bytes(len)?)
        }
        tag => return Err(DbError::internal(format!("unknown parameter tag {tag}"))),
    })
}

/// Where a frame starts, to patch its length in `close_frame` (completion.rs layout).
fn open_frame(out: &mut Vec<u8>, id: u32, status: u8) -> usize {
    let at = out.len();
    out.extend_from_slice(&id.to_le_bytes());
    out.push(status);
    out.extend_from_slice(&[0; 4]);
    at
}

fn close_frame(out: &mut [u8], at: usize) {
    let len = (out.len() - at - 9) as u32;
    out[at + 5..at + 9].copy_from_slice(&len.to_le_bytes());
}

fn patch_u32(out: &mut [u8], at: usize, v: u32) {
    out[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

/// Text of a result, with its length in UTF-16 code units (what JS slices by): invalid UTF-8 becomes
/// U+FFFD as in Node's Buffer#toString.
fn push_text(out: &mut Vec<u8>, strings: &mut Vec<u8>, bytes: &[u8]) {
    let units = if bytes.is_ascii() {
        strings.extend_from_slice(bytes);
        bytes.len()
    } else {
        let text = String::from_utf8_lossy(bytes);
        strings.extend_from_slice(text.as_bytes());
        text.encode_utf16().count()
    };
    out.push(T_STR);
    out.extend_from_slice(&(units as u32).to_le_bytes());
}

/// Reusable buffers of one submission: the frames, and the string section of the result being written.
#[derive(Default)]
pub struct Scratch {
    pub frames: Vec<u8>,
    strings: Vec<u8>,
}

/// A statement's run that failed in SQLite (its completion becomes an error) or a submission that
/// cannot be read at all (the whole call fails).
enum Failure {
    Db(DbError),
    Corrupt(DbError),
}

impl From<DbError> for Failure {
    fn from(e: DbError) -> Self {
        Failure::Db(e)
    }
}

impl Database {
    /// `mode`: ro, rw or rwc (creates the file), as the URL's `mode` parameter says.
    pub fn open(filename: &str, mode: &str, busy_timeout_ms: u32) -> Result<Database, DbError> {
        let access = match mode {
            "ro" => OpenFlags::SQLITE_OPEN_READ_ONLY,
            "rw" => OpenFlags::SQLITE_OPEN_READ_WRITE,
            _ => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        };
        let conn =
            Connection::open_with_flags(filename, access | OpenFlags::SQLITE_OPEN_NO_MUTEX).map_err(map_error)?;
        // Our own cache (by SQL id) holds the statements; rusqlite's only sees the pragmas below.
        conn.set_prepared_statement_cache_capacity(0);
        let pragma = |sql: &str| {
            conn.query_row(sql, [], |_| Ok(())).or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(()),
                other => Err(map_error(other)),
            })
        };
        // As the js executor: WAL lets other processes read during writes, NORMAL sync is safe with WAL.
        if filename != ":memory:" && mode != "ro" {
            pragma("PRAGMA journal_mode = WAL")?;
        }
        pragma("PRAGMA synchronous = NORMAL")?;
        pragma("PRAGMA foreign_keys = ON")?;
        conn.busy_timeout(std::time::Duration::from_millis(busy_timeout_ms as u64))
            .map_err(map_error)?;
        let handle = unsafe { conn.handle() };
        Ok(Database {
            statements: RefCell::new(HashMap::new()),
            conn,
            handle,
        })
    }

    pub fn in_transaction(&self) -> bool {
        !self.conn.is_autocommit()
    }

    pub fn max_params(&self) -> u32 {
        self.conn
            .limit(rusqlite::limits::Limit::SQLITE_LIMIT_VARIABLE_NUMBER)
            .unwrap_or(999)
            .max(0) as u32
    }

    /// Runs a whole submission (request.rs layout), appending one completion per request to
    /// `scratch.frames`. Fails only when the buffer cannot be read; SQLite errors become completions.
    pub fn run_all(&self, buf: &[u8], sql: &mut SqlTable, scratch: &mut Scratch) -> Result<(), DbError> {
        let mut r = Reader::new(buf);
        while !r.done() {
            let Header { op, id, flags, .. } = read_header(&mut r)?;
            match op {
                OP_DEFINE_SQL => {
                    if define_sql(&mut r, sql)? {
                        self.statements.borrow_mut().clear();
                    }
                }
                OP_QUERY | OP_EXECUTE => {
                    let at = scratch.frames.len();
                    let result = if op == OP_QUERY {
                        self.query(id, &mut r, flags, sql, scratch)
                    } else {
                        self.execute(id, &mut r, flags, sql, &mut scratch.frames)
                    };
                    self.settle(result, id, at, &mut scratch.frames)?;
                }
                OP_BATCH => {
                    let at = scratch.frames.len();
                    let result = self.batch(id, &mut r, sql, scratch);
                    self.settle(result, id, at, &mut scratch.frames)?;
                }
                OP_SERVER_VERSION => scratch
                    .frames
                    .extend_from_slice(&completion::text(id, &format!("SQLite {}", rusqlite::version()))),
                OP_PANIC => panic!("panic requested through the test hook"),
                OP_ACQUIRE | OP_RELEASE | OP_COPY_INSERT => {
                    if op == OP_COPY_INSERT {
                        // Read past the body so the requests after it stay in step.
                        crate::request::read_copy(&mut r)?;
                    }
                    scratch
                        .frames
                        .extend_from_slice(&completion::error(id, &DbError::internal("not a SQLite request")));
                }
                other => return Err(DbError::internal(format!("unknown request op {other}"))),
            }
        }
        Ok(())
    }

    /// A failed statement leaves an error completion in place of whatever it had begun to write.
    fn settle(&self, result: Result<(), Failure>, id: u32, at: usize, out: &mut Vec<u8>) -> Result<(), DbError> {
        match result {
            Ok(()) => Ok(()),
            Err(Failure::Db(err)) => {
                out.truncate(at);
                out.extend_from_slice(&completion::error(id, &err));
                Ok(())
            }
            Err(Failure::Corrupt(err)) => Err(err),
        }
    }

    /// Looks up (or prepares) the statement `sql_id` names and binds the parameters that follow it in
    /// `r`, always reading all of them so the next request starts where it should. Calls `run` with the
    /// bound statement; it is reset afterwards whatever happened.
    fn with_statement<T>(
        &self,
        r: &mut Reader,
        sql: &SqlTable,
        run: impl FnOnce(&mut Prepared) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        let sql_id = r.u32().map_err(Failure::Corrupt)?;
        let count = r.u16().map_err(Failure::Corrupt)? as usize;
        let text = sql
            .get(&sql_id)
            .ok_or_else(|| Failure::Corrupt(DbError::internal(format!("unknown SQL id {sql_id}"))))?;
        let mut statements = self.statements.borrow_mut();
        let cached = statements
            .get(&sql_id)
            .is_some_and(|p| std::sync::Arc::ptr_eq(&p.sql, text));
        if !cached {
            statements.remove(&sql_id);
            match unsafe { Prepared::prepare(self.handle, text.clone()) } {
                Ok(Some(prepared)) => {
                    if statements.len() >= MAX_STATEMENTS {
                        statements.clear();
                    }
                    statements.insert(sql_id, prepared);
                }
                Ok(None) => {
                    // As better-sqlite3 (the js executor) says it.
                    skip_values(r, count)?;
                    let message = "The supplied SQL string contains no statements";
                    return Err(Failure::Db(DbError::new(ErrorKind::Query, None, message)));
                }
                Err(err) => {
                    skip_values(r, count)?;
                    return Err(Failure::Db(err));
                }
            }
        }
        let prepared = statements.get_mut(&sql_id).expect("just inserted");
        let st = prepared.raw();
        // Reset and unbound however this ends (a panic included): a statement left mid-step would hold
        // its read transaction open.
        let _reset = ResetOnDrop(st);
        let expected = unsafe { ffi::sqlite3_bind_parameter_count(st) } as usize;
        if expected != count {
            skip_values(r, count)?;
            let message = format!("the statement takes {expected} parameters but {count} were given");
            return Err(Failure::Db(DbError::new(
                ErrorKind::Query,
                Some("SQLITE_RANGE".into()),
                message,
            )));
        }
        let mut bind_error = None;
        for i in 1..=count as c_int {
            let value = read_value(r).map_err(Failure::Corrupt)?;
            if bind_error.is_some() {
                continue;
            }
            let rc = unsafe { bind(st, i, &value) };
            if rc != ffi::SQLITE_OK {
                bind_error = Some(unsafe { sqlite_error(self.handle, rc) });
            }
        }
        match bind_error {
            Some(err) => Err(Failure::Db(err)),
            None => run(prepared),
        }
    }

    fn step(&self, st: *mut ffi::sqlite3_stmt) -> Result<bool, Failure> {
        match unsafe { ffi::sqlite3_step(st) } {
            ffi::SQLITE_ROW => Ok(true),
            ffi::SQLITE_DONE => Ok(false),
            rc => Err(Failure::Db(unsafe { sqlite_error(self.handle, rc) })),
        }
    }

    fn query(&self, id: u32, r: &mut Reader, flags: u8, sql: &SqlTable, scratch: &mut Scratch) -> Result<(), Failure> {
        let at = open_frame(&mut scratch.frames, id, S_ROWS);
        self.rows(r, flags, sql, scratch)?;
        close_frame(&mut scratch.frames, at);
        Ok(())
    }

    /// One result set (rows.rs layout) appended to `scratch.frames`.
    fn rows(&self, r: &mut Reader, flags: u8, sql: &SqlTable, scratch: &mut Scratch) -> Result<(), Failure> {
        let safe_integers = flags & FLAG_SAFE_INTEGERS != 0;
        let Scratch { frames: out, strings } = scratch;
        self.with_statement(r, sql, |prepared| {
            let st = prepared.raw();
            // The first step re-prepares a statement whose schema changed: read the columns after it.
            let mut more = self.step(st)?;
            out.extend_from_slice(prepared.header());
            let columns = unsafe { ffi::sqlite3_column_count(st) };
            let counts = out.len();
            out.extend_from_slice(&[0; 8]);
            strings.clear();
            let mut rows = 0u32;
            while more {
                for i in 0..columns {
                    unsafe { write_value(out, strings, st, i, safe_integers) };
                }
                rows += 1;
                more = self.step(st)?;
            }
            let body = (out.len() - counts - 8) as u32;
            patch_u32(out, counts, rows);
            patch_u32(out, counts + 4, body);
            out.extend_from_slice(&(strings.len() as u32).to_le_bytes());
            out.extend_from_slice(strings);
            Ok(())
        })
    }

    /// As the js executor: a statement returning rows (RETURNING) counts them; an INSERT/REPLACE that
    /// wrote rows reports the last rowid; a statement that changed nothing reports 0.
    fn execute(&self, id: u32, r: &mut Reader, flags: u8, sql: &SqlTable, out: &mut Vec<u8>) -> Result<(), Failure> {
        let db = self.handle;
        let before = unsafe { ffi::sqlite3_total_changes64(db) };
        let (rows_affected, insert_id) = self.with_statement(r, sql, |prepared| {
            let st = prepared.raw();
            let mut returned = 0u64;
            while self.step(st)? {
                returned += 1;
            }
            if unsafe { ffi::sqlite3_column_count(st) } > 0 {
                return Ok((returned, None));
            }
            let changed = unsafe { ffi::sqlite3_total_changes64(db) } != before;
            let rows_affected = if changed {
                (unsafe { ffi::sqlite3_changes64(db) }) as u64
            } else {
                0
            };
            let rowid = unsafe { ffi::sqlite3_last_insert_rowid(db) };
            Ok((rows_affected, (prepared.inserts && rows_affected > 0).then_some(rowid)))
        })?;
        let at = open_frame(out, id, S_EXEC);
        out.extend_from_slice(&(rows_affected as f64).to_le_bytes());
        match insert_id {
            None => out.extend_from_slice(&[0; 9]),
            Some(rowid) if flags & FLAG_SAFE_INTEGERS != 0 => {
                out.push(2);
                out.extend_from_slice(&rowid.to_le_bytes());
            }
            Some(rowid) => {
                out.push(1);
                out.extend_from_slice(&(rowid as f64).to_le_bytes());
            }
        }
        close_frame(out, at);
        Ok(())
    }

    /// Runs the statements in order and stops at the first error, which then answers for the batch;
    /// the statements after it are read but not run.
    fn batch(&self, id: u32, r: &mut Reader, sql: &SqlTable, scratch: &mut Scratch) -> Result<(), Failure> {
        let count = r.u16().map_err(Failure::Corrupt)? as usize;
        let at = open_frame(&mut scratch.frames, id, S_BATCH);
        scratch.frames.extend_from_slice(&(count as u32).to_le_bytes());
        let mut failed = None;
        for _ in 0..count {
            let flags = r.u8().map_err(Failure::Corrupt)?;
            if failed.is_some() {
                let _sql_id = r.u32().map_err(Failure::Corrupt)?;
                let n = r.u16().map_err(Failure::Corrupt)? as usize;
                skip_values(r, n)?;
                continue;
            }
            let len_at = scratch.frames.len();
            scratch.frames.extend_from_slice(&[0; 4]);
            match self.rows(r, flags, sql, scratch) {
                Ok(()) => {
                    let len = (scratch.frames.len() - len_at - 4) as u32;
                    patch_u32(&mut scratch.frames, len_at, len);
                }
                Err(Failure::Db(err)) => failed = Some(err),
                Err(corrupt) => return Err(corrupt),
            }
        }
        if let Some(err) = failed {
            return Err(Failure::Db(err));
        }
        close_frame(&mut scratch.frames, at);
        Ok(())
    }
}

struct ResetOnDrop(*mut ffi::sqlite3_stmt);

impl Drop for ResetOnDrop {
    fn drop(&mut self) {
        unsafe {
            ffi::sqlite3_reset(self.0);
            ffi::sqlite3_clear_bindings(self.0);
        }
    }
}

fn skip_values(r: &mut Reader, count: usize) -> Result<(), Failure> {
    for _ in 0..count {
        read_value(r).map_err(Failure::Corrupt)?;
    }
    Ok(())
}

/// # Safety
/// `st` must be a live statement and `i` one of its parameter indexes.
unsafe fn bind(st: *mut ffi::sqlite3_stmt, i: c_int, value: &Value) -> c_int {
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
unsafe fn bind_text(st: *mut ffi::sqlite3_stmt, i: c_int, t: &[u8]) -> c_int {
    if t.len() > i32::MAX as usize {
        return ffi::SQLITE_TOOBIG;
    }
    unsafe { ffi::sqlite3_bind_text(st, i, t.as_ptr().cast(), t.len() as c_int, ffi::SQLITE_TRANSIENT()) }
}

/// Appends column `i` of the current row as a tagged value (rows.rs tags).
///
/// # Safety
/// `st` must be a statement positioned on a row, with `i` below its column count.
unsafe fn write_value(
    out: &mut Vec<u8>,
    strings: &mut Vec<u8>,
    st: *mut ffi::sqlite3_stmt,
    i: c_int,
    safe_integers: bool,
) {
    unsafe {
        match ffi::sqlite3_column_type(st, i) {
            ffi::SQLITE_INTEGER => {
                let n = ffi::sqlite3_column_int64(st, i);
                if safe_integers {
                    out.push(T_I64);
                    out.extend_from_slice(&n.to_le_bytes());
                } else if let Ok(small) = i32::try_from(n) {
                    out.push(T_I32);
                    out.extend_from_slice(&small.to_le_bytes());
                } else {
                    out.push(T_F64);
                    out.extend_from_slice(&(n as f64).to_le_bytes());
                }
            }
            ffi::SQLITE_FLOAT => {
                out.push(T_F64);
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
                out.push(T_BYTES);
                out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
                out.extend_from_slice(bytes);
            }
            _ => out.push(T_NULL),
        }
    }
}

//! A submission run request by request (request.rs layout), one completion appended per request:
//! parameters are bound straight from the request buffer and results written straight into one reused
//! frame buffer, so a point query allocates nothing once its statement is prepared. A statement that
//! fails in SQLite answers with an error completion; only a buffer that cannot be read fails the call.
use std::os::raw::c_int;
use std::sync::Arc;

use rusqlite::ffi;

use super::bind::{bind, read_value, skip_values};
use super::database::Database;
use super::errors::sqlite_error;
use super::results::{patch_u32, write_value, Scratch};
use super::statement::Prepared;
use crate::completion::{self, close_frame, open_frame};
use crate::error::{DbError, ErrorKind};
use crate::limits::result_too_large;
use crate::request::{define_sql, read_copy, read_header, Header, SqlTable};
use crate::wire::Reader;
use crate::wire_codes::{flag, insert_id, op, status};

/// Prepared statements kept; past this they are all finalized and the cache starts again.
const MAX_STATEMENTS: usize = 1000;

/// A statement's run that failed in SQLite (its completion becomes an error) or a submission that
/// cannot be read at all (the whole call fails).
pub enum Failure {
    Db(DbError),
    Corrupt(DbError),
}

impl From<DbError> for Failure {
    fn from(e: DbError) -> Self {
        Failure::Db(e)
    }
}

/// Resets a statement and clears its bindings when dropped.
struct ResetOnDrop(*mut ffi::sqlite3_stmt);

impl ResetOnDrop {
    /// # Safety
    /// `st` must be a live statement that outlives the guard.
    unsafe fn new(st: *mut ffi::sqlite3_stmt) -> Self {
        ResetOnDrop(st)
    }
}

impl Drop for ResetOnDrop {
    fn drop(&mut self) {
        // SAFETY: `new`'s contract: the statement is still live. Reset and clear_bindings accept a
        // statement in any state, and their result codes only repeat errors already reported.
        unsafe {
            ffi::sqlite3_reset(self.0);
            ffi::sqlite3_clear_bindings(self.0);
        }
    }
}

impl Database {
    /// Runs a whole submission, appending one completion per request to `scratch.frames`. Fails only
    /// when the buffer cannot be read; SQLite errors become completions.
    pub fn run_all(&self, buf: &[u8], sql: &mut SqlTable, scratch: &mut Scratch) -> Result<(), DbError> {
        let mut r = Reader::new(buf);
        while !r.done() {
            let Header { op, id, flags, .. } = read_header(&mut r)?;
            match op {
                op::DEFINE_SQL => {
                    if define_sql(&mut r, sql)? {
                        self.statements.borrow_mut().clear();
                    }
                }
                op::QUERY | op::EXECUTE => {
                    let at = scratch.frames.len();
                    let result = if op == op::QUERY {
                        self.query(id, &mut r, flags, sql, scratch)
                    } else {
                        self.execute(id, &mut r, flags, sql, &mut scratch.frames)
                    };
                    self.settle(result, id, at, &mut scratch.frames)?;
                }
                op::BATCH => {
                    let at = scratch.frames.len();
                    let result = self.batch(id, &mut r, sql, scratch);
                    self.settle(result, id, at, &mut scratch.frames)?;
                }
                op::SERVER_VERSION => scratch
                    .frames
                    .extend_from_slice(&completion::text(id, &format!("SQLite {}", rusqlite::version()))),
                #[cfg(feature = "test-hooks")]
                op::PANIC => panic!("panic requested through the test hook"),
                op::STREAM_OPEN | op::STREAM_NEXT | op::STREAM_CLOSE => {
                    let at = scratch.frames.len();
                    let result = self.stream_request(op, id, &mut r, flags, sql, scratch);
                    self.settle(result, id, at, &mut scratch.frames)?;
                }
                op::ACQUIRE | op::RELEASE | op::COPY_INSERT => {
                    if op == op::COPY_INSERT {
                        // Read past the body so the requests after it stay in step.
                        read_copy(&mut r)?;
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
        let cached = statements.get(&sql_id).is_some_and(|p| Arc::ptr_eq(&p.sql, text));
        if !cached {
            statements.remove(&sql_id);
            // SAFETY: `self.handle` is this database's open connection, and the statement is kept in
            // `self.statements`, which is dropped before the connection closes (database.rs).
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
        // SAFETY: `st` belongs to `prepared`, which stays in the cache until after the guard drops: the
        // guard is declared after the cache's borrow, and `run` only gets the one statement, not the map.
        let _reset = unsafe { ResetOnDrop::new(st) };
        self.bind_all(st, r, count)?;
        run(prepared)
    }

    /// Binds the `count` parameters that follow in `r` to `st`, reading all of them whatever happens
    /// so the next request starts where it should.
    pub(super) fn bind_all(&self, st: *mut ffi::sqlite3_stmt, r: &mut Reader, count: usize) -> Result<(), Failure> {
        // SAFETY: `st` is a live statement of this connection (every caller's).
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
            // SAFETY: `st` is live and `i` runs over 1..=count, count being its parameter count.
            let rc = unsafe { bind(st, i, &value) };
            if rc != ffi::SQLITE_OK {
                // SAFETY: `self.handle` is this database's open connection.
                bind_error = Some(unsafe { sqlite_error(self.handle, rc) });
            }
        }
        match bind_error {
            Some(err) => Err(Failure::Db(err)),
            None => Ok(()),
        }
    }

    /// Advances the statement: true when it is on a row.
    pub(super) fn step(&self, prepared: &Prepared) -> Result<bool, Failure> {
        // SAFETY: a `Prepared` owns a live statement of this database's connection.
        match unsafe { ffi::sqlite3_step(prepared.raw()) } {
            ffi::SQLITE_ROW => Ok(true),
            ffi::SQLITE_DONE => Ok(false),
            // SAFETY: `self.handle` is this database's open connection.
            rc => Err(Failure::Db(unsafe { sqlite_error(self.handle, rc) })),
        }
    }

    fn query(&self, id: u32, r: &mut Reader, flags: u8, sql: &SqlTable, scratch: &mut Scratch) -> Result<(), Failure> {
        let at = open_frame(&mut scratch.frames, id, status::ROWS);
        self.rows(r, flags, sql, scratch)?;
        close_frame(&mut scratch.frames, at)?;
        Ok(())
    }

    /// One result set (rows.rs layout) appended to `scratch.frames`.
    pub(super) fn rows(&self, r: &mut Reader, flags: u8, sql: &SqlTable, scratch: &mut Scratch) -> Result<(), Failure> {
        let safe_integers = flags & flag::SAFE_INTEGERS != 0;
        self.with_statement(r, sql, |prepared| {
            self.write_rows(prepared, scratch, safe_integers, u32::MAX).map(|_| ())
        })
    }

    /// Steps `prepared` through at most `limit` rows, written as one result set; true when the
    /// statement has no rows left. Fails once the submission's frames outgrow `max_result`.
    pub(super) fn write_rows(
        &self,
        prepared: &mut Prepared,
        scratch: &mut Scratch,
        safe_integers: bool,
        limit: u32,
    ) -> Result<bool, Failure> {
        let Scratch { frames: out, strings } = scratch;
        // The first step re-prepares a statement whose schema changed: read the columns after it.
        let mut more = limit > 0 && self.step(prepared)?;
        out.extend_from_slice(prepared.header());
        let st = prepared.raw();
        // SAFETY: `prepared` owns a live statement.
        let columns = unsafe { ffi::sqlite3_column_count(st) };
        let counts = out.len();
        out.extend_from_slice(&[0; 8]);
        strings.clear();
        let mut rows = 0u32;
        while more {
            for i in 0..columns {
                // SAFETY: `st` is live and the last step returned SQLITE_ROW, so it is on a row;
                // `i` is below the column count read after the first step, the only step that
                // may re-prepare the statement.
                unsafe { write_value(out, strings, st, i, safe_integers) };
            }
            rows += 1;
            if out.len() + strings.len() > self.max_result {
                return Err(Failure::Db(result_too_large(self.max_result)));
            }
            if rows == limit {
                break;
            }
            more = self.step(prepared)?;
        }
        // Under max_result (at most 1 GiB), so both lengths fit their u32.
        let body = (out.len() - counts - 8) as u32;
        patch_u32(out, counts, rows);
        patch_u32(out, counts + 4, body);
        out.extend_from_slice(&(strings.len() as u32).to_le_bytes());
        out.extend_from_slice(strings);
        Ok(!more)
    }

    /// As the js executor: a statement returning rows (RETURNING) counts them; an INSERT/REPLACE that
    /// wrote rows reports the last rowid; a statement that changed nothing reports 0.
    fn execute(&self, id: u32, r: &mut Reader, flags: u8, sql: &SqlTable, out: &mut Vec<u8>) -> Result<(), Failure> {
        let db = self.handle;
        // SAFETY: `db` is this database's open connection.
        let before = unsafe { ffi::sqlite3_total_changes64(db) };
        let (rows_affected, last_rowid) = self.with_statement(r, sql, |prepared| {
            let mut returned = 0u64;
            while self.step(prepared)? {
                returned += 1;
            }
            // SAFETY: a `Prepared` owns a live statement of this database's connection.
            if unsafe { ffi::sqlite3_column_count(prepared.raw()) } > 0 {
                return Ok((returned, None));
            }
            // SAFETY: `db` is this database's open connection.
            let changed = unsafe { ffi::sqlite3_total_changes64(db) } != before;
            let rows_affected = if changed {
                // SAFETY: `db` is this database's open connection.
                (unsafe { ffi::sqlite3_changes64(db) }) as u64
            } else {
                0
            };
            // SAFETY: `db` is this database's open connection.
            let rowid = unsafe { ffi::sqlite3_last_insert_rowid(db) };
            Ok((rows_affected, (prepared.inserts && rows_affected > 0).then_some(rowid)))
        })?;
        let at = open_frame(out, id, status::EXEC);
        out.extend_from_slice(&(rows_affected as f64).to_le_bytes());
        match last_rowid {
            None => {
                out.push(insert_id::NONE);
                out.extend_from_slice(&[0; 8]);
            }
            Some(rowid) if flags & flag::SAFE_INTEGERS != 0 => {
                out.push(insert_id::BIG_INT);
                out.extend_from_slice(&rowid.to_le_bytes());
            }
            Some(rowid) => {
                out.push(insert_id::NUMBER);
                out.extend_from_slice(&(rowid as f64).to_le_bytes());
            }
        }
        close_frame(out, at)?;
        Ok(())
    }
}

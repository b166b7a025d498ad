//! The SQLite connection: opened through rusqlite (access mode, pragmas, busy timeout) and closed when
//! the `Database` is dropped, after every statement prepared on it. Everything runs synchronously on
//! the JS thread: an embedded database answers faster than any hop to another thread would cost.
use std::cell::RefCell;
use std::collections::HashMap;

use rusqlite::{ffi, Connection, OpenFlags};

use super::errors::map_error;
use super::statement::Prepared;
use crate::error::DbError;

/// A statement part-way through its rows (QuerySet.iterator), by the id of the request that opened it.
pub(super) struct Stream {
    pub prepared: Prepared,
    pub safe_integers: bool,
}

pub struct Database {
    /// Prepared statements by SQL id (run.rs). Declared before `conn`: fields drop in order, so every
    /// statement is finalized before the connection closes.
    pub(super) statements: RefCell<HashMap<u32, Prepared>>,
    /// Open streams (stream.rs), finalized before the connection closes for the same reason.
    pub(super) streams: RefCell<HashMap<u32, Stream>>,
    /// The most bytes one submission's completions may take (RESULT_TOO_LARGE past it).
    pub(super) max_result: usize,
    conn: Connection,
    /// `conn`'s own handle, for the C API calls; valid as long as `conn` (so as `self`). Being a raw
    /// pointer it also keeps `Database` off other threads (!Send), as SQLITE_OPEN_NO_MUTEX requires.
    pub(super) handle: *mut ffi::sqlite3,
}

impl Database {
    /// `mode`: ro, rw or rwc (creates the file), as the URL's `mode` parameter says.
    pub fn open(filename: &str, mode: &str, busy_timeout_ms: u32, max_result: usize) -> Result<Database, DbError> {
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
        // SAFETY: rusqlite marks raw access unsafe because what is done with the handle could break the
        // `Connection`. Ours only prepares, binds, steps, resets and finalizes statements and reads
        // errors and change counts: it never closes the handle or changes its configuration, every
        // statement is finalized before `conn` closes (field order above), and `Database` stays on
        // this thread.
        let handle = unsafe { conn.handle() };
        Ok(Database {
            statements: RefCell::new(HashMap::new()),
            streams: RefCell::new(HashMap::new()),
            max_result,
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
}

//! The JS-facing SQLite handle: each call runs its requests at once and returns their completions.
use std::cell::RefCell;

use napi::bindgen_prelude::Uint8ArraySlice;
use napi::{Error, Result, Status};
use napi_derive::napi;

use crate::client::to_napi;
use crate::request::{read_requests, SqlTable};
use crate::sqlite::database::Database;

#[napi]
pub struct NativeSqlite {
    db: RefCell<Option<Database>>,
    sql: RefCell<SqlTable>,
    overflow: RefCell<Vec<u8>>,
}

#[napi]
impl NativeSqlite {
    /// Fails with the SQLite result code name (e.g. SQLITE_CANTOPEN) as the error's `code`.
    #[napi(constructor)]
    pub fn new(filename: String, mode: String, busy_timeout_ms: u32) -> Result<Self> {
        let db = Database::open(&filename, &mode, busy_timeout_ms)
            .map_err(|e| Error::new(Status::GenericFailure, format!("{}: {}", e.db_code.unwrap_or_default(), e.message)))?;
        Ok(NativeSqlite { db: RefCell::new(Some(db)), sql: RefCell::new(SqlTable::new()), overflow: RefCell::new(Vec::new()) })
    }

    /// Runs the requests and writes their completions into `out` (JS reuses one buffer): returns the
    /// bytes written, or minus the size needed, the completions then waiting for `take_overflow`.
    #[napi(catch_unwind)]
    pub fn run(&self, requests: &[u8], length: u32, mut out: Uint8ArraySlice) -> Result<i64> {
        let requests = requests.get(..length as usize).ok_or_else(|| Error::new(Status::InvalidArg, "length past the buffer"))?;
        // Sound: the call is synchronous and JS touches the buffer only after it returns.
        let out = unsafe { out.as_mut() };
        let parsed = read_requests(requests, &mut self.sql.borrow_mut()).map_err(to_napi)?;
        let db = self.db.borrow();
        let db = db.as_ref().ok_or_else(|| Error::new(Status::GenericFailure, "the SQLite database is closed"))?;
        let mut frames = Vec::new();
        for request in parsed {
            db.run(request, &mut frames);
        }
        if frames.len() <= out.len() {
            out[..frames.len()].copy_from_slice(&frames);
            return Ok(frames.len() as i64);
        }
        let needed = frames.len() as i64;
        *self.overflow.borrow_mut() = frames;
        Ok(-needed)
    }

    /// The completions the last `run` could not fit; `out` must be as large as it said.
    #[napi]
    pub fn take_overflow(&self, mut out: Uint8ArraySlice) -> u32 {
        let out = unsafe { out.as_mut() };
        let frames = std::mem::take(&mut *self.overflow.borrow_mut());
        let n = frames.len().min(out.len());
        out[..n].copy_from_slice(&frames[..n]);
        n as u32
    }

    #[napi]
    pub fn in_transaction(&self) -> bool {
        self.db.borrow().as_ref().is_some_and(|db| db.in_transaction())
    }

    #[napi]
    pub fn max_params(&self) -> u32 {
        self.db.borrow().as_ref().map_or(0, |db| db.max_params())
    }

    #[napi]
    pub fn close(&self) {
        self.db.borrow_mut().take();
    }
}

//! The JS-facing SQLite handle: each call runs its requests at once and returns their completions.
use std::cell::RefCell;

use napi::bindgen_prelude::Unknown;
use napi::{Env, Error, Result, Status};

use crate::js_bytes::bytes_mut;
use napi_derive::napi;

use crate::client::to_napi;
use crate::request::{read_requests, SqlTable};
use crate::sqlite::database::Database;

#[napi]
pub struct NativeSqlite {
    db: RefCell<Option<Database>>,
    sql: RefCell<SqlTable>,
    overflow: RefCell<Vec<u8>>,
    /// Reused between calls so a small statement allocates no frame buffer.
    frames: RefCell<Vec<u8>>,
}

#[napi]
impl NativeSqlite {
    /// Fails with the SQLite result code name (e.g. SQLITE_CANTOPEN) as the error's `code`.
    #[napi(constructor)]
    pub fn new(filename: String, mode: String, busy_timeout_ms: u32) -> Result<Self> {
        let db = Database::open(&filename, &mode, busy_timeout_ms).map_err(|e| {
            Error::new(
                Status::GenericFailure,
                format!("{}: {}", e.db_code.unwrap_or_default(), e.message),
            )
        })?;
        Ok(NativeSqlite {
            db: RefCell::new(Some(db)),
            sql: RefCell::new(SqlTable::new()),
            overflow: RefCell::new(Vec::new()),
            frames: RefCell::new(Vec::new()),
        })
    }

    /// Runs the requests and writes their completions into `out` (JS reuses one buffer): returns the
    /// bytes written, or minus the size needed, the completions then waiting for `take_overflow`.
    #[napi(catch_unwind, ts_args_type = "requests: Uint8Array, length: number, out: Uint8Array")]
    pub fn run(&self, env: Env, requests: Unknown, length: u32, out: Unknown) -> Result<i64> {
        let requests = unsafe { bytes_mut(&env, &requests)? };
        let requests = requests
            .get(..length as usize)
            .ok_or_else(|| Error::new(Status::InvalidArg, "length past the buffer"))?;
        let out = unsafe { bytes_mut(&env, &out)? };
        let parsed = read_requests(requests, &mut self.sql.borrow_mut()).map_err(to_napi)?;
        let db = self.db.borrow();
        let db = db
            .as_ref()
            .ok_or_else(|| Error::new(Status::GenericFailure, "the SQLite database is closed"))?;
        let mut frames = std::mem::take(&mut *self.frames.borrow_mut());
        frames.clear();
        for request in parsed {
            db.run(request, &mut frames);
        }
        if frames.len() <= out.len() {
            out[..frames.len()].copy_from_slice(&frames);
            let written = frames.len() as i64;
            *self.frames.borrow_mut() = frames;
            return Ok(written);
        }
        let needed = frames.len() as i64;
        *self.overflow.borrow_mut() = frames;
        Ok(-needed)
    }

    /// The completions the last `run` could not fit; `out` must be as large as it said.
    #[napi(ts_args_type = "out: Uint8Array")]
    pub fn take_overflow(&self, env: Env, out: Unknown) -> Result<u32> {
        let out = unsafe { bytes_mut(&env, &out)? };
        let frames = std::mem::take(&mut *self.overflow.borrow_mut());
        let n = frames.len().min(out.len());
        out[..n].copy_from_slice(&frames[..n]);
        Ok(n as u32)
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

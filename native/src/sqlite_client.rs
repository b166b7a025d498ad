//! The JS-facing SQLite handle: each call runs its requests at once and returns their completions.
use std::cell::RefCell;

use napi::bindgen_prelude::Buffer;
use napi::{Error, Result, Status};
use napi_derive::napi;

use crate::client::to_napi;
use crate::request::{read_requests, SqlTable};
use crate::sqlite::database::Database;

#[napi]
pub struct NativeSqlite {
    db: RefCell<Option<Database>>,
    sql: RefCell<SqlTable>,
}

#[napi]
impl NativeSqlite {
    /// Fails with the SQLite result code name (e.g. SQLITE_CANTOPEN) as the error's `code`.
    #[napi(constructor)]
    pub fn new(filename: String, mode: String, busy_timeout_ms: u32) -> Result<Self> {
        let db = Database::open(&filename, &mode, busy_timeout_ms)
            .map_err(|e| Error::new(Status::GenericFailure, format!("{}: {}", e.db_code.unwrap_or_default(), e.message)))?;
        Ok(NativeSqlite { db: RefCell::new(Some(db)), sql: RefCell::new(SqlTable::new()) })
    }

    #[napi(catch_unwind)]
    pub fn run(&self, requests: Buffer) -> Result<Buffer> {
        let parsed = read_requests(&requests, &mut self.sql.borrow_mut()).map_err(to_napi)?;
        let db = self.db.borrow();
        let db = db.as_ref().ok_or_else(|| Error::new(Status::GenericFailure, "the SQLite database is closed"))?;
        let mut out = Vec::new();
        for request in parsed {
            out.extend_from_slice(&db.run(request));
        }
        Ok(Buffer::from(out))
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

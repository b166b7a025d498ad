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
    #[napi(constructor)]
    pub fn new(filename: String) -> Result<Self> {
        let db = Database::open(&filename).map_err(to_napi)?;
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
    pub fn close(&self) {
        self.db.borrow_mut().take();
    }
}

//! Streams (QuerySet.iterator): a statement prepared for the stream alone, stepped a chunk of rows per
//! request, so memory holds one chunk whatever the result's size. SQLite lets other statements run on
//! the connection between chunks.
use std::sync::Arc;

use super::database::{Database, Stream};
use super::results::Scratch;
use super::run::Failure;
use super::statement::Prepared;
use crate::completion::{self, close_frame, open_frame};
use crate::error::{DbError, ErrorKind};
use crate::request::SqlTable;
use crate::wire::Reader;
use crate::wire_codes::{flag, op, status};

impl Database {
    /// STREAM_OPEN answers DONE once the statement is prepared and bound; STREAM_NEXT answers one
    /// result set of at most the rows asked (fewer: the stream is over and finalized); STREAM_CLOSE
    /// finalizes a stream stopped early.
    pub(super) fn stream_request(
        &self,
        op: u8,
        id: u32,
        r: &mut Reader,
        flags: u8,
        sql: &SqlTable,
        scratch: &mut Scratch,
    ) -> Result<(), Failure> {
        match op {
            op::STREAM_OPEN => {
                self.open_stream(id, r, flags, sql)?;
                scratch.frames.extend_from_slice(&completion::done(id));
            }
            op::STREAM_NEXT => {
                let stream = r.u32().map_err(Failure::Corrupt)?;
                let count = r.u32().map_err(Failure::Corrupt)?;
                self.next_rows(id, stream, count, scratch)?;
            }
            _ => {
                let stream = r.u32().map_err(Failure::Corrupt)?;
                self.streams.borrow_mut().remove(&stream);
                scratch.frames.extend_from_slice(&completion::done(id));
            }
        }
        Ok(())
    }

    fn open_stream(&self, id: u32, r: &mut Reader, flags: u8, sql: &SqlTable) -> Result<(), Failure> {
        let sql_id = r.u32().map_err(Failure::Corrupt)?;
        let count = r.u16().map_err(Failure::Corrupt)? as usize;
        let text: Arc<str> = sql
            .get(&sql_id)
            .cloned()
            .ok_or_else(|| Failure::Corrupt(DbError::internal(format!("unknown SQL id {sql_id}"))))?;
        // Not the cached statement: the cache's may run again (another query of the same text) while
        // this one is part-way through its rows.
        // SAFETY: `self.handle` is this database's open connection, and the statement is kept in
        // `self.streams`, which is dropped before the connection closes (database.rs).
        let prepared = match unsafe { Prepared::prepare(self.handle, text) } {
            Ok(Some(prepared)) => prepared,
            Ok(None) => {
                super::bind::skip_values(r, count)?;
                let message = "The supplied SQL string contains no statements";
                return Err(Failure::Db(DbError::new(ErrorKind::Query, None, message)));
            }
            Err(err) => {
                super::bind::skip_values(r, count)?;
                return Err(Failure::Db(err));
            }
        };
        // SAFETY: `prepared` owns a live statement of this connection.
        let expected = unsafe { rusqlite::ffi::sqlite3_bind_parameter_count(prepared.raw()) } as usize;
        if expected != count {
            super::bind::skip_values(r, count)?;
            let message = format!("the statement takes {expected} parameters but {count} were given");
            return Err(Failure::Db(DbError::new(
                ErrorKind::Query,
                Some("SQLITE_RANGE".into()),
                message,
            )));
        }
        self.bind_all(prepared.raw(), r, count)?;
        let safe_integers = flags & flag::SAFE_INTEGERS != 0;
        self.streams.borrow_mut().insert(
            id,
            Stream {
                prepared,
                safe_integers,
            },
        );
        Ok(())
    }

    fn next_rows(&self, id: u32, stream: u32, count: u32, scratch: &mut Scratch) -> Result<(), Failure> {
        let mut streams = self.streams.borrow_mut();
        let open = streams
            .get_mut(&stream)
            .ok_or_else(|| Failure::Db(DbError::usage("this stream is closed")))?;
        let at = open_frame(&mut scratch.frames, id, status::ROWS);
        let written = self.write_rows(&mut open.prepared, scratch, open.safe_integers, count.max(1));
        // A failed or finished stream is finalized at once: a statement left part-way would keep its
        // read transaction open.
        match written {
            Ok(false) => {}
            Ok(true) | Err(_) => {
                streams.remove(&stream);
            }
        }
        written?;
        close_frame(&mut scratch.frames, at)?;
        Ok(())
    }
}

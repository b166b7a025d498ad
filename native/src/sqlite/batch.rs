//! OP_BATCH on SQLite: the statements run in order into one batch frame, one result set each, and
//! the first error answers for the whole batch.
use super::bind::skip_values;
use super::database::Database;
use super::results::{patch_u32, Scratch};
use super::run::Failure;
use crate::completion::{close_frame, open_frame};
use crate::request::SqlTable;
use crate::wire::Reader;
use crate::wire_codes::status;

impl Database {
    /// Runs the statements in order and stops at the first error, which then answers for the batch;
    /// the statements after it are read but not run.
    pub(super) fn batch(&self, id: u32, r: &mut Reader, sql: &SqlTable, scratch: &mut Scratch) -> Result<(), Failure> {
        let count = r.u16().map_err(Failure::Corrupt)? as usize;
        let at = open_frame(&mut scratch.frames, id, status::BATCH);
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
        close_frame(&mut scratch.frames, at)?;
        Ok(())
    }
}

//! Frames one finished request for JS: `u32 id, u8 status, u32 payload length, payload`.
use crate::error::DbError;
use crate::limits::wire_u32;
use crate::rows::RowsWriter;
use crate::spare_buffers;
use crate::wire_codes::{insert_id, status};

pub enum InsertId {
    Number(f64),
    BigInt(i64),
    BigUnsigned(u64),
}

/// Past 2^53 a double would silently name another row: such ids cross as bigints, as the js executor gives them.
const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

impl InsertId {
    pub fn from_u64(id: u64) -> InsertId {
        if id <= MAX_SAFE_INTEGER {
            InsertId::Number(id as f64)
        } else if let Ok(signed) = i64::try_from(id) {
            InsertId::BigInt(signed)
        } else {
            InsertId::BigUnsigned(id)
        }
    }
}

pub struct ExecOutcome {
    pub rows_affected: u64,
    pub insert_id: Option<InsertId>,
}

/// Frames built here are small (exec outcomes, texts, errors that cut their messages): their lengths fit.
fn begin(id: u32, status: u8, capacity: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(9 + capacity);
    open_frame(&mut out, id, status);
    out
}

/// Starts a frame at the end of `out`, returning where it starts (for `close_frame`).
#[inline]
pub fn open_frame(out: &mut Vec<u8>, id: u32, status: u8) -> usize {
    let at = out.len();
    out.extend_from_slice(&id.to_le_bytes());
    out.push(status);
    out.extend_from_slice(&[0, 0, 0, 0]);
    at
}

/// Writes the payload length of the frame that starts at `at` and runs to the end of `out`.
#[inline]
pub fn close_frame(out: &mut [u8], at: usize) -> Result<(), DbError> {
    let len = wire_u32(out.len() - at - 9, "a completion")?;
    out[at + 5..at + 9].copy_from_slice(&len.to_le_bytes());
    Ok(())
}

fn end(mut out: Vec<u8>) -> Vec<u8> {
    let len = (out.len() - 9) as u32;
    out[5..9].copy_from_slice(&len.to_le_bytes());
    out
}

pub fn rows(id: u32, rows: RowsWriter) -> Result<Vec<u8>, DbError> {
    let mut out = spare_buffers::take(0);
    let at = open_frame(&mut out, id, status::ROWS);
    rows.finish(&mut out)?;
    close_frame(&mut out, at)?;
    Ok(out)
}

pub fn batch(id: u32, results: Vec<RowsWriter>) -> Result<Vec<u8>, DbError> {
    let mut out = Vec::new();
    let frame = open_frame(&mut out, id, status::BATCH);
    out.extend_from_slice(&wire_u32(results.len(), "a batch")?.to_le_bytes());
    for rows in results {
        let at = out.len();
        out.extend_from_slice(&[0, 0, 0, 0]);
        rows.finish(&mut out)?;
        let len = wire_u32(out.len() - at - 4, "a batch's result")?;
        out[at..at + 4].copy_from_slice(&len.to_le_bytes());
    }
    close_frame(&mut out, frame)?;
    Ok(out)
}

pub fn exec(id: u32, outcome: &ExecOutcome) -> Vec<u8> {
    let mut out = begin(id, status::EXEC, 17);
    out.extend_from_slice(&(outcome.rows_affected as f64).to_le_bytes());
    match outcome.insert_id {
        None => {
            out.push(insert_id::NONE);
            out.extend_from_slice(&[0; 8]);
        }
        Some(InsertId::Number(n)) => {
            out.push(insert_id::NUMBER);
            out.extend_from_slice(&n.to_le_bytes());
        }
        Some(InsertId::BigInt(n)) => {
            out.push(insert_id::BIG_INT);
            out.extend_from_slice(&n.to_le_bytes());
        }
        Some(InsertId::BigUnsigned(n)) => {
            out.push(insert_id::BIG_UNSIGNED);
            out.extend_from_slice(&n.to_le_bytes());
        }
    }
    end(out)
}

pub fn error(id: u32, err: &DbError) -> Vec<u8> {
    let mut out = begin(id, status::ERROR, 16 + err.message.len());
    err.encode(&mut out);
    end(out)
}

pub fn acquired(id: u32, conn: u32) -> Vec<u8> {
    let mut out = begin(id, status::ACQUIRED, 4);
    out.extend_from_slice(&conn.to_le_bytes());
    end(out)
}

pub fn text(id: u32, text: &str) -> Vec<u8> {
    let mut out = begin(id, status::TEXT, text.len());
    out.extend_from_slice(text.as_bytes());
    end(out)
}

pub fn done(id: u32) -> Vec<u8> {
    end(begin(id, status::DONE, 0))
}

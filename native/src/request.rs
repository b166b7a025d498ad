//! The requests of one submission (everything JS issued in a tick, sent in one N-API call), parsed.
//! Each is `u8 op, u32 id, u32 conn, u8 flags`, then the op's body (written by request-writer.ts).
use std::collections::HashMap;
use std::sync::Arc;

use crate::error::DbError;
use crate::params::Param;
use crate::wire::Reader;
use crate::wire_codes::{flag, op};

#[derive(Clone, Debug)]
pub struct Stmt {
    pub sql_id: u32,
    pub sql: Arc<str>,
    pub params: Vec<Param>,
    /// Outside a pinned connection (so outside a transaction) a statement that could not have run may be resent.
    pub retryable: bool,
}

pub struct CopyRows {
    pub table: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Param>>,
}

pub enum Body {
    Query(Stmt),
    Execute(Stmt),
    Batch(Vec<Stmt>),
    Acquire,
    Release {
        broken: bool,
    },
    ServerVersion,
    CopyInsert(CopyRows),
    /// Test builds only (feature `test-hooks`): the request's task panics.
    #[cfg(feature = "test-hooks")]
    Panic,
    StreamOpen(Stmt),
    StreamNext {
        stream: u32,
        count: u32,
    },
    StreamClose {
        stream: u32,
    },
}

pub struct Request {
    pub id: u32,
    /// 0 for the pool, otherwise a pinned connection's id.
    pub conn: u32,
    pub body: Body,
}

/// SQL texts are sent once and then referred to by id; the table lives as long as the client.
pub type SqlTable = HashMap<u32, Arc<str>>;

fn read_stmt(r: &mut Reader, retryable: bool, sql: &SqlTable) -> Result<Stmt, DbError> {
    let sql_id = r.u32()?;
    let text = sql
        .get(&sql_id)
        .cloned()
        .ok_or_else(|| DbError::internal(format!("unknown SQL id {sql_id}")))?;
    Ok(Stmt {
        sql_id,
        sql: text,
        params: Param::read_list(r)?,
        retryable,
    })
}

fn read_name(r: &mut Reader) -> Result<String, DbError> {
    let len = r.u16()? as usize;
    Ok(r.str(len)?.to_owned())
}

pub fn read_copy(r: &mut Reader) -> Result<CopyRows, DbError> {
    let table = read_name(r)?;
    let ncols = r.u16()? as usize;
    let columns = (0..ncols).map(|_| read_name(r)).collect::<Result<Vec<_>, _>>()?;
    let nrows = r.u32()? as usize;
    let mut rows = Vec::with_capacity(nrows);
    for _ in 0..nrows {
        rows.push((0..ncols).map(|_| Param::read(r)).collect::<Result<Vec<_>, _>>()?);
    }
    Ok(CopyRows { table, columns, rows })
}

/// The fixed part every request starts with.
pub struct Header {
    pub op: u8,
    pub id: u32,
    pub conn: u32,
    pub flags: u8,
}

pub fn read_header(r: &mut Reader) -> Result<Header, DbError> {
    Ok(Header {
        op: r.u8()?,
        id: r.u32()?,
        conn: r.u32()?,
        flags: r.u8()?,
    })
}

/// Applies an op::DEFINE_SQL body to `sql`. Returns true when JS dropped its cache of SQL texts (id 0):
/// ours is cleared too, so the table stays bounded, and so must anything keyed by SQL id.
pub fn define_sql(r: &mut Reader, sql: &mut SqlTable) -> Result<bool, DbError> {
    let sql_id = r.u32()?;
    let len = r.u32()? as usize;
    let text = r.str(len)?;
    if sql_id == 0 {
        sql.clear();
        return Ok(true);
    }
    sql.insert(sql_id, Arc::from(text));
    Ok(false)
}

/// Parses a whole submission; SQL definitions update `sql` in place and produce no request.
pub fn read_requests(buf: &[u8], sql: &mut SqlTable) -> Result<Vec<Request>, DbError> {
    let mut r = Reader::new(buf);
    let mut out = Vec::new();
    while !r.done() {
        let Header { op, id, conn, flags } = read_header(&mut r)?;
        let body = match op {
            op::DEFINE_SQL => {
                define_sql(&mut r, sql)?;
                continue;
            }
            op::QUERY => Body::Query(read_stmt(&mut r, conn == 0, sql)?),
            op::EXECUTE => Body::Execute(read_stmt(&mut r, conn == 0, sql)?),
            op::BATCH => {
                let count = r.u16()? as usize;
                let mut stmts = Vec::with_capacity(count);
                for _ in 0..count {
                    let _flags = r.u8()?;
                    stmts.push(read_stmt(&mut r, false, sql)?);
                }
                Body::Batch(stmts)
            }
            op::ACQUIRE => Body::Acquire,
            op::RELEASE => Body::Release {
                broken: flags & flag::BROKEN != 0,
            },
            op::SERVER_VERSION => Body::ServerVersion,
            op::COPY_INSERT => Body::CopyInsert(read_copy(&mut r)?),
            #[cfg(feature = "test-hooks")]
            op::PANIC => Body::Panic,
            op::STREAM_OPEN => Body::StreamOpen(read_stmt(&mut r, false, sql)?),
            op::STREAM_NEXT => Body::StreamNext {
                stream: r.u32()?,
                count: r.u32()?,
            },
            op::STREAM_CLOSE => Body::StreamClose { stream: r.u32()? },
            other => return Err(DbError::internal(format!("unknown request op {other}"))),
        };
        out.push(Request { id, conn, body });
    }
    Ok(out)
}

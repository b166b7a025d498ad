//! What a database driver provides to the generic pool and request runner.
use std::future::Future;

use tokio::sync::{mpsc, oneshot};

use crate::completion::ExecOutcome;
use crate::error::DbError;
use crate::request::{CopyRows, Stmt};
use crate::rows::{PartsTo, RowsWriter};

/// One request for a stream's next rows: at most `count`, answered on `reply`.
pub struct StreamCommand {
    pub count: u32,
    pub reply: oneshot::Sender<Result<RowsWriter, DbError>>,
}

/// How a stream ended, which decides whether its connection can serve again.
#[derive(Debug, PartialEq, Eq)]
pub enum StreamEnd {
    /// Every row was read: the connection is clean.
    Exhausted,
    /// JS stopped early: rows may still be on the way from the server.
    Abandoned,
    /// The statement or the connection failed.
    Failed,
}

pub trait Driver: Send + Sync + 'static {
    type Conn: Send + Sync + 'static;

    fn connect(&self) -> impl Future<Output = Result<Self::Conn, DbError>> + Send;
    /// True once the connection can no longer carry statements (server gone, protocol desync).
    fn is_closed(conn: &Self::Conn) -> bool;
    fn ping(conn: &Self::Conn) -> impl Future<Output = Result<(), DbError>> + Send;
    /// Statements one connection may carry at once: above 1 the driver pipelines them.
    fn share_limit(&self) -> u32;
    /// Load on the least busy connection at which the pool prefers opening another one (up to its size).
    fn spread_at(&self) -> u32;

    /// `parts`: where the driver may send a large result's rows before its last one (`RowsWriter::in_parts`).
    fn query(
        conn: &Self::Conn,
        stmt: &Stmt,
        parts: Option<PartsTo>,
    ) -> impl Future<Output = Result<RowsWriter, DbError>> + Send;
    fn execute(conn: &Self::Conn, stmt: &Stmt) -> impl Future<Output = Result<ExecOutcome, DbError>> + Send;
    /// Runs the statements in order on this one connection, one result set each, and stops at the
    /// first failure: a batch may be BEGIN … COMMIT, so nothing after a failed statement may run.
    /// Sequential by default; a driver may override it to pipeline them.
    fn batch(conn: &Self::Conn, stmts: &[Stmt]) -> impl Future<Output = Result<Vec<RowsWriter>, DbError>> + Send {
        async move {
            let mut out = Vec::with_capacity(stmts.len());
            for stmt in stmts {
                out.push(Self::query(conn, stmt, None).await?);
            }
            Ok(out)
        }
    }
    /// Runs `stmt` (a SELECT) and answers `opened` once its rows can be read, then each command from
    /// `commands` with the next rows, reading them from the server only as they are asked for, until
    /// the result is exhausted or `commands` closes. Without an override the driver has no streaming
    /// (PostgreSQL streams through SQL cursors on a pinned connection, which the executor drives).
    fn stream(
        conn: &Self::Conn,
        stmt: &Stmt,
        opened: oneshot::Sender<Result<(), DbError>>,
        commands: mpsc::Receiver<StreamCommand>,
    ) -> impl Future<Output = StreamEnd> + Send {
        let _ = (conn, stmt, commands);
        async move {
            let _ = opened.send(Err(DbError::internal("this driver streams through SQL cursors")));
            StreamEnd::Failed
        }
    }
    fn copy_insert(conn: &Self::Conn, rows: &CopyRows) -> impl Future<Output = Result<ExecOutcome, DbError>> + Send;
    fn server_version(conn: &Self::Conn) -> impl Future<Output = Result<String, DbError>> + Send;
}

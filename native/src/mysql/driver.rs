//! MySQL/MariaDB through mysql_async's binary protocol; prepared statements are cached per connection
//! by SQL id here (mysql_async's own cache is off, client.rs). One statement at a time per connection:
//! the protocol cannot pipeline.
use std::collections::HashMap;
use std::sync::Arc;

use mysql_async::prelude::Queryable;
use mysql_async::{Conn, Opts, Statement};
use tokio::sync::{mpsc, oneshot, Mutex};

use super::decode::{hint, write_binary_row, write_value};
use super::errors::{connect_error, map_error, set_statement_timeout};
use super::values::params;
use crate::completion::{ExecOutcome, InsertId};
use crate::driver::{Driver, StreamCommand, StreamEnd};
use crate::error::{DbError, ErrorKind};
use crate::request::{CopyRows, Stmt};
use crate::rows::{PartsTo, RowsWriter};

fn writer(columns: &[mysql_async::Column], limit: usize) -> RowsWriter {
    let names: Vec<_> = columns.iter().map(|c| (c.name_str(), hint(c))).collect();
    RowsWriter::new(names.iter().map(|(name, h)| (name.as_ref(), *h))).with_limit(limit)
}

/// One binary-protocol row packet into `out`, without mysql_async's `Row` of `Value`s.
fn read_row(out: &mut RowsWriter, packet: &[u8], columns: &[mysql_async::Column]) -> Result<(), DbError> {
    write_binary_row(out, packet, columns)?;
    out.end_row()
}

pub struct MysqlDriver {
    pub opts: Opts,
    pub name: Arc<str>,
    pub statement_timeout_ms: Option<f64>,
    pub connect_timeout: std::time::Duration,
    pub max_result: usize,
}

/// Past this many prepared statements on one connection they are all closed and prepared again as used.
const STATEMENT_CACHE: usize = 256;

/// A connection and the statements prepared on it, by SQL id: executing a `Statement` skips
/// mysql_async's per-call parsing and cache lookup of the SQL text.
struct Session {
    conn: Conn,
    statements: HashMap<u32, Statement>,
}

pub struct MysqlConn {
    conn: Mutex<Session>,
    name: Arc<str>,
    max_result: usize,
}

impl Session {
    async fn statement(&mut self, stmt: &Stmt, name: &str) -> Result<Statement, DbError> {
        if let Some(found) = self.statements.get(&stmt.sql_id) {
            return Ok(found.clone());
        }
        if self.statements.len() >= STATEMENT_CACHE {
            for (_, old) in self.statements.drain() {
                self.conn.close(old).await.map_err(|e| map_error(e, name))?;
            }
        }
        let prepared = self.conn.prep(&*stmt.sql).await.map_err(|e| map_error(e, name))?;
        self.statements.insert(stmt.sql_id, prepared.clone());
        Ok(prepared)
    }
}

/// Statements MySQL cannot prepare (several commands, some administrative ones) go through the text protocol.
fn needs_text_protocol(stmt: &Stmt, err: &DbError) -> bool {
    stmt.params.is_empty()
        && matches!(err.db_code.as_deref(), Some("1295") | Some("1064"))
        && (err.db_code.as_deref() == Some("1295") || stmt.sql.contains(';'))
}

impl MysqlConn {
    async fn query(&self, stmt: &Stmt, parts: Option<PartsTo>) -> Result<RowsWriter, DbError> {
        let mut session = self.conn.lock().await;
        let prepared = match session.statement(stmt, &self.name).await {
            Ok(prepared) => prepared,
            Err(err) if needs_text_protocol(stmt, &err) => {
                drop(session);
                return self.query_text(stmt).await;
            }
            Err(err) => return Err(err),
        };
        let mut result = session
            .conn
            .exec_iter(prepared, params(stmt))
            .await
            .map_err(|e| map_error(e, &self.name))?;
        let columns = result.columns().unwrap_or_else(|| Arc::from(Vec::new()));
        let mut out = writer(&columns, self.max_result).in_parts(parts);
        while let Some(row) = result
            .next_raw(|packet, columns| read_row(&mut out, packet, columns))
            .await
            .map_err(|e| map_error(e, &self.name))?
        {
            row?;
        }
        Ok(out)
    }

    /// The rows of `stmt` read from the socket only as `commands` asks for them: memory holds one
    /// chunk, and the server waits (TCP flow control) while JS works through it.
    async fn stream(
        &self,
        stmt: &Stmt,
        opened: oneshot::Sender<Result<(), DbError>>,
        mut commands: mpsc::Receiver<StreamCommand>,
    ) -> StreamEnd {
        let mut session = self.conn.lock().await;
        let prepared = match session.statement(stmt, &self.name).await {
            Ok(prepared) => prepared,
            Err(err) => {
                let _ = opened.send(Err(err));
                return StreamEnd::Failed;
            }
        };
        let mut result = match session.conn.exec_iter(prepared, params(stmt)).await {
            Ok(result) => result,
            Err(err) => {
                let _ = opened.send(Err(map_error(err, &self.name)));
                return StreamEnd::Failed;
            }
        };
        let columns = result.columns().unwrap_or_else(|| Arc::from(Vec::new()));
        if opened.send(Ok(())).is_err() {
            return StreamEnd::Abandoned;
        }
        while let Some(StreamCommand { count, reply }) = commands.recv().await {
            let mut out = writer(&columns, self.max_result);
            let mut read = 0;
            while read < count {
                match result
                    .next_raw(|packet, columns| read_row(&mut out, packet, columns))
                    .await
                {
                    Ok(Some(Ok(()))) => read += 1,
                    Ok(Some(Err(err))) => {
                        let _ = reply.send(Err(err));
                        return StreamEnd::Failed;
                    }
                    Ok(None) => break,
                    Err(err) => {
                        let _ = reply.send(Err(map_error(err, &self.name)));
                        return StreamEnd::Failed;
                    }
                }
            }
            let _ = reply.send(Ok(out));
            if read < count {
                return StreamEnd::Exhausted;
            }
        }
        StreamEnd::Abandoned
    }

    async fn query_text(&self, stmt: &Stmt) -> Result<RowsWriter, DbError> {
        let mut session = self.conn.lock().await;
        let mut result = session
            .conn
            .query_iter(&*stmt.sql)
            .await
            .map_err(|e| map_error(e, &self.name))?;
        let columns = result.columns().unwrap_or_else(|| Arc::from(Vec::new()));
        let mut out = writer(&columns, self.max_result);
        while let Some(row) = result.next().await.map_err(|e| map_error(e, &self.name))? {
            for (i, value) in row.unwrap().into_iter().enumerate() {
                if let Some(col) = columns.get(i) {
                    write_value(&mut out, col, value);
                }
            }
            out.end_row()?;
        }
        Ok(out)
    }

    async fn execute(&self, stmt: &Stmt) -> Result<ExecOutcome, DbError> {
        let mut session = self.conn.lock().await;
        match session.statement(stmt, &self.name).await {
            Ok(prepared) => session
                .conn
                .exec_drop(prepared, params(stmt))
                .await
                .map_err(|e| map_error(e, &self.name))?,
            Err(err) if needs_text_protocol(stmt, &err) => {
                session
                    .conn
                    .query_drop(&*stmt.sql)
                    .await
                    .map_err(|e| map_error(e, &self.name))?;
            }
            Err(err) => return Err(err),
        }
        let conn = &session.conn;
        let insert_id = conn.last_insert_id().map(InsertId::from_u64);
        Ok(ExecOutcome {
            rows_affected: conn.affected_rows(),
            insert_id,
        })
    }
}

impl Driver for MysqlDriver {
    type Conn = MysqlConn;

    async fn connect(&self) -> Result<MysqlConn, DbError> {
        let connecting = tokio::time::timeout(self.connect_timeout, Conn::new(self.opts.clone())).await;
        let mut conn = match connecting {
            Ok(done) => done.map_err(|e| connect_error(e, &self.name))?,
            Err(_) => {
                let message = format!(
                    "cannot connect to {}: no answer within {} s — is the host reachable and the port right?",
                    self.name,
                    self.connect_timeout.as_secs_f64()
                );
                return Err(DbError::new(ErrorKind::Connection, None, message));
            }
        };
        if let Some(ms) = self.statement_timeout_ms {
            set_statement_timeout(&mut conn, ms, &self.name).await?;
        }
        Ok(MysqlConn {
            conn: Mutex::new(Session {
                conn,
                statements: HashMap::new(),
            }),
            name: self.name.clone(),
            max_result: self.max_result,
        })
    }

    /// mysql_async marks a connection whose socket failed; one busy with a statement is not known
    /// closed yet (its statement will say so).
    fn is_closed(conn: &MysqlConn) -> bool {
        conn.conn.try_lock().is_ok_and(|session| session.conn.is_disconnected())
    }

    async fn ping(conn: &MysqlConn) -> Result<(), DbError> {
        conn.conn
            .lock()
            .await
            .conn
            .ping()
            .await
            .map_err(|e| map_error(e, &conn.name))
    }

    fn share_limit(&self) -> u32 {
        1
    }

    fn spread_at(&self) -> u32 {
        1
    }

    async fn query(conn: &MysqlConn, stmt: &Stmt, parts: Option<PartsTo>) -> Result<RowsWriter, DbError> {
        conn.query(stmt, parts).await
    }

    async fn execute(conn: &MysqlConn, stmt: &Stmt) -> Result<ExecOutcome, DbError> {
        conn.execute(stmt).await
    }

    async fn stream(
        conn: &MysqlConn,
        stmt: &Stmt,
        opened: oneshot::Sender<Result<(), DbError>>,
        commands: mpsc::Receiver<StreamCommand>,
    ) -> StreamEnd {
        conn.stream(stmt, opened, commands).await
    }

    async fn copy_insert(_conn: &MysqlConn, _rows: &CopyRows) -> Result<ExecOutcome, DbError> {
        Err(DbError::usage(
            "copyInsert is a PostgreSQL fast path; MySQL uses multi-row INSERT statements",
        ))
    }

    async fn server_version(conn: &MysqlConn) -> Result<String, DbError> {
        let mut session = conn.conn.lock().await;
        let version: Option<String> = session
            .conn
            .query_first("SELECT VERSION()")
            .await
            .map_err(|e| map_error(e, &conn.name))?;
        version.ok_or_else(|| DbError::internal("VERSION() returned nothing"))
    }
}

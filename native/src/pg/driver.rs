//! PostgreSQL through tokio-postgres: statements prepared once per connection and cached by SQL id,
//! binary results, and concurrent statements on one connection pipelined.
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use bytes::Bytes;
use futures_util::{pin_mut, SinkExt, StreamExt};
use tokio_postgres::types::{Kind, Type};
use tokio_postgres::{Client, Config, SimpleQueryMessage, Statement};

use super::connect::{connect, map_error};
use super::copy_text::{quote_ident, write_row};
use super::decode::{hint, write_value, Raw};
use super::param::PgParam;
use crate::completion::ExecOutcome;
use crate::driver::Driver;
use crate::error::{DbError, ErrorKind};
use crate::request::{CopyRows, Stmt};
use crate::rows::{PartsTo, RowsWriter};
use crate::wire_codes::tag;

const STATEMENT_CACHE: usize = 512;
const COPY_CHUNK: usize = 256 * 1024;

pub struct PgDriver {
    pub config: Config,
    pub name: Arc<str>,
    pub share_limit: u32,
    pub spread_at: u32,
    pub max_result: usize,
    /// Behind PgBouncer in transaction mode: see `PgConn::unnamed`.
    pub pgbouncer: bool,
}

pub struct PgConn {
    client: Client,
    name: Arc<str>,
    max_result: usize,
    statements: Mutex<HashMap<u32, Statement>>,
    /// No named statements: PgBouncer in transaction mode may run the next message on another
    /// server connection, where the name does not exist (or names another client's statement).
    unnamed: bool,
}

/// Parameter type oid 0: the server infers each parameter's type, as it does for node-postgres.
static UNSPECIFIED: LazyLock<Type> =
    LazyLock::new(|| Type::new("unspecified".to_string(), 0, Kind::Simple, "pg_catalog".to_string()));

/// Several commands in one text cannot be prepared; without parameters they run through the simple protocol.
fn several_commands(stmt: &Stmt, err: &tokio_postgres::Error) -> bool {
    stmt.params.is_empty() && err.code().is_some_and(|c| c.code() == "42601") && stmt.sql.contains(';')
}

enum Prepared {
    Statement(Statement),
    /// Several commands in one text cannot be prepared; they run through the simple protocol.
    Simple,
}

/// Anything but the commands on cursors (DECLARE, FETCH, MOVE, CLOSE), whose meaning depends on the
/// cursor open at the time: the js executor does not name those either.
fn repeatable(sql: &str) -> bool {
    let head = sql.trim_start();
    let word = head.split(|c: char| !c.is_ascii_alphabetic()).next().unwrap_or("");
    !["declare", "fetch", "move", "close"]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w))
}

impl PgConn {
    fn error(&self, err: tokio_postgres::Error) -> DbError {
        map_error(err, &self.name)
    }

    /// The statement, and whether it came from the cache (prepared by an earlier run). Statements on
    /// cursors are not kept: a FETCH is described by the cursor open when it is prepared, so a kept
    /// one would decode the next cursor of that name by the last one's columns.
    async fn prepare(&self, stmt: &Stmt, fresh: bool) -> Result<(Prepared, bool), DbError> {
        let keep = repeatable(&stmt.sql);
        if !fresh && keep {
            if let Some(found) = self
                .statements
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .get(&stmt.sql_id)
            {
                return Ok((Prepared::Statement(found.clone()), true));
            }
        }
        match self.client.prepare(&stmt.sql).await {
            Ok(prepared) => {
                if keep {
                    let mut cache = self.statements.lock().unwrap_or_else(|p| p.into_inner());
                    if cache.len() >= STATEMENT_CACHE {
                        cache.clear();
                    }
                    cache.insert(stmt.sql_id, prepared.clone());
                }
                Ok((Prepared::Statement(prepared), false))
            }
            Err(err) if several_commands(stmt, &err) => Ok((Prepared::Simple, false)),
            Err(err) => Err(self.error(err)),
        }
    }

    /// A cached plan goes stale when a table it reads changes shape; prepare again once.
    fn stale(err: &DbError) -> bool {
        err.db_code.as_deref() == Some("0A000") && err.message.contains("cached plan")
    }

    /// A statement prepared before `ALTER COLUMN … TYPE` keeps its parameters' old types (PostgreSQL
    /// fixes them at Parse), so it refuses values the column now holds: for a statement from the
    /// cache, prepare again once; a value truly wrong fails again.
    fn stale_types(err: &DbError, cached: bool) -> bool {
        cached && matches!(err.db_code.as_deref(), Some("22003" | "22P02" | "42804"))
    }

    fn retry(stmt: &Stmt, fresh: bool, cached: bool, err: &DbError) -> bool {
        stmt.retryable && !fresh && (Self::stale(err) || Self::stale_types(err, cached))
    }

    async fn rows(&self, st: &Statement, stmt: &Stmt) -> Result<RowsWriter, DbError> {
        let params = stmt.params.iter().map(PgParam);
        let stream = self.client.query_raw(st, params).await.map_err(|e| self.error(e))?;
        let columns = st.columns();
        let mut out = RowsWriter::new(columns.iter().map(|c| (c.name(), hint(c.type_())))).with_limit(self.max_result);
        pin_mut!(stream);
        while let Some(row) = stream.next().await {
            let row = row.map_err(|e| self.error(e))?;
            for (i, column) in columns.iter().enumerate() {
                let Raw(raw) = row.try_get(i).map_err(|e| self.error(e))?;
                write_value(&mut out, column.type_(), raw).map_err(DbError::usage)?;
            }
            out.end_row()?;
        }
        Ok(out)
    }

    async fn simple(&self, sql: &str) -> Result<(RowsWriter, u64), DbError> {
        let messages = self.client.simple_query(sql).await.map_err(|e| self.error(e))?;
        let mut out: Option<RowsWriter> = None;
        let mut affected = 0;
        for message in &messages {
            match message {
                SimpleQueryMessage::RowDescription(columns) => {
                    out =
                        Some(RowsWriter::new(columns.iter().map(|c| (c.name(), tag::STR))).with_limit(self.max_result));
                }
                SimpleQueryMessage::Row(row) => {
                    let writer = out.get_or_insert_with(|| RowsWriter::new(std::iter::empty()));
                    for i in 0..row.len() {
                        match row.get(i) {
                            Some(text) => writer.str(text),
                            None => writer.null(),
                        }
                    }
                    writer.end_row()?;
                }
                SimpleQueryMessage::CommandComplete(n) => affected = *n,
                _ => {}
            }
        }
        Ok((out.unwrap_or_else(|| RowsWriter::new(std::iter::empty())), affected))
    }

    /// One unnamed Parse/Bind/Describe/Execute/Sync (tokio-postgres' `query_typed`): nothing outlives
    /// the statement, so PgBouncer may hand each statement to any server connection. The columns come
    /// with the first row, so an empty result has none.
    async fn unnamed(&self, stmt: &Stmt) -> Result<(RowsWriter, u64), DbError> {
        let params = stmt.params.iter().map(|p| (PgParam(p), UNSPECIFIED.clone()));
        let stream = match self.client.query_typed_raw(&stmt.sql, params).await {
            Ok(stream) => stream,
            Err(err) if several_commands(stmt, &err) => return self.simple(&stmt.sql).await,
            Err(err) => return Err(self.error(err)),
        };
        pin_mut!(stream);
        let mut out: Option<RowsWriter> = None;
        while let Some(row) = stream.next().await {
            let row = row.map_err(|e| self.error(e))?;
            let columns = row.columns();
            let writer = out.get_or_insert_with(|| {
                RowsWriter::new(columns.iter().map(|c| (c.name(), hint(c.type_())))).with_limit(self.max_result)
            });
            for (i, column) in columns.iter().enumerate() {
                let Raw(raw) = row.try_get(i).map_err(|e| self.error(e))?;
                write_value(writer, column.type_(), raw).map_err(DbError::usage)?;
            }
            writer.end_row()?;
        }
        let affected = stream.rows_affected().unwrap_or(0);
        Ok((out.unwrap_or_else(|| RowsWriter::new(std::iter::empty())), affected))
    }

    async fn query(&self, stmt: &Stmt) -> Result<RowsWriter, DbError> {
        if self.unnamed {
            return Ok(self.unnamed(stmt).await?.0);
        }
        let mut fresh = false;
        loop {
            let (prepared, cached) = self.prepare(stmt, fresh).await?;
            let result = match prepared {
                Prepared::Statement(st) => self.rows(&st, stmt).await,
                Prepared::Simple => return Ok(self.simple(&stmt.sql).await?.0),
            };
            match result {
                Err(err) if Self::retry(stmt, fresh, cached, &err) => fresh = true,
                other => return other,
            }
        }
    }

    async fn execute(&self, stmt: &Stmt) -> Result<ExecOutcome, DbError> {
        if self.unnamed {
            let (_, rows_affected) = self.unnamed(stmt).await?;
            return Ok(ExecOutcome {
                rows_affected,
                insert_id: None,
            });
        }
        let mut fresh = false;
        loop {
            let (prepared, cached) = self.prepare(stmt, fresh).await?;
            let result = match prepared {
                Prepared::Statement(st) => self
                    .client
                    .execute_raw(&st, stmt.params.iter().map(PgParam))
                    .await
                    .map_err(|e| self.error(e)),
                Prepared::Simple => self.simple(&stmt.sql).await.map(|(_, n)| n),
            };
            match result {
                Err(err) if Self::retry(stmt, fresh, cached, &err) => fresh = true,
                other => {
                    return other.map(|rows_affected| ExecOutcome {
                        rows_affected,
                        insert_id: None,
                    })
                }
            }
        }
    }

    async fn copy(&self, rows: &CopyRows) -> Result<ExecOutcome, DbError> {
        let columns: Vec<String> = rows.columns.iter().map(|c| quote_ident(c)).collect();
        // Quoted whole, as the ORM's compiler quotes table names in every other statement.
        let table = quote_ident(&rows.table);
        let sql = format!("COPY {table} ({}) FROM STDIN", columns.join(", "));
        let sink = self
            .client
            .copy_in::<_, Bytes>(sql.as_str())
            .await
            .map_err(|e| self.error(e))?;
        pin_mut!(sink);
        let mut chunk = Vec::with_capacity(COPY_CHUNK + 4096);
        for row in &rows.rows {
            write_row(&mut chunk, row);
            if chunk.len() >= COPY_CHUNK {
                sink.send(Bytes::from(std::mem::take(&mut chunk)))
                    .await
                    .map_err(|e| self.error(e))?;
            }
        }
        if !chunk.is_empty() {
            sink.send(Bytes::from(chunk)).await.map_err(|e| self.error(e))?;
        }
        let rows_affected = sink.finish().await.map_err(|e| self.error(e))?;
        Ok(ExecOutcome {
            rows_affected,
            insert_id: None,
        })
    }
}

impl Driver for PgDriver {
    type Conn = PgConn;

    async fn connect(&self) -> Result<PgConn, DbError> {
        let client = connect(&self.config, &self.name).await?;
        if self.pgbouncer {
            // PgBouncer takes no `options` startup parameter, but replays a tracked SET on every
            // server connection it hands this client.
            client
                .batch_execute("SET TimeZone TO 'UTC'")
                .await
                .map_err(|e| map_error(e, &self.name))?;
        }
        Ok(PgConn {
            client,
            name: self.name.clone(),
            max_result: self.max_result,
            statements: Mutex::new(HashMap::new()),
            unnamed: self.pgbouncer,
        })
    }

    fn is_closed(conn: &PgConn) -> bool {
        conn.client.is_closed()
    }

    async fn ping(conn: &PgConn) -> Result<(), DbError> {
        conn.client
            .simple_query("SELECT 1")
            .await
            .map(|_| ())
            .map_err(|e| conn.error(e))
    }

    fn share_limit(&self) -> u32 {
        self.share_limit
    }

    fn spread_at(&self) -> u32 {
        self.spread_at
    }

    /// Rows are not sent in parts: PostgreSQL results are decoded fast enough whole (large_select
    /// reads 2–3× js), and a stale cached statement is run again, which parts already sent forbid.
    async fn query(conn: &PgConn, stmt: &Stmt, _parts: Option<PartsTo>) -> Result<RowsWriter, DbError> {
        conn.query(stmt).await
    }

    async fn execute(conn: &PgConn, stmt: &Stmt) -> Result<ExecOutcome, DbError> {
        conn.execute(stmt).await
    }

    async fn copy_insert(conn: &PgConn, rows: &CopyRows) -> Result<ExecOutcome, DbError> {
        conn.copy(rows).await
    }

    async fn server_version(conn: &PgConn) -> Result<String, DbError> {
        let messages = conn
            .client
            .simple_query("SHOW server_version")
            .await
            .map_err(|e| conn.error(e))?;
        let version = messages.iter().find_map(|m| match m {
            SimpleQueryMessage::Row(row) => row.get(0).map(|v| v.split_whitespace().next().unwrap_or(v).to_string()),
            _ => None,
        });
        version
            .map(|v| format!("PostgreSQL {v}"))
            .ok_or_else(|| DbError::new(ErrorKind::Internal, None, "no server_version"))
    }
}

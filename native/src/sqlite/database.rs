//! SQLite through rusqlite, run synchronously on the JS thread: an embedded database answers faster
//! than any hop to another thread would cost.
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OpenFlags};

use super::codes::code_name;
use crate::completion::{self, ExecOutcome, InsertId};
use crate::error::{DbError, ErrorKind};
use crate::params::{format_iso_date, Param};
use crate::request::{Body, Request, Stmt};
use crate::rows::{RowsWriter, HINT_ANY};

pub struct Database {
    conn: Connection,
}

fn map_error(err: rusqlite::Error) -> DbError {
    match err {
        rusqlite::Error::SqliteFailure(e, message) => {
            let message = message.unwrap_or_else(|| e.to_string());
            DbError::new(ErrorKind::Query, Some(code_name(e.extended_code)), message)
        }
        other => DbError::new(ErrorKind::Query, None, other.to_string()),
    }
}

fn bind_value(param: &Param) -> ToSqlOutput<'_> {
    ToSqlOutput::Borrowed(match param {
        Param::Null => ValueRef::Null,
        // better-sqlite3 binds every JS number as a double; do the same so stored values match.
        Param::Number(n) => ValueRef::Real(*n),
        Param::Text(s) | Param::BigText(s) => ValueRef::Text(s.as_bytes()),
        Param::BigInt(n) => ValueRef::Integer(*n),
        Param::Bool(b) => ValueRef::Integer(*b as i64),
        Param::Date(ms) => return ToSqlOutput::Owned(rusqlite::types::Value::Text(format_iso_date(*ms))),
        Param::Bytes(b) => ValueRef::Blob(b),
    })
}

impl Database {
    /// `mode`: ro, rw or rwc (creates the file), as the URL's `mode` parameter says.
    pub fn open(filename: &str, mode: &str, busy_timeout_ms: u32) -> Result<Database, DbError> {
        let access = match mode {
            "ro" => OpenFlags::SQLITE_OPEN_READ_ONLY,
            "rw" => OpenFlags::SQLITE_OPEN_READ_WRITE,
            _ => OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        };
        let conn =
            Connection::open_with_flags(filename, access | OpenFlags::SQLITE_OPEN_NO_MUTEX).map_err(map_error)?;
        conn.set_prepared_statement_cache_capacity(256);
        let pragma = |sql: &str| {
            conn.query_row(sql, [], |_| Ok(())).or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(()),
                other => Err(map_error(other)),
            })
        };
        // As the js executor: WAL lets other processes read during writes, NORMAL sync is safe with WAL.
        if filename != ":memory:" && mode != "ro" {
            pragma("PRAGMA journal_mode = WAL")?;
        }
        pragma("PRAGMA synchronous = NORMAL")?;
        pragma("PRAGMA foreign_keys = ON")?;
        conn.busy_timeout(std::time::Duration::from_millis(busy_timeout_ms as u64))
            .map_err(map_error)?;
        Ok(Database { conn })
    }

    pub fn in_transaction(&self) -> bool {
        !self.conn.is_autocommit()
    }

    pub fn max_params(&self) -> u32 {
        self.conn
            .limit(rusqlite::limits::Limit::SQLITE_LIMIT_VARIABLE_NUMBER)
            .unwrap_or(999)
            .max(0) as u32
    }

    fn statement(&self, stmt: &Stmt) -> Result<rusqlite::CachedStatement<'_>, DbError> {
        let mut st = self.conn.prepare_cached(&stmt.sql).map_err(map_error)?;
        if st.parameter_count() != stmt.params.len() {
            let message = format!(
                "the statement takes {} parameters but {} were given",
                st.parameter_count(),
                stmt.params.len()
            );
            return Err(DbError::new(ErrorKind::Query, Some("SQLITE_RANGE".into()), message));
        }
        for (i, param) in stmt.params.iter().enumerate() {
            st.raw_bind_parameter(i + 1, bind_value(param)).map_err(map_error)?;
        }
        Ok(st)
    }

    pub fn query(&self, stmt: &Stmt) -> Result<RowsWriter, DbError> {
        let mut st = self.statement(stmt)?;
        let columns = st.column_count();
        let mut out = RowsWriter::new((0..columns).map(|i| (st.column_name(i).unwrap_or(""), HINT_ANY)));
        let mut rows = st.raw_query();
        while let Some(row) = rows.next().map_err(map_error)? {
            for i in 0..columns {
                match row.get_ref(i).map_err(map_error)? {
                    ValueRef::Null => out.null(),
                    ValueRef::Integer(n) if stmt.safe_integers => out.bigint(n),
                    ValueRef::Integer(n) => out.int(n),
                    ValueRef::Real(f) => out.f64(f),
                    ValueRef::Text(t) => out.text_bytes(t),
                    ValueRef::Blob(b) => out.bytes(b),
                }
            }
            out.end_row();
        }
        Ok(out)
    }

    /// As the js executor: a statement returning rows (RETURNING) counts them; an INSERT/REPLACE that
    /// wrote rows reports the last rowid; a statement that changed nothing reports 0.
    pub fn execute(&self, stmt: &Stmt) -> Result<ExecOutcome, DbError> {
        let before = self.conn.total_changes();
        let mut st = self.statement(stmt)?;
        let reader = st.column_count() > 0;
        let mut rows = st.raw_query();
        let mut returned = 0u64;
        while rows.next().map_err(map_error)?.is_some() {
            returned += 1;
        }
        drop(rows);
        if reader {
            return Ok(ExecOutcome {
                rows_affected: returned,
                insert_id: None,
            });
        }
        let rows_affected = if self.conn.total_changes() != before {
            self.conn.changes()
        } else {
            0
        };
        let head = stmt.sql.trim_start().get(..7).unwrap_or("").to_ascii_lowercase();
        let inserts = head.starts_with("insert") || head.starts_with("replace");
        let rowid = self.conn.last_insert_rowid();
        let insert_id = (inserts && rows_affected > 0).then(|| {
            if stmt.safe_integers {
                InsertId::BigInt(rowid)
            } else {
                InsertId::Number(rowid as f64)
            }
        });
        Ok(ExecOutcome {
            rows_affected,
            insert_id,
        })
    }

    pub fn run(&self, request: Request, out: &mut Vec<u8>) {
        let id = request.id;
        let result = match request.body {
            Body::Query(stmt) => match self.query(&stmt) {
                Ok(rows) => return completion::rows_into(out, id, rows),
                Err(err) => Err(err),
            },
            Body::Execute(stmt) => self.execute(&stmt).map(|outcome| completion::exec(id, &outcome)),
            Body::Batch(stmts) => stmts
                .iter()
                .map(|s| self.query(s))
                .collect::<Result<Vec<_>, _>>()
                .map(|all| completion::batch(id, all)),
            Body::ServerVersion => Ok(completion::text(id, &format!("SQLite {}", rusqlite::version()))),
            Body::Panic => panic!("panic requested through the test hook"),
            Body::Acquire | Body::Release { .. } | Body::CopyInsert(_) => {
                Err(DbError::internal("not a SQLite request"))
            }
        };
        out.extend_from_slice(&result.unwrap_or_else(|err| completion::error(id, &err)));
    }
}

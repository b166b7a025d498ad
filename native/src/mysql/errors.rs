//! mysql_async errors as Oxen's kinds, and the session settings applied to each new connection.
use mysql_async::prelude::Queryable;
use mysql_async::{Conn, DriverError};

use crate::error::{DbError, ErrorKind};

pub fn map_error(err: mysql_async::Error, name: &str) -> DbError {
    match err {
        mysql_async::Error::Server(e) => DbError::new(ErrorKind::Query, Some(e.code.to_string()), e.message),
        mysql_async::Error::Io(_) | mysql_async::Error::Driver(DriverError::ConnectionClosed) => DbError::new(
            ErrorKind::Connection,
            None,
            format!("lost the connection to {name} while running a statement: {err} — it may or may not have run; check and retry"),
        ),
        other => DbError::new(ErrorKind::Query, None, other.to_string()),
    }
}

pub fn connect_error(err: mysql_async::Error, name: &str) -> DbError {
    match err {
        mysql_async::Error::Server(e) if e.code == 1045 || e.code == 1044 => DbError::new(
            ErrorKind::Auth,
            Some(e.code.to_string()),
            format!(
                "authentication failed for {name}: {}; check the user and password",
                e.message
            ),
        ),
        mysql_async::Error::Server(e) => DbError::new(
            ErrorKind::Connection,
            Some(e.code.to_string()),
            format!("cannot connect to {name}: {}", e.message),
        ),
        other => DbError::new(
            ErrorKind::Connection,
            None,
            format!(
                "cannot connect to {name}: {other}; check that the server is running and the host and port are right"
            ),
        ),
    }
}

const ER_UNKNOWN_SYSTEM_VARIABLE: &str = "1193";

/// max_statement_time (seconds) on MariaDB, max_execution_time (ms) on MySQL.
pub async fn set_statement_timeout(conn: &mut Conn, ms: f64, name: &str) -> Result<(), DbError> {
    let mariadb = conn
        .query_drop(format!("SET max_statement_time = {}", ms / 1000.0))
        .await;
    match mariadb.map_err(|e| map_error(e, name)) {
        Err(err) if err.db_code.as_deref() == Some(ER_UNKNOWN_SYSTEM_VARIABLE) => conn
            .query_drop(format!("SET max_execution_time = {}", ms.ceil() as u64))
            .await
            .map_err(|e| map_error(e, name)),
        other => other,
    }
}

//! Opening a PostgreSQL connection and mapping tokio-postgres errors to Oxen's kinds.
use tokio_postgres::{Client, Config, NoTls};

use crate::error::{DbError, ErrorKind};

pub fn map_error(err: tokio_postgres::Error, name: &str) -> DbError {
    match err.as_db_error() {
        Some(db) => DbError::new(ErrorKind::Query, Some(db.code().code().to_string()), db.message()),
        None => DbError::new(ErrorKind::Connection, None, format!("lost the connection to {name} while running a statement: {err} — it may or may not have run; check and retry")),
    }
}

fn connect_error(err: tokio_postgres::Error, name: &str) -> DbError {
    let Some(db) = err.as_db_error() else {
        return DbError::new(
            ErrorKind::Connection,
            None,
            format!(
                "cannot connect to {name}: {err}; check that the server is running and the host and port are right"
            ),
        );
    };
    let code = db.code().code().to_string();
    if code == "28P01" || code == "28000" {
        let message = format!(
            "authentication failed for {name}: {}; check the user and password",
            db.message()
        );
        return DbError::new(ErrorKind::Auth, Some(code), message);
    }
    DbError::new(
        ErrorKind::Connection,
        Some(code),
        format!("cannot connect to {name}: {}", db.message()),
    )
}

pub async fn connect(config: &Config, name: &str) -> Result<Client, DbError> {
    let (client, connection) = config.connect(NoTls).await.map_err(|e| connect_error(e, name))?;
    // The connection task ends by itself when the client is dropped or the socket closes.
    crate::runtime::spawn(connection);
    Ok(client)
}

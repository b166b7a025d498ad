//! The one error type that crosses back to JS, where `kind` picks the typed Oxen error class.
use std::fmt::Display;

pub use crate::wire_codes::ErrorKind;

#[derive(Clone, Debug)]
pub struct DbError {
    pub kind: ErrorKind,
    pub db_code: Option<String>,
    pub message: String,
}

impl DbError {
    pub fn new(kind: ErrorKind, db_code: Option<String>, message: impl Into<String>) -> Self {
        DbError {
            kind,
            db_code,
            message: message.into(),
        }
    }

    pub fn internal(message: impl Display) -> Self {
        DbError::new(ErrorKind::Internal, None, message.to_string())
    }

    pub fn usage(message: impl Display) -> Self {
        DbError::new(ErrorKind::Usage, None, message.to_string())
    }

    pub fn closed() -> Self {
        DbError::new(ErrorKind::PoolClosed, None, "the pool was closed")
    }

    /// A connection-level failure means the connection that produced it must not be reused: so do
    /// server codes that end the session (PostgreSQL class 08 and admin shutdown, MariaDB's killed
    /// connection and "server has gone away" / "lost connection").
    pub fn breaks_connection(&self) -> bool {
        let code = self.db_code.as_deref().unwrap_or("");
        matches!(self.kind, ErrorKind::Connection | ErrorKind::Auth | ErrorKind::Internal)
            || code.starts_with("08")
            || matches!(code, "57P01" | "57P02" | "57P03" | "1927" | "2006" | "2013")
    }

    /// Code and message are cut (at a character boundary) to what an error frame carries, which no
    /// real error reaches: a frame's lengths must always be true.
    pub fn encode(&self, out: &mut Vec<u8>) {
        out.push(self.kind as u8);
        let code = cut(self.db_code.as_deref().unwrap_or(""), 64);
        out.extend_from_slice(&(code.len() as u16).to_le_bytes());
        out.extend_from_slice(code.as_bytes());
        let message = cut(&self.message, 1 << 20);
        out.extend_from_slice(&(message.len() as u32).to_le_bytes());
        out.extend_from_slice(message.as_bytes());
    }
}

/// `text` up to `max` bytes, ending at a character boundary.
fn cut(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

//! Parameters go to PostgreSQL in text format (binary only for bytes), so the server parses them for
//! whatever type it inferred, as node-postgres does.
use std::error::Error;

use bytes::{BufMut, BytesMut};
use tokio_postgres::types::{to_sql_checked, Format, IsNull, ToSql, Type};

use crate::params::{format_iso_date, format_number, Param};

#[derive(Debug)]
pub struct PgParam<'a>(pub &'a Param);

impl ToSql for PgParam<'_> {
    fn to_sql(&self, _ty: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        match self.0 {
            Param::Null => return Ok(IsNull::Yes),
            Param::Number(n) => out.put_slice(format_number(*n).as_bytes()),
            Param::Text(s) | Param::BigText(s) => out.put_slice(s.as_bytes()),
            Param::BigInt(n) => out.put_slice(n.to_string().as_bytes()),
            Param::Bool(b) => out.put_slice(if *b { b"true" } else { b"false" }),
            Param::Date(ms) => out.put_slice(format_iso_date(*ms).as_bytes()),
            Param::Bytes(b) => out.put_slice(b),
        }
        Ok(IsNull::No)
    }

    fn accepts(_ty: &Type) -> bool {
        true
    }

    fn encode_format(&self, _ty: &Type) -> Format {
        if matches!(self.0, Param::Bytes(_)) {
            Format::Binary
        } else {
            Format::Text
        }
    }

    to_sql_checked!();
}

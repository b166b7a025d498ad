//! MySQL/MariaDB values → the packed result, as mysql2 maps them under the canonical settings
//! (BIGINT and DECIMAL as text, DATETIME/TIMESTAMP as UTC Date, DATE and TIME as text, binary
//! strings as Buffer). Binary-protocol rows are read straight from the server's packet
//! (`write_binary_row`); the text protocol's rows come as mysql_async `Value`s (`write_value`).
use mysql_async::consts::{ColumnFlags, ColumnType as C};
use mysql_async::{Column, Value};

use crate::error::DbError;
use crate::params::days_from_civil;
use crate::rows::RowsWriter;
use crate::wire_codes::{tag, HINT_ANY};

const BINARY_CHARSET: u16 = 63;

fn is_binary(col: &Column) -> bool {
    col.character_set() == BINARY_CHARSET
        && matches!(
            col.column_type(),
            C::MYSQL_TYPE_TINY_BLOB
                | C::MYSQL_TYPE_MEDIUM_BLOB
                | C::MYSQL_TYPE_LONG_BLOB
                | C::MYSQL_TYPE_BLOB
                | C::MYSQL_TYPE_STRING
                | C::MYSQL_TYPE_VAR_STRING
                | C::MYSQL_TYPE_VARCHAR
                | C::MYSQL_TYPE_BIT
                | C::MYSQL_TYPE_GEOMETRY
        )
}

pub fn hint(col: &Column) -> u8 {
    match col.column_type() {
        C::MYSQL_TYPE_TINY | C::MYSQL_TYPE_SHORT | C::MYSQL_TYPE_LONG | C::MYSQL_TYPE_INT24 | C::MYSQL_TYPE_YEAR => {
            tag::I32
        }
        C::MYSQL_TYPE_FLOAT | C::MYSQL_TYPE_DOUBLE => tag::F64,
        C::MYSQL_TYPE_DATETIME | C::MYSQL_TYPE_TIMESTAMP | C::MYSQL_TYPE_DATETIME2 | C::MYSQL_TYPE_TIMESTAMP2 => {
            tag::DATE
        }
        C::MYSQL_TYPE_BIT => HINT_ANY,
        _ if is_binary(col) => HINT_ANY,
        _ => tag::STR,
    }
}

/// As mysql2's `Date.UTC(y, m - 1, d, ...)`: an all-zero value is an invalid Date, a zero month or day
/// rolls back into the previous year or month.
fn date_ms(y: u16, m: u8, d: u8, h: u8, i: u8, s: u8, us: u32) -> f64 {
    if y == 0 && m == 0 && d == 0 && h == 0 && i == 0 && s == 0 && us == 0 {
        return f64::NAN;
    }
    let months = y as i64 * 12 + m as i64 - 1;
    let first = days_from_civil(months.div_euclid(12), (months.rem_euclid(12) + 1) as u32, 1);
    let days = first + d as i64 - 1;
    (days * 86_400_000 + h as i64 * 3_600_000 + i as i64 * 60_000 + s as i64 * 1000 + (us / 1000) as i64) as f64
}

fn time_text(neg: bool, days: u32, h: u8, i: u8, s: u8, us: u32) -> String {
    let hours = days as u64 * 24 + h as u64;
    let sign = if neg { "-" } else { "" };
    let clock = format!("{sign}{hours:02}:{i:02}:{s:02}");
    if us == 0 {
        clock
    } else {
        format!("{clock}.{}", format!("{us:06}").trim_end_matches('0'))
    }
}

/// Text-protocol DATETIME ('YYYY-MM-DD HH:MM:SS[.ffffff]') to epoch milliseconds.
fn parse_datetime(text: &str) -> f64 {
    let num = |a: usize, b: usize| text.get(a..b).and_then(|t| t.parse::<u32>().ok()).unwrap_or(0);
    let frac = text
        .get(20..)
        .map(|f| format!("{f:0<6}"))
        .and_then(|f| f[..6].parse::<u32>().ok())
        .unwrap_or(0);
    let (y, m, d) = (num(0, 4) as u16, num(5, 7) as u8, num(8, 10) as u8);
    date_ms(y, m, d, num(11, 13) as u8, num(14, 16) as u8, num(17, 19) as u8, frac)
}

fn write_text(out: &mut RowsWriter, col: &Column, bytes: &[u8]) {
    let text = || String::from_utf8_lossy(bytes);
    match col.column_type() {
        C::MYSQL_TYPE_TINY | C::MYSQL_TYPE_SHORT | C::MYSQL_TYPE_LONG | C::MYSQL_TYPE_INT24 | C::MYSQL_TYPE_YEAR => {
            match text().parse::<i64>() {
                Ok(n) => out.int(n),
                Err(_) => out.text_bytes(bytes),
            }
        }
        C::MYSQL_TYPE_FLOAT | C::MYSQL_TYPE_DOUBLE => out.f64(text().parse::<f64>().unwrap_or(f64::NAN)),
        C::MYSQL_TYPE_DATETIME | C::MYSQL_TYPE_TIMESTAMP | C::MYSQL_TYPE_DATETIME2 | C::MYSQL_TYPE_TIMESTAMP2 => {
            out.date_ms(parse_datetime(&text()))
        }
        _ if is_binary(col) => out.bytes(bytes),
        _ => out.text_bytes(bytes),
    }
}

pub fn write_value(out: &mut RowsWriter, col: &Column, value: Value) {
    match value {
        Value::NULL => out.null(),
        Value::Int(n) => write_int(out, col, n),
        Value::UInt(n) => write_uint(out, col, n),
        // mysql2's binary protocol widens FLOAT as is: 1.1 reads as 1.100000023841858 there too.
        Value::Float(f) => out.f64(f as f64),
        Value::Double(f) => out.f64(f),
        Value::Date(y, m, d, h, i, s, us) => write_date(out, col, y, m, d, h, i, s, us),
        Value::Time(neg, days, h, i, s, us) => out.str(&time_text(neg, days, h, i, s, us)),
        Value::Bytes(bytes) => write_text(out, col, &bytes),
    }
}

fn write_int(out: &mut RowsWriter, col: &Column, n: i64) {
    if col.column_type() == C::MYSQL_TYPE_LONGLONG {
        out.str_i64(n)
    } else {
        out.int(n)
    }
}

fn write_uint(out: &mut RowsWriter, col: &Column, n: u64) {
    if col.column_type() == C::MYSQL_TYPE_LONGLONG {
        out.str_u64(n)
    } else {
        out.int(n as i64)
    }
}

#[allow(clippy::too_many_arguments)]
fn write_date(out: &mut RowsWriter, col: &Column, y: u16, m: u8, d: u8, h: u8, i: u8, s: u8, us: u32) {
    if col.column_type() == C::MYSQL_TYPE_DATE || col.column_type() == C::MYSQL_TYPE_NEWDATE {
        out.str_fmt(format_args!("{y:04}-{m:02}-{d:02}"))
    } else {
        out.date_ms(date_ms(y, m, d, h, i, s, us))
    }
}

/// A binary-protocol row packet, read front to back; running past its end is an error, never a panic.
struct Packet<'a> {
    bytes: &'a [u8],
}

impl<'a> Packet<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], DbError> {
        if self.bytes.len() < n {
            return Err(DbError::internal("a MySQL row packet ended before its last value"));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], DbError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    fn u8(&mut self) -> Result<u8, DbError> {
        Ok(self.take(1)?[0])
    }

    /// A length-encoded integer (1, 3, 4 or 9 bytes).
    fn lenenc(&mut self) -> Result<u64, DbError> {
        Ok(match self.u8()? {
            0xFC => u16::from_le_bytes(self.array()?) as u64,
            0xFD => {
                let [a, b, c] = self.array()?;
                u32::from_le_bytes([a, b, c, 0]) as u64
            }
            0xFE => u64::from_le_bytes(self.array()?),
            small => small as u64,
        })
    }

    fn lenenc_bytes(&mut self) -> Result<&'a [u8], DbError> {
        let len = self.lenenc()?;
        let len = usize::try_from(len).map_err(|_| DbError::internal("a MySQL value longer than memory"))?;
        self.take(len)
    }
}

/// One binary-protocol row (`0x00`, the NULL bitmap offset by two bits, then each value that is not
/// NULL in its column type's form) written to `out`, with the same values `write_value` gives the
/// `Value`s mysql_async would have parsed from it.
pub fn write_binary_row(out: &mut RowsWriter, packet: &[u8], columns: &[Column]) -> Result<(), DbError> {
    let mut p = Packet { bytes: packet };
    p.u8()?;
    let bitmap = p.take((columns.len() + 7 + 2) / 8)?;
    for (i, col) in columns.iter().enumerate() {
        let bit = i + 2;
        if bitmap[bit / 8] & (1 << (bit % 8)) != 0 {
            out.null();
            continue;
        }
        let unsigned = col.flags().contains(ColumnFlags::UNSIGNED_FLAG);
        match col.column_type() {
            C::MYSQL_TYPE_TINY if unsigned => out.int(p.u8()? as i64),
            C::MYSQL_TYPE_TINY => out.int(p.u8()? as i8 as i64),
            C::MYSQL_TYPE_SHORT | C::MYSQL_TYPE_YEAR if unsigned => out.int(u16::from_le_bytes(p.array()?) as i64),
            C::MYSQL_TYPE_SHORT | C::MYSQL_TYPE_YEAR => out.int(i16::from_le_bytes(p.array()?) as i64),
            C::MYSQL_TYPE_LONG | C::MYSQL_TYPE_INT24 if unsigned => out.int(u32::from_le_bytes(p.array()?) as i64),
            C::MYSQL_TYPE_LONG | C::MYSQL_TYPE_INT24 => out.int(i32::from_le_bytes(p.array()?) as i64),
            C::MYSQL_TYPE_LONGLONG if unsigned => write_uint(out, col, u64::from_le_bytes(p.array()?)),
            C::MYSQL_TYPE_LONGLONG => write_int(out, col, i64::from_le_bytes(p.array()?)),
            C::MYSQL_TYPE_FLOAT => out.f64(f32::from_le_bytes(p.array()?) as f64),
            C::MYSQL_TYPE_DOUBLE => out.f64(f64::from_le_bytes(p.array()?)),
            C::MYSQL_TYPE_TIMESTAMP | C::MYSQL_TYPE_DATE | C::MYSQL_TYPE_NEWDATE | C::MYSQL_TYPE_DATETIME => {
                let len = p.u8()? as usize;
                let mut v = Packet { bytes: p.take(len)? };
                let (mut y, mut m, mut d, mut h, mut i, mut s, mut us) = (0, 0, 0, 0, 0, 0, 0);
                if len >= 4 {
                    (y, m, d) = (u16::from_le_bytes(v.array()?), v.u8()?, v.u8()?);
                }
                if len >= 7 {
                    (h, i, s) = (v.u8()?, v.u8()?, v.u8()?);
                }
                if len >= 11 {
                    us = u32::from_le_bytes(v.array()?);
                }
                write_date(out, col, y, m, d, h, i, s, us)
            }
            C::MYSQL_TYPE_TIME => {
                let len = p.u8()? as usize;
                let mut v = Packet { bytes: p.take(len)? };
                let (mut neg, mut days, mut h, mut i, mut s, mut us) = (false, 0, 0, 0, 0, 0);
                if len >= 8 {
                    neg = v.u8()? == 1;
                    days = u32::from_le_bytes(v.array()?);
                    (h, i, s) = (v.u8()?, v.u8()?, v.u8()?);
                }
                if len >= 12 {
                    us = u32::from_le_bytes(v.array()?);
                }
                out.str(&time_text(neg, days, h, i, s, us))
            }
            C::MYSQL_TYPE_NULL => out.null(),
            C::MYSQL_TYPE_STRING
            | C::MYSQL_TYPE_VAR_STRING
            | C::MYSQL_TYPE_BLOB
            | C::MYSQL_TYPE_TINY_BLOB
            | C::MYSQL_TYPE_MEDIUM_BLOB
            | C::MYSQL_TYPE_LONG_BLOB
            | C::MYSQL_TYPE_SET
            | C::MYSQL_TYPE_ENUM
            | C::MYSQL_TYPE_DECIMAL
            | C::MYSQL_TYPE_VARCHAR
            | C::MYSQL_TYPE_BIT
            | C::MYSQL_TYPE_NEWDECIMAL
            | C::MYSQL_TYPE_GEOMETRY
            | C::MYSQL_TYPE_VECTOR
            | C::MYSQL_TYPE_JSON => write_text(out, col, p.lenenc_bytes()?),
            other => {
                return Err(DbError::internal(format!(
                    "column {} has a type the MySQL binary protocol does not send ({other:?})",
                    col.name_str()
                )))
            }
        }
    }
    Ok(())
}

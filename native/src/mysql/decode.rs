//! One MySQL/MariaDB value → the packed result, as mysql2 maps it under the canonical settings
//! (BIGINT and DECIMAL as text, DATETIME/TIMESTAMP as UTC Date, DATE and TIME as text, binary
//! strings as Buffer). Handles both the binary protocol's typed values and the text protocol's bytes.
use mysql_async::consts::ColumnType as C;
use mysql_async::{Column, Value};

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
    let big = col.column_type() == C::MYSQL_TYPE_LONGLONG;
    match value {
        Value::NULL => out.null(),
        Value::Int(n) if big => out.str_fmt(format_args!("{n}")),
        Value::UInt(n) if big => out.str_fmt(format_args!("{n}")),
        Value::Int(n) => out.int(n),
        Value::UInt(n) => out.int(n as i64),
        // mysql2's binary protocol widens FLOAT as is: 1.1 reads as 1.100000023841858 there too.
        Value::Float(f) => out.f64(f as f64),
        Value::Double(f) => out.f64(f),
        Value::Date(y, m, d, h, i, s, us) => {
            if col.column_type() == C::MYSQL_TYPE_DATE || col.column_type() == C::MYSQL_TYPE_NEWDATE {
                out.str_fmt(format_args!("{y:04}-{m:02}-{d:02}"))
            } else {
                out.date_ms(date_ms(y, m, d, h, i, s, us))
            }
        }
        Value::Time(neg, days, h, i, s, us) => out.str(&time_text(neg, days, h, i, s, us)),
        Value::Bytes(bytes) => write_text(out, col, &bytes),
    }
}

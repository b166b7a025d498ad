//! Bound parameters as mysql_async values: numbers that are whole go as integers, Dates as UTC.
use mysql_async::{Params, Value};

use crate::params::{civil_from_days, Param};
use crate::request::Stmt;

fn to_value(param: &Param) -> Value {
    match param {
        Param::Null => Value::NULL,
        Param::Number(n) if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 => Value::Int(*n as i64),
        Param::Number(n) => Value::Double(*n),
        Param::Text(s) | Param::BigText(s) => Value::Bytes(s.as_bytes().to_vec()),
        Param::BigInt(n) => Value::Int(*n),
        Param::Bool(b) => Value::Int(*b as i64),
        Param::Date(ms) => {
            let ms = *ms as i64;
            let (days, rem) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
            let (y, m, d) = civil_from_days(days);
            let (h, i, s, us) = (rem / 3_600_000, rem / 60_000 % 60, rem / 1000 % 60, rem % 1000 * 1000);
            Value::Date(y as u16, m as u8, d as u8, h as u8, i as u8, s as u8, us as u32)
        }
        Param::Bytes(b) => Value::Bytes(b.clone()),
    }
}

pub fn params(stmt: &Stmt) -> Params {
    if stmt.params.is_empty() {
        Params::Empty
    } else {
        Params::Positional(stmt.params.iter().map(to_value).collect())
    }
}

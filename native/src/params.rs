//! Bound parameters as JS packs them: one tag byte (wire_codes::param_tag), then the value. Each
//! driver turns these into its own wire form, so values never meet the SQL text. Also the number and
//! date formatting the drivers share.
use crate::error::DbError;
use crate::wire::Reader;
use crate::wire_codes::param_tag;

#[derive(Clone, Debug)]
pub enum Param {
    Null,
    Number(f64),
    Text(String),
    BigInt(i64),
    /// A bigint outside i64 (MySQL unsigned, PostgreSQL numeric), as decimal text.
    BigText(String),
    Bool(bool),
    /// A JS Date, as milliseconds since the epoch.
    Date(f64),
    Bytes(Vec<u8>),
}

impl Param {
    pub fn read(r: &mut Reader) -> Result<Param, DbError> {
        Ok(match r.u8()? {
            param_tag::NULL => Param::Null,
            param_tag::NUMBER => Param::Number(r.f64()?),
            param_tag::TEXT => {
                let len = r.u32()? as usize;
                Param::Text(r.str(len)?.to_owned())
            }
            param_tag::BIG_INT => Param::BigInt(r.i64()?),
            param_tag::BIG_TEXT => {
                let len = r.u32()? as usize;
                Param::BigText(r.str(len)?.to_owned())
            }
            param_tag::TRUE => Param::Bool(true),
            param_tag::FALSE => Param::Bool(false),
            param_tag::DATE => Param::Date(r.f64()?),
            param_tag::BYTES => {
                let len = r.u32()? as usize;
                Param::Bytes(r.bytes(len)?.to_vec())
            }
            tag => return Err(DbError::internal(format!("unknown parameter tag {tag}"))),
        })
    }

    pub fn read_list(r: &mut Reader) -> Result<Vec<Param>, DbError> {
        let count = r.u16()? as usize;
        (0..count).map(|_| Param::read(r)).collect()
    }
}

/// Formats a JS number the way `String(n)` does for the values a database can take.
pub fn format_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.is_infinite() {
        if n > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        }
    } else if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{}", n as i128)
    } else {
        format!("{n}")
    }
}

/// ISO-8601 UTC text of a JS Date, as `Date.prototype.toISOString` writes it.
pub fn format_iso_date(ms: f64) -> String {
    let ms = ms as i64;
    let (days, rem) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (y, m, d) = civil_from_days(days);
    let (h, min, s, milli) = (rem / 3_600_000, rem / 60_000 % 60, rem / 1000 % 60, rem % 1000);
    if (0..=9999).contains(&y) {
        format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{milli:03}Z")
    } else {
        let sign = if y < 0 { '-' } else { '+' };
        format!("{sign}{:06}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{milli:03}Z", y.abs())
    }
}

/// Days since 1970-01-01 to (year, month, day) in the proleptic Gregorian calendar (H. Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

/// (year, month, day) to days since 1970-01-01, the inverse of `civil_from_days`.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 } as i64;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

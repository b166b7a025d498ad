//! One PostgreSQL binary column value → the packed result, per the canonical mapping in executor.ts
//! (node-postgres' defaults: int8 and numeric as text, json unparsed, dates as text).
use std::error::Error;

use tokio_postgres::types::{FromSql, Kind, Type};

use super::array_text::array_text;
use super::numeric::numeric_text;
use super::temporal::{date_text, interval_text, time_text, timestamp_ms, timetz_text};
use crate::rows::RowsWriter;
use crate::wire_codes::{tag, HINT_ANY};

/// The raw bytes of any column, whatever its type, so decoding happens once, here.
pub struct Raw<'a>(pub Option<&'a [u8]>);

impl<'a> FromSql<'a> for Raw<'a> {
    fn from_sql(_ty: &Type, raw: &'a [u8]) -> Result<Self, Box<dyn Error + Sync + Send>> {
        Ok(Raw(Some(raw)))
    }

    fn from_sql_null(_ty: &Type) -> Result<Self, Box<dyn Error + Sync + Send>> {
        Ok(Raw(None))
    }

    fn accepts(_ty: &Type) -> bool {
        true
    }
}

/// The tag most values of a column of this type take, so JS can generate a decoder for the shape.
pub fn hint(ty: &Type) -> u8 {
    match *ty {
        Type::BOOL => tag::TRUE,
        Type::INT2 | Type::INT4 | Type::OID => tag::I32,
        Type::FLOAT4 | Type::FLOAT8 => tag::F64,
        Type::TIMESTAMP | Type::TIMESTAMPTZ => tag::DATE,
        Type::BYTEA => HINT_ANY,
        _ => match ty.kind() {
            Kind::Domain(base) => hint(base),
            _ => tag::STR,
        },
    }
}

fn be<const N: usize>(raw: &[u8]) -> Result<[u8; N], String> {
    raw.get(..N)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| "truncated binary value".to_string())
}

fn hex(raw: &[u8]) -> String {
    raw.iter().map(|b| format!("{b:02x}")).collect()
}

fn inet_text(raw: &[u8]) -> Result<String, String> {
    let [family, bits, _is_cidr, len] = be::<4>(raw)?;
    let addr = raw.get(4..4 + len as usize).ok_or("truncated inet")?;
    let (text, full) = if family == 2 {
        (addr.iter().map(|b| b.to_string()).collect::<Vec<_>>().join("."), 32)
    } else {
        let octets: [u8; 16] = addr.try_into().map_err(|_| "bad inet6")?;
        (std::net::Ipv6Addr::from(octets).to_string(), 128)
    };
    Ok(if bits == full { text } else { format!("{text}/{bits}") })
}

pub fn write_value(out: &mut RowsWriter, ty: &Type, raw: Option<&[u8]>) -> Result<(), String> {
    let Some(raw) = raw else {
        out.null();
        return Ok(());
    };
    match *ty {
        Type::BOOL => out.bool(be::<1>(raw)?[0] != 0),
        Type::INT2 => out.int(i16::from_be_bytes(be(raw)?) as i64),
        Type::INT4 => out.int(i32::from_be_bytes(be(raw)?) as i64),
        Type::OID => out.int(u32::from_be_bytes(be(raw)?) as i64),
        Type::INT8 => out.str_i64(i64::from_be_bytes(be(raw)?)),
        // node-postgres parses the server's shortest text form, so a float4 reads as 1.1, not 1.100000023841858.
        Type::FLOAT4 => out.f64(f32::from_be_bytes(be(raw)?).to_string().parse::<f64>().unwrap_or(f64::NAN)),
        Type::FLOAT8 => out.f64(f64::from_be_bytes(be(raw)?)),
        Type::NUMERIC => out.str(&numeric_text(raw).ok_or("bad numeric")?),
        Type::TIMESTAMP | Type::TIMESTAMPTZ => {
            let ms = timestamp_ms(i64::from_be_bytes(be(raw)?));
            if ms.is_finite() { out.date_ms(ms) } else { out.f64(ms) }
        }
        Type::DATE => out.str(&date_text(i32::from_be_bytes(be(raw)?))),
        Type::TIME => out.str(&time_text(i64::from_be_bytes(be(raw)?))),
        Type::TIMETZ => {
            let zone = raw.get(8..).ok_or("truncated timetz")?;
            out.str(&timetz_text(i64::from_be_bytes(be(raw)?), i32::from_be_bytes(be(zone)?)))
        }
        Type::INTERVAL => {
            let rest = raw.get(8..).ok_or("truncated interval")?;
            let days = i32::from_be_bytes(be(rest)?);
            let months = i32::from_be_bytes(be(rest.get(4..).ok_or("truncated interval")?)?);
            out.str(&interval_text(i64::from_be_bytes(be(raw)?), days, months))
        }
        Type::UUID => {
            let h = hex(raw);
            if h.len() != 32 {
                return Err("bad uuid".into());
            }
            out.str_fmt(format_args!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..]))
        }
        Type::JSONB => out.text_bytes(raw.get(1..).unwrap_or_default()),
        Type::BYTEA => out.bytes(raw),
        Type::INET | Type::CIDR => out.str(&inet_text(raw)?),
        Type::MACADDR => out.str(&raw.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":")),
        // Transaction and command ids print as plain numbers, which node-postgres leaves as text.
        Type::XID | Type::CID => out.str_u64(u32::from_be_bytes(be(raw)?) as u64),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::CHAR | Type::JSON | Type::XML | Type::UNKNOWN | Type::VOID => {
            out.text_bytes(raw)
        }
        _ => match ty.kind() {
            Kind::Domain(base) => return write_value(out, base, Some(raw)),
            Kind::Array(element) => out.str(&array_text(element, raw)?),
            Kind::Enum(_) => out.text_bytes(raw),
            _ if ty.name() == "citext" => out.text_bytes(raw),
            _ => {
                return Err(format!(
                    "columns of type {} are not supported by the native executor; cast the column to text or use the js executor",
                    ty.name()
                ))
            }
        },
    }
    Ok(())
}

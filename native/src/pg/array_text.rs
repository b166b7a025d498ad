//! PostgreSQL arrays in the server's own text form (`{1,2,NULL}`, `{"a b",c}`), which is what the js
//! executor returns for them. Elements of the scalar types below are supported; others are refused.
use tokio_postgres::types::{Kind, Type};

use super::numeric::numeric_text;
use super::temporal::{date_text, time_text};

fn be<const N: usize>(raw: &[u8], at: usize) -> Result<[u8; N], String> {
    raw.get(at..at + N)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| "truncated array".to_string())
}

/// float4/float8 as the server prints them: shortest round-trip digits, exponent form outside 1e-4..1e15.
pub fn float_text(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "Infinity".into() } else { "-Infinity".into() };
    }
    let sci = format!("{v:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if v == 0.0 || (-4..15).contains(&exp) {
        return format!("{v}");
    }
    format!("{mantissa}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
}

fn element_text(ty: &Type, raw: &[u8]) -> Result<String, String> {
    let text = |raw: &[u8]| String::from_utf8_lossy(raw).into_owned();
    Ok(match *ty {
        Type::BOOL => {
            if be::<1>(raw, 0)?[0] != 0 {
                "t".into()
            } else {
                "f".into()
            }
        }
        Type::INT2 => i16::from_be_bytes(be(raw, 0)?).to_string(),
        Type::INT4 => i32::from_be_bytes(be(raw, 0)?).to_string(),
        Type::INT8 => i64::from_be_bytes(be(raw, 0)?).to_string(),
        Type::OID => u32::from_be_bytes(be(raw, 0)?).to_string(),
        Type::FLOAT4 => float_text(
            f32::from_be_bytes(be(raw, 0)?)
                .to_string()
                .parse::<f64>()
                .unwrap_or(f64::NAN),
        ),
        Type::FLOAT8 => float_text(f64::from_be_bytes(be(raw, 0)?)),
        Type::NUMERIC => numeric_text(raw).ok_or("bad numeric")?,
        Type::DATE => date_text(i32::from_be_bytes(be(raw, 0)?)),
        Type::TIME => time_text(i64::from_be_bytes(be(raw, 0)?)),
        Type::UUID => {
            let h: String = raw.iter().map(|b| format!("{b:02x}")).collect();
            format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
        }
        Type::JSONB => text(raw.get(1..).unwrap_or_default()),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::CHAR | Type::JSON | Type::XML => text(raw),
        _ if matches!(ty.kind(), Kind::Enum(_)) || ty.name() == "citext" => text(raw),
        _ => {
            return Err(format!(
                "arrays of {} are not supported by the native executor; cast the column to text or use the js executor",
                ty.name()
            ))
        }
    })
}

fn push_element(out: &mut String, value: &str) {
    let plain = !value.is_empty()
        && !value.eq_ignore_ascii_case("NULL")
        && !value.bytes().any(|b| {
            matches!(
                b,
                b'"' | b'\\' | b'{' | b'}' | b',' | b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c
            )
        });
    if plain {
        out.push_str(value);
        return;
    }
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
}

pub fn array_text(element: &Type, raw: &[u8]) -> Result<String, String> {
    let ndim = i32::from_be_bytes(be(raw, 0)?) as usize;
    if ndim == 0 {
        return Ok("{}".into());
    }
    let mut dims = Vec::with_capacity(ndim);
    for d in 0..ndim {
        let len = i32::from_be_bytes(be(raw, 12 + 8 * d)?) as usize;
        let lower = i32::from_be_bytes(be(raw, 16 + 8 * d)?);
        dims.push((len, lower));
    }
    let mut out = String::new();
    if dims.iter().any(|&(_, lower)| lower != 1) {
        for &(len, lower) in &dims {
            out.push_str(&format!("[{lower}:{}]", lower + len as i32 - 1));
        }
        out.push('=');
    }
    let total: usize = dims.iter().map(|&(len, _)| len).product();
    let mut at = 12 + 8 * ndim;
    for i in 0..total {
        // The dimensions element `i` starts are those whose stride divides it; as many end before it.
        let mut stride = total;
        let mut starts = 0;
        for &(len, _) in &dims {
            if i % stride == 0 {
                starts += 1;
            }
            stride /= len.max(1);
        }
        if i > 0 {
            out.push_str(&"}".repeat(starts));
            out.push(',');
        }
        out.push_str(&"{".repeat(starts));
        let len = i32::from_be_bytes(be(raw, at)?);
        at += 4;
        if len < 0 {
            out.push_str("NULL");
        } else {
            let value = raw.get(at..at + len as usize).ok_or("truncated array element")?;
            at += len as usize;
            push_element(&mut out, &element_text(element, value)?);
        }
    }
    out.push_str(&"}".repeat(ndim));
    Ok(out)
}

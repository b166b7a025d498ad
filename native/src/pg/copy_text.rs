//! Rows for `COPY ... FROM STDIN` in PostgreSQL's text format: the server parses each value for its
//! column's type, so no type lookup is needed and values still never touch SQL text.
use crate::params::{format_iso_date, format_number, Param};

fn escape_into(out: &mut Vec<u8>, text: &str) {
    for b in text.bytes() {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
}

pub fn write_value(out: &mut Vec<u8>, value: &Param) {
    match value {
        Param::Null => out.extend_from_slice(b"\\N"),
        Param::Number(n) => out.extend_from_slice(format_number(*n).as_bytes()),
        Param::Text(s) | Param::BigText(s) => escape_into(out, s),
        Param::BigInt(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Param::Bool(b) => out.push(if *b { b't' } else { b'f' }),
        Param::Date(ms) => out.extend_from_slice(format_iso_date(*ms).as_bytes()),
        Param::Bytes(bytes) => {
            out.extend_from_slice(b"\\\\x");
            for byte in bytes {
                out.extend_from_slice(format!("{byte:02x}").as_bytes());
            }
        }
    }
}

pub fn write_row(out: &mut Vec<u8>, row: &[Param]) {
    for (i, value) in row.iter().enumerate() {
        if i > 0 {
            out.push(b'\t');
        }
        write_value(out, value);
    }
    out.push(b'\n');
}

pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

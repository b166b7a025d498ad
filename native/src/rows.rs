//! `RowsWriter`: how the PostgreSQL and MySQL drivers build one result set, in the layout
//! src/core/executor/native/decode-rows.ts reads:
//!
//! `u16 columns`, per column `u8 hint, u16 name length, name`; then `u32 rows, u32 body length`, the
//! body (per row, per column: a tag of wire_codes::tag and its value); then `u32 strings length` and
//! the UTF-8 text of every string value of the result, which JS decodes with one call and slices.
//!
//! SQLite writes the same layout straight into its frame buffer (sqlite/results.rs).
use std::sync::Arc;

use crate::completion::{close_frame, open_frame};
use crate::error::DbError;
use crate::limits::{result_too_large, wire_u32, DEFAULT_MAX_RESULT_BYTES};
use crate::outbox::Outbox;
use crate::spare_buffers;
use crate::wire_codes::{status, tag};

/// Where a large result's rows go before its last row is read: JS decodes each part as it comes,
/// while the server is still sending the rest, instead of decoding the whole result after it.
pub struct PartsTo {
    pub id: u32,
    pub outbox: Arc<Outbox>,
}

/// The values and text a result gathers before they go to JS as a part. Small enough that JS
/// decodes a part in a fraction of the time the server takes to send the next one; large enough
/// that the per-part costs (a frame, a wake-up, a text decode call) stay small beside it.
const PART_BYTES: usize = 64 * 1024;

pub struct RowsWriter {
    header: Vec<u8>,
    body: Vec<u8>,
    strings: String,
    rows: u32,
    limit: usize,
    /// A value whose length does not fit the format's u32: reported by the next `end_row`.
    too_long: bool,
    parts: Option<PartsTo>,
    /// Bytes of values and text already sent as parts, which count against `limit` too.
    sent: usize,
}

impl RowsWriter {
    /// `columns`: (name, the tag values of this column normally take, or wire_codes::HINT_ANY).
    /// A column count or name past u16 (which no database produces) is cut to fit, never mis-framed.
    pub fn new<'a>(columns: impl ExactSizeIterator<Item = (&'a str, u8)>) -> Self {
        let count = columns.len().min(u16::MAX as usize);
        let mut header = Vec::with_capacity(2 + count * 16);
        header.extend_from_slice(&(count as u16).to_le_bytes());
        for (name, hint) in columns.take(count) {
            let mut end = name.len().min(u16::MAX as usize);
            while !name.is_char_boundary(end) {
                end -= 1;
            }
            header.push(hint);
            header.extend_from_slice(&(end as u16).to_le_bytes());
            header.extend_from_slice(&name.as_bytes()[..end]);
        }
        RowsWriter {
            header,
            body: spare_buffers::take(256),
            // SAFETY: the buffer is empty, and an empty byte string is valid UTF-8.
            strings: unsafe { String::from_utf8_unchecked(spare_buffers::take(0)) },
            rows: 0,
            limit: DEFAULT_MAX_RESULT_BYTES,
            too_long: false,
            parts: None,
            sent: 0,
        }
    }

    /// Sends the rows in parts of about PART_BYTES as they are written (`ROWS_PART` frames for the
    /// request `parts.id`); `finish` then holds only the rows after the last part. Once a part is
    /// sent, the request must end with this writer's frame or an error: never run it again.
    pub fn in_parts(mut self, parts: Option<PartsTo>) -> Self {
        self.parts = parts;
        self
    }

    /// The most bytes this result may take before it fails with RESULT_TOO_LARGE.
    pub fn with_limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }

    /// Ends a row; fails once the result outgrows its limit, so memory stays bounded by it.
    pub fn end_row(&mut self) -> Result<(), DbError> {
        self.rows += 1;
        let held = self.body.len() + self.strings.len();
        if self.too_long || self.sent + held > self.limit {
            return Err(result_too_large(self.limit));
        }
        if held >= PART_BYTES && self.parts.is_some() {
            self.send_part()?;
        }
        Ok(())
    }

    fn send_part(&mut self) -> Result<(), DbError> {
        let Some(parts) = &self.parts else { return Ok(()) };
        let mut frame = spare_buffers::take(self.packed_len());
        let at = open_frame(&mut frame, parts.id, status::ROWS_PART);
        self.write_packed(&mut frame)?;
        close_frame(&mut frame, at)?;
        parts.outbox.push(frame);
        self.sent += self.body.len() + self.strings.len();
        self.rows = 0;
        self.body.clear();
        self.strings.clear();
        Ok(())
    }

    fn len_u32(&mut self, len: usize) -> u32 {
        u32::try_from(len).unwrap_or_else(|_| {
            self.too_long = true;
            0
        })
    }

    pub fn null(&mut self) {
        self.body.push(tag::NULL);
    }

    pub fn int(&mut self, v: i64) {
        if let Ok(small) = i32::try_from(v) {
            self.body.push(tag::I32);
            self.body.extend_from_slice(&small.to_le_bytes());
        } else {
            self.f64(v as f64);
        }
    }

    pub fn f64(&mut self, v: f64) {
        self.body.push(tag::F64);
        self.body.extend_from_slice(&v.to_le_bytes());
    }

    pub fn bool(&mut self, v: bool) {
        self.body.push(if v { tag::TRUE } else { tag::FALSE });
    }

    pub fn date_ms(&mut self, ms: f64) {
        self.body.push(tag::DATE);
        self.body.extend_from_slice(&ms.to_le_bytes());
    }

    pub fn bytes(&mut self, v: &[u8]) {
        let len = self.len_u32(v.len());
        self.body.push(tag::BYTES);
        self.body.extend_from_slice(&len.to_le_bytes());
        self.body.extend_from_slice(v);
    }

    /// JS slices strings in UTF-16 code units, so the length written is that, not the byte count.
    pub fn str(&mut self, v: &str) {
        let units = if v.is_ascii() {
            v.len()
        } else {
            v.encode_utf16().count()
        };
        self.str_of_units(v, units);
    }

    fn str_of_units(&mut self, v: &str, units: usize) {
        let units = self.len_u32(units);
        self.body.push(tag::STR);
        self.body.extend_from_slice(&units.to_le_bytes());
        self.strings.push_str(v);
    }

    /// Text whose bytes may not be UTF-8 (a driver's raw column): invalid sequences become U+FFFD, as in
    /// Node's Buffer#toString.
    pub fn text_bytes(&mut self, v: &[u8]) {
        if v.is_ascii() {
            // SAFETY: ASCII is valid UTF-8. One UTF-16 unit per byte, so `str`'s second scan is skipped.
            return self.str_of_units(unsafe { std::str::from_utf8_unchecked(v) }, v.len());
        }
        match std::str::from_utf8(v) {
            Ok(s) => self.str(s),
            Err(_) => self.str(&String::from_utf8_lossy(v)),
        }
    }

    /// An integer as decimal text (BIGINT, which JS numbers cannot hold exactly): digits written
    /// straight into the string section. Through `core::fmt` a BIGINT id cost about as much CPU as
    /// the rest of its row's decoding (a profile of 10,000-row MariaDB selects).
    pub fn str_i64(&mut self, v: i64) {
        if v < 0 {
            self.decimal(true, v.unsigned_abs());
        } else {
            self.decimal(false, v as u64);
        }
    }

    pub fn str_u64(&mut self, v: u64) {
        self.decimal(false, v);
    }

    fn decimal(&mut self, negative: bool, mut v: u64) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        loop {
            at -= 1;
            digits[at] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        if negative {
            self.strings.push('-');
        }
        // SAFETY: every byte written above is an ASCII digit, so the slice is valid UTF-8.
        self.strings
            .push_str(unsafe { std::str::from_utf8_unchecked(&digits[at..]) });
        let units = (digits.len() - at + negative as usize) as u32;
        self.body.push(tag::STR);
        self.body.extend_from_slice(&units.to_le_bytes());
    }

    /// Writes formatted text straight into the string section, without an intermediate String.
    pub fn str_fmt(&mut self, args: std::fmt::Arguments) {
        use std::fmt::Write;
        let start = self.strings.len();
        let _ = self.strings.write_fmt(args);
        let units = self.strings[start..].encode_utf16().count();
        let units = self.len_u32(units);
        self.body.push(tag::STR);
        self.body.extend_from_slice(&units.to_le_bytes());
    }

    /// Appends the packed result to `out`; the writer's sections go back to `spare_buffers` when it drops.
    pub fn finish(self, out: &mut Vec<u8>) -> Result<(), DbError> {
        self.write_packed(out)
    }

    fn packed_len(&self) -> usize {
        9 + self.header.len() + self.body.len() + self.strings.len() + 12
    }

    fn write_packed(&self, out: &mut Vec<u8>) -> Result<(), DbError> {
        let body = wire_u32(self.body.len(), "a result's values")?;
        let strings = wire_u32(self.strings.len(), "a result's text")?;
        out.reserve(self.packed_len());
        out.extend_from_slice(&self.header);
        out.extend_from_slice(&self.rows.to_le_bytes());
        out.extend_from_slice(&body.to_le_bytes());
        out.extend_from_slice(&self.body);
        out.extend_from_slice(&strings.to_le_bytes());
        out.extend_from_slice(self.strings.as_bytes());
        Ok(())
    }
}

impl Drop for RowsWriter {
    fn drop(&mut self) {
        spare_buffers::give(std::mem::take(&mut self.body));
        spare_buffers::give(std::mem::take(&mut self.strings).into_bytes());
    }
}

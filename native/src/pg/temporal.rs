//! PostgreSQL's binary date/time values, as the canonical mapping wants them: timestamps as epoch
//! milliseconds (JS Date), dates and times as the server's own text.
use crate::params::civil_from_days;

/// 2000-01-01, PostgreSQL's epoch, in days and milliseconds after 1970-01-01.
const PG_EPOCH_DAYS: i64 = 10_957;
const PG_EPOCH_MS: i64 = PG_EPOCH_DAYS * 86_400_000;

/// Epoch milliseconds of a timestamp, or ±Infinity; micros floor to whole ms as Date would truncate.
pub fn timestamp_ms(micros: i64) -> f64 {
    match micros {
        i64::MAX => f64::INFINITY,
        i64::MIN => f64::NEG_INFINITY,
        _ => (micros.div_euclid(1000) + PG_EPOCH_MS) as f64,
    }
}

pub fn date_text(days: i32) -> String {
    match days {
        i32::MAX => return "infinity".into(),
        i32::MIN => return "-infinity".into(),
        _ => {}
    }
    let (y, m, d) = civil_from_days(days as i64 + PG_EPOCH_DAYS);
    if y <= 0 {
        format!("{:04}-{m:02}-{d:02} BC", 1 - y)
    } else {
        format!("{y:04}-{m:02}-{d:02}")
    }
}

fn push_clock(out: &mut String, micros: i64) {
    let (h, m, s, frac) = (
        micros / 3_600_000_000,
        micros / 60_000_000 % 60,
        micros / 1_000_000 % 60,
        micros % 1_000_000,
    );
    out.push_str(&format!("{h:02}:{m:02}:{s:02}"));
    if frac != 0 {
        out.push_str(format!(".{frac:06}").trim_end_matches('0'));
    }
}

pub fn time_text(micros: i64) -> String {
    let mut out = String::with_capacity(15);
    push_clock(&mut out, micros);
    out
}

/// `timetz`: the zone is stored in seconds west of UTC; the server prints it east-positive.
pub fn timetz_text(micros: i64, zone_west: i32) -> String {
    let mut out = time_text(micros);
    let east = -zone_west;
    let (sign, abs) = if east < 0 { ('-', -east) } else { ('+', east) };
    out.push_str(&format!("{sign}{:02}", abs / 3600));
    if abs % 3600 != 0 {
        out.push_str(&format!(":{:02}", abs / 60 % 60));
    }
    if abs % 60 != 0 {
        out.push_str(&format!(":{:02}", abs % 60));
    }
    out
}

/// `interval` in the server's default ("postgres") IntervalStyle.
pub fn interval_text(micros: i64, days: i32, months: i32) -> String {
    let mut parts: Vec<String> = Vec::new();
    let (years, mons) = (months / 12, months % 12);
    let mut unit = |n: i64, one: &str, many: &str| {
        if n != 0 {
            parts.push(format!("{n} {}", if n == 1 { one } else { many }));
        }
    };
    unit(years as i64, "year", "years");
    unit(mons as i64, "mon", "mons");
    unit(days as i64, "day", "days");
    if micros != 0 || parts.is_empty() {
        let mut clock = String::new();
        if micros < 0 {
            clock.push('-');
        } else if months < 0 || days < 0 {
            clock.push('+');
        }
        push_clock(&mut clock, micros.abs());
        parts.push(clock);
    }
    parts.join(" ")
}

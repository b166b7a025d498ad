//! Bounds on what one completion may carry, and the checked conversion of every length written into
//! the wire format: a length that does not fit is an error, never a truncated frame.
use crate::error::{DbError, ErrorKind};

/// What a result set may grow to unless the executor was opened with another `maxResultBytes`.
pub const DEFAULT_MAX_RESULT_BYTES: usize = 256 << 20;

/// Past this no result could cross anyway: JS decodes a result's strings with one call, and V8 makes
/// no string longer than 2^29 UTF-16 units.
pub const MAX_RESULT_CEILING: usize = 1 << 30;

/// The configured limit, or the default for 0, never above the ceiling.
pub fn max_result_bytes(configured: f64) -> usize {
    if configured.is_finite() && configured >= 1.0 {
        (configured as usize).min(MAX_RESULT_CEILING)
    } else {
        DEFAULT_MAX_RESULT_BYTES
    }
}

pub fn result_too_large(limit: usize) -> DbError {
    let size = if limit >= 1 << 20 {
        format!("{:.0} MiB", limit as f64 / (1 << 20) as f64)
    } else {
        format!("{limit} bytes")
    };
    DbError::new(
        ErrorKind::Usage,
        Some("RESULT_TOO_LARGE".into()),
        format!(
            "the result is larger than {size} (maxResultBytes), so it was not loaded into memory: \
             read it in chunks with QuerySet.iterator({{ chunkSize }}), or raise maxResultBytes"
        ),
    )
}

/// A length as the u32 the wire format carries.
pub fn wire_u32(len: usize, what: &str) -> Result<u32, DbError> {
    u32::try_from(len).map_err(|_| DbError::usage(format!("{what} is {len} bytes, more than one frame can carry")))
}

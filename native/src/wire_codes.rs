//! Every number the request and completion layouts share with JS, named once: the TypeScript side
//! names them once too, in src/core/executor/native/wire-codes.ts, and test/native/wire-codes.test.ts
//! compares the two through `wireCodes()`.
use std::collections::HashMap;

use napi_derive::napi;

/// A module of `u8` constants, plus `ALL`: their names and values, for `wireCodes()`.
macro_rules! codes {
    ($(#[$doc:meta])* $group:ident { $($(#[$item_doc:meta])* $name:ident = $value:literal,)* }) => {
        $(#[$doc])*
        pub mod $group {
            $($(#[$item_doc])* pub const $name: u8 = $value;)*
            /// Every code of this group with its name.
            pub const ALL: &[(&str, u8)] = &[$((stringify!($name), $name),)*];
        }
    };
}

/// A `u8` enum, plus `ALL`: its variants' names and values, for `wireCodes()`.
macro_rules! code_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $value:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub enum $name {
            $($variant = $value,)*
        }

        impl $name {
            /// Every variant with its name.
            pub const ALL: &[(&str, u8)] = &[$((stringify!($variant), $name::$variant as u8),)*];
        }
    };
}

codes! {
    /// What a request asks for: its first byte (request.rs, request-writer.ts).
    op {
        QUERY = 1,
        EXECUTE = 2,
        BATCH = 3,
        ACQUIRE = 4,
        RELEASE = 5,
        SERVER_VERSION = 6,
        COPY_INSERT = 7,
        DEFINE_SQL = 8,
        /// Test hook: the request panics inside the addon.
        PANIC = 9,
        /// Runs a SELECT whose rows are then read in chunks (QuerySet.iterator): the stream's id is the request's.
        STREAM_OPEN = 10,
        /// The next rows of an open stream, at most the count asked; fewer means the result is exhausted.
        STREAM_NEXT = 11,
        /// Ends a stream before its result is exhausted.
        STREAM_CLOSE = 12,
    }
}

codes! {
    /// Bits of a request's flags byte (and of each statement's in a batch).
    flag {
        /// Integers come back as i64 (JS bigint) rather than numbers (SQLite).
        SAFE_INTEGERS = 1,
        /// A released connection must be closed rather than returned to the pool.
        BROKEN = 2,
    }
}

codes! {
    /// What a completion frame carries: `u32 id, u8 status, u32 length, payload` (completion.rs).
    status {
        ROWS = 0,
        EXEC = 1,
        ERROR = 2,
        ACQUIRED = 3,
        TEXT = 4,
        BATCH = 5,
        DONE = 6,
        /// Rows of a result still being read, sent ahead of the request's last frame (rows.rs).
        ROWS_PART = 7,
    }
}

codes! {
    /// The tag before each value of a result set (rows.rs, decode-rows.ts); also a column's hint.
    tag {
        NULL = 0,
        I32 = 1,
        F64 = 2,
        /// u32 length in UTF-16 code units; the text itself is in the result's string section.
        STR = 3,
        BYTES = 4,
        TRUE = 5,
        FALSE = 6,
        /// f64 epoch milliseconds (a JS Date).
        DATE = 7,
        I64 = 8,
    }
}

codes! {
    /// The tag before each bound parameter of a request (params.rs, request-writer.ts). Not the
    /// result tags: a JS number is always sent as a double, and a bigint outside i64 as text.
    param_tag {
        NULL = 0,
        NUMBER = 1,
        TEXT = 2,
        BIG_INT = 3,
        /// A bigint outside i64, as decimal text.
        BIG_TEXT = 4,
        TRUE = 5,
        FALSE = 6,
        DATE = 7,
        BYTES = 8,
    }
}

codes! {
    /// How an `exec` completion's insert id is given: none, an f64, an i64 (safe integers, or past
    /// 2^53), or a u64 past i64 (MySQL BIGINT UNSIGNED).
    insert_id {
        NONE = 0,
        NUMBER = 1,
        BIG_INT = 2,
        BIG_UNSIGNED = 3,
    }
}

/// The hint of a column whose values may take any tag (SQLite's dynamic typing, bytes, MySQL BIT).
pub const HINT_ANY: u8 = 255;

code_enum! {
    /// An error's kind: the first byte of an error payload (error.rs), which picks the Oxen error class.
    ErrorKind {
        Query = 1,
        Connection = 2,
        Auth = 3,
        PoolTimeout = 4,
        PoolClosed = 5,
        Internal = 6,
        Usage = 7,
    }
}

/// The codes by group, each by its Rust name (`wireCodes()` in lib.rs).
#[napi(object)]
pub struct WireCodes {
    pub op: HashMap<String, u32>,
    pub flag: HashMap<String, u32>,
    pub status: HashMap<String, u32>,
    pub tag: HashMap<String, u32>,
    pub param_tag: HashMap<String, u32>,
    pub insert_id: HashMap<String, u32>,
    pub error_kind: HashMap<String, u32>,
    pub hint_any: u32,
}

impl WireCodes {
    pub fn new() -> Self {
        WireCodes {
            op: by_name(op::ALL),
            flag: by_name(flag::ALL),
            status: by_name(status::ALL),
            tag: by_name(tag::ALL),
            param_tag: by_name(param_tag::ALL),
            insert_id: by_name(insert_id::ALL),
            error_kind: by_name(ErrorKind::ALL),
            hint_any: HINT_ANY as u32,
        }
    }
}

fn by_name(codes: &[(&str, u8)]) -> HashMap<String, u32> {
    codes
        .iter()
        .map(|&(name, value)| (name.to_string(), value as u32))
        .collect()
}

//! Oxen's native executor. JS packs requests into one buffer per tick; PostgreSQL and MySQL run on a
//! small tokio runtime of our own and send completions back in batches; SQLite runs synchronously.
//! Every result set crosses the boundary as one packed buffer that JS decodes.
mod backend;
mod client;
mod completion;
mod driver;
mod error;
#[cfg(target_os = "linux")]
mod event_loop;
mod js_bytes;
mod limits;
mod mysql;
mod outbox;
mod params;
mod pg;
mod pool;
mod request;
mod rows;
mod runtime;
mod spare_buffers;
mod sqlite;
mod sqlite_client;
mod wire;
mod wire_codes;

use napi_derive::napi;

use crate::wire_codes::WireCodes;

#[napi(object)]
pub struct NativeBuildInfo {
    pub version: String,
    pub profile: String,
    pub sqlite_version: String,
    /// Built with the `test-hooks` feature (the panic-injection request): test builds only.
    pub test_hooks: bool,
}

#[napi(catch_unwind)]
pub fn native_build_info() -> NativeBuildInfo {
    NativeBuildInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        profile: if cfg!(debug_assertions) { "debug" } else { "release" }.to_string(),
        sqlite_version: rusqlite::version().to_string(),
        test_hooks: cfg!(feature = "test-hooks"),
    }
}

/// The numbers of the request and completion layouts by their Rust names, for the test comparing them
/// with src/core/executor/native/wire-codes.ts.
#[napi(catch_unwind)]
pub fn wire_codes() -> WireCodes {
    WireCodes::new()
}

//! The JS-facing client for PostgreSQL and MySQL: `submit` hands over a packed batch of requests
//! (one N-API call per tick), `drain` takes every completion ready so far (one call per wake-up).
use std::cell::RefCell;
use std::sync::Arc;
use std::time::Duration;

use napi::bindgen_prelude::{Function, JsValue, Unknown};

use crate::js_bytes::bytes_mut;
use napi::{Env, Error, Result, Status};
use napi_derive::napi;

use crate::backend::{Backend, PoolBackend};
use crate::error::DbError;
use crate::limits::max_result_bytes;
use crate::mysql::driver::MysqlDriver;
use crate::outbox::Outbox;
use crate::pg::driver::PgDriver;
use crate::pool::{Pool, PoolConfig};
use crate::request::{read_requests, SqlTable};
use crate::runtime::Place;

#[napi(object)]
pub struct ConnectOptions {
    pub dialect: String,
    pub host: String,
    pub port: u32,
    pub user: String,
    pub password: Option<String>,
    pub database: String,
    /// The URL with its password redacted; names the pool in errors.
    pub name: String,
    pub pool_size: u32,
    pub max_overflow: u32,
    pub pool_timeout_ms: f64,
    pub pool_recycle_ms: f64,
    pub pre_ping: bool,
    /// PostgreSQL: statements one connection carries at once before the pool prefers another.
    pub pipeline: u32,
    pub connect_timeout_ms: f64,
    /// Server-side limit per statement (PostgreSQL statement_timeout, MariaDB max_statement_time).
    pub statement_timeout_ms: Option<f64>,
    pub application_name: Option<String>,
    pub overflow_idle_ms: f64,
    /// Past this a result fails with RESULT_TOO_LARGE instead of growing (0: the default, 256 MiB).
    pub max_result_bytes: Option<f64>,
    /// The runtime on a thread of its own instead of Node's event loop (performance.nativeRuntime).
    pub runtime_thread: Option<bool>,
    /// PostgreSQL behind PgBouncer in transaction mode: unnamed statements, the time zone SET after connecting.
    pub pgbouncer: Option<bool>,
}

fn pool_config(o: &ConnectOptions) -> PoolConfig {
    PoolConfig {
        name: o.name.clone(),
        size: o.pool_size.max(1),
        overflow: o.max_overflow,
        timeout: Duration::from_secs_f64(o.pool_timeout_ms.max(0.0) / 1000.0),
        recycle: (o.pool_recycle_ms > 0.0).then(|| Duration::from_secs_f64(o.pool_recycle_ms / 1000.0)),
        pre_ping: o.pre_ping,
        overflow_idle: Duration::from_secs_f64(o.overflow_idle_ms.max(0.0) / 1000.0),
    }
}

fn postgres(o: &ConnectOptions) -> PgDriver {
    let mut config = tokio_postgres::Config::new();
    let app = o.application_name.as_deref().unwrap_or("oxen");
    config
        .host(&o.host)
        .port(o.port as u16)
        .user(&o.user)
        .dbname(&o.database)
        .application_name(app);
    if let Some(password) = &o.password {
        config.password(password);
    }
    // UTC sessions: a `timestamp` column compared with a bound instant is converted in the session's
    // time zone, so only UTC makes it read as the UTC Oxen documents, whatever the server's default.
    // PgBouncer refuses the `options` startup parameter: there the time zone is SET after connecting
    // (pg/driver.rs), and the TypeScript side refuses a statement timeout.
    let pgbouncer = o.pgbouncer.unwrap_or(false);
    if !pgbouncer {
        let mut options = String::from("-c TimeZone=UTC");
        if let Some(ms) = o.statement_timeout_ms {
            options.push_str(&format!(" -c statement_timeout={}", ms.round() as u64));
        }
        config.options(&options);
    }
    config.connect_timeout(Duration::from_secs_f64(o.connect_timeout_ms.max(1.0) / 1000.0));
    // PgBouncer 1.18 in transaction mode misreads requests pipelined behind a large one ("invalid
    // frontend message type 0", seen with concurrent bulk inserts): one statement per connection.
    let pipeline = if pgbouncer { 1 } else { o.pipeline.max(1) };
    PgDriver {
        config,
        name: Arc::from(o.name.as_str()),
        share_limit: if pgbouncer { 1 } else { pipeline * 4 },
        spread_at: pipeline,
        max_result: max_result_bytes(o.max_result_bytes.unwrap_or(0.0)),
        pgbouncer,
    }
}

fn mysql(o: &ConnectOptions) -> MysqlDriver {
    let opts = mysql_async::OptsBuilder::default()
        .ip_or_hostname(o.host.clone())
        .tcp_port(o.port as u16)
        .user(Some(o.user.clone()))
        .pass(o.password.clone())
        .db_name((!o.database.is_empty()).then(|| o.database.clone()))
        // Statements are cached per connection by SQL id in mysql/driver.rs instead.
        .stmt_cache_size(0)
        // mysql2 sets CLIENT_FOUND_ROWS: UPDATE reports the rows it matched, not only those it changed.
        .client_found_rows(true)
        .prefer_socket(false)
        .conn_ttl(None)
        // TIMESTAMP columns then store and return the UTC instants the parameters carry.
        .init(vec!["SET time_zone = '+00:00'".to_string()]);
    MysqlDriver {
        opts: opts.into(),
        name: Arc::from(o.name.as_str()),
        statement_timeout_ms: o.statement_timeout_ms,
        connect_timeout: Duration::from_secs_f64(o.connect_timeout_ms.max(1.0) / 1000.0),
        max_result: max_result_bytes(o.max_result_bytes.unwrap_or(0.0)),
    }
}

#[napi]
pub struct NativeClient {
    backend: Arc<dyn Backend>,
    outbox: Arc<Outbox>,
    sql: RefCell<SqlTable>,
}

pub fn to_napi(err: DbError) -> Error {
    Error::new(Status::GenericFailure, err.message)
}

#[napi]
impl NativeClient {
    /// `wake` is called with no arguments whenever completions are waiting to be drained.
    #[napi(catch_unwind, constructor)]
    pub fn new(env: Env, options: ConnectOptions, wake: Function<(), ()>) -> Result<Self> {
        let place = Place::choose(env.raw(), options.runtime_thread.unwrap_or(false));
        let outbox = Outbox::create(env.raw(), wake.raw())?;
        let config = pool_config(&options);
        let backend: Arc<dyn Backend> = match options.dialect.as_str() {
            "postgres" => PoolBackend::new(Pool::new(postgres(&options), config), outbox.clone(), place),
            "mysql" => PoolBackend::new(Pool::new(mysql(&options), config), outbox.clone(), place),
            other => {
                return Err(Error::new(
                    Status::InvalidArg,
                    format!("the native client does not serve {other}"),
                ))
            }
        };
        Ok(NativeClient {
            backend,
            outbox,
            sql: RefCell::new(SqlTable::new()),
        })
    }

    #[napi(catch_unwind, ts_args_type = "requests: Uint8Array, length: number")]
    pub fn submit(&self, env: Env, requests: Unknown, length: u32) -> Result<()> {
        // SAFETY: `requests` is this call's argument and its slice is dropped before the call returns:
        // `read_requests` copies every SQL text and parameter out of it. No other slice is taken.
        let requests = unsafe { bytes_mut(&env, &requests)? };
        let requests = requests
            .get(..length as usize)
            .ok_or_else(|| Error::new(Status::InvalidArg, "length past the buffer"))?;
        let parsed = read_requests(requests, &mut self.sql.borrow_mut()).map_err(to_napi)?;
        self.backend.clone().submit(parsed);
        Ok(())
    }

    /// Copies finished completions into `out` (JS reuses one buffer): returns the bytes written, 0 when
    /// none are waiting, or minus the size of a completion too large for `out`.
    #[napi(catch_unwind, ts_args_type = "out: Uint8Array")]
    pub fn drain(&self, env: Env, out: Unknown) -> Result<i64> {
        // SAFETY: `out` is this call's argument, only written by `drain` within the call, and the only
        // slice taken.
        Ok(self.outbox.drain(unsafe { bytes_mut(&env, &out)? }))
    }

    /// While statements are in flight the client keeps the process alive; idle, it does not.
    #[napi(catch_unwind)]
    pub fn set_active(&self, env: Env, active: bool) {
        self.outbox.set_active(env.raw(), active);
    }

    /// [total, idle, inUse, waiting, max]
    #[napi(catch_unwind)]
    pub fn status(&self) -> Vec<u32> {
        let s = self.backend.status();
        vec![s.total, s.idle, s.in_use, s.waiting, s.max]
    }

    #[napi(catch_unwind)]
    pub fn close(&self) {
        self.backend.close();
        self.outbox.release();
    }
}

impl Drop for NativeClient {
    /// Runs in the GC's finalizer, where a panic would abort Node: contained, as in every entry point.
    fn drop(&mut self) {
        let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.backend.close();
            self.outbox.release();
        }));
    }
}

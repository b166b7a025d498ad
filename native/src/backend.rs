//! Runs submitted requests on the shared runtime against a pool: each request is its own task, so
//! statements from one submission proceed concurrently (and pipeline on PostgreSQL). Pinned
//! connections live here between `acquire` and `release`.
use std::any::Any;
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use futures_util::FutureExt;
use tokio::sync::watch;

use crate::completion;
use crate::driver::Driver;
use crate::error::DbError;
use crate::outbox::Outbox;
use crate::pool::{Lease, Pool, Status};
use crate::request::{Body, Request};
use crate::runtime;

pub trait Backend: Send + Sync {
    fn submit(self: Arc<Self>, requests: Vec<Request>);
    fn status(&self) -> Status;
    fn close(&self);
}

pub struct PoolBackend<D: Driver> {
    pool: Arc<Pool<D>>,
    pinned: Mutex<HashMap<u32, Lease<D>>>,
    next_pin: AtomicU32,
    closed: watch::Sender<bool>,
    outbox: Arc<Outbox>,
}

pub fn panic_message(panic: &(dyn Any + Send)) -> String {
    let text = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned());
    format!(
        "the native executor panicked: {}",
        text.unwrap_or_else(|| "unknown cause".into())
    )
}

impl<D: Driver> PoolBackend<D> {
    pub fn new(pool: Arc<Pool<D>>, outbox: Arc<Outbox>) -> Arc<Self> {
        let (closed, _) = watch::channel(false);
        pool.spawn_reaper();
        Arc::new(PoolBackend {
            pool,
            pinned: Mutex::new(HashMap::new()),
            next_pin: AtomicU32::new(1),
            closed,
            outbox,
        })
    }

    fn pinned(&self) -> std::sync::MutexGuard<'_, HashMap<u32, Lease<D>>> {
        self.pinned.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs one request; closing the pool cancels it and a panic inside it becomes its error.
    async fn guarded(self: Arc<Self>, request: Request) -> Vec<u8> {
        let id = request.id;
        let mut closed = self.closed.subscribe();
        let work = AssertUnwindSafe(self.clone().run(request)).catch_unwind();
        tokio::select! {
            biased;
            done = work => done.unwrap_or_else(|panic| completion::error(id, &DbError::internal(panic_message(&*panic)))),
            _ = closed.wait_for(|c| *c) => completion::error(id, &DbError::closed()),
        }
    }

    async fn run(self: Arc<Self>, request: Request) -> Vec<u8> {
        let id = request.id;
        let result = match request.body {
            Body::Acquire => self.acquire(id).await,
            Body::Release { broken } => {
                let lease = self.pinned().remove(&request.conn);
                if let Some(mut lease) = lease {
                    lease.broken = broken;
                }
                Ok(completion::done(id))
            }
            Body::Panic => panic!("panic requested through the test hook"),
            body => self.on_connection(id, request.conn, body).await,
        };
        result.unwrap_or_else(|err| completion::error(id, &err))
    }

    async fn acquire(&self, id: u32) -> Result<Vec<u8>, DbError> {
        let lease = self.pool.checkout(true).await?;
        let pin = self.next_pin.fetch_add(1, Ordering::Relaxed);
        self.pinned().insert(pin, lease);
        Ok(completion::acquired(id, pin))
    }

    async fn on_connection(&self, id: u32, pin: u32, body: Body) -> Result<Vec<u8>, DbError> {
        if pin != 0 {
            let conn = self.pinned().get(&pin).map(|lease| lease.conn.clone());
            let conn = conn.ok_or_else(|| DbError::usage("this connection was already released"))?;
            return Self::dispatch(id, &conn, body).await;
        }
        let mut lease = self.pool.checkout(false).await?;
        let result = Self::dispatch(id, &lease.conn, body).await;
        if let Err(err) = &result {
            lease.broken = err.breaks_connection() || D::is_closed(&lease.conn);
        }
        result
    }

    async fn dispatch(id: u32, conn: &D::Conn, body: Body) -> Result<Vec<u8>, DbError> {
        Ok(match body {
            Body::Query(stmt) => completion::rows(id, D::query(conn, &stmt).await?),
            Body::Execute(stmt) => completion::exec(id, &D::execute(conn, &stmt).await?),
            Body::Batch(stmts) => completion::batch(id, D::batch(conn, &stmts).await?),
            Body::CopyInsert(rows) => completion::exec(id, &D::copy_insert(conn, &rows).await?),
            Body::ServerVersion => completion::text(id, &D::server_version(conn).await?),
            Body::Acquire | Body::Release { .. } | Body::Panic => {
                return Err(DbError::internal("request routed to a connection"))
            }
        })
    }
}

impl<D: Driver> Backend for PoolBackend<D> {
    /// One wake-up of the runtime thread per submission: the tasks for its requests are spawned from
    /// inside the runtime, where spawning costs no system call.
    fn submit(self: Arc<Self>, requests: Vec<Request>) {
        runtime::handle().spawn(async move {
            for request in requests {
                let this = self.clone();
                tokio::spawn(async move {
                    let outbox = this.outbox.clone();
                    outbox.push(this.guarded(request).await);
                });
            }
        });
    }

    fn status(&self) -> Status {
        self.pool.status()
    }

    fn close(&self) {
        // Connections may only be dropped inside the runtime (drivers spawn their shutdown there).
        let _inside = runtime::handle().enter();
        self.closed.send_replace(true);
        self.pool.close();
        self.pinned().clear();
    }
}

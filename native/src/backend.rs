//! Runs submitted requests on the shared runtime against a pool: each request is its own task, so
//! statements from one submission proceed concurrently (and pipeline on PostgreSQL). Pinned
//! connections live here between `acquire` and `release`.
use std::any::Any;
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use futures_util::FutureExt;
use tokio::sync::{mpsc, oneshot, watch};

use crate::completion;
use crate::driver::{Driver, StreamCommand, StreamEnd};
use crate::error::DbError;
use crate::outbox::Outbox;
use crate::pool::{Lease, Pool, Status};
use crate::request::{Body, Request, Stmt};
use crate::rows::PartsTo;
use crate::runtime::{self, Place};

pub trait Backend: Send + Sync {
    fn submit(self: Arc<Self>, requests: Vec<Request>);
    fn status(&self) -> Status;
    fn close(&self);
}

pub struct PoolBackend<D: Driver> {
    pool: Arc<Pool<D>>,
    pinned: Mutex<HashMap<u32, Lease<D>>>,
    next_pin: AtomicU32,
    /// Open streams by the id of the request that opened them: where their next-rows commands go.
    streams: Mutex<HashMap<u32, mpsc::Sender<StreamCommand>>>,
    closed: watch::Sender<bool>,
    outbox: Arc<Outbox>,
    place: Place,
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

/// Marks a pinned connection broken if a panic unwinds past it: JS releases it later, and the pool
/// must then close it rather than hand it out again.
struct BreakOnPanic<'a, D: Driver> {
    backend: &'a PoolBackend<D>,
    pin: u32,
}

impl<D: Driver> Drop for BreakOnPanic<'_, D> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            if let Some(lease) = self.backend.pinned().get_mut(&self.pin) {
                lease.broken = true;
            }
        }
    }
}

impl<D: Driver> PoolBackend<D> {
    pub fn new(pool: Arc<Pool<D>>, outbox: Arc<Outbox>, place: Place) -> Arc<Self> {
        let (closed, _) = watch::channel(false);
        pool.spawn_reaper(place.handle());
        Arc::new(PoolBackend {
            pool,
            pinned: Mutex::new(HashMap::new()),
            next_pin: AtomicU32::new(1),
            streams: Mutex::new(HashMap::new()),
            closed,
            outbox,
            place,
        })
    }

    fn pinned(&self) -> std::sync::MutexGuard<'_, HashMap<u32, Lease<D>>> {
        self.pinned.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn streams(&self) -> std::sync::MutexGuard<'_, HashMap<u32, mpsc::Sender<StreamCommand>>> {
        self.streams.lock().unwrap_or_else(|p| p.into_inner())
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
                    // A connection marked broken (a panic on it) stays broken whatever JS says.
                    lease.broken |= broken;
                }
                Ok(completion::done(id))
            }
            #[cfg(feature = "test-hooks")]
            Body::Panic => {
                // On a pinned connection, as a driver's panic would happen: the connection must not serve again.
                let _mark = BreakOnPanic {
                    backend: &*self,
                    pin: request.conn,
                };
                panic!("panic requested through the test hook")
            }
            Body::StreamOpen(stmt) => self.open_stream(id, request.conn, stmt).await,
            Body::StreamNext { stream, count } => self.next_rows(id, stream, count).await,
            Body::StreamClose { stream } => {
                // The stream's task sees its commands end and gives its connection back.
                self.streams().remove(&stream);
                Ok(completion::done(id))
            }
            body => self.on_connection(id, request.conn, body).await,
        };
        result.unwrap_or_else(|err| completion::error(id, &err))
    }

    /// Starts the stream's own task, which holds the connection (pinned, or one of the pool's to
    /// itself) from the statement's start to its last row, and answers once the rows can be read.
    async fn open_stream(self: Arc<Self>, id: u32, pin: u32, stmt: Stmt) -> Result<Vec<u8>, DbError> {
        let (commands, receiver) = mpsc::channel(1);
        let (opened, was_opened) = oneshot::channel();
        self.streams().insert(id, commands);
        let this = self.clone();
        runtime::spawn(async move {
            let mut closed = this.closed.subscribe();
            let serve = AssertUnwindSafe(this.serve_stream(pin, stmt, opened, receiver)).catch_unwind();
            tokio::select! {
                biased;
                _ = serve => {}
                _ = closed.wait_for(|c| *c) => {}
            }
            this.streams().remove(&id);
        });
        match was_opened.await {
            Ok(Ok(())) => Ok(completion::done(id)),
            Ok(Err(err)) => Err(err),
            Err(_) => Err(DbError::internal("the stream's task ended before its statement ran")),
        }
    }

    async fn serve_stream(
        &self,
        pin: u32,
        stmt: Stmt,
        opened: oneshot::Sender<Result<(), DbError>>,
        commands: mpsc::Receiver<StreamCommand>,
    ) {
        if pin != 0 {
            let conn = self.pinned().get(&pin).map(|lease| lease.conn.clone());
            match conn {
                Some(conn) => {
                    let _mark = BreakOnPanic { backend: self, pin };
                    D::stream(&conn, &stmt, opened, commands).await;
                }
                None => {
                    let _ = opened.send(Err(DbError::usage("this connection was already released")));
                }
            }
            return;
        }
        let mut lease = match self.pool.checkout(true).await {
            Ok(lease) => lease,
            Err(err) => {
                let _ = opened.send(Err(err));
                return;
            }
        };
        lease.broken = true;
        let end = D::stream(&lease.conn, &stmt, opened, commands).await;
        // Rows still unread would have to be read and dropped before the connection serves again: a
        // new connection is cheaper than an unbounded drain.
        lease.broken = end != StreamEnd::Exhausted || D::is_closed(&lease.conn);
    }

    async fn next_rows(&self, id: u32, stream: u32, count: u32) -> Result<Vec<u8>, DbError> {
        let commands = self.streams().get(&stream).cloned();
        let commands = commands.ok_or_else(|| DbError::usage("this stream is closed"))?;
        let (reply, answer) = oneshot::channel();
        let ended = || DbError::internal("the stream's task ended while rows were asked of it");
        commands
            .send(StreamCommand { count, reply })
            .await
            .map_err(|_| ended())?;
        let rows = answer.await.map_err(|_| ended())??;
        completion::rows(id, rows)
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
            let _mark = BreakOnPanic { backend: self, pin };
            return self.dispatch(id, &conn, body).await;
        }
        let mut lease = self.pool.checkout(false).await?;
        // Broken until the statement returns: a panic unwinding through here drops the lease, and a
        // connection whose driver panicked mid-protocol must not serve again.
        lease.broken = true;
        let result = self.dispatch(id, &lease.conn, body).await;
        lease.broken = false;
        if let Err(err) = &result {
            lease.broken = err.breaks_connection() || D::is_closed(&lease.conn);
        }
        result
    }

    async fn dispatch(&self, id: u32, conn: &D::Conn, body: Body) -> Result<Vec<u8>, DbError> {
        Ok(match body {
            Body::Query(stmt) => {
                let parts = PartsTo {
                    id,
                    outbox: self.outbox.clone(),
                };
                completion::rows(id, D::query(conn, &stmt, Some(parts)).await?)?
            }
            Body::Execute(stmt) => completion::exec(id, &D::execute(conn, &stmt).await?),
            Body::Batch(stmts) => completion::batch(id, D::batch(conn, &stmts).await?)?,
            Body::CopyInsert(rows) => completion::exec(id, &D::copy_insert(conn, &rows).await?),
            Body::ServerVersion => completion::text(id, &D::server_version(conn).await?),
            #[cfg(feature = "test-hooks")]
            Body::Panic => return Err(DbError::internal("request routed to a connection")),
            Body::Acquire
            | Body::Release { .. }
            | Body::StreamOpen(_)
            | Body::StreamNext { .. }
            | Body::StreamClose { .. } => return Err(DbError::internal("request routed to a connection")),
        })
    }
}

impl<D: Driver> Backend for PoolBackend<D> {
    /// The tasks for a submission's requests are spawned from inside the runtime, where spawning costs
    /// no system call: one wake-up of the runtime thread per submission, or none on the main loop.
    fn submit(self: Arc<Self>, requests: Vec<Request>) {
        self.place.submit(move || {
            for request in requests {
                let this = self.clone();
                runtime::spawn(async move {
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
        let _inside = self.place.handle().enter();
        self.closed.send_replace(true);
        self.pool.close();
        self.pinned().clear();
        self.streams().clear();
    }
}

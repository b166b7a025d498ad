//! A connection pool shared by the PostgreSQL and MySQL drivers. A connection carries up to the
//! driver's share limit of statements at once (pipelining on PostgreSQL, one on MySQL); a pinned
//! connection carries only its owner's.
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use crate::driver::Driver;
use crate::error::{DbError, ErrorKind};

/// A connection that answered this recently is not pinged again before reuse.
const PING_AFTER_IDLE: Duration = Duration::from_secs(1);

pub struct PoolConfig {
    /// The redacted URL, used to name the pool in errors.
    pub name: String,
    pub size: u32,
    pub overflow: u32,
    pub timeout: Duration,
    pub recycle: Option<Duration>,
    pub pre_ping: bool,
    /// How long a connection above `size` may stay idle before it is closed.
    pub overflow_idle: Duration,
}

struct Slot<C> {
    id: u64,
    conn: Arc<C>,
    in_flight: u32,
    pinned: bool,
    broken: bool,
    created: Instant,
    idle_since: Instant,
}

struct State<C> {
    slots: Vec<Slot<C>>,
    opening: u32,
    waiting: u32,
    closed: bool,
    next_id: u64,
}

pub struct Pool<D: Driver> {
    pub driver: D,
    config: PoolConfig,
    state: Mutex<State<D::Conn>>,
    freed: Notify,
}

#[derive(Clone, Copy)]
pub struct Status {
    pub total: u32,
    pub idle: u32,
    pub in_use: u32,
    pub waiting: u32,
    pub max: u32,
}

pub struct Lease<D: Driver> {
    pool: Arc<Pool<D>>,
    slot: u64,
    pub conn: Arc<D::Conn>,
    pub broken: bool,
}

impl<D: Driver> Drop for Lease<D> {
    fn drop(&mut self) {
        self.pool.give_back(self.slot, self.broken);
    }
}

enum Next<D: Driver> {
    Ready(Lease<D>, bool),
    Open,
    Wait,
}

impl<D: Driver> Pool<D> {
    pub fn new(driver: D, config: PoolConfig) -> Arc<Self> {
        let state = State {
            slots: Vec::new(),
            opening: 0,
            waiting: 0,
            closed: false,
            next_id: 1,
        };
        Arc::new(Pool {
            driver,
            config,
            state: Mutex::new(state),
            freed: Notify::new(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State<D::Conn>> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn max(&self) -> u32 {
        self.config.size + self.config.overflow
    }

    fn expired(&self, slot: &Slot<D::Conn>, now: Instant) -> bool {
        self.config
            .recycle
            .is_some_and(|age| now.duration_since(slot.created) >= age)
    }

    pub fn status(&self) -> Status {
        let state = self.lock();
        let idle = state.slots.iter().filter(|s| s.in_flight == 0 && !s.pinned).count() as u32;
        let total = state.slots.len() as u32;
        Status {
            total,
            idle,
            in_use: total - idle,
            waiting: state.waiting,
            max: self.max(),
        }
    }

    /// Drops idle connections that are broken, closed by the server, past their recycle age, or
    /// above the pool's size and unused for `overflow_idle`.
    fn reap(&self, state: &mut State<D::Conn>, now: Instant) {
        let mut surplus = state.slots.len().saturating_sub(self.config.size as usize);
        state.slots.retain(|s| {
            if s.in_flight > 0 || s.pinned {
                return true;
            }
            let dead = s.broken || D::is_closed(&s.conn) || self.expired(s, now);
            let spare = surplus > 0 && now.duration_since(s.idle_since) >= self.config.overflow_idle;
            if spare {
                surplus -= 1;
            }
            !(dead || spare)
        });
    }

    /// Reaps now and then even when no statement comes, so idle overflow connections do close.
    pub fn spawn_reaper(self: &Arc<Self>, runtime: &tokio::runtime::Handle) {
        let pool = Arc::downgrade(self);
        let every = self.config.overflow_idle.max(Duration::from_millis(100)) / 2;
        runtime.spawn(crate::runtime::Tracked::new(async move {
            loop {
                tokio::time::sleep(every).await;
                let Some(pool) = pool.upgrade() else { return };
                let mut state = pool.lock();
                if state.closed {
                    return;
                }
                pool.reap(&mut state, Instant::now());
            }
        }));
    }

    fn pick(self: &Arc<Self>, state: &mut State<D::Conn>, exclusive: bool) -> Next<D> {
        let now = Instant::now();
        self.reap(state, now);
        let limit = if exclusive { 1 } else { self.driver.share_limit() };
        let usable = |s: &&mut Slot<D::Conn>| !s.pinned && !s.broken && s.in_flight < limit && !self.expired(s, now);
        let room = state.slots.len() as u32 + state.opening;
        let best = state.slots.iter_mut().filter(usable).min_by_key(|s| s.in_flight);
        match best {
            Some(s) if !(s.in_flight >= self.driver.spread_at() && room < self.config.size) => {
                let ping =
                    self.config.pre_ping && s.in_flight == 0 && now.duration_since(s.idle_since) >= PING_AFTER_IDLE;
                s.in_flight += 1;
                s.pinned = exclusive;
                let lease = Lease {
                    pool: self.clone(),
                    slot: s.id,
                    conn: s.conn.clone(),
                    broken: false,
                };
                Next::Ready(lease, ping)
            }
            _ if room < self.max() => {
                state.opening += 1;
                Next::Open
            }
            _ => Next::Wait,
        }
    }

    pub async fn checkout(self: &Arc<Self>, exclusive: bool) -> Result<Lease<D>, DbError> {
        let deadline = tokio::time::Instant::now() + self.config.timeout;
        loop {
            let freed = self.freed.notified();
            let next = {
                let mut state = self.lock();
                if state.closed {
                    return Err(DbError::closed());
                }
                let next = self.pick(&mut state, exclusive);
                if matches!(next, Next::Wait) {
                    state.waiting += 1;
                }
                next
            };
            match next {
                Next::Ready(mut lease, ping) => {
                    if !ping || D::ping(&lease.conn).await.is_ok() {
                        return Ok(lease);
                    }
                    lease.broken = true;
                }
                Next::Open => return self.open(exclusive).await,
                Next::Wait => {
                    let waited = tokio::time::timeout_at(deadline, freed).await;
                    self.lock().waiting -= 1;
                    if waited.is_err() {
                        return Err(self.timeout_error());
                    }
                }
            }
        }
    }

    async fn open(self: &Arc<Self>, exclusive: bool) -> Result<Lease<D>, DbError> {
        let connected = self.driver.connect().await;
        let mut state = self.lock();
        state.opening -= 1;
        let conn = match connected {
            Ok(conn) => Arc::new(conn),
            Err(err) => {
                drop(state);
                self.freed.notify_one();
                return Err(err);
            }
        };
        if state.closed {
            return Err(DbError::closed());
        }
        let id = state.next_id;
        state.next_id += 1;
        let now = Instant::now();
        state.slots.push(Slot {
            id,
            conn: conn.clone(),
            in_flight: 1,
            pinned: exclusive,
            broken: false,
            created: now,
            idle_since: now,
        });
        Ok(Lease {
            pool: self.clone(),
            slot: id,
            conn,
            broken: false,
        })
    }

    fn timeout_error(&self) -> DbError {
        let s = self.status();
        let message = format!(
            "pool {} had no free connection after waiting {:.1}s ({} in use of {} max, {} waiting); raise connectionPoolSize/maxOverflow or poolTimeout, or release pinned connections",
            self.config.name,
            self.config.timeout.as_secs_f64(),
            s.in_use,
            s.max,
            s.waiting
        );
        DbError::new(ErrorKind::PoolTimeout, None, message)
    }

    fn give_back(&self, id: u64, broken: bool) {
        let removed = {
            let mut state = self.lock();
            let now = Instant::now();
            let Some(index) = state.slots.iter().position(|s| s.id == id) else {
                return;
            };
            let slot = &mut state.slots[index];
            slot.in_flight -= 1;
            slot.broken |= broken;
            if slot.in_flight == 0 {
                slot.pinned = false;
                slot.idle_since = now;
            }
            let drop_it = slot.in_flight == 0 && (slot.broken || self.expired(slot, now));
            (drop_it || state.closed).then(|| state.slots.swap_remove(index))
        };
        drop(removed);
        self.freed.notify_one();
    }

    /// Refuses new work and drops idle connections; busy ones close when their statements are cancelled.
    pub fn close(&self) {
        let idle = {
            let mut state = self.lock();
            state.closed = true;
            let (idle, busy) = std::mem::take(&mut state.slots)
                .into_iter()
                .partition(|s| s.in_flight == 0 && !s.pinned);
            state.slots = busy;
            idle
        };
        drop::<Vec<Slot<D::Conn>>>(idle);
        self.freed.notify_waiters();
    }
}

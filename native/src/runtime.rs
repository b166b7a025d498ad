//! Where the tokio runtimes run. A pool's tasks all run on one current-thread runtime, in one of two
//! places (`Place`):
//! - on Node's main thread, turned by its libuv loop (the default for clients made there, on Linux):
//!   libuv watches the runtime's epoll descriptor, and a submission runs its tasks before returning
//!   to JS, so a statement never crosses to another thread;
//! - on a thread of its own (clients on worker threads, other platforms, or `OXEN_NATIVE_LOOP=thread`):
//!   JS hands it requests and it hands back completions, two crossings per statement, each a sleep
//!   and a wake-up of a thread. It decodes large results while JS runs, which is where it wins
//!   (native/README.md has the measurements).
//!
//! One runtime per place, not a worker per core: on two cores more threads would only fight Node's
//! main thread and the database server for CPU.
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll, Wake, Waker};

use tokio::runtime::{Builder, Handle, Runtime};

#[cfg(target_os = "linux")]
use crate::event_loop;

/// The runtime on a thread of its own: clients on worker threads, or every client when asked.
static THREAD: OnceLock<Handle> = OnceLock::new();
/// The runtime on the main JS thread's libuv loop, once a client there started it.
static ON_LOOP: OnceLock<Runtime> = OnceLock::new();

thread_local! {
    /// True on the thread whose libuv loop turns `ON_LOOP` (Node's main thread).
    static LOOP_THREAD: Cell<bool> = const { Cell::new(false) };
}

fn build() -> Runtime {
    Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("oxen-native: cannot start the tokio runtime")
}

/// Where a client's pool runs; every task of that pool stays there.
#[derive(Clone, Copy)]
pub enum Place {
    /// On the calling JS thread's own loop (Node's main thread).
    Loop,
    /// On the runtime thread.
    Thread,
}

/// The process asked for the runtime thread (`OXEN_NATIVE_LOOP=thread`), or the platform offers no
/// other (the main-loop mode finds tokio's epoll descriptor through /proc).
fn wants_thread() -> bool {
    !cfg!(target_os = "linux") || std::env::var("OXEN_NATIVE_LOOP").is_ok_and(|v| v == "thread")
}

/// A runtime watched by the calling thread's libuv loop, or None where it cannot be (then the
/// runtime thread serves).
#[cfg(target_os = "linux")]
fn attach_to_loop(env: napi::sys::napi_env) -> Option<Runtime> {
    let (runtime, epoll) = event_loop::build_watched(build);
    epoll.and_then(|fd| event_loop::attach(env, fd, on_loop_ready)).ok()?;
    Some(runtime)
}

#[cfg(not(target_os = "linux"))]
fn attach_to_loop(_env: napi::sys::napi_env) -> Option<Runtime> {
    None
}

/// Node's main thread is the process's first: its thread id is the process id.
fn on_main_thread() -> bool {
    std::fs::read_link("/proc/thread-self")
        .ok()
        .and_then(|link| {
            let link = link.to_str()?.to_owned();
            let (pid, tid) = link.split_once("/task/")?;
            Some(pid == tid)
        })
        .unwrap_or(false)
}

impl Place {
    /// Chooses the place of a client created in the N-API call `env` belongs to: the main thread's
    /// loop unless the client (`own_thread`) or the process asked otherwise or the call runs on a
    /// worker thread, whose loop ends with the worker.
    pub fn choose(env: napi::sys::napi_env, own_thread: bool) -> Place {
        if own_thread || wants_thread() {
            return Place::Thread;
        }
        if LOOP_THREAD.with(Cell::get) {
            return Place::Loop;
        }
        if ON_LOOP.get().is_some() || !on_main_thread() {
            return Place::Thread;
        }
        match attach_to_loop(env) {
            Some(runtime) => {
                LOOP_THREAD.with(|c| c.set(true));
                let _ = ON_LOOP.set(runtime);
                Place::Loop
            }
            None => Place::Thread,
        }
    }

    pub fn handle(self) -> &'static Handle {
        match self {
            Place::Loop => ON_LOOP
                .get()
                .expect("the loop runtime starts before its first client")
                .handle(),
            Place::Thread => THREAD.get_or_init(|| {
                let runtime = build();
                let handle = runtime.handle().clone();
                std::thread::Builder::new()
                    .name("oxen-native".into())
                    .spawn(move || runtime.block_on(std::future::pending::<()>()))
                    .expect("oxen-native: cannot spawn the runtime thread");
                handle
            }),
        }
    }

    /// Runs `f` inside the runtime, where spawning costs no system call. On the loop, the tasks it
    /// spawned then run until they wait, before the call returns to JS; on the runtime thread, `f`
    /// is one task that wakes the thread.
    pub fn submit(self, f: impl FnOnce() + Send + 'static) {
        match (self, ON_LOOP.get()) {
            (Place::Loop, Some(runtime)) => turn(runtime, Some(Box::new(f))),
            _ => {
                self.handle().spawn(async move { f() });
            }
        }
    }
}

/// libuv saw the runtime's epoll descriptor readable (I/O, a timer, a wake from another thread).
#[cfg(target_os = "linux")]
fn on_loop_ready() {
    if let Some(runtime) = ON_LOOP.get() {
        turn(runtime, None);
    }
}

thread_local! {
    /// A task woke since the turn last looked: the epoll harvest that ended the last cycle may have
    /// queued tasks that only another cycle runs.
    static WOKEN: Cell<bool> = const { Cell::new(false) };
}
/// Only the loop thread's wakes are noted: a wake from another thread (a Waker is Send) goes through
/// the scheduler's remote queue, which makes the epoll descriptor readable and so brings a turn itself.
fn note_wake() {
    if LOOP_THREAD.with(Cell::get) {
        WOKEN.with(|w| w.set(true));
    }
}

fn take_woken() -> bool {
    WOKEN.with(|w| w.replace(false))
}

/// Past this many cycles in one turn JS gets the thread back, and a timer turns the runtime again
/// on the loop's next iteration.
const MAX_CYCLES: u32 = 16;

fn turn(runtime: &Runtime, first: Option<Box<dyn FnOnce() + Send>>) {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        runtime.block_on(Turn { first, cycles: 0 })
    }));
    // A panic escaping here would unwind into libuv or N-API's C frames and abort Node. Tasks catch
    // their own panics (each request's is its error), so this is a bug in the turn itself: turn again
    // soon rather than leave the runtime unattended.
    if !matches!(outcome, Ok(true)) {
        #[cfg(target_os = "linux")]
        event_loop::turn_soon();
    }
}

/// The future `block_on` runs for one turn: `first` (the submission), then as many cycles of
/// "run every runnable task, then take the ready I/O and timers without blocking" as it takes for a
/// cycle to wake nothing. Resolves to whether it finished (false: it stopped at MAX_CYCLES).
struct Turn {
    first: Option<Box<dyn FnOnce() + Send>>,
    cycles: u32,
}

impl Future for Turn {
    type Output = bool;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<bool> {
        if self.cycles == 0 {
            take_woken();
            if let Some(first) = self.first.take() {
                first();
            }
        } else if !take_woken() {
            return Poll::Ready(true);
        }
        self.cycles += 1;
        if self.cycles > MAX_CYCLES {
            return Poll::Ready(false);
        }
        // Waking ourselves through the scheduler's defer list: the tasks run, then the driver is
        // polled with a zero timeout, then this future again.
        let mut yielded = Box::pin(tokio::task::yield_now());
        let _ = yielded.as_mut().poll(cx);
        Poll::Pending
    }
}

/// Spawns a task on the runtime this code runs in (called from its tasks only), tracking the task's
/// wakes on the loop (`Turn` needs them).
pub fn spawn<F>(future: F)
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    tokio::spawn(Tracked::new(future));
}

/// A task whose wakes `Turn` sees. Only in main-loop mode does it wrap the waker.
pub struct Tracked<F> {
    inner: Pin<Box<F>>,
    /// The scheduler's waker and ours around it, kept while the scheduler's stays the same.
    wakers: Option<(Waker, Waker)>,
}

impl<F: Future> Tracked<F> {
    pub fn new(future: F) -> Self {
        Tracked {
            inner: Box::pin(future),
            wakers: None,
        }
    }
}

struct NotingWaker(Waker);

impl Wake for NotingWaker {
    fn wake(self: Arc<Self>) {
        note_wake();
        self.0.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        note_wake();
        self.0.wake_by_ref();
    }
}

impl<F: Future> Future for Tracked<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        if !LOOP_THREAD.with(Cell::get) {
            return self.inner.as_mut().poll(cx);
        }
        let this = &mut *self;
        let current = matches!(&this.wakers, Some((theirs, _)) if theirs.will_wake(cx.waker()));
        if !current {
            let ours = Waker::from(Arc::new(NotingWaker(cx.waker().clone())));
            this.wakers = Some((cx.waker().clone(), ours));
        }
        let (_, ours) = this.wakers.as_ref().expect("set above");
        this.inner.as_mut().poll(&mut Context::from_waker(ours))
    }
}

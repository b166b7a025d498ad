//! Hooks the runtime into Node's libuv loop (main-loop mode, runtime.rs): a poll handle on the
//! runtime's epoll descriptor, which is readable whenever the runtime has I/O, a timer or a wake
//! waiting, and a timer for what tokio's timers need (tokio does not say when its next one is due).
//! The libuv functions are Node's own, resolved when the addon loads.
use std::ffi::{c_int, c_void};
use std::sync::OnceLock;

use napi::sys;
use tokio::runtime::Runtime;

#[allow(non_camel_case_types)]
type uv_loop_t = sys::uv_loop_s;
#[allow(non_camel_case_types)]
type uv_handle_t = c_void;

const UV_POLL: c_int = 8;
const UV_TIMER: c_int = 13;
const UV_READABLE: c_int = 1;

extern "C" {
    fn uv_handle_size(kind: c_int) -> usize;
    fn uv_poll_init(event_loop: *mut uv_loop_t, handle: *mut uv_handle_t, fd: c_int) -> c_int;
    fn uv_poll_start(
        handle: *mut uv_handle_t,
        events: c_int,
        cb: unsafe extern "C" fn(*mut uv_handle_t, c_int, c_int),
    ) -> c_int;
    fn uv_timer_init(event_loop: *mut uv_loop_t, handle: *mut uv_handle_t) -> c_int;
    fn uv_timer_start(
        handle: *mut uv_handle_t,
        cb: unsafe extern "C" fn(*mut uv_handle_t),
        timeout: u64,
        repeat: u64,
    ) -> c_int;
    fn uv_unref(handle: *mut uv_handle_t);
}

/// How late a tokio timer (a pool's wait limit, a connect timeout, the reaper) may fire at most.
const TIMER_PERIOD_MS: u64 = 10;

struct Hooks {
    timer: *mut uv_handle_t,
    on_ready: fn(),
}

// SAFETY: the handles are used on the loop's own thread only (runtime.rs refuses clients on other
// threads in this mode); the static needs Send + Sync merely to hold them.
unsafe impl Send for Hooks {}
// SAFETY: as above: only the loop's thread reads the pointers.
unsafe impl Sync for Hooks {}

static HOOKS: OnceLock<Hooks> = OnceLock::new();

fn epoll_descriptors() -> Vec<c_int> {
    let Ok(entries) = std::fs::read_dir("/proc/self/fd") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|e| std::fs::read_link(e.path()).is_ok_and(|t| t.as_os_str() == "anon_inode:[eventpoll]"))
        .filter_map(|e| e.file_name().to_str()?.parse().ok())
        .collect()
}

/// What an epoll descriptor watches, as /proc lists it (the `tfd:` lines).
fn watched(fd: c_int) -> String {
    let info = std::fs::read_to_string(format!("/proc/self/fdinfo/{fd}")).unwrap_or_default();
    info.lines()
        .filter(|l| l.starts_with("tfd:"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Builds the runtime and finds its epoll descriptor: the one that did not exist before (mio keeps a
/// duplicate of it, which watches the same descriptors). tokio does not expose it, and the build runs
/// on the JS thread, the only one that opens descriptors here.
pub fn build_watched(build: fn() -> Runtime) -> (Runtime, Result<c_int, String>) {
    let before = epoll_descriptors();
    let runtime = build();
    let mut new: Vec<c_int> = epoll_descriptors()
        .into_iter()
        .filter(|fd| !before.contains(fd))
        .collect();
    new.sort_unstable();
    let found = match new.first() {
        Some(&fd) if new.iter().all(|&other| watched(other) == watched(fd)) => Ok(fd),
        _ => Err(format!("{} new epoll descriptors, not one instance", new.len())),
    };
    (runtime, found)
}

fn allocate(kind: c_int) -> *mut uv_handle_t {
    // SAFETY: uv_handle_size is a pure lookup of the handle type's size.
    let size = unsafe { uv_handle_size(kind) };
    // Zeroed and never freed: the handles live as long as the process.
    Box::leak(vec![0u64; size.div_ceil(8)].into_boxed_slice())
        .as_mut_ptr()
        .cast()
}

/// Watches `epoll` on the libuv loop of `env`'s thread and turns the runtime through `on_ready`.
/// Neither handle keeps the process alive: the clients' threadsafe functions do while work is in flight.
pub fn attach(env: sys::napi_env, epoll: c_int, on_ready: fn()) -> Result<(), String> {
    let mut event_loop = std::ptr::null_mut();
    // SAFETY: `env` is the live environment of the N-API call in progress; the output is a valid place.
    if unsafe { sys::napi_get_uv_event_loop(env, &mut event_loop) } != sys::Status::napi_ok || event_loop.is_null() {
        return Err("no libuv loop".into());
    }
    let poll = allocate(UV_POLL);
    let timer = allocate(UV_TIMER);
    // SAFETY: both handles are zeroed blocks of the size libuv asked for, never moved or freed; the
    // loop is the current thread's, and the callbacks have the signatures libuv calls them with.
    let status = unsafe {
        let mut status = uv_poll_init(event_loop, poll, epoll);
        if status == 0 {
            status = uv_poll_start(poll, UV_READABLE, on_poll);
        }
        if status == 0 {
            uv_unref(poll);
            status = uv_timer_init(event_loop, timer);
        }
        if status == 0 {
            status = uv_timer_start(timer, on_timer, TIMER_PERIOD_MS, TIMER_PERIOD_MS);
            uv_unref(timer);
        }
        status
    };
    if status != 0 {
        return Err(format!("libuv refused the handles ({status})"));
    }
    HOOKS
        .set(Hooks { timer, on_ready })
        .map_err(|_| "attached twice".to_string())
}

/// Asks for a turn on the loop's next iteration (a turn that stopped before it ran out of work).
pub fn turn_soon() {
    if let Some(hooks) = HOOKS.get() {
        // SAFETY: the timer was initialised by `attach` on this thread's loop and lives for ever.
        unsafe {
            uv_timer_start(hooks.timer, on_timer, 0, TIMER_PERIOD_MS);
        }
    }
}

fn ready() {
    if let Some(hooks) = HOOKS.get() {
        (hooks.on_ready)();
    }
}

/// # Safety
/// Called by libuv only, on the loop's thread.
unsafe extern "C" fn on_poll(_handle: *mut uv_handle_t, _status: c_int, _events: c_int) {
    ready();
}

/// # Safety
/// Called by libuv only, on the loop's thread.
unsafe extern "C" fn on_timer(_handle: *mut uv_handle_t) {
    ready();
}

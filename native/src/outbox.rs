//! Completions wait here until JS takes them all in one `drain()` call. A push does not wake JS
//! itself: it queues one flush task behind the tasks already runnable, so every completion of the
//! runtime's current turn goes out with one threadsafe-function call, and none while JS has not yet
//! drained the last one.
use std::ptr;
use std::sync::{Arc, Mutex};

use napi::sys;

struct State {
    /// Completion frames (`u32 id, u8 status, u32 len, payload`) in the order they finished.
    frames: Vec<u8>,
    /// Where the frames JS has not taken yet start: a drain that takes only some of them moves this
    /// on rather than shifting the rest to the front, which, with many megabytes waiting and a
    /// drain buffer of a few hundred kilobytes, copied the waiting frames once per drain.
    taken: usize,
    tsfn: sys::napi_threadsafe_function,
    /// False once Node finalised the threadsafe function (environment teardown or close).
    alive: bool,
    /// JS was woken and has not drained everything since.
    signaled: bool,
    flush_queued: bool,
}

// SAFETY: the only field that is not Send is `tsfn`, a raw pointer. N-API documents calling and
// releasing a threadsafe function as allowed from any thread; its other calls (ref, unref) are made
// from the JS thread only (`set_active`). The state lives behind the outbox's mutex, so no two
// threads use it at once.
unsafe impl Send for State {}

pub struct Outbox {
    state: Mutex<State>,
}

impl Outbox {
    /// Creates the outbox and its threadsafe function, which calls `wake` (with no arguments) on the JS thread.
    pub fn create(env: sys::napi_env, wake: sys::napi_value) -> napi::Result<Arc<Outbox>> {
        let outbox = Arc::new(Outbox {
            state: Mutex::new(State {
                frames: Vec::new(),
                taken: 0,
                tsfn: ptr::null_mut(),
                alive: false,
                signaled: false,
                flush_queued: false,
            }),
        });
        let mut name = ptr::null_mut();
        let label = "oxen-native";
        let mut tsfn = ptr::null_mut();
        // One strong reference for the threadsafe function, given back by `finalize`.
        let finalize_data = Arc::into_raw(outbox.clone()) as *mut std::ffi::c_void;
        // SAFETY: `env` is the environment of the N-API call in progress (NativeClient's constructor)
        // and `wake` its function argument; the label pointer and length describe `label`; `finalize`
        // has the finalizer signature N-API expects and takes back the reference `finalize_data`
        // carries; `name` and `tsfn` are valid places for the results, and `tsfn` is unref'd only
        // once created (check_status returns early otherwise).
        unsafe {
            napi::check_status!(sys::napi_create_string_utf8(
                env,
                label.as_ptr().cast(),
                label.len() as isize,
                &mut name
            ))?;
            napi::check_status!(sys::napi_create_threadsafe_function(
                env,
                wake,
                ptr::null_mut(),
                name,
                0,
                1,
                finalize_data,
                Some(finalize),
                ptr::null_mut(),
                None,
                &mut tsfn,
            ))?;
            // Idle clients must not keep the process alive; `set_active` refs it while work is in flight.
            napi::check_status!(sys::napi_unref_threadsafe_function(env, tsfn))?;
        }
        {
            let mut state = outbox.lock();
            state.tsfn = tsfn;
            state.alive = true;
        }
        Ok(outbox)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runtime thread only (the flush is a task of the runtime).
    pub fn push(self: &Arc<Self>, completion: Vec<u8>) {
        let mut state = self.lock();
        if state.frames.is_empty() {
            // The drained buffer keeps its capacity: a later result set can fill it again.
            crate::spare_buffers::give(std::mem::replace(&mut state.frames, completion));
        } else {
            state.frames.extend_from_slice(&completion);
            crate::spare_buffers::give(completion);
        }
        if !state.flush_queued && !state.signaled {
            state.flush_queued = true;
            let outbox = self.clone();
            crate::runtime::spawn(async move { outbox.flush() });
        }
    }

    fn flush(self: &Arc<Self>) {
        let mut state = self.lock();
        state.flush_queued = false;
        if state.frames.is_empty() || state.signaled || !state.alive {
            return;
        }
        state.signaled = true;
        // SAFETY: `alive` (checked under this lock) means the threadsafe function is neither released
        // by us nor finalized by Node: `finalize` clears it under the same lock, and Node frees the
        // function only after its finalizer returns. Calling is allowed from any thread.
        let status = unsafe {
            sys::napi_call_threadsafe_function(
                state.tsfn,
                ptr::null_mut(),
                sys::ThreadsafeFunctionCallMode::nonblocking,
            )
        };
        if status == sys::Status::napi_ok {
            return;
        }
        // Not woken, JS would wait for ever: try again shortly, unless Node is tearing the function
        // down (the client closed, and JS rejected what was in flight, or the process is exiting).
        state.signaled = false;
        if status == sys::Status::napi_closing {
            state.alive = false;
            return;
        }
        state.flush_queued = true;
        let outbox = self.clone();
        crate::runtime::spawn(async move {
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
            outbox.flush();
        });
    }

    /// Copies as many whole frames as fit into `out` and returns their length; when even the first
    /// frame does not fit, returns minus its length so the caller can offer a buffer that large.
    pub fn drain(&self, out: &mut [u8]) -> i64 {
        let mut state = self.lock();
        let start = state.taken;
        let frames = &state.frames[start..];
        let mut end = 0;
        while end + 9 <= frames.len() {
            let len = u32::from_le_bytes([frames[end + 5], frames[end + 6], frames[end + 7], frames[end + 8]]) as usize;
            if end + 9 + len > out.len() {
                if end == 0 {
                    return -((9 + len) as i64);
                }
                break;
            }
            end += 9 + len;
        }
        out[..end].copy_from_slice(&frames[..end]);
        if end == frames.len() {
            state.frames.clear();
            state.taken = 0;
            // JS drains until nothing is left, so the next completion must wake it again.
            state.signaled = false;
        } else {
            state.taken += end;
        }
        end as i64
    }

    /// Refs (keeps the event loop alive) or unrefs the wake-up function; JS thread only.
    pub fn set_active(&self, env: sys::napi_env, active: bool) {
        let state = self.lock();
        if !state.alive {
            return;
        }
        // SAFETY: `env` is the current call's, on the JS thread, where ref and unref must be called;
        // `alive` (under the lock) means the function still exists.
        unsafe {
            if active {
                sys::napi_ref_threadsafe_function(env, state.tsfn);
            } else {
                sys::napi_unref_threadsafe_function(env, state.tsfn);
            }
        }
    }

    /// Lets Node destroy the threadsafe function; later pushes are kept but wake nobody.
    pub fn release(&self) {
        let mut state = self.lock();
        if state.alive {
            state.alive = false;
            // SAFETY: the function still exists (`alive` was set, under the lock) and this is our one
            // release of the one acquisition creating it made: `alive` is now false, so no second one.
            unsafe {
                sys::napi_release_threadsafe_function(state.tsfn, sys::ThreadsafeFunctionReleaseMode::release);
            }
        }
    }
}

/// The threadsafe function's finalizer: marks the outbox dead and gives back the function's reference.
///
/// # Safety
/// Called by N-API only, once, with the `finalize_data` `create` attached.
unsafe extern "C" fn finalize(_env: sys::napi_env, data: *mut std::ffi::c_void, _hint: *mut std::ffi::c_void) {
    // SAFETY: `data` came from `Arc::into_raw` in `create` and N-API runs the finalizer once, so the
    // reference is taken back exactly once.
    let outbox = unsafe { Arc::from_raw(data as *const Outbox) };
    outbox.lock().alive = false;
}

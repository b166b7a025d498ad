//! Completions wait here until JS takes them all in one `drain()` call. Only the push that finds the
//! outbox empty wakes JS (one threadsafe-function call), so completions that finish while JS is busy
//! cross the boundary together.
use std::ptr;
use std::sync::{Arc, Mutex};

use napi::sys;

/// Results above this size travel as Buffers of their own instead of being copied into the shared one.
const LARGE: usize = 64 * 1024;

struct State {
    small: Vec<u8>,
    large: Vec<Vec<u8>>,
    tsfn: sys::napi_threadsafe_function,
    /// False once Node finalised the threadsafe function (environment teardown or close).
    alive: bool,
}

// The raw threadsafe-function pointer is documented as callable from any thread.
unsafe impl Send for State {}

pub struct Outbox {
    state: Mutex<State>,
}

impl Outbox {
    /// Creates the outbox and its threadsafe function, which calls `wake` (with no arguments) on the JS thread.
    pub fn create(env: sys::napi_env, wake: sys::napi_value) -> napi::Result<Arc<Outbox>> {
        let outbox = Arc::new(Outbox {
            state: Mutex::new(State { small: Vec::new(), large: Vec::new(), tsfn: ptr::null_mut(), alive: false }),
        });
        let mut name = ptr::null_mut();
        let label = "oxen-native";
        let mut tsfn = ptr::null_mut();
        let finalize_data = Arc::into_raw(outbox.clone()) as *mut std::ffi::c_void;
        unsafe {
            napi::check_status!(sys::napi_create_string_utf8(env, label.as_ptr().cast(), label.len() as isize, &mut name))?;
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

    pub fn push(&self, completion: Vec<u8>) {
        let mut state = self.lock();
        let was_empty = state.small.is_empty() && state.large.is_empty();
        if completion.len() >= LARGE {
            state.large.push(completion);
        } else if state.small.is_empty() {
            state.small = completion;
        } else {
            state.small.extend_from_slice(&completion);
        }
        if was_empty && state.alive {
            unsafe {
                sys::napi_call_threadsafe_function(state.tsfn, ptr::null_mut(), sys::ThreadsafeFunctionCallMode::nonblocking);
            }
        }
    }

    pub fn drain(&self) -> (Vec<u8>, Vec<Vec<u8>>) {
        let mut state = self.lock();
        (std::mem::take(&mut state.small), std::mem::take(&mut state.large))
    }

    /// Refs (keeps the event loop alive) or unrefs the wake-up function; JS thread only.
    pub fn set_active(&self, env: sys::napi_env, active: bool) {
        let state = self.lock();
        if !state.alive {
            return;
        }
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
            unsafe {
                sys::napi_release_threadsafe_function(state.tsfn, sys::ThreadsafeFunctionReleaseMode::release);
            }
        }
    }
}

unsafe extern "C" fn finalize(_env: sys::napi_env, data: *mut std::ffi::c_void, _hint: *mut std::ffi::c_void) {
    let outbox = unsafe { Arc::from_raw(data as *const Outbox) };
    outbox.lock().alive = false;
}

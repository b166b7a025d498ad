//! The JS-facing SQLite handle: each call runs its requests at once and returns their completions.
//!
//! The hot call does not go through napi-rs: `runner()` hands JS a plain function made with
//! `napi_create_function`, whose callback reads its three arguments with raw N-API calls. A napi-rs
//! class method checks the receiver's class identity and registers borrows on every call, which cost
//! more than SQLite spends on a point query. The function holds its own reference to the handle's
//! state, released when the function is collected.
use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::rc::Rc;

use napi::bindgen_prelude::Unknown;
use napi::{sys, Env, Error, Result, Status};
use napi_derive::napi;

use crate::js_bytes::bytes_mut;
use crate::limits;
use crate::request::SqlTable;
use crate::sqlite::{Database, Scratch};

/// Past this, the frame buffer a large result grew is released rather than kept for the next call.
const KEEP_FRAMES: usize = 8 << 20;

struct State {
    db: RefCell<Option<Database>>,
    sql: RefCell<SqlTable>,
    /// Reused between calls: after warm-up a small statement allocates nothing.
    scratch: RefCell<Scratch>,
    overflow: RefCell<Vec<u8>>,
}

impl State {
    /// Runs the requests and writes their completions into `out`: the bytes written, or minus the
    /// size needed, the completions then waiting for `take_overflow`.
    fn run(&self, requests: &[u8], out: &mut [u8]) -> Result<i64> {
        let db = self.db.borrow();
        let db = db
            .as_ref()
            .ok_or_else(|| Error::new(Status::GenericFailure, "the SQLite database is closed"))?;
        let mut scratch = self.scratch.borrow_mut();
        scratch.frames.clear();
        db.run_all(requests, &mut self.sql.borrow_mut(), &mut scratch)
            .map_err(|e| Error::new(Status::GenericFailure, e.message))?;
        let frames = &mut scratch.frames;
        if frames.len() <= out.len() {
            out[..frames.len()].copy_from_slice(frames);
            let written = frames.len() as i64;
            if frames.capacity() > KEEP_FRAMES {
                *frames = Vec::new();
            }
            return Ok(written);
        }
        let needed = frames.len() as i64;
        let mut overflow = self.overflow.borrow_mut();
        overflow.clear();
        std::mem::swap(&mut *overflow, frames);
        Ok(-needed)
    }

    fn take_overflow(&self, out: &mut [u8]) -> u32 {
        let mut overflow = self.overflow.borrow_mut();
        let n = overflow.len().min(out.len());
        out[..n].copy_from_slice(&overflow[..n]);
        overflow.clear();
        if overflow.capacity() > KEEP_FRAMES {
            *overflow = Vec::new();
        }
        n as u32
    }
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let detail = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    format!("the native executor panicked: {detail}")
}

#[napi]
pub struct NativeSqlite {
    state: Rc<State>,
}

#[napi]
impl NativeSqlite {
    /// Fails with the SQLite result code name (e.g. SQLITE_CANTOPEN) as the error's `code`.
    /// Past `max_result_bytes` a result fails with RESULT_TOO_LARGE (absent or 0: 256 MiB).
    #[napi(catch_unwind, constructor)]
    pub fn new(filename: String, mode: String, busy_timeout_ms: u32, max_result_bytes: Option<f64>) -> Result<Self> {
        let max_result = limits::max_result_bytes(max_result_bytes.unwrap_or(0.0));
        let db = Database::open(&filename, &mode, busy_timeout_ms, max_result).map_err(|e| {
            Error::new(
                Status::GenericFailure,
                format!("{}: {}", e.db_code.unwrap_or_default(), e.message),
            )
        })?;
        Ok(NativeSqlite {
            state: Rc::new(State {
                db: RefCell::new(Some(db)),
                sql: RefCell::new(SqlTable::new()),
                scratch: RefCell::new(Scratch::default()),
                overflow: RefCell::new(Vec::new()),
            }),
        })
    }

    /// `run(requests, length, out)` as a plain function bound to this handle, called without napi-rs'
    /// per-call checks: runs the requests and writes their completions into `out` (JS reuses one
    /// buffer); returns the bytes written, or minus the size needed, the completions then waiting for
    /// `take_overflow`.
    #[napi(
        catch_unwind,
        ts_return_type = "(requests: Uint8Array, length: number, out: Uint8Array) => number"
    )]
    pub fn runner(&self, env: Env) -> Result<Unknown<'_>> {
        // One strong reference for the function, given back by `release_state` or on failure below.
        let data = Rc::into_raw(self.state.clone()) as *mut std::ffi::c_void;
        let name = "run";
        let mut func = std::ptr::null_mut();
        // SAFETY: `env` is the environment of this call; the name pointer and length describe `name`;
        // `run_callback` has the callback signature N-API expects and reads `data` as the `State` it
        // is; `func` is a valid place for the result.
        let status = unsafe {
            sys::napi_create_function(
                env.raw(),
                name.as_ptr().cast(),
                name.len() as isize,
                Some(run_callback),
                data,
                &mut func,
            )
        };
        if status != sys::Status::napi_ok {
            // SAFETY: `data` came from `Rc::into_raw` above and no function holds it: given back once.
            unsafe { drop(Rc::from_raw(data as *const State)) };
            return Err(Error::new(Status::GenericFailure, "could not create the run function"));
        }
        // SAFETY: `func` is the function just created in this call's `env`; `release_state` has the
        // finalizer signature N-API expects and takes back the reference `data` carries.
        let status = unsafe {
            sys::napi_add_finalizer(
                env.raw(),
                func,
                data,
                Some(release_state),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        };
        if status != sys::Status::napi_ok {
            // Without a finalizer the state would leak, never dangle: still refuse, to keep it bounded.
            // SAFETY: `data` came from `Rc::into_raw` above and, the finalizer not attached, nothing
            // else will give it back. The function created above is left to the GC with `data`; it
            // is never returned to JS, so `run_callback` never runs with it.
            unsafe { drop(Rc::from_raw(data as *const State)) };
            return Err(Error::new(
                Status::GenericFailure,
                "could not attach the run function's finalizer",
            ));
        }
        // SAFETY: `func` is a live function value created in this call's `env`.
        Ok(unsafe { Unknown::from_raw_unchecked(env.raw(), func) })
    }

    /// The completions the last `run` could not fit; `out` must be as large as it said.
    #[napi(catch_unwind, ts_args_type = "out: Uint8Array")]
    pub fn take_overflow(&self, env: Env, out: Unknown) -> Result<u32> {
        // SAFETY: `out` is this call's argument, only written by `take_overflow` within the call, and
        // the only slice taken.
        let out = unsafe { bytes_mut(&env, &out)? };
        Ok(self.state.take_overflow(out))
    }

    #[napi(catch_unwind)]
    pub fn in_transaction(&self) -> bool {
        self.state.db.borrow().as_ref().is_some_and(|db| db.in_transaction())
    }

    #[napi(catch_unwind)]
    pub fn max_params(&self) -> u32 {
        self.state.db.borrow().as_ref().map_or(0, |db| db.max_params())
    }

    #[napi(catch_unwind)]
    pub fn close(&self) {
        self.state.db.borrow_mut().take();
    }
}

/// The run function's finalizer: gives back the reference to the state it held.
///
/// # Safety
/// Called by N-API only, once, on the JS thread, with the `data` `runner` attached.
unsafe extern "C" fn release_state(_env: sys::napi_env, data: *mut std::ffi::c_void, _hint: *mut std::ffi::c_void) {
    // Dropping the last reference closes the database; nothing here can call back into JS.
    // SAFETY: `data` came from `Rc::into_raw` in `runner`, and N-API runs a finalizer once, on the JS
    // thread (the `Rc`'s thread), after the function can no longer be called.
    let _ = catch_unwind(|| unsafe { drop(Rc::from_raw(data as *const State)) });
}

/// Throws a JS Error with `message` and returns the null value a callback returns after throwing.
///
/// # Safety
/// `env` must be the environment of the N-API callback in progress.
unsafe fn throw(env: sys::napi_env, message: &str) -> sys::napi_value {
    let message = std::ffi::CString::new(message.replace('\0', " ")).unwrap_or_default();
    // SAFETY: `env` is the current callback's (the caller's contract); the message is a NUL-terminated
    // string that N-API copies, and a null code pointer means no code.
    unsafe { sys::napi_throw_error(env, std::ptr::null(), message.as_ptr()) };
    std::ptr::null_mut()
}

/// Whether two byte ranges share memory: the runner must never hold two mutable views of one buffer.
fn overlap(a: &[u8], b: &[u8]) -> bool {
    let (a0, b0) = (a.as_ptr() as usize, b.as_ptr() as usize);
    a0 < b0 + b.len() && b0 < a0 + a.len()
}

/// The function `NativeSqlite::runner` returns: `run(requests, length, out)`.
///
/// # Safety
/// Called by N-API only, on the JS thread, as the callback of a function `runner` created.
unsafe extern "C" fn run_callback(env: sys::napi_env, info: sys::napi_callback_info) -> sys::napi_value {
    let mut argc = 3usize;
    let mut argv = [std::ptr::null_mut(); 3];
    let mut data = std::ptr::null_mut();
    // SAFETY: `env` and `info` are this callback's; `argv` has room for the `argc` (3) values N-API
    // writes at most, and `data` is a valid place for the function's data pointer.
    let status =
        unsafe { sys::napi_get_cb_info(env, info, &mut argc, argv.as_mut_ptr(), std::ptr::null_mut(), &mut data) };
    if status != sys::Status::napi_ok || argc < 3 || data.is_null() {
        // SAFETY: `env` is this callback's.
        return unsafe { throw(env, "run(requests, length, out) takes three arguments") };
    }
    let result = catch_unwind(AssertUnwindSafe(|| -> Result<i64> {
        // SAFETY: `data` is the pointer `runner` attached, from `Rc::into_raw`: the function's finalizer
        // holds that reference, so the state outlives every call, and only shared references to it
        // are ever made (its fields are RefCells, on this one thread).
        let state = unsafe { &*(data as *const State) };
        let mut length = 0u32;
        // SAFETY: `env` is this callback's and `argv[1]` one of its arguments (argc >= 3 was checked).
        if unsafe { sys::napi_get_value_uint32(env, argv[1], &mut length) } != sys::Status::napi_ok {
            return Err(Error::new(Status::InvalidArg, "length must be a number"));
        }
        let env_ = Env::from_raw(env);
        // SAFETY: `argv[0]` is an argument of this callback and its slice does not outlive it (`run`
        // copies out what it keeps). JS passes the request writer's buffer and a separate receive
        // buffer (sqlite-runner.ts), so it does not overlap `out` below.
        let requests = unsafe { bytes_mut(&env_, &Unknown::from_raw_unchecked(env, argv[0]))? };
        let requests = requests
            .get(..length as usize)
            .ok_or_else(|| Error::new(Status::InvalidArg, "length past the buffer"))?;
        // SAFETY: `argv[2]` is an argument of this callback, written only within it; that it shares no
        // memory with `requests` is checked before either slice is used.
        let out = unsafe { bytes_mut(&env_, &Unknown::from_raw_unchecked(env, argv[2]))? };
        if overlap(requests, out) {
            return Err(Error::new(
                Status::InvalidArg,
                "run(requests, length, out): requests and out must be separate buffers",
            ));
        }
        state.run(requests, out)
    }));
    match result {
        Ok(Ok(n)) => {
            let mut value = std::ptr::null_mut();
            // SAFETY: `env` is this callback's and `value` a valid place for the result.
            if unsafe { sys::napi_create_double(env, n as f64, &mut value) } != sys::Status::napi_ok {
                // SAFETY: `env` is this callback's.
                return unsafe { throw(env, "could not return the result length") };
            }
            value
        }
        // SAFETY: `env` is this callback's.
        Ok(Err(err)) => unsafe { throw(env, &err.reason) },
        // SAFETY: `env` is this callback's.
        Err(payload) => unsafe { throw(env, &panic_message(payload.as_ref())) },
    }
}

//! The bytes of a JS Buffer argument, read directly: napi-rs' typed slices register every borrow in
//! a global table, which costs more than the rest of a small SQLite call.
use napi::bindgen_prelude::{JsValue, Unknown};
use napi::{sys, Env, Error, Result, Status};

/// # Safety
/// `env` and `value` must belong to the N-API call in progress, and the slice must not outlive that
/// call. Nothing else may read or write the buffer's bytes while the slice lives: JS cannot (the call
/// is synchronous and runs no JS), the buffer must not be shared memory another thread writes, and no
/// other slice from this function may overlap it.
pub unsafe fn bytes_mut<'a>(env: &Env, value: &Unknown) -> Result<&'a mut [u8]> {
    let mut data = std::ptr::null_mut();
    let mut len = 0usize;
    // SAFETY: `env` and `value` are live handles of the current call (the caller's contract) and
    // `data` and `len` are valid places for the outputs; a value that is not a Buffer is refused.
    let status = unsafe { sys::napi_get_buffer_info(env.raw(), value.raw(), &mut data, &mut len) };
    if status != sys::Status::napi_ok {
        return Err(Error::new(Status::InvalidArg, "expected a Buffer"));
    }
    if len == 0 {
        return Ok(&mut []);
    }
    // SAFETY: N-API reported `len` (non-zero) bytes at `data`, the Buffer's memory, which its JS
    // object keeps alive for the whole call; the caller guarantees nothing else accesses them meanwhile.
    Ok(unsafe { std::slice::from_raw_parts_mut(data.cast::<u8>(), len) })
}

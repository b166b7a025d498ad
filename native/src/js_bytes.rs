//! The bytes of a JS Buffer argument, read directly: napi-rs' typed slices register every borrow in
//! a global table, which costs more than the rest of a small SQLite call.
use napi::bindgen_prelude::{JsValue, Unknown};
use napi::{sys, Env, Error, Result, Status};

/// # Safety
/// The slice must not outlive the N-API call that received `value`, and JS must not touch the buffer
/// during it (it cannot: the call is synchronous).
pub unsafe fn bytes_mut<'a>(env: &Env, value: &Unknown) -> Result<&'a mut [u8]> {
    let mut data = std::ptr::null_mut();
    let mut len = 0usize;
    let status = unsafe { sys::napi_get_buffer_info(env.raw(), value.raw(), &mut data, &mut len) };
    if status != sys::Status::napi_ok {
        return Err(Error::new(Status::InvalidArg, "expected a Buffer"));
    }
    if len == 0 {
        return Ok(&mut []);
    }
    Ok(unsafe { std::slice::from_raw_parts_mut(data.cast::<u8>(), len) })
}

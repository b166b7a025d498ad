mod array_text;
mod connect;
mod copy_text;
mod decode;
pub mod driver;
mod numeric;
mod param;
mod temporal;

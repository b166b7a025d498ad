mod decode;
pub mod driver;
mod errors;
mod values;

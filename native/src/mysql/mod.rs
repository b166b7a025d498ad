pub mod driver;
mod decode;

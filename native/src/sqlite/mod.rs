//! SQLite, run synchronously on the JS thread: the connection (database.rs), a submission run request
//! by request (run.rs, batch.rs) with parameters bound from the request buffer (bind.rs) and results
//! written straight into frames (results.rs), the prepared-statement cache (statement.rs) and errors
//! (errors.rs, codes.rs). sqlite_client.rs is the JS-facing handle.
mod batch;
mod bind;
mod codes;
mod database;
mod errors;
mod results;
mod run;
mod statement;
mod stream;

pub use database::Database;
pub use results::Scratch;

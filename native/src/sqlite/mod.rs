mod codes;
pub mod database;
mod statement;

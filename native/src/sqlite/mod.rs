mod codes;
pub mod database;

pub mod table;
pub mod wrap;

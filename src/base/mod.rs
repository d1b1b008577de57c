//! Small types every stage shares.

pub mod hash;
pub mod limits;

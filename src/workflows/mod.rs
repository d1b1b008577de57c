//! What drafters and CI run on top.

pub mod analyze;
pub mod batch;
pub mod coverage;
pub mod diff;
pub mod generate;
pub mod testing;

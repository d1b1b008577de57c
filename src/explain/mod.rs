//! The tracer and the explanation.

pub mod explanation;
pub mod trace;

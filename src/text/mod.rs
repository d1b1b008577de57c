//! The wording.

pub mod lint;
pub mod policy;

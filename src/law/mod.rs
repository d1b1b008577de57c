//! The encoding of the draft.

pub mod binding;
pub mod calendar;
pub mod facts;
pub mod interpret;
pub mod labels;
pub mod program;
pub mod rules;

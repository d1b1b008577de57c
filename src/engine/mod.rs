//! One case in, a determination out.

pub mod case;
pub mod chunk;
pub mod completion;
pub mod error;
pub mod evaluate;

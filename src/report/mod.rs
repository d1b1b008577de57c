//! Reader and machine formats.

pub mod draw;
pub mod junit;
pub mod render;
pub mod schema;
pub mod view;

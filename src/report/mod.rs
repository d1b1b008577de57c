//! Formats for readers and machines: determinations, notes and tables as text and JSON
//! (`render`), explanations as text and JSON (`view`) and as DOT and HTML (`draw`), JUnit XML
//! (`junit`) and the JSON Schema of case files (`schema`). Builds strings and values; never
//! prints.

pub mod draw;
pub mod junit;
pub mod render;
pub mod schema;
pub mod view;

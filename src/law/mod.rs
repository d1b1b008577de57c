//! The encoding of the draft, in the order it builds up: the fact vocabulary (`facts`) and the
//! holiday calendar (`calendar`); the `crepe!` program, grouped by article (`rules`), and its
//! table read back from the same source (`program`); the named readings of open questions
//! (`interpret`); the labels of outcomes, duties and conditions (`labels`); and the binding of
//! each rule to the clause of a loaded text it encodes (`binding`). Uses `base` and `text`.

pub mod binding;
pub mod calendar;
pub mod facts;
pub mod interpret;
pub mod labels;
pub mod program;
pub mod rules;

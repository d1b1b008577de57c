//! rongcuo (容错) encodes the Leshan draft 《乐山市保健食品经营沙盒监管执法履职尽责容错纠错制度
//! （试行）（征求意见稿）》 as a crepe Datalog program. The modules follow the architecture:
//! the text model (`text`), the calendar (`calendar`), the fact vocabulary (`facts`), the case
//! model (`case`), the rules (`rules`) and their table read from source (`program`), the named
//! interpretations (`interpret`), the engine (`engine`), labels and renderers (`labels`,
//! `render`), file loading and expectation checks (`testing`), and errors (`error`).
//!
//! Bad input must end in an error, never a panic: the library denies `unwrap`, `expect`,
//! `panic!` and indexing. The few places that index compiled-in tables say why with `#[expect]`.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod base;
pub mod engine;
pub mod explain;
pub mod law;
pub mod report;
pub mod text;
pub mod workflows;

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

pub mod analyze;
pub mod batch;
pub mod binding;
pub mod calendar;
pub mod case;
pub mod chunk;
pub mod completion;
pub mod coverage;
pub mod diff;
pub mod draw;
pub mod engine;
pub mod error;
pub mod explain;
pub mod facts;
pub mod generate;
pub mod hash;
pub mod interpret;
pub mod junit;
pub mod labels;
pub mod limits;
pub mod lint;
pub mod program;
pub mod render;
pub mod rules;
pub mod schema;
pub mod testing;
pub mod text;
pub mod trace;
pub mod view;

//! rongcuo (容错) encodes the Leshan draft 《乐山市保健食品经营沙盒监管执法履职尽责容错纠错制度
//! （试行）（征求意见稿）》 as a crepe Datalog program. The folders are the stages of one flow,
//! and each uses only the stages before it (`tests/layout.rs` checks this, and that no modules
//! use each other in a circle):
//!
//! ```text
//!  base ─► text ─► law ─► engine ─► explain ─► report ─► workflows ─► (the binary: src/cli)
//!          wording  encoding  one case   derivations  formats   drafters' and CI's jobs
//! ```
//!
//! - `base`: what every stage shares: the message language, input limits, the hasher.
//! - `text`: the wording: the policy text parsed into articles and items, citations, lint.
//! - `law`: the encoding of the draft: the fact vocabulary, the `crepe!` rules and their table,
//!   the named readings, the labels of outcomes, the holiday calendar, and the binding of rules
//!   to clauses.
//! - `engine`: one case in, a determination out: case files and their errors, a run of the
//!   program, its database, the batch form, the completions of unknown facts.
//! - `explain`: the tracer (proofs and why-not) and the explanation of one case.
//! - `report`: text, JSON, DOT, HTML, JUnit and the case file's JSON Schema.
//! - `workflows`: what drafters and CI run on top: loading and checking fixtures, `diff`,
//!   `coverage`, `analyze`, `batch`, the case generator.
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

// The stages, in the order data flows through them.
pub mod base;
// The wording.
pub mod text;
// The encoding of the draft.
pub mod law;
// One case in, a determination out.
pub mod engine;
// Derivations behind a determination.
pub mod explain;
// Formats for readers and machines.
pub mod report;
// What drafters and CI run on top.
pub mod workflows;

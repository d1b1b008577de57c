//! The derivations behind a determination: `trace` proves each derived tuple from the run's
//! database and says why an absent one failed; `explanation` assembles, for one case, the
//! proofs of every determination, why the other grounds failed and which unknown facts would
//! change the result. Uses the stages before it; formats live in `report`.

pub mod explanation;
pub mod trace;

//! What drafters and CI run on top of the stages: loading case files and checking their
//! `expect` (`testing`), the impact of a revision (`diff`), coverage of a corpus (`coverage`),
//! the exhaustive analysis of the rules (`analyze`), streaming evaluation of JSON Lines
//! (`batch`) and the case generator (`generate`). The command line in `src/cli` calls these.

pub mod analyze;
pub mod batch;
pub mod coverage;
pub mod diff;
pub mod generate;
pub mod testing;

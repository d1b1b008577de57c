//! The chunked form of the program: the rules of `rules` with a case column, so that one crepe
//! runtime evaluates many cases at once (`batch`). `build.rs` derives it from the `crepe!` block
//! of `rules.rs` — the rules are written only there — by adding the column to every relation
//! that varies by case; inputs that every case shares (the clauses present, the tables of
//! `interpret`) are loaded once per chunk. A chunk's outputs are split back into one
//! `rules::Output` per case, so everything downstream (determinations, the tracer) sees exactly
//! what a run of its own would give; `tests/engine.rs` checks that it does.
//!
//! Why: a runtime has a fixed cost (building its relations and indices, loading the 59 `Text`
//! tuples), which dominates the run of one case. Small chunks share it; large ones lose on
//! cache misses, so `CHUNK` stays small (README, "Performance").

/// The derived program (crepe's generated code, like that of `rules`).
mod derived {
    use crate::law::facts::Fact::{self, *};
    use crate::law::rules::Mode::*;
    use crate::law::rules::{Cite, Condition, Duty, Mode, Outcome, at};
    use crepe::crepe;
    include!(concat!(env!("OUT_DIR"), "/rules_chunk.rs"));
}

use crate::engine::run::Run;
use crate::law::rules;

/// Cases per crepe runtime: measured best between 16 and 64 (README, "Performance").
pub const CHUNK: usize = 64;

/// Runs the program once over `runs` (each holding its case's inputs, as `Engine::inputs`
/// builds them) and stores each case's outputs in its `out`. The shared inputs are taken from
/// the first run: every run of a chunk comes from the same engine.
pub fn run(runs: &mut [&mut Run]) {
    let Some(first) = runs.first() else { return };
    let mut runtime = derived::Crepe::new();
    let text = &first.text;
    runtime.extend(text.bound.iter().map(|(r, c)| derived::Bound(*r, *c)));
    runtime.extend(text.effects.iter().map(|(c, a)| derived::Effect(c, a)));
    runtime.extend(text.added.iter().map(|c| derived::Added(*c)));
    runtime.extend(text.promoted.iter().map(|c| derived::Promoted(c)));
    runtime.extend(text.twins.iter().map(|(a, b)| derived::Twin(a, b)));
    for (k, run) in (0u32..).zip(runs.iter()) {
        runtime.extend(std::iter::once(derived::Case(k)));
        runtime.extend(run.yes.iter().map(|t| derived::Yes(k, t.0, t.1)));
        runtime.extend(run.no.iter().map(|t| derived::No(k, t.0, t.1)));
        runtime.extend(run.asserted.iter().map(|c| derived::Asserted(k, c)));
        runtime.extend(run.reading_inputs.iter().map(|r| derived::Reading(k, r)));
    }
    let (
        in_scope,
        grounds,
        articles,
        out_of_scope,
        liable,
        dispositions,
        not_pursued,
        findings,
        avails,
        barred,
        governed,
        erred,
    ) = runtime.run_with_hasher::<rules::Hashes>();
    // Each tuple goes to the run its column names (always one of `runs`: the column is only
    // ever bound from the inputs above).
    for t in in_scope {
        if let Some(o) = out(runs, t.0) {
            o.0.insert(rules::InScope(t.1, t.2));
        }
    }
    for t in grounds {
        if let Some(o) = out(runs, t.0) {
            o.1.insert(rules::Ground(t.1, t.2));
        }
    }
    for t in articles {
        if let Some(o) = out(runs, t.0) {
            o.2.insert(rules::ArticleHolds(t.1, t.2));
        }
    }
    for t in out_of_scope {
        if let Some(o) = out(runs, t.0) {
            o.3.insert(rules::OutOfScope(t.1));
        }
    }
    for t in liable {
        if let Some(o) = out(runs, t.0) {
            o.4.insert(rules::Liable(t.1));
        }
    }
    for t in dispositions {
        if let Some(o) = out(runs, t.0) {
            o.5.insert(rules::Disposition(t.1, t.2));
        }
    }
    for t in not_pursued {
        if let Some(o) = out(runs, t.0) {
            o.6.insert(rules::NotPursued(t.1, t.2));
        }
    }
    for t in findings {
        if let Some(o) = out(runs, t.0) {
            o.7.insert(rules::Finding(t.1, t.2, t.3));
        }
    }
    for t in avails {
        if let Some(o) = out(runs, t.0) {
            o.8.insert(rules::Avails(t.1, t.2, t.3));
        }
    }
    for t in barred {
        if let Some(o) = out(runs, t.0) {
            o.9.insert(rules::Barred(t.1, t.2));
        }
    }
    for t in governed {
        if let Some(o) = out(runs, t.0) {
            o.10.insert(rules::Governed(t.1, t.2));
        }
    }
    for t in erred {
        if let Some(o) = out(runs, t.0) {
            o.11.insert(rules::Erred(t.1, t.2));
        }
    }
}

/// The outputs of the run a case column names.
fn out<'a>(runs: &'a mut [&mut Run], k: u32) -> Option<&'a mut rules::Output> {
    runs.get_mut(k as usize).map(|r| &mut r.out)
}

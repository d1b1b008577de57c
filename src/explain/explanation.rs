//! Explanations: for one case, a derivation tree behind every determination (the disposition,
//! each satisfied ground, each finding), why every unmet ground of 第八、九、十条 failed (false
//! versus unknown conditions, near misses first), and which unknown facts would change the
//! disposition — each found by re-running the program with those facts established.

use crate::engine::case::Case;
use crate::engine::db::{Db, Tuple, Value};
use crate::engine::determine::Determination;
use crate::engine::error::CaseError;
use crate::engine::evaluate::{Engine, FindingOut};
use crate::engine::run::{Prepared, Run};
use crate::explain::trace::{Node, Pattern, prove, why_absent};
use crate::law::facts::Fact;
use crate::law::labels::Verdict;
use crate::law::program::program;
use crate::law::rules::{Mode, at};

/// What a tree explains.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TreeKind {
    Disposition,
    Ground,
    Finding,
    /// Undetermined: why 第十二条 did not conclude liability.
    NotLiable,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tree {
    pub kind: TreeKind,
    pub node: Node,
}

/// Why a ground of 第八、九、十条 does not hold: one attempt per alternative rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WhyNot {
    pub clause: &'static str,
    pub attempts: crate::explain::trace::Attempts,
    /// Some alternative fails on exactly one condition.
    pub near_miss: bool,
}

/// Unknown facts whose establishment (with these values) changes the disposition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contingency {
    pub facts: Vec<(Fact, bool)>,
    pub disposition: Verdict,
    /// The clauses the new disposition would rest on.
    pub decisive: Vec<&'static str>,
}

#[derive(Clone, Debug)]
pub struct Explanation {
    pub case: Case,
    pub determination: Determination,
    /// Every fact's value as the run saw it (computed ones included).
    pub values: Vec<(Fact, Option<bool>)>,
    pub trees: Vec<Tree>,
    pub why_not: Vec<WhyNot>,
    pub contingencies: Vec<Contingency>,
    /// Whether `contingencies` lists every smallest set (the search stayed within its budget).
    pub contingencies_complete: bool,
    /// True when no unknown fact can change the disposition.
    pub settled: bool,
    /// Findings that some contingency would remove or change.
    pub contingent_findings: Vec<FindingOut>,
    pub db: Db,
}

impl Explanation {
    pub fn value(&self, fact: Fact) -> Option<bool> {
        // `values` is indexed by fact (the vocabulary's order); searched only if it is not.
        match self.values.get(fact as usize) {
            Some((f, v)) if *f == fact => *v,
            _ => self
                .values
                .iter()
                .find(|(f, _)| *f == fact)
                .and_then(|(_, v)| *v),
        }
    }
}

/// The fact and value a `Yes`/`No` premise needs, if it is one.
pub fn fact_premise(sought: &Pattern) -> Option<(Mode, Fact, bool)> {
    let needed = match sought.relation {
        "Yes" => true,
        "No" => false,
        _ => return None,
    };
    match (
        sought.args.first().copied().flatten(),
        sought.args.get(1).copied().flatten(),
    ) {
        (Some(Value::Mode(m)), Some(Value::Fact(f))) => Some((m, f, needed)),
        _ => None,
    }
}

/// Explains one case.
pub fn explain(engine: &Engine, case: &Case) -> Result<Explanation, CaseError> {
    let prepared = engine.prepare(case)?;
    Ok(explain_prepared(engine, case.clone(), &prepared))
}

/// Explains one case already prepared (`Engine::prepare`), as `batch` has it; the explanation
/// keeps the case.
pub fn explain_prepared(engine: &Engine, case: Case, prepared: &Prepared) -> Explanation {
    let run = engine.run_prepared(prepared, &[]);
    let db = Db::from_run(&run);
    let determination = engine.determine_with(&case, &run, Some(&db));

    let mut trees = Vec::new();
    for (kind, relation) in [
        (TreeKind::Disposition, "Disposition"),
        (TreeKind::Ground, "Ground"),
        (TreeKind::Finding, "Finding"),
    ] {
        for t in db.relation(relation) {
            if kind == TreeKind::Ground && t.mode() != Some(Mode::Actual) {
                continue;
            }
            trees.push(Tree {
                kind,
                node: prove(&db, t),
            });
        }
    }
    if determination.disposition == Verdict::Undetermined {
        for r in program()
            .rules
            .iter()
            .filter(|r| r.head.relation == "Liable")
        {
            if let Some((clause, alt)) = r.cite
                && let Some(loaded) = engine.binding.loaded(at(clause, alt))
            {
                let t = Tuple {
                    relation: "Liable",
                    args: crate::engine::db::Args::new(&[Value::Cite(loaded)]),
                };
                trees.push(Tree {
                    kind: TreeKind::NotLiable,
                    node: Node::Absent {
                        attempts: why_absent(&db, &Pattern::exact(&t), 0),
                        tuple: t,
                    },
                });
            }
        }
    }
    // Text order within each kind.
    trees.sort_by_cached_key(|t| {
        let cite = t.node.tuple().cite();
        (
            t.kind,
            cite.map(|c| (crate::text::policy::clause_key(c.clause), c.alt)),
        )
    });

    // Why not: every ground clause of the program that is not satisfied.
    let mut why_not = Vec::new();
    let mut seen: Vec<&'static str> = Vec::new();
    for r in program()
        .rules
        .iter()
        .filter(|r| r.head.relation == "Ground")
    {
        let Some((reference, alt)) = r.cite else {
            continue;
        };
        // Where the clause stands in the loaded text; a deleted clause has nothing to fail.
        let Some(clause) = engine.binding.loaded(at(reference, alt)).map(|c| c.clause) else {
            continue;
        };
        if seen.contains(&clause) || determination.grounds.contains(&clause) {
            continue;
        }
        seen.push(clause);
        let attempts = why_absent(&db, &Pattern::of_clause("Ground", Mode::Actual, clause), 0);
        let near_miss = attempts.iter().any(|a| a.failures().count() == 1);
        why_not.push(WhyNot {
            clause,
            attempts,
            near_miss,
        });
    }
    why_not.sort_by_cached_key(|w| (!w.near_miss, crate::text::policy::clause_key(w.clause)));

    let (found, complete) = contingencies(engine, prepared, &run);
    let mut contingent_findings = Vec::new();
    for (_, findings) in &found {
        for f in &determination.findings {
            if !findings.contains(f) && !contingent_findings.contains(f) {
                contingent_findings.push(*f);
            }
        }
    }
    let contingencies: Vec<Contingency> = found.into_iter().map(|(c, _)| c).collect();
    contingent_findings.sort_by_cached_key(|f| (crate::text::policy::clause_key(f.clause), f.duty));
    let settled = determination.settled;

    Explanation {
        case,
        values: run.values.clone(),
        determination,
        trees,
        why_not,
        contingencies,
        contingencies_complete: complete,
        settled,
        contingent_findings,
        db,
    }
}

/// How many decisions the search for the smallest changes may try for one case; a case whose
/// search needs more lists the sets found so far and says the list may be incomplete.
pub const CHANGE_BUDGET: usize = 20_000;

/// Every smallest set of unknown facts whose establishment changes the disposition, each with
/// the determination the program then reaches (`completion::Completions::smallest_changes`),
/// and whether the list is complete.
fn contingencies(
    engine: &Engine,
    prepared: &Prepared,
    run: &Run,
) -> (Vec<(Contingency, Vec<FindingOut>)>, bool) {
    let mut c = crate::engine::completion::Completions::seeded(engine, prepared, run);
    let (sets, complete) = c.smallest_changes(CHANGE_BUDGET);
    // A decision whose search ran out of runs answered conservatively: say so.
    let complete = complete && !c.gave_up;
    let found = sets
        .into_iter()
        .map(|(facts, d)| {
            let findings = engine
                .hypothesize(prepared, &facts)
                .map(|p| {
                    let r = engine.run_prepared(&p, &[]);
                    let (established, decisive, findings) = engine.outcome(&r);
                    let decisive = if established == d.disposition {
                        decisive
                    } else {
                        Vec::new()
                    };
                    (decisive, findings)
                })
                .unwrap_or_default();
            (
                Contingency {
                    facts,
                    disposition: d.disposition,
                    decisive: findings.0,
                },
                findings.1,
            )
        })
        .collect();
    (found, complete)
}

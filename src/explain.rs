//! Explanations: for one case, a derivation tree behind every determination (the disposition,
//! each satisfied ground, each finding), why every unmet ground of 第八、九、十条 failed (false
//! versus unknown conditions, near misses first), and which unknown facts would change the
//! disposition — each found by re-running the program with those facts established.

use crate::case::Case;
use crate::engine::{Determination, Engine, FindingOut, Prepared, Run};
use crate::error::CaseError;
use crate::facts::Fact;
use crate::labels::Verdict;
use crate::program::program;
use crate::rules::{Mode, at};
use crate::trace::{Attempt, Db, Node, Pattern, Status, Tuple, Value, prove, why_absent};

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
    pub attempts: crate::trace::Attempts,
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
            if let Some((clause, alt)) = r.cite {
                let t = Tuple {
                    relation: "Liable",
                    args: crate::trace::Args::new(&[Value::Cite(at(clause, alt))]),
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
            cite.map(|c| (crate::engine::clause_key(c.clause), c.alt)),
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
        let Some((clause, _)) = r.cite else { continue };
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
    why_not.sort_by_cached_key(|w| (!w.near_miss, crate::engine::clause_key(w.clause)));

    let found = contingencies(engine, prepared, &run, &db, &determination);
    let mut contingent_findings = Vec::new();
    for (_, findings) in &found {
        for f in &determination.findings {
            if !findings.contains(f) && !contingent_findings.contains(f) {
                contingent_findings.push(*f);
            }
        }
    }
    let contingencies: Vec<Contingency> = found.into_iter().map(|(c, _)| c).collect();
    contingent_findings.sort_by_cached_key(|f| (crate::engine::clause_key(f.clause), f.duty));
    let settled = contingencies.is_empty() && determination.open_facts.is_empty();

    Explanation {
        case,
        values: run.values.clone(),
        determination,
        trees,
        why_not,
        contingencies,
        settled,
        contingent_findings,
        db,
    }
}

/// The unknown facts an attempt needs established, with their values, if its every failure is
/// an unknown fact (or a derived premise that fails only on unknown facts).
fn needs(a: &Attempt, run: &Run) -> Option<Vec<(Fact, bool)>> {
    let mut out = Vec::new();
    for (_, status) in a.failures() {
        match status {
            Status::Missing { sought, sub } => match fact_premise(sought) {
                Some((_, f, v)) if run.value(f).is_none() => out.push((f, v)),
                Some(_) => return None,
                None => {
                    // A derived premise (scope): the cheapest alternative that can be completed.
                    let best = sub
                        .iter()
                        .filter_map(|s| needs(s, run))
                        .min_by_key(|v| v.len())?;
                    out.extend(best);
                }
            },
            _ => return None,
        }
    }
    out.sort();
    out.dedup();
    Some(out)
}

/// The smallest sets of unknown facts that change the disposition, each with the
/// determination the program reaches once they are established. Candidate sets come from the
/// failed premises of the open alternatives; each is checked by rerunning the program, smallest
/// first, stopping at the first size that changes anything.
fn contingencies(
    engine: &Engine,
    prepared: &Prepared,
    run: &Run,
    db: &Db,
    d: &Determination,
) -> Vec<(Contingency, Vec<FindingOut>)> {
    let mut candidates: Vec<Vec<(Fact, bool)>> = Vec::new();
    // A more favourable ground still open: establish what its cheapest alternative lacks.
    for clause in &d.open_grounds {
        let attempts = why_absent(db, &Pattern::of_clause("Ground", Mode::Actual, clause), 0);
        if let Some(set) = attempts
            .iter()
            .filter_map(|a| needs(a, run))
            .min_by_key(|v| v.len())
        {
            candidates.push(set);
        }
    }
    // Scope not established: any scope fact found false puts the case out of scope.
    if d.disposition == Verdict::Undetermined {
        for r in program()
            .rules
            .iter()
            .filter(|r| r.head.relation == "InScope")
        {
            for &(f, v) in r.fact_premises() {
                if run.value(f).is_none() {
                    candidates.push(vec![(f, !v)]);
                }
            }
        }
        // Liability: the fault established and every open ground ruled out (a greedy cover of
        // the open alternatives by unknown facts set against them, checked by the rerun).
        let mut set = Vec::new();
        if run.value(Fact::EnforcementFault).is_none() {
            set.push((Fact::EnforcementFault, true));
        }
        let mut open: Vec<Vec<(Fact, bool)>> = Vec::new();
        for t in db
            .relation("Ground")
            .iter()
            .filter(|t| t.mode() == Some(Mode::Possible))
        {
            if let Some(c) = t.cite()
                && let Some(rule) = program().rule("Ground", c.clause, c.alt)
            {
                open.push(
                    rule.fact_premises()
                        .iter()
                        .filter(|(f, _)| run.value(*f).is_none())
                        .copied()
                        .collect(),
                );
            }
        }
        while let Some(first) = open.first().cloned() {
            // The unknown fact (against its needed value) that blocks the most open alternatives.
            let pick = first
                .iter()
                .map(|(f, v)| (*f, !*v))
                .max_by_key(|(f, against)| {
                    open.iter()
                        .filter(|alt| alt.contains(&(*f, !*against)))
                        .count()
                });
            let Some((f, against)) = pick else { break };
            set.push((f, against));
            open.retain(|alt| !alt.contains(&(f, !against)));
        }
        if !set.is_empty() {
            candidates.push(set);
        }
    }

    for c in &mut candidates {
        c.sort();
        c.dedup();
    }
    candidates.sort_by(|a, b| (a.len(), a).cmp(&(b.len(), b)));
    candidates.dedup();
    let mut found: Vec<(Contingency, Vec<FindingOut>)> = Vec::new();
    for facts in candidates {
        if found
            .first()
            .is_some_and(|(c, _)| c.facts.len() < facts.len())
        {
            break;
        }
        let r = engine.run_prepared(prepared, &facts);
        let (disposition, decisive, findings) = engine.outcome(&r);
        if disposition != d.disposition {
            found.push((
                Contingency {
                    facts,
                    disposition,
                    decisive,
                },
                findings,
            ));
        }
    }
    found.sort_by(|(a, _), (b, _)| (a.disposition, &a.facts).cmp(&(b.disposition, &b.facts)));
    found
}

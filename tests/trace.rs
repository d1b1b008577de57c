//! One source of truth, checked: for every fixture, every explanation tree is rebuilt from the
//! run that made the determination. Leaves are inputs of that case, inner nodes are rules that
//! fired in that run and cite a clause present in the loaded text, and the trees correspond
//! one-to-one to the determinations the engine derived.

use rongcuo::engine::db::{INPUTS, Tuple};
use rongcuo::engine::evaluate::Engine;
use rongcuo::explain::explanation::{Explanation, TreeKind, explain};
use rongcuo::explain::trace::{Node, Status};
use rongcuo::law::facts::Fact;
use rongcuo::law::labels::Verdict;
use rongcuo::law::program::program;
use rongcuo::law::rules::Mode;
use rongcuo::text::policy::PolicyText;
use rongcuo::workflows::testing::load_case;
use std::path::{Path, PathBuf};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_str().unwrap().starts_with("err_"))
        .collect();
    v.sort();
    v
}

fn check_node(ex: &Explanation, engine: &Engine, n: &Node, name: &str) {
    match n {
        Node::Input { tuple } => {
            assert!(
                INPUTS.contains(&tuple.relation),
                "{name}: leaf {tuple:?} is not an input"
            );
            assert!(
                ex.db.contains(tuple),
                "{name}: leaf {tuple:?} was not an input of the run"
            );
        }
        Node::Rule {
            tuple,
            rule,
            children,
        } => {
            assert!(
                ex.db.contains(tuple),
                "{name}: {tuple:?} was not derived in the run"
            );
            let r = &program().rules[*rule];
            assert_eq!(r.head.relation, tuple.relation, "{name}");
            if let Some((clause, _)) = r.cite {
                assert!(
                    engine.policy.clause(clause).is_some(),
                    "{name}: {clause} not in the text"
                );
            }
            for c in children {
                check_node(ex, engine, c, name);
            }
        }
        Node::Absent { tuple, attempts } => {
            assert!(
                !ex.db.contains(tuple),
                "{name}: {tuple:?} holds but is explained as absent"
            );
            // Every rule that could conclude it fails somewhere.
            for a in attempts.iter() {
                assert!(
                    a.failures().count() > 0,
                    "{name}: an attempt at {tuple:?} has no failure"
                );
            }
        }
        Node::Unexplained { tuple } => panic!("{name}: {tuple:?} could not be rederived"),
    }
}

#[test]
fn every_tree_is_rebuilt_from_its_own_run() {
    let engine = Engine::new(PolicyText::bundled());
    let mut trees = 0;
    for path in fixtures() {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let case = load_case(&path).unwrap();
        let ex = explain(&engine, &case).unwrap();
        for t in &ex.trees {
            check_node(&ex, &engine, &t.node, &name);
            trees += 1;
        }
        // Exactly one tree per determination the engine derived.
        let mut derived: Vec<&Tuple> = Vec::new();
        derived.extend(ex.db.relation("Disposition"));
        derived.extend(
            ex.db
                .relation("Ground")
                .iter()
                .filter(|t| t.mode() == Some(Mode::Actual)),
        );
        derived.extend(ex.db.relation("Finding"));
        let mut roots: Vec<&Tuple> = ex
            .trees
            .iter()
            .filter(|t| t.kind != TreeKind::NotLiable)
            .map(|t| t.node.tuple())
            .collect();
        derived.sort();
        roots.sort();
        assert_eq!(derived, roots, "{name}");
        // The determination read from the run agrees with the trees.
        let d = &ex.determination;
        assert_eq!(
            ex.trees.iter().any(|t| t.kind == TreeKind::NotLiable),
            d.disposition == Verdict::Undetermined,
            "{name}"
        );
        assert_eq!(
            ex.trees
                .iter()
                .filter(|t| t.kind == TreeKind::Ground)
                .count(),
            d.grounds
                .iter()
                .map(|g| ex
                    .db
                    .relation("Ground")
                    .iter()
                    .filter(|t| t.mode() == Some(Mode::Actual) && t.cite().unwrap().clause == *g)
                    .count())
                .sum::<usize>(),
            "{name}"
        );
    }
    assert!(trees > 200, "{trees} trees");
}

#[test]
fn every_unmet_ground_has_a_why_not_that_tells_false_from_unknown() {
    let engine = Engine::new(PolicyText::bundled());
    let ground_clauses: Vec<&str> = {
        let mut v: Vec<&str> = program()
            .rules
            .iter()
            .filter(|r| r.head.relation == "Ground")
            .filter_map(|r| r.cite.map(|c| c.0))
            .collect();
        v.dedup();
        v
    };
    for path in fixtures() {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let ex = explain(&engine, &load_case(&path).unwrap()).unwrap();
        let d = &ex.determination;
        if d.disposition == Verdict::OutOfScope {
            continue;
        }
        for clause in &ground_clauses {
            let why = ex.why_not.iter().find(|w| w.clause == *clause);
            assert_eq!(
                why.is_some(),
                !d.grounds.contains(clause),
                "{name}: {clause}"
            );
            let Some(why) = why else { continue };
            assert!(!why.attempts.is_empty(), "{name}: {clause}");
            for a in why.attempts.iter() {
                for (_, s) in a.failures() {
                    if let Status::Missing { sought, .. } = s
                        && let Some((_, f, needed)) =
                            rongcuo::explain::explanation::fact_premise(sought)
                    {
                        // A failed fact condition is either false in the case or unknown.
                        assert_ne!(ex.value(f), Some(needed), "{name}: {clause} {f:?}");
                    }
                }
            }
        }
        // Near misses come first.
        let first_far = ex
            .why_not
            .iter()
            .position(|w| !w.near_miss)
            .unwrap_or(ex.why_not.len());
        assert!(
            ex.why_not[first_far..].iter().all(|w| !w.near_miss),
            "{name}"
        );
    }
}

#[test]
fn an_unknown_deciding_fact_is_reported_as_contingent() {
    let engine = Engine::new(PolicyText::bundled());
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/contingent_decision_erroneous_unknown_exemption.json");
    let ex = explain(&engine, &load_case(&path).unwrap()).unwrap();
    assert_eq!(ex.determination.disposition, Verdict::ExemptionEligible);
    assert!(!ex.settled);
    let c = ex
        .contingencies
        .iter()
        .find(|c| c.facts == [(Fact::DecisionErroneous, true)])
        .expect("establishing decision_erroneous changes the disposition");
    assert_eq!(c.disposition, Verdict::DueDiligence);
    assert_eq!(c.decisive, ["8.2"]);
    // The findings that hang on the exemption are contingent on it.
    assert!(!ex.contingent_findings.is_empty());
}

#[test]
fn a_settled_case_has_no_contingencies() {
    let engine = Engine::new(PolicyText::bundled());
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/art12_liable_no_suspected_crime.json");
    let ex = explain(&engine, &load_case(&path).unwrap()).unwrap();
    assert_eq!(ex.determination.disposition, Verdict::Liable);
    assert!(ex.settled && ex.contingencies.is_empty());
    // Liability is explained through every ground being ruled out.
    let disp = ex
        .trees
        .iter()
        .find(|t| t.kind == TreeKind::Disposition)
        .unwrap();
    let Node::Rule { children, .. } = &disp.node else {
        panic!()
    };
    let Node::Rule { children, .. } = &children[0] else {
        panic!()
    };
    let absent: Vec<&Node> = children
        .iter()
        .filter(|c| matches!(c, Node::Absent { .. }))
        .collect();
    assert_eq!(
        absent.len(),
        3,
        "articles 8, 9 and 10 are each shown ruled out"
    );
}

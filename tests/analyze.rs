//! The exhaustive analysis of the grounds on the bundled draft (nothing never fires, every
//! disposition reachable, a decision table whose every set the engine confirms, 第九条第五项
//! sharing assignments with 第八条第二项) and on a revised text without 第八条（二）.

use rongcuo::base::lang::Lang;
use rongcuo::engine::case::Case;
use rongcuo::engine::evaluate::Engine;
use rongcuo::law::facts::Fact;
use rongcuo::law::labels::{VERDICTS, Verdict};
use rongcuo::text::policy::{BUNDLED_TEXT, PolicyText};
use rongcuo::workflows::analyze::{Analysis, analysis_json, analysis_text, analyze};
use std::sync::OnceLock;

fn bundled() -> &'static (Engine, Analysis) {
    static ANALYSIS: OnceLock<(Engine, Analysis)> = OnceLock::new();
    ANALYSIS.get_or_init(|| {
        let engine = Engine::new(PolicyText::bundled());
        let analysis = analyze(&engine);
        (engine, analysis)
    })
}

fn scope_case() -> Case {
    let source = r#"{"id":"built","facts":{"in_market_regulation_system":true,"sandbox_enforcement_role":true}}"#;
    Case::parse("built.json", source).unwrap()
}

#[test]
fn every_ground_fires_and_every_disposition_is_reached() {
    let (_, a) = bundled();
    assert!(a.never_fire.is_empty(), "{:?}", a.never_fire);
    assert!(a.fires_unasserted.is_empty(), "{:?}", a.fires_unasserted);
    assert!(a.unreachable.is_empty(), "{:?}", a.unreachable);
    assert!(a.skipped.is_empty(), "{:?}", a.skipped);
}

#[test]
fn every_decision_table_set_yields_its_disposition() {
    let (engine, a) = bundled();
    let verdicts: Vec<Verdict> = a.decision_table.iter().map(|(v, _)| *v).collect();
    let all: Vec<Verdict> = VERDICTS.iter().map(|r| r.0).collect();
    assert_eq!(verdicts, all);
    let prepared = engine.prepare(&scope_case()).unwrap();
    for (verdict, sets) in &a.decision_table {
        assert!(!sets.is_empty(), "no set for {verdict:?}");
        for set in sets {
            let run = engine.run_prepared(&prepared, set);
            assert_eq!(engine.outcome(&run).0, *verdict, "{set:?}");
            // Minimal in the list: no other set of the same disposition is a proper subset.
            for other in sets {
                assert!(
                    !(other.len() < set.len() && other.iter().all(|p| set.contains(p))),
                    "{other:?} within {set:?}"
                );
            }
        }
    }
    let undetermined = a
        .decision_table
        .iter()
        .find(|(v, _)| *v == Verdict::Undetermined)
        .unwrap();
    assert_eq!(undetermined.1, vec![Vec::<(Fact, bool)>::new()]);
}

#[test]
fn art9_5_shares_assignments_with_art8_2() {
    let (_, a) = bundled();
    let (_, _, both, held) = a
        .shared
        .iter()
        .find(|(g, b, ..)| *g == "9.5" && *b == "8.2")
        .copied()
        .unwrap_or_else(|| panic!("{:?}", a.shared));
    assert!(both > 0 && held > 0 && both <= held);
    // Under the default readings no item and no alternative is a dead letter: transferred
    // evidence falls under 第九条第七项, not 第八条第六项.
    assert!(a.overlaps.is_empty(), "{:?}", a.overlaps);
    assert!(a.alt_overlaps.is_empty(), "{:?}", a.alt_overlaps);
    // Every complete overlap is a shared pair with all assignments in common.
    for o in a.overlaps.iter().filter(|o| o.ground.starts_with("9.")) {
        assert!(
            a.shared
                .contains(&(o.ground, o.covered_by, o.assignments, o.assignments))
        );
    }
}

#[test]
fn the_department_act_reading_leaves_9_7_first_alternative_covered_by_8_6() {
    let mut readings = rongcuo::law::interpret::Readings::default();
    readings
        .set("transferred_evidence", "department_act")
        .unwrap();
    let engine = Engine::new(PolicyText::bundled()).with_readings(readings);
    let a = analyze(&engine);
    assert!(a.overlaps.iter().all(|o| o.ground != "9.7"));
    assert!(
        a.alt_overlaps
            .iter()
            .any(|o| o.ground == "9.7" && o.alt == 1 && o.covered_by == "8.6"),
        "{:?}",
        a.alt_overlaps
    );
}

#[test]
fn the_analysis_is_exhaustive_but_bounded() {
    let (_, a) = bundled();
    assert!(a.runs > 0 && a.runs < 200_000, "{} runs", a.runs);
    for o in &a.overlaps {
        assert!(o.assignments > 0 && o.assignments <= 1 << o.facts.len());
    }
}

#[test]
fn without_art8_2_nothing_is_covered_by_it_and_it_never_fires() {
    let item = BUNDLED_TEXT
        .lines()
        .find(|l| l.starts_with("（二）因行政相对人隐瞒"))
        .unwrap();
    let text = BUNDLED_TEXT.replacen(&format!("{item}\n"), "", 1);
    assert_ne!(text, BUNDLED_TEXT);
    let engine = Engine::new(PolicyText::parse("revised.txt", text.as_bytes()).unwrap());
    let a = analyze(&engine);
    assert!(a.never_fire.contains(&"8.2"), "{:?}", a.never_fire);
    assert!(a.overlaps.iter().all(|o| o.covered_by != "8.2"));
    assert!(a.alt_overlaps.iter().all(|o| o.covered_by != "8.2"));
    assert!(
        a.shared.iter().all(|(_, b, ..)| *b != "8.2"),
        "{:?}",
        a.shared
    );
}

#[test]
fn text_and_json_report_the_same_analysis() {
    let (_, a) = bundled();
    let zh = analysis_text(a, Lang::Zh);
    let en = analysis_text(a, Lang::En);
    assert!(zh.contains("第九条第五项 与 第八条第二项"), "{zh}");
    assert!(en.contains("第九条第五项 under 第八条第二项"), "{en}");
    assert!(en.contains(&format!("{} engine runs", a.runs)));
    let j = analysis_json(a);
    assert_eq!(j["format_version"], 1);
    assert_eq!(j["runs"], a.runs);
    assert_eq!(
        j["decision_table"].as_array().map(|t| t.len()),
        Some(VERDICTS.len())
    );
    assert_eq!(
        j["shared"].as_array().map(|s| s.len()),
        Some(a.shared.len())
    );
}

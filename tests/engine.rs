//! The engine on cases built in code: three-valued facts, scope, the most favourable
//! disposition, catch-all assertions, text-driven rules and periods, and a sweep over many
//! generated fact assignments checking the invariants the rules promise.

use rongcuo::engine::case::{Assertion, Case, Dates};
use rongcuo::engine::error::CaseProblem;
use rongcuo::engine::evaluate::Engine;
use rongcuo::law::calendar::Date;
use rongcuo::law::facts::{Fact, Source, VOCABULARY};
use rongcuo::law::labels::Verdict;
use rongcuo::law::rules::Duty;
use rongcuo::text::policy::PolicyText;
use std::collections::BTreeMap;

fn case(facts: &[(Fact, bool)]) -> Case {
    Case {
        path: "built.json".into(),
        id: "built".into(),
        description: String::new(),
        facts: facts.iter().copied().collect(),
        dates: Dates::default(),
        assertions: Vec::new(),
        expect: None,
        readings: Vec::new(),
        source: String::new(),
    }
}

const SCOPE: [(Fact, bool); 2] = [
    (Fact::InMarketRegulationSystem, true),
    (Fact::SandboxEnforcementRole, true),
];

/// Every case fact known and adverse to the officer (false, but intent or gross negligence
/// true) except scope and the ones given true.
fn all_false_but(trues: &[Fact]) -> Case {
    let mut c = case(&[]);
    for d in VOCABULARY.iter().filter(|d| d.source == Source::Case) {
        c.facts.insert(d.fact, false);
    }
    c.facts.insert(Fact::IntentOrGrossNegligence, true);
    // No ground reads these true: a subjective error (so no non-subjective one), and nothing
    // said of an application (a test may give its date).
    c.facts.insert(Fact::SubjectiveFault, true);
    c.facts.remove(&Fact::ApplicationFiled);
    for (f, v) in SCOPE {
        c.facts.insert(f, v);
    }
    for f in trues {
        c.facts.insert(*f, true);
    }
    c
}

fn engine() -> Engine {
    Engine::new(PolicyText::bundled())
}

fn engine_with(from: &str, to: &str) -> Engine {
    let text = rongcuo::text::policy::BUNDLED_TEXT;
    assert!(text.contains(from));
    Engine::new(PolicyText::parse("revised.txt", text.replacen(from, to, 1).as_bytes()).unwrap())
}

#[test]
fn fault_with_every_ground_ruled_out_is_liable() {
    let d = engine()
        .evaluate(&all_false_but(&[Fact::EnforcementFault]))
        .unwrap();
    assert_eq!(d.disposition, Verdict::Liable);
    assert!(d.grounds.is_empty() && d.open_grounds.is_empty());
    assert_eq!(d.decisive, ["12"]);
    assert!(
        !d.findings
            .iter()
            .any(|f| f.duty == Duty::TransferToJudicialOrgans)
    );

    let d = engine()
        .evaluate(&all_false_but(&[
            Fact::EnforcementFault,
            Fact::SuspectedCrime,
        ]))
        .unwrap();
    assert!(
        d.findings
            .iter()
            .any(|f| f.duty == Duty::TransferToJudicialOrgans && f.clause == "12")
    );
}

#[test]
fn an_unknown_fact_that_could_complete_a_ground_blocks_liability() {
    let mut c = all_false_but(&[Fact::EnforcementFault, Fact::CounterpartyFalsifiedEvidence]);
    c.facts.remove(&Fact::DecisionErroneous);
    let d = engine().evaluate(&c).unwrap();
    assert_eq!(d.disposition, Verdict::Undetermined);
    assert_eq!(d.open_grounds, ["8.2"]);
    assert_eq!(d.open_facts, [Fact::DecisionErroneous]);
    assert!(d.interpretations.contains(&"unknown_is_not_false"));
}

#[test]
fn with_no_facts_at_all_nothing_is_concluded() {
    let d = engine().evaluate(&case(&[])).unwrap();
    assert_eq!(d.disposition, Verdict::Undetermined);
    assert!(d.grounds.is_empty() && d.findings.is_empty());
    assert!(d.open_facts.contains(&Fact::InMarketRegulationSystem));
}

#[test]
fn out_of_scope_gets_that_answer_and_nothing_else() {
    let mut c = all_false_but(&[Fact::PerformedDutiesPerLaw, Fact::InterferenceOccurred]);
    c.facts.insert(Fact::SandboxEnforcementRole, false);
    let d = engine().evaluate(&c).unwrap();
    assert_eq!(d.disposition, Verdict::OutOfScope);
    assert!(d.grounds.is_empty() && d.findings.is_empty() && d.open_grounds.is_empty());
}

#[test]
fn every_satisfied_ground_is_reported_and_the_most_favourable_decides() {
    let c = all_false_but(&[
        Fact::EnforcementFault,
        Fact::EmergencyTask,
        Fact::RapidResponseShortcut,
        Fact::CooperatedWithInquiry,
        Fact::AcceptedResponsibility,
    ]);
    let d = engine().evaluate(&c).unwrap();
    assert_eq!(d.disposition, Verdict::ExemptionEligible);
    assert_eq!(d.grounds, ["9.8", "10.2"]);
    assert_eq!(d.decisive, ["9.8"]);
    let lesson = d
        .findings
        .iter()
        .find(|f| f.duty == Duty::LessonLearningSupervision)
        .unwrap();
    assert_eq!(
        lesson.condition,
        rongcuo::law::rules::Condition::IfExemptionGranted
    );
}

#[test]
fn catch_alls_hold_only_by_assertion_of_a_catch_all() {
    let mut c = all_false_but(&[]);
    c.assertions.push(Assertion {
        clause: "9.10".into(),
        justification: "经集体研究认定属于其他可以容错免责的情形".into(),
    });
    let d = engine().evaluate(&c).unwrap();
    assert_eq!(d.disposition, Verdict::ExemptionEligible);
    assert_eq!(d.grounds, ["9.10"]);

    c.assertions[0].clause = "9.5".into();
    let e = engine().evaluate(&c).unwrap_err();
    assert!(
        matches!(*e.problem, CaseProblem::AssertionNotCatchAll { .. }),
        "{e:?}"
    );

    c.assertions[0].clause = "9.2".into();
    let e = engine().evaluate(&c).unwrap_err();
    assert!(
        matches!(*e.problem, CaseProblem::AssertionClauseAbsent { .. }),
        "{e:?}"
    );
}

#[test]
fn the_catch_all_of_article_10_still_needs_the_fault() {
    let mut c = all_false_but(&[]);
    c.assertions.push(Assertion {
        clause: "10.4".into(),
        justification: "认错态度好".into(),
    });
    let d = engine().evaluate(&c).unwrap();
    assert!(d.grounds.is_empty());
    c.facts.insert(Fact::EnforcementFault, true);
    let d = engine().evaluate(&c).unwrap();
    assert_eq!(d.disposition, Verdict::MitigationEligible);
    assert_eq!(d.grounds, ["10.4"]);
}

#[test]
fn a_deleted_clause_does_not_fire() {
    let c = all_false_but(&[Fact::EmergencyTask, Fact::RapidResponseShortcut]);
    assert_eq!(engine().evaluate(&c).unwrap().grounds, ["9.8"]);
    let revised = engine_with(
        "（八）在应对突发事件或者执行急难险重任务过程中，为快速处置，未按正常程序办理相关手续或存在程序瑕疵的；",
        "",
    );
    let d = revised.evaluate(&c).unwrap();
    assert!(d.grounds.is_empty());
    // Every fact is known and the fault is found absent: nothing to pursue.
    assert_eq!(d.disposition, Verdict::NoFault);
}

fn dated(started: &str, filed: &str) -> Case {
    let mut c = all_false_but(&[Fact::PerformedDutiesPerLaw]);
    c.dates = Dates {
        accountability_started: Date::parse(started).ok(),
        application_filed: Date::parse(filed).ok(),
        ..Dates::default()
    };
    c
}

#[test]
fn application_period_counts_working_days_across_national_day() {
    let e = engine();
    let d = e.evaluate(&dated("2025-09-29", "2025-10-13")).unwrap();
    let p = &d.periods[0];
    assert_eq!(p.period.end, Date::new(2025, 10, 13).unwrap());
    assert_eq!(p.timely, Some(true));
    assert!(d.findings.iter().any(|f| f.duty == Duty::ApplicationTimely));
    let d = e.evaluate(&dated("2025-09-29", "2025-10-14")).unwrap();
    assert_eq!(d.periods[0].timely, Some(false));
    assert!(d.findings.iter().any(|f| f.duty == Duty::ApplicationLate));
}

#[test]
fn the_period_moves_with_the_wording() {
    let c = dated("2025-09-29", "2025-10-14");
    let e = engine_with("5个工作日", "10个工作日");
    let d = e.evaluate(&c).unwrap();
    assert_eq!(d.periods[0].count, 10);
    assert_eq!(d.periods[0].period.end, Date::new(2025, 10, 20).unwrap());
    assert_eq!(d.periods[0].timely, Some(true));
    // Written in Chinese numerals, the period still reads.
    let e = engine_with("5个工作日", "五个工作日");
    assert_eq!(e.evaluate(&c).unwrap().periods[0].count, 5);
}

#[test]
fn notification_period_is_seven_calendar_days_extended_past_a_holiday() {
    let mut c = all_false_but(&[Fact::PerformedDutiesPerLaw, Fact::ToleranceGranted]);
    c.dates.decision_made = Date::new(2025, 9, 26);
    c.dates.decision_notified = Date::new(2025, 10, 9);
    let d = engine().evaluate(&c).unwrap();
    let p = &d.periods[0];
    assert_eq!(p.period.nominal_end, Date::new(2025, 10, 3).unwrap());
    assert_eq!(p.period.end, Date::new(2025, 10, 9).unwrap());
    assert!(p.period.extended);
    assert_eq!(p.timely, Some(true));
    let names: Vec<Duty> = d.findings.iter().map(|f| f.duty).collect();
    assert!(names.contains(&Duty::NotifyDecision) && names.contains(&Duty::NotificationTimely));
    assert!(names.contains(&Duty::DiscloseDecision));
}

#[test]
fn a_date_outside_the_calendar_is_an_error() {
    // Both dates are covered, but the five working days run into 2027.
    let c = dated("2026-12-29", "2026-12-31");
    let e = engine().evaluate(&c).unwrap_err();
    assert_eq!(
        *e.problem,
        CaseProblem::PeriodOutsideCalendar {
            phrase: "5个工作日".into(),
            start: Date::new(2026, 12, 29).unwrap(),
            date: Date::new(2027, 1, 1).unwrap(),
            last_year: 2026,
        }
    );
    assert_eq!(e.place.field, "dates.accountability_started");
    let c = dated("2024-12-20", "2025-01-02");
    let e = engine().evaluate(&c).unwrap_err();
    assert!(
        matches!(
            *e.problem,
            CaseProblem::DateOutsideCalendar {
                first_year: 2025,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(e.place.field, "dates.accountability_started");
}

/// A small deterministic generator (no extra crate): xorshift.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn invariants_hold_over_generated_cases() {
    let e = engine();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let case_facts: Vec<Fact> = VOCABULARY
        .iter()
        .filter(|d| d.source == Source::Case && !SCOPE.iter().any(|(f, _)| *f == d.fact))
        .map(|d| d.fact)
        .collect();
    let mut seen = BTreeMap::new();
    for i in 0..3000 {
        let mut c = case(&SCOPE);
        // A third of the cases have no unknown fact, so that liability can be concluded.
        let values = if i % 3 == 0 { 6 } else { 8 };
        for f in &case_facts {
            // Mostly false, sometimes true or unknown, so every outcome is reached.
            match rng.next() % values {
                0 | 1 => {
                    c.facts.insert(*f, true);
                }
                2..=5 => {
                    c.facts.insert(*f, false);
                }
                _ => {}
            }
        }
        // Consistent cases only: the second fact of a broken exclusion goes unknown.
        for ex in rongcuo::law::facts::EXCLUSIONS {
            if c.fact(ex.first.0) == Some(ex.first.1) && c.fact(ex.second.0) == Some(ex.second.1) {
                c.facts.remove(&ex.second.0);
            }
        }
        match rng.next() % 20 {
            0 => {
                c.facts.insert(Fact::SandboxEnforcementRole, false);
            }
            1 => {
                c.facts.remove(&Fact::InMarketRegulationSystem);
            }
            _ => {}
        }
        let d = e.evaluate(&c).unwrap();
        *seen.entry(d.disposition).or_insert(0) += 1;
        // Open facts are listed once each, in order, and only while something is open.
        assert!(d.open_facts.windows(2).all(|w| w[0] < w[1]), "{d:?}");
        assert_eq!(d.settled, d.open_facts.is_empty(), "{d:?}");
        // One disposition, resting on grounds of one article only.
        let article = match d.disposition {
            Verdict::DueDiligence => Some("8"),
            Verdict::ExemptionEligible => Some("9"),
            Verdict::MitigationEligible => Some("10"),
            _ => None,
        };
        if let Some(a) = article {
            assert!(
                d.decisive.iter().all(|g| g.split('.').next() == Some(a)),
                "{d:?}"
            );
            assert!(d.grounds.iter().all(
                |g| g.split('.').next().unwrap().parse::<u32>().unwrap() >= a.parse().unwrap()
            ));
        }
        match d.disposition {
            Verdict::Liable => {
                assert!(d.grounds.is_empty() && d.open_grounds.is_empty());
                assert_eq!(c.fact(Fact::EnforcementFault), Some(true));
            }
            Verdict::OutOfScope => assert!(d.grounds.is_empty() && d.findings.is_empty()),
            Verdict::Undetermined => {
                // Undetermined only where unknown facts could still change the result.
                assert!(!d.settled && !d.open_facts.is_empty(), "{d:?}");
            }
            Verdict::NoFault => {
                assert!(d.grounds.is_empty() && d.open_grounds.is_empty());
                assert_eq!(c.fact(Fact::EnforcementFault), Some(false));
            }
            _ => assert!(
                !d.grounds.is_empty() || d.interpretations.contains(&"completions_decide"),
                "{d:?}"
            ),
        }
    }
    // The sweep reaches every outcome.
    assert_eq!(seen.len(), 7, "{seen:?}");
}

fn with_reading(mut c: Case, name: &'static str, value: &'static str) -> Case {
    c.readings.push((name, value));
    c
}

#[test]
fn reading_late_application_as_a_bar_withdraws_articles_9_and_10() {
    let mut c = all_false_but(&[
        Fact::EnforcementFault,
        Fact::EmergencyTask,
        Fact::RapidResponseShortcut,
    ]);
    c.dates.accountability_started = Date::new(2025, 9, 29);
    c.dates.application_filed = Date::new(2025, 10, 14);
    let d = engine().evaluate(&c).unwrap();
    assert_eq!(d.disposition, Verdict::ExemptionEligible);
    let d = engine()
        .evaluate(&with_reading(c.clone(), "late_application", "bars"))
        .unwrap();
    assert_eq!(d.disposition, Verdict::Liable);
    assert_eq!(
        d.grounds,
        ["9.8"],
        "the ground still holds; it no longer avails"
    );
    assert!(d.interpretations.contains(&"late_application_bars"));
    // Filed in time, the bar changes nothing.
    c.dates.application_filed = Date::new(2025, 10, 13);
    let d = engine()
        .evaluate(&with_reading(c, "late_application", "bars"))
        .unwrap();
    assert_eq!(d.disposition, Verdict::ExemptionEligible);
}

#[test]
fn reading_the_overlap_the_other_way_lets_9_5_govern_over_8_2() {
    let c = all_false_but(&[
        Fact::CounterpartyFalsifiedEvidence,
        Fact::DecisionErroneous,
        Fact::HarmOccurred,
    ]);
    let mut c = c;
    c.facts.insert(Fact::SubjectiveFault, false);
    c.facts.insert(Fact::ErrorOccurred, true);
    let d = engine().evaluate(&c).unwrap();
    assert_eq!(
        (d.disposition, d.decisive.clone()),
        (Verdict::DueDiligence, vec!["8.2"])
    );
    let d = engine()
        .evaluate(&with_reading(c, "overlap", "discretionary_governs"))
        .unwrap();
    assert_eq!(d.disposition, Verdict::ExemptionEligible);
    assert_eq!(d.decisive, ["9.5"]);
    assert_eq!(d.grounds, ["8.2", "9.5"]);
    assert!(d.interpretations.contains(&"overlap_discretionary_governs"));
}

#[test]
fn reading_order_41_in_makes_the_matching_items_mandatory() {
    let mut c = all_false_but(&[Fact::ThirdPartyFalsifiedEvidence, Fact::HarmOccurred]);
    c.facts.insert(Fact::SubjectiveFault, false);
    c.facts.insert(Fact::ErrorOccurred, true);
    assert_eq!(
        engine().evaluate(&c).unwrap().disposition,
        Verdict::ExemptionEligible
    );
    let d = engine()
        .evaluate(&with_reading(c, "order41", "via_art16"))
        .unwrap();
    assert_eq!(
        (d.disposition, d.decisive.clone()),
        (Verdict::DueDiligence, vec!["9.5"])
    );
    // 10(三), no intent or gross negligence: a complete defence.
    let mut c = all_false_but(&[Fact::EnforcementFault]);
    c.facts.insert(Fact::IntentOrGrossNegligence, false);
    assert_eq!(
        engine().evaluate(&c).unwrap().disposition,
        Verdict::MitigationEligible
    );
    let d = engine()
        .evaluate(&with_reading(c, "order41", "via_art16"))
        .unwrap();
    assert_eq!(d.disposition, Verdict::DueDiligence);
    // 9(八) is not among them.
    let c = all_false_but(&[Fact::EmergencyTask, Fact::RapidResponseShortcut]);
    let d = engine()
        .evaluate(&with_reading(c, "order41", "via_art16"))
        .unwrap();
    assert_eq!(d.disposition, Verdict::ExemptionEligible);
}

/// The interpretations a determination lists come from `fired_rules`, which names most rules
/// without re-deriving; over the fixtures and generated cases, under every value of every
/// switch, they must be those of re-deriving every tuple.
#[test]
fn fired_rules_agree_with_rederiving_every_tuple() {
    use rongcuo::engine::db::Db;
    use rongcuo::engine::evaluate::{fired_rules, fired_rules_by_derivation};
    use rongcuo::law::interpret::Readings;
    let program = rongcuo::law::program::program();
    let interpretations = |rules: Vec<usize>| {
        let mut v: Vec<&str> = rules
            .iter()
            .flat_map(|r| program.rules[*r].interpretations.iter().copied())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let cases = valid_fixtures_and_generated(11, 300);
    let settings = Readings::one_switch_settings();
    let mut compared = 0;
    for readings in settings {
        let engine = engine().with_readings(readings);
        for c in &cases {
            let Ok(run) = engine.run(c, &[]) else {
                continue;
            };
            let db = Db::from_run(&run);
            assert_eq!(
                interpretations(fired_rules(&run, None)),
                interpretations(fired_rules_by_derivation(&run, &db)),
                "{}",
                c.id
            );
            compared += 1;
        }
    }
    assert!(compared > 1500, "{compared}");
}

/// `batch` evaluates many cases in one crepe runtime, with the program `build.rs` derives by
/// adding a case column (`chunk`). Over the fixtures and generated cases, under every value of
/// every switch, and under a text with a clause deleted, every case must get exactly the
/// outputs a runtime of its own gives it.
#[test]
fn chunked_runs_derive_what_single_runs_derive() {
    use rongcuo::engine::run::Run;
    use rongcuo::law::interpret::Readings;
    let cases = valid_fixtures_and_generated(23, 400);
    let settings = Readings::one_switch_settings();
    let without_9_5 = {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/policy/leshan-sandbox-tolerance-draft.zh.txt"
        ))
        .unwrap();
        let line = text
            .lines()
            .find(|l| l.contains("（五）行政执法人员履行法定职责，因行政相对人"))
            .unwrap();
        let text = text.replace(line, "");
        PolicyText::parse("policy.txt", text.as_bytes()).unwrap()
    };
    let mut engines: Vec<Engine> = settings
        .into_iter()
        .map(|r| engine().with_readings(r))
        .collect();
    engines.push(Engine::new(without_9_5));
    let mut compared = 0;
    for engine in &engines {
        let prepared: Vec<_> = cases
            .iter()
            .filter_map(|c| engine.prepare(c).ok())
            .collect();
        let single: Vec<Run> = prepared
            .iter()
            .map(|p| engine.run_prepared(p, &[]))
            .collect();
        let mut chunked: Vec<Run> = prepared
            .into_iter()
            .map(|p| engine.inputs(p, &[]))
            .collect();
        engine.run_chunked(&mut chunked.iter_mut().collect::<Vec<_>>());
        assert_eq!(single.len(), chunked.len());
        for (s, c) in single.iter().zip(&chunked) {
            assert_eq!(s.out, c.out);
            compared += 1;
        }
    }
    assert!(compared > 2500, "{compared}");
}

/// `clause_key` reads the usual ids in one pass; it must agree with splitting at the first dot
/// and parsing both parts (`u32::MAX` for a part that is not a number, item 0 without a dot).
#[test]
fn clause_key_agrees_with_parsing_the_parts() {
    use rongcuo::text::policy::clause_key;
    let reference = |id: &str| {
        let (a, i) = id.split_once('.').unwrap_or((id, "0"));
        (a.parse().unwrap_or(u32::MAX), i.parse().unwrap_or(u32::MAX))
    };
    let mut ids: Vec<String> = [
        "",
        ".",
        "8.",
        ".8",
        "8..1",
        "8.1.2",
        "+8",
        "8.+1",
        "-1",
        "a",
        "8.a",
        "１",
        "0",
        "00.00",
        "123456789.987654321",
        "1234567890",
        "4294967295",
        "4294967296",
        "9.1234567890",
        " 8",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for a in 0..30 {
        ids.push(a.to_string());
        for i in 0..15 {
            ids.push(format!("{a}.{i}"));
        }
    }
    for id in &ids {
        assert_eq!(clause_key(id), reference(id), "{id:?}");
    }
}

/// The periods a case is given are the calendar's own walks, the first time a start date is
/// met and every time after.
#[test]
fn periods_are_the_calendars_walks_however_often_a_start_date_recurs() {
    use rongcuo::law::interpret::Readings;
    use rongcuo::text::policy::PeriodUnit;
    let mut seen = 0;
    for seven_days in ["calendar_days", "working_days"] {
        let mut readings = Readings::default();
        readings.set("seven_days", seven_days).unwrap();
        let engine = Engine::new(PolicyText::bundled()).with_readings(readings);
        for round in 0..2 {
            for i in 0..400 {
                let text = rongcuo::workflows::generate::case(3, i).to_string();
                let case = Case::parse("gen", &text).unwrap();
                let Ok(prepared) = engine.prepare(&case) else {
                    continue;
                };
                for p in &prepared.periods {
                    let walk = match p.unit {
                        PeriodUnit::WorkingDays => {
                            engine.calendar.add_working_days(p.period.start, p.count)
                        }
                        PeriodUnit::Days => {
                            engine.calendar.add_calendar_days(p.period.start, p.count)
                        }
                    };
                    assert_eq!(Ok(&p.period), walk.as_ref(), "{} round {round}", case.id);
                    seen += 1;
                }
            }
        }
    }
    assert!(seen > 500, "{seen}");
}

/// Every valid fixture, then `n` cases generated from `seed`.
fn valid_fixtures_and_generated(seed: u64, n: u64) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("err_") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        cases.push(Case::parse(&name, &text).unwrap());
    }
    for i in 0..n {
        let text = rongcuo::workflows::generate::case(seed, i).to_string();
        cases.push(Case::parse("gen", &text).unwrap());
    }
    cases
}

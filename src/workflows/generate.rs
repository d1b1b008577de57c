//! A reproducible generator of valid, varied case files (JSON Lines) for batch runs,
//! benchmarks and `diff` scenario sets. It owns the case *profiles*: each case first draws the
//! disposition it aims at (out of scope, due diligence, exemption, mitigation, liability, no
//! fault, or undetermined) and is built toward it from the rule table's list of the facts each
//! ground of 第八、九、十条 needs — a ground to satisfy, the grounds to rule out, sometimes one
//! left open — and only then filled with random noise, so that every disposition is common
//! while the facts stay varied. It also owns the choice of dates (in procedural order, inside
//! the calendar, often just before a holiday block or a make-up working day so periods cross
//! them), of catch-all assertions and of per-case readings. It never asks the engine: the
//! profile is a tendency, not an answer. The same seed gives the same cases.

use crate::law::calendar::{Calendar, Date, DayKind};
use crate::law::facts::{self, Fact, Source, VOCABULARY};
use crate::law::interpret::SWITCHES;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// A small deterministic generator (xorshift64*); no crate needed for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    /// One item of `items`, uniformly (`None` when empty).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len() as u64) as usize)
    }
}

/// One way of satisfying a ground of 第八、九、十条: one rule of `rules`, read from the rule table
/// (`program`), so the generator follows the rules without asking the engine for answers.
struct Ground {
    clause: &'static str,
    needs: &'static [(Fact, bool)],
    /// False for an alternative that holds only under a non-default reading (its rule reads a
    /// `Reading`): never aimed at, but still ruled out where its article must not hold.
    by_default: bool,
}

/// The fact-decided grounds of each article of 第八、九、十条, and its catch-all (the ground
/// whose rule needs the reviewer's assertion), from the rule table.
fn table() -> &'static [(Vec<Ground>, &'static str); 3] {
    static TABLE: OnceLock<[(Vec<Ground>, &'static str); 3]> = OnceLock::new();
    TABLE.get_or_init(|| {
        ["8", "9", "10"].map(|article| {
            let mut grounds = Vec::new();
            let mut catch_all = "";
            for r in &crate::law::program::program().rules {
                let Some((clause, _)) = r.cite else { continue };
                if r.head.relation != "Ground" || clause.split('.').next() != Some(article) {
                    continue;
                }
                let reads = |relation: &str| {
                    r.body.iter().any(
                        |p| matches!(p, crate::law::program::Premise::Atom(a) if a.relation == relation),
                    )
                };
                if reads("Asserted") {
                    catch_all = clause;
                    continue;
                }
                grounds.push(Ground {
                    clause,
                    needs: r.fact_premises(),
                    by_default: !reads("Reading"),
                });
            }
            (grounds, catch_all)
        })
    })
}

#[expect(
    clippy::indexing_slicing,
    reason = "the table has one entry per article"
)]
fn art(i: usize) -> &'static [Ground] {
    &table()[i].0
}

#[expect(
    clippy::indexing_slicing,
    reason = "the table has one entry per article"
)]
fn catch_all(i: usize) -> &'static str {
    table()[i].1
}

/// The disposition a case is built toward.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    OutOfScope,
    DueDiligence,
    Exemption,
    Mitigation,
    Liable,
    NoFault,
    Undetermined,
}

/// The targets with their weights (out of 100). Out-of-scope cases almost never miss their aim
/// and get a little less; the others share the rest about evenly, each losing a few percent to
/// the noise, the readings and the grounds it could not rule out.
const TARGETS: [(Target, u64); 7] = [
    (Target::OutOfScope, 12),
    (Target::DueDiligence, 15),
    (Target::Exemption, 15),
    (Target::Mitigation, 15),
    (Target::Liable, 15),
    (Target::NoFault, 14),
    (Target::Undetermined, 14),
];

/// The in-scope targets a case whose scope is left open is otherwise built toward.
const SETTLED_IN_SCOPE: [Target; 5] = [
    Target::DueDiligence,
    Target::Exemption,
    Target::Mitigation,
    Target::Liable,
    Target::NoFault,
];

/// Days kept free at the end of the calendar after the latest accountability start: the latest
/// decision comes at most 31 days after it and its notification 13 days later, and no period of
/// 第十一条 (5 working days, or 7 days read as working days) walks further than about three
/// weeks from its start, even over the Spring Festival block.
const ROOM_DAYS: i64 = 75;

/// How far before a holiday block or make-up working day a start date counts as near it.
const NEAR_DAYS: i64 = 10;

/// The facts of a case under construction.
#[derive(Default)]
struct Draft {
    /// The known facts.
    values: BTreeMap<Fact, bool>,
    /// The facts the profile or the dates settled (known or deliberately unknown): the noise
    /// leaves them alone.
    decided: BTreeSet<Fact>,
    /// Whether the case gives an application date (then `application_filed` is never false).
    filed_date: bool,
    /// The catch-alls asserted.
    assertions: Vec<&'static str>,
    /// What the profile did to reach its target, for the description: `holds 9.5`, `open 8.2`.
    aim: Vec<String>,
}

impl Draft {
    fn value(&self, f: Fact) -> Option<bool> {
        self.values.get(&f).copied()
    }

    /// Whether `f` may be `v` beside the facts known so far: no exclusion broken, no computed
    /// fact, and no `application_filed: false` beside an application date.
    fn allows(&self, f: Fact, v: bool) -> bool {
        f.def().source == Source::Case
            && !(f == Fact::ApplicationFiled && !v && self.filed_date)
            && facts::broken(|g| if g == f { Some(v) } else { self.value(g) }).is_none()
    }

    /// Sets `f` to `v` if allowed; the value is decided either way (unknown if not allowed).
    fn decide(&mut self, f: Fact, v: Option<bool>) {
        self.decided.insert(f);
        match v {
            Some(v) if self.allows(f, v) => {
                self.values.insert(f, v);
            }
            _ => {
                self.values.remove(&f);
            }
        }
    }

    /// Sets every fact `g` needs, so that the ground holds.
    fn hold(&mut self, g: &Ground) {
        self.aim.push(format!("holds {}", g.clause));
        for &(f, v) in g.needs {
            self.decide(f, Some(v));
        }
    }

    /// Makes sure `g` cannot hold: one fact it needs that is not yet decided is given the
    /// opposite value. A ground already ruled out is left alone, and so is one whose facts are
    /// all decided (a ground sharing every fact with the one aimed at).
    fn block(&mut self, rng: &mut Rng, g: &Ground) {
        if g.needs.iter().any(|&(f, v)| self.value(f) == Some(!v)) {
            return;
        }
        let free: Vec<(Fact, bool)> = g
            .needs
            .iter()
            .copied()
            .filter(|&(f, v)| !self.decided.contains(&f) && self.allows(f, !v))
            .collect();
        if let Some(&(f, v)) = rng.pick(&free) {
            self.decide(f, Some(!v));
        }
    }

    fn block_all(&mut self, rng: &mut Rng, grounds: &[Ground]) {
        for g in grounds {
            self.block(rng, g);
        }
    }

    /// Leaves `g` open: every fact it needs is set but one, which stays unknown, so the ground
    /// holds in some completions of the case and not in others. False (nothing changed) when a
    /// needed fact is already decided against the ground or no fact can stay unknown.
    fn open(&mut self, rng: &mut Rng, g: &Ground) -> bool {
        if g.needs.iter().any(|&(f, v)| {
            (self.decided.contains(&f) && self.value(f) != Some(v)) || !self.allows(f, v)
        }) {
            return false;
        }
        let free: Vec<Fact> = g
            .needs
            .iter()
            .map(|&(f, _)| f)
            .filter(|f| !self.decided.contains(f))
            .collect();
        let first = rng.below(free.len() as u64) as usize;
        // The unknown fact must not be forced by the others through an exclusion (an error
        // beside a non-subjective one is no longer unknown).
        for k in 0..free.len() {
            let Some(&unknown) = free.get((first + k) % free.len()) else {
                continue;
            };
            let set = |f: Fact| {
                g.needs
                    .iter()
                    .find(|&&(n, _)| n == f && f != unknown)
                    .map(|&(_, v)| v)
                    .or_else(|| self.value(f))
            };
            if facts::entailed(set).iter().any(|e| e.0 == unknown) {
                continue;
            }
            for &(f, v) in g.needs {
                self.decide(f, (f != unknown).then_some(v));
            }
            self.aim
                .push(format!("open {} on {}", g.clause, unknown.name()));
            return true;
        }
        false
    }
}

/// Case `index` of the set drawn from `seed`, as one JSON object.
pub fn case(seed: u64, index: u64) -> Value {
    let mut rng = Rng::new(seed ^ index.wrapping_mul(0xD6E8_FEB8_6659_FD93));
    let mut draft = Draft::default();

    let target = TARGETS
        .iter()
        .scan(rng.below(100), |left, &(t, w)| {
            let here = *left < w;
            *left = left.saturating_sub(w);
            Some((t, here))
        })
        .find(|&(_, here)| here)
        .map_or(Target::Liable, |(t, _)| t);

    let dates = draw_dates(&mut rng, &mut draft);
    profile(&mut rng, &mut draft, target);
    let readings = draw_readings(&mut rng);

    // Noise: the facts the profile left undecided, mostly settled, true rarer than false.
    for d in VOCABULARY.iter().filter(|d| d.source == Source::Case) {
        if draft.decided.contains(&d.fact) {
            continue;
        }
        let v = match rng.below(10) {
            0..=2 => Some(true),
            3..=7 => Some(false),
            _ => None,
        };
        if let Some(v) = v
            && draft.allows(d.fact, v)
        {
            draft.values.insert(d.fact, v);
        }
    }
    // Now and then one fact flipped or forgotten, whatever the profile wanted.
    if rng.chance(10) {
        let case_facts: Vec<Fact> = VOCABULARY
            .iter()
            .filter(|d| d.source == Source::Case)
            .map(|d| d.fact)
            .collect();
        if let Some(&f) = rng.pick(&case_facts) {
            let forget = rng.chance(50);
            match draft.value(f) {
                Some(_) if forget => {
                    draft.values.remove(&f);
                }
                Some(v) if draft.allows(f, !v) => {
                    draft.values.insert(f, !v);
                }
                None => {
                    let v = rng.chance(50);
                    if draft.allows(f, v) {
                        draft.values.insert(f, v);
                    }
                }
                Some(_) => {}
            }
        }
    }

    let facts: Map<String, Value> = VOCABULARY
        .iter()
        .filter_map(|d| draft.value(d.fact).map(|v| (d.name.to_string(), json!(v))))
        .collect();
    let mut out = Map::new();
    out.insert("id".into(), json!(format!("gen-{seed}-{index}")));
    out.insert("description".into(), json!(describe(target, &draft)));
    out.insert("facts".into(), Value::Object(facts));
    if let Some(dates) = dates {
        out.insert("dates".into(), dates);
    }
    if !draft.assertions.is_empty() {
        let assertions: Vec<Value> = draft
            .assertions
            .iter()
            .map(|c| {
                json!({
                    "clause": c,
                    "justification": format!("generated: the reviewer holds that the catch-all item {c} applies"),
                })
            })
            .collect();
        out.insert("assertions".into(), Value::Array(assertions));
    }
    if !readings.is_empty() {
        out.insert("readings".into(), Value::Object(readings));
    }
    Value::Object(out)
}

/// The description of a generated case: its profile, not a verdict.
fn describe(target: Target, draft: &Draft) -> String {
    let mut aim = draft.aim.clone();
    aim.extend(draft.assertions.iter().map(|c| format!("asserts {c}")));
    if aim.is_empty() {
        format!("generated (profile: {})", target.name())
    } else {
        format!("generated (profile: {}; {})", target.name(), aim.join(", "))
    }
}

impl Target {
    fn name(self) -> &'static str {
        match self {
            Target::OutOfScope => "out_of_scope",
            Target::DueDiligence => "due_diligence",
            Target::Exemption => "exemption_eligible",
            Target::Mitigation => "mitigation_eligible",
            Target::Liable => "liable",
            Target::NoFault => "no_fault",
            Target::Undetermined => "undetermined",
        }
    }
}

/// The grounds that hold under the default readings.
fn by_default(grounds: &[Ground]) -> Vec<&Ground> {
    grounds.iter().filter(|g| g.by_default).collect()
}

/// Builds the facts and assertions of `draft` toward `target`.
fn profile(rng: &mut Rng, draft: &mut Draft, target: Target) {
    let scope = [Fact::InMarketRegulationSystem, Fact::SandboxEnforcementRole];
    let mut target = target;
    match target {
        Target::OutOfScope => {
            // At least one scope fact false; the other true, false or unknown.
            let [system, role] = scope;
            let (out, other) = if rng.chance(50) {
                (system, role)
            } else {
                (role, system)
            };
            draft.decide(out, Some(false));
            let other_value = match rng.below(4) {
                0 => None,
                1 => Some(false),
                _ => Some(true),
            };
            draft.decide(other, other_value);
            return;
        }
        Target::Undetermined if rng.chance(15) => {
            // Scope open: in scope the case would settle, out of it it would not apply.
            let unknown = rng.below(2) as usize;
            for (k, f) in scope.into_iter().enumerate() {
                draft.decide(f, (k != unknown).then_some(true));
            }
            target = rng
                .pick(&SETTLED_IN_SCOPE)
                .copied()
                .unwrap_or(Target::Liable);
            draft
                .aim
                .push(format!("open scope, otherwise {}", target.name()));
        }
        _ => {
            for f in scope {
                draft.decide(f, Some(true));
            }
        }
    }
    let fault = Fact::EnforcementFault;
    match target {
        Target::OutOfScope => {}
        Target::DueDiligence => {
            if rng.chance(12) {
                draft.assertions.push(catch_all(0));
            } else if let Some(g) = rng.pick(&by_default(art(0))) {
                draft.hold(g);
            }
        }
        Target::Exemption => {
            if rng.chance(12) {
                draft.assertions.push(catch_all(1));
            } else if let Some(g) = rng.pick(&by_default(art(1))) {
                draft.hold(g);
            }
            draft.block_all(rng, art(0));
        }
        Target::Mitigation => {
            draft.decide(fault, Some(true));
            if rng.chance(15) {
                draft.assertions.push(catch_all(2));
            } else if let Some(g) = rng.pick(&by_default(art(2))) {
                draft.hold(g);
            }
            draft.block_all(rng, art(0));
            draft.block_all(rng, art(1));
        }
        Target::Liable => {
            draft.decide(fault, Some(true));
            draft.block_all(rng, art(0));
            draft.block_all(rng, art(1));
            draft.block_all(rng, art(2));
        }
        Target::NoFault => {
            draft.decide(fault, Some(false));
            draft.block_all(rng, art(0));
            draft.block_all(rng, art(1));
        }
        Target::Undetermined => {
            // A decisive fact left unknown: one ground open beside an established fault (then
            // the case is liable or not) or beside no fault, or the fault itself unknown.
            let (fault_value, candidates): (Option<bool>, Vec<&Ground>) = match rng.below(100) {
                0..=44 => (
                    Some(true),
                    [by_default(art(0)), by_default(art(1)), by_default(art(2))].concat(),
                ),
                45..=74 => (
                    Some(false),
                    [by_default(art(0)), by_default(art(1))].concat(),
                ),
                _ => (None, Vec::new()),
            };
            draft.decide(fault, fault_value);
            // A few tries: a ground may need a fact the fault excludes (8.1 beside a fault).
            for _ in 0..4 {
                match rng.pick(&candidates) {
                    Some(g) if !draft.open(rng, g) => continue,
                    _ => break,
                }
            }
            draft.block_all(rng, art(0));
            draft.block_all(rng, art(1));
            draft.block_all(rng, art(2));
        }
    }
}

/// One or two readings for about a fifth of the cases, any option of any switch.
fn draw_readings(rng: &mut Rng) -> Map<String, Value> {
    let mut out = Map::new();
    if !rng.chance(20) {
        return out;
    }
    let count = 1 + rng.below(2);
    for _ in 0..count {
        if let Some(sw) = rng.pick(SWITCHES)
            && let Some((value, _)) = rng.pick(sw.options)
        {
            out.insert(sw.name.into(), json!(value));
        }
    }
    out
}

/// The first and the latest accountability start the generator uses: the calendar's first day,
/// and its last day less `ROOM_DAYS`.
fn start_range(cal: &Calendar) -> Option<(Date, Date)> {
    let first = Date::new(cal.first_year(), 1, 1)?;
    let last = Date::new(cal.last_year(), 12, 31)?;
    Some((first, last.add_days(-ROOM_DAYS)))
}

/// Whether `d` opens a holiday block or is a make-up working day of the calendar.
fn turns_the_calendar(cal: &Calendar, d: Date) -> bool {
    match cal.day_kind(d) {
        Ok(DayKind::AdjustedWorkday) => true,
        Ok(DayKind::Holiday) => cal.day_kind(d.add_days(-1)).ok() != Some(DayKind::Holiday),
        _ => false,
    }
}

/// The start dates within `NEAR_DAYS` before a holiday block or a make-up working day of the
/// bundled calendar, read from it once.
fn near_holiday_starts() -> &'static [Date] {
    static STARTS: OnceLock<Vec<Date>> = OnceLock::new();
    STARTS.get_or_init(|| {
        let cal = Calendar::bundled();
        let Some((first, latest)) = start_range(cal) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut d = first;
        while d <= latest {
            if (1..=NEAR_DAYS).any(|k| turns_the_calendar(cal, d.add_days(k))) {
                out.push(d);
            }
            d = d.succ();
        }
        out
    })
}

/// The dates of about three cases in five, in procedural order, with the facts of 第十一条 the
/// dates bear on: no application date beside `application_filed: false` (or left unknown), and
/// the tolerance decision's grant and disclosure drawn where a decision date is given.
fn draw_dates(rng: &mut Rng, draft: &mut Draft) -> Option<Value> {
    if !rng.chance(60) {
        return None;
    }
    let (first, latest) = start_range(Calendar::bundled())?;
    let near = near_holiday_starts();
    let started = match rng.pick(near) {
        Some(&d) if rng.chance(45) => d,
        _ => first.add_days(rng.below(first.days_until(latest).max(0) as u64 + 1) as i64),
    };
    let mut dates = Map::new();
    dates.insert("accountability_started".into(), json!(started.to_string()));
    if rng.chance(30) {
        // The procedure started but no application is dated: none was filed, or it is unknown.
        let filed = rng.chance(50).then_some(false);
        draft.decide(Fact::ApplicationFiled, filed);
        draft.decide(Fact::ToleranceGranted, None);
        draft.decide(Fact::DecisionDisclosed, None);
        return Some(Value::Object(dates));
    }
    let filed = started.add_days(rng.below(12) as i64);
    draft.filed_date = true;
    dates.insert("application_filed".into(), json!(filed.to_string()));
    draft.decide(Fact::ApplicationFiled, rng.chance(50).then_some(true));
    if rng.chance(55) {
        let made = filed.add_days(1 + rng.below(20) as i64);
        dates.insert("decision_made".into(), json!(made.to_string()));
        if rng.chance(80) {
            let notified = made.add_days(rng.below(14) as i64);
            dates.insert("decision_notified".into(), json!(notified.to_string()));
        }
        let mut three = |t: u64, f: u64| match rng.below(100) {
            x if x < t => Some(true),
            x if x < t + f => Some(false),
            _ => None,
        };
        let granted = three(45, 30);
        let disclosed = three(40, 35);
        draft.decide(Fact::ToleranceGranted, granted);
        draft.decide(Fact::DecisionDisclosed, disclosed);
    } else {
        draft.decide(Fact::ToleranceGranted, None);
        draft.decide(Fact::DecisionDisclosed, None);
    }
    Some(Value::Object(dates))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::case::Case;
    use crate::engine::evaluate::Engine;
    use crate::law::labels::{VERDICTS, Verdict};
    use crate::text::policy::PolicyText;

    /// Cases evaluated in the test (the release binary is measured over 20,000).
    const N: u64 = 4_000;

    #[test]
    fn generated_cases_are_valid_cover_every_disposition_and_are_reproducible() {
        let catch_alls: [&str; 3] = [catch_all(0), catch_all(1), catch_all(2)];
        assert_eq!(catch_alls, ["8.10", "9.10", "10.4"]);
        let engine = Engine::new(PolicyText::bundled());
        let cal = Calendar::bundled();
        let mut counts: BTreeMap<Verdict, u64> = BTreeMap::new();
        let mut asserted: BTreeMap<String, u64> = BTreeMap::new();
        let (mut with_readings, mut dated, mut near, mut crossing) = (0u64, 0u64, 0u64, 0u64);
        let (mut started_only, mut declared_unfiled) = (0u64, 0u64);
        let mut granted = BTreeSet::new();
        let mut disclosed = BTreeSet::new();
        for i in 0..N {
            let v = case(7, i);
            assert_eq!(v, case(7, i));
            let c = Case::parse("gen", &v.to_string()).unwrap();
            assert!(facts::broken(|f| c.fact(f)).is_none(), "{v}");
            for d in VOCABULARY.iter().filter(|d| d.source == Source::Computed) {
                assert_eq!(c.fact(d.fact), None, "{v}");
            }
            if c.dates.application_filed.is_some() {
                assert_ne!(c.fact(Fact::ApplicationFiled), Some(false), "{v}");
            }
            let d = engine.evaluate(&c).unwrap();
            *counts.entry(d.disposition).or_default() += 1;
            for a in &c.assertions {
                assert!(catch_alls.contains(&a.clause.as_str()), "{v}");
                assert!(!a.justification.is_empty());
                *asserted.entry(a.clause.clone()).or_default() += 1;
            }
            with_readings += u64::from(!c.readings.is_empty());
            if let Some(start) = c.dates.accountability_started {
                dated += 1;
                // Within ten days before a day the calendar treats specially.
                let special = |k: i64| {
                    matches!(
                        cal.day_kind(start.add_days(k)),
                        Ok(DayKind::Holiday | DayKind::AdjustedWorkday)
                    )
                };
                near += u64::from((1..=10).any(special));
                let walk = cal.add_working_days(start, 5).unwrap();
                crossing += u64::from(
                    walk.days
                        .iter()
                        .any(|(_, k)| matches!(k, DayKind::Holiday | DayKind::AdjustedWorkday)),
                );
                if c.dates.application_filed.is_none() {
                    started_only += 1;
                    declared_unfiled += u64::from(c.fact(Fact::ApplicationFiled) == Some(false));
                }
            }
            if c.dates.decision_made.is_some() {
                granted.insert(c.fact(Fact::ToleranceGranted));
                disclosed.insert(c.fact(Fact::DecisionDisclosed));
            }
        }
        for (verdict, name, ..) in VERDICTS {
            let n = counts.get(verdict).copied().unwrap_or(0);
            assert!(n * 20 >= N, "{name}: {n} of {N}: {counts:?}");
        }
        for clause in catch_alls {
            assert!(asserted.get(clause).is_some_and(|&n| n > 0), "{asserted:?}");
        }
        assert!(
            (N / 10..=N * 3 / 10).contains(&with_readings),
            "{with_readings}"
        );
        assert!(near * 4 >= dated, "{near} of {dated} start near a holiday");
        assert!(
            crossing * 5 >= dated,
            "{crossing} of {dated} cross a holiday"
        );
        assert!(declared_unfiled > 0 && started_only > declared_unfiled);
        assert_eq!(granted.len(), 3, "{granted:?}");
        assert_eq!(disclosed.len(), 3, "{disclosed:?}");
        assert_ne!(case(7, 1), case(8, 1));
    }
}

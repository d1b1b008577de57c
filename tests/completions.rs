//! Every claim rongcuo makes about what unknown facts can change, checked by brute force.
//!
//! For generated cases under every setting of every reading, the unknown facts that the result
//! reads (the fact premises of the scope, ground and bar rules, the fault of 第十二条, and the
//! facts an exclusion ties to them) are enumerated: every completion that breaks no exclusion is
//! run with every one of those facts known, where the program decides exactly one disposition.
//! Against that table:
//! - the case is *settled* exactly when every completion reaches one disposition, and then it is
//!   that disposition;
//! - a case that is not settled is `undetermined`, or has a disposition some completion reaches;
//! - every offered contingency is consistent and changes the disposition to the one it names;
//! - no smaller set changes the disposition, and every set of the smallest size that changes it
//!   is offered;
//! - `eval` (the determination), `explain` and the JSON line of `batch` agree.
//!
//! Cases with up to `EXHAUSTIVE` such facts are checked exhaustively; cases with more are
//! sampled. The sweep is deterministic: `COMPLETION_CASES=N` checks N cases instead of the
//! default (sized to run well under a minute in a debug build).

use rongcuo::engine::case::Case;
use rongcuo::engine::evaluate::Engine;
use rongcuo::engine::run::Prepared;
use rongcuo::explain::explanation::explain;
use rongcuo::law::facts::{EXCLUSIONS, Fact, Source, VOCABULARY};
use rongcuo::law::interpret::SWITCHES;
use rongcuo::law::labels::Verdict;
use rongcuo::law::program::program;
use rongcuo::text::policy::PolicyText;
use rongcuo::workflows::generate::Rng;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// Cases with at most this many unknown facts read are enumerated exhaustively, smallest sets
/// included.
const EXHAUSTIVE: usize = 12;

fn engine() -> Engine {
    Engine::new(PolicyText::bundled())
}

/// The facts the disposition reads: premises of the scope, ground and bar rules, and the fault.
fn read_facts() -> BTreeSet<Fact> {
    let mut out: BTreeSet<Fact> = program()
        .rules
        .iter()
        .filter(|r| matches!(r.head.relation, "InScope" | "Ground" | "Barred"))
        .flat_map(|r| r.fact_premises().iter().map(|(f, _)| *f))
        .collect();
    out.insert(Fact::EnforcementFault);
    out
}

/// A generated case: each stated fact known with a bias, `unknown` of the read facts left
/// unknown, exclusions repaired, and dates, assertions and readings drawn.
fn generated(rng: &mut Rng, index: u64) -> Value {
    let read: Vec<Fact> = read_facts().into_iter().collect();
    let wanted_unknown = rng.below(EXHAUSTIVE as u64 + 4) as usize;
    let mut unknown: BTreeSet<Fact> = BTreeSet::new();
    while unknown.len() < wanted_unknown.min(read.len()) {
        if let Some(f) = read.get(rng.below(read.len() as u64) as usize) {
            unknown.insert(*f);
        }
    }
    let truth = 20 + rng.below(40);
    let mut facts: BTreeMap<Fact, bool> = BTreeMap::new();
    for d in VOCABULARY.iter().filter(|d| d.source == Source::Case) {
        if unknown.contains(&d.fact) || (!read.contains(&d.fact) && rng.below(3) == 0) {
            continue;
        }
        facts.insert(d.fact, rng.below(100) < truth);
    }
    // Scope mostly holds, so the grounds matter.
    if rng.below(8) != 0 {
        for f in [Fact::InMarketRegulationSystem, Fact::SandboxEnforcementRole] {
            if !unknown.contains(&f) {
                facts.insert(f, true);
            }
        }
    }
    // Repair exclusions: the second fact of a broken pair goes unknown.
    for e in EXCLUSIONS {
        if facts.get(&e.first.0) == Some(&e.first.1) && facts.get(&e.second.0) == Some(&e.second.1)
        {
            facts.remove(&e.second.0);
        }
    }
    let mut dates = Map::new();
    match rng.below(4) {
        0 => {}
        1 => {
            dates.insert("accountability_started".into(), json!("2025-09-29"));
            facts.remove(&Fact::ApplicationFiled);
        }
        _ => {
            let filed =
                ["2025-10-09", "2025-10-13", "2025-10-14", "2025-10-10"][rng.below(4) as usize];
            dates.insert("accountability_started".into(), json!("2025-09-29"));
            dates.insert("application_filed".into(), json!(filed));
            facts.remove(&Fact::ApplicationFiled);
        }
    }
    let mut readings = Map::new();
    for sw in SWITCHES {
        if let Some((value, _)) = sw.options.get(rng.below(sw.options.len() as u64) as usize) {
            readings.insert(sw.name.into(), json!(value));
        }
    }
    let mut case = json!({
        "id": format!("completion-{index}"),
        "facts": facts.iter().map(|(f, v)| (f.name().to_string(), json!(v))).collect::<Map<_, _>>(),
        "dates": dates,
        "readings": readings,
    });
    if rng.below(6) == 0
        && let Some(c) = case.as_object_mut()
    {
        let clause = ["8.10", "9.10", "10.4"][rng.below(3) as usize];
        c.insert(
            "assertions".into(),
            json!([{ "clause": clause, "justification": "generated" }]),
        );
    }
    case
}

/// The unknown facts of a prepared case that the result reads, with the unknown facts an
/// exclusion ties to them.
fn open_facts(prepared: &Prepared) -> Vec<Fact> {
    let read = read_facts();
    let unknown = |f: Fact| {
        prepared
            .values
            .get(f as usize)
            .is_some_and(|v| v.1.is_none())
    };
    let mut out: BTreeSet<Fact> = read.iter().copied().filter(|f| unknown(*f)).collect();
    for e in EXCLUSIONS {
        for (a, b) in [(e.first.0, e.second.0), (e.second.0, e.first.0)] {
            if out.contains(&a) && unknown(b) {
                out.insert(b);
            }
        }
    }
    out.into_iter().collect()
}

/// The disposition the program reaches with every fact of `facts` set over the case's own, the
/// rest left as they are; `None` when that breaks an exclusion.
fn established(engine: &Engine, prepared: &Prepared, facts: &[(Fact, bool)]) -> Option<Verdict> {
    let p = engine.hypothesize(prepared, facts)?;
    let run = engine.run_prepared(&p, &[]);
    Some(engine.outcome(&run).0)
}

/// Every consistent completion of `open`, as a bit pattern, with the disposition it reaches.
fn completions(engine: &Engine, prepared: &Prepared, open: &[Fact]) -> Vec<(u32, Verdict)> {
    let mut out = Vec::new();
    for bits in 0u32..(1 << open.len()) {
        let facts: Vec<(Fact, bool)> = open
            .iter()
            .enumerate()
            .map(|(i, f)| (*f, bits & (1 << i) != 0))
            .collect();
        if let Some(v) = established(engine, prepared, &facts) {
            assert_ne!(
                v,
                Verdict::Undetermined,
                "a complete case decided nothing: {facts:?}"
            );
            out.push((bits, v));
        }
    }
    out
}

/// The disposition rongcuo should give with `set` established, by brute force over the table:
/// the one every completion reaches, else the established one if some completion reaches it,
/// else undetermined. `None` when the set breaks an exclusion.
fn expected(
    engine: &Engine,
    prepared: &Prepared,
    open: &[Fact],
    table: &[(u32, Verdict)],
    set: &[(Fact, bool)],
) -> Option<Verdict> {
    let here = established(engine, prepared, set)?;
    let (mut mask, mut want) = (0u32, 0u32);
    for (f, v) in set {
        let i = open.iter().position(|g| g == f)?;
        mask |= 1 << i;
        if *v {
            want |= 1 << i;
        }
    }
    let reach: BTreeSet<Verdict> = table
        .iter()
        .filter(|(bits, _)| bits & mask == want)
        .map(|(_, v)| *v)
        .collect();
    Some(match reach.len() {
        0 => return None,
        1 => *reach.first()?,
        _ if reach.contains(&here) => here,
        _ => Verdict::Undetermined,
    })
}

/// Every set of `size` facts of `open` with values, in a fixed order.
fn sets_of(open: &[Fact], size: usize) -> Vec<Vec<(Fact, bool)>> {
    let mut out = Vec::new();
    for pick in 0u32..(1 << open.len()) {
        if pick.count_ones() as usize != size {
            continue;
        }
        let chosen: Vec<Fact> = open
            .iter()
            .enumerate()
            .filter(|(i, _)| pick & (1 << i) != 0)
            .map(|(_, f)| *f)
            .collect();
        for signs in 0u32..(1 << size) {
            let mut set: Vec<(Fact, bool)> = chosen
                .iter()
                .enumerate()
                .map(|(i, f)| (*f, signs & (1 << i) != 0))
                .collect();
            set.sort();
            out.push(set);
        }
    }
    out
}

/// The switches whose other option changes the disposition, found by evaluating the case file
/// with that option in its `readings`: what `deciding_readings` must name.
fn deciding(engine: &Engine, json: &Value, now: Verdict) -> BTreeSet<(&'static str, &'static str)> {
    let mut out = BTreeSet::new();
    for sw in SWITCHES {
        for (other, _) in sw.options {
            let mut v = json.clone();
            let current = v["readings"][sw.name].as_str().map(str::to_string);
            if current.as_deref() == Some(*other) {
                continue;
            }
            v["readings"][sw.name] = json!(other);
            let case =
                Case::parse("variant.json", &v.to_string()).unwrap_or_else(|e| panic!("{e:?}"));
            let d = engine.evaluate(&case).unwrap_or_else(|e| panic!("{e:?}"));
            if d.disposition != now {
                out.insert((sw.name, *other));
            }
        }
    }
    out
}

/// Checks one case; returns a description of the first false claim.
fn check(engine: &Engine, json: &Value, case: &Case, rng: &mut Rng) -> Result<(), String> {
    let prepared = engine.prepare(case).map_err(|e| format!("{e:?}"))?;
    let ex = explain(engine, case).map_err(|e| format!("{e:?}"))?;
    let d = engine.evaluate(case).map_err(|e| format!("{e:?}"))?;
    if d != ex.determination {
        return Err("eval and explain disagree".into());
    }
    let line = rongcuo::report::render::determination_line(&d, 1);
    let parsed: Value = serde_json::from_str(&line).map_err(|e| e.to_string())?;
    if parsed["disposition"] != d.disposition.name() || parsed["settled"] != d.settled {
        return Err("the batch line disagrees".into());
    }
    let named: BTreeSet<(&str, &str)> = d
        .deciding_readings
        .iter()
        .map(|r| (r.switch, r.other))
        .collect();
    let decide = deciding(engine, json, d.disposition);
    if named != decide {
        return Err(format!(
            "deciding readings {named:?}, but flipping changes {decide:?}"
        ));
    }
    for r in &d.deciding_readings {
        if !d.interpretations.contains(&r.interpretation) {
            return Err(format!("{} decides but is not named", r.interpretation));
        }
    }
    let open = open_facts(&prepared);
    if open.len() > EXHAUSTIVE {
        // Sampled: no sampled completion contradicts a settled disposition, and each offered
        // set changes the program's result where it establishes one.
        for _ in 0..64 {
            let facts: Vec<(Fact, bool)> = open.iter().map(|f| (*f, rng.below(2) == 0)).collect();
            if let Some(v) = established(engine, &prepared, &facts)
                && d.settled
                && v != d.disposition
            {
                return Err(format!("settled as {d:?} but {facts:?} gives {v:?}"));
            }
        }
        return Ok(());
    }
    let table = completions(engine, &prepared, &open);
    let reach: BTreeSet<Verdict> = table.iter().map(|(_, v)| *v).collect();
    if reach.is_empty() {
        return Err("no consistent completion".into());
    }
    if d.settled != (reach.len() == 1) {
        return Err(format!(
            "settled = {} but the completions reach {reach:?}",
            d.settled
        ));
    }
    let want = expected(engine, &prepared, &open, &table, &[]).ok_or("no expectation")?;
    if d.disposition != want {
        return Err(format!(
            "disposition {:?}, expected {want:?} (completions reach {reach:?})",
            d.disposition
        ));
    }
    if d.settled {
        if !ex.contingencies.is_empty() || !d.open_facts.is_empty() {
            return Err("settled, yet something is offered as open".into());
        }
        return Ok(());
    }
    if !ex.contingencies_complete {
        return Err("the search for the smallest sets gave up".into());
    }
    let offered: BTreeSet<Vec<(Fact, bool)>> = ex
        .contingencies
        .iter()
        .map(|c| {
            let mut s = c.facts.clone();
            s.sort();
            s
        })
        .collect();
    let size = offered
        .iter()
        .map(Vec::len)
        .min()
        .ok_or("contingent, but no set offered")?;
    for c in &ex.contingencies {
        if c.facts.len() != size {
            return Err(format!(
                "sets of different sizes offered: {:?}",
                ex.contingencies
            ));
        }
        match expected(engine, &prepared, &open, &table, &c.facts) {
            None => return Err(format!("{:?} breaks an exclusion", c.facts)),
            Some(v) if v == d.disposition => {
                return Err(format!("{:?} does not change {:?}", c.facts, d.disposition));
            }
            Some(v) if v != c.disposition => {
                return Err(format!(
                    "{:?} leads to {v:?}, not {:?}",
                    c.facts, c.disposition
                ));
            }
            Some(_) => {}
        }
    }
    for s in 1..=size {
        for set in sets_of(&open, s) {
            let changes = expected(engine, &prepared, &open, &table, &set)
                .is_some_and(|v| v != d.disposition);
            if changes && s < size {
                return Err(format!("{set:?} changes the disposition and is smaller"));
            }
            if changes && !offered.contains(&set) {
                return Err(format!(
                    "{set:?} changes the disposition but is not offered"
                ));
            }
        }
    }
    // Every offered fact is an open fact of the determination.
    for c in &ex.contingencies {
        for (f, _) in &c.facts {
            if !d.open_facts.contains(f) {
                return Err(format!("{f:?} is offered but not among the open facts"));
            }
        }
    }
    Ok(())
}

#[test]
fn every_claim_about_unknown_facts_holds_against_every_completion() {
    let cases: u64 = std::env::var("COMPLETION_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(120);
    let engine = engine();
    let mut rng = Rng::new(11);
    let mut seen: BTreeMap<(Verdict, bool), usize> = BTreeMap::new();
    for i in 0..cases {
        let v = generated(&mut rng, i);
        let text = v.to_string();
        let case = Case::parse("completion.json", &text)
            .unwrap_or_else(|e| panic!("a generated case does not parse: {e:?}\n{text}"));
        if let Err(why) = check(&engine, &v, &case, &mut rng) {
            panic!(
                "case {i}: {why}\n{}",
                serde_json::to_string_pretty(&v).unwrap_or_default()
            );
        }
        let d = engine.evaluate(&case).unwrap_or_else(|e| panic!("{e:?}"));
        *seen.entry((d.disposition, d.settled)).or_default() += 1;
    }
    // The sweep reaches settled and contingent cases of several dispositions.
    assert!(seen.len() >= 6, "{seen:?}");
}

//! Exhaustive analysis of the grounds of 第八、九、十条 over the loaded policy: which ground of a
//! less favourable article is wholly covered by a ground of a more favourable one (and so can
//! never decide a case against it), how often a 第九条 ground shares its assignments with a
//! 第八条 ground, which grounds never fire, which dispositions no explored case reaches, and a
//! decision table of minimal fact sets per disposition. This module owns the `Analysis` model,
//! its computation and its text and JSON renderings. The engine is the only judge of what
//! holds: every answer is read from crepe runs; the rule table is read only to choose which
//! facts to enumerate (a ground's fact premises) and which sets to try.
//!
//! Method. A ground's facts are the union of the fact premises of all its alternatives. For a
//! pair of grounds (A, B) every assignment of true/false to the union U of their facts is run,
//! with every other fact of the vocabulary known too, at its *baseline*: the value no `Ground`
//! rule reads as a premise (true for a fact that the grounds read only as `No`, such as
//! `subjective_fault`, `intent_or_gross_negligence` and `statutory_deduction_applies`; false
//! for every other fact), so that no unrelated ground holds. The scope facts (the premises of
//! the `InScope` rules) stay as 第二条 needs them. Because both grounds read only facts of U,
//! whether they hold does not depend on the baseline; the baseline only keeps the disposition of
//! each run clean. Runs are cached by their inputs, so an assignment shared by several pairs is
//! run once. A catch-all (a ground whose rule needs the reviewer's `Asserted`) is decided by
//! the assertion, not by facts, so it takes part in no pair; it is only checked to fire with its
//! assertion (and not without).

use crate::base::lang::Lang;
use crate::engine::case::Case;
use crate::engine::evaluate::Engine;
use crate::engine::run::Prepared;
use crate::law::facts::{Fact, VOCABULARY};
use crate::law::labels::{VERDICTS, Verdict};
use crate::law::program::{Premise, Rule, program};
use crate::law::rules::Mode;
use crate::report::render::FORMAT_VERSION;
use crate::text::policy::cite;
use crate::text::policy::clause_key;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::fmt::Write;

/// The ground articles, most favourable first (第八条 over 第九条 over 第十条).
const GROUND_ARTICLES: [&str; 3] = ["8", "9", "10"];

/// The largest fact space enumerated (2^16 assignments); bigger ones are skipped and listed.
pub const MAX_FACTS: usize = 16;

/// Known facts with their values, in vocabulary order.
pub type FactSet = Vec<(Fact, bool)>;

/// A ground wholly covered by a ground of a more favourable article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overlap {
    /// The covered ground, e.g. "9.7".
    pub ground: &'static str,
    /// The more favourable ground that holds whenever it does, e.g. "8.6".
    pub covered_by: &'static str,
    /// The fact space enumerated: the facts of both grounds, in vocabulary order.
    pub facts: Vec<Fact>,
    /// How many of the 2^|facts| assignments made `ground` hold (in all of them `covered_by`
    /// held too).
    pub assignments: usize,
}

/// One alternative (rule) of a ground wholly covered by a more favourable ground, listed when
/// the ground as a whole is not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AltOverlap {
    pub ground: &'static str,
    /// The alternative's number, as in its cite (`9.7#1`).
    pub alt: u8,
    pub covered_by: &'static str,
    /// The fact space enumerated (as for `Overlap`).
    pub facts: Vec<Fact>,
    /// How many assignments made this alternative hold.
    pub assignments: usize,
}

/// A fact space too large to enumerate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub ground: &'static str,
    /// The other ground of the pair; `None` for the ground's own never-fire check.
    pub other: Option<&'static str>,
    /// The number of facts, above `MAX_FACTS`.
    pub facts: usize,
}

/// The result of `analyze`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Analysis {
    /// Grounds of 第九、十条 such that, in every assignment over the facts of the pair in which
    /// the ground holds, the ground of the more favourable article holds too.
    pub overlaps: Vec<Overlap>,
    /// Alternatives wholly covered by a more favourable ground whose clause as a whole is not.
    pub alt_overlaps: Vec<AltOverlap>,
    /// Pairs (ground of 第九条, ground of 第八条, assignments where both hold, assignments where
    /// the first holds) with at least one shared assignment, among the pairs whose grounds have
    /// a fact in common (otherwise they hold independently of each other).
    pub shared: Vec<(&'static str, &'static str, usize, usize)>,
    /// Grounds that hold in no assignment of their own facts (a catch-all: not even asserted).
    pub never_fire: Vec<&'static str>,
    /// Catch-alls that hold in some assignment without their assertion (none should).
    pub fires_unasserted: Vec<&'static str>,
    /// Dispositions that no explored case reaches.
    pub unreachable: Vec<Verdict>,
    /// Per disposition (in `VERDICTS` order), the minimal known fact sets that yield it, each
    /// verified by a run with exactly those facts known (scope facts true, not listed).
    pub decision_table: Vec<(Verdict, Vec<FactSet>)>,
    /// Fact spaces above `MAX_FACTS`, not enumerated.
    pub skipped: Vec<Skipped>,
    /// The number of engine runs made.
    pub runs: usize,
}

/// A ground clause of 第八、九、十条 as the rule table has it.
struct GroundInfo {
    clause: &'static str,
    /// Position of its article in `GROUND_ARTICLES` (0 = most favourable).
    rank: usize,
    /// The union of its alternatives' fact premises, in vocabulary order.
    facts: Vec<Fact>,
    /// Whether a rule of it needs the reviewer's assertion.
    catch_all: bool,
}

/// What one run established: the actual grounds (clause, alternative) and the disposition.
struct Seen {
    grounds: Vec<(&'static str, u8)>,
    verdict: Verdict,
}

impl Seen {
    fn holds(&self, clause: &str) -> bool {
        self.grounds.iter().any(|(c, _)| *c == clause)
    }
    fn holds_alt(&self, clause: &str, alt: u8) -> bool {
        self.grounds.iter().any(|(c, a)| *c == clause && *a == alt)
    }
}

/// Which prepared case a run starts from.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Variant {
    /// Scope facts only, no assertion.
    Plain,
    /// Scope facts and the assertion of this catch-all.
    Asserting(&'static str),
}

/// Runs the engine, caching by inputs, and records every disposition reached.
struct Explorer<'a> {
    engine: &'a Engine,
    plain: Option<Prepared>,
    asserting: Vec<(&'static str, Option<Prepared>)>,
    /// Every fact but the scope facts, at its baseline value.
    baseline: FactSet,
    cache: HashMap<(Variant, FactSet), Seen>,
    reached: Vec<Verdict>,
    runs: usize,
}

impl Explorer<'_> {
    fn prepared(&self, variant: Variant) -> Option<&Prepared> {
        match variant {
            Variant::Plain => self.plain.as_ref(),
            Variant::Asserting(c) => self
                .asserting
                .iter()
                .find(|(a, _)| *a == c)
                .and_then(|(_, p)| p.as_ref()),
        }
    }

    /// Runs `hypothesis` (facts not in it keep the prepared case's value: scope, or unknown).
    /// `None` when the variant's case could not be prepared (its catch-all is not in the text).
    fn run(&mut self, variant: Variant, mut hypothesis: FactSet) -> Option<&Seen> {
        hypothesis.sort();
        hypothesis.dedup_by_key(|(f, _)| *f);
        let key = (variant, hypothesis);
        if !self.cache.contains_key(&key) {
            let prepared = self.prepared(variant)?;
            let run = self.engine.run_prepared(prepared, &key.1);
            let (verdict, _, _) = self.engine.outcome(&run);
            let mut grounds: Vec<(&'static str, u8)> = run
                .out
                .1
                .iter()
                .filter(|g| g.0 == Mode::Actual)
                // The analysis works in the rule table's (reference) ids; a revised text's
                // grounds are read back through its binding.
                .map(|g| {
                    self.engine
                        .binding
                        .reference(g.1)
                        .map_or((g.1.clause, g.1.alt), |r| (r.clause, r.alt))
                })
                .collect();
            grounds.sort_by_key(|(c, a)| (clause_key(c), *a));
            self.runs += 1;
            if !self.reached.contains(&verdict) {
                self.reached.push(verdict);
            }
            self.cache.insert(key.clone(), Seen { grounds, verdict });
        }
        self.cache.get(&key)
    }

    /// Runs the assignment numbered `mask` over `facts` (bit i = facts[i]), every other fact at
    /// its baseline.
    fn assign(&mut self, variant: Variant, facts: &[Fact], mask: u32) -> Option<&Seen> {
        let hypothesis: FactSet = self
            .baseline
            .iter()
            .map(|&(f, base)| match facts.iter().position(|g| *g == f) {
                Some(i) => (f, mask & (1 << i) != 0),
                None => (f, base),
            })
            .collect();
        self.run(variant, hypothesis)
    }

    fn verdict(&mut self, set: &[(Fact, bool)]) -> Option<Verdict> {
        self.run(Variant::Plain, set.to_vec()).map(|s| s.verdict)
    }

    /// Removes facts from `set` while the disposition stays `target`, until none can go.
    fn shrink(&mut self, mut set: FactSet, target: Verdict) -> FactSet {
        loop {
            let mut removed = false;
            for i in (0..set.len()).rev() {
                let mut smaller = set.clone();
                smaller.remove(i);
                if self.verdict(&smaller) == Some(target) {
                    set = smaller;
                    removed = true;
                }
            }
            if !removed {
                return set;
            }
        }
    }
}

fn is_catch_all(rule: &Rule) -> bool {
    rule.body
        .iter()
        .any(|p| matches!(p, Premise::Atom(a) if a.relation == "Asserted"))
}

/// The `Ground` rules of 第八、九、十条 with their clause, alternative and article rank.
fn ground_rules() -> Vec<(&'static Rule, &'static str, u8, usize)> {
    program()
        .rules
        .iter()
        .filter(|r| r.head.relation == "Ground")
        .filter_map(|r| {
            let (clause, alt) = r.cite?;
            let article = clause.split('.').next().unwrap_or(clause);
            let rank = GROUND_ARTICLES.iter().position(|a| *a == article)?;
            Some((r, clause, alt, rank))
        })
        .collect()
}

fn grounds() -> Vec<GroundInfo> {
    let mut out: Vec<GroundInfo> = Vec::new();
    for (rule, clause, _, rank) in ground_rules() {
        let i = match out.iter().position(|g| g.clause == clause) {
            Some(i) => i,
            None => {
                out.push(GroundInfo {
                    clause,
                    rank,
                    facts: Vec::new(),
                    catch_all: false,
                });
                out.len() - 1
            }
        };
        let Some(g) = out.get_mut(i) else {
            continue;
        };
        g.catch_all |= is_catch_all(rule);
        for &(f, _) in rule.fact_premises() {
            if !g.facts.contains(&f) {
                g.facts.push(f);
            }
        }
    }
    for g in &mut out {
        g.facts.sort();
    }
    out.sort_by_key(|g| clause_key(g.clause));
    out
}

/// The facts the `InScope` rules need, with the values they need.
fn scope_facts() -> FactSet {
    let mut out: FactSet = Vec::new();
    for r in program()
        .rules
        .iter()
        .filter(|r| r.head.relation == "InScope")
    {
        for p in r.fact_premises() {
            if !out.contains(p) {
                out.push(*p);
            }
        }
    }
    out
}

/// Every fact but the scope facts at the value no `Ground` rule reads: true for a fact read
/// only as `No`, false otherwise.
fn baseline(scope: &[(Fact, bool)]) -> FactSet {
    let rules = ground_rules();
    VOCABULARY
        .iter()
        .filter(|d| !scope.iter().any(|(f, _)| *f == d.fact))
        .map(|d| {
            let reads = |value: bool| {
                rules
                    .iter()
                    .any(|(r, ..)| r.fact_premises().contains(&(d.fact, value)))
            };
            (d.fact, reads(false) && !reads(true))
        })
        .collect()
}

/// A case with the scope facts and, if given, the assertion of one catch-all, built through
/// the case-file parser so that it is checked like any reviewer's file.
fn built_case(scope: &[(Fact, bool)], asserted: Option<&str>) -> Option<Case> {
    let facts: Map<String, Value> = scope
        .iter()
        .map(|(f, v)| (f.name().to_string(), Value::Bool(*v)))
        .collect();
    let assertions: Vec<Value> = asserted
        .map(|c| json!({ "clause": c, "justification": "asserted by the analysis" }))
        .into_iter()
        .collect();
    let source = json!({ "id": "analysis", "facts": facts, "assertions": assertions });
    Case::parse("analysis", &source.to_string()).ok()
}

/// The sorted union of two fact lists.
fn union(a: &[Fact], b: &[Fact]) -> Vec<Fact> {
    let mut u: Vec<Fact> = a.iter().chain(b).copied().collect();
    u.sort();
    u.dedup();
    u
}

/// Explores the rules of the engine's loaded policy (see the module doc).
pub fn analyze(engine: &Engine) -> Analysis {
    let grounds = grounds();
    let scope = scope_facts();
    let prepare = |asserted: Option<&str>| {
        built_case(&scope, asserted).and_then(|case| engine.prepare(&case).ok())
    };
    let plain = prepare(None);
    let asserting = grounds
        .iter()
        .filter(|g| g.catch_all)
        .map(|g| (g.clause, prepare(Some(g.clause))))
        .collect();
    let mut x = Explorer {
        engine,
        plain,
        asserting,
        baseline: baseline(&scope),
        cache: HashMap::new(),
        reached: Vec::new(),
        runs: 0,
    };

    let mut overlaps = Vec::new();
    let mut alt_overlaps = Vec::new();
    let mut shared = Vec::new();
    let mut skipped = Vec::new();
    let alts_of = |clause: &str| -> Vec<u8> {
        ground_rules()
            .iter()
            .filter(|(_, c, ..)| *c == clause)
            .map(|(_, _, alt, _)| *alt)
            .collect()
    };

    // Pairs: A of 第九、十条 under B of a more favourable article.
    for a in grounds.iter().filter(|g| g.rank > 0 && !g.catch_all) {
        let a_alts = alts_of(a.clause);
        for b in grounds.iter().filter(|g| g.rank < a.rank && !g.catch_all) {
            let u = union(&a.facts, &b.facts);
            if u.len() > MAX_FACTS {
                skipped.push(Skipped {
                    ground: a.clause,
                    other: Some(b.clause),
                    facts: u.len(),
                });
                continue;
            }
            let (mut held, mut both) = (0usize, 0usize);
            // Per alternative of A: (assignments where it holds, of those where B holds too).
            let mut per_alt = vec![(0usize, 0usize); a_alts.len()];
            for mask in 0..(1u32 << u.len()) {
                let Some(seen) = x.assign(Variant::Plain, &u, mask) else {
                    continue;
                };
                let b_holds = seen.holds(b.clause);
                if seen.holds(a.clause) {
                    held += 1;
                    both += b_holds as usize;
                }
                for (count, alt) in per_alt.iter_mut().zip(&a_alts) {
                    if seen.holds_alt(a.clause, *alt) {
                        count.0 += 1;
                        count.1 += b_holds as usize;
                    }
                }
            }
            let complete = held > 0 && both == held;
            if complete {
                overlaps.push(Overlap {
                    ground: a.clause,
                    covered_by: b.clause,
                    facts: u.clone(),
                    assignments: held,
                });
            } else {
                for (alt, (n, with_b)) in a_alts.iter().zip(&per_alt) {
                    if *n > 0 && with_b == n {
                        alt_overlaps.push(AltOverlap {
                            ground: a.clause,
                            alt: *alt,
                            covered_by: b.clause,
                            facts: u.clone(),
                            assignments: *n,
                        });
                    }
                }
            }
            // With no fact in common the two grounds hold independently, and the share would
            // only measure how often B's own facts happen to be true.
            let common = a.facts.iter().any(|f| b.facts.contains(f));
            if GROUND_ARTICLES.get(a.rank) == Some(&"9")
                && GROUND_ARTICLES.get(b.rank) == Some(&"8")
                && common
                && both > 0
            {
                shared.push((a.clause, b.clause, both, held));
            }
        }
    }

    // Never-firing grounds; catch-alls with and without their assertion.
    let mut never_fire = Vec::new();
    let mut fires_unasserted = Vec::new();
    for g in &grounds {
        if g.facts.len() > MAX_FACTS {
            skipped.push(Skipped {
                ground: g.clause,
                other: None,
                facts: g.facts.len(),
            });
            continue;
        }
        let mut fires = |variant: Variant| {
            (0..(1u32 << g.facts.len())).any(|mask| {
                x.assign(variant, &g.facts, mask)
                    .is_some_and(|s| s.holds(g.clause))
            })
        };
        let unasserted = fires(Variant::Plain);
        if g.catch_all {
            if unasserted {
                fires_unasserted.push(g.clause);
            }
            if !unasserted && !fires(Variant::Asserting(g.clause)) {
                never_fire.push(g.clause);
            }
        } else if !unasserted {
            never_fire.push(g.clause);
        }
    }

    let decision_table = decision_table(&mut x, &scope);
    let unreachable = VERDICTS
        .iter()
        .map(|r| r.0)
        .filter(|v| !x.reached.contains(v))
        .collect();
    // Reported in the loaded text's ids, where the revision put each clause.
    let at = |id: &'static str| -> &'static str { engine.binding.loaded_clause(id).unwrap_or(id) };

    for o in &mut overlaps {
        (o.ground, o.covered_by) = (at(o.ground), at(o.covered_by));
    }

    for o in &mut alt_overlaps {
        (o.ground, o.covered_by) = (at(o.ground), at(o.covered_by));
    }
    let shared = shared
        .into_iter()
        .map(|(a, b, n, m)| (at(a), at(b), n, m))
        .collect();
    let never_fire = never_fire.into_iter().map(at).collect();
    let fires_unasserted = fires_unasserted.into_iter().map(at).collect();

    for s in &mut skipped {
        s.ground = at(s.ground);
        s.other = s.other.map(at);
    }
    Analysis {
        overlaps,
        alt_overlaps,
        shared,
        never_fire,
        fires_unasserted,
        unreachable,
        decision_table,
        skipped,
        runs: x.runs,
    }
}

/// The article whose grounds decide a disposition.
fn article_of(v: Verdict) -> Option<&'static str> {
    match v {
        Verdict::DueDiligence => Some("8"),
        Verdict::ExemptionEligible => Some("9"),
        Verdict::MitigationEligible => Some("10"),
        _ => None,
    }
}

/// Candidate sets per disposition, each verified, shrunk, and kept only if no other kept set of
/// the same disposition is a proper subset of it.
fn decision_table(x: &mut Explorer<'_>, scope: &[(Fact, bool)]) -> Vec<(Verdict, Vec<FactSet>)> {
    let rules = ground_rules();
    let mut table = Vec::new();
    for &(verdict, ..) in VERDICTS {
        let candidates: Vec<FactSet> = match verdict {
            Verdict::OutOfScope => scope.iter().map(|&(f, v)| vec![(f, !v)]).collect(),
            Verdict::Undetermined => vec![Vec::new()],
            Verdict::Liable => liable_candidate(&rules).into_iter().collect(),
            // The same facts with the fault of 第十二条 found absent.
            Verdict::NoFault => liable_candidate(&rules)
                .map(|set| {
                    set.into_iter()
                        .map(|(f, v)| (f, if f == Fact::EnforcementFault { !v } else { v }))
                        .collect()
                })
                .into_iter()
                .collect(),
            _ => rules
                .iter()
                .filter(|(r, ..)| !is_catch_all(r))
                .filter(|(_, c, ..)| Some(c.split('.').next().unwrap_or(c)) == article_of(verdict))
                .map(|(r, ..)| {
                    let mut set: FactSet = Vec::new();
                    for p in r.fact_premises() {
                        if !set.iter().any(|(f, _)| *f == p.0) {
                            set.push(*p);
                        }
                    }
                    set
                })
                .collect(),
        };
        let mut kept: Vec<FactSet> = Vec::new();
        for set in candidates {
            if x.verdict(&set) != Some(verdict) {
                continue;
            }
            let mut set = x.shrink(set, verdict);
            set.sort();
            if !kept.contains(&set) {
                kept.push(set);
            }
        }
        let subset = |small: &[(Fact, bool)], big: &[(Fact, bool)]| {
            small.len() < big.len() && small.iter().all(|p| big.contains(p))
        };
        let minimal: Vec<FactSet> = kept
            .iter()
            .filter(|s| !kept.iter().any(|t| subset(t, s)))
            .cloned()
            .collect();
        table.push((verdict, minimal));
    }
    table
}

/// The fault premises of the `Liable` rules plus, chosen greedily, one fact set against some
/// premise of every fact-decided ground alternative; `None` if an alternative cannot be
/// defeated without contradicting the fault premises.
fn liable_candidate(rules: &[(&'static Rule, &'static str, u8, usize)]) -> Option<FactSet> {
    let mut set: FactSet = Vec::new();
    for r in program()
        .rules
        .iter()
        .filter(|r| r.head.relation == "Liable")
    {
        for p in r.fact_premises() {
            if !set.contains(p) {
                set.push(*p);
            }
        }
    }
    let fault = set.clone();
    let mut open: Vec<&[(Fact, bool)]> = rules
        .iter()
        .filter(|(r, ..)| !is_catch_all(r))
        .map(|(r, ..)| r.fact_premises())
        .collect();
    let defeats =
        |lit: (Fact, bool), premises: &[(Fact, bool)]| premises.contains(&(lit.0, !lit.1));
    open.retain(|ps| !set.iter().any(|l| defeats(*l, ps)));
    while !open.is_empty() {
        let mut best: Option<((Fact, bool), usize)> = None;
        for ps in &open {
            for &(f, v) in *ps {
                let lit = (f, !v);
                if fault.iter().any(|(g, w)| *g == f && *w == v) {
                    continue;
                }
                let n = open.iter().filter(|qs| defeats(lit, qs)).count();
                if best.is_none_or(|(_, m)| n > m) {
                    best = Some((lit, n));
                }
            }
        }
        let (lit, _) = best?;
        set.push(lit);
        open.retain(|ps| !defeats(lit, ps));
    }
    Some(set)
}

fn join(items: impl IntoIterator<Item = String>, lang: Lang) -> String {
    items
        .into_iter()
        .collect::<Vec<_>>()
        .join(lang.pick("、", ", "))
}

fn fact_names(facts: &[Fact], lang: Lang) -> String {
    join(facts.iter().map(|f| f.name().to_string()), lang)
}

fn fact_set(set: &[(Fact, bool)], lang: Lang) -> String {
    if set.is_empty() {
        return lang
            .pick(
                "（空集：其余事实均未知）",
                "(empty: every other fact unknown)",
            )
            .to_string();
    }
    join(set.iter().map(|(f, v)| format!("{}={v}", f.name())), lang)
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// The analysis as text for a person.
pub fn analysis_text(a: &Analysis, lang: Lang) -> String {
    let mut out = String::new();
    let none = lang.pick("  无", "  none");
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            format!("规则穷举分析（引擎运行 {} 次）", a.runs),
            format!("Exhaustive rule analysis ({} engine runs)", a.runs),
        )
    );

    let _ = writeln!(
        out,
        "\n{}",
        lang.pick(
            "完全覆盖（该项成立时，更有利条款的某项必然成立，该项不可能单独决定结果）：",
            "Complete overlaps (whenever the ground holds, a ground of a more favourable article holds too, so it can never decide an outcome against it):",
        )
    );
    if a.overlaps.is_empty() {
        let _ = writeln!(out, "{none}");
    }
    for o in &a.overlaps {
        let (g, b, n) = (cite(o.ground), cite(o.covered_by), o.assignments);
        let total = 1usize
            .checked_shl(o.facts.len() as u32)
            .unwrap_or(usize::MAX);
        let facts = fact_names(&o.facts, lang);
        let _ = writeln!(
            out,
            "  {}",
            lang.pick(
                format!(
                    "{g} 被 {b} 覆盖：在 {facts} 的 {total} 种赋值中，{g} 成立的全部 {n} 种，{b} 均成立"
                ),
                format!(
                    "{g} is covered by {b}: in all {n} assignments (of {total} over {facts}) in which {g} holds, {b} holds too"
                ),
            )
        );
    }

    let _ = writeln!(
        out,
        "\n{}",
        lang.pick(
            "单一情形的完全覆盖（条款整体未被覆盖）：",
            "Alternatives wholly covered (the clause as a whole is not):",
        )
    );
    if a.alt_overlaps.is_empty() {
        let _ = writeln!(out, "{none}");
    }
    for o in &a.alt_overlaps {
        let (g, b, n, alt) = (cite(o.ground), cite(o.covered_by), o.assignments, o.alt);
        let total = 1usize
            .checked_shl(o.facts.len() as u32)
            .unwrap_or(usize::MAX);
        let _ = writeln!(
            out,
            "  {}",
            lang.pick(
                format!(
                    "{g}（第 {alt} 种情形）被 {b} 覆盖：在 {total} 种赋值中，该情形成立的全部 {n} 种，{b} 均成立"
                ),
                format!(
                    "{g} (alternative {alt}) is covered by {b}: in all {n} assignments (of {total}) in which it holds, {b} holds too"
                ),
            )
        );
    }

    let _ = writeln!(
        out,
        "\n{}",
        lang.pick(
            "第九条与第八条的重合（两项有共同事实时，第九条该项成立的赋值中第八条该项也成立的份额）：",
            "Shared assignments of 第九条 grounds with 第八条 grounds that have a fact in common (share of the 第九条 ground's assignments in which the 第八条 ground holds):",
        )
    );
    if a.shared.is_empty() {
        let _ = writeln!(out, "{none}");
    }
    for &(g, b, both, held) in &a.shared {
        let (g, b, p) = (cite(g), cite(b), percent(both, held));
        let _ = writeln!(
            out,
            "  {}",
            lang.pick(
                format!("{g} 与 {b}：{held} 种赋值中 {both} 种（{p:.1}%）"),
                format!("{g} under {b}: {both} of {held} assignments ({p:.1}%)"),
            )
        );
    }

    if !a.skipped.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            lang.pick(
                format!("未枚举（事实超过 {MAX_FACTS} 个）："),
                format!("Not enumerated (more than {MAX_FACTS} facts):"),
            )
        );
        for s in &a.skipped {
            let pair = match s.other {
                Some(o) => format!("{} / {}", cite(s.ground), cite(o)),
                None => cite(s.ground),
            };
            let _ = writeln!(
                out,
                "  {pair}: {}",
                lang.pick(format!("{} 个事实", s.facts), format!("{} facts", s.facts))
            );
        }
    }

    let list = |clauses: &[&'static str]| {
        if clauses.is_empty() {
            lang.pick("无", "none").to_string()
        } else {
            join(clauses.iter().map(|c| cite(c)), lang)
        }
    };
    let _ = writeln!(
        out,
        "\n{}",
        lang.pick(
            format!("从不成立的情形：{}", list(&a.never_fire)),
            format!("Grounds that never hold: {}", list(&a.never_fire)),
        )
    );
    if !a.fires_unasserted.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            lang.pick(
                format!("未经主张即成立的兜底条款：{}", list(&a.fires_unasserted)),
                format!(
                    "Catch-alls that hold without an assertion: {}",
                    list(&a.fires_unasserted)
                ),
            )
        );
    }
    let unreachable = if a.unreachable.is_empty() {
        lang.pick("无", "none").to_string()
    } else {
        join(
            a.unreachable
                .iter()
                .map(|v| format!("{} ({})", v.label(lang), v.name())),
            lang,
        )
    };
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            format!("无法得出的处理结果：{unreachable}"),
            format!("Dispositions no case reaches: {unreachable}"),
        )
    );

    let _ = writeln!(
        out,
        "\n{}",
        lang.pick(
            "决策表（得出各处理结果的最小已知事实集合；适用范围事实均为真，未列出；其余事实未知）：",
            "Decision table (minimal sets of known facts yielding each disposition; scope facts true and not listed; every other fact unknown):",
        )
    );
    for (verdict, sets) in &a.decision_table {
        let _ = writeln!(out, "  {} ({})", verdict.label(lang), verdict.name());
        if sets.is_empty() {
            let _ = writeln!(out, "  {none}");
        }
        for set in sets {
            let _ = writeln!(out, "    {}", fact_set(set, lang));
        }
    }

    let _ = writeln!(
        out,
        "\n{}",
        lang.pick(
            "方法：对每一对条款，枚举两项事实并集的全部真假赋值；其他事实取任何情形都不读取的值（仅以“为假”作前提的事实取真，其余取假）。兜底条款由审查人主张决定，不参与配对。",
            "Method: for each pair of grounds, every true/false assignment over the union of their facts is run; every other fact takes the value no ground reads (true for a fact read only as false, false otherwise). Catch-alls are decided by the reviewer's assertion and take part in no pair.",
        )
    );
    out
}

fn set_json(set: &[(Fact, bool)]) -> Value {
    let mut m = Map::new();
    for (f, v) in set {
        m.insert(f.name().to_string(), Value::Bool(*v));
    }
    Value::Object(m)
}

fn names(facts: &[Fact]) -> Vec<&'static str> {
    facts.iter().map(|f| f.name()).collect()
}

/// The analysis as JSON (`format_version` 1, keys in this order).
pub fn analysis_json(a: &Analysis) -> Value {
    let overlaps: Vec<Value> = a
        .overlaps
        .iter()
        .map(|o| {
            json!({
                "ground": o.ground,
                "covered_by": o.covered_by,
                "facts": names(&o.facts),
                "assignments": o.assignments,
            })
        })
        .collect();
    let alt_overlaps: Vec<Value> = a
        .alt_overlaps
        .iter()
        .map(|o| {
            json!({
                "ground": o.ground,
                "alternative": o.alt,
                "covered_by": o.covered_by,
                "facts": names(&o.facts),
                "assignments": o.assignments,
            })
        })
        .collect();
    let shared: Vec<Value> = a
        .shared
        .iter()
        .map(|&(g, b, both, held)| {
            json!({ "ground": g, "covered_by": b, "both": both, "assignments": held })
        })
        .collect();
    let skipped: Vec<Value> = a
        .skipped
        .iter()
        .map(|s| json!({ "ground": s.ground, "other": s.other, "facts": s.facts }))
        .collect();
    let table: Vec<Value> = a
        .decision_table
        .iter()
        .map(|(v, sets)| {
            json!({
                "disposition": v.name(),
                "sets": sets.iter().map(|s| set_json(s)).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "format_version": FORMAT_VERSION,
        "runs": a.runs,
        "overlaps": overlaps,
        "alternative_overlaps": alt_overlaps,
        "shared": shared,
        "never_fire": a.never_fire,
        "fires_unasserted": a.fires_unasserted,
        "unreachable": a.unreachable.iter().map(|v| v.name()).collect::<Vec<_>>(),
        "decision_table": table,
        "skipped": skipped,
    })
}

/// Where a mandatory and a discretionary article grant the same facts, as lint findings: the
/// text says nothing about which governs (see the `shared` and `alt_overlaps` of an analysis).
pub fn overlap_findings(
    a: &Analysis,
    policy: &crate::text::policy::PolicyText,
) -> Vec<crate::text::lint::Finding> {
    // The facts a clause's rules read.
    let facts_of = |clause: &str| -> Vec<Fact> {
        let mut v: Vec<Fact> = program()
            .rules
            .iter()
            .filter(|r| r.head.relation == "Ground" && r.cite.is_some_and(|(c, _)| c == clause))
            .flat_map(|r| r.fact_premises().iter().map(|(f, _)| *f))
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let mut out = Vec::new();
    for (ground, over, both, all) in &a.shared {
        // The same fact pattern, not one shared consequence (harm occurring is read by many
        // grounds): at least two facts in common.
        let (fg, fo) = (facts_of(ground), facts_of(over));
        if fg.iter().filter(|f| fo.contains(f)).count() < 2 {
            continue;
        }
        let full = a
            .alt_overlaps
            .iter()
            .any(|o| o.ground == *ground && o.covered_by == *over);
        out.push(crate::text::lint::Finding {
            code: "mandatory-discretionary-overlap",
            severity: crate::text::lint::Severity::Warning,
            clause: Some(ground.to_string()),
            line: policy.line_of(ground).unwrap_or(1),
            column: 1,
            zh: format!(
                "{}（可以）与{}（应当）在同样的事实上同时成立：{} 种情形中有 {} 种{}；条文未规定何者优先",
                cite(ground),
                cite(over),
                all,
                both,
                if full { "，其中一个选项总被后者涵盖" } else { "" }
            ),
            en: format!(
                "{} (may) and {} (shall) are granted on the same facts in {} of {} assignments{}; the text does not say which governs",
                cite(ground),
                cite(over),
                both,
                all,
                if full { ", and one alternative is always covered" } else { "" }
            ),
            fix_zh: format!("明确二者关系，例如在{}中写明“符合第八条规定情形的，依照第八条处理”", cite(ground)),
            fix_en: format!("say which governs, e.g. add to {} “符合第八条规定情形的，依照第八条处理”", cite(ground)),
        });
    }
    out
}

//! What the unknown facts of a case can still lead to. A *completion* gives every unknown fact
//! a value without breaking an exclusion between facts (`facts::EXCLUSIONS`); with every fact
//! known the program decides exactly one disposition. This module owns the exact answers built
//! on that: the set of dispositions the completions reach (so *settled* means one), the
//! disposition a case is given (`decide`), and the smallest sets of unknown facts whose
//! establishment changes it (`smallest_changes`).
//!
//! Method. One crepe run over a partial case gives sound bounds: a tuple of the `Actual` mode
//! holds in every completion, one absent from the `Possible` mode in none. From them each
//! disposition is *certain* (every completion reaches it) or *possible* (some may). Where the
//! bounds leave more than one possible, the search branches on an unknown fact that a
//! still-open rule reads, both ways, until each branch is certain or adds nothing new; with
//! every fact known the bounds coincide, so the search is exact. Facts that no open rule reads
//! (nor forces through an exclusion) cannot change any completion's disposition and are never
//! branched on. Runs are cached by the facts set, so the searches of one case share them.

use crate::engine::evaluate::Engine;
use crate::engine::run::{Prepared, Run};
use crate::law::facts::{EXCLUSIONS, Fact};
use crate::law::labels::Verdict;
use crate::law::program::program;
use crate::law::rules::Mode;
use std::collections::HashMap;

/// A set of dispositions, one bit per `Verdict`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Verdicts(u8);

impl Verdicts {
    pub fn one(v: Verdict) -> Verdicts {
        Verdicts(1 << v as u8)
    }
    pub fn contains(self, v: Verdict) -> bool {
        self.0 & (1 << v as u8) != 0
    }
    pub fn insert(&mut self, v: Verdict) {
        self.0 |= 1 << v as u8;
    }
    pub fn is_subset(self, other: Verdicts) -> bool {
        self.0 & !other.0 == 0
    }
    pub fn len(self) -> u32 {
        self.0.count_ones()
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// The only member, if there is exactly one.
    pub fn single(self) -> Option<Verdict> {
        (self.len() == 1)
            .then(|| crate::law::labels::VERDICTS.iter().map(|r| r.0))
            .and_then(|mut all| all.find(|v| self.contains(*v)))
    }
    /// The members, in `Verdict` order.
    pub fn iter(self) -> impl Iterator<Item = Verdict> {
        crate::law::labels::VERDICTS
            .iter()
            .map(|r| r.0)
            .filter(move |v| self.contains(*v))
    }
}

/// What one run says about the completions of the facts it was given.
#[derive(Clone, Debug)]
struct Bounds {
    /// The disposition every completion reaches, if the run shows one.
    certain: Option<Verdict>,
    /// The dispositions some completion may reach (a superset of those reached).
    possible: Verdicts,
    /// The disposition the rules establish (`Disposition` tuples), if any.
    established: Option<Verdict>,
    /// Unknown facts read by rules still open in this run, most read first: the facts a
    /// search branches on.
    open: Vec<Fact>,
    /// The unknown facts of each open rule (with those an exclusion ties to them), in
    /// vocabulary order: the pools of the local candidate sets (`smallest_changes`).
    pools: Vec<Vec<Fact>>,
    /// Each open rule's article ("2" for scope, "11" for the bar) and the unknown premises it
    /// still needs, with the values it needs: where a search for a disposition steps first.
    steps: Vec<(&'static str, Vec<(Fact, bool)>)>,
    /// Which articles hold in every completion (8, 9, 10).
    certain_articles: [bool; 3],
}

/// Reads the bounds off a run.
fn bounds(engine: &Engine, run: &Run) -> Bounds {
    let (in_scope, grounds, _, _, _, _, _, _, avails, barred, _, _) = &run.out;
    let has = |m: Mode| in_scope.iter().any(|t| t.0 == m);
    // An article holds through a ground that avails its effect; a ground that also avails
    // 第八条's (promoted under 第十六条) can only ever lead to due diligence, so it counts for
    // 第八条 alone.
    let art = |m: Mode, a: &str| {
        avails.iter().any(|t| {
            t.0 == m
                && t.1 == a
                && (a == "8" || !avails.contains(&crate::law::rules::Avails(m, "8", t.2)))
        })
    };
    let (s_a, s_p) = (has(Mode::Actual), has(Mode::Possible));
    let [a8, a9, a10] = ["8", "9", "10"].map(|a| art(Mode::Actual, a));
    let [p8, p9, p10] = ["8", "9", "10"].map(|a| art(Mode::Possible, a));
    let fault = run.value(Fact::EnforcementFault);
    let certain_if = |c: bool, v: Verdict| c.then_some(v);
    let certain = certain_if(!s_p, Verdict::OutOfScope)
        .or(certain_if(s_a && a8, Verdict::DueDiligence))
        .or(certain_if(s_a && a9 && !p8, Verdict::ExemptionEligible))
        .or(certain_if(
            s_a && a10 && !p8 && !p9,
            Verdict::MitigationEligible,
        ))
        .or(certain_if(
            s_a && fault == Some(true) && !p8 && !p9 && !p10,
            Verdict::Liable,
        ))
        .or(certain_if(
            s_a && fault == Some(false) && !p8 && !p9 && !p10,
            Verdict::NoFault,
        ));
    let mut possible = Verdicts::default();
    for (may, v) in [
        (!s_a, Verdict::OutOfScope),
        (s_p && p8, Verdict::DueDiligence),
        (s_p && p9 && !a8, Verdict::ExemptionEligible),
        (s_p && p10 && !a8 && !a9, Verdict::MitigationEligible),
        (
            s_p && fault != Some(false) && !a8 && !a9 && !a10,
            Verdict::Liable,
        ),
        (
            s_p && fault != Some(true) && !a8 && !a9 && !a10,
            Verdict::NoFault,
        ),
    ] {
        if may {
            possible.insert(v);
        }
    }
    let established = engine.outcome(run).0;
    let established = (established != Verdict::Undetermined).then_some(established);

    // The facts the open rules read: those of every rule that holds in `Possible` but not in
    // `Actual`, for scope, the grounds and the bar of 第十一条, and the fault of 第十二条.
    let program = program();
    let mut count: Vec<(Fact, usize)> = Vec::new();
    let mut pools: Vec<Vec<Fact>> = Vec::new();
    let mut steps: Vec<(&'static str, Vec<(Fact, bool)>)> = Vec::new();
    let needs = |facts: &[(Fact, bool)]| -> Vec<(Fact, bool)> {
        facts
            .iter()
            .copied()
            .filter(|(f, _)| run.value(*f).is_none())
            .collect()
    };
    let unknown = |f: &Fact| run.value(*f).is_none();
    let pool_of = |facts: &[(Fact, bool)]| {
        let mut pool: Vec<Fact> = facts.iter().map(|p| p.0).filter(unknown).collect();
        for e in EXCLUSIONS {
            for (a, b) in [(e.first.0, e.second.0), (e.second.0, e.first.0)] {
                if pool.contains(&a) && unknown(&b) && !pool.contains(&b) {
                    pool.push(b);
                }
            }
        }
        pool.sort();
        pool
    };
    let read = |count: &mut Vec<(Fact, usize)>, f: Fact| {
        if run.value(f).is_none() {
            match count.iter_mut().find(|(g, _)| *g == f) {
                Some(slot) => slot.1 += 1,
                None => count.push((f, 1)),
            }
        }
    };
    let open_cites = in_scope
        .iter()
        .filter(|t| {
            t.0 == Mode::Possible
                && !in_scope.contains(&crate::law::rules::InScope(Mode::Actual, t.1))
        })
        .map(|t| ("InScope", t.1))
        .chain(
            grounds
                .iter()
                .filter(|t| {
                    t.0 == Mode::Possible
                        && !grounds.contains(&crate::law::rules::Ground(Mode::Actual, t.1))
                })
                .map(|t| ("Ground", t.1)),
        );
    for (relation, c) in open_cites {
        if let Some(rule) = program.rule(relation, c.clause, c.alt) {
            for &(f, _) in rule.fact_premises() {
                read(&mut count, f);
            }
            pools.push(pool_of(rule.fact_premises()));
            let article = if relation == "InScope" {
                "2"
            } else {
                c.article()
            };
            steps.push((article, needs(rule.fact_premises())));
        }
    }
    let bar_open =
        barred.iter().any(|t| t.0 == Mode::Possible) && !barred.iter().any(|t| t.0 == Mode::Actual);
    if bar_open {
        for rule in program.rules.iter().filter(|r| r.head.relation == "Barred") {
            for &(f, _) in rule.fact_premises() {
                read(&mut count, f);
            }
            pools.push(pool_of(rule.fact_premises()));
            steps.push(("11", needs(rule.fact_premises())));
        }
    }
    steps.sort_by_key(|(_, n)| n.len());
    if s_p {
        read(&mut count, Fact::EnforcementFault);
    }
    // A fact that forces an open one through an exclusion can decide too.
    let linked: Vec<Fact> = EXCLUSIONS
        .iter()
        .flat_map(|e| [(e.first.0, e.second.0), (e.second.0, e.first.0)])
        .filter(|(f, g)| count.iter().any(|(c, _)| c == g) && !count.iter().any(|(c, _)| c == f))
        .map(|(f, _)| f)
        .collect();
    for f in linked {
        read(&mut count, f);
    }
    count.sort_by_key(|(f, n)| (std::cmp::Reverse(*n), *f));
    pools.retain(|p| !p.is_empty());
    pools.sort();
    pools.dedup();
    Bounds {
        certain,
        possible,
        established,
        open: count.into_iter().map(|(f, _)| f).collect(),
        pools,
        steps,
        certain_articles: [s_a && a8, s_a && a9 && !p8, s_a && a10],
    }
}

/// Whether the switch `name` can change the disposition of `run`'s case: false only where the
/// run shows that no rule reading it can make a difference (a property test checks this
/// against runs under every option).
pub fn may_matter(name: &str, run: &Run) -> bool {
    let (in_scope, grounds, ..) = &run.out;
    let scope = in_scope.iter().any(|t| t.0 == Mode::Possible);
    let possible = |clause: &str| {
        grounds
            .iter()
            .any(|t| t.0 == Mode::Possible && t.1.clause == clause)
    };
    match name {
        // Only the period of notification, a finding.
        "seven_days" => false,
        // A bar needs a ground of 第九、十条 and an application not known to be timely.
        "late_application" => {
            run.value(Fact::ApplicationTimely) != Some(true)
                && grounds
                    .iter()
                    .any(|t| t.0 == Mode::Possible && matches!(t.1.article(), "9" | "10"))
        }
        "overlap" => crate::law::interpret::TWINS
            .iter()
            .any(|(d, m)| possible(d) && possible(m)),
        "order41" => crate::law::interpret::ORDER41_MANDATORY
            .iter()
            .any(|c| possible(c)),
        // 第八条第六项's second alternative reads these two facts and scope.
        "transferred_evidence" => {
            scope
                && run.value(Fact::TransferredEvidenceWrong) != Some(false)
                && run.value(Fact::DecisionErroneous) != Some(false)
        }
        _ => true,
    }
}

/// Everything a greedy search for `target` would set at once: scope established, the fault
/// as the target needs it, the cheapest open rule of the target's article established, and
/// one premise of every open rule of a more favourable article (or, for liability and no
/// fault, of every ground) set against it. `None` where the steps contradict each other.
fn dive(b: &Bounds, target: Verdict, choice: usize) -> Option<Facts> {
    let mut set: Facts = Vec::new();
    let put = |set: &mut Facts, f: Fact, v: bool| -> Option<()> {
        match set.iter().find(|(g, _)| *g == f) {
            Some((_, w)) if *w != v => None,
            Some(_) => Some(()),
            None => {
                set.push((f, v));
                Some(())
            }
        }
    };
    let establish = |set: &mut Facts, article: &str| -> Option<()> {
        let (_, needs) = b
            .steps
            .iter()
            .filter(|(a, _)| *a == article)
            .nth(if article == "2" { 0 } else { choice })?;
        for &(f, v) in needs {
            put(set, f, v)?;
        }
        Some(())
    };
    let defeat = |set: &mut Facts, articles: &[&str]| -> Option<()> {
        for (_, needs) in b.steps.iter().filter(|(a, _)| articles.contains(a)) {
            if needs.iter().any(|(f, v)| set.contains(&(*f, !*v))) {
                continue;
            }
            let &(f, v) = needs
                .iter()
                .find(|(f, _)| !set.iter().any(|(g, _)| g == f))?;
            set.push((f, !v));
        }
        Some(())
    };
    let fault = |set: &mut Facts, v: bool| {
        if b.open.contains(&Fact::EnforcementFault) {
            put(set, Fact::EnforcementFault, v)
        } else {
            Some(())
        }
    };
    let scoped = |set: &mut Facts| {
        if b.steps.iter().any(|(a, _)| *a == "2") {
            establish(set, "2")
        } else {
            Some(())
        }
    };
    let unbarred = |set: &mut Facts| {
        for (_, needs) in b.steps.iter().filter(|(a, _)| *a == "11") {
            if let Some(&(f, v)) = needs.first() {
                put(set, f, !v)?;
            }
        }
        Some(())
    };
    match target {
        Verdict::OutOfScope => {
            let (_, needs) = b.steps.iter().find(|(a, _)| *a == "2")?;
            let &(f, v) = needs.first()?;
            put(&mut set, f, !v)?;
        }
        Verdict::DueDiligence => {
            scoped(&mut set)?;
            establish(&mut set, "8")?;
        }
        Verdict::ExemptionEligible => {
            scoped(&mut set)?;
            if !b.certain_articles[1] {
                establish(&mut set, "9")?;
            }
            unbarred(&mut set)?;
            defeat(&mut set, &["8"])?;
        }
        Verdict::MitigationEligible => {
            scoped(&mut set)?;
            fault(&mut set, true)?;
            if !b.certain_articles[2] {
                establish(&mut set, "10")?;
            }
            unbarred(&mut set)?;
            defeat(&mut set, &["8", "9"])?;
        }
        Verdict::Liable | Verdict::NoFault => {
            scoped(&mut set)?;
            fault(&mut set, target == Verdict::Liable)?;
            defeat(&mut set, &["8", "9", "10"])?;
        }
        Verdict::Undetermined => return None,
    }
    Some(set)
}

/// The first step of a search for `target`: a fact and the value that moves towards it, read
/// from the open rules. `None` leaves the choice to the caller.
fn lean(b: &Bounds, target: Verdict) -> Option<(Fact, bool)> {
    let first = |article: &str| {
        b.steps
            .iter()
            .find(|(a, n)| *a == article && !n.is_empty())
            .and_then(|(_, n)| n.first().copied())
    };
    let establish = |article: &str| first(article);
    let defeat = |articles: &[&str]| articles.iter().find_map(|a| first(a)).map(|(f, v)| (f, !v));
    let fault = Fact::EnforcementFault;
    let fault_open = b.open.contains(&fault);
    let [c8, c9, c10] = b.certain_articles;
    match target {
        Verdict::OutOfScope => defeat(&["2"]),
        _ if first("2").is_some() => establish("2"),
        Verdict::DueDiligence => establish("8"),
        Verdict::ExemptionEligible if !c9 => {
            establish("9").or_else(|| first("11").map(|(f, v)| (f, !v)))
        }
        Verdict::ExemptionEligible => defeat(&["8"]),
        Verdict::MitigationEligible if fault_open => Some((fault, true)),
        Verdict::MitigationEligible if !c10 => {
            establish("10").or_else(|| first("11").map(|(f, v)| (f, !v)))
        }
        Verdict::MitigationEligible => defeat(&["8", "9"]),
        Verdict::Liable if fault_open => Some((fault, true)),
        Verdict::NoFault if fault_open => Some((fault, false)),
        Verdict::Liable | Verdict::NoFault if !(c8 || c9 || c10) => {
            defeat(&["8", "9", "10"]).or_else(|| first("11"))
        }
        _ => None,
    }
}

/// The facts of a hypothesis, sorted: the key of the cache.
pub type Facts = Vec<(Fact, bool)>;

/// The searches over one prepared case, sharing their runs.
pub struct Completions<'a> {
    engine: &'a Engine,
    prepared: &'a Prepared,
    cache: HashMap<Facts, Option<Bounds>>,
    /// Searches already made: (facts, disposition) to whether a completion reaches it.
    reached: HashMap<(Facts, Verdict), bool>,
    /// Runs made so far (for budgets and benchmarks).
    pub runs: usize,
    /// Runs made by the decision under way (`decide`), against `MAX_RUNS`.
    decision_runs: usize,
    /// Set once a search ran out of `MAX_RUNS`: its answers are then only "may reach".
    pub gave_up: bool,
}

/// The most runs the searches of one decision may make. A search that runs out answers that the
/// disposition it sought may be reached, so a case is never called settled on a search that
/// did not finish; `gave_up` records it. No case of the fixtures, the generator or the
/// brute-force test comes near it.
pub const MAX_RUNS: usize = 5_000;

/// The disposition a case is given, and whether it is settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decision {
    pub disposition: Verdict,
    /// Every completion of the unknown facts reaches `disposition`.
    pub settled: bool,
    /// Dispositions the completions reach: all of them when settled, else at least two.
    pub reachable: Verdicts,
}

impl<'a> Completions<'a> {
    pub fn new(engine: &'a Engine, prepared: &'a Prepared) -> Completions<'a> {
        Completions {
            engine,
            prepared,
            cache: HashMap::new(),
            reached: HashMap::new(),
            runs: 0,
            decision_runs: 0,
            gave_up: false,
        }
    }

    /// As `new`, with the run already made of the case as prepared.
    pub fn seeded(engine: &'a Engine, prepared: &'a Prepared, run: &Run) -> Completions<'a> {
        let mut c = Completions::new(engine, prepared);
        c.cache.insert(Vec::new(), Some(bounds(engine, run)));
        c
    }

    /// The bounds with `facts` established over the case's own; `None` when they break an
    /// exclusion with the case's facts or with each other.
    fn bounds(&mut self, facts: &Facts) -> Option<Bounds> {
        if let Some(b) = self.cache.get(facts) {
            return b.clone();
        }
        let b = self.engine.hypothesize(self.prepared, facts).map(|p| {
            self.runs += 1;
            self.decision_runs += 1;
            let run = self.engine.run_prepared(&p, &[]);
            bounds(self.engine, &run)
        });
        self.cache.insert(facts.clone(), b.clone());
        b
    }

    /// Whether some completion of `hyp` reaches `target`: a depth-first search that steps
    /// first towards the target (establishing what it needs, defeating what would beat it) and
    /// then the other way, so it is exact; the bounds prune it.
    fn reaches(&mut self, hyp: &Facts, target: Verdict) -> bool {
        if let Some(r) = self.reached.get(&(hyp.clone(), target)) {
            return *r;
        }
        if self.decision_runs >= MAX_RUNS {
            self.gave_up = true;
            return true;
        }
        let r = match self.bounds(hyp) {
            None => false,
            Some(b) if b.certain.is_some() => b.certain == Some(target),
            Some(b) if !b.possible.contains(target) => false,
            // A greedy dive first: everything the target needs at once, in one run.
            Some(b) if self.dive_reaches(hyp, &b, target) => true,
            // The dives failed: branch on the fact the most open rules read (which prunes
            // best where the target cannot be reached), trying first the value that leans
            // towards the target.
            Some(b) => match b.open.first().map(|f| {
                let toward = match lean(&b, target) {
                    Some((g, v)) if g == *f => v,
                    _ => true,
                };
                (*f, toward)
            }) {
                // No open rule reads an unknown fact: the bounds are exact (module doc).
                None => true,
                Some((fact, value)) => [value, !value].into_iter().any(|v| {
                    let mut next = hyp.clone();
                    next.push((fact, v));
                    next.sort();
                    self.reaches(&next, target)
                }),
            },
        };
        self.reached.insert((hyp.clone(), target), r);
        r
    }

    /// Whether the greedy dive for `target` (`dive`) from `hyp` lands on a case certain to
    /// reach it: a witness found in one run, or no answer (the search then steps).
    fn dive_reaches(&mut self, hyp: &Facts, b: &Bounds, target: Verdict) -> bool {
        // One dive per open rule of the target's article (the cheapest first), so that a
        // ground whose twin must hold, or which no bar reaches, is tried too.
        let choices = b.steps.len().max(1);
        for choice in 0..choices {
            let Some(steps) = dive(b, target, choice) else {
                continue;
            };
            let mut next = hyp.clone();
            next.extend(steps);
            next.sort();
            next.dedup();
            if self
                .bounds(&next)
                .is_some_and(|d| d.certain == Some(target))
            {
                return true;
            }
            if !matches!(
                target,
                Verdict::DueDiligence | Verdict::ExemptionEligible | Verdict::MitigationEligible
            ) {
                break;
            }
        }
        false
    }

    /// The disposition of the case with `facts` established over its own: the one every
    /// completion reaches; else the one the rules establish, if some completion reaches it;
    /// else undetermined. `None` when `facts` break an exclusion.
    pub fn decide(&mut self, facts: &Facts) -> Option<Decision> {
        self.decision_runs = 0;
        let mut key = facts.clone();
        key.sort();
        let b = self.bounds(&key)?;
        if let Some(v) = b.certain {
            return Some(Decision {
                disposition: v,
                settled: true,
                reachable: Verdicts::one(v),
            });
        }
        // Enough is known once two dispositions are reached, one of them the established one
        // if the rules establish one: it is tried first.
        let mut order: Vec<Verdict> = b.established.into_iter().collect();
        order.extend(b.possible.iter().filter(|v| Some(*v) != b.established));
        let mut reachable = Verdicts::default();
        for target in order {
            if reachable.len() >= 2 {
                break;
            }
            if b.possible.contains(target) && self.reaches(&key, target) {
                reachable.insert(target);
            }
        }
        let disposition = match (reachable.single(), b.established) {
            (Some(v), _) => v,
            (None, Some(v)) if reachable.contains(v) => v,
            _ => Verdict::Undetermined,
        };
        Some(Decision {
            disposition,
            settled: reachable.len() == 1,
            reachable,
        })
    }

    /// The unknown facts that still-open rules read for the case as given (with the facts that
    /// force one of them through an exclusion): the only facts whose establishment can change
    /// the disposition.
    pub fn open_facts(&mut self) -> Vec<Fact> {
        self.bounds(&Vec::new()).map(|b| b.open).unwrap_or_default()
    }

    /// Every smallest set of unknown facts (with values) whose establishment changes the
    /// disposition, each with the decision it leads to; none when the case is settled. Sets
    /// are tried by size, every set of one size before the next. Where a size has at most
    /// `EXACT_SETS` sets over the open facts, all of them are tried; beyond that only the
    /// *local* sets, drawn from the unknown facts of one open rule, and the flag returned says
    /// the list may not be complete. `budget` caps the decisions tried in all.
    pub fn smallest_changes(&mut self, budget: usize) -> (Vec<(Facts, Decision)>, bool) {
        let Some(now) = self.decide(&Vec::new()) else {
            return (Vec::new(), true);
        };
        if now.settled {
            return (Vec::new(), true);
        }
        let root = self.bounds(&Vec::new());
        let open = root.as_ref().map(|b| b.open.clone()).unwrap_or_default();
        let pools = root.map(|b| b.pools).unwrap_or_default();
        let mut open_sorted = open.clone();
        open_sorted.sort();
        let mut tried = 0usize;
        let mut complete = true;
        for size in 1..=open.len() {
            let exact = sets_count(open.len(), size) <= EXACT_SETS;
            let mut candidates: Vec<Facts> = Vec::new();
            if exact {
                for_each_set(&open_sorted, size, &mut |set| candidates.push(set));
            } else {
                complete = false;
                for pool in pools.iter().filter(|p| p.len() >= size) {
                    for_each_set(pool, size, &mut |set| candidates.push(set));
                }
                candidates.sort();
                candidates.dedup();
            }
            let mut found = Vec::new();
            for key in candidates {
                tried += 1;
                if tried > budget {
                    return (found, false);
                }
                if let Some(d) = self.decide(&key)
                    && d.disposition != now.disposition
                {
                    found.push((key, d));
                }
            }
            if !found.is_empty() {
                found.sort_by(|a, b| (a.1.disposition, &a.0).cmp(&(b.1.disposition, &b.0)));
                return (found, complete);
            }
        }
        (Vec::new(), complete)
    }
}

/// The most sets of one size tried exhaustively: the sets over 22 open facts of size 2
/// (22·21/2·4 = 924), or over 12 of size 3 (220·8 = 1,760) — every case the brute-force test
/// enumerates.
pub const EXACT_SETS: u64 = 2_000;

/// How many sets of `size` facts, each true or false, `n` facts give.
fn sets_count(n: usize, size: usize) -> u64 {
    let mut c: u64 = 1;
    for i in 0..size as u64 {
        c = c.saturating_mul(n as u64 - i) / (i + 1);
    }
    c.saturating_mul(1 << size.min(63))
}

/// Calls `f` on every set of `size` of `facts` (sorted), with every choice of values, sorted.
fn for_each_set(facts: &[Fact], size: usize, f: &mut dyn FnMut(Facts)) {
    if size == 0 || size > facts.len() {
        return;
    }
    let mut picks: Vec<usize> = (0..size).collect();
    loop {
        for signs in 0u32..(1 << size) {
            let set: Facts = picks
                .iter()
                .enumerate()
                .filter_map(|(i, &p)| facts.get(p).map(|g| (*g, signs & (1 << i) != 0)))
                .collect();
            f(set);
        }
        if !next_combination(&mut picks, facts.len()) {
            break;
        }
    }
}

/// Advances `picks` (strictly increasing positions below `n`) to the next combination in
/// lexicographic order; false after the last.
fn next_combination(picks: &mut [usize], n: usize) -> bool {
    let k = picks.len();
    let mut i = k;
    while i > 0 {
        i -= 1;
        let limit = n - k + i;
        if picks.get(i).is_some_and(|p| *p < limit) {
            if let Some(p) = picks.get_mut(i) {
                *p += 1;
            }
            let base = picks.get(i).copied().unwrap_or(0);
            for (j, p) in picks.iter_mut().enumerate().skip(i + 1) {
                *p = base + (j - i);
            }
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combinations_are_enumerated_in_order() {
        let mut picks = vec![0, 1];
        let mut seen = vec![picks.clone()];
        while next_combination(&mut picks, 4) {
            seen.push(picks.clone());
        }
        assert_eq!(
            seen,
            [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]].map(|a| a.to_vec())
        );
    }

    #[test]
    fn verdict_sets() {
        let mut s = Verdicts::default();
        assert!(s.is_empty());
        s.insert(Verdict::Liable);
        assert_eq!(s.single(), Some(Verdict::Liable));
        s.insert(Verdict::NoFault);
        assert_eq!(s.len(), 2);
        assert_eq!(s.single(), None);
        assert!(Verdicts::one(Verdict::NoFault).is_subset(s));
    }
}

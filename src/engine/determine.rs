//! A determination: a run read back into the sorted, deterministic result of one case, with
//! the claims that need more than one run (whether the disposition is settled over every
//! completion of the unknown facts, and which readings decide it).

use crate::engine::case::Case;
use crate::engine::error::CaseError;
use crate::engine::evaluate::{Engine, FindingOut, fired_rules, sorted_clauses};
use crate::engine::run::{Entailed, PeriodCheck, Prepared, Run};
use crate::law::facts::Fact;
use crate::law::interpret::Readings;
use crate::law::labels::Verdict;
use crate::law::program::program;
use crate::law::rules::Mode;
use crate::text::policy::clause_key;

/// The result for one case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Determination {
    pub id: String,
    pub path: String,
    pub disposition: Verdict,
    /// Every completion of the unknown facts leads to `disposition`: no unknown fact can change
    /// it (`completion`).
    pub settled: bool,
    /// The readings whose other option would change the disposition.
    pub deciding_readings: Vec<ReadingEffect>,
    /// The grounds the disposition rests on (its clause ids), in text order.
    pub decisive: Vec<&'static str>,
    /// Every satisfied ground of 第八、九、十条, in text order.
    pub grounds: Vec<&'static str>,
    /// Grounds not established that unknown facts could still establish and that would change
    /// the disposition (a more favourable article than the deciding one).
    pub open_grounds: Vec<&'static str>,
    /// Unknown facts that the open grounds (and, when undetermined, scope and fault) turn on:
    /// establishing them could change the disposition.
    pub open_facts: Vec<Fact>,
    /// Fact values the case entails through an exclusion rather than states.
    pub entailed: Vec<Entailed>,
    pub findings: Vec<FindingOut>,
    pub periods: Vec<PeriodCheck>,
    /// The readings of open questions the case was decided under.
    pub readings: Readings,
    /// The named interpretations the determination relied on, sorted by name.
    pub interpretations: Vec<&'static str>,
}

/// A reading that decides the case: under its other option the disposition would differ.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadingEffect {
    pub switch: &'static str,
    /// The value in force, and its interpretation.
    pub value: &'static str,
    pub interpretation: &'static str,
    /// The other value, and the disposition the case would then have.
    pub other: &'static str,
    pub other_disposition: Verdict,
}

impl Engine {
    /// Checks what needs the loaded text and calendar, computes the periods, runs the program.
    pub fn evaluate(&self, case: &Case) -> Result<Determination, CaseError> {
        let run = self.run(case, &[])?;
        Ok(self.determine(case, &run))
    }

    /// Reads a run back into a sorted determination.
    pub fn determine(&self, case: &Case, run: &Run) -> Determination {
        self.determine_with(case, run, None)
    }

    /// As `determine`, with the run's database if one is already built (the tracer has one).
    pub fn determine_with(
        &self,
        case: &Case,
        run: &Run,
        db: Option<&crate::engine::db::Db>,
    ) -> Determination {
        let program = program();
        let (_, grounds, ..) = &run.out;

        let (established, decisive, findings_out) = self.outcome(run);
        // The disposition and whether it is settled come from the completions of the unknown
        // facts (`completion`): the rules' own, unless every completion leads elsewhere.
        let prepared = run.prepared();
        let mut completions = crate::engine::completion::Completions::seeded(self, &prepared, run);
        let decision = completions.decide(&Vec::new());
        let (disposition, settled) = match decision {
            Some(d) => (d.disposition, d.settled),
            None => (established, false),
        };
        let decisive = if disposition == established {
            decisive
        } else {
            Vec::new()
        };
        let actual = sorted_clauses(
            grounds
                .iter()
                .filter(|g| g.0 == Mode::Actual)
                .map(|g| g.1.clause),
        );
        // Open grounds that could change the disposition: those that would avail the effect of
        // an article more favourable than the one the disposition takes effect under (all of
        // them when nothing is decided; none when the case is out of scope or settled). Effects
        // are read from `Avails`, so a ground barred or governed under the readings in force is
        // not open, and one promoted under 第十六条 counts as 第八条.
        let (.., avails, _, _, _) = &run.out;
        let article = |a: &str| clause_key(a).0;
        let decided_rank = match disposition {
            Verdict::OutOfScope => 0,
            _ => avails
                .iter()
                .filter(|t| t.0 == Mode::Actual)
                .map(|t| article(t.1))
                .min()
                .unwrap_or(u32::MAX),
        };
        let open = if settled {
            Vec::new()
        } else {
            sorted_clauses(
                avails
                    .iter()
                    .filter(|t| t.0 == Mode::Possible && !actual.contains(&t.2.clause))
                    .filter(|t| article(t.1) < decided_rank)
                    .map(|t| t.2.clause),
            )
        };
        // Unknown facts that open rules still read: only these can change the disposition.
        let mut open_facts = if settled {
            Vec::new()
        } else {
            completions.open_facts()
        };
        open_facts.sort();
        open_facts.dedup();

        // The readings whose other option would change the disposition.
        let deciding_readings = if decision.is_some() {
            self.deciding_readings(run, &prepared, disposition)
        } else {
            Vec::new()
        };

        // The interpretations of every rule that fired for what the case establishes (tuples
        // of the `Actual` mode and those without a mode).
        let mut rules = fired_rules(run, db);
        if disposition == Verdict::Undetermined || !settled {
            // Why 第十二条 did not (or not yet) conclude liability.
            if let Some(rule) = program.rules.iter().find(|r| r.head.relation == "Liable") {
                rules.push(rule.index);
            }
        }
        // The names the rules give, each resolved once (a switch's name to its reading).
        let mut interpretations: Vec<&'static str> = rules
            .iter()
            .flat_map(|r| program.rule_at(*r).interpretations.iter().copied())
            .collect();
        interpretations.sort_unstable();
        interpretations.dedup();
        for name in &mut interpretations {
            *name = run.readings.resolve(name);
        }
        interpretations.extend(deciding_readings.iter().map(|r| r.interpretation));
        if disposition != established {
            interpretations.push("completions_decide");
        }
        if !run.entailed.is_empty() {
            interpretations.push("exclusions_entail");
        }
        interpretations.sort_unstable();
        interpretations.dedup();

        Determination {
            id: case.id.clone(),
            path: case.path.clone(),
            disposition,
            settled,
            deciding_readings,
            decisive,
            grounds: actual,
            open_grounds: open,
            open_facts,
            entailed: run.entailed.clone(),
            findings: findings_out,
            periods: run.periods.clone(),
            readings: run.readings.clone(),
            interpretations,
        }
    }

    /// The switches whose other options would give the case another disposition. A switch is
    /// tried only where the run shows it can matter (`completion::may_matter`).
    fn deciding_readings(
        &self,
        run: &Run,
        prepared: &Prepared,
        disposition: Verdict,
    ) -> Vec<ReadingEffect> {
        let mut out = Vec::new();
        for sw in crate::law::interpret::SWITCHES {
            if !crate::engine::completion::may_matter(sw.name, run) {
                continue;
            }
            let Some(value) = run.readings.value(sw.name) else {
                continue;
            };
            for &(other, _) in sw.options.iter().filter(|o| o.0 != value) {
                let mut p = prepared.clone();
                if p.readings.set(sw.name, other).is_err() {
                    continue;
                }
                let mut c = crate::engine::completion::Completions::new(self, &p);
                if let Some(d) = c.decide(&Vec::new())
                    && d.disposition != disposition
                {
                    out.push(ReadingEffect {
                        switch: sw.name,
                        value,
                        interpretation: run.readings.resolve(sw.name),
                        other,
                        other_disposition: d.disposition,
                    });
                }
            }
        }
        out
    }
}

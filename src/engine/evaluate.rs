//! The engine: turns a loaded policy text and a case into a determination by running the
//! crepe program of `rules`. It supplies the inputs (the facts in both modes, the clauses present
//! in the text, the reviewer's assertions, the 第十一条 periods computed with the holiday
//! calendar) and reads the outputs back into a sorted, deterministic `Determination`.

use crate::engine::case::Case;
use crate::engine::error::CaseError;
use crate::engine::error::CaseProblem;
use crate::engine::run::{Entailed, PeriodCheck, PeriodKind, Prepared, Run};
use crate::law::calendar::{Calendar, Date};
use crate::law::facts::{Fact, VOCABULARY};
use crate::law::interpret::Readings;
use crate::law::labels::Verdict;
use crate::law::program::{Program, program};
use crate::law::rules::{
    self, Added, Asserted, Bound, Condition, Crepe, Duty, Effect, Mode, No, Promoted, Reading,
    Twin, Yes,
};
use crate::text::policy::{PeriodPhrase, PeriodUnit, PolicyText, clause_key, period_phrases};

/// Something about the loaded text the reviewer or drafter should know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicyNote {
    /// A clause of the text that no rule encodes and that is not known to be declaratory.
    ClauseWithoutRule { clause: String },
    /// A rule whose clause is not in the loaded text: the rule never fires.
    RuleWithoutClause { clause: &'static str },
    /// A rule bound through an uncertain match (weak, or with a rival candidate): it fires on
    /// `bound_to`, which a drafter should confirm; `candidates` are every clause that matched.
    UncertainBinding {
        clause: &'static str,
        bound_to: String,
        candidates: Vec<String>,
    },
    /// An item added to an article with an effect: no rule of its own, it holds when a case
    /// asserts it (with a justification), with its article's effect.
    AddedClause { clause: String },
    /// A period of 第十一条 that the text no longer states: it cannot be checked.
    PeriodNotStated { period: PeriodKind },
}

/// A procedural finding or side duty of one case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct FindingOut {
    pub duty: Duty,
    pub clause: &'static str,
    pub condition: Condition,
}

/// The loaded policy, ready to evaluate cases.
pub struct Engine {
    pub policy: PolicyText,
    pub calendar: &'static Calendar,
    /// The rules bound to the loaded text through its alignment to the reference text.
    pub binding: crate::law::binding::TextBinding,
    periods: Vec<(PeriodKind, Option<PeriodPhrase>)>,
    pub notes: Vec<PolicyNote>,
    /// The readings of open questions (`interpret::SWITCHES`); a case file may set its own.
    pub readings: Readings,
}

/// Clause ids sorted in text order, without repeats.
pub(crate) fn sorted_clauses(it: impl Iterator<Item = &'static str>) -> Vec<&'static str> {
    // Each key is parsed once, not at every comparison.
    let mut keyed: Vec<((u32, u32), &'static str)> = it.map(|c| (clause_key(c), c)).collect();
    keyed.sort_by_key(|k| k.0);
    let mut v: Vec<&'static str> = keyed.into_iter().map(|k| k.1).collect();
    v.dedup();
    v
}

/// Sets every value the exclusions force from `values` (indexed by fact), and returns them.
fn entail(values: &mut [(Fact, Option<bool>)]) -> Vec<Entailed> {
    let entailed = crate::law::facts::entailed(|f| values.get(f as usize).and_then(|v| v.1));
    for &(fact, value, ..) in &entailed {
        set_value(values, fact, Some(value));
    }
    entailed
}

/// Sets a fact's value in a list indexed by fact (the vocabulary's order).
fn set_value(values: &mut [(Fact, Option<bool>)], fact: Fact, value: Option<bool>) {
    if let Some(slot) = values.get_mut(fact as usize) {
        slot.1 = value;
    }
}

/// The rules (positions in the program) that concluded the tuples of `run` holding for what the
/// case establishes (the `Actual` mode and tuples without a mode), sorted, for the
/// interpretations they rely on. Most tuples name their rule by their head, cite and inputs
/// alone (`db::established_candidates`); where several rules could have concluded a tuple and
/// all rely on the same interpretations, the first stands for them; the rest are re-derived
/// over the run's database, built only if needed (or `db` when given).
pub fn fired_rules(run: &Run, db: Option<&crate::engine::db::Db>) -> Vec<usize> {
    use crate::engine::db::{Db, Tuple, established_candidates, rule_of};
    let program = program();
    let mut own: Option<Db> = None;
    let mut ambiguous: Vec<Tuple> = Vec::new();
    let mut rules: Vec<usize> = Vec::new();
    established_candidates(run, &mut |t, candidates| match candidates {
        [one] => rules.push(*one),
        [first, rest @ ..]
            if rest.iter().all(|r| {
                program.rule_at(*r).interpretations == program.rule_at(*first).interpretations
            }) =>
        {
            rules.push(*first)
        }
        _ => ambiguous.push(t.tuple()),
    });
    if !ambiguous.is_empty() {
        let db = match db {
            Some(db) => db,
            None => own.insert(Db::from_run(run)),
        };
        rules.extend(ambiguous.iter().filter_map(|t| rule_of(db, t)));
    }
    rules.sort_unstable();
    rules.dedup();
    rules
}

/// As `fired_rules`, re-deriving every tuple: the reference `fired_rules` is tested against.
pub fn fired_rules_by_derivation(run: &Run, db: &crate::engine::db::Db) -> Vec<usize> {
    let mut rules: Vec<usize> = Vec::new();
    crate::engine::db::derived_tuples(run, &mut |t| {
        if t.mode() != Some(Mode::Possible)
            && let Some(rule) = crate::engine::db::rule_of(db, &t)
        {
            rules.push(rule);
        }
    });
    rules.sort_unstable();
    rules.dedup();
    rules
}

impl Engine {
    pub fn new(policy: PolicyText) -> Engine {
        Engine::with_calendar(policy, Calendar::bundled())
    }

    pub fn with_calendar(policy: PolicyText, calendar: &'static Calendar) -> Engine {
        let mut notes = Vec::new();
        // Each rule follows its clause to where the loaded text has it now.
        let binding = crate::law::binding::TextBinding::of(&policy, false);
        for clause in &binding.unbound {
            notes.push(PolicyNote::RuleWithoutClause { clause });
        }
        for u in &binding.alignment.uncertain {
            let Some(clause) = program().clauses().into_iter().find(|c| *c == u.reference) else {
                continue;
            };
            if let Some(pair) = binding.alignment.loaded_of(clause).first() {
                notes.push(PolicyNote::UncertainBinding {
                    clause,
                    bound_to: pair.loaded.clone(),
                    candidates: u.candidates.iter().map(|c| c.0.clone()).collect(),
                });
            }
        }
        for clause in crate::law::binding::unencoded(&policy, &binding) {
            if binding.inputs.added.iter().any(|c| c.clause == clause) {
                notes.push(PolicyNote::AddedClause { clause });
            } else {
                notes.push(PolicyNote::ClauseWithoutRule { clause });
            }
        }
        let art11 = policy.text_of("11").unwrap_or("");
        let periods = [PeriodKind::Application, PeriodKind::Notification]
            .into_iter()
            .map(|kind| {
                let phrase = art11
                    .split('。')
                    .filter(|s| s.contains(kind.keyword()))
                    .find_map(|s| period_phrases(s).into_iter().next());
                if phrase.is_none() && policy.clause("11").is_some() {
                    notes.push(PolicyNote::PeriodNotStated { period: kind });
                }
                (kind, phrase)
            })
            .collect();
        Engine {
            policy,
            calendar,
            binding,
            periods,
            notes,
            readings: Readings::default(),
        }
    }

    /// The engine with reworded clauses counted as unencoded: their rules do not fire (the
    /// other extreme of a rewording, for a drafter to compare).
    pub fn with_reworded_unencoded(mut self) -> Engine {
        self.binding = crate::law::binding::TextBinding::of(&self.policy, true);
        for clause in &self.binding.unbound {
            let note = PolicyNote::RuleWithoutClause { clause };
            if !self.notes.contains(&note) {
                self.notes.push(note);
            }
        }
        self
    }

    /// The engine with these readings.
    pub fn with_readings(mut self, readings: Readings) -> Engine {
        self.readings = readings;
        self
    }

    /// The readings for one case: the engine's, then the case file's own.
    pub fn readings_for(&self, case: &Case) -> Readings {
        let mut r = self.readings.clone();
        for (name, value) in &case.readings {
            // Checked when the case was parsed.
            let _ = r.set(name, value);
        }
        r
    }

    /// The period phrase of 第十一条 the engine uses for `kind`, if the text states one.
    pub fn period_phrase(&self, kind: PeriodKind) -> Option<&PeriodPhrase> {
        self.periods
            .iter()
            .find(|(k, _)| *k == kind)
            .and_then(|(_, p)| p.as_ref())
    }

    /// The catch-all items of the loaded text (`policy::is_catch_all`).
    pub fn catch_alls(&self) -> Vec<String> {
        let mut out = Vec::new();
        for a in &self.policy.articles {
            for i in &a.items {
                let id = format!("{}.{}", a.number, i.number);
                let added = self.binding.inputs.added.iter().any(|c| c.clause == id);
                if crate::text::policy::is_catch_all(&i.text) || added {
                    out.push(id);
                }
            }
        }
        out
    }

    /// The loaded text's id of a clause a case names: a clause of the reference text where it
    /// stands now, an id the reference text lacks as the loaded text's own; `None` for a
    /// reference clause this text deleted.
    pub fn loaded_id(&self, id: &str) -> Option<&'static str> {
        let alignment = &self.binding.alignment;
        if alignment.is_identity() {
            return Some(crate::base::intern::intern(id));
        }
        if PolicyText::bundled_ids().iter().any(|r| r == id) {
            return self.binding.loaded_clause(id);
        }
        Some(crate::base::intern::intern(id))
    }

    /// Runs the program on the case, with the facts of `hypothesis` set over the case's own
    /// (used to ask what establishing unknown facts would change).
    pub fn run(&self, case: &Case, hypothesis: &[(Fact, bool)]) -> Result<Run, CaseError> {
        Ok(self.run_prepared(&self.prepare(case)?, hypothesis))
    }

    /// Checks the case against the loaded text and calendar and computes its periods: the work
    /// a run needs once per case, however many hypotheses are then run.
    pub fn prepare(&self, case: &Case) -> Result<Prepared, CaseError> {
        // A case built in code, not parsed, is held to the exclusions as a parsed one is.
        if let Some(e) =
            crate::engine::case::contradiction(&case.path, &case.source, &case.facts, &case.dates)
        {
            return Err(e);
        }
        let asserted = self.check_assertions(case, program())?;
        self.check_dates_covered(case)?;
        let readings = self.readings_for(case);
        let periods = self.compute_periods(case, &readings)?;
        // Known facts, then the computed ones. The case's facts are set into a list of unknowns
        // (one pass over the known ones, not a map lookup per fact of the vocabulary).
        let mut values: Vec<(Fact, Option<bool>)> =
            VOCABULARY.iter().map(|d| (d.fact, None)).collect();
        for (&fact, &value) in &case.facts {
            set_value(&mut values, fact, Some(value));
        }
        set_value(
            &mut values,
            Fact::DecisionMade,
            case.dates.decision_made.map(|_| true),
        );
        // A filing date says an application was filed; no application at all is not timely.
        if case.dates.application_filed.is_some() {
            set_value(&mut values, Fact::ApplicationFiled, Some(true));
        }
        for p in &periods {
            set_value(&mut values, p.kind.fact_and_dates().0, p.timely);
        }
        let entailed = entail(&mut values);
        Ok(Prepared {
            values,
            entailed,
            periods,
            asserted,
            readings,
        })
    }

    /// The prepared case with `facts` established over its own, and what the exclusions between
    /// facts then entail; `None` when a fact contradicts the case or an exclusion.
    pub fn hypothesize(&self, prepared: &Prepared, facts: &[(Fact, bool)]) -> Option<Prepared> {
        let mut p = prepared.clone();
        if facts.is_empty() {
            return Some(p);
        }
        for &(fact, value) in facts {
            match p.values.get(fact as usize).and_then(|v| v.1) {
                Some(known) if known != value => return None,
                _ => set_value(&mut p.values, fact, Some(value)),
            }
        }
        if crate::law::facts::broken(|f| p.values.get(f as usize).and_then(|v| v.1)).is_some() {
            return None;
        }
        let more = entail(&mut p.values);
        p.entailed.extend(more);
        Some(p)
    }

    /// Runs the program on a prepared case, with the facts of `hypothesis` set over its own.
    pub fn run_prepared(&self, prepared: &Prepared, hypothesis: &[(Fact, bool)]) -> Run {
        let mut run = self.inputs(prepared.clone(), hypothesis);
        let mut runtime = Crepe::new();
        runtime.extend(run.yes.iter().copied());
        runtime.extend(run.no.iter().copied());
        let text = &run.text;
        runtime.extend(text.bound.iter().map(|(r, c)| Bound(*r, *c)));
        runtime.extend(text.effects.iter().map(|(c, a)| Effect(c, a)));
        runtime.extend(text.added.iter().map(|c| Added(*c)));
        runtime.extend(text.promoted.iter().map(|c| Promoted(c)));
        runtime.extend(text.twins.iter().map(|(a, b)| Twin(a, b)));
        runtime.extend(run.asserted.iter().map(|c| Asserted(c)));
        // The readings in force, and the data the reading-dependent rules consult.
        runtime.extend(run.reading_inputs.iter().map(|r| Reading(r)));
        run.out = runtime.run_with_hasher::<rules::Hashes>();
        run
    }

    /// Runs the program on `runs` (each made by `inputs`), several to a crepe runtime (see
    /// `chunk`): each gets the outputs `run_prepared` would give it.
    pub fn run_chunked(&self, runs: &mut [&mut Run]) {
        for part in runs.chunks_mut(crate::engine::chunk::CHUNK) {
            crate::engine::chunk::run(part);
        }
    }

    /// A run's inputs, with no outputs yet: the facts (with `hypothesis` set over the case's
    /// own) in both modes, the clauses present, the assertions and the readings in force.
    pub fn inputs(&self, prepared: Prepared, hypothesis: &[(Fact, bool)]) -> Run {
        let Prepared {
            mut values,
            entailed,
            periods,
            asserted,
            readings,
        } = prepared;
        // `values` is indexed by fact (the vocabulary is in declaration order).
        for (f, v) in hypothesis {
            set_value(&mut values, *f, Some(*v));
        }

        // A known fact holds in both modes; an unknown one may go either way in `Possible`.
        // Literals that no rule can read in a mode are left out of it (they cannot change
        // anything, and every input tuple costs index work).
        let program = program();
        let readable = |table: &[[bool; 2]], fact: Fact, v: bool| {
            table
                .get(fact as usize)
                .and_then(|r| r.get(v as usize))
                .copied()
                .unwrap_or(false)
        };
        let (possible, actual) = (program.possible_literals(), program.actual_literals());
        let (mut yes, mut no) = (Vec::new(), Vec::new());
        for &(fact, value) in &values {
            for v in [true, false] {
                let modes = match value {
                    Some(known) if known == v => [
                        readable(actual, fact, v).then_some(Mode::Actual),
                        readable(possible, fact, v).then_some(Mode::Possible),
                    ],
                    Some(_) => [None, None],
                    None => [None, readable(possible, fact, v).then_some(Mode::Possible)],
                };
                for m in modes.into_iter().flatten() {
                    if v {
                        yes.push(Yes(m, fact));
                    } else {
                        no.push(No(m, fact));
                    }
                }
            }
        }
        let reading_inputs: Vec<&'static str> = crate::law::interpret::SWITCHES
            .iter()
            .map(|sw| readings.resolve(sw.name))
            .collect();
        Run {
            values,
            entailed,
            periods,
            readings,
            reading_inputs,
            yes,
            no,
            asserted,
            text: self.binding.inputs.clone(),
            out: Default::default(),
        }
    }

    /// The disposition of a run, the clauses it rests on, and the findings, sorted: the part
    /// of a determination that what-if reruns need.
    pub fn outcome(&self, run: &Run) -> (Verdict, Vec<&'static str>, Vec<FindingOut>) {
        let (_, _, _, _, _, dispositions, _, findings, ..) = &run.out;
        let mut outcomes: Vec<Verdict> = dispositions.iter().map(|d| d.0.into()).collect();
        outcomes.sort();
        outcomes.dedup();
        let disposition = match outcomes.as_slice() {
            [] => Verdict::Undetermined,
            [one] => *one,
            // The rules make the outcomes exclusive; tests/engine.rs sweeps cases to check it.
            [first, ..] => *first,
        };
        let decisive = sorted_clauses(dispositions.iter().map(|d| d.1.clause));
        // Sorted on keys parsed once per finding, not at every comparison.
        let mut keyed: Vec<((u32, u32), FindingOut)> = findings
            .iter()
            .map(|f| {
                let out = FindingOut {
                    duty: f.0,
                    clause: f.1.clause,
                    condition: f.2,
                };
                (clause_key(out.clause), out)
            })
            .collect();
        keyed.sort_by_key(|(key, f)| (*key, f.duty, f.condition));
        let mut findings_out: Vec<FindingOut> = keyed.into_iter().map(|k| k.1).collect();
        findings_out.dedup();
        (disposition, decisive, findings_out)
    }

    /// Maps each assertion to its clause id as the rules spell it, checking it against the text.
    fn check_assertions(
        &self,
        case: &Case,
        program: &Program,
    ) -> Result<Vec<&'static str>, CaseError> {
        let mut out = Vec::new();
        if case.assertions.is_empty() {
            return Ok(out);
        }
        let catch_alls = self.catch_alls();
        let _ = program;
        for (i, a) in case.assertions.iter().enumerate() {
            let field = format!("assertions[{i}].clause");
            let keys = crate::engine::case::assertion_keys(i);
            // A case names the clauses of the reference text (the rules' text): the id is
            // mapped to where that clause stands now; an id the reference text lacks is the
            // loaded text's own (an added clause).
            let clause = a.clause.clone();
            let Some(loaded) = self
                .loaded_id(&a.clause)
                .filter(|l| self.policy.clause(l).is_some())
            else {
                return Err(case.error(
                    field,
                    &keys,
                    CaseProblem::AssertionClauseAbsent {
                        clause,
                        catch_alls: catch_alls.clone(),
                    },
                ));
            };
            if !catch_alls.iter().any(|c| c == loaded) {
                return Err(case.error(
                    field,
                    &keys,
                    CaseProblem::AssertionNotCatchAll {
                        clause,
                        catch_alls: catch_alls.clone(),
                    },
                ));
            }
            // A rule bound to the clause, or the rule of added clauses.
            let inputs = &self.binding.inputs;
            let cited = inputs
                .bound
                .iter()
                .map(|(_, c)| c.clause)
                .chain(inputs.added.iter().map(|c| c.clause))
                .find(|c| *c == loaded);
            match cited {
                Some(c) => out.push(c),
                None => {
                    return Err(case.error(
                        field,
                        &keys,
                        CaseProblem::AssertionWithoutRule { clause },
                    ));
                }
            }
        }
        Ok(out)
    }

    fn check_dates_covered(&self, case: &Case) -> Result<(), CaseError> {
        for (field, date) in case.dates.all() {
            if let Some(date) = date
                && self.calendar.day_kind(date).is_err()
            {
                return Err(self.outside(case, field, date));
            }
        }
        Ok(())
    }

    fn outside(&self, case: &Case, field: &'static str, date: Date) -> CaseError {
        case.error(
            format!("dates.{field}"),
            &["dates", field],
            CaseProblem::DateOutsideCalendar {
                date,
                first_year: self.calendar.first_year(),
                last_year: self.calendar.last_year(),
            },
        )
    }

    fn compute_periods(
        &self,
        case: &Case,
        readings: &Readings,
    ) -> Result<Vec<PeriodCheck>, CaseError> {
        let mut out = Vec::new();
        for (kind, phrase) in &self.periods {
            let Some(phrase) = phrase else { continue };
            let (_, from_field, to_field) = kind.fact_and_dates();
            let get = |field: &str| {
                case.dates
                    .all()
                    .into_iter()
                    .find(|(f, _)| *f == field)
                    .and_then(|(_, d)| d)
            };
            let Some(from) = get(from_field) else {
                continue;
            };
            // "日" beside "工作日" is open (interpretation switch `seven_days`).
            let unit = match (phrase.unit, readings.value("seven_days")) {
                (PeriodUnit::Days, Some("working_days")) => PeriodUnit::WorkingDays,
                (unit, _) => unit,
            };
            let period = match unit {
                PeriodUnit::WorkingDays => self.calendar.add_working_days(from, phrase.count),
                PeriodUnit::Days => self.calendar.add_calendar_days(from, phrase.count),
            }
            .map_err(|e| {
                case.error(
                    format!("dates.{from_field}"),
                    &["dates", from_field],
                    CaseProblem::PeriodOutsideCalendar {
                        phrase: phrase.phrase.clone(),
                        start: from,
                        date: e.date,
                        last_year: e.last_year,
                    },
                )
            })?;
            let done = get(to_field);
            out.push(PeriodCheck {
                kind: *kind,
                phrase: phrase.phrase.clone(),
                unit,
                count: phrase.count,
                from_field,
                to_field,
                timely: done.map(|d| d <= period.end),
                done,
                period,
            });
        }
        Ok(out)
    }
}

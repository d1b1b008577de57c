//! One run of the program: what it was given (the facts in both modes, the periods of 第十一条,
//! the readings, the asserted catch-alls, the clauses present) and what it derived. The case as
//! checked and ready to run (`Prepared`) is here too: the engine makes both, and the tracer,
//! the completions and the batch form read them.

use crate::law::calendar::{Date, Period};
use crate::law::facts::Fact;
use crate::law::interpret::Readings;
use crate::law::rules::{self, No, Yes};
use crate::text::policy::PeriodUnit;

/// The two periods of 第十一条.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PeriodKind {
    /// 启动追责问责程序 N 个工作日内提出书面申请.
    Application,
    /// 容错决定作出后 N 日内告知.
    Notification,
}

impl PeriodKind {
    /// The sentence of 第十一条 that states this period contains this word.
    pub(crate) fn keyword(self) -> &'static str {
        match self {
            PeriodKind::Application => "申请",
            PeriodKind::Notification => "告知",
        }
    }
    /// The computed fact this period decides, and the dates it runs between.
    pub fn fact_and_dates(self) -> (Fact, &'static str, &'static str) {
        match self {
            PeriodKind::Application => (
                Fact::ApplicationTimely,
                "accountability_started",
                "application_filed",
            ),
            PeriodKind::Notification => (
                Fact::NotificationTimely,
                "decision_made",
                "decision_notified",
            ),
        }
    }
}

/// A period computed for a case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodCheck {
    pub kind: PeriodKind,
    /// The wording it was read from, e.g. "5个工作日".
    pub phrase: String,
    pub unit: PeriodUnit,
    pub count: u32,
    pub from_field: &'static str,
    pub to_field: &'static str,
    pub period: Period,
    /// The date the act was done, if the case gives it.
    pub done: Option<Date>,
    /// `Some(true)` if done on or before the period's last day.
    pub timely: Option<bool>,
}

/// A case checked and ready to run (see `Engine::prepare`).
#[derive(Clone, Debug)]
pub struct Prepared {
    /// Every fact's value, indexed by `Fact`: the case's, the computed ones, then those the
    /// exclusions between facts entail.
    pub values: Vec<(Fact, Option<bool>)>,
    /// The values not stated but entailed: (fact, value, the exclusion, the stated fact).
    pub entailed: Vec<Entailed>,
    pub periods: Vec<PeriodCheck>,
    pub asserted: Vec<&'static str>,
    pub readings: Readings,
}

/// A fact value the case does not state but entails: (fact, value, the exclusion, the stated
/// fact that forces it).
pub type Entailed = (Fact, bool, &'static crate::law::facts::Exclusion, Fact);

/// Everything one run of the program was given and derived.
pub struct Run {
    /// The value of every fact as supplied: the case's, the computed ones, any hypothesis.
    pub values: Vec<(Fact, Option<bool>)>,
    /// The values among them that the case entails rather than states.
    pub entailed: Vec<Entailed>,
    pub periods: Vec<PeriodCheck>,
    /// The readings the run was made under.
    pub readings: Readings,
    /// The `Reading` inputs: the interpretation in force for each switch.
    pub reading_inputs: Vec<&'static str>,
    /// The `Yes` and `No` inputs.
    pub yes: Vec<Yes>,
    pub no: Vec<No>,
    /// The asserted catch-alls (`Asserted` inputs).
    pub asserted: Vec<&'static str>,
    /// The inputs from the loaded text (`Bound`, `Effect`, `Added`, `Promoted`, `Twin`),
    /// shared by every run under one text.
    pub text: std::sync::Arc<crate::law::binding::Inputs>,
    /// The program's outputs, in declaration order.
    pub out: rules::Output,
}

impl Run {
    /// The prepared case this run was made from (with any hypothesis it was given).
    pub fn prepared(&self) -> Prepared {
        Prepared {
            values: self.values.clone(),
            entailed: self.entailed.clone(),
            periods: self.periods.clone(),
            asserted: self.asserted.clone(),
            readings: self.readings.clone(),
        }
    }

    pub fn value(&self, fact: Fact) -> Option<bool> {
        self.values
            .iter()
            .find(|(f, _)| *f == fact)
            .and_then(|(_, v)| *v)
    }
}

//! The case model: one officer's case as a reviewer writes it in JSON — facts (true, false, or
//! absent = unknown), the dates of the 第十一条 procedure, reviewer assertions of catch-all
//! items, and an optional expectation for regression tests. Parsing checks everything that can
//! be checked without the policy text and reports the file, the field and its line.

use crate::calendar::Date;
use crate::error::{CaseError, CaseProblem, Place};
use crate::facts::{self, Fact, Source};
use crate::labels::Verdict;
use crate::rules::Duty;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;

/// The dates of the procedure of 第十一条.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dates {
    /// 追责问责机关启动追责问责程序之日.
    pub accountability_started: Option<Date>,
    /// 提出书面容错申请之日.
    pub application_filed: Option<Date>,
    /// 作出容错决定之日.
    pub decision_made: Option<Date>,
    /// 告知相关单位及当事人之日.
    pub decision_notified: Option<Date>,
}

/// The date fields, in procedural order.
pub const DATE_FIELDS: [&str; 4] = [
    "accountability_started",
    "application_filed",
    "decision_made",
    "decision_notified",
];

impl Dates {
    /// The dates by field name, in `DATE_FIELDS` order.
    pub fn all(&self) -> [(&'static str, Option<Date>); 4] {
        [
            (DATE_FIELDS[0], self.accountability_started),
            (DATE_FIELDS[1], self.application_filed),
            (DATE_FIELDS[2], self.decision_made),
            (DATE_FIELDS[3], self.decision_notified),
        ]
    }
}

/// A reviewer's assertion that a catch-all item holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assertion {
    pub clause: String,
    pub justification: String,
}

/// What a regression test expects of the case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expect {
    pub disposition: Verdict,
    /// Clause ids of every satisfied ground, in any order.
    pub grounds: Vec<String>,
    /// Finding names; when absent, findings are not checked.
    pub findings: Option<Vec<Duty>>,
}

/// One case, parsed and checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    pub path: String,
    pub id: String,
    pub description: String,
    /// Known facts; a fact not here is unknown.
    pub facts: BTreeMap<Fact, bool>,
    pub dates: Dates,
    pub assertions: Vec<Assertion>,
    pub expect: Option<Expect>,
    /// Readings (switches of `interpret`) this case sets over the command line's.
    pub readings: Vec<(&'static str, &'static str)>,
    /// The file's text, kept to point at lines in later errors.
    pub source: String,
}

// ---- the JSON shape ----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    id: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    facts: RawFacts,
    #[serde(default)]
    dates: RawDates,
    #[serde(default)]
    assertions: Vec<RawAssertion>,
    #[serde(default)]
    expect: Option<RawExpect>,
    #[serde(default)]
    readings: RawMap<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawDates {
    accountability_started: Option<String>,
    application_filed: Option<String>,
    decision_made: Option<String>,
    decision_notified: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAssertion {
    clause: String,
    #[serde(default)]
    justification: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExpect {
    disposition: String,
    #[serde(default)]
    grounds: Vec<String>,
    #[serde(default)]
    findings: Option<Vec<String>>,
}

/// The `readings` object (switch name → value), kept in order, duplicate keys rejected.
struct RawMap<V>(Vec<(String, V)>);

impl<V> Default for RawMap<V> {
    fn default() -> Self {
        RawMap(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for RawMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct M<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for M<V> {
            type Value = RawMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawMap<V>, A::Error> {
                let mut out: Vec<(String, V)> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if out.iter().any(|(k, _)| *k == key) {
                        return Err(de::Error::custom(format!("duplicate reading `{key}`")));
                    }
                    out.push((key, map.next_value()?));
                }
                Ok(RawMap(out))
            }
        }
        d.deserialize_map(M(std::marker::PhantomData))
    }
}

/// The `facts` object, kept in order, with duplicate keys and non-boolean values rejected
/// (serde_json would otherwise keep the last of two equal keys silently).
#[derive(Default)]
struct RawFacts(Vec<(String, Option<bool>)>);

impl<'de> Deserialize<'de> for RawFacts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawFacts;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of facts, each true, false or null")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawFacts, A::Error> {
                let mut out: Vec<(String, Option<bool>)> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if out.iter().any(|(k, _)| *k == key) {
                        return Err(de::Error::custom(format!("duplicate fact `{key}`")));
                    }
                    let value = map.next_value::<serde_json::Value>()?;
                    let value = match value {
                        serde_json::Value::Bool(b) => Some(b),
                        serde_json::Value::Null => None,
                        other => {
                            return Err(de::Error::custom(format!(
                                "fact `{key}` must be true, false or null, not {other}"
                            )));
                        }
                    };
                    out.push((key, value));
                }
                Ok(RawFacts(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// The 1-based line and column of the first `"key"` found after each of `path`'s earlier keys
/// in turn: a good pointer for a semantic error in an otherwise well-formed file.
pub fn locate(source: &str, path: &[&str]) -> (Option<usize>, Option<usize>) {
    let mut from = 0;
    let mut found = None;
    for key in path {
        let needle = format!("\"{key}\"");
        match source[from..].find(&needle) {
            Some(i) => {
                found = Some(from + i);
                from += i + needle.len();
            }
            None => break,
        }
    }
    match found {
        Some(pos) => {
            let before = &source[..pos];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            (Some(line), Some(column))
        }
        None => (None, None),
    }
}

impl Case {
    /// Parses a case file's text. `path` names the file in errors.
    pub fn parse(path: &str, source: &str) -> Result<Case, CaseError> {
        let err = |field: String, keys: &[&str], problem: CaseProblem| {
            let (line, column) = locate(source, keys);
            CaseError {
                path: path.to_string(),
                place: Place {
                    field,
                    line,
                    column,
                },
                problem: Box::new(problem),
            }
        };
        let text = source.strip_prefix('\u{feff}').unwrap_or(source);
        let raw: RawCase = serde_json::from_str(text).map_err(|e| {
            let msg = e.to_string();
            // serde_json appends " at line L column C"; the place carries those.
            let msg = match msg.rfind(" at line ") {
                Some(i) => msg[..i].to_string(),
                None => msg,
            };
            // The name between the first pair of backticks, when serde gives one.
            let named = msg.split('`').nth(1).unwrap_or("").to_string();
            let (field, problem) = if msg.starts_with("duplicate field ") {
                (named.clone(), CaseProblem::DuplicateKey(named))
            } else if msg.starts_with("duplicate reading ") {
                let key = format!("readings.{named}");
                (key.clone(), CaseProblem::DuplicateKey(key))
            } else if msg.starts_with("duplicate fact ") {
                let key = format!("facts.{named}");
                (key.clone(), CaseProblem::DuplicateKey(key))
            } else if msg.starts_with("fact `") {
                (format!("facts.{named}"), CaseProblem::Json(msg))
            } else if msg.starts_with("missing field ") || msg.starts_with("unknown field ") {
                (named, CaseProblem::Json(msg))
            } else {
                (String::new(), CaseProblem::Json(msg))
            };
            CaseError {
                path: path.to_string(),
                place: Place {
                    field,
                    line: Some(e.line()).filter(|l| *l > 0),
                    // serde_json gives column 0 right after a newline (an empty file, a
                    // file ending in one); the place is 1-based, so that is column 1.
                    column: Some(e.column().max(1)).filter(|_| e.line() > 0),
                },
                problem: Box::new(problem),
            }
        })?;

        if raw.id.trim().is_empty() {
            return Err(err("id".into(), &["id"], CaseProblem::EmptyId));
        }

        let mut known = BTreeMap::new();
        for (name, value) in &raw.facts.0 {
            // The field's name is spelt out only for an error.
            let field = || format!("facts.{name}");
            let keys = ["facts", name.as_str()];
            let fact = Fact::from_name(name).ok_or_else(|| {
                err(
                    field(),
                    &keys,
                    CaseProblem::UnknownFact {
                        name: name.clone(),
                        suggestion: facts::nearest(name),
                    },
                )
            })?;
            if fact.def().source == Source::Computed {
                return Err(err(
                    field(),
                    &keys,
                    CaseProblem::ComputedFact { name: name.clone() },
                ));
            }
            if let Some(v) = value {
                known.insert(fact, *v);
            }
        }

        let parse_date =
            |field: &'static str, text: &Option<String>| -> Result<Option<Date>, CaseError> {
                match text {
                    None => Ok(None),
                    Some(t) => Date::parse(t).map(Some).map_err(|e| {
                        err(
                            format!("dates.{field}"),
                            &["dates", field],
                            CaseProblem::BadDate(e),
                        )
                    }),
                }
            };
        let dates = Dates {
            accountability_started: parse_date(DATE_FIELDS[0], &raw.dates.accountability_started)?,
            application_filed: parse_date(DATE_FIELDS[1], &raw.dates.application_filed)?,
            decision_made: parse_date(DATE_FIELDS[2], &raw.dates.decision_made)?,
            decision_notified: parse_date(DATE_FIELDS[3], &raw.dates.decision_notified)?,
        };
        // Every later step of the procedure comes on or after every earlier one.
        let all = dates.all();
        for (i, (earlier, ed)) in all.iter().enumerate() {
            for (later, ld) in &all[i + 1..] {
                if let (Some(ed), Some(ld)) = (ed, ld)
                    && ld < ed
                {
                    {
                        return Err(err(
                            format!("dates.{later}"),
                            &["dates", later],
                            CaseProblem::DatesOutOfOrder {
                                earlier,
                                earlier_date: *ed,
                                later,
                                later_date: *ld,
                            },
                        ));
                    }
                }
            }
        }

        let mut assertions: Vec<Assertion> = Vec::new();
        for (i, a) in raw.assertions.iter().enumerate() {
            let field = format!("assertions[{i}]");
            let keys = ["assertions", "clause"];
            if !is_item_id(&a.clause) {
                return Err(err(
                    format!("{field}.clause"),
                    &keys,
                    CaseProblem::AssertionClauseMalformed {
                        clause: a.clause.clone(),
                    },
                ));
            }
            let justification = a.justification.as_deref().unwrap_or("").trim();
            if justification.is_empty() {
                return Err(err(
                    format!("{field}.justification"),
                    &keys,
                    CaseProblem::MissingJustification {
                        clause: a.clause.clone(),
                    },
                ));
            }
            if assertions.iter().any(|b| b.clause == a.clause) {
                return Err(err(
                    format!("{field}.clause"),
                    &keys,
                    CaseProblem::DuplicateAssertion {
                        clause: a.clause.clone(),
                    },
                ));
            }
            assertions.push(Assertion {
                clause: a.clause.clone(),
                justification: justification.to_string(),
            });
        }

        let expect = match raw.expect {
            None => None,
            Some(e) => {
                let disposition = Verdict::from_name(&e.disposition).ok_or_else(|| {
                    err(
                        "expect.disposition".into(),
                        &["expect", "disposition"],
                        CaseProblem::UnknownDisposition {
                            given: e.disposition.clone(),
                        },
                    )
                })?;
                for g in &e.grounds {
                    if !is_item_id(g) {
                        return Err(err(
                            "expect.grounds".into(),
                            &["expect", "grounds"],
                            CaseProblem::ExpectGroundMalformed { given: g.clone() },
                        ));
                    }
                }
                let findings = match e.findings {
                    None => None,
                    Some(names) => Some(
                        names
                            .iter()
                            .map(|n| {
                                Duty::from_name(n).ok_or_else(|| {
                                    err(
                                        "expect.findings".into(),
                                        &["expect", "findings"],
                                        CaseProblem::UnknownFinding {
                                            given: n.clone(),
                                            suggestion: Duty::nearest(n),
                                        },
                                    )
                                })
                            })
                            .collect::<Result<Vec<_>, _>>()?,
                    ),
                };
                Some(Expect {
                    disposition,
                    grounds: e.grounds,
                    findings,
                })
            }
        };

        let mut readings = Vec::new();
        for (name, value) in &raw.readings.0 {
            let mut r = crate::interpret::Readings::default();
            r.set(name, value).map_err(|e| {
                err(
                    format!("readings.{name}"),
                    &["readings", name.as_str()],
                    CaseProblem::Reading(e),
                )
            })?;
            let sw = crate::interpret::switch(name)
                .map(|s| s.name)
                .unwrap_or_default();
            readings.push((sw, r.value(name).unwrap_or_default()));
        }

        Ok(Case {
            path: path.to_string(),
            id: raw.id,
            description: raw.description,
            facts: known,
            dates,
            assertions,
            expect,
            readings,
            source: source.to_string(),
        })
    }

    /// The value of a fact: `Some(true)`, `Some(false)` or `None` (unknown).
    pub fn fact(&self, fact: Fact) -> Option<bool> {
        self.facts.get(&fact).copied()
    }

    /// An error about this case at `field`, pointing at the line of `keys`.
    pub fn error(&self, field: String, keys: &[&str], problem: CaseProblem) -> CaseError {
        let (line, column) = locate(&self.source, keys);
        CaseError {
            path: self.path.clone(),
            place: Place {
                field,
                line,
                column,
            },
            problem: Box::new(problem),
        }
    }
}

/// `N.M` with N, M positive decimal numbers without leading zeros.
fn is_item_id(s: &str) -> bool {
    let ok = |p: &str| {
        !p.is_empty()
            && p.len() <= 3
            && p.bytes().all(|b| b.is_ascii_digit())
            && !p.starts_with('0')
    };
    matches!(s.split_once('.'), Some((a, i)) if ok(a) && ok(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(src: &str) -> (CaseProblem, String, Option<usize>) {
        let e = Case::parse("t.json", src).unwrap_err();
        (*e.problem, e.place.field, e.place.line)
    }

    #[test]
    fn a_full_case_parses() {
        let c = Case::parse(
            "t.json",
            r#"{"id":"x","facts":{"decision_erroneous":true,"subjective_fault":false,"harm_occurred":null},
               "dates":{"accountability_started":"2025-09-29","application_filed":"2025-10-13"},
               "assertions":[{"clause":"9.10","justification":" because "}],
               "expect":{"disposition":"due_diligence","grounds":["8.2"],"findings":["application_timely"]}}"#,
        )
        .unwrap();
        assert_eq!(c.fact(Fact::DecisionErroneous), Some(true));
        assert_eq!(c.fact(Fact::SubjectiveFault), Some(false));
        assert_eq!(c.fact(Fact::HarmOccurred), None);
        assert_eq!(c.dates.application_filed, Date::new(2025, 10, 13));
        assert_eq!(c.assertions[0].justification, "because");
        assert_eq!(
            c.expect.unwrap().findings,
            Some(vec![Duty::ApplicationTimely])
        );
    }

    #[test]
    fn the_end_of_a_truncated_file_is_column_1_not_0() {
        // serde_json reports column 0 at the start of a line (found by fuzzing).
        for (src, line) in [("", 1), ("{\"id\": \"x\",\n", 2), ("\n\n", 3)] {
            let e = Case::parse("t.json", src).unwrap_err();
            assert_eq!(
                (e.place.line, e.place.column),
                (Some(line), Some(1)),
                "{src:?}"
            );
        }
    }

    #[test]
    fn unknown_fact_names_the_nearest_and_its_line() {
        let (p, field, line) = problem("{\"id\":\"x\",\n\"facts\":{\n\"decision_eroneous\":true}}");
        assert_eq!(
            p,
            CaseProblem::UnknownFact {
                name: "decision_eroneous".into(),
                suggestion: Some("decision_erroneous")
            }
        );
        assert_eq!(field, "facts.decision_eroneous");
        assert_eq!(line, Some(3));
    }

    #[test]
    fn bad_inputs_are_each_named() {
        let cases = [
            (
                r#"{"id":"x","facts":{"a":1}}"#,
                "must be true, false or null",
            ),
            (
                r#"{"id":"x","facts":{"harm_occurred":true,"harm_occurred":false}}"#,
                "DuplicateKey(\"facts.harm_occurred\")",
            ),
            (r#"{"id":"x","id":"y"}"#, "DuplicateKey"),
            (r#"{"id":"  "}"#, "EmptyId"),
            (
                r#"{"id":"x","dates":{"accountability_started":"2025-02-30"}}"#,
                "Impossible",
            ),
            (
                r#"{"id":"x","dates":{"accountability_started":"2025/02/03"}}"#,
                "Format",
            ),
            (
                r#"{"id":"x","dates":{"accountability_started":"2025-10-13","application_filed":"2025-10-01"}}"#,
                "DatesOutOfOrder",
            ),
            (
                r#"{"id":"x","assertions":[{"clause":"9.10"}]}"#,
                "MissingJustification",
            ),
            (
                r#"{"id":"x","assertions":[{"clause":"九.十","justification":"j"}]}"#,
                "AssertionClauseMalformed",
            ),
            (
                r#"{"id":"x","expect":{"disposition":"guilty"}}"#,
                "UnknownDisposition",
            ),
            (
                r#"{"id":"x","expect":{"disposition":"liable","findings":["aplication_late"]}}"#,
                "application_late",
            ),
            (
                r#"{"id":"x","facts":{"application_timely":true}}"#,
                "ComputedFact",
            ),
            (r#"{"id":"x","colour":"red"}"#, "unknown field"),
            (r#"{"id":"x""#, "EOF"),
        ];
        for (src, needle) in cases {
            let (p, _, _) = problem(src);
            assert!(format!("{p:?}").contains(needle), "{src}: {p:?}");
        }
    }
}

//! The case-file schema (`rongcuo schema`) against the parser: every valid fixture and
//! generated case validates, every structurally bad `err_` fixture fails, and the bad fixtures
//! that pass are exactly those whose fault JSON Schema cannot express. Validation uses a small
//! validator of exactly the keywords the schema uses (it panics on any other), in place of a
//! validator crate that would more than double the build of the tests.

use rongcuo::base::lang::Lang;
use rongcuo::engine::evaluate::Engine;
use rongcuo::report::schema::{DATE_PATTERN, ITEM_ID_PATTERN, case_schema};
use rongcuo::text::policy::PolicyText;
use rongcuo::workflows::{generate, testing};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Bad fixtures that are valid JSON of the right shape: what is wrong with them is beyond JSON
/// Schema (or, for a date, beyond its `format`, an annotation only), so rongcuo's own checks
/// catch them.
const BEYOND_SCHEMA: &[(&str, &str)] = &[
    (
        "err_date_after_calendar.json",
        "a date outside the calendar",
    ),
    (
        "err_date_before_calendar.json",
        "a date outside the calendar",
    ),
    ("err_dates_out_of_order.json", "dates out of order"),
    (
        "err_application_date_but_none_filed.json",
        "a date beside a fact that denies it",
    ),
    (
        "err_non_subjective_error_without_an_error.json",
        "two facts an exclusion forbids together",
    ),
    (
        "err_performed_duties_and_enforcement_fault.json",
        "two facts an exclusion forbids together",
    ),
    ("err_duplicate_assertion.json", "a clause asserted twice"),
    ("err_duplicate_fact_key.json", "a duplicate key"),
    ("err_duplicate_top_level_key.json", "a duplicate key"),
    (
        "err_impossible_date.json",
        "2025-02-30 has the form of a date",
    ),
    (
        "err_period_past_calendar.json",
        "a period past the calendar",
    ),
];

// ---- a validator of the keywords the schema uses ----

/// One element of a pattern: what one character may be.
#[derive(Debug)]
enum Atom {
    Char(char),
    Range(Vec<(char, char)>),
    NotSpace,
}

impl Atom {
    fn matches(&self, c: char) -> bool {
        match self {
            Atom::Char(x) => *x == c,
            Atom::Range(ranges) => ranges.iter().any(|(a, b)| (*a..=*b).contains(&c)),
            Atom::NotSpace => !c.is_whitespace(),
        }
    }
}

/// A pattern of the subset the schema uses: `^`, `$`, literals, `\.`, `\S`, `[0-9]`-style
/// classes, and the quantifiers `{n}`, `{m,n}`.
struct Pattern {
    start: bool,
    end: bool,
    atoms: Vec<(Atom, usize, usize)>,
}

impl Pattern {
    fn new(p: &str) -> Pattern {
        let mut chars = p.chars().peekable();
        let start = chars.next_if_eq(&'^').is_some();
        let mut atoms: Vec<(Atom, usize, usize)> = Vec::new();
        let mut end = false;
        while let Some(c) = chars.next() {
            let atom = match c {
                '$' if chars.peek().is_none() => {
                    end = true;
                    break;
                }
                '\\' => match chars.next() {
                    Some('S') => Atom::NotSpace,
                    Some(x @ ('.' | '\\' | '-')) => Atom::Char(x),
                    other => panic!("pattern {p}: escape {other:?} not supported"),
                },
                '[' => {
                    let mut ranges = Vec::new();
                    loop {
                        match (chars.next(), chars.next(), chars.next()) {
                            (Some(a), Some('-'), Some(b)) => ranges.push((a, b)),
                            other => panic!("pattern {p}: class {other:?} not supported"),
                        }
                        if chars.next_if_eq(&']').is_some() {
                            break;
                        }
                    }
                    Atom::Range(ranges)
                }
                '{' => {
                    let spec: String = chars.by_ref().take_while(|c| *c != '}').collect();
                    let (lo, hi) = spec.split_once(',').unwrap_or((&spec, &spec));
                    let last = atoms.last_mut().expect("a quantifier follows an atom");
                    last.1 = lo.parse().unwrap();
                    last.2 = hi.parse().unwrap();
                    continue;
                }
                '.' | '(' | ')' | '|' | '*' | '+' | '?' | '^' | '$' => {
                    panic!("pattern {p}: {c} not supported")
                }
                c => Atom::Char(c),
            };
            atoms.push((atom, 1, 1));
        }
        Pattern { start, end, atoms }
    }

    fn at(&self, atoms: &[(Atom, usize, usize)], s: &[char]) -> bool {
        let Some(((atom, lo, hi), rest)) = atoms.split_first() else {
            return !self.end || s.is_empty();
        };
        let most = s.iter().take(*hi).take_while(|c| atom.matches(**c)).count();
        (*lo..=most).rev().any(|n| self.at(rest, &s[n..]))
    }

    /// Whether the pattern matches somewhere in `s` (at its start when anchored), as JSON
    /// Schema's `pattern` does.
    fn is_match(&self, s: &str) -> bool {
        let chars: Vec<char> = s.chars().collect();
        let starts = if self.start { 0..=0 } else { 0..=chars.len() };
        starts
            .into_iter()
            .any(|i| self.at(&self.atoms, &chars[i..]))
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn fail(errors: &mut Vec<String>, at: &str, what: String) {
    errors.push(format!("{at}: {what}"));
}

/// The ways `doc` breaks `schema`, each with its JSON path.
fn validate(schema: &Value, doc: &Value, at: &str, errors: &mut Vec<String>) {
    let Value::Object(keywords) = schema else {
        panic!("{at}: a schema is an object here")
    };
    for (keyword, arg) in keywords {
        match keyword.as_str() {
            "$schema" | "$comment" | "title" | "description" | "default" | "format" => {}
            "type" => {
                let allowed: Vec<&str> = match arg {
                    Value::String(t) => vec![t.as_str()],
                    Value::Array(ts) => ts.iter().map(|t| t.as_str().unwrap()).collect(),
                    _ => panic!("type {arg}"),
                };
                if !allowed.contains(&type_name(doc)) {
                    fail(errors, at, format!("{} is not {allowed:?}", type_name(doc)));
                }
            }
            "enum" => {
                if !arg.as_array().unwrap().contains(doc) {
                    fail(errors, at, format!("{doc} is not one of {arg}"));
                }
            }
            "pattern" => {
                if let Value::String(s) = doc
                    && !Pattern::new(arg.as_str().unwrap()).is_match(s)
                {
                    fail(errors, at, format!("{s:?} does not match {arg}"));
                }
            }
            "required" => {
                if let Value::Object(o) = doc {
                    for name in arg.as_array().unwrap() {
                        if !o.contains_key(name.as_str().unwrap()) {
                            fail(errors, at, format!("{name} is missing"));
                        }
                    }
                }
            }
            "maxProperties" | "maxItems" => {
                let n = match doc {
                    Value::Object(o) => o.len(),
                    Value::Array(a) => a.len(),
                    _ => 0,
                };
                if n as u64 > arg.as_u64().unwrap() {
                    fail(errors, at, format!("{n} entries, more than {arg}"));
                }
            }
            "properties" => {
                if let Value::Object(o) = doc {
                    for (name, sub) in arg.as_object().unwrap() {
                        if let Some(v) = o.get(name) {
                            validate(sub, v, &format!("{at}.{name}"), errors);
                        }
                    }
                }
            }
            "additionalProperties" => {
                assert_eq!(arg, &Value::Bool(false), "additionalProperties {arg}");
                let known = keywords["properties"].as_object().unwrap();
                if let Value::Object(o) = doc {
                    for name in o.keys().filter(|k| !known.contains_key(*k)) {
                        fail(errors, at, format!("{name:?} is not allowed"));
                    }
                }
            }
            "items" => {
                if let Value::Array(items) = doc {
                    for (i, v) in items.iter().enumerate() {
                        validate(arg, v, &format!("{at}[{i}]"), errors);
                    }
                }
            }
            other => panic!("the validator does not know the keyword {other}"),
        }
    }
}

/// The problems of one file against the schema; a file that is not JSON has one.
fn problems(schema: &Value, path: &Path) -> Vec<String> {
    let text = match std::fs::read(path).map(String::from_utf8) {
        Ok(Ok(t)) => t,
        _ => return vec!["not UTF-8".into()],
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(doc) => {
            let mut errors = Vec::new();
            validate(schema, &doc, "$", &mut errors);
            errors
        }
        Err(e) => vec![format!("not JSON: {e}")],
    }
}

fn schema() -> Value {
    let engine = Engine::new(PolicyText::bundled());
    case_schema(&engine.catch_alls(), Lang::En)
}

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    testing::expand(&[dir]).unwrap().files
}

fn name(p: &Path) -> &str {
    p.file_name().unwrap().to_str().unwrap()
}

#[test]
fn every_valid_fixture_validates() {
    let schema = schema();
    for path in fixtures().iter().filter(|p| !testing::expects_error(p)) {
        assert_eq!(
            problems(&schema, path),
            Vec::<String>::new(),
            "{}",
            name(path)
        );
    }
}

#[test]
fn every_structurally_bad_fixture_fails_and_the_rest_are_beyond_json_schema() {
    let schema = schema();
    let mut failing = 0;
    for path in fixtures().iter().filter(|p| testing::expects_error(p)) {
        let found = problems(&schema, path);
        match BEYOND_SCHEMA.iter().find(|(f, _)| *f == name(path)) {
            Some((_, why)) => assert!(found.is_empty(), "{} ({why}): {found:?}", name(path)),
            None => {
                assert!(!found.is_empty(), "{} passes the schema", name(path));
                failing += 1;
            }
        }
    }
    for (f, _) in BEYOND_SCHEMA {
        assert!(
            fixtures().iter().any(|p| name(p) == *f),
            "{f} is not a fixture"
        );
    }
    assert!(failing >= 20, "{failing}");
}

#[test]
fn the_schema_names_what_the_structural_fixtures_get_wrong() {
    let schema = schema();
    let fixture = |f: &str| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(f)
    };
    for (f, problem) in [
        (
            "err_unknown_fact_name.json",
            "$.facts: \"counterparty_falsifed_evidence\" is not allowed",
        ),
        (
            "err_non_boolean_fact_value.json",
            "$.facts.performed_duties_per_law: string is not [\"boolean\", \"null\"]",
        ),
        (
            "err_unknown_top_level_field.json",
            "$: \"reviewer\" is not allowed",
        ),
        (
            "err_malformed_date.json",
            "$.dates.application_filed: \"2025/10/13\" does not match \"^[0-9]{4}-[0-9]{2}-[0-9]{2}$\"",
        ),
        (
            "err_unknown_disposition.json",
            "$.expect.disposition: \"exempted\" is not one of [\"out_of_scope\",\"due_diligence\",\"exemption_eligible\",\"mitigation_eligible\",\"liable\",\"no_fault\",\"undetermined\"]",
        ),
        ("err_missing_id.json", "$: \"id\" is missing"),
        (
            "err_computed_fact_set_by_hand.json",
            "$.facts: \"application_timely\" is not allowed",
        ),
        (
            "err_assertion_not_catch_all.json",
            "$.assertions[0].clause: \"9.5\" is not one of [\"8.10\",\"9.10\",\"10.4\"]",
        ),
        ("err_empty_id.json", "$.id: \"\" does not match \"\\\\S\""),
    ] {
        assert_eq!(problems(&schema, &fixture(f)), [problem], "{f}");
    }
}

#[test]
fn generated_cases_validate() {
    let schema = schema();
    for i in 0..300 {
        let mut errors = Vec::new();
        validate(&schema, &generate::case(11, i), "$", &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
    }
}

/// The patterns accept exactly what the parser accepts.
#[test]
fn the_patterns_agree_with_the_parser() {
    let item = Pattern::new(ITEM_ID_PATTERN);
    for id in [
        "8.2", "9.10", "10.4", "999.999", "1.1", "08.2", "8.02", "1000.1", "8", "8.", ".2",
        "8.2.3", "8-2", " 8.2", "8.2 ", "a.b", "８.２", "0.1",
    ] {
        let case =
            format!(r#"{{"id":"x","expect":{{"disposition":"liable","grounds":["{id}"]}}}}"#);
        let parsed = rongcuo::engine::case::Case::parse("t.json", &case).is_ok();
        assert_eq!(item.is_match(id), parsed, "{id}");
    }
    let date = Pattern::new(DATE_PATTERN);
    for d in [
        "2025-10-13",
        "2025-02-30",
        "2025-2-3",
        "2025/10/13",
        "25-10-13",
        " 2025-10-13",
        "2025-10-13 ",
        "２０２５-10-13",
        "+025-10-13",
        "2025-10-1a",
    ] {
        let form_ok = !matches!(
            rongcuo::law::calendar::Date::parse(d),
            Err(rongcuo::law::calendar::DateError::Format { .. })
        );
        assert_eq!(date.is_match(d), form_ok, "{d}");
    }
    let blank = Pattern::new(rongcuo::report::schema::NOT_BLANK_PATTERN);
    assert!(blank.is_match(" x ") && !blank.is_match(" \t\n") && !blank.is_match(""));
}

#[test]
fn the_command_prints_the_schema_of_the_loaded_text() {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_rongcuo"))
        .args(["--lang", "en", "schema"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let printed: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(printed, schema());
    assert_eq!(
        printed["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}

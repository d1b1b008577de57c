//! The case model: one officer's case as a reviewer writes it in JSON — facts (true, false, or
//! absent = unknown), the dates of the 第十一条 procedure, reviewer assertions of catch-all
//! items, and an optional expectation for regression tests. Parsing checks everything that can
//! be checked without the policy text and reports the file, the field and its line.

use crate::base::limits::{MAX_ENTRIES, quoted};
use crate::engine::error::{CaseError, CaseProblem, Place, Shape, Syntax};
use crate::law::calendar::{Date, DateError};
use crate::law::facts::{self, Fact, Source};
use crate::law::labels::Verdict;
use crate::law::rules::Duty;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::error::Category;
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

/// What each date field records, in Chinese and English, in `DATE_FIELDS` order.
pub const DATE_LABELS: [(&str, &str); 4] = [
    (
        "追责问责机关启动追责问责程序之日",
        "the day the accountability authority started the accountability procedure",
    ),
    (
        "提出书面容错申请之日",
        "the day the written tolerance application was filed",
    ),
    (
        "作出容错决定之日",
        "the day the tolerance decision was made",
    ),
    (
        "将容错决定告知相关单位及当事人之日",
        "the day the decision was notified to the units and persons concerned",
    ),
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

/// The fields of a case file, in the order of the format's description.
pub const CASE_FIELDS: [&str; 7] = [
    "id",
    "description",
    "facts",
    "dates",
    "assertions",
    "expect",
    "readings",
];

/// The fields of one assertion.
pub const ASSERTION_FIELDS: [&str; 2] = ["clause", "justification"];

/// The fields of `expect`.
pub const EXPECT_FIELDS: [&str; 3] = ["disposition", "grounds", "findings"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    id: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    facts: RawFacts,
    #[serde(default)]
    dates: Obj<RawDates>,
    #[serde(default)]
    assertions: Vec<Obj<RawAssertion>>,
    #[serde(default)]
    expect: Option<Obj<RawExpect>>,
    #[serde(default)]
    readings: RawMap<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawDates {
    accountability_started: Option<DateText>,
    application_filed: Option<DateText>,
    decision_made: Option<DateText>,
    decision_notified: Option<DateText>,
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

/// What each value of the case format is, in the words serde's errors carry them ("…, expected
/// a string"); `json_error` reads them back into [`Shape`]s.
const AN_OBJECT: &str = "an object";
const A_FACT_VALUE: &str = "true, false or null";
const A_DATE: &str = "a date YYYY-MM-DD or null";
const EXPECTING: &[(&str, &[Shape])] = &[
    (AN_OBJECT, &[Shape::Object]),
    ("a sequence", &[Shape::Array]),
    ("a string", &[Shape::String]),
    (A_FACT_VALUE, &[Shape::Boolean, Shape::Null]),
    (A_DATE, &[Shape::Date, Shape::Null]),
];

/// A struct read from a JSON object only. Derived structs also accept an array of their fields
/// in order, which would let `["x"]` pass as a case with id "x"; this reads the same struct
/// through the map visitor alone.
struct Obj<T>(T);

impl<T: Default> Default for Obj<T> {
    fn default() -> Self {
        Obj(T::default())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(AN_OBJECT)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData)).map(Obj)
    }
}

/// A date as written (checked later, to name the field in its error).
struct DateText(String);

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DateText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(A_DATE)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DateText, E> {
                Ok(DateText(v.to_string()))
            }
        }
        d.deserialize_str(V)
    }
}

/// A fact's value: true, false, or null (unknown).
struct FactValue(Option<bool>);

impl<'de> Deserialize<'de> for FactValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FactValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(A_FACT_VALUE)
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<FactValue, E> {
                Ok(FactValue(Some(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<FactValue, E> {
                Ok(FactValue(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<FactValue, E> {
                Ok(FactValue(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<FactValue, D::Error> {
                d.deserialize_bool(V)
            }
        }
        d.deserialize_option(V)
    }
}

/// The message of a duplicate key in `facts` or `readings` (a derived struct says "duplicate
/// field"), and of an object over [`MAX_ENTRIES`].
const DUPLICATE_KEY: &str = "duplicate key `";
const TOO_MANY_ENTRIES: &str = "too many entries";

/// The `readings` object, kept in order, with duplicate keys rejected (serde_json would
/// otherwise keep the last of two equal keys silently) and at most [`MAX_ENTRIES`] entries, so
/// the duplicate check stays small.
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
                f.write_str(AN_OBJECT)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawMap<V>, A::Error> {
                let mut out: Vec<(String, V)> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if out.len() >= MAX_ENTRIES {
                        return Err(de::Error::custom(TOO_MANY_ENTRIES));
                    }
                    if out.iter().any(|(k, _)| *k == key) {
                        return Err(de::Error::custom(format!("{DUPLICATE_KEY}{key}`")));
                    }
                    out.push((key, map.next_value()?));
                }
                Ok(RawMap(out))
            }
        }
        d.deserialize_map(M(std::marker::PhantomData))
    }
}

/// A set of facts, one bit per vocabulary entry.
#[derive(Clone, Copy, Default)]
struct FactSet([u64; facts::VOCABULARY.len().div_ceil(64)]);

impl FactSet {
    /// Adds `fact`; false if it was already in.
    fn insert(&mut self, fact: Fact) -> bool {
        let i = fact as usize;
        match self.0.get_mut(i / 64) {
            Some(word) => {
                let bit = 1u64 << (i % 64);
                let new = *word & bit == 0;
                *word |= bit;
                new
            }
            None => false,
        }
    }

    /// How many facts are in.
    fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Whether `fact` is in.
    fn contains(&self, fact: Fact) -> bool {
        let i = fact as usize;
        self.0
            .get(i / 64)
            .is_some_and(|w| w & (1u64 << (i % 64)) != 0)
    }
}

/// A key of the `facts` object: a vocabulary fact, or a name that is none (kept for the
/// duplicate check and the error). Looked up as read, so a fact's name is never copied.
enum FactKey {
    Known(Fact),
    Other(String),
}

impl<'de> Deserialize<'de> for FactKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = FactKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FactKey, E> {
                Ok(match Fact::from_name(v) {
                    Some(fact) => FactKey::Known(fact),
                    None => FactKey::Other(v.to_string()),
                })
            }
        }
        d.deserialize_str(V)
    }
}

/// The `facts` object as read: which facts it gives, which of them are known and true, and
/// the first entry that names no fact a case may state. Duplicate keys are rejected and at
/// most [`MAX_ENTRIES`] entries read, as for [`RawMap`].
#[derive(Default)]
struct RawFacts {
    /// Every vocabulary fact given, null or not.
    given: FactSet,
    /// The facts given as true or false.
    known: FactSet,
    /// The facts given as true.
    true_: FactSet,
    /// The names given that are not in the vocabulary, in order.
    unknown: Vec<String>,
    /// The first entry that names no fact a case may state.
    first_bad: Option<BadFact>,
}

/// An entry of `facts` that names no fact a case may state.
enum BadFact {
    /// A name not in the vocabulary.
    Unknown(String),
    /// A fact computed from the dates.
    Computed(Fact),
}

impl<'de> Deserialize<'de> for RawFacts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct M;
        impl<'de> Visitor<'de> for M {
            type Value = RawFacts;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(AN_OBJECT)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawFacts, A::Error> {
                let mut out = RawFacts::default();
                let mut entries = 0usize;
                while let Some(key) = map.next_key::<FactKey>()? {
                    if entries >= MAX_ENTRIES {
                        return Err(de::Error::custom(TOO_MANY_ENTRIES));
                    }
                    entries += 1;
                    match key {
                        FactKey::Known(fact) => {
                            if !out.given.insert(fact) {
                                let name = fact.name();
                                return Err(de::Error::custom(format!("{DUPLICATE_KEY}{name}`")));
                            }
                            if fact.def().source == Source::Computed && out.first_bad.is_none() {
                                out.first_bad = Some(BadFact::Computed(fact));
                            }
                            if let FactValue(Some(v)) = map.next_value()? {
                                out.known.insert(fact);
                                if v {
                                    out.true_.insert(fact);
                                }
                            }
                        }
                        FactKey::Other(name) => {
                            if out.unknown.contains(&name) {
                                return Err(de::Error::custom(format!("{DUPLICATE_KEY}{name}`")));
                            }
                            if out.first_bad.is_none() {
                                out.first_bad = Some(BadFact::Unknown(name.clone()));
                            }
                            out.unknown.push(name);
                            map.next_value::<FactValue>()?;
                        }
                    }
                }
                Ok(out)
            }
        }
        d.deserialize_map(M)
    }
}

impl RawFacts {
    /// The known facts and their values.
    fn known(&self) -> BTreeMap<Fact, bool> {
        // In vocabulary order, which is the facts' order, so the map is built in bulk; from a
        // vector of the right size, which the map's builder reuses.
        let mut pairs = Vec::with_capacity(self.known.len());
        pairs.extend(
            facts::VOCABULARY
                .iter()
                .filter(|d| self.known.contains(d.fact))
                .map(|d| (d.fact, self.true_.contains(d.fact))),
        );
        pairs.into_iter().collect()
    }
}

/// One step of a JSON path.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// A JSON path as a field name: `facts.harm_occurred`, `assertions[1].clause`.
fn field_name(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(&quoted(k));
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The JSON path at byte `pos` of `text`: for each object or array still open there, the key
/// or index last entered. It reads the text up to `pos` only, so it works on text that is
/// malformed after that point.
fn path_at(text: &str, pos: usize) -> Vec<Step> {
    scan(text, pos).steps
}

/// What [`scan`] finds before a byte offset.
struct Scanned {
    /// The JSON path.
    steps: Vec<Step>,
    /// Where the last value starts (a string's opening quote, a number's or a word's first
    /// character).
    value_start: usize,
    /// Whether the innermost open container is an array, an object, or there is none.
    open: Option<bool>,
}

/// [`path_at`], with more about the place.
fn scan(text: &str, pos: usize) -> Scanned {
    struct Frame {
        array: bool,
        key: Option<String>,
        index: usize,
    }
    let bytes = text.as_bytes();
    let end = pos.min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut want_key = false;
    let mut value_start = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < end {
        let byte = bytes.get(i).copied().unwrap_or_default();
        let word = byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'+' | b'.');
        if word && !in_word {
            value_start = i;
        }
        in_word = word;
        match bytes.get(i) {
            Some(b'"') => {
                if !want_key {
                    value_start = i;
                }
                let start = i + 1;
                let mut j = start;
                let mut escaped = false;
                while j < end {
                    match bytes.get(j) {
                        _ if escaped => escaped = false,
                        Some(b'\\') => escaped = true,
                        Some(b'"') => break,
                        _ => {}
                    }
                    j += 1;
                }
                if want_key && let Some(top) = stack.last_mut() {
                    top.key = Some(
                        String::from_utf8_lossy(bytes.get(start..j).unwrap_or_default())
                            .into_owned(),
                    );
                }
                i = j;
            }
            Some(b'{') => {
                stack.push(Frame {
                    array: false,
                    key: None,
                    index: 0,
                });
                want_key = true;
            }
            Some(b'[') => {
                stack.push(Frame {
                    array: true,
                    key: None,
                    index: 0,
                });
                want_key = false;
            }
            Some(b'}' | b']') => {
                stack.pop();
                want_key = false;
            }
            Some(b':') => want_key = false,
            Some(b',') => {
                if let Some(top) = stack.last_mut() {
                    if top.array {
                        top.index += 1;
                    } else {
                        want_key = true;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    let open = stack.last().map(|f| f.array);
    let steps = stack
        .into_iter()
        .filter_map(|f| match (f.array, f.key) {
            (true, _) => Some(Step::Index(f.index)),
            (false, key) => key.map(Step::Key),
        })
        .collect();
    Scanned {
        steps,
        value_start,
        open,
    }
}

/// The syntax problem behind one of serde_json's syntax messages.
fn syntax(msg: &str) -> Option<CaseProblem> {
    use Syntax::*;
    let s = match msg {
        "EOF while parsing a list" => EofInArray,
        "EOF while parsing an object" => EofInObject,
        "EOF while parsing a string" => EofInString,
        "EOF while parsing a value" => EofBeforeValue,
        "expected `:`" => Colon,
        "expected `,` or `]`" => CommaOrBracket,
        "expected `,` or `}`" => CommaOrBrace,
        "expected ident" => Literal,
        "expected value" => Value,
        "expected `\"`" => Quote,
        "invalid escape" => Escape,
        "invalid number" => Number,
        "number out of range" => NumberOutOfRange,
        "invalid unicode code point"
        | "lone leading surrogate in hex escape"
        | "unexpected end of hex escape" => Unicode,
        "key must be a string" => KeyNotString,
        "trailing comma" => TrailingComma,
        "trailing characters" => TrailingCharacters,
        "recursion limit exceeded" => {
            return Some(CaseProblem::TooDeep {
                limit: crate::base::limits::MAX_DEPTH,
            });
        }
        m if m.starts_with("control character") => ControlCharacter,
        _ => return None,
    };
    Some(CaseProblem::Syntax(s))
}

/// The kind and the quoted value of what serde_json found: `integer `5``, `string "yes"`,
/// `map`, `sequence`, `boolean `true``, `null`.
fn unexpected(found: &str) -> Option<(Shape, Option<String>)> {
    let tick = |s: &str| s.trim_start().trim_matches('`').to_string();
    if let Some(v) = found.strip_prefix("string ") {
        // Written as a Rust string literal; the quotes go, escapes stay.
        let v = v
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(v);
        return Some((Shape::String, Some(v.to_string())));
    }
    for prefix in ["integer", "floating point"] {
        if let Some(v) = found.strip_prefix(prefix) {
            return Some((Shape::Number, Some(tick(v))));
        }
    }
    if let Some(v) = found.strip_prefix("boolean") {
        return Some((Shape::Boolean, Some(tick(v))));
    }
    match found {
        "map" => Some((Shape::Object, None)),
        "sequence" => Some((Shape::Array, None)),
        "null" | "unit value" => Some((Shape::Null, None)),
        _ => None,
    }
}

/// The names between backticks in a serde message, after `skip` of them.
fn ticked(msg: &str, skip: usize) -> Vec<String> {
    msg.split('`')
        .skip(1)
        .step_by(2)
        .skip(skip)
        .map(str::to_string)
        .collect()
}

/// A case error from serde_json's, with the JSON path where it stopped, the place as a
/// 1-based line and char column, and a problem that says what was expected there.
fn json_error(path: &str, text: &str, e: &serde_json::Error) -> CaseError {
    let full = e.to_string();
    // serde_json appends " at line L column C"; the place carries those.
    let msg = match full.rfind(" at line ") {
        Some(i) => full.get(..i).unwrap_or_default(),
        None => full.as_str(),
    };
    // serde_json's column counts the bytes of the line read so far, so the byte offset
    // `pos` is just past the last character it read (or peeked at).
    let line_start = match e.line() {
        0 | 1 => 0,
        n => text
            .match_indices('\n')
            .nth(n - 2)
            .map_or(text.len(), |(i, _)| i + 1),
    };
    let mut pos = (line_start + e.column()).min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    let column_at = |pos: usize| text.get(line_start..pos).map_or(0, |s| s.chars().count());
    let mut column = column_at(pos);
    let Scanned {
        mut steps,
        value_start,
        open,
    } = scan(text, pos);
    let named = ticked(msg, 0).into_iter().next().unwrap_or_default();
    let problem = match e.classify() {
        Category::Syntax | Category::Eof if text.trim().is_empty() => CaseProblem::Empty,
        Category::Syntax | Category::Eof => {
            // The path of the text before the character the parser stopped at.
            let before = text
                .get(..pos)
                .and_then(|t| t.char_indices().last())
                .map_or(0, |(i, _)| i);
            steps = path_at(text, before);
            let stopped_at = text.get(before..).and_then(|t| t.chars().next());
            match syntax(msg) {
                // A bare word where a value belongs: `True`, `None`, `yes`.
                Some(CaseProblem::Syntax(Syntax::Value))
                    if stopped_at.is_some_and(char::is_alphabetic) =>
                {
                    CaseProblem::Syntax(Syntax::Literal)
                }
                // The text ends inside the containers still open: say which must close.
                Some(CaseProblem::Syntax(Syntax::EofBeforeValue)) if open.is_some() => {
                    CaseProblem::Syntax(match open {
                        Some(true) => Syntax::EofInArray,
                        _ => Syntax::EofInObject,
                    })
                }
                Some(p) => p,
                None => CaseProblem::Json(msg.to_string()),
            }
        }
        Category::Io => CaseProblem::Json(msg.to_string()),
        Category::Data => {
            if let Some(rest) = msg.strip_prefix("invalid type: ") {
                let (found, expected) = rest.rsplit_once(", expected ").unwrap_or((rest, ""));
                let expected = EXPECTING
                    .iter()
                    .find(|(e, _)| *e == expected)
                    .map(|(_, s)| s.to_vec());
                match (unexpected(found), expected) {
                    (Some((found, value)), Some(expected)) => {
                        column = if matches!(found, Shape::Object | Shape::Array) {
                            // Not read: the parser stopped before its bracket.
                            column_at(pos) + 1
                        } else if value_start >= line_start {
                            // Read whole: point at its start.
                            column_at(value_start) + 1
                        } else {
                            column
                        };
                        CaseProblem::WrongType {
                            expected,
                            found,
                            value,
                        }
                    }
                    _ => CaseProblem::Json(msg.to_string()),
                }
            } else if msg.starts_with("duplicate field `") || msg.starts_with(DUPLICATE_KEY) {
                CaseProblem::DuplicateKey(field_name(&steps))
            } else if msg.starts_with("missing field `") {
                steps.push(Step::Key(named.clone()));
                CaseProblem::MissingField { name: named }
            } else if msg.starts_with("unknown field `") {
                let expected = ticked(msg, 1);
                let suggestion =
                    crate::law::facts::nearest_of(&named, expected.iter().map(String::as_str))
                        .map(str::to_string);
                CaseProblem::UnknownField {
                    name: quoted(&named),
                    expected,
                    suggestion,
                }
            } else if msg == TOO_MANY_ENTRIES {
                steps.pop();
                CaseProblem::TooManyEntries { limit: MAX_ENTRIES }
            } else {
                CaseProblem::Json(msg.to_string())
            }
        }
    };
    CaseError {
        path: path.to_string(),
        place: Place {
            field: field_name(&steps),
            line: Some(e.line()).filter(|l| *l > 0),
            column: Some(column.max(1)).filter(|_| e.line() > 0),
        },
        problem: Box::new(problem),
    }
}

/// The byte offset of the first `"key"` found after each of `path`'s earlier keys in turn (of
/// the last one found, if a later key is not there).
fn key_offset(source: &str, path: &[&str]) -> Option<usize> {
    let mut from = 0;
    let mut found = None;
    let mut needle = String::new();
    for key in path {
        needle.clear();
        needle.push('"');
        needle.push_str(key);
        needle.push('"');
        match source.get(from..).and_then(|rest| rest.find(&needle)) {
            Some(i) => {
                found = Some(from + i);
                from += i + needle.len();
            }
            None => break,
        }
    }
    found
}

/// The 1-based line and column of the first `"key"` found after each of `path`'s earlier keys
/// in turn: a good pointer for a semantic error in an otherwise well-formed file.
pub fn locate(source: &str, path: &[&str]) -> (Option<usize>, Option<usize>) {
    match key_offset(source, path).and_then(|pos| source.get(..pos)) {
        Some(before) => {
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            (Some(line), Some(column))
        }
        None => (None, None),
    }
}

/// The line `locate` gives, without the column: newlines counted as bytes.
pub fn locate_line(source: &str, path: &[&str]) -> Option<usize> {
    let before = source.as_bytes().get(..key_offset(source, path)?)?;
    // Counted in byte-sized chunks, which the compiler vectorises.
    let newlines: usize = before
        .chunks(255)
        .map(|c| usize::from(c.iter().fold(0u8, |n, b| n + u8::from(*b == b'\n'))))
        .sum();
    Some(newlines + 1)
}

/// The first pair of statements of a case that cannot both be true: two facts that a
/// `facts::EXCLUSIONS` entry excludes, or an application date beside `application_filed: false`.
/// The error names both, with their lines in `source`.
pub fn contradiction(
    path: &str,
    source: &str,
    facts: &BTreeMap<Fact, bool>,
    dates: &Dates,
) -> Option<CaseError> {
    let line_of = |keys: &[&str]| locate(source, keys).0;
    let error = |field: &str, keys: &[&str], problem: CaseProblem| {
        let (line, column) = locate(source, keys);
        CaseError {
            path: path.to_string(),
            place: Place {
                field: field.to_string(),
                line,
                column,
            },
            problem: Box::new(problem),
        }
    };
    if let Some(e) = facts::broken(|f| facts.get(&f).copied()) {
        let (a, b) = (e.first, e.second);
        return Some(error(
            &format!("facts.{}", b.0.name()),
            &["facts", b.0.name()],
            CaseProblem::Contradiction {
                first: format!("facts.{} = {}", a.0.name(), a.1),
                first_line: line_of(&["facts", a.0.name()]),
                second: format!("facts.{} = {}", b.0.name(), b.1),
                second_line: line_of(&["facts", b.0.name()]),
                zh: e.zh,
                en: e.en,
            },
        ));
    }
    let name = Fact::ApplicationFiled.name();
    if dates.application_filed.is_some() && facts.get(&Fact::ApplicationFiled) == Some(&false) {
        return Some(error(
            &format!("facts.{name}"),
            &["facts", name],
            CaseProblem::Contradiction {
                first: format!("dates.{}", DATE_FIELDS[1]),
                first_line: line_of(&["dates", DATE_FIELDS[1]]),
                second: format!("facts.{name} = false"),
                second_line: line_of(&["facts", name]),
                zh: "给出了提出申请的日期，即已提出申请",
                en: "a filing date means an application was filed",
            },
        ));
    }
    None
}

impl Case {
    /// Parses a case file's text. `path` names the file in errors.
    pub fn parse(path: &str, source: &str) -> Result<Case, CaseError> {
        let mut case = Case::parse_unkept(path, source)?;
        case.source = source.to_string();
        Ok(case)
    }

    /// [`Case::parse`] of text the caller gives up: the case keeps it without a copy.
    pub fn parse_owned(path: &str, source: String) -> Result<Case, CaseError> {
        let mut case = Case::parse_unkept(path, &source)?;
        case.source = source;
        Ok(case)
    }

    /// [`Case::parse`], with `source` left empty for the caller to fill.
    fn parse_unkept(path: &str, source: &str) -> Result<Case, CaseError> {
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
        if text.len() as u64 > crate::base::limits::MAX_CASE_BYTES {
            return Err(err(
                String::new(),
                &[],
                CaseProblem::TooLarge {
                    size: Some(text.len() as u64),
                    limit: crate::base::limits::MAX_CASE_BYTES,
                },
            ));
        }
        let raw: RawCase = serde_json::from_str::<Obj<RawCase>>(text)
            .map_err(|e| json_error(path, text, &e))?
            .0;

        if raw.id.trim().is_empty() {
            return Err(err("id".into(), &["id"], CaseProblem::EmptyId));
        }

        if let Some(bad) = &raw.facts.first_bad {
            let (name, problem) = match bad {
                BadFact::Computed(fact) => (
                    fact.name(),
                    CaseProblem::ComputedFact {
                        name: fact.name().to_string(),
                    },
                ),
                BadFact::Unknown(name) => (
                    name.as_str(),
                    CaseProblem::UnknownFact {
                        name: quoted(name),
                        suggestion: facts::nearest(name),
                    },
                ),
            };
            return Err(err(
                format!("facts.{}", quoted(name)),
                &["facts", name],
                problem,
            ));
        }
        let known = raw.facts.known();

        let parse_date =
            |field: &'static str, text: &Option<DateText>| -> Result<Option<Date>, CaseError> {
                match text {
                    None => Ok(None),
                    Some(t) => Date::parse(&t.0).map(Some).map_err(|e| {
                        let e = match e {
                            DateError::Format { text } => DateError::Format {
                                text: quoted(&text),
                            },
                            other => other,
                        };
                        err(
                            format!("dates.{field}"),
                            &["dates", field],
                            CaseProblem::BadDate(e),
                        )
                    }),
                }
            };
        let raw_dates = &raw.dates.0;
        let dates = Dates {
            accountability_started: parse_date(DATE_FIELDS[0], &raw_dates.accountability_started)?,
            application_filed: parse_date(DATE_FIELDS[1], &raw_dates.application_filed)?,
            decision_made: parse_date(DATE_FIELDS[2], &raw_dates.decision_made)?,
            decision_notified: parse_date(DATE_FIELDS[3], &raw_dates.decision_notified)?,
        };
        // Every later step of the procedure comes on or after every earlier one.
        let all = dates.all();
        for (i, (earlier, ed)) in all.iter().enumerate() {
            for (later, ld) in all.iter().skip(i + 1) {
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

        if let Some(e) = contradiction(path, source, &known, &dates) {
            return Err(e);
        }

        // Arrays are checked for size before their entries are compared with one another.
        let too_many = |field: &str| {
            err(
                field.to_string(),
                &field.split('.').collect::<Vec<_>>(),
                CaseProblem::TooManyEntries { limit: MAX_ENTRIES },
            )
        };
        if raw.assertions.len() > MAX_ENTRIES {
            return Err(too_many("assertions"));
        }
        let mut assertions: Vec<Assertion> = Vec::new();
        for (i, a) in raw.assertions.iter().enumerate() {
            let a = &a.0;
            let field = format!("assertions[{i}]");
            let keys = assertion_keys(i);
            if !is_item_id(&a.clause) {
                return Err(err(
                    format!("{field}.clause"),
                    &keys,
                    CaseProblem::AssertionClauseMalformed {
                        clause: quoted(&a.clause),
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
            Some(Obj(e)) => {
                let disposition = Verdict::from_name(&e.disposition).ok_or_else(|| {
                    err(
                        "expect.disposition".into(),
                        &["expect", "disposition"],
                        CaseProblem::UnknownDisposition {
                            given: quoted(&e.disposition),
                        },
                    )
                })?;
                if e.grounds.len() > MAX_ENTRIES {
                    return Err(too_many("expect.grounds"));
                }
                for (i, g) in e.grounds.iter().enumerate() {
                    if !is_item_id(g) {
                        return Err(err(
                            format!("expect.grounds[{i}]"),
                            &["expect", "grounds", g],
                            CaseProblem::ExpectGroundMalformed { given: quoted(g) },
                        ));
                    }
                }
                let findings = match e.findings {
                    None => None,
                    Some(names) if names.len() > MAX_ENTRIES => {
                        return Err(too_many("expect.findings"));
                    }
                    Some(names) => Some(
                        names
                            .iter()
                            .enumerate()
                            .map(|(i, n)| {
                                Duty::from_name(n).ok_or_else(|| {
                                    err(
                                        format!("expect.findings[{i}]"),
                                        &["expect", "findings", n],
                                        CaseProblem::UnknownFinding {
                                            given: quoted(n),
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
            let mut r = crate::law::interpret::Readings::default();
            r.set(name, value).map_err(|e| {
                err(
                    format!("readings.{}", quoted(name)),
                    &["readings", name.as_str()],
                    CaseProblem::Reading(e),
                )
            })?;
            let sw = crate::law::interpret::switch(name)
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
            source: String::new(),
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

    /// The case written back out in the case-file format: `Case::parse` of its text gives this
    /// case again (all but `path` and `source`). Unknown facts are left out, as are dates not
    /// given and empty sections; justifications are the trimmed ones `parse` kept.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::{Map, Value, json};
        let mut out = Map::new();
        out.insert("id".into(), json!(self.id));
        out.insert("description".into(), json!(self.description));
        let facts: Map<String, Value> = self
            .facts
            .iter()
            .map(|(f, v)| (f.name().to_string(), json!(v)))
            .collect();
        out.insert("facts".into(), Value::Object(facts));
        let dates: Map<String, Value> = self
            .dates
            .all()
            .into_iter()
            .filter_map(|(field, d)| d.map(|d| (field.to_string(), json!(d.to_string()))))
            .collect();
        if !dates.is_empty() {
            out.insert("dates".into(), Value::Object(dates));
        }
        if !self.assertions.is_empty() {
            let assertions: Vec<Value> = self
                .assertions
                .iter()
                .map(|a| json!({ "clause": a.clause, "justification": a.justification }))
                .collect();
            out.insert("assertions".into(), Value::Array(assertions));
        }
        if let Some(e) = &self.expect {
            let mut expect = Map::new();
            expect.insert("disposition".into(), json!(e.disposition.name()));
            expect.insert("grounds".into(), json!(e.grounds));
            if let Some(findings) = &e.findings {
                let names: Vec<&str> = findings.iter().map(|d| d.name()).collect();
                expect.insert("findings".into(), json!(names));
            }
            out.insert("expect".into(), Value::Object(expect));
        }
        if !self.readings.is_empty() {
            let readings: Map<String, Value> = self
                .readings
                .iter()
                .map(|(n, v)| (n.to_string(), json!(v)))
                .collect();
            out.insert("readings".into(), Value::Object(readings));
        }
        Value::Object(out)
    }
}

/// The keys that `locate` follows to the `clause` of assertion `i`: each assertion has one
/// `clause` key, so the (i+1)-th after `assertions` is its own.
pub fn assertion_keys(i: usize) -> Vec<&'static str> {
    let mut keys = vec!["assertions"];
    keys.extend(std::iter::repeat_n(
        "clause",
        i.saturating_add(1).min(MAX_ENTRIES),
    ));
    keys
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
    fn a_case_written_out_reads_back_the_same() {
        let src = r#"{"id":"x","description":"引号\" and \\ 反斜杠",
               "facts":{"decision_erroneous":true,"subjective_fault":false,"harm_occurred":null},
               "dates":{"accountability_started":"2025-09-29","decision_made":"2025-10-20"},
               "assertions":[{"clause":"9.10","justification":" because "}],
               "expect":{"disposition":"due_diligence","grounds":["8.2"],"findings":["application_timely"]},
               "readings":{"overlap":"discretionary_governs","seven_days":"calendar_days"}}"#;
        let c = Case::parse("t.json", src).unwrap();
        let v = c.to_json();
        // Unknown facts and absent dates are left out; the kept justification is the trimmed one.
        assert_eq!(v["facts"].as_object().unwrap().len(), 2);
        assert_eq!(v["dates"].as_object().unwrap().len(), 2);
        assert_eq!(v["assertions"][0]["justification"], "because");
        let text = serde_json::to_string_pretty(&v).unwrap();
        let back = Case::parse("t.json", &text).unwrap();
        assert_eq!(
            Case {
                source: c.source.clone(),
                ..back
            },
            c
        );
        // A bare case writes only what it has.
        let bare = Case::parse("b.json", r#"{"id":"b"}"#).unwrap();
        assert_eq!(
            bare.to_json(),
            serde_json::json!({"id": "b", "description": "", "facts": {}})
        );
        // An expectation without findings keeps them unchecked.
        let e = Case::parse("e.json", r#"{"id":"e","expect":{"disposition":"liable"}}"#).unwrap();
        let back = Case::parse("e.json", &e.to_json().to_string()).unwrap();
        assert_eq!(back.expect, e.expect);
        assert_eq!(back.expect.unwrap().findings, None);
    }

    /// Within `facts`, serde's errors come first (in text order), then the first entry that
    /// names no fact a case may state.
    #[test]
    fn facts_are_checked_in_order() {
        let cases = [
            (
                r#"{"id":"x","facts":{"zz":true,"application_timely":true}}"#,
                "UnknownFact",
            ),
            (
                r#"{"id":"x","facts":{"application_timely":true,"zz":true}}"#,
                "ComputedFact",
            ),
            (
                r#"{"id":"x","facts":{"zz":true,"zz":false}}"#,
                "DuplicateKey(\"facts.zz\")",
            ),
            (
                r#"{"id":"x","facts":{"zz":true,"harm_occurred":1}}"#,
                "WrongType",
            ),
            (
                r#"{"id":"x","facts":{"harm_occurred":null,"harm_occurred":null}}"#,
                "DuplicateKey",
            ),
            (
                r#"{"id":"x","facts":{"harm_occurred":true,"harm\u005foccurred":false}}"#,
                "DuplicateKey",
            ),
            (
                r#"{"id":"x","facts":{"zz":true},"id":"y"}"#,
                "DuplicateKey(\"id\")",
            ),
            (r#"{"id":" ","facts":{"zz":true}}"#, "EmptyId"),
        ];
        for (src, needle) in cases {
            let (p, _, _) = problem(src);
            assert!(format!("{p:?}").contains(needle), "{src}: {p:?}");
        }
        let c = Case::parse(
            "t.json",
            r#"{"id":"x","facts":{"subjective_fault":false,"harm_occurred":true,"decision_erroneous":null}}"#,
        )
        .unwrap();
        let facts: Vec<_> = c.facts.into_iter().collect();
        assert_eq!(
            facts,
            [(Fact::HarmOccurred, true), (Fact::SubjectiveFault, false)]
        );
    }

    #[test]
    fn parse_owned_gives_what_parse_gives() {
        for src in [
            "\u{feff}{\"id\":\"x\",\"facts\":{\"harm_occurred\":true,\"subjective_fault\":null}}",
            r#"{"id":"x","facts":{"harm_occurred":true,"harm_occurred":false}}"#,
            r#"{"id":"x","facts":{"zz":true,"application_timely":true}}"#,
        ] {
            let owned = Case::parse_owned("t.json", src.to_string());
            assert_eq!(owned, Case::parse("t.json", src), "{src}");
            if let Ok(case) = owned {
                assert_eq!(case.source, src);
            }
        }
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
                "WrongType { expected: [Boolean, Null], found: Number",
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
            (r#"{"id":"x","colour":"red"}"#, "UnknownField"),
            (r#"{"id":"x""#, "Syntax(EofInObject)"),
            ("", "Empty"),
            (r#"["x"]"#, "found: Array"),
            (r#"{"id":"x","dates":["2025-01-01"]}"#, "found: Array"),
            (r#"{"id":"x","expect":["liable"]}"#, "found: Array"),
        ];
        for (src, needle) in cases {
            let (p, _, _) = problem(src);
            assert!(format!("{p:?}").contains(needle), "{src}: {p:?}");
            assert!(
                !matches!(p, CaseProblem::Json(_)),
                "{src}: unclassified {p:?}"
            );
        }
    }

    /// Every way serde_json can reject a case maps to a problem that says what was expected, at
    /// the JSON path where it stopped.
    #[test]
    fn parser_errors_name_the_path_and_what_was_expected() {
        let cases: &[(&str, &str, &str)] = &[
            (r#"{"id":5}"#, "id", "expected a string, found the number 5"),
            (
                r#"{"id":"x","dates":{"decision_made":true}}"#,
                "dates.decision_made",
                "expected a date string (YYYY-MM-DD) or null, found true",
            ),
            (
                r#"{"id":"x","assertions":[{"clause":"9.10","justification":"j"},{"clause":[]}]}"#,
                "assertions[1].clause",
                "expected a string, found an array […]",
            ),
            (
                r#"{"id":"x","expect":{"disposition":"liable","findings":[null]}}"#,
                "expect.findings[0]",
                "expected a string, found null",
            ),
            (
                r#"{"id":"x","assertions":[{"justification":"j"}]}"#,
                "assertions[0].clause",
                "the required field \"clause\" is missing",
            ),
            (
                r#"{"id":"x","expect":{"disposition":"liable","ground":[]}}"#,
                "expect.ground",
                "unknown field \"ground\"; expected one of disposition, grounds, findings; did you mean \"grounds\"?",
            ),
            (
                r#"{"id":"x","readings":{"seven_days":"calendar_days","seven_days":"x"}}"#,
                "readings.seven_days",
                "key \"readings.seven_days\" appears twice; expected each key once",
            ),
            (
                r#"{"id":"x","facts":{"a":true "b":false}}"#,
                "facts.a",
                "malformed JSON: expected `,` (then the next key) or `}` (end of the object); is a comma missing?",
            ),
            (
                r#"{"id":"x","facts":{"a":tru}}"#,
                "facts.a",
                "malformed JSON: an unknown word; expected true, false or null (lower case, unquoted)",
            ),
            (
                r#"{"id":"x"} {}"#,
                "",
                "malformed JSON: text after the end of the case; expected one case only, nothing after its closing `}`",
            ),
        ];
        for (src, field, message) in cases {
            let e = Case::parse("t.json", src).unwrap_err();
            assert_eq!(
                (
                    e.place.field.as_str(),
                    e.problem.message(crate::base::lang::Lang::En).as_str()
                ),
                (*field, *message),
                "{src}"
            );
            assert!(e.place.line.is_some() && e.place.column.is_some(), "{src}");
        }
    }

    #[test]
    fn the_column_counts_characters_and_points_at_the_offending_value() {
        let e = Case::parse(
            "t.json",
            "{\"id\":\"x\",\"description\":\"乐山\",\n \"facts\": [true]}",
        )
        .unwrap_err();
        assert_eq!((e.place.line, e.place.column), (Some(2), Some(11)));
        let e = Case::parse("t.json", "{\"description\":\"乐山\",\"id\":15}").unwrap_err();
        assert_eq!((e.place.line, e.place.column), (Some(1), Some(26)));
        let e =
            Case::parse("t.json", "{\"id\":\"x\",\"facts\":{\"a\": \"乐\\\"山\"}}").unwrap_err();
        assert_eq!((e.place.line, e.place.column), (Some(1), Some(25)));
    }

    #[test]
    fn the_path_is_read_from_the_text_before_the_error() {
        let steps = |t: &str| field_name(&path_at(t, t.len()));
        assert_eq!(steps(r#"{"a":{"b":[1,{"c":"#), "a.b[1].c");
        assert_eq!(steps(r#"{"a":"}[,\"","b":"#), "b");
        assert_eq!(steps(r#"{"a":{"b":1},"c""#), "c");
        assert_eq!(steps(r#"[[],[],{"#), "[2]");
        assert_eq!(steps(""), "");
    }

    #[test]
    fn objects_and_arrays_over_the_entry_limit_are_refused_early() {
        let many = |open: &str, entry: &dyn Fn(usize) -> String, close: &str| {
            let body: Vec<String> = (0..=MAX_ENTRIES).map(entry).collect();
            format!("{open}{}{close}", body.join(","))
        };
        let facts = many(
            r#"{"id":"x","facts":{"#,
            &|i| format!("\"f{i}\":true"),
            "}}",
        );
        let assertions = many(
            r#"{"id":"x","assertions":["#,
            &|i| format!(r#"{{"clause":"9.{i}","justification":"j"}}"#),
            "]}",
        );
        let grounds = many(
            r#"{"id":"x","expect":{"disposition":"liable","grounds":["#,
            &|_| "\"8.1\"".to_string(),
            "]}}",
        );
        for (src, field) in [
            (facts, "facts"),
            (assertions, "assertions"),
            (grounds, "expect.grounds"),
        ] {
            let e = Case::parse("t.json", &src).unwrap_err();
            assert_eq!(
                *e.problem,
                CaseProblem::TooManyEntries { limit: MAX_ENTRIES }
            );
            assert_eq!(e.place.field, field);
        }
    }

    #[test]
    fn long_strings_are_cut_in_messages() {
        let name = "q".repeat(5000);
        for src in [
            format!(r#"{{"id":"x","facts":{{"{name}":true}}}}"#),
            format!(r#"{{"id":"x","readings":{{"{name}":"v"}}}}"#),
            format!(r#"{{"id":"x","readings":{{"seven_days":"{name}"}}}}"#),
            format!(r#"{{"id":"x","expect":{{"disposition":"{name}"}}}}"#),
            format!(r#"{{"id":"x","dates":{{"decision_made":"{name}"}}}}"#),
            format!(r#"{{"id":"x","{name}":1}}"#),
        ] {
            let e = Case::parse("t.json", &src).unwrap_err();
            assert!(e.place.field.chars().count() < 100, "{}", e.place.field);
            let m = e.problem.message(crate::base::lang::Lang::En);
            assert!(m.chars().count() < 300, "{m}");
        }
    }

    /// The field lists the schema and the messages use are the ones serde enforces.
    #[test]
    fn field_lists_match_the_parser() {
        let listed = |src: &str| match *Case::parse("t.json", src).unwrap_err().problem {
            CaseProblem::UnknownField { expected, .. } => expected,
            other => panic!("{other:?}"),
        };
        assert_eq!(listed(r#"{"zz":1}"#), CASE_FIELDS);
        assert_eq!(listed(r#"{"id":"x","dates":{"zz":1}}"#), DATE_FIELDS);
        assert_eq!(
            listed(r#"{"id":"x","assertions":[{"zz":1}]}"#),
            ASSERTION_FIELDS
        );
        assert_eq!(listed(r#"{"id":"x","expect":{"zz":1}}"#), EXPECT_FIELDS);
    }

    #[test]
    fn serde_recursion_limit_reads_as_too_deep() {
        // A case never nests deep enough to reach it; the message is checked on its own.
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let e = serde_json::from_str::<serde_json::Value>(&deep).unwrap_err();
        let ce = json_error("t.json", &deep, &e);
        assert_eq!(
            *ce.problem,
            CaseProblem::TooDeep {
                limit: crate::base::limits::MAX_DEPTH
            }
        );
    }
}

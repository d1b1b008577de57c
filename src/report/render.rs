//! Renderers: a determination (or an input error) as text for a person, in Chinese or
//! English, or as JSON for tools and snapshots; and the fact vocabulary. Clause text is always
//! quoted in the original Chinese from the loaded policy. Output is deterministic.

use crate::base::lang::Lang;
use crate::engine::determine::Determination;
use crate::engine::error::Error;
use crate::engine::evaluate::{Engine, FindingOut, PolicyNote};
use crate::engine::run::{PeriodCheck, PeriodKind};
use crate::law::calendar::{DayKind, Period};
use crate::law::facts::{Source, VOCABULARY};
use crate::law::interpret;
use crate::law::labels::Verdict;
use crate::law::program::program;
use crate::text::policy::clause_key;
use crate::text::policy::{PeriodUnit, cite};
use serde_json::{Value, json};
use std::fmt::Write;

/// The version of the JSON output format; bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;

/// 应当 / 可以 for a ground: the modality of the effect its article's lead-in gives (第八条's
/// 应当认定为履职尽责, 第九条's and 第十条's 可以).
pub(crate) fn modality(engine: &Engine, clause: &str, lang: Lang) -> &'static str {
    let article = clause.split('.').next().unwrap_or(clause);
    let effect = engine
        .binding
        .inputs
        .effects
        .iter()
        .find(|(a, _)| *a == article)
        .map(|(_, e)| *e);
    match effect {
        Some("8") => lang.pick("应当", "mandatory"),
        Some(_) => lang.pick("可以", "discretionary"),
        None => "",
    }
}

/// A finding as one phrase: "第十三条：…（以决定容错免责为条件）".
pub(crate) fn describe_finding(f: &crate::engine::evaluate::FindingOut, lang: Lang) -> String {
    format!(
        "{}{}{}{}",
        cite(f.clause),
        lang.pick("：", ": "),
        f.duty.label(lang),
        f.condition.label(lang)
    )
}

/// "第八条第二项（应当）" / "第八条第二项 (mandatory) ".
fn head(engine: &Engine, clause: &str, lang: Lang) -> String {
    lang.pick(
        format!("{}（{}）", cite(clause), modality(engine, clause, lang)),
        format!("{} ({}) ", cite(clause), modality(engine, clause, lang)),
    )
}

pub(crate) fn quote(engine: &Engine, clause: &str) -> String {
    match engine.policy.text_of(clause) {
        Some(t) => format!("“{t}”"),
        None => String::new(),
    }
}

fn period_name(kind: PeriodKind, lang: Lang) -> &'static str {
    match kind {
        PeriodKind::Application => lang.pick("申请期限", "application period"),
        PeriodKind::Notification => lang.pick("告知期限", "notification period"),
    }
}

/// The days of a period, grouped so that runs of rest days read as one range.
/// Working days are numbered in a working-day period, every day in a calendar-day period.
fn walk(period: &Period, unit: PeriodUnit, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut counted = 0;
    let mut i = 0;
    let days = &period.days;
    while let Some(&(d, kind)) = days.get(i) {
        if unit == PeriodUnit::Days {
            counted += 1;
            parts.push(format!(
                "{d}({}) {} #{counted}",
                lang.pick(d.weekday().zh(), d.weekday().en()),
                kind.label(lang)
            ));
            i += 1;
        } else if kind.is_working() {
            counted += 1;
            let mark = if kind == DayKind::AdjustedWorkday {
                format!(" {}", kind.label(lang))
            } else {
                String::new()
            };
            parts.push(format!(
                "{d}({}){mark} #{counted}",
                lang.pick(d.weekday().zh(), d.weekday().en())
            ));
            i += 1;
        } else {
            // A run of days of the same kind is shown as one range.
            let run = days.iter().skip(i).take_while(|(_, k)| *k == kind).count();
            let j = i + run.max(1) - 1;
            let range = match days.get(j) {
                Some((last, _)) if j > i => format!("{d}…{last}"),
                _ => format!("{d}"),
            };
            parts.push(format!("{range} {}", kind.label(lang)));
            i = j + 1;
        }
    }
    parts.join(", ")
}

trait DayKindLabel {
    fn label(self, lang: Lang) -> &'static str;
}
impl DayKindLabel for DayKind {
    fn label(self, lang: Lang) -> &'static str {
        lang.pick(self.zh(), self.en())
    }
}

pub(crate) fn period_text(p: &PeriodCheck, lang: Lang) -> String {
    let unit = match p.unit {
        PeriodUnit::WorkingDays => lang.pick("工作日", "working days"),
        PeriodUnit::Days => lang.pick("日（自然日）", "calendar days"),
    };
    let mut s = lang.pick(
        format!(
            "{}“{}”：自 {}（{}，当日不计入）起 {} 个{}；",
            period_name(p.kind, lang),
            p.phrase,
            p.period.start,
            p.from_field,
            p.count,
            unit
        ),
        format!(
            "{} \"{}\": {} {} from {} ({}, not counted); ",
            period_name(p.kind, lang),
            p.phrase,
            p.count,
            unit,
            p.period.start,
            p.from_field
        ),
    );
    s.push_str(&walk(&p.period, p.unit, lang));
    if p.period.extended {
        s.push_str(&lang.pick(
            format!(
                "；{} 为法定休假日，顺延（民法典第二百零三条）",
                p.period.nominal_end
            ),
            format!(
                "; {} is a rest day, so the period is extended (民法典 第二百零三条)",
                p.period.nominal_end
            ),
        ));
    }
    s.push_str(&lang.pick(
        format!("；最后一日 {}", p.period.end),
        format!("; last day {}", p.period.end),
    ));
    match (p.done, p.timely) {
        (Some(done), Some(true)) => s.push_str(&lang.pick(
            format!("；{} 为 {}，在期限内", p.to_field, done),
            format!("; {} is {}: in time", p.to_field, done),
        )),
        (Some(done), Some(false)) => s.push_str(&lang.pick(
            format!("；{} 为 {}，已逾期", p.to_field, done),
            format!("; {} is {}: late", p.to_field, done),
        )),
        _ => s.push_str(&lang.pick(
            format!("；未给出 {}，无法判断", p.to_field),
            format!("; {} not given, cannot be judged", p.to_field),
        )),
    }
    s
}

/// A determination as text.
pub fn determination_text(engine: &Engine, d: &Determination, lang: Lang) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} {}  [{}]", lang.pick("案件", "Case"), d.id, d.path);
    let _ = writeln!(
        s,
        "{}{}",
        lang.pick("结论：", "Disposition: "),
        d.disposition.label(lang)
    );
    if !d.decisive.is_empty() {
        let list: Vec<String> = d.decisive.iter().map(|c| cite(c)).collect();
        let _ = writeln!(
            s,
            "  {}{}",
            lang.pick("依据：", "resting on: "),
            list.join(lang.pick("、", ", "))
        );
    }
    for line in headline_notes(d, lang) {
        let _ = writeln!(s, "  {line}");
    }
    if !d.entailed.is_empty() {
        let _ = writeln!(
            s,
            "{}",
            lang.pick(
                "由事实之间的互斥关系推出的事实：",
                "Facts entailed by exclusions between facts:"
            )
        );
        for (fact, value, exclusion, from) in &d.entailed {
            let _ = writeln!(
                s,
                "  {} = {} ← {} = {}{}{}",
                fact.name(),
                value,
                from.name(),
                !value_of_from(exclusion, *from),
                lang.pick("：", ": "),
                lang.pick(exclusion.zh, exclusion.en)
            );
        }
    }
    if !d.grounds.is_empty() {
        let _ = writeln!(s, "{}", lang.pick("成立的情形：", "Grounds satisfied:"));
        for g in &d.grounds {
            let _ = writeln!(s, "  {}{}", head(engine, g, lang), quote(engine, g));
        }
    }
    if !d.open_grounds.is_empty() {
        let _ = writeln!(
            s,
            "{}",
            lang.pick(
                "尚可能成立的情形（取决于未知事实）：",
                "Grounds still open (they turn on unknown facts):"
            )
        );
        for g in &d.open_grounds {
            let _ = writeln!(s, "  {}{}", head(engine, g, lang), quote(engine, g));
        }
    }
    if !d.open_facts.is_empty() {
        let _ = writeln!(
            s,
            "{}",
            lang.pick("需要查明的未知事实：", "Unknown facts to establish:")
        );
        for f in &d.open_facts {
            let def = f.def();
            let _ = writeln!(s, "  {} — {}", def.name, lang.pick(def.zh, def.en));
        }
    }
    if !d.findings.is_empty() || !d.periods.is_empty() {
        let _ = writeln!(
            s,
            "{}",
            lang.pick("程序与附随事项：", "Procedure and side duties:")
        );
        // The period computations sit with the other findings of 第十一条.
        let mut periods_shown = false;
        let show_periods = |s: &mut String| {
            for p in &d.periods {
                let _ = writeln!(
                    s,
                    "  {}{}{}",
                    cite("11"),
                    lang.pick("：", ": "),
                    period_text(p, lang)
                );
            }
        };
        for f in &d.findings {
            if !periods_shown && clause_key(f.clause) > clause_key("11") {
                show_periods(&mut s);
                periods_shown = true;
            }
            let _ = writeln!(s, "  {}", describe_finding(f, lang));
        }
        if !periods_shown {
            show_periods(&mut s);
        }
    }
    if !d.interpretations.is_empty() {
        let _ = writeln!(
            s,
            "{}",
            lang.pick("所依据的解释：", "Interpretations relied on:")
        );
        for name in &d.interpretations {
            if let Some(i) = interpret::find(name) {
                let _ = writeln!(s, "  [{}] {}", i.name, lang.pick(i.zh, i.en));
            }
        }
    }
    s
}

/// The value of `from` that forces the other fact of `exclusion`: the excluded value's
/// opposite is what is *forced*; `from` holds its excluded value.
fn value_of_from(exclusion: &crate::law::facts::Exclusion, from: crate::law::facts::Fact) -> bool {
    if exclusion.first.0 == from {
        !exclusion.first.1
    } else {
        !exclusion.second.1
    }
}

/// What the headline must add to the disposition: whether it is settled, what the facts
/// establish and what is missing, and the readings it turns on.
pub fn headline_notes(d: &Determination, lang: Lang) -> Vec<String> {
    use crate::law::facts::Fact;
    let mut out = Vec::new();
    out.push(
        if d.settled {
            lang.pick(
                "结论已确定：任何尚未查明的事实都不能改变它。",
                "Settled: no fact not yet established can change it.",
            )
        } else {
            lang.pick(
                "结论尚未确定：下列尚未查明的事实可能改变它。",
                "Not settled: facts not yet established could change it (listed below).",
            )
        }
        .to_string(),
    );
    match d.disposition {
        Verdict::NoFault => out.push(
            lang.pick(
                "已查明不存在未履行、不当履行、违法履行法定职责的情形，第八、九、十条均不适用；第十二条的前提不成立，不予追究。",
                "Not performing, or performing improperly or unlawfully, is found absent, and no ground of 第八、九、十条 holds: 第十二条's premise fails and nothing is pursued.",
            )
            .to_string(),
        ),
        Verdict::Undetermined => {
            // What is established, and what is still missing, truly.
            let mut known = Vec::new();
            if d.open_facts.contains(&Fact::EnforcementFault) {
                known.push(
                    lang.pick(
                        "是否存在执法过错尚未查明",
                        "whether there was an enforcement fault is not established",
                    )
                    .to_string(),
                );
            }
            if d.grounds.is_empty() {
                known.push(
                    lang.pick("尚无第八、九、十条的情形成立", "no ground of 第八、九、十条 is established")
                        .to_string(),
                );
            } else {
                let list: Vec<String> = d.grounds.iter().map(|c| cite(c)).collect();
                known.push(lang.pick(
                    format!("已成立：{}，但其效果取决于尚未查明的事实", list.join("、")),
                    format!(
                        "established: {}, but its effect turns on facts not yet established",
                        list.join(", ")
                    ),
                ));
            }
            if !d.open_grounds.is_empty() {
                let n = d.open_grounds.len();
                known.push(lang.pick(
                    format!("{n} 项情形仍可能成立（见下）"),
                    format!("{n} grounds could still hold (below)"),
                ));
            }
            out.push(known.join(lang.pick("；", "; ")) + lang.pick("。", "."));
        }
        _ => {}
    }
    for r in &d.deciding_readings {
        out.push(lang.pick(
            format!(
                "结论取决于解释开关 {}={}；若取 {}，结论为“{}”。",
                r.switch,
                r.value,
                r.other,
                r.other_disposition.label(lang)
            ),
            format!(
                "The result turns on the reading {}={}; under {} it would be \"{}\".",
                r.switch,
                r.value,
                r.other,
                r.other_disposition.label(lang)
            ),
        ));
    }
    out
}

/// Every reading rongcuo takes: first the open ones (switches), each option with the clauses
/// it reads and the default marked, then the fixed ones.
pub fn readings_text(lang: Lang) -> String {
    // "[name] clauses: …" and the reading itself on the next line.
    let entry = |x: &interpret::Interpretation| {
        let list: Vec<String> = x.clauses.iter().map(|c| cite(c)).collect();
        format!(
            "[{}] {}{}\n      {}",
            x.name,
            lang.pick("依据：", "clauses: "),
            list.join(lang.pick("、", ", ")),
            lang.pick(x.zh, x.en)
        )
    };
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{}",
        lang.pick(
            "可选择的解释（--reading 名称=取值，或案件文件的 readings）：",
            "Open readings (set with --reading NAME=VALUE, or a case file's readings):"
        )
    );
    let mut in_switches: Vec<&str> = Vec::new();
    for sw in interpret::SWITCHES {
        let _ = writeln!(s, "{}", sw.name);
        for (i, (value, name)) in sw.options.iter().enumerate() {
            in_switches.push(name);
            let def = if i == 0 {
                lang.pick("（默认）", " (default)")
            } else {
                ""
            };
            if let Some(x) = interpret::find(name) {
                let _ = writeln!(s, "  {}={value}{def}  {}", sw.name, entry(x));
            }
        }
    }
    let _ = writeln!(
        s,
        "\n{}",
        lang.pick(
            "固定的解释（不可切换）：",
            "Fixed readings (not switchable):"
        )
    );
    for x in interpret::INTERPRETATIONS
        .iter()
        .filter(|x| !in_switches.contains(&x.name))
    {
        let _ = writeln!(s, "  {}", entry(x));
    }
    s
}

/// A determination as a JSON value (see the README for the fields).
pub fn determination_json(d: &Determination) -> Value {
    serde_json::to_value(DeterminationOut::new(d, None)).unwrap_or(Value::Null)
}

/// A determination as one line of compact JSON, with the input line it came from (batch): the
/// same fields as `determination_json`, then `line`, written without building a `Value`.
pub fn determination_line(d: &Determination, line: usize) -> String {
    // Written by hand, byte for byte what serde_json makes of `DeterminationOut` (a test
    // compares them): the batch path writes one per case, and the serializer spent more than
    // the determination itself.
    let mut out = String::with_capacity(2048);
    out.push_str("{\"id\":");
    push_str(&mut out, &d.id);
    out.push_str(",\"file\":");
    push_str(&mut out, &d.path);
    out.push_str(",\"disposition\":");
    push_str(&mut out, d.disposition.name());
    out.push_str(if d.settled {
        ",\"settled\":true"
    } else {
        ",\"settled\":false"
    });
    out.push_str(",\"decisive\":");
    push_list(&mut out, d.decisive.iter().copied());
    out.push_str(",\"grounds\":");
    push_list(&mut out, d.grounds.iter().copied());
    out.push_str(",\"open_grounds\":");
    push_list(&mut out, d.open_grounds.iter().copied());
    out.push_str(",\"open_facts\":");
    push_list(&mut out, d.open_facts.iter().map(|f| f.name()));
    out.push_str(",\"entailed\":[");
    for (i, e) in d.entailed.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"fact\":");
        push_str(&mut out, e.0.name());
        out.push_str(if e.1 {
            ",\"value\":true"
        } else {
            ",\"value\":false"
        });
        out.push_str(",\"exclusion\":");
        push_str(&mut out, e.2.name);
        out.push_str(",\"from\":");
        push_str(&mut out, e.3.name());
        out.push('}');
    }
    out.push_str("],\"findings\":[");
    for (i, f) in d.findings.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"finding\":");
        push_str(&mut out, f.duty.name());
        out.push_str(",\"clause\":");
        push_str(&mut out, f.clause);
        out.push_str(",\"condition\":");
        push_str(&mut out, f.condition.name());
        out.push('}');
    }
    out.push_str("],\"periods\":[");
    for (i, p) in d.periods.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"period\":");
        push_str(&mut out, period_json_name(p.kind));
        out.push_str(",\"phrase\":");
        push_str(&mut out, &p.phrase);
        out.push_str(",\"unit\":");
        push_str(&mut out, unit_json_name(p.unit));
        out.push_str(",\"count\":");
        push_uint(&mut out, u64::from(p.count));
        out.push_str(",\"from_field\":");
        push_str(&mut out, p.from_field);
        out.push_str(",\"from\":");
        push_date(&mut out, p.period.start);
        out.push_str(",\"nominal_last_day\":");
        push_date(&mut out, p.period.nominal_end);
        out.push_str(",\"last_day\":");
        push_date(&mut out, p.period.end);
        out.push_str(",\"extended\":");
        out.push_str(if p.period.extended { "true" } else { "false" });
        out.push_str(",\"done_field\":");
        push_str(&mut out, p.to_field);
        out.push_str(",\"done\":");
        match p.done {
            Some(done) => push_date(&mut out, done),
            None => out.push_str("null"),
        }
        out.push_str(",\"timely\":");
        out.push_str(match p.timely {
            Some(true) => "true",
            Some(false) => "false",
            None => "null",
        });
        out.push('}');
    }
    out.push_str("],\"deciding_readings\":[");
    for (i, r) in d.deciding_readings.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"reading\":");
        push_str(&mut out, r.switch);
        out.push_str(",\"value\":");
        push_str(&mut out, r.value);
        out.push_str(",\"other\":");
        push_str(&mut out, r.other);
        out.push_str(",\"other_disposition\":");
        push_str(&mut out, r.other_disposition.name());
        out.push('}');
    }
    out.push_str("],\"interpretations\":");
    push_list(&mut out, d.interpretations.iter().copied());
    out.push_str(",\"line\":");
    push_uint(&mut out, line as u64);
    out.push('}');
    out
}

/// Appends `s` as a JSON string, escaped as serde_json escapes it.
fn push_str(out: &mut String, s: &str) {
    out.push('"');
    // Most strings need no escape: one pass without an early exit (it vectorizes), one copy.
    let clean = s.bytes().fold(true, |clean, b| {
        clean & (b >= 0x20) & (b != b'"') & (b != b'\\')
    });
    if clean {
        out.push_str(s);
        out.push('"');
        return;
    }
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        // `i` is at an ASCII byte, so both slices fall on character boundaries.
        out.push_str(s.get(start..i).unwrap_or(""));
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            for nibble in [b >> 4, b & 0xf] {
                out.push(char::from(
                    HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'),
                ));
            }
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or(""));
    out.push('"');
}

/// Appends a JSON array of strings.
fn push_list<'a>(out: &mut String, items: impl Iterator<Item = &'a str>) {
    out.push('[');
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_str(out, item);
    }
    out.push(']');
}

/// Appends a number in decimal.
fn push_uint(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    for slot in digits.iter_mut().rev() {
        *slot = b'0' + (n % 10) as u8;
        n /= 10;
        len += 1;
        if n == 0 {
            break;
        }
    }
    let from = digits.len() - len;
    out.push_str(
        digits
            .get(from..)
            .and_then(|d| std::str::from_utf8(d).ok())
            .unwrap_or("0"),
    );
}

/// Appends a date as a JSON string, `"YYYY-MM-DD"` as `Date` displays it.
fn push_date(out: &mut String, d: crate::law::calendar::Date) {
    out.push('"');
    match u64::try_from(d.year()) {
        Ok(year) if year <= 9999 => {
            for (n, width) in [
                (year, 4),
                (u64::from(d.month()), 2),
                (u64::from(d.day()), 2),
            ] {
                if width == 2 {
                    out.push('-');
                }
                let mut place = if width == 4 { 1000 } else { 10 };
                while place > 0 {
                    out.push(char::from(b'0' + ((n / place) % 10) as u8));
                    place /= 10;
                }
            }
        }
        _ => {
            let _ = write!(out, "{d}");
        }
    }
    out.push('"');
}

fn period_json_name(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Application => "application",
        PeriodKind::Notification => "notification",
    }
}

fn unit_json_name(unit: PeriodUnit) -> &'static str {
    match unit {
        PeriodUnit::WorkingDays => "working_days",
        PeriodUnit::Days => "calendar_days",
    }
}

/// The JSON shape of a determination (field order is the output's).
#[derive(serde::Serialize)]
pub struct DeterminationOut<'a> {
    id: &'a str,
    file: &'a str,
    disposition: &'static str,
    settled: bool,
    decisive: &'a [&'static str],
    grounds: &'a [&'static str],
    open_grounds: &'a [&'static str],
    open_facts: Vec<&'static str>,
    entailed: Vec<EntailedJson>,
    findings: Vec<FindingJson>,
    periods: Vec<PeriodJson<'a>>,
    deciding_readings: Vec<ReadingJson>,
    interpretations: &'a [&'static str],
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
}

/// A fact the case entails through an exclusion, in JSON.
#[derive(serde::Serialize)]
pub(crate) struct EntailedJson {
    fact: &'static str,
    value: bool,
    exclusion: &'static str,
    from: &'static str,
}

/// A reading that decides the case, in JSON.
#[derive(serde::Serialize)]
pub(crate) struct ReadingJson {
    reading: &'static str,
    value: &'static str,
    other: &'static str,
    other_disposition: &'static str,
}

/// A finding in JSON: the duty, its clause, and when it applies.
#[derive(serde::Serialize)]
pub(crate) struct FindingJson {
    finding: &'static str,
    clause: &'static str,
    condition: &'static str,
}

#[derive(serde::Serialize)]
struct PeriodJson<'a> {
    period: &'static str,
    phrase: &'a str,
    unit: &'static str,
    count: u32,
    from_field: &'static str,
    from: String,
    nominal_last_day: String,
    last_day: String,
    extended: bool,
    done_field: &'static str,
    done: Option<String>,
    timely: Option<bool>,
}

impl From<&FindingOut> for FindingJson {
    fn from(f: &FindingOut) -> FindingJson {
        FindingJson {
            finding: f.duty.name(),
            clause: f.clause,
            condition: f.condition.name(),
        }
    }
}

impl<'a> DeterminationOut<'a> {
    pub fn new(d: &'a Determination, line: Option<usize>) -> DeterminationOut<'a> {
        DeterminationOut {
            id: &d.id,
            file: &d.path,
            disposition: d.disposition.name(),
            settled: d.settled,
            decisive: &d.decisive,
            grounds: &d.grounds,
            open_grounds: &d.open_grounds,
            open_facts: d.open_facts.iter().map(|f| f.name()).collect(),
            entailed: d
                .entailed
                .iter()
                .map(|e| EntailedJson {
                    fact: e.0.name(),
                    value: e.1,
                    exclusion: e.2.name,
                    from: e.3.name(),
                })
                .collect(),
            findings: d.findings.iter().map(FindingJson::from).collect(),
            periods: d
                .periods
                .iter()
                .map(|p| PeriodJson {
                    period: period_json_name(p.kind),
                    phrase: &p.phrase,
                    unit: unit_json_name(p.unit),
                    count: p.count,
                    from_field: p.from_field,
                    from: p.period.start.to_string(),
                    nominal_last_day: p.period.nominal_end.to_string(),
                    last_day: p.period.end.to_string(),
                    extended: p.period.extended,
                    done_field: p.to_field,
                    done: p.done.map(|d| d.to_string()),
                    timely: p.timely,
                })
                .collect(),
            deciding_readings: d
                .deciding_readings
                .iter()
                .map(|r| ReadingJson {
                    reading: r.switch,
                    value: r.value,
                    other: r.other,
                    other_disposition: r.other_disposition.name(),
                })
                .collect(),
            interpretations: &d.interpretations,
            line,
        }
    }
}

/// An input error as a JSON value.
pub fn error_json(e: &Error, lang: Lang) -> Value {
    match e {
        Error::Case(c) => json!({
            "file": c.path,
            "error": {
                "field": c.place.field,
                "line": c.place.line,
                "column": c.place.column,
                "message": c.problem.message(lang),
            }
        }),
        other => json!({ "error": { "message": other.message(lang) } }),
    }
}

/// Notes about the loaded text, as text lines.
pub fn notes_text(engine: &Engine, lang: Lang) -> Vec<String> {
    engine
        .notes
        .iter()
        .map(|n| match n {
            PolicyNote::ClauseWithoutRule { clause } => lang.pick(
                format!(
                    "{}：{} 没有对应的规则，不产生任何结论",
                    engine.policy.source,
                    cite(clause)
                ),
                format!(
                    "{}: {} has no rule and decides nothing",
                    engine.policy.source,
                    cite(clause)
                ),
            ),
            PolicyNote::RuleWithoutClause { clause } => lang.pick(
                format!(
                    "{}：参照文本的{}在本文本中已删除，其规则不会适用",
                    engine.policy.source,
                    cite(clause)
                ),
                format!(
                    "{}: {} of the reference text is deleted in this text; its rules never fire",
                    engine.policy.source,
                    cite(clause)
                ),
            ),
            PolicyNote::AddedClause { clause } => lang.pick(
                format!(
                    "{}：{} 是新增条款，没有对应的规则；案件可以援引该项（附理由），按所在条的效果认定",
                    engine.policy.source,
                    cite(clause)
                ),
                format!(
                    "{}: {} is added and has no rule; a case may assert it (with a justification), with its article's effect",
                    engine.policy.source,
                    cite(clause)
                ),
            ),
            PolicyNote::UncertainBinding {
                clause,
                bound_to,
                candidates,
            } => {
                let to: Vec<String> = candidates.iter().map(|c| cite(c)).collect();
                lang.pick(
                    format!(
                        "{}：参照文本{}的规则按相似度对应到{}，对应不确定（候选：{}），请核对",
                        engine.policy.source,
                        cite(clause),
                        cite(bound_to),
                        to.join("、")
                    ),
                    format!(
                        "{}: the rules for {} of the reference text are bound to {} by an uncertain match (candidates: {}); please confirm",
                        engine.policy.source,
                        cite(clause),
                        cite(bound_to),
                        to.join(", ")
                    ),
                )
            }
            PolicyNote::PeriodNotStated { period } => lang.pick(
                format!(
                    "{}：第十一条未写明{}，无法计算",
                    engine.policy.source,
                    period_name(*period, lang)
                ),
                format!(
                    "{}: 第十一条 states no {}; it cannot be checked",
                    engine.policy.source,
                    period_name(*period, lang)
                ),
            ),
        })
        .collect()
}

/// Notes about the loaded text, as JSON.
pub fn notes_json(engine: &Engine) -> Value {
    Value::Array(
        engine
            .notes
            .iter()
            .map(|n| match n {
                PolicyNote::ClauseWithoutRule { clause } => {
                    json!({"note": "clause_without_rule", "clause": clause})
                }
                PolicyNote::RuleWithoutClause { clause } => {
                    json!({"note": "rule_without_clause", "clause": clause})
                }
                PolicyNote::UncertainBinding {
                    clause,
                    bound_to,
                    candidates,
                } => json!({
                    "note": "uncertain_binding", "clause": clause, "bound_to": bound_to,
                    "candidates": candidates,
                }),
                PolicyNote::AddedClause { clause } => {
                    json!({"note": "added_clause", "clause": clause})
                }
                PolicyNote::PeriodNotStated { period } => {
                    json!({"note": "period_not_stated", "period": match period {
                        PeriodKind::Application => "application",
                        PeriodKind::Notification => "notification",
                    }})
                }
            })
            .collect(),
    )
}

/// The fact vocabulary as text: name, source, the clauses whose rules use it, label.
pub fn facts_text(lang: Lang) -> String {
    let p = program();
    let mut s = String::new();
    for d in VOCABULARY {
        let clauses: Vec<String> = p.clauses_of(d.fact).iter().map(|c| cite(c)).collect();
        let source = match d.source {
            Source::Case => "",
            Source::Computed => lang.pick("  [由日期计算]", "  [computed from dates]"),
        };
        let _ = writeln!(
            s,
            "{}{}\n    {}\n    {}{}",
            d.name,
            source,
            lang.pick(d.zh, d.en),
            lang.pick("用于：", "used by: "),
            clauses.join(lang.pick("、", ", "))
        );
    }
    s
}

/// The fact vocabulary as JSON.
pub fn facts_json() -> Value {
    let p = program();
    Value::Array(
        VOCABULARY
            .iter()
            .map(|d| {
                json!({
                    "name": d.name,
                    "source": match d.source { Source::Case => "case", Source::Computed => "computed" },
                    "zh": d.zh,
                    "en": d.en,
                    "clauses": p.clauses_of(d.fact),
                })
            })
            .collect(),
    )
}

/// Every clause of the loaded text with the rules bound to it: what a drafter checks after
/// touching a clause.
pub fn clauses_text(engine: &Engine, lang: Lang) -> String {
    let p = program();
    let mut s = String::new();
    let binding = &engine.binding;
    for id in engine.policy.clause_ids() {
        // The rules bound here: those of the reference clauses this clause stands for.
        let cites: Vec<(&str, u8)> = binding
            .inputs
            .bound
            .iter()
            .filter(|(_, c)| c.clause == id)
            .map(|(r, _)| (r.clause, r.alt))
            .collect();
        let rules: Vec<String> = p
            .rules
            .iter()
            .filter(|r| r.cite.is_some_and(|c| cites.contains(&c)))
            .map(|r| format!("{} (rules.rs:{})", r.id, r.line))
            .collect();
        let line = engine.policy.line_of(&id).unwrap_or(0);
        // How the clause matches the reference text, where it does not stand as it stood.
        let matched: Vec<String> = binding
            .alignment
            .reference_of(&id)
            .iter()
            .filter(|m| {
                m.place != crate::text::align::Place::Same
                    || m.wording != crate::text::align::Wording::Same
                    || m.shape != crate::text::align::Shape::One
            })
            .map(|m| {
                let mut how: Vec<&str> = Vec::new();
                match m.place {
                    crate::text::align::Place::Renumbered => {
                        how.push(lang.pick("重新编号", "renumbered"))
                    }
                    crate::text::align::Place::Moved => how.push(lang.pick("移动", "moved")),
                    crate::text::align::Place::Same => {}
                }
                if m.wording != crate::text::align::Wording::Same {
                    how.push(lang.pick("改写", "reworded"));
                }
                match m.shape {
                    crate::text::align::Shape::Split => how.push(lang.pick("拆分", "split")),
                    crate::text::align::Shape::Merged => how.push(lang.pick("合并", "merged")),
                    crate::text::align::Shape::One => {}
                }
                lang.pick(
                    format!("参照文本{}，{}", cite(&m.reference), how.join("、")),
                    format!(
                        "{} of the reference text, {}",
                        cite(&m.reference),
                        how.join(", ")
                    ),
                )
            })
            .collect();
        let matched = if matched.is_empty() {
            String::new()
        } else {
            format!(" ({})", matched.join("; "))
        };
        let declaratory = binding
            .alignment
            .reference_of(&id)
            .first()
            .map_or(id.as_str(), |m| m.reference.as_str())
            .to_string();
        let added = binding.inputs.added.iter().any(|c| c.clause == id);
        let status = if !rules.is_empty() {
            format!("{}{matched}", rules.join(", "))
        } else if added {
            lang.pick(
                "新增：没有规则，案件可以附理由援引（按所在条的效果认定）".to_string(),
                "added: no rule; a case may assert it with a justification (its article's effect)"
                    .to_string(),
            )
        } else if let Some((_, zh, en)) = crate::law::binding::DECLARATORY
            .iter()
            .find(|(d, _, _)| *d == declaratory)
        {
            lang.pick(
                format!("无规则：宣示性条款（{zh}）"),
                format!("no rule: declaratory ({en})"),
            )
        } else if engine.policy.clause(&id).is_some_and(
            |c| matches!(c, crate::text::policy::ClauseRef::Article(a) if !a.items.is_empty()),
        ) {
            lang.pick(
                "由各项的规则实施".to_string(),
                "encoded through its items".to_string(),
            )
        } else {
            lang.pick(
                "无规则：不产生任何结论".to_string(),
                "NO RULE: decides nothing".to_string(),
            )
        };
        let _ = writeln!(
            s,
            "{} [{}:{}] {}",
            cite(&id),
            engine.policy.source,
            line,
            status
        );
    }
    // Rules whose clause is gone, or no longer carries their anchor.
    let notes = notes_text(engine, lang);
    for (n, line) in engine.notes.iter().zip(notes) {
        if matches!(
            n,
            PolicyNote::RuleWithoutClause { .. } | PolicyNote::UncertainBinding { .. }
        ) {
            let _ = writeln!(s, "{line}");
        }
    }
    s
}

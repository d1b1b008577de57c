//! Impact analysis of a revision: the text delta between two policy texts, clause by clause
//! (added, removed, renumbered, reworded, changed numbers), and for every case of a corpus each
//! change of disposition, grounds or findings, with the explanation delta: which clause now
//! fires or fails, and the condition that made the difference.

use crate::base::lang::Lang;
use crate::engine::case::Case;
use crate::engine::determine::Determination;
use crate::engine::error::Error;
use crate::engine::evaluate::Engine;
use crate::explain::explanation::{Explanation, explain, fact_premise};
use crate::explain::trace::Status;
use crate::report::render::describe_finding;
use crate::text::policy::cite;
use crate::text::policy::clause_key;
use crate::text::policy::{PolicyText, period_phrases};
use serde_json::{Value, json};
use std::fmt::Write;

/// How one clause changed between the texts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextChange {
    Added,
    Removed,
    /// The same wording now stands under another id of the same article.
    Renumbered {
        to: String,
    },
    /// The clause now stands in another article (its effect is that article's).
    Moved {
        to: String,
    },
    /// Other words, the same clause: the changed characters (`突发〔+公共〕事件`), and where
    /// it stands if that changed too.
    Reworded {
        to: Option<String>,
        delta: String,
    },
    /// Reworded, and the periods it states changed (e.g. "5个工作日" → "10个工作日").
    NumbersChanged {
        old: Vec<String>,
        new: Vec<String>,
    },
    /// Now several clauses.
    Split {
        into: Vec<String>,
    },
    /// Now one clause with others.
    Merged {
        into: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClauseDelta {
    pub clause: String,
    pub change: TextChange,
}

/// The clause-by-clause delta from `old` to `new`, in text order.
pub fn text_delta(old: &PolicyText, new: &PolicyText) -> Vec<ClauseDelta> {
    use crate::text::align::{Alignment, Place, Shape, Wording, delta_line};
    if old.articles == new.articles {
        return Vec::new();
    }
    let a = Alignment::of(old, new);
    let mut out: Vec<ClauseDelta> = Vec::new();
    let periods =
        |t: &str| -> Vec<String> { period_phrases(t).into_iter().map(|p| p.phrase).collect() };
    for pair in &a.pairs {
        let (before, after) = (
            old.text_of(&pair.reference).unwrap_or(""),
            new.text_of(&pair.loaded).unwrap_or(""),
        );
        let moved_to = (pair.place != Place::Same).then(|| pair.loaded.clone());
        let change = match (pair.shape, pair.wording, pair.place) {
            (Shape::Split, ..) => {
                if out.iter().any(|d| d.clause == pair.reference) {
                    continue;
                }
                let into = a
                    .loaded_of(&pair.reference)
                    .iter()
                    .map(|p| p.loaded.clone())
                    .collect();
                TextChange::Split { into }
            }
            (Shape::Merged, ..) => TextChange::Merged {
                into: pair.loaded.clone(),
            },
            (_, Wording::Same, Place::Same) => continue,
            (_, Wording::Same, Place::Renumbered) => TextChange::Renumbered {
                to: pair.loaded.clone(),
            },
            (_, Wording::Same, Place::Moved) => TextChange::Moved {
                to: pair.loaded.clone(),
            },
            (_, Wording::Reworded(_), _) if periods(before) != periods(after) => {
                TextChange::NumbersChanged {
                    old: periods(before),
                    new: periods(after),
                }
            }
            (_, Wording::Reworded(_), _) => TextChange::Reworded {
                to: moved_to,
                delta: delta_line(before, after),
            },
        };
        out.push(ClauseDelta {
            clause: pair.reference.clone(),
            change,
        });
    }
    for id in &a.deleted {
        out.push(ClauseDelta {
            clause: id.clone(),
            change: TextChange::Removed,
        });
    }
    for id in &a.added {
        out.push(ClauseDelta {
            clause: id.clone(),
            change: TextChange::Added,
        });
    }
    out.sort_by_key(|d| clause_key(&d.clause));
    out
}

/// One case whose result differs between the texts.
#[derive(Clone, Debug)]
pub struct CaseDelta {
    pub id: String,
    pub file: String,
    pub old: Determination,
    pub new: Determination,
    /// Why, one line per changed ground, finding or period.
    pub reasons: Vec<String>,
}

/// The whole impact report.
#[derive(Clone, Debug)]
pub struct Report {
    /// The readings set away from their defaults on each side (`name=value`).
    pub readings: (Vec<String>, Vec<String>),
    pub text: Vec<ClauseDelta>,
    pub changed: Vec<CaseDelta>,
    pub cases: usize,
    /// Cases that could not be evaluated under one of the texts: (file, message).
    pub errors: Vec<(String, String)>,
}

/// Why a ground holds in one explanation and not in the other.
fn why_lost(ex: &Explanation, clause: &str, lang: Lang) -> String {
    let Some(w) = ex.why_not.iter().find(|w| w.clause == clause) else {
        return String::new();
    };
    let mut parts: Vec<String> = Vec::new();
    for a in w.attempts.iter() {
        for (_, s) in a.failures() {
            let reason = match s {
                Status::Missing { sought, .. } => match (sought.relation, fact_premise(sought)) {
                    ("Bound", _) => lang.pick(
                        "条款已不在文本中或已改写".to_string(),
                        "the clause is gone or reworded".to_string(),
                    ),
                    (_, Some((_, f, needed))) => match ex.value(f) {
                        None => lang.pick(
                            format!("{} 未知", f.name()),
                            format!("{} unknown", f.name()),
                        ),
                        Some(_) => lang.pick(
                            format!("{} 不为{}", f.name(), if needed { "真" } else { "假" }),
                            format!("{} is not {needed}", f.name()),
                        ),
                    },
                    (rel, _) => lang.pick(format!("缺少 {rel}"), format!("no {rel}")),
                },
                Status::Blocked(_) => lang.pick("被排除".into(), "excluded".into()),
                _ => continue,
            };
            if !parts.contains(&reason) {
                parts.push(reason);
            }
        }
    }
    parts.join(lang.pick("；", "; "))
}

/// Where a ground of one text stands in the other: through the reference clause it is.
fn counterpart(from: &Engine, to: &Engine, id: &str) -> Option<&'static str> {
    match from.binding.alignment.reference_of(id).first() {
        Some(p) => to.loaded_id(&p.reference),
        // An added clause is only ever itself.
        None => to
            .binding
            .inputs
            .added
            .iter()
            .map(|c| c.clause)
            .find(|c| *c == id),
    }
}

fn reasons(
    engines: (&Engine, &Engine),
    old: &Explanation,
    new: &Explanation,
    lang: Lang,
) -> Vec<String> {
    let (o, n) = (&old.determination, &new.determination);
    let gone = || {
        lang.pick(
            "该条款已从文本中删除".to_string(),
            "the clause is gone from the text".to_string(),
        )
    };
    let mut out = Vec::new();
    if o.disposition != n.disposition {
        out.push(lang.pick(
            format!("结论：{} → {}", o.disposition.name(), n.disposition.name()),
            format!(
                "disposition: {} → {}",
                o.disposition.name(),
                n.disposition.name()
            ),
        ));
    }
    for g in &o.grounds {
        let now = counterpart(engines.0, engines.1, g);
        if now.is_some_and(|c| n.grounds.contains(&c)) {
            continue;
        }
        let why = now.map_or_else(gone, |c| why_lost(new, c, lang));
        out.push(lang.pick(
            format!("{}不再成立：{why}", cite(g)),
            format!("{} no longer holds: {why}", cite(g)),
        ));
    }
    for g in &n.grounds {
        let before = counterpart(engines.1, engines.0, g);
        if before.is_some_and(|c| o.grounds.contains(&c)) {
            continue;
        }
        let why = before.map_or_else(
            || {
                lang.pick(
                    "此前文本中没有该条款".to_string(),
                    "the clause was not in the text".to_string(),
                )
            },
            |c| why_lost(old, c, lang),
        );
        out.push(lang.pick(
            format!("{}现在成立（此前：{why}）", cite(g)),
            format!("{} now holds (before: {why})", cite(g)),
        ));
    }
    for (from, to, zh, en) in [
        (o, n, "不再有", "finding gone"),
        (n, o, "新增", "new finding"),
    ] {
        for f in from.findings.iter().filter(|f| !to.findings.contains(f)) {
            let what = describe_finding(f, lang);
            out.push(lang.pick(format!("{zh}：{what}"), format!("{en}: {what}")));
        }
    }
    for (po, pn) in o.periods.iter().zip(&n.periods) {
        if po.phrase != pn.phrase || po.period.end != pn.period.end {
            out.push(lang.pick(
                format!(
                    "期限“{}”最后一日 {} → “{}”最后一日 {}",
                    po.phrase, po.period.end, pn.phrase, pn.period.end
                ),
                format!(
                    "period \"{}\" last day {} → \"{}\" last day {}",
                    po.phrase, po.period.end, pn.phrase, pn.period.end
                ),
            ));
        }
    }
    out
}

/// Compares two engines (two texts) over the cases.
/// The reference clauses that loaded clause ids stand for (an added clause as itself, marked),
/// sorted: what a ground or finding *is*, whatever its number in one text.
fn identities(engine: &Engine, ids: &[&'static str]) -> Vec<String> {
    let alignment = &engine.binding.alignment;
    let mut out: Vec<String> = ids
        .iter()
        .map(|id| {
            alignment
                .reference_of(id)
                .first()
                .map_or_else(|| format!("+{id}"), |p| p.reference.clone())
        })
        .collect();
    out.sort();
    out
}

pub fn compare(old: &Engine, new: &Engine, cases: &[Case], lang: Lang) -> Report {
    let mut changed = Vec::new();
    let mut errors = Vec::new();
    for case in cases {
        match (explain(old, case), explain(new, case)) {
            (Ok(a), Ok(b)) => {
                let (o, n) = (&a.determination, &b.determination);
                // Grounds and findings by identity: the reference clause each stands for, so
                // that a renumbering alone changes nothing.
                if o.disposition != n.disposition
                    || identities(old, &o.grounds) != identities(new, &n.grounds)
                    || identities(
                        old,
                        &o.findings.iter().map(|f| f.clause).collect::<Vec<_>>(),
                    ) != identities(
                        new,
                        &n.findings.iter().map(|f| f.clause).collect::<Vec<_>>(),
                    )
                    || o.findings
                        .iter()
                        .map(|f| (f.duty, f.condition))
                        .collect::<Vec<_>>()
                        != n.findings
                            .iter()
                            .map(|f| (f.duty, f.condition))
                            .collect::<Vec<_>>()
                    || o.periods
                        .iter()
                        .zip(&n.periods)
                        .any(|(x, y)| x.period.end != y.period.end)
                {
                    changed.push(CaseDelta {
                        id: case.id.clone(),
                        file: case.path.clone(),
                        reasons: reasons((old, new), &a, &b, lang),
                        old: a.determination,
                        new: b.determination,
                    });
                }
            }
            (Err(e), _) | (_, Err(e)) => {
                errors.push((case.path.clone(), Error::Case(e).message(lang)))
            }
        }
    }
    Report {
        readings: (old.readings.non_default(), new.readings.non_default()),
        text: text_delta(&old.policy, &new.policy),
        changed,
        cases: cases.len(),
        errors,
    }
}

fn change_text(c: &TextChange, lang: Lang) -> String {
    match c {
        TextChange::Added => lang.pick("新增", "added").to_string(),
        TextChange::Removed => lang.pick("删除", "removed").to_string(),
        TextChange::Renumbered { to } => lang.pick(
            format!("重新编号为{}", cite(to)),
            format!("renumbered as {}", cite(to)),
        ),
        TextChange::Moved { to } => lang.pick(
            format!("移至{}", cite(to)),
            format!("moved to {}", cite(to)),
        ),
        TextChange::Reworded { to, delta } => {
            let place = to.as_ref().map_or_else(String::new, |t| {
                lang.pick(
                    format!("（现为{}）", cite(t)),
                    format!(" (now {})", cite(t)),
                )
            });
            lang.pick(
                format!("改写{place}：{delta}"),
                format!("reworded{place}: {delta}"),
            )
        }
        TextChange::Split { into } => {
            let parts: Vec<String> = into.iter().map(|c| cite(c)).collect();
            lang.pick(
                format!("拆分为{}", parts.join("、")),
                format!("split into {}", parts.join(", ")),
            )
        }
        TextChange::Merged { into } => lang.pick(
            format!("并入{}", cite(into)),
            format!("merged into {}", cite(into)),
        ),
        TextChange::NumbersChanged { old, new } => lang.pick(
            format!("期限改变：{} → {}", old.join("、"), new.join("、")),
            format!("periods changed: {} → {}", old.join(", "), new.join(", ")),
        ),
    }
}

/// The report as text.
pub fn report_text(r: &Report, lang: Lang) -> String {
    let mut s = String::new();
    if r.readings.0 != r.readings.1 {
        let side = |v: &Vec<String>| {
            if v.is_empty() {
                lang.pick("默认", "defaults").to_string()
            } else {
                v.join(", ")
            }
        };
        let _ = writeln!(
            s,
            "{}",
            lang.pick(
                format!(
                    "== 解释设置：{} → {} ==",
                    side(&r.readings.0),
                    side(&r.readings.1)
                ),
                format!(
                    "== Readings: {} → {} ==",
                    side(&r.readings.0),
                    side(&r.readings.1)
                ),
            )
        );
    }
    let _ = writeln!(s, "{}", lang.pick("== 文本变化 ==", "== Text changes =="));
    for d in &r.text {
        let _ = writeln!(s, "  {}：{}", cite(&d.clause), change_text(&d.change, lang));
    }
    let _ = writeln!(
        s,
        "{}",
        lang.pick("== 结果变化的案件 ==", "== Cases whose result changes ==")
    );
    for c in &r.changed {
        let _ = writeln!(s, "  {} [{}]", c.id, c.file);
        for reason in &c.reasons {
            let _ = writeln!(s, "    {reason}");
        }
    }
    for (file, e) in &r.errors {
        let _ = writeln!(s, "  {}：{e}", file);
    }
    let _ = writeln!(
        s,
        "{}",
        lang.pick(
            format!(
                "{} 处条款变化；{} 个案件中 {} 个结果变化，{} 个无法评估",
                r.text.len(),
                r.cases,
                r.changed.len(),
                r.errors.len()
            ),
            format!(
                "{} clauses changed; {} of {} cases change, {} could not be evaluated",
                r.text.len(),
                r.changed.len(),
                r.cases,
                r.errors.len()
            ),
        )
    );
    s
}

/// The report as JSON.
pub fn report_json(r: &Report, lang: Lang) -> Value {
    json!({
        "format_version": crate::report::render::FORMAT_VERSION,
        "readings": { "old": r.readings.0, "new": r.readings.1 },
        "text": r.text.iter().map(|d| json!({
            "clause": d.clause,
            "citation": cite(&d.clause),
            "change": match &d.change {
                TextChange::Added => "added",
                TextChange::Removed => "removed",
                TextChange::Renumbered { .. } => "renumbered",
                TextChange::Moved { .. } => "moved",
                TextChange::Reworded { .. } => "reworded",
                TextChange::Split { .. } => "split",
                TextChange::Merged { .. } => "merged",
                TextChange::NumbersChanged { .. } => "numbers_changed",
            },
            "detail": change_text(&d.change, lang),
        })).collect::<Vec<_>>(),
        "cases": r.changed.iter().map(|c| json!({
            "id": c.id,
            "file": c.file,
            "old": { "disposition": c.old.disposition.name(), "grounds": c.old.grounds },
            "new": { "disposition": c.new.disposition.name(), "grounds": c.new.grounds },
            "reasons": c.reasons,
        })).collect::<Vec<_>>(),
        "errors": r.errors.iter().map(|(f, e)| json!({ "file": f, "message": e })).collect::<Vec<_>>(),
        "summary": { "clauses_changed": r.text.len(), "cases": r.cases, "cases_changed": r.changed.len(), "errors": r.errors.len() },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::policy::BUNDLED_TEXT;

    #[test]
    fn the_text_delta_names_removed_renumbered_and_changed_periods() {
        let old = PolicyText::bundled();
        let text = BUNDLED_TEXT
            .replacen("5个工作日", "10个工作日", 1)
            .replacen("（十）其他可以容错免责的情形。", "", 1)
            .replacen("（九）执法过程中", "（十）执法过程中", 1);
        let new = PolicyText::parse("new.txt", text.as_bytes()).unwrap();
        let d = text_delta(&old, &new);
        let find = |c: &str| d.iter().find(|x| x.clause == c).map(|x| x.change.clone());
        assert_eq!(
            find("9.9"),
            Some(TextChange::Renumbered { to: "9.10".into() })
        );
        assert_eq!(
            find("11"),
            Some(TextChange::NumbersChanged {
                old: vec!["5个工作日".into(), "7日".into()],
                new: vec!["10个工作日".into(), "7日".into()]
            })
        );
        assert_eq!(find("9.10"), Some(TextChange::Removed));
        let reworded = BUNDLED_TEXT.replacen("审慎审核义务", "认真核对义务", 1);
        let new = PolicyText::parse("new.txt", reworded.as_bytes()).unwrap();
        assert_eq!(
            text_delta(&old, &new),
            [ClauseDelta {
                clause: "9.7".into(),
                change: TextChange::Reworded {
                    to: None,
                    delta: "确已尽到〔-审慎审核〕〔+认真核对〕义务，但因其他部门移交的证据、认定意见等或法定机构出具的检验、检测、鉴定报告等出现错误，导致作出错误的行政执法决定；".into()
                }
            }]
        );
    }
}

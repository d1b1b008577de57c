//! Binding of rules to the wording: every clause a rule encodes carries an anchor phrase from
//! that clause (`// anchor:` in `rules.rs`). A rule is bound while its clause still contains
//! the phrase; the engine fires only bound rules. When a drafter renumbers or rewords, this
//! module says where the phrase went ("rule for 9.5 matches 第九条第四项 now: renumbered?") or
//! that it is gone, so no rule silently binds to the wrong item.

use crate::base::intern::intern;
use crate::law::program::program;
use crate::law::rules::{Cite, at};
use crate::text::align::{Alignment, Pair, Wording, containment};
use crate::text::policy::PolicyText;
use crate::text::policy::clause_key;

/// Where a clause's anchor stands in the loaded text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// The clause is in the text and contains its anchor.
    Bound,
    /// The anchor now sits in other clauses (same article first): renumbered?
    Moved { to: Vec<String> },
    /// The clause is in the text but its anchor is nowhere: reworded.
    Reworded,
    /// Neither the clause nor its anchor is in the text: deleted.
    Absent,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    pub clause: &'static str,
    pub anchor: &'static str,
    pub status: Status,
    /// The rules bound to the clause (names as in explanations, e.g. `Ground 9.5#2`).
    pub rules: Vec<String>,
}

/// The binding of every clause that has rules, in text order.
pub fn bindings(policy: &PolicyText) -> Vec<Binding> {
    let p = program();
    let mut out = Vec::new();
    for clause in p.clauses() {
        let anchor = p.anchor(clause).unwrap_or("");
        let rules = p
            .rules
            .iter()
            .filter(|r| r.cite.is_some_and(|(c, _)| c == clause))
            .map(|r| r.id.clone())
            .collect();
        let contains = |id: &str| policy.text_of(id).is_some_and(|t| t.contains(anchor));
        let status = if anchor.is_empty() {
            // A rule without an anchor is bound by its clause id alone (a test forbids this).
            if policy.clause(clause).is_some() {
                Status::Bound
            } else {
                Status::Absent
            }
        } else if contains(clause) {
            Status::Bound
        } else {
            // Look in the same article first: the usual cause is renumbered items.
            let article = clause.split('.').next().unwrap_or(clause);
            let ids = policy.clause_ids();
            let same: Vec<String> = ids
                .iter()
                .filter(|id| id.split('.').next() == Some(article) && *id != clause)
                .filter(|id| contains(id))
                .cloned()
                .collect();
            let to = if same.is_empty() {
                ids.iter().filter(|id| contains(id)).cloned().collect()
            } else {
                same
            };
            match (to.is_empty(), policy.clause(clause).is_some()) {
                (false, _) => Status::Moved { to },
                (true, true) => Status::Reworded,
                (true, false) => Status::Absent,
            }
        };
        out.push(Binding {
            clause,
            anchor,
            status,
            rules,
        });
    }
    out.sort_by_key(|b| clause_key(b.clause));
    out
}

/// Clauses of the loaded text that no rule is bound to, that are not articles encoded
/// through their items, and that do not stand for a declaratory article (`DECLARATORY`).
pub fn unencoded(policy: &PolicyText, binding: &TextBinding) -> Vec<String> {
    policy
        .clause_ids()
        .into_iter()
        .filter(|id| {
            let via_items = matches!(policy.clause(id), Some(crate::text::policy::ClauseRef::Article(a)) if !a.items.is_empty());
            let bound = binding.inputs.bound.iter().any(|(_, c)| c.clause == id);
            let declaratory = binding
                .alignment
                .reference_of(id)
                .iter()
                .any(|p| DECLARATORY.iter().any(|(d, _, _)| *d == p.reference));
            !bound && !via_items && !declaratory
        })
        .collect()
}

/// The binding problems of a text as lint findings: a moved or reworded anchor is an error (the
/// rule would otherwise decide on the wrong wording), a clause gone with its rules a warning,
/// and a clause no rule encodes (not known to be declaratory) a warning.
pub fn findings(policy: &PolicyText) -> Vec<crate::text::lint::Finding> {
    use crate::text::lint::{Finding, Severity};
    use crate::text::policy::cite;
    let mut out = Vec::new();
    let line_of = |c: &str| policy.line_of(c).unwrap_or(1);
    for b in bindings(policy) {
        let rules = b.rules.join(", ");
        let (code, severity, line, zh, en, fix_zh, fix_en) = match &b.status {
            Status::Bound => continue,
            Status::Moved { to } => {
                let where_zh: Vec<String> = to.iter().map(|c| cite(c)).collect();
                (
                    "rule-clause-moved",
                    Severity::Error,
                    to.first().map_or(1, |c| line_of(c)),
                    format!(
                        "{}的规则（{rules}）所依据的“{}”现在位于{}：是否重新编号？这些规则暂不适用",
                        cite(b.clause),
                        b.anchor,
                        where_zh.join("、")
                    ),
                    format!(
                        "rule for {} ({rules}) matches {} now: renumbered? Its anchor \"{}\" moved, so the rule does not fire",
                        b.clause,
                        where_zh.join(", "),
                        b.anchor
                    ),
                    format!(
                        "如为重新编号，将 rules.rs 中这些规则的 at(\"{}\", …) 改为新编号",
                        b.clause
                    ),
                    format!(
                        "if renumbered, change at(\"{}\", …) of these rules in rules.rs to the new id",
                        b.clause
                    ),
                )
            }
            Status::Reworded => (
                "rule-anchor-missing",
                Severity::Error,
                line_of(b.clause),
                format!(
                    "{}已不含其规则（{rules}）所依据的“{}”：是否改写？这些规则暂不适用",
                    cite(b.clause),
                    b.anchor
                ),
                format!(
                    "{} no longer contains \"{}\", the anchor of its rules ({rules}): reworded? They do not fire",
                    cite(b.clause),
                    b.anchor
                ),
                "核对改写后的条文，并更新 rules.rs 中该条的规则及其 anchor".to_string(),
                "check the new wording and update the clause's rules and their anchor in rules.rs"
                    .to_string(),
            ),
            Status::Absent => (
                "rule-without-clause",
                Severity::Warning,
                1,
                format!("文本中没有{}，其规则（{rules}）不会适用", cite(b.clause)),
                format!(
                    "{} is not in the text; its rules ({rules}) never fire",
                    cite(b.clause)
                ),
                "如确属删除，删去 rules.rs 中这些规则".to_string(),
                "if the deletion is intended, delete these rules from rules.rs".to_string(),
            ),
        };
        out.push(Finding {
            code,
            severity,
            clause: Some(b.clause.to_string()),
            line,
            column: 1,
            zh,
            en,
            fix_zh,
            fix_en,
        });
    }
    // The readings' data (`interpret`) name clauses of the bundled draft; a moved or missing
    // one means the reading no longer applies to it.
    let all = bindings(policy);
    let mut data: Vec<&str> = crate::law::interpret::ORDER41_MANDATORY.to_vec();
    for (a, b) in crate::law::interpret::TWINS {
        data.extend([*a, *b]);
    }
    data.sort_by_key(|c| clause_key(c));
    data.dedup();
    for id in data {
        if all
            .iter()
            .any(|b| b.clause == id && b.status != Status::Bound)
        {
            out.push(Finding {
                code: "reading-data-unbound",
                severity: Severity::Warning,
                clause: Some(id.to_string()),
                line: line_of(id),
                column: 1,
                zh: format!("解释开关 order41/overlap 的数据引用了{}，但该条款的规则未绑定（已移动或删除），该解释对其不起作用", cite(id)),
                en: format!("the data of the readings order41/overlap name {}, whose rules are unbound (moved or deleted): those readings do not reach it", cite(id)),
                fix_zh: "更新 src/law/interpret.rs 中的 ORDER41_MANDATORY 与 TWINS".to_string(),
                fix_en: "update ORDER41_MANDATORY and TWINS in src/law/interpret.rs".to_string(),
            });
        }
    }
    for id in unencoded(policy, &TextBinding::of(policy, false)) {
        {
            out.push(Finding {
                code: "clause-without-rule",
                severity: Severity::Warning,
                line: line_of(&id),
                column: 1,
                zh: format!("{}没有对应的规则，不产生任何结论", cite(&id)),
                en: format!("{} has no rule and decides nothing", cite(&id)),
                fix_zh: "在 rules.rs 中为该条款编写规则（附 anchor），或将其列为宣示性条款"
                    .to_string(),
                fix_en: "write its rules (with an anchor) in rules.rs, or list it as declaratory"
                    .to_string(),
                clause: Some(id),
            });
        }
    }
    out
}

/// Articles that state purposes, definitions, principles or formalities and so carry no rule.
pub const DECLARATORY: &[(&str, &str, &str)] = &[
    ("1", "立法目的和依据", "purpose and basis"),
    ("3", "“履职尽责”的定义", "definition of due diligence"),
    (
        "4",
        "“容错纠错”的定义",
        "definition of tolerance and correction",
    ),
    ("5", "执法原则", "principles of enforcement"),
    ("7", "依法履职受法律保护", "lawful performance is protected"),
    ("16", "与上位法不一致时以上位法为准", "higher rules prevail"),
    ("17", "解释机关", "interpreting body"),
    ("18", "施行日期", "entry into force"),
];

/// What a run takes from the loaded text: every rule's clause bound to where it now stands,
/// the effect of each clause's article, the added clauses, and the readings' tables moved
/// through the alignment. The same for every case under one text.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    /// `Bound` inputs: (reference cite, loaded cite), in program order.
    pub bound: Vec<(Cite, Cite)>,
    /// `Effect` inputs: (loaded article, the reference article whose effect it has).
    pub effects: Vec<(&'static str, &'static str)>,
    /// `Added` inputs: loaded items that match no reference clause, in an article with an
    /// effect.
    pub added: Vec<Cite>,
    /// `Promoted` inputs: the loaded ids of `interpret::ORDER41_MANDATORY`.
    pub promoted: Vec<&'static str>,
    /// `Twin` inputs: the loaded ids of `interpret::TWINS`.
    pub twins: Vec<(&'static str, &'static str)>,
}

/// The binding of the rules to a loaded text, through its alignment to the reference text.
#[derive(Clone, Debug)]
pub struct TextBinding {
    pub alignment: Alignment,
    pub inputs: std::sync::Arc<Inputs>,
    /// Reference clauses whose rules do not fire: deleted, or (with `reworded_unencoded`)
    /// reworded.
    pub unbound: Vec<&'static str>,
}

/// The effect an article's lead-in gives its items, as the reference article that has it:
/// "8" for 履职尽责, "9" for 容错免责, "10" for 从轻 or 减轻; `None` for none of these.
pub fn effect_of_lead(lead: &str) -> Option<&'static str> {
    if lead.contains("履职尽责") {
        Some("8")
    } else if lead.contains("容错免责") {
        Some("9")
    } else if lead.contains("从轻") || lead.contains("减轻") {
        Some("10")
    } else {
        None
    }
}

impl TextBinding {
    /// Binds the program's rules to `policy`. With `reworded_unencoded`, a reworded clause's
    /// rules do not fire (to see the other extreme of a rewording).
    pub fn of(policy: &PolicyText, reworded_unencoded: bool) -> TextBinding {
        let reference = PolicyText::bundled();
        let alignment = if policy.articles == reference.articles {
            Alignment::identity(policy)
        } else {
            Alignment::of(&reference, policy)
        };
        let p = program();
        let mut bound = Vec::new();
        let mut unbound = Vec::new();
        for (clause, alt) in p.cites() {
            let pairs: Vec<&Pair> = alignment
                .loaded_of(clause)
                .into_iter()
                .filter(|pair| !(reworded_unencoded && pair.wording != Wording::Same))
                .collect();
            let target = match pairs.as_slice() {
                [] => None,
                [one] => Some((one.loaded.as_str(), alt)),
                parts => split_target(policy, clause, alt, parts),
            };
            match target {
                Some((loaded, loaded_alt)) => {
                    bound.push((at(clause, alt), at(intern(loaded), loaded_alt)));
                }
                None => {
                    if !unbound.contains(&clause) {
                        unbound.push(clause);
                    }
                }
            }
        }
        let mut effects = Vec::new();
        let mut added = Vec::new();
        // Only an article that lists items gives them an effect: definitions (第三条, 第四条) and
        // rules that merely name an effect (第十二条, 第十四条) list none.
        for a in policy.articles.iter().filter(|a| !a.items.is_empty()) {
            let Some(effect) = effect_of_lead(&a.lead) else {
                continue;
            };
            effects.push((intern(&a.number.to_string()), effect));
            for item in &a.items {
                let id = intern(&format!("{}.{}", a.number, item.number));
                if alignment.added.iter().any(|x| x == id) {
                    added.push(at(id, 1));
                }
            }
        }
        let loaded_id = |reference: &str| -> Option<&'static str> {
            bound
                .iter()
                .find(|(r, _)| r.clause == reference)
                .map(|(_, c)| c.clause)
        };
        let promoted = crate::law::interpret::ORDER41_MANDATORY
            .iter()
            .filter_map(|c| loaded_id(c))
            .collect();
        let twins = crate::law::interpret::TWINS
            .iter()
            .filter_map(|(a, b)| Some((loaded_id(a)?, loaded_id(b)?)))
            .collect();
        TextBinding {
            alignment,
            inputs: std::sync::Arc::new(Inputs {
                bound,
                effects,
                added,
                promoted,
                twins,
            }),
            unbound,
        }
    }

    /// Where a reference cite stands in the loaded text.
    pub fn loaded(&self, reference: Cite) -> Option<Cite> {
        self.inputs
            .bound
            .iter()
            .find(|(r, _)| *r == reference)
            .map(|(_, c)| *c)
    }

    /// The reference cite a loaded cite stands for (`None` for an added clause).
    pub fn reference(&self, loaded: Cite) -> Option<Cite> {
        self.inputs
            .bound
            .iter()
            .find(|(_, c)| *c == loaded)
            .map(|(r, _)| *r)
    }
}

/// Which part of a split clause an alternative's rule now stands in: the part that contains
/// most of the rule's quotation; its alternatives are numbered again within the part.
fn split_target(
    policy: &PolicyText,
    clause: &str,
    alt: u8,
    parts: &[&Pair],
) -> Option<(&'static str, u8)> {
    let p = program();
    // Each alternative of the clause with the part it goes to.
    let alts: Vec<u8> = {
        let mut v: Vec<u8> = p
            .cites()
            .into_iter()
            .filter(|(c, _)| *c == clause)
            .map(|(_, a)| a)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let part_of = |a: u8| -> Option<&str> {
        let quote: String = p
            .rules
            .iter()
            .filter(|r| r.cite == Some((clause, a)))
            .flat_map(|r| r.quotes.last().copied())
            .collect::<Vec<_>>()
            .join("");
        let quote: String = quote
            .chars()
            .filter(|c| !matches!(c, '…' | '（' | '）'))
            .collect();
        parts
            .iter()
            .max_by_key(|pair| {
                policy
                    .text_of(&pair.loaded)
                    .map_or(0, |t| containment(&quote, t))
            })
            .map(|pair| pair.loaded.as_str())
    };
    let target = part_of(alt)?;
    let within = alts
        .iter()
        .filter(|a| **a <= alt && part_of(**a) == Some(target))
        .count();
    Some((intern(target), u8::try_from(within).unwrap_or(alt)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::policy::BUNDLED_TEXT;

    #[test]
    fn every_rule_is_bound_in_the_bundled_text() {
        for b in bindings(&PolicyText::bundled()) {
            assert_eq!(b.status, Status::Bound, "{}", b.clause);
        }
    }

    #[test]
    fn closing_the_gap_of_article_9_moves_every_later_item() {
        // Renumber （三）…（十） of 第九条 to （二）…（九）.
        let mut text = BUNDLED_TEXT.to_string();
        for (from, to) in [
            ("（三）已履行", "（二）已履行"),
            ("（四）因涉及", "（三）因涉及"),
            ("（五）行政执法人员履行", "（四）行政执法人员履行"),
            (
                "（六）因行政相对人、第三方不配合",
                "（五）因行政相对人、第三方不配合",
            ),
            ("（七）确已尽到", "（六）确已尽到"),
            ("（八）在应对", "（七）在应对"),
            ("（九）执法过程中", "（八）执法过程中"),
            ("（十）其他可以容错免责", "（九）其他可以容错免责"),
        ] {
            assert!(text.contains(from), "{from}");
            text = text.replacen(from, to, 1);
        }
        let policy = PolicyText::parse("renumbered.txt", text.as_bytes()).unwrap();
        let b = bindings(&policy);
        let status = |c: &str| b.iter().find(|x| x.clause == c).unwrap().status.clone();
        assert_eq!(
            status("9.5"),
            Status::Moved {
                to: vec!["9.4".into()]
            }
        );
        assert_eq!(
            status("9.3"),
            Status::Moved {
                to: vec!["9.2".into()]
            }
        );
        assert_eq!(
            status("9.10"),
            Status::Moved {
                to: vec!["9.9".into()]
            }
        );
        assert_eq!(status("9.1"), Status::Bound);
        assert_eq!(status("8.2"), Status::Bound);
    }

    #[test]
    fn renumbering_is_an_error_that_names_where_the_rule_went() {
        let text = BUNDLED_TEXT
            .replacen("（五）行政执法人员履行", "（四）行政执法人员履行", 1)
            .replacen("（四）因涉及", "（五）因涉及", 1);
        let policy = PolicyText::parse("swapped.txt", text.as_bytes()).unwrap();
        let f = findings(&policy);
        let moved: Vec<&str> = f
            .iter()
            .filter(|x| x.code == "rule-clause-moved")
            .map(|x| x.clause.as_deref().unwrap())
            .collect();
        assert_eq!(moved, ["9.4", "9.5"]);
        // 9.5 is named by the readings' data too.
        assert!(
            f.iter()
                .any(|x| x.code == "reading-data-unbound" && x.clause.as_deref() == Some("9.5"))
        );
        let e = f
            .iter()
            .find(|x| x.clause.as_deref() == Some("9.5"))
            .unwrap();
        assert!(e.en.starts_with("rule for 9.5 ("), "{}", e.en);
        assert!(
            e.en.contains("matches 第九条第四项 now: renumbered?"),
            "{}",
            e.en
        );
        assert!(findings(&PolicyText::bundled()).is_empty());
    }

    #[test]
    fn rewording_and_deleting_are_told_apart() {
        let text = BUNDLED_TEXT.replacen("审慎审核义务", "认真核对义务", 1);
        let policy = PolicyText::parse("reworded.txt", text.as_bytes()).unwrap();
        let b = bindings(&policy);
        assert_eq!(
            b.iter().find(|x| x.clause == "9.7").unwrap().status,
            Status::Reworded
        );
        let text = BUNDLED_TEXT.replacen(
            "（八）在应对突发事件或者执行急难险重任务过程中，为快速处置，未按正常程序办理相关手续或存在程序瑕疵的；",
            "",
            1,
        );
        let policy = PolicyText::parse("deleted.txt", text.as_bytes()).unwrap();
        let b = bindings(&policy);
        assert_eq!(
            b.iter().find(|x| x.clause == "9.8").unwrap().status,
            Status::Absent
        );
    }
}

//! Binding of the rules to a loaded text. The rules are written against the reference text
//! (the bundled draft) and cite its clauses; a loaded text is aligned to it (`text::align`),
//! and each rule binds to where its clause now stands: renumbered, moved to another article,
//! reworded or split, it keeps its rule and its loaded text's number; deleted, its rules do
//! not fire. The effect of an item comes from the lead-in of the article it stands in, and an
//! added item of such an article is evaluable by assertion. `findings` reports the binding to
//! a drafter: an uncertain match is the only error.

use crate::base::intern::intern;
use crate::law::program::program;
use crate::law::rules::{Cite, at};
use crate::text::align::{Alignment, Pair, Wording, containment};
use crate::text::lint::{Finding, Severity};
use crate::text::policy::PolicyText;

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

    /// Where a reference clause stands in the loaded text (the first part, after a split).
    pub fn loaded_clause(&self, reference: &str) -> Option<&'static str> {
        self.alignment
            .loaded_of(reference)
            .first()
            .map(|p| intern(&p.loaded))
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

/// The binding of the rules to a text as lint findings. Only an uncertain binding is an error
/// (a rule may decide on the wrong wording); a deleted clause with rules, a reworded clause and
/// a clause no rule encodes are warnings; a renumbering, a move and an added clause are notes.
pub fn findings(policy: &PolicyText) -> Vec<Finding> {
    use crate::text::policy::cite;
    let binding = TextBinding::of(policy, false);
    let reference = PolicyText::bundled();
    let line_of = |c: &str| policy.line_of(c).unwrap_or(1);
    let p = program();
    let rules_of = |clause: &str| -> String {
        p.rules
            .iter()
            .filter(|r| r.cite.is_some_and(|(c, _)| c == clause))
            .map(|r| r.id.clone())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let facts_of = |clause: &str| -> String {
        let mut facts: Vec<&str> = p
            .rules
            .iter()
            .filter(|r| r.cite.is_some_and(|(c, _)| c == clause))
            .flat_map(|r| r.fact_premises().iter().map(|(f, _)| f.name()))
            .collect();
        facts.sort_unstable();
        facts.dedup();
        facts.join(", ")
    };
    let mut out = Vec::new();
    let mut push = |code: &'static str,
                    severity: Severity,
                    clause: &str,
                    zh: String,
                    en: String,
                    fix: (&str, &str)| {
        out.push(Finding {
            code,
            severity,
            clause: Some(clause.to_string()),
            line: line_of(clause),
            column: 1,
            zh,
            en,
            fix_zh: fix.0.to_string(),
            fix_en: fix.1.to_string(),
        });
    };
    let encoded = p.clauses();
    for u in &binding.alignment.uncertain {
        if !encoded.contains(&u.reference.as_str()) {
            continue;
        }
        let cands: Vec<String> = u
            .candidates
            .iter()
            .map(|(c, s)| format!("{}（{}%）", cite(c), s / 10))
            .collect();
        let to = binding
            .alignment
            .loaded_of(&u.reference)
            .first()
            .map_or_else(String::new, |p| p.loaded.clone());
        push(
            "binding-uncertain",
            Severity::Error,
            if to.is_empty() { &u.reference } else { &to },
            format!(
                "参照文本{}的规则（{}）按相似度对应到{}，对应不确定；候选：{}",
                cite(&u.reference),
                rules_of(&u.reference),
                cite(&to),
                cands.join("、")
            ),
            format!(
                "the rules for {} of the reference text ({}) are bound to {} by an uncertain match; candidates: {}",
                cite(&u.reference),
                rules_of(&u.reference),
                cite(&to),
                cands.join(", ")
            ),
            (
                "核对该项的措辞；若确为同一情形，可保留更多原措辞以便对应",
                "check the item's wording; if it is the same ground, keep more of the original words",
            ),
        );
    }
    for clause in &binding.unbound {
        // The deleted clause has no line of its own: the article it stood in, if kept.
        let article = clause.split('.').next().unwrap_or(clause);
        let place = binding
            .alignment
            .loaded_of(article)
            .first()
            .map_or_else(|| article.to_string(), |p| p.loaded.clone());
        push(
            "rule-clause-deleted",
            Severity::Warning,
            &place,
            format!(
                "参照文本的{}已删除，其规则（{}）不再适用",
                cite(clause),
                rules_of(clause)
            ),
            format!(
                "{} of the reference text is deleted; its rules ({}) no longer fire",
                cite(clause),
                rules_of(clause)
            ),
            ("确认删除是有意为之", "confirm the deletion is intended"),
        );
    }
    for pair in &binding.alignment.pairs {
        let clause = pair.reference.as_str();
        if !encoded.contains(&clause) {
            continue;
        }
        if let Wording::Reworded(sim) = pair.wording {
            let old = reference.text_of(clause).unwrap_or("");
            let new = policy.text_of(&pair.loaded).unwrap_or("");
            push(
                "clause-reworded",
                Severity::Warning,
                &pair.loaded,
                format!(
                    "{}（参照文本{}）改写（相似度 {}%）：{}；其规则读取的事实：{}",
                    cite(&pair.loaded),
                    cite(clause),
                    sim / 10,
                    crate::text::align::delta_line(old, new),
                    facts_of(clause)
                ),
                format!(
                    "{} ({} of the reference text) is reworded ({}% similar): {}; the facts its rules read: {}",
                    cite(&pair.loaded),
                    cite(clause),
                    sim / 10,
                    crate::text::align::delta_line(old, new),
                    facts_of(clause)
                ),
                (
                    "判断这些事实是否仍然反映新的措辞",
                    "judge whether those facts still capture the new words",
                ),
            );
        }
        if pair.place != crate::text::align::Place::Same && pair.wording == Wording::Same {
            let (zh, en) = match pair.place {
                crate::text::align::Place::Moved => ("移至", "moved to"),
                _ => ("重新编号为", "renumbered as"),
            };
            push(
                "clause-renumbered",
                Severity::Note,
                &pair.loaded,
                format!(
                    "参照文本{}{zh}{}，其规则随之适用",
                    cite(clause),
                    cite(&pair.loaded)
                ),
                format!(
                    "{} of the reference text is {en} {}; its rules follow it",
                    cite(clause),
                    cite(&pair.loaded)
                ),
                ("无需处理", "nothing to do"),
            );
        }
    }
    for c in &binding.inputs.added {
        push(
            "clause-added",
            Severity::Note,
            c.clause,
            format!(
                "{}是新增条款，没有对应的规则；案件可以附理由援引该项，按所在条的效果认定",
                cite(c.clause)
            ),
            format!(
                "{} is added and has no rule; a case may assert it with a justification, with its article's effect",
                cite(c.clause)
            ),
            (
                "如需按具体条件认定，在 rules.rs 中为其编写规则",
                "to decide it on its own conditions, write its rules in rules.rs",
            ),
        );
    }
    for id in unencoded(policy, &binding) {
        if binding.inputs.added.iter().any(|c| c.clause == id) {
            continue;
        }
        push(
            "clause-without-rule",
            Severity::Warning,
            &id,
            format!("{}没有对应的规则，不产生任何结论", cite(&id)),
            format!("{} has no rule and decides nothing", cite(&id)),
            (
                "在 rules.rs 中为该条款编写规则，或将其列为宣示性条款",
                "write its rules in rules.rs, or list it as declaratory",
            ),
        );
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::policy::BUNDLED_TEXT;

    #[test]
    fn every_rule_is_bound_to_its_own_clause_in_the_bundled_text() {
        let b = TextBinding::of(&PolicyText::bundled(), false);
        assert!(b.unbound.is_empty(), "{:?}", b.unbound);
        for (r, c) in &b.inputs.bound {
            assert_eq!(r, c);
        }
        assert_eq!(b.inputs.bound.len(), program().cites().len());
        assert!(b.inputs.added.is_empty());
        assert_eq!(b.inputs.effects, [("8", "8"), ("9", "9"), ("10", "10")]);
    }

    #[test]
    fn swapping_two_items_swaps_their_rules_and_is_no_error() {
        let text = BUNDLED_TEXT
            .replacen("（五）行政执法人员履行", "（四）行政执法人员履行", 1)
            .replacen("（四）因涉及", "（五）因涉及", 1);
        let policy = PolicyText::parse("swapped.txt", text.as_bytes()).unwrap();
        let b = TextBinding::of(&policy, false);
        assert_eq!(b.loaded(at("9.5", 1)), Some(at("9.4", 1)));
        assert_eq!(b.loaded(at("9.4", 1)), Some(at("9.5", 1)));
        // The readings' tables follow: 9（五） is promoted and twinned as 9.4 now.
        assert!(b.inputs.promoted.contains(&"9.4"));
        assert!(b.inputs.twins.contains(&("9.4", "8.2")));
        let f = findings(&policy);
        assert!(f.iter().all(|x| x.severity != Severity::Error), "{f:?}");
        let renumbered: Vec<&str> = f
            .iter()
            .filter(|x| x.code == "clause-renumbered")
            .map(|x| x.clause.as_deref().unwrap())
            .collect();
        assert_eq!(renumbered, ["9.5", "9.4"]);
    }

    #[test]
    fn reworded_clauses_can_be_counted_as_unencoded() {
        let text = BUNDLED_TEXT.replace("在应对突发事件", "在应对突发公共事件");
        let policy = PolicyText::parse("reworded.txt", text.as_bytes()).unwrap();
        assert!(TextBinding::of(&policy, false).unbound.is_empty());
        assert_eq!(TextBinding::of(&policy, true).unbound, ["9.8"]);
        let f = findings(&policy);
        let r = f.iter().find(|x| x.code == "clause-reworded").unwrap();
        assert!(r.zh.contains("突发〔+公共〕事件"), "{}", r.zh);
        assert!(r.en.contains("emergency_task"), "{}", r.en);
    }

    #[test]
    fn lead_ins_give_the_effects() {
        assert_eq!(
            effect_of_lead("符合下列情形的，应当认定为履职尽责："),
            Some("8")
        );
        assert_eq!(
            effect_of_lead("有下列情形之一的，可以容错免责："),
            Some("9")
        );
        assert_eq!(
            effect_of_lead("但有下列情形之一的，可以从轻或者减轻追究其执法过错责任："),
            Some("10")
        );
        assert_eq!(effect_of_lead("有下列情形之一的："), None);
    }
}

//! Binding of rules to the wording: every clause a rule encodes carries an anchor phrase from
//! that clause (`// anchor:` in `rules.rs`). A rule is bound while its clause still contains
//! the phrase; the engine fires only bound rules. When a drafter renumbers or rewords, this
//! module says where the phrase went ("rule for 9.5 matches 第九条第四项 now: renumbered?") or
//! that it is gone, so no rule silently binds to the wrong item.

use crate::engine::clause_key;
use crate::program::program;
use crate::text::PolicyText;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::BUNDLED_TEXT;

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

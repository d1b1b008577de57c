//! The explanation as a reader sees it: derivation trees, why-not and contingencies turned into
//! labelled nodes in Chinese or English, with every rule step citing its clause and quoting the
//! loaded text. The text, DOT and HTML renderers all draw this one view; the JSON renderer
//! (`explanation_json`) writes the structure itself, language-neutral.

use crate::base::hash::FxBuild;
use crate::base::lang::Lang;
use crate::engine::db::{Tuple, Value};
use crate::engine::evaluate::Engine;
use crate::explain::explanation::{Explanation, TreeKind, WhyNot, fact_premise};
use crate::explain::trace::{Attempt, Node, Pattern, Status};
use crate::law::facts::{Fact, Source};
use crate::law::interpret;
use crate::law::labels::Verdict;
use crate::law::program::program;
use crate::law::rules::Mode;
use crate::report::render::{FORMAT_VERSION, modality, period_text};
use crate::text::policy::cite;
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Value as Json, json};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write;

/// What a view node shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A rule application that fired.
    Rule,
    /// An input fact stated in the case file.
    Fact,
    /// A fact computed from dates.
    Computed,
    /// A clause present in the loaded text.
    Text,
    /// A reviewer's assertion of a catch-all.
    Assertion,
    /// A reading of the draft in force, or the clause data a reading consults.
    Reading,
    /// A conclusion that does not hold (negation, why-not).
    Absent,
    /// A rule that could have concluded it, and failed.
    Attempt,
    /// A condition of a failed rule: false in the case.
    False,
    /// A condition of a failed rule: the case is silent.
    Unknown,
    /// Any other failed condition (clause absent, not asserted, excluded).
    Failed,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Rule => "rule",
            Kind::Fact => "fact",
            Kind::Computed => "computed",
            Kind::Text => "text",
            Kind::Assertion => "assertion",
            Kind::Reading => "reading",
            Kind::Absent => "absent",
            Kind::Attempt => "attempt",
            Kind::False => "false",
            Kind::Unknown => "unknown",
            Kind::Failed => "failed",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct View {
    pub kind: Kind,
    /// For a rule step: the conclusion's identity, so a renderer can show a repeated derivation
    /// once and refer back to it.
    pub id: Option<String>,
    pub title: String,
    /// The clause cited, in Chinese citation form, and its text quoted from the loaded policy.
    pub clause: Option<(String, String)>,
    /// Modality, interpretations, sources, computations.
    pub notes: Vec<String>,
    /// A failed rule (or unmet ground) one condition short; its notes then include
    /// `NEAR_MISS` in the page's language.
    pub near_miss: bool,
    pub children: Vec<View>,
}

/// The near-miss remark, Chinese and English.
pub const NEAR_MISS: [&str; 2] = ["差一个条件（near miss）", "near miss: one condition short"];

fn near_miss_note(lang: Lang) -> String {
    lang.pick(NEAR_MISS[0], NEAR_MISS[1]).to_string()
}

impl View {
    /// The key under which a derivation (a step with premises) is drawn in full only once.
    pub fn derivation_key(&self) -> Option<&String> {
        self.id.as_ref().filter(|_| !self.children.is_empty())
    }

    fn leaf(kind: Kind, title: String) -> View {
        View {
            kind,
            id: None,
            title,
            clause: None,
            notes: Vec::new(),
            near_miss: false,
            children: Vec::new(),
        }
    }
}

/// One section of the whole explanation.
#[derive(Clone, Debug)]
pub struct Section {
    pub title: String,
    pub views: Vec<View>,
}

/// The explanation of one case, ready to draw.
#[derive(Clone, Debug)]
pub struct Page {
    pub heading: String,
    /// The disposition line and whether it is settled.
    pub summary: Vec<String>,
    pub sections: Vec<Section>,
}

struct Ctx<'a> {
    engine: &'a Engine,
    ex: &'a Explanation,
    lang: Lang,
}

impl Ctx<'_> {
    fn pick(&self, zh: String, en: String) -> String {
        self.lang.pick(zh, en)
    }

    fn clause(&self, clause: &str) -> Option<(String, String)> {
        Some((
            cite(clause),
            self.engine.policy.text_of(clause)?.to_string(),
        ))
    }

    fn fact_label(&self, f: Fact) -> &'static str {
        self.lang.pick(f.def().zh, f.def().en)
    }

    fn article_phrase(&self, article: &str, mode: Option<Mode>) -> String {
        let art = cite(article);
        match (article, mode) {
            ("2", Some(Mode::Possible)) => self.pick(
                format!("可能适用本制度（{art}）"),
                format!("the draft may apply ({art})"),
            ),
            ("2", _) => self.pick(
                format!("适用本制度（{art}）"),
                format!("the draft applies ({art})"),
            ),
            (_, Some(Mode::Possible)) => self.pick(
                format!("{art}有情形可能成立"),
                format!("some ground of {art} could hold"),
            ),
            _ => self.pick(
                format!("{art}有情形成立"),
                format!("some ground of {art} holds"),
            ),
        }
    }

    /// The conclusion a derived tuple states.
    fn conclusion(&self, t: &Tuple) -> String {
        let possible = t.mode() == Some(Mode::Possible);
        let may = |zh: &str, en: &str| {
            if possible {
                self.pick(format!("（可能）{zh}"), format!("(possibly) {en}"))
            } else {
                self.pick(zh.to_string(), en.to_string())
            }
        };
        match (t.relation, t.args.as_slice()) {
            ("InScope", _) => may("适用本制度", "the draft applies"),
            ("Ground", [_, Value::Cite(c)]) => may(
                &format!("{}的情形成立", cite(c.clause)),
                &format!("the ground of {} holds", cite(c.clause)),
            ),
            ("ArticleHolds", [m, Value::Str(a)]) => {
                let mode = if let Value::Mode(m) = m {
                    Some(*m)
                } else {
                    None
                };
                self.article_phrase(a, mode)
            }
            ("Avails", [_, Value::Str(a), Value::Cite(c)]) => may(
                &format!("{}的情形产生{}的效果", cite(c.clause), cite(a)),
                &format!(
                    "the ground of {} has the effect of {}",
                    cite(c.clause),
                    cite(a)
                ),
            ),
            ("Barred", _) => may(
                "逾期未提出申请，第九条、第十条不再适用",
                "the late application bars 第九条 and 第十条",
            ),
            ("Governed", [_, Value::Str(c)]) => may(
                &format!("{}让位于第九条的对应项", cite(c)),
                &format!("{} gives way to the matching item of 第九条", cite(c)),
            ),
            ("OutOfScope", _) => {
                self.pick("不适用本制度".into(), "outside the draft's scope".into())
            }
            ("Liable", _) => self.pick(
                "应依法依规追究执法过错责任".into(),
                "liable for the enforcement fault".into(),
            ),
            ("Disposition", [Value::Outcome(o), _]) => {
                let v: Verdict = (*o).into();
                self.pick(
                    format!("结论：{}", v.label(self.lang)),
                    format!("disposition: {}", v.label(self.lang)),
                )
            }
            ("NotPursued", [Value::Condition(k), _]) => self.pick(
                format!("不予追究责任{}", k.label(self.lang)),
                format!("not held liable{}", k.label(self.lang)),
            ),
            ("Finding", [Value::Duty(d), _, Value::Condition(k)]) => {
                format!("{}{}", d.label(self.lang), k.label(self.lang))
            }
            _ => format!("{t:?}"),
        }
    }

    /// The sentence for a tuple that does not hold.
    fn absence(&self, t: &Tuple) -> String {
        match (t.relation, t.args.as_slice()) {
            ("ArticleHolds", [Value::Mode(m), Value::Str(a)]) => {
                let art = cite(a);
                match m {
                    Mode::Possible => self.pick(
                        format!("{art}没有任何情形可能成立（即使未知事实成立）"),
                        format!("no ground of {art} can hold, whatever the unknown facts"),
                    ),
                    Mode::Actual => self.pick(
                        format!("{art}没有情形成立"),
                        format!("no ground of {art} holds"),
                    ),
                }
            }
            ("Barred", _) => self.pick(
                "第九条、第十条未因逾期申请而被排除".into(),
                "第九条 and 第十条 are not barred by a late application".into(),
            ),
            ("Governed", [_, Value::Str(c)]) => self.pick(
                format!("{}不让位于第九条的对应项", cite(c)),
                format!(
                    "{} does not give way to the matching item of 第九条",
                    cite(c)
                ),
            ),
            ("Liable", _) => self.pick(
                "不能认定应当追责（第十二条）".into(),
                "liability under 第十二条 cannot be concluded".into(),
            ),
            _ => self.pick(
                format!("不成立：{}", self.conclusion(t)),
                format!("does not hold: {}", self.conclusion(t)),
            ),
        }
    }

    fn fact_leaf(&self, mode: Mode, f: Fact, value: bool) -> View {
        let known = self.ex.value(f);
        let title = match (mode, known) {
            (Mode::Possible, None) => self.pick(
                format!(
                    "{} 未知（可能为{}）",
                    f.name(),
                    if value { "真" } else { "假" }
                ),
                format!("{} unknown (may be {value})", f.name()),
            ),
            _ => format!("{} = {value}", f.name()),
        };
        let mut v = View::leaf(
            if f.def().source == Source::Computed {
                Kind::Computed
            } else {
                Kind::Fact
            },
            title,
        );
        v.notes.push(self.fact_label(f).to_string());
        if f.def().source == Source::Computed {
            for p in &self.ex.determination.periods {
                if p.kind.fact_and_dates().0 == f {
                    v.notes.push(period_text(p, self.lang));
                }
            }
            if f == Fact::DecisionMade
                && let Some(d) = self.ex.case.dates.decision_made
            {
                v.notes.push(format!("dates.decision_made = {d}"));
            }
        } else if known.is_some() {
            let line = crate::engine::case::locate_line(&self.ex.case.source, &["facts", f.name()]);
            let at = match line {
                Some(l) => format!("{}:{l}", self.ex.case.path),
                None => self.ex.case.path.clone(),
            };
            v.notes.push(self.pick(
                format!("来源：{at} facts.{}", f.name()),
                format!("source: {at} facts.{}", f.name()),
            ));
        }
        v
    }

    fn input(&self, t: &Tuple) -> View {
        match (t.relation, t.args.as_slice()) {
            ("Yes", [Value::Mode(m), Value::Fact(f)]) => self.fact_leaf(*m, *f, true),
            ("No", [Value::Mode(m), Value::Fact(f)]) => self.fact_leaf(*m, *f, false),
            ("Bound", [Value::Cite(r), Value::Cite(c)]) => {
                let line = self.engine.policy.line_of(c.clause).unwrap_or(0);
                // Where the clause stood in the reference text, if elsewhere.
                let (was_zh, was_en) = if r.clause == c.clause {
                    (String::new(), String::new())
                } else {
                    (
                        format!("，即参照文本的{}", cite(r.clause)),
                        format!(", which is {} of the reference text", cite(r.clause)),
                    )
                };
                View::leaf(
                    Kind::Text,
                    self.pick(
                        format!(
                            "{} 见于载入文本（{}:{line}）{was_zh}",
                            cite(c.clause),
                            self.engine.policy.source
                        ),
                        format!(
                            "{} is in the loaded text ({}:{line}){was_en}",
                            cite(c.clause),
                            self.engine.policy.source
                        ),
                    ),
                )
            }
            ("Effect", [Value::Str(c), Value::Str(a)]) => {
                let article = c.split('.').next().unwrap_or(c);
                let (zh, en) = match *a {
                    "8" => ("应当认定为履职尽责", "mandatory due diligence"),
                    "9" => ("可以容错免责", "discretionary exemption"),
                    _ => ("可以从轻或者减轻", "discretionary mitigation"),
                };
                View::leaf(
                    Kind::Text,
                    self.pick(
                        format!("{}的引语规定：{zh}", cite(article)),
                        format!("the lead-in of {} gives {en}", cite(article)),
                    ),
                )
            }
            ("Added", [Value::Cite(c)]) => View::leaf(
                Kind::Text,
                self.pick(
                    format!("{} 是载入文本新增的条款", cite(c.clause)),
                    format!("{} is a clause the loaded text adds", cite(c.clause)),
                ),
            ),
            ("Asserted", [Value::Str(clause)]) => {
                let just = self
                    .ex
                    .case
                    .assertions
                    .iter()
                    .find(|a| a.clause == *clause)
                    .map(|a| a.justification.clone())
                    .unwrap_or_default();
                let mut v = View::leaf(
                    Kind::Assertion,
                    self.pick(
                        format!("审查人员认定{}成立", cite(clause)),
                        format!("the reviewer asserts {}", cite(clause)),
                    ),
                );
                v.notes
                    .push(self.pick(format!("理由：{just}"), format!("justification: {just}")));
                v
            }
            ("Reading", [Value::Str(name)]) => View::leaf(
                Kind::Reading,
                self.pick(
                    format!("适用解释 [{name}]"),
                    format!("the reading [{name}] is in force"),
                ),
            ),
            ("Promoted", [Value::Str(clause)]) => View::leaf(
                Kind::Reading,
                self.pick(
                    format!("{} 与《市场监管总局令第41号》应当情形相同", cite(clause)),
                    format!(
                        "{} matches a mandatory case of SAMR Order No. 41",
                        cite(clause)
                    ),
                ),
            ),
            ("Twin", [Value::Str(discretionary), Value::Str(mandatory)]) => View::leaf(
                Kind::Reading,
                self.pick(
                    format!(
                        "{} 与 {} 以相同事实成立",
                        cite(discretionary),
                        cite(mandatory)
                    ),
                    format!(
                        "{} is granted on the same facts as {}",
                        cite(discretionary),
                        cite(mandatory)
                    ),
                ),
            ),
            _ => View::leaf(Kind::Fact, format!("{t:?}")),
        }
    }

    /// The notes of a rule step: modality and interpretations.
    fn rule_notes(&self, rule: usize) -> Vec<String> {
        let r = &program().rule_at(rule);
        let mut notes = Vec::new();
        if let Some((clause, alt)) = loaded_cite(self.engine, r) {
            let m = modality(self.engine, clause, self.lang);
            if !m.is_empty() {
                notes.push(self.pick(format!("模态：{m}"), format!("modality: {m}")));
            }
            notes.push(self.pick(
                format!("规则：{}（{clause} 选项 {alt}）", r.id),
                format!("rule: {} ({clause} alternative {alt})", r.id),
            ));
        } else {
            notes.push(self.pick(format!("规则：{}", r.id), format!("rule: {}", r.id)));
        }
        for name in &r.interpretations {
            if let Some(i) = interpret::find(self.ex.determination.readings.resolve(name)) {
                notes.push(self.pick(
                    format!("解释 [{}]：{}", i.name, i.zh),
                    format!("interpretation [{}]: {}", i.name, i.en),
                ));
            }
        }
        notes
    }

    fn node(&self, n: &Node) -> View {
        match n {
            Node::Input { tuple } => self.input(tuple),
            Node::Unexplained { tuple } => View::leaf(Kind::Failed, format!("?? {tuple:?}")),
            Node::Rule {
                tuple,
                rule,
                children,
            } => {
                let r = &program().rule_at(*rule);
                // A rule without a cite of its own (the disposition layer) quotes the article
                // whose lead states the outcome of the cite it carries.
                let clause = loaded_cite(self.engine, r)
                    .map(|(c, _)| c)
                    .or_else(|| tuple.cite().map(|c| c.article()));
                View {
                    kind: Kind::Rule,
                    id: Some(format!("{tuple:?}")),
                    title: self.conclusion(tuple),
                    clause: clause.and_then(|c| self.clause(c)),
                    notes: self.rule_notes(*rule),
                    near_miss: false,
                    children: children.iter().map(|c| self.node(c)).collect(),
                }
            }
            Node::Absent { tuple, attempts } => View {
                kind: Kind::Absent,
                id: Some(format!("absent {tuple:?}")),
                title: self.absence(tuple),
                clause: None,
                notes: Vec::new(),
                near_miss: false,
                children: attempts
                    .iter()
                    .filter(|a| !other_reading(a))
                    .map(|a| self.attempt(a, false))
                    .collect(),
            },
        }
    }

    /// A failed rule: its clause, and each failed condition.
    fn attempt(&self, a: &Attempt, all: bool) -> View {
        let r = &program().rule_at(a.rule);
        let own = loaded_cite(self.engine, r);
        let clause = a.cite.map(|c| c.clause).or(own.map(|c| c.0));
        let alt = a.cite.map(|c| c.alt).or(own.map(|c| c.1)).unwrap_or(0);
        let failures = a.failures().count();
        let title = match clause {
            Some(c) => self.pick(
                format!("{}（选项 {alt}）不成立：{failures} 个条件未满足", cite(c)),
                format!(
                    "{} (alternative {alt}) fails: {failures} condition(s) unmet",
                    cite(c)
                ),
            ),
            None => self.pick(
                format!("规则 {} 不成立", r.id),
                format!("rule {} fails", r.id),
            ),
        };
        let mut children: Vec<View> = Vec::new();
        for (i, status) in a.premises.iter().enumerate() {
            if let Some(v) = self.status(status) {
                children.push(v);
            } else if all && let Status::Met(Some(t)) = status {
                let mut v = self.met(t);
                v.notes.insert(0, self.pick("已满足".into(), "met".into()));
                children.push(v);
            }
            let _ = i;
        }
        View {
            kind: Kind::Attempt,
            id: None,
            title,
            clause: clause.and_then(|c| self.clause(c)),
            // A near miss is a clause one condition short, not a helper rule.
            notes: if failures == 1 && clause.is_some() {
                vec![near_miss_note(self.lang)]
            } else {
                Vec::new()
            },
            near_miss: failures == 1 && clause.is_some(),
            children,
        }
    }

    fn met(&self, t: &Tuple) -> View {
        if crate::engine::db::INPUTS.contains(&t.relation) {
            self.input(t)
        } else {
            View::leaf(Kind::Rule, self.conclusion(t))
        }
    }

    fn status(&self, s: &Status) -> Option<View> {
        match s {
            Status::Met(_) | Status::NotReached => None,
            Status::GuardFalse => None,
            Status::Blocked(t) => Some(View::leaf(
                Kind::Failed,
                self.pick(
                    format!("被排除：{}", self.conclusion(t)),
                    format!("excluded because: {}", self.conclusion(t)),
                ),
            )),
            Status::Missing { sought, sub } => Some(self.missing(sought, sub)),
        }
    }

    fn missing(&self, sought: &Pattern, sub: &[Attempt]) -> View {
        if let Some((mode, f, needed)) = fact_premise(sought) {
            let known = self.ex.value(f);
            let (kind, zh, en) = match (mode, known) {
                (Mode::Actual, None) => (
                    Kind::Unknown,
                    "案件未说明（未知）",
                    "the case is silent (unknown)",
                ),
                (_, Some(v)) => (
                    Kind::False,
                    if v {
                        "案件认定为真"
                    } else {
                        "案件认定为假"
                    },
                    if v {
                        "the case says true"
                    } else {
                        "the case says false"
                    },
                ),
                (Mode::Possible, None) => (Kind::Unknown, "未知", "unknown"),
            };
            let mut v = View::leaf(
                kind,
                self.pick(
                    format!(
                        "需要 {} 为{}，但{zh}",
                        f.name(),
                        if needed { "真" } else { "假" }
                    ),
                    format!("needs {} = {needed}, but {en}", f.name()),
                ),
            );
            v.notes.push(self.fact_label(f).to_string());
            return v;
        }
        let title = match (sought.relation, sought.args.first().copied().flatten()) {
            ("Bound", _) => self.pick(
                "条款不在载入文本中".into(),
                "the clause is not in the loaded text".into(),
            ),
            ("Effect", _) => self.pick(
                "所在条的引语没有规定这一效果".into(),
                "the lead-in of its article gives no such effect".into(),
            ),
            ("Added", _) => self.pick(
                "不是载入文本新增的条款".into(),
                "not a clause the loaded text adds".into(),
            ),
            ("Asserted", _) => self.pick(
                "兜底项未经审查人员认定".into(),
                "the catch-all is not asserted by the reviewer".into(),
            ),
            ("Reading", Some(Value::Str(r))) => self.pick(
                format!("未采用解释 [{r}]"),
                format!("the reading [{r}] is not in force"),
            ),
            ("Promoted", _) => self.pick(
                "不属于第41号令规定应当免责的事项".into(),
                "not an item Order No. 41 makes mandatory".into(),
            ),
            ("Twin", _) => self.pick(
                "不与第八条的某项重合".into(),
                "not matched with an item of 第八条".into(),
            ),
            ("Avails", m) => match sought.args.get(1).copied().flatten() {
                Some(Value::Str(a)) => {
                    let mode = match m {
                        Some(Value::Mode(m)) => m,
                        _ => Mode::Actual,
                    };
                    self.absence(&Tuple {
                        relation: "ArticleHolds",
                        args: crate::engine::db::Args::new(&[Value::Mode(mode), Value::Str(a)]),
                    })
                }
                _ => self.pick(
                    "没有产生该效果的情形".into(),
                    "no ground has that effect".into(),
                ),
            },
            ("InScope", m) => {
                let possible = m == Some(Value::Mode(Mode::Possible));
                if possible {
                    self.pick(
                        "即使未知事实成立也不适用本制度（第二条）".into(),
                        "the draft cannot apply, whatever the unknown facts (第二条)".into(),
                    )
                } else {
                    self.pick(
                        "未确定适用本制度（第二条）".into(),
                        "the draft's scope is not established (第二条)".into(),
                    )
                }
            }
            ("Ground", m) => {
                let mode = match m {
                    Some(Value::Mode(m)) => Some(m),
                    _ => None,
                };
                let article = sought
                    .constraints
                    .iter()
                    .find_map(|(_, acc, v)| match (acc, v) {
                        (crate::explain::trace::Accessor::Article, Value::Str(a)) => Some(*a),
                        _ => None,
                    });
                match article {
                    Some(a) => self.absence(&Tuple {
                        relation: "ArticleHolds",
                        args: crate::engine::db::Args::new(&[
                            Value::Mode(mode.unwrap_or(Mode::Actual)),
                            Value::Str(a),
                        ]),
                    }),
                    None => self.pick("没有情形成立".into(), "no ground holds".into()),
                }
            }
            (rel, _) => self.pick(format!("缺少 {rel}"), format!("no {rel}")),
        };
        View {
            kind: Kind::Failed,
            id: None,
            title,
            clause: None,
            notes: Vec::new(),
            near_miss: false,
            children: sub
                .iter()
                .filter(|a| !other_reading(a))
                .map(|a| self.attempt(a, false))
                .collect(),
        }
    }

    fn why_not(&self, w: &WhyNot) -> View {
        let children = w
            .attempts
            .iter()
            .map(|a| {
                // The clause is quoted once, above its alternatives.
                let mut v = self.attempt(a, false);
                v.clause = None;
                v
            })
            .collect();
        let mut v = View {
            kind: Kind::Absent,
            id: None,
            title: self.pick(
                format!("{}的情形不成立", cite(w.clause)),
                format!("the ground of {} does not hold", cite(w.clause)),
            ),
            clause: self.clause(w.clause),
            notes: Vec::new(),
            near_miss: w.near_miss,
            children,
        };
        if w.near_miss {
            v.notes.push(near_miss_note(self.lang));
        }
        v
    }
}

/// Whether an attempt failed only because it belongs to a reading not in force (such rules
/// are left out of the reader's view; the JSON keeps them).
fn other_reading(a: &Attempt) -> bool {
    a.failures()
        .any(|(_, s)| matches!(s, Status::Missing { sought, .. } if sought.relation == "Reading"))
}

fn tree_section_title(kind: TreeKind, lang: Lang) -> &'static str {
    match kind {
        TreeKind::Disposition => lang.pick("结论的推导", "How the disposition is derived"),
        TreeKind::Ground => lang.pick("成立情形的推导", "How each satisfied ground is derived"),
        TreeKind::Finding => lang.pick(
            "程序与附随事项的推导",
            "How each procedural finding and side duty is derived",
        ),
        TreeKind::NotLiable => lang.pick("为何不能认定追责", "Why liability cannot be concluded"),
    }
}

/// Builds the page of one explanation.
pub fn page(engine: &Engine, ex: &Explanation, lang: Lang) -> Page {
    let cx = Ctx { engine, ex, lang };
    let d = &ex.determination;
    let heading = lang.pick(
        format!("案件 {}  [{}]", d.id, d.path),
        format!("Case {}  [{}]", d.id, d.path),
    );
    let mut summary = vec![lang.pick(
        format!("结论：{}", d.disposition.label(lang)),
        format!("Disposition: {}", d.disposition.label(lang)),
    )];
    if !d.decisive.is_empty() {
        let list: Vec<String> = d.decisive.iter().map(|c| cite(c)).collect();
        summary.push(lang.pick(
            format!("依据：{}", list.join("、")),
            format!("resting on: {}", list.join(", ")),
        ));
    }
    if !d.grounds.is_empty() {
        let list: Vec<String> = d.grounds.iter().map(|c| cite(c)).collect();
        summary.push(lang.pick(
            format!("成立的情形：{}", list.join("、")),
            format!("grounds satisfied: {}", list.join(", ")),
        ));
    }
    summary.push(if ex.settled {
        lang.pick("该结论已确定：任何未知事实都不会改变它。".into(), "This disposition is settled: no unknown fact can change it.".into())
    } else {
        lang.pick("该结论尚不确定：取决于未知事实（见“未知事实与可能的变化”）。".into(), "This disposition is contingent on unknown facts (see \"Unknown facts and what would change\").".into())
    });
    // What is established and missing, and the readings that decide (the settledness line is
    // the one above).
    summary.extend(
        crate::report::render::headline_notes(d, lang)
            .into_iter()
            .skip(1),
    );
    for (fact, value, exclusion, from) in &d.entailed {
        summary.push(lang.pick(
            format!(
                "推出：{} = {}（由 {} 推出：{}）",
                fact.name(),
                value,
                from.name(),
                exclusion.zh
            ),
            format!(
                "entailed: {} = {} (from {}: {})",
                fact.name(),
                value,
                from.name(),
                exclusion.en
            ),
        ));
    }

    let mut sections = Vec::new();
    for kind in [
        TreeKind::Disposition,
        TreeKind::NotLiable,
        TreeKind::Ground,
        TreeKind::Finding,
    ] {
        let views: Vec<View> = ex
            .trees
            .iter()
            .filter(|t| t.kind == kind)
            .map(|t| cx.node(&t.node))
            .collect();
        if !views.is_empty() {
            sections.push(Section {
                title: tree_section_title(kind, lang).to_string(),
                views,
            });
        }
    }
    if !ex.why_not.is_empty() {
        sections.push(Section {
            title: lang
                .pick(
                    "未成立的情形及原因（差一个条件的排在前面）",
                    "Grounds not satisfied, and why (near misses first)",
                )
                .to_string(),
            views: ex.why_not.iter().map(|w| cx.why_not(w)).collect(),
        });
    }
    let mut contingent = Vec::new();
    for c in &ex.contingencies {
        let facts: Vec<String> = c
            .facts
            .iter()
            .map(|(f, v)| format!("{} = {v}", f.name()))
            .collect();
        let via: Vec<String> = c.decisive.iter().map(|x| cite(x)).collect();
        let mut v = View::leaf(
            Kind::Unknown,
            lang.pick(
                format!(
                    "如果查明 {}，结论变为：{}{}",
                    facts.join("，"),
                    c.disposition.label(lang),
                    if via.is_empty() {
                        String::new()
                    } else {
                        format!("（依据{}）", via.join("、"))
                    }
                ),
                format!(
                    "if {} is established, the disposition becomes {}{}",
                    facts.join(" and "),
                    c.disposition.name(),
                    if via.is_empty() {
                        String::new()
                    } else {
                        format!(" under {}", via.join(", "))
                    }
                ),
            ),
        );
        for (f, _) in &c.facts {
            v.notes.push(format!("{}: {}", f.name(), cx.fact_label(*f)));
        }
        contingent.push(v);
    }
    if !ex.contingencies_complete && !ex.contingencies.is_empty() {
        contingent.push(View::leaf(
            Kind::Unknown,
            lang.pick(
                "以上组合是在各项尚未成立的条件之内找到的最小组合；未知事实太多，未逐一穷举所有组合。".into(),
                "These are the smallest sets found within single open conditions; with this many unknown facts, not every combination was tried.".into(),
            ),
        ));
    }
    if !ex.contingent_findings.is_empty() {
        let mut v = View::leaf(
            Kind::Unknown,
            lang.pick(
                "取决于未知事实的程序与附随事项：".into(),
                "Findings that depend on unknown facts:".into(),
            ),
        );
        for f in &ex.contingent_findings {
            v.notes
                .push(crate::report::render::describe_finding(f, lang));
        }
        contingent.push(v);
    }
    if !d.open_facts.is_empty() {
        let mut v = View::leaf(
            Kind::Unknown,
            lang.pick(
                "结论所取决的未知事实：".into(),
                "Unknown facts the disposition turns on:".into(),
            ),
        );
        for f in &d.open_facts {
            v.notes.push(format!("{}: {}", f.name(), cx.fact_label(*f)));
        }
        contingent.push(v);
    }
    if !contingent.is_empty() {
        sections.push(Section {
            title: lang
                .pick(
                    "未知事实与可能的变化",
                    "Unknown facts and what would change",
                )
                .to_string(),
            views: contingent,
        });
    }
    if !d.interpretations.is_empty() {
        sections.push(Section {
            title: lang
                .pick("所依据的解释", "Interpretations relied on")
                .to_string(),
            views: d
                .interpretations
                .iter()
                .filter_map(|n| interpret::find(n))
                .map(|i| {
                    View::leaf(
                        Kind::Text,
                        format!("[{}] {}", i.name, lang.pick(i.zh, i.en)),
                    )
                })
                .collect(),
        });
    }
    Page {
        heading,
        summary,
        sections,
    }
}

/// Writes a view as an indented tree; a derivation already written in full is referred to.
fn text_view(s: &mut String, v: &View, depth: usize, shown: &mut Vec<String>, lang: Lang) {
    let pad = "  ".repeat(depth);
    let mark = match v.kind {
        Kind::Rule => "▸",
        Kind::Absent => "✗",
        Kind::Attempt => "·",
        Kind::False => "✗",
        Kind::Unknown => "?",
        Kind::Failed => "✗",
        _ => "•",
    };
    let _ = writeln!(s, "{pad}{mark} {}", v.title);
    if let Some((citation, text)) = &v.clause {
        let _ = writeln!(s, "{pad}    {citation}：“{text}”");
    }
    if let Some(id) = v.derivation_key() {
        if shown.contains(id) {
            let _ = writeln!(
                s,
                "{pad}    {}",
                lang.pick("（推导见上）", "(derivation shown above)")
            );
            return;
        }
        shown.push(id.clone());
    }
    for n in &v.notes {
        let _ = writeln!(s, "{pad}    {n}");
    }
    for c in &v.children {
        text_view(s, c, depth + 1, shown, lang);
    }
}

/// The explanation as an indented tree for a terminal.
pub fn explanation_text(engine: &Engine, ex: &Explanation, lang: Lang) -> String {
    let p = page(engine, ex, lang);
    let mut s = String::new();
    let _ = writeln!(s, "{}", p.heading);
    for line in &p.summary {
        let _ = writeln!(s, "{line}");
    }
    let mut shown = Vec::new();
    for sec in &p.sections {
        let _ = writeln!(s, "\n== {} ==", sec.title);
        for v in &sec.views {
            text_view(&mut s, v, 0, &mut shown, lang);
        }
    }
    s
}

// ---- JSON: the structure, language-neutral ----

/// Appends a value as the JSON writes it: a name, or `clause#alt` for a cite.
fn push_value(buf: &mut String, v: &Value) {
    match v {
        Value::Mode(Mode::Actual) => buf.push_str("actual"),
        Value::Mode(Mode::Possible) => buf.push_str("possible"),
        Value::Fact(f) => buf.push_str(f.name()),
        Value::Cite(c) => {
            buf.push_str(c.clause);
            buf.push('#');
            // `alt` in decimal, without the formatting machinery.
            let alt = c.alt;
            if alt >= 100 {
                buf.push(char::from(b'0' + alt / 100));
            }
            if alt >= 10 {
                buf.push(char::from(b'0' + alt / 10 % 10));
            }
            buf.push(char::from(b'0' + alt % 10));
        }
        Value::Str(s) => buf.push_str(s),
        Value::Outcome(o) => buf.push_str(Verdict::from(*o).name()),
        Value::Condition(c) => buf.push_str(c.name()),
        Value::Duty(d) => buf.push_str(d.name()),
    }
}

/// A tuple or a pattern written compactly as a JSON string, e.g.
/// `Yes(actual, decision_erroneous)`; `_` stands for a pattern's free field.
enum Compact<'a> {
    Tuple(&'a Tuple),
    Pattern(&'a Pattern),
}

impl Compact<'_> {
    fn push(&self, buf: &mut String) {
        let relation = match self {
            Compact::Tuple(t) => t.relation,
            Compact::Pattern(p) => p.relation,
        };
        buf.push_str(relation);
        buf.push('(');
        let mut field = |i: usize, v: Option<&Value>| {
            if i > 0 {
                buf.push_str(", ");
            }
            match v {
                Some(v) => push_value(buf, v),
                None => buf.push('_'),
            }
        };
        match self {
            Compact::Tuple(t) => t
                .args
                .iter()
                .enumerate()
                .for_each(|(i, v)| field(i, Some(v))),
            Compact::Pattern(p) => p
                .args
                .iter()
                .enumerate()
                .for_each(|(i, v)| field(i, v.as_ref())),
        }
        buf.push(')');
    }
}

impl Serialize for Compact<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // One buffer per thread: these strings are many and short.
        thread_local! {
            static BUF: RefCell<String> = const { RefCell::new(String::new()) };
        }
        BUF.with(|buf| {
            let mut buf = buf.borrow_mut();
            buf.clear();
            self.push(&mut buf);
            s.serialize_str(&buf)
        })
    }
}

/// A clause's citation (`第八条第四项`) as a JSON string; each is built once per thread, as the
/// same few clauses are cited throughout every explanation.
struct Citation(&'static str);

impl Serialize for Citation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        thread_local! {
            static CITED: RefCell<HashMap<&'static str, String, FxBuild>> = RefCell::default();
        }
        CITED.with(|cited| {
            let mut cited = cited.borrow_mut();
            s.serialize_str(cited.entry(self.0).or_insert_with(|| cite(self.0)))
        })
    }
}

// The explanation's JSON is written by serde straight from the explanation, with no `Value`
// tree in between (a tree of maps costs more than the explanation itself): `explanation_json`
// collects it into a `Value`, `explanation_line` writes it as one line for `batch`.

/// What every part of one explanation's JSON needs: the rule steps and absences already
/// written in full, in document order (later ones are written as `same_as`).
struct Cx<'a> {
    engine: &'a Engine,
    ex: &'a Explanation,
    seen: RefCell<Vec<Tuple>>,
    /// The lines of the case's facts found so far (trees cite the same facts many times).
    lines: RefCell<Vec<(Fact, Option<usize>)>>,
}

impl Cx<'_> {
    fn new<'a>(engine: &'a Engine, ex: &'a Explanation) -> Cx<'a> {
        Cx {
            engine,
            ex,
            seen: RefCell::new(Vec::new()),
            lines: RefCell::new(Vec::new()),
        }
    }

    /// The line of the case file stating a fact.
    fn fact_line(&self, f: Fact) -> Option<usize> {
        if let Some((_, line)) = self.lines.borrow().iter().find(|(g, _)| *g == f) {
            return *line;
        }
        let line = crate::engine::case::locate_line(&self.ex.case.source, &["facts", f.name()]);
        self.lines.borrow_mut().push((f, line));
        line
    }
}

/// An array of the items an iterator yields, the iterator made when serialized.
struct Items<F>(F);

impl<F, I> Serialize for Items<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// A node as JSON. A rule step or absence already written in full earlier in the document is
/// written again only as `{"node", "tuple", "same_as"}`: the tuple names the earlier node.
struct NodeOut<'a> {
    cx: &'a Cx<'a>,
    node: &'a Node,
}

impl Serialize for NodeOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (cx, ex, engine) = (self.cx, self.cx.ex, self.cx.engine);
        let mut m = s.serialize_map(None)?;
        if let Node::Rule { tuple, .. } | Node::Absent { tuple, .. } = self.node {
            let repeated = cx.seen.borrow().contains(tuple);
            if repeated {
                let kind = if matches!(self.node, Node::Rule { .. }) {
                    "rule"
                } else {
                    "absent"
                };
                m.serialize_entry("node", kind)?;
                m.serialize_entry("tuple", &Compact::Tuple(tuple))?;
                m.serialize_entry("same_as", &Compact::Tuple(tuple))?;
                return m.end();
            }
            cx.seen.borrow_mut().push(*tuple);
        }
        match self.node {
            Node::Input { tuple } => {
                m.serialize_entry("node", "input")?;
                m.serialize_entry("tuple", &Compact::Tuple(tuple))?;
                let mut line = None;
                if let (Some(Value::Fact(f)), Some(Value::Mode(_))) =
                    (tuple.args.get(1), tuple.args.first())
                {
                    m.serialize_entry("fact", f.name())?;
                    m.serialize_entry("known", &ex.value(*f))?;
                    let source = match f.def().source {
                        Source::Case => "case",
                        Source::Computed => "computed",
                    };
                    m.serialize_entry("source", source)?;
                    if f.def().source == Source::Case && ex.value(*f).is_some() {
                        line = Some(cx.fact_line(*f));
                    }
                }
                if let Some(Value::Cite(c)) = tuple.args.first() {
                    line = Some(engine.policy.line_of(c.clause));
                }
                if let Some(line) = line {
                    m.serialize_entry("line", &line)?;
                }
            }
            Node::Unexplained { tuple } => {
                m.serialize_entry("node", "unexplained")?;
                m.serialize_entry("tuple", &Compact::Tuple(tuple))?;
            }
            Node::Rule {
                tuple,
                rule,
                children,
            } => {
                let r = &program().rule_at(*rule);
                let interpretations: Vec<&str> = r
                    .interpretations
                    .iter()
                    .map(|n| ex.determination.readings.resolve(n))
                    .collect();
                m.serialize_entry("node", "rule")?;
                m.serialize_entry("tuple", &Compact::Tuple(tuple))?;
                m.serialize_entry("rule", &r.id)?;
                let own = loaded_cite(engine, r);
                m.serialize_entry("clause", &own.map(|c| c.0))?;
                m.serialize_entry("citation", &own.map(|c| Citation(c.0)))?;
                m.serialize_entry("text", &own.and_then(|c| engine.policy.text_of(c.0)))?;
                let modality = own
                    .map(|c| modality(engine, c.0, Lang::Zh))
                    .filter(|m| !m.is_empty());
                m.serialize_entry("modality", &modality)?;
                m.serialize_entry("interpretations", &interpretations)?;
                m.serialize_entry(
                    "children",
                    &Items(|| children.iter().map(|node| NodeOut { cx, node })),
                )?;
            }
            Node::Absent { tuple, attempts } => {
                m.serialize_entry("node", "absent")?;
                m.serialize_entry("tuple", &Compact::Tuple(tuple))?;
                m.serialize_entry(
                    "attempts",
                    &Items(|| attempts.iter().map(|a| AttemptOut(ex, a))),
                )?;
            }
        }
        m.end()
    }
}

/// One rule's attempt at a tuple that does not hold, with the conditions that failed.
struct AttemptOut<'a>(&'a Explanation, &'a Attempt);

impl Serialize for AttemptOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let AttemptOut(ex, a) = *self;
        let r = &program().rule_at(a.rule);
        // Made twice (counted, then written) rather than collected.
        let failed = || {
            a.failures()
                .filter(|(_, st)| matches!(st, Status::Missing { .. } | Status::Blocked(_)))
                .map(|(premise, status)| FailureOut {
                    ex,
                    premise,
                    status,
                })
        };
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("rule", &r.id)?;
        m.serialize_entry("clause", &a.cite.map(|c| c.clause).or(r.cite.map(|c| c.0)))?;
        m.serialize_entry("alt", &a.cite.map(|c| c.alt).or(r.cite.map(|c| c.1)))?;
        m.serialize_entry("near_miss", &(failed().count() == 1))?;
        m.serialize_entry("failed", &Items(failed))?;
        m.end()
    }
}

/// A failed condition of an attempt: a premise missing, or excluded by a tuple that holds.
struct FailureOut<'a> {
    ex: &'a Explanation,
    premise: usize,
    status: &'a Status,
}

impl Serialize for FailureOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let ex = self.ex;
        let mut m = s.serialize_map(None)?;
        match self.status {
            Status::Missing { sought, sub } => {
                match fact_premise(sought) {
                    Some((_, f, needed)) => {
                        let status = match ex.value(f) {
                            None => "unknown",
                            Some(_) => "false",
                        };
                        m.serialize_entry("status", status)?;
                        m.serialize_entry("sought", &Compact::Pattern(sought))?;
                        m.serialize_entry("fact", f.name())?;
                        m.serialize_entry("needed", &needed)?;
                    }
                    None => {
                        m.serialize_entry("status", "missing")?;
                        m.serialize_entry("sought", &Compact::Pattern(sought))?;
                    }
                }
                if !sub.is_empty() {
                    m.serialize_entry(
                        "attempts",
                        &Items(|| sub.iter().map(|a| AttemptOut(ex, a))),
                    )?;
                }
            }
            Status::Blocked(t) => {
                m.serialize_entry("status", "excluded")?;
                m.serialize_entry("by", &Compact::Tuple(t))?;
            }
            _ => {}
        }
        m.serialize_entry("premise", &self.premise)?;
        m.end()
    }
}

/// The whole explanation.
struct ExplanationOut<'a> {
    cx: Cx<'a>,
    line: Option<usize>,
}

impl Serialize for ExplanationOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let cx = &self.cx;
        let ex = cx.ex;
        let d = &ex.determination;
        cx.seen.borrow_mut().clear();
        let kind = |k: TreeKind| match k {
            TreeKind::Disposition => "disposition",
            TreeKind::Ground => "ground",
            TreeKind::Finding => "finding",
            TreeKind::NotLiable => "not_liable",
        };
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &d.id)?;
        m.serialize_entry("file", &d.path)?;
        m.serialize_entry("disposition", d.disposition.name())?;
        m.serialize_entry("settled", &ex.settled)?;
        m.serialize_entry(
            "determination",
            &crate::report::render::DeterminationOut::new(d, None),
        )?;
        m.serialize_entry(
            "trees",
            &Items(|| {
                ex.trees.iter().map(|t| TreeOut {
                    explains: kind(t.kind),
                    tree: NodeOut { cx, node: &t.node },
                })
            }),
        )?;
        m.serialize_entry(
            "why_not",
            &Items(|| ex.why_not.iter().map(|w| WhyNotOut(ex, w))),
        )?;
        let contingencies: Vec<Json> = ex
            .contingencies
            .iter()
            .map(|c| {
                json!({
                    "establish": c.facts.iter().map(|(f, v)| json!({ "fact": f.name(), "value": v })).collect::<Vec<_>>(),
                    "disposition": c.disposition.name(),
                    "decisive": c.decisive,
                })
            })
            .collect();
        m.serialize_entry("contingencies", &contingencies)?;
        m.serialize_entry("contingencies_complete", &ex.contingencies_complete)?;
        let findings: Vec<crate::report::render::FindingJson> = ex
            .contingent_findings
            .iter()
            .map(crate::report::render::FindingJson::from)
            .collect();
        m.serialize_entry("contingent_findings", &findings)?;
        if let Some(line) = self.line {
            m.serialize_entry("line", &line)?;
        }
        m.end()
    }
}

/// Why one item of 第八、九、十条 does not hold: each alternative's attempt.
struct WhyNotOut<'a>(&'a Explanation, &'a WhyNot);

impl Serialize for WhyNotOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let WhyNotOut(ex, w) = *self;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("clause", w.clause)?;
        m.serialize_entry("citation", &Citation(w.clause))?;
        m.serialize_entry("near_miss", &w.near_miss)?;
        m.serialize_entry(
            "attempts",
            &Items(|| w.attempts.iter().map(|a| AttemptOut(ex, a))),
        )?;
        m.end()
    }
}

/// A tree entry: which determination it explains, and the tree.
struct TreeOut<'a> {
    explains: &'static str,
    tree: NodeOut<'a>,
}

impl Serialize for TreeOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("explains", self.explains)?;
        m.serialize_entry("tree", &self.tree)?;
        m.end()
    }
}

/// The explanation as JSON (`format_version` as in `render`).
pub fn explanation_json(engine: &Engine, ex: &Explanation) -> Json {
    let out = ExplanationOut {
        cx: Cx::new(engine, ex),
        line: None,
    };
    serde_json::to_value(&out).unwrap_or(Json::Null)
}

/// The explanation as one line of compact JSON with the input line it came from (batch): the
/// fields of `explanation_json`, then `line`.
pub fn explanation_line(engine: &Engine, ex: &Explanation, line: usize) -> String {
    let out = ExplanationOut {
        cx: Cx::new(engine, ex),
        line: Some(line),
    };
    serde_json::to_string(&out).unwrap_or_default()
}

/// The JSON document for several explanations.
pub fn explanations_json(engine: &Engine, cases: Vec<Json>) -> Json {
    json!({
        "format_version": FORMAT_VERSION,
        "policy": { "source": engine.policy.source, "notes": crate::report::render::notes_json(engine) },
        "explanations": cases,
    })
}

/// Where a rule's clause stands in the loaded text: the rule table names the reference text's
/// clause, and a revision may have renumbered or moved it.
fn loaded_cite(engine: &Engine, r: &crate::law::program::Rule) -> Option<(&'static str, u8)> {
    let (clause, alt) = r.cite?;
    Some(
        engine
            .binding
            .loaded(crate::law::rules::at(clause, alt))
            .map_or((clause, alt), |c| (c.clause, c.alt)),
    )
}

#[cfg(test)]
mod tests {
    /// The fact lines the view shows are those `locate` finds.
    #[test]
    fn locate_line_agrees_with_locate() {
        let mut source = String::from("{\"id\": \"甲\",\n\"description\": \"facts\",\n");
        for _ in 0..600 {
            source.push_str("  \"note\": \"已知\",\n");
        }
        source.push_str("\"facts\": {\n \"harm_occurred\": true,\n \"facts\": false }}\n");
        for path in [
            &["facts"][..],
            &["facts", "harm_occurred"],
            &["facts", "facts"],
            &["facts", "absent"],
            &["absent"],
            &["id"],
            &[],
        ] {
            assert_eq!(
                crate::engine::case::locate_line(&source, path),
                crate::engine::case::locate(&source, path).0,
                "{path:?}"
            );
        }
    }
}

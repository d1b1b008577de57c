//! Clause coverage of a fixture set: for every ground of 第八、九、十条 that has a rule and is
//! present in the loaded text, which fixtures satisfy it and which just miss it (an alternative
//! that fails on exactly one condition, as the why-not analysis of `explain` finds). This module
//! owns the `Coverage` model, its computation over case files (invalid-on-purpose `err_` files
//! are skipped; any other file that fails is an error, never dropped), and its text and JSON
//! renderings.

use crate::base::lang::Lang;
use crate::engine::error::Error;
use crate::engine::evaluate::Engine;
use crate::explain::explanation::explain;
use crate::law::program::program;
use crate::report::render::FORMAT_VERSION;
use crate::text::policy::citation;
use crate::workflows::testing::{expects_error, load_case};
use serde_json::{Value, json};
use std::fmt::Write;
use std::path::PathBuf;

/// How one ground clause is exercised by the fixtures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemCoverage {
    /// The ground's clause id as the rule table spells it, e.g. "9.5".
    pub clause: &'static str,
    /// Ids of the fixtures whose determination has this ground, in file order.
    pub satisfied_by: Vec<String>,
    /// Ids of the fixtures where this ground is unmet and some alternative of it fails on
    /// exactly one condition, in file order.
    pub near_missed_by: Vec<String>,
}

/// Coverage of the grounds of 第八、九、十条 by a set of fixtures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coverage {
    /// Every ground clause of 第八、九、十条 that has a rule and is present in the loaded
    /// text, in text order.
    pub items: Vec<ItemCoverage>,
    /// The number of valid (non-`err_`) fixtures evaluated.
    pub fixtures: usize,
    /// Clauses that no fixture satisfies or near-misses, in text order.
    pub untouched: Vec<&'static str>,
}

impl Coverage {
    /// The share of items satisfied by at least one fixture, in percent (0 when there are no
    /// items).
    pub fn percent(&self) -> f64 {
        if self.items.is_empty() {
            return 0.0;
        }
        let satisfied = self.satisfied_items();
        satisfied as f64 * 100.0 / self.items.len() as f64
    }

    /// The number of items satisfied by at least one fixture.
    fn satisfied_items(&self) -> usize {
        self.items
            .iter()
            .filter(|i| !i.satisfied_by.is_empty())
            .count()
    }
}

/// The ground clauses of the loaded text: those a ground rule is bound to (wherever the
/// revision put them) and the added items, evaluable by assertion; in text order.
fn ground_items(engine: &Engine) -> Vec<&'static str> {
    let grounds: Vec<(&'static str, u8)> = program()
        .rules
        .iter()
        .filter(|r| r.head.relation == "Ground")
        .filter_map(|r| r.cite)
        .collect();
    let inputs = &engine.binding.inputs;
    engine
        .policy
        .clause_ids()
        .iter()
        .filter_map(|id| {
            let bound = inputs
                .bound
                .iter()
                .find(|(r, c)| c.clause == id && grounds.contains(&(r.clause, r.alt)))
                .map(|(_, c)| c.clause);
            let added = inputs
                .added
                .iter()
                .find(|c| c.clause == id)
                .map(|c| c.clause);
            bound.or(added)
        })
        .collect()
}

/// Evaluates and explains every fixture of `files` and records, per ground, who satisfies it
/// and who near-misses it. Files named `err_*` are invalid on purpose and skipped; any other
/// file that cannot be loaded or evaluated makes the whole computation fail.
pub fn coverage(engine: &Engine, files: &[PathBuf]) -> Result<Coverage, Error> {
    let mut items: Vec<ItemCoverage> = ground_items(engine)
        .into_iter()
        .map(|clause| ItemCoverage {
            clause,
            satisfied_by: Vec::new(),
            near_missed_by: Vec::new(),
        })
        .collect();
    let mut fixtures = 0;
    for path in files {
        if expects_error(path) {
            continue;
        }
        let case = load_case(path)?;
        let explanation = explain(engine, &case)?;
        fixtures += 1;
        let id = &explanation.determination.id;
        for item in &mut items {
            let satisfied = explanation.determination.grounds.contains(&item.clause);
            let near_missed = !satisfied
                && explanation
                    .why_not
                    .iter()
                    .any(|w| w.clause == item.clause && w.near_miss);
            let list = if satisfied {
                &mut item.satisfied_by
            } else if near_missed {
                &mut item.near_missed_by
            } else {
                continue;
            };
            if !list.contains(id) {
                list.push(id.clone());
            }
        }
    }
    let untouched = items
        .iter()
        .filter(|i| i.satisfied_by.is_empty() && i.near_missed_by.is_empty())
        .map(|i| i.clause)
        .collect();
    Ok(Coverage {
        items,
        fixtures,
        untouched,
    })
}

/// "第九条第五项", or the id itself if it cannot be cited.
fn cite(clause: &str) -> String {
    citation(clause).unwrap_or_else(|| clause.to_string())
}

/// The article part of a clause id: "9" for "9.5".
fn article_of(clause: &str) -> &str {
    clause.split('.').next().unwrap_or(clause)
}

/// "第九条" / "Article 9".
fn article_heading(article: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => cite(article),
        Lang::En => format!("Article {article}"),
    }
}

/// The coverage as text for a person: per article, each item with its citation and the number
/// of fixtures that satisfy and near-miss it; then the untouched items and the percentage.
pub fn coverage_text(c: &Coverage, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            format!("条款覆盖（{} 个案例）", c.fixtures),
            format!("Clause coverage ({} cases)", c.fixtures),
        )
    );
    let width = c
        .items
        .iter()
        .map(|i| cite(i.clause).chars().count())
        .max()
        .unwrap_or(0);
    let mut current: Option<&str> = None;
    for item in &c.items {
        let article = article_of(item.clause);
        if current != Some(article) {
            current = Some(article);
            let _ = writeln!(out, "{}", article_heading(article, lang));
        }
        let citation = cite(item.clause);
        let pad = " ".repeat(width.saturating_sub(citation.chars().count()));
        let (satisfied, near) = (item.satisfied_by.len(), item.near_missed_by.len());
        let _ = writeln!(
            out,
            "  {citation}{pad}  {}",
            lang.pick(
                format!("满足 {satisfied}  接近 {near}"),
                format!("satisfied {satisfied}  near misses {near}"),
            )
        );
    }
    let untouched = if c.untouched.is_empty() {
        lang.pick("无", "none").to_string()
    } else {
        let cited: Vec<String> = c.untouched.iter().map(|u| cite(u)).collect();
        cited.join(lang.pick("、", ", "))
    };
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            format!("未触及：{untouched}"),
            format!("Untouched: {untouched}"),
        )
    );
    let (satisfied, total) = (c.satisfied_items(), c.items.len());
    let _ = writeln!(
        out,
        "{}",
        lang.pick(
            format!(
                "覆盖率：{:.1}%（{total} 项中 {satisfied} 项至少被一个案例满足）",
                c.percent()
            ),
            format!(
                "Coverage: {:.1}% ({satisfied} of {total} items satisfied by at least one case)",
                c.percent()
            ),
        )
    );
    out
}

/// The coverage as JSON (`format_version` 1, keys in this order).
pub fn coverage_json(c: &Coverage) -> Value {
    let items: Vec<Value> = c
        .items
        .iter()
        .map(|i| {
            json!({
                "clause": i.clause,
                "citation": cite(i.clause),
                "satisfied": i.satisfied_by.len(),
                "near_missed": i.near_missed_by.len(),
                "satisfied_by": i.satisfied_by,
                "near_missed_by": i.near_missed_by,
            })
        })
        .collect();
    json!({
        "format_version": FORMAT_VERSION,
        "fixtures": c.fixtures,
        "percent": c.percent(),
        "items": items,
        "untouched": c.untouched,
    })
}

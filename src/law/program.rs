//! The rule table: the `crepe!` block of `rules.rs`, read back as data. Nothing here restates a
//! rule: the table is parsed from the very source text crepe compiles (`include_str!`), so the
//! tracer, the fact vocabulary's clause lists and the drafters' tools see exactly the rules that
//! run. Tests below check the invariants the conventions of `rules.rs` rely on.

use crate::law::facts::Fact;
use std::collections::HashMap;
use std::sync::OnceLock;

const SOURCE: &str = include_str!("rules.rs");

/// An atom `Relation(arg, arg, …)` as written in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Atom {
    pub relation: &'static str,
    pub args: Vec<&'static str>,
}

/// One premise of a rule body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Premise {
    Atom(Atom),
    Negated(Atom),
    /// A Rust boolean guard `(expr)`, with the parentheses removed.
    Guard(&'static str),
    /// `let PAT = EXPR`.
    Let {
        pattern: &'static str,
        expr: &'static str,
    },
}

/// One rule of the program.
#[derive(Clone, Debug)]
pub struct Rule {
    /// Position in the program, from 0.
    pub index: usize,
    /// A name that survives edits elsewhere in `rules.rs`: `Ground 8.2#1` for a rule with a
    /// cite, else the head relation and its ordinal among that relation's uncited rules
    /// (`Disposition#3`).
    pub id: String,
    /// 1-based line of `rules.rs` where the rule starts.
    pub line: usize,
    pub head: Atom,
    pub body: Vec<Premise>,
    /// The clause and alternative of the reference text the rule encodes, from its
    /// `let r = at("…", n)`.
    pub cite: Option<(&'static str, u8)>,
    /// The article heading the rule sits under (the last `// ======== … ========` line).
    pub section: &'static str,
    /// Clause quotes above the rule, without the `//`: the section's opening block (a comment
    /// block followed by a blank line), then the block directly above the rule or above the
    /// nearest rule before it in the same run.
    pub quotes: Vec<&'static str>,
    /// The phrase of its clause's wording the rule is bound to (`// anchor: PHRASE`).
    pub anchor: Option<&'static str>,
    /// Interpretations named in `// interpretation: NAME` lines among those comments.
    pub interpretations: Vec<&'static str>,
    /// The whole rule as written.
    pub source: &'static str,
    /// The `Yes`/`No` premises as facts and needed values (read once, at parse time).
    facts: Vec<(Fact, bool)>,
}

impl Rule {
    /// Facts the rule requires true (`Yes`) or false (`No`), in premise order.
    pub fn fact_premises(&self) -> &[(Fact, bool)] {
        &self.facts
    }
}

fn fact_premises(body: &[Premise]) -> Vec<(Fact, bool)> {
    body.iter()
        .filter_map(|p| match p {
            Premise::Atom(a) if a.relation == "Yes" || a.relation == "No" => {
                let fact = Fact::from_variant(a.args.get(1)?)?;
                Some((fact, a.relation == "Yes"))
            }
            _ => None,
        })
        .collect()
}

/// A relation declared with `@input` or `@output`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    pub name: &'static str,
    pub input: bool,
}

#[derive(Debug)]
pub struct Program {
    pub relations: Vec<Relation>,
    pub rules: Vec<Rule>,
    /// Rule positions by (head relation, clause, alternative).
    by_cite: HashMap<(&'static str, &'static str, u8), usize, crate::base::hash::FxBuild>,
    /// Per fact, whether some rule can read its `Possible` literal false ([0]) or true ([1]):
    /// a `No`/`Yes` premise whose mode is a variable rather than `Actual`.
    possible: Vec<[bool; 2]>,
    actual: Vec<[bool; 2]>,
}

/// The rule table of the compiled program (parsed once). The source is compiled in, not read
/// from input, and `the_program_parses_with_every_relation_declared` parses it in every test
/// run: failing here means the binary itself was built broken.
#[expect(
    clippy::panic,
    reason = "the rule source is part of the binary, checked by tests"
)]
pub fn program() -> &'static Program {
    static PROGRAM: OnceLock<Program> = OnceLock::new();
    PROGRAM.get_or_init(|| parse(SOURCE).unwrap_or_else(|e| panic!("rules.rs: {e}")))
}

impl Program {
    /// The rule at a position this table handed out (by `rule`, the tracer's nodes and
    /// attempts, `fired_rules`): positions never come from input.
    #[expect(
        clippy::indexing_slicing,
        reason = "positions come from this table itself"
    )]
    pub fn rule_at(&self, index: usize) -> &Rule {
        &self.rules[index]
    }

    /// Per fact (indexed by `Fact`), whether a rule can read its `Possible` literal
    /// `[false, true]`.
    pub fn possible_literals(&self) -> &[[bool; 2]] {
        &self.possible
    }

    /// Per fact (indexed by `Fact`), whether a rule can read its `Actual` literal
    /// `[false, true]`.
    pub fn actual_literals(&self) -> &[[bool; 2]] {
        &self.actual
    }

    /// Every distinct cite of the program's rules, in program order.
    pub fn cites(&self) -> Vec<(&'static str, u8)> {
        let mut out: Vec<_> = Vec::new();
        for c in self.rules.iter().filter_map(|r| r.cite) {
            if !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }

    /// Every clause id some rule encodes, in program order.
    pub fn clauses(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for (c, _) in self.cites() {
            if !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }

    /// The anchor phrase of a clause: the first given on any of its rules.
    pub fn anchor(&self, clause: &str) -> Option<&'static str> {
        self.rules
            .iter()
            .filter(|r| r.cite.is_some_and(|(c, _)| c == clause))
            .find_map(|r| r.anchor)
    }

    /// The rule that concludes `relation` with this cite.
    pub fn rule(&self, relation: &str, clause: &str, alt: u8) -> Option<&Rule> {
        self.by_cite
            .get(&(relation, clause, alt))
            .and_then(|i| self.rules.get(*i))
    }

    /// The clauses whose rules use `fact`, in program order.
    pub fn clauses_of(&self, fact: Fact) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for r in &self.rules {
            if let Some((clause, _)) = r.cite
                && r.fact_premises().iter().any(|(f, _)| *f == fact)
                && !out.contains(&clause)
            {
                out.push(clause);
            }
        }
        out
    }
}

/// Parses the `crepe! { … }` block of `src`. Errors name the line.
pub fn parse(src: &'static str) -> Result<Program, String> {
    let open = src.find("\ncrepe! {").ok_or("no `crepe! {` block")?;
    let body_start = open + "\ncrepe! {".len();
    let close = matching_brace(src, body_start).ok_or("unclosed `crepe!` block")?;
    let block = &src[body_start..close];
    let base_line = src[..body_start].matches('\n').count() + 1;

    let mut relations = Vec::new();
    let mut rules = Vec::new();
    // Comment lines above the next rule; after a rule they stay in force for the rules that
    // follow without a comment of their own.
    let mut quotes: Vec<&'static str> = Vec::new();
    let mut after_rule = false;
    let mut section = "";
    // A comment block followed by a blank line speaks for the whole section.
    let mut section_quotes: Vec<&'static str> = Vec::new();
    let mut pending_decl: Option<bool> = None;
    let mut stmt_start: Option<(usize, usize)> = None; // (byte offset in block, line)
    let mut offset = 0;
    for (i, raw) in block.split_inclusive('\n').enumerate() {
        let line_no = base_line + i;
        let line = raw.trim();
        let here = offset;
        offset += raw.len();
        if stmt_start.is_none() {
            if line.is_empty() {
                if !after_rule {
                    section_quotes.append(&mut quotes);
                }
                continue;
            }
            if let Some(comment) = line.strip_prefix("//") {
                let comment = comment.trim();
                if after_rule {
                    quotes.clear();
                    after_rule = false;
                }
                if comment.starts_with("====") || comment.starts_with("----") {
                    section = comment.trim_matches(|c| c == '=' || c == '-').trim();
                    section_quotes.clear();
                    quotes.clear();
                } else {
                    quotes.push(comment);
                }
                continue;
            }
            if line.starts_with("@input") || line.starts_with("@output") {
                pending_decl = Some(line.starts_with("@input"));
                continue;
            }
            if line.starts_with("#[") {
                continue;
            }
            stmt_start = Some((here, line_no));
        }
        if line.ends_with(';') {
            let (start, start_line) = stmt_start.take().ok_or("statement without start")?;
            let stmt = block[start..offset].trim().trim_end_matches(';').trim();
            if let Some(decl) = stmt
                .strip_prefix("pub struct")
                .or(stmt.strip_prefix("struct"))
            {
                let name = decl.trim().split('(').next().unwrap_or("").trim();
                let input = pending_decl
                    .take()
                    .ok_or_else(|| format!("line {start_line}: struct without @input/@output"))?;
                relations.push(Relation { name, input });
            } else {
                let rule = parse_rule(stmt, start_line, rules.len(), section)
                    .map_err(|e| format!("line {start_line}: {e}"))?;
                let mut rule = rule;
                for q in section_quotes.iter().chain(&quotes) {
                    if let Some(name) = q.strip_prefix("interpretation:") {
                        rule.interpretations.push(name.trim());
                    } else if let Some(phrase) = q.strip_prefix("anchor:") {
                        rule.anchor = Some(phrase.trim());
                    } else {
                        rule.quotes.push(q);
                    }
                }
                after_rule = true;
                rules.push(rule);
            }
        }
    }
    if stmt_start.is_some() {
        return Err("unterminated statement at end of block".into());
    }
    // Name the uncited rules by their ordinal among their head relation's.
    let mut ordinals: HashMap<&str, usize> = HashMap::new();
    for r in rules.iter_mut().filter(|r| r.cite.is_none()) {
        let n = ordinals.entry(r.head.relation).or_insert(0);
        *n += 1;
        r.id = format!("{}#{n}", r.head.relation);
    }
    let by_cite = rules
        .iter()
        .filter_map(|r: &Rule| r.cite.map(|(c, a)| ((r.head.relation, c, a), r.index)))
        .collect();
    // Which literals some rule reads, per mode: a premise in a variable mode reads both.
    let mut possible = vec![[false; 2]; crate::law::facts::VOCABULARY.len()];
    let mut actual = vec![[false; 2]; crate::law::facts::VOCABULARY.len()];
    for r in &rules {
        for p in &r.body {
            if let Premise::Atom(a) | Premise::Negated(a) = p
                && (a.relation == "Yes" || a.relation == "No")
                && let Some(f) = a.args.get(1).and_then(|v| Fact::from_variant(v))
            {
                let sign = (a.relation == "Yes") as usize;
                for (table, excluded) in [(&mut possible, "Actual"), (&mut actual, "Possible")] {
                    if a.args.first() != Some(&excluded)
                        && let Some(slot) = table.get_mut(f as usize).and_then(|p| p.get_mut(sign))
                    {
                        *slot = true;
                    }
                }
            }
        }
    }
    Ok(Program {
        relations,
        rules,
        by_cite,
        possible,
        actual,
    })
}

fn matching_brace(src: &str, from: usize) -> Option<usize> {
    let mut depth = 1usize;
    let mut in_comment = false;
    let bytes = src.as_bytes();
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\n' => in_comment = false,
            b'/' if !in_comment && bytes.get(i + 1) == Some(&b'/') => in_comment = true,
            b'{' if !in_comment => depth += 1,
            b'}' if !in_comment => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Splits at commas not nested in parentheses or strings.
fn split_top(s: &'static str) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut in_str = false;
    let mut start = 0;
    for (i, ch) in s.char_indices() {
        match ch {
            '"' => in_str = !in_str,
            '(' if !in_str => depth += 1,
            ')' if !in_str => depth -= 1,
            ',' if !in_str && depth == 0 => {
                out.push(s[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    let last = s[start..].trim();
    if !last.is_empty() {
        out.push(last);
    }
    out
}

fn parse_atom(s: &'static str) -> Result<Atom, String> {
    let s = s.trim();
    let open = s.find('(').ok_or_else(|| format!("`{s}` is not an atom"))?;
    let relation = s[..open].trim();
    if relation.is_empty() || !relation.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Err(format!("`{s}` is not an atom"));
    }
    let inner = s[open + 1..]
        .strip_suffix(')')
        .ok_or_else(|| format!("`{s}` does not end with `)`"))?;
    Ok(Atom {
        relation,
        args: split_top(inner),
    })
}

fn parse_rule(
    stmt: &'static str,
    line: usize,
    index: usize,
    section: &'static str,
) -> Result<Rule, String> {
    let (head, body) = stmt.split_once("<-").ok_or("a rule needs `<-`")?;
    let head = parse_atom(head)?;
    let mut premises = Vec::new();
    let mut cite = None;
    for item in split_top(body) {
        let premise = if let Some(rest) = item.strip_prefix("let ") {
            let (pattern, expr) = rest.split_once('=').ok_or("`let` without `=`")?;
            let (pattern, expr) = (pattern.trim(), expr.trim());
            if let Some(args) = expr.strip_prefix("at(").and_then(|e| e.strip_suffix(')')) {
                let parts = split_top(args);
                let clause = parts
                    .first()
                    .and_then(|p| p.strip_prefix('"'))
                    .and_then(|p| p.strip_suffix('"'))
                    .ok_or("`at` needs a clause string")?;
                let alt = parts
                    .get(1)
                    .and_then(|p| p.parse::<u8>().ok())
                    .ok_or("`at` needs an alternative number")?;
                if cite.replace((clause, alt)).is_some() {
                    return Err("two cites in one rule".into());
                }
            }
            Premise::Let { pattern, expr }
        } else if let Some(rest) = item.strip_prefix('!') {
            Premise::Negated(parse_atom(rest)?)
        } else if item.starts_with('(') {
            Premise::Guard(item[1..item.len() - 1].trim())
        } else {
            Premise::Atom(parse_atom(item)?)
        };
        premises.push(premise);
    }
    Ok(Rule {
        index,
        id: match cite {
            Some((clause, alt)) => format!("{} {clause}#{alt}", head.relation),
            None => String::new(),
        },
        line,
        head,
        facts: fact_premises(&premises),
        body: premises,
        cite,
        section,
        quotes: Vec::new(),
        anchor: None,
        interpretations: Vec::new(),
        source: stmt,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::law::facts::VOCABULARY;
    use crate::text::policy::PolicyText;

    #[test]
    fn the_program_parses_with_every_relation_declared() {
        let p = program();
        assert!(p.rules.len() >= 60, "{} rules", p.rules.len());
        let declared: Vec<&str> = p.relations.iter().map(|r| r.name).collect();
        for r in &p.rules {
            assert!(
                declared.contains(&r.head.relation),
                "rule at line {}",
                r.line
            );
            for prem in &r.body {
                if let Premise::Atom(a) | Premise::Negated(a) = prem {
                    assert!(
                        declared.contains(&a.relation),
                        "{} at {}",
                        a.relation,
                        r.line
                    );
                }
            }
        }
    }

    #[test]
    fn no_negated_premise_has_a_wildcard() {
        // The tracer checks a negated premise by looking its one tuple up: it must be ground.
        for r in &program().rules {
            for p in &r.body {
                if let Premise::Negated(a) = p {
                    assert!(!a.args.contains(&"_"), "{} at line {}", a.relation, r.line);
                }
            }
        }
    }

    #[test]
    fn every_cite_is_unique_per_relation_and_gated_by_its_binding() {
        let p = program();
        let mut seen = Vec::new();
        for r in &p.rules {
            if let Some(c) = r.cite {
                let key = (r.head.relation, c);
                assert!(!seen.contains(&key), "duplicate {key:?} at line {}", r.line);
                seen.push(key);
                // `let r = at(..)` must be followed by `Bound(r, _)` so that the rule follows its
                // clause through a revision and stops when the clause is deleted.
                let gated = r.body.iter().any(|p| {
                    matches!(p, Premise::Atom(a) if a.relation == "Bound"
                        && a.args.first().is_some_and(|x| *x == "r"))
                });
                assert!(gated, "rule at line {} is not gated by Bound(r, _)", r.line);
            } else {
                // Rules without a cite must take the cite of a premise (an aggregate or a
                // disposition), never invent one.
                assert!(
                    !r.source.contains("at("),
                    "rule at line {} builds a cite outside `let`",
                    r.line
                );
            }
        }
    }

    #[test]
    fn every_cited_clause_exists_in_the_bundled_text() {
        let text = PolicyText::bundled();
        for clause in program().clauses() {
            assert!(text.clause(clause).is_some(), "{clause}");
        }
    }

    #[test]
    fn every_cited_clause_has_an_anchor_in_its_own_wording_only() {
        let text = PolicyText::bundled();
        for clause in program().clauses() {
            let anchor = program()
                .anchor(clause)
                .unwrap_or_else(|| panic!("{clause} has no anchor"));
            assert!(
                text.text_of(clause).unwrap().contains(anchor),
                "{clause}: {anchor}"
            );
            // Unique within its article, so a renumbering cannot bind it to a sibling.
            let article = clause.split('.').next().unwrap();
            for other in text.clause_ids() {
                if other != clause
                    && other.split('.').next() == Some(article)
                    && other.contains('.')
                {
                    assert!(
                        !text.text_of(&other).unwrap().contains(anchor),
                        "{clause} anchor also in {other}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_item_of_articles_8_to_10_has_a_ground_rule() {
        let text = PolicyText::bundled();
        let p = program();
        for id in text.clause_ids() {
            if ["8.", "9.", "10."].iter().any(|a| id.starts_with(a)) {
                assert!(
                    p.rules
                        .iter()
                        .any(|r| r.head.relation == "Ground" && r.cite.map(|c| c.0) == Some(&*id)),
                    "{id} has no rule"
                );
            }
        }
    }

    #[test]
    fn every_case_fact_is_used_by_some_rule() {
        let p = program();
        for d in VOCABULARY {
            assert!(!p.clauses_of(d.fact).is_empty(), "{} is unused", d.name);
        }
    }

    #[test]
    fn rules_carry_their_clause_quotes_and_interpretations() {
        let p = program();
        let r = p.rule("Ground", "9.5", 1).unwrap();
        assert!(r.quotes[0].contains("有下列情形之一的，可以容错免责"));
        assert!(r.quotes[1].contains("隐瞒、伪造、毁灭证据"));
        let r = p.rule("Ground", "8.5", 2).unwrap();
        assert_eq!(
            r.interpretations,
            ["art8_one_item_suffices", "force_majeure_as_written"]
        );
        assert_eq!(
            r.fact_premises(),
            [
                (Fact::EventUnavoidable, true),
                (Fact::DutyUnperformed, true)
            ]
        );
        assert!(
            p.rule("Liable", "12", 1)
                .unwrap()
                .body
                .iter()
                .any(|b| matches!(b, Premise::Negated(a) if a.args == ["Possible", "\"9\""]))
        );
    }
}

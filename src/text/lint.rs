//! Lint of the policy text itself, not of the rules: this module owns the drafting checks a
//! careful reader applies to the wording of the draft — article and item numbering (gaps, order,
//! repeats), list lead-ins without 之一, period phrases (mixed units, Arabic numerals, no or an
//! unclear starting event), catch-all items (circular, without the noun 情形) and the grammatical
//! pattern and punctuation of item lists — and reports each problem as a bilingual [`Finding`]
//! with the fix a drafter would make. Overlaps between articles are `analyze`'s business, not
//! this module's.
//!
//! Positions: [`lint_text`] knows only the parsed model, so a finding about a phrase inside a
//! clause points at the clause (article header, or item label). [`lint_source`] is given the
//! raw file as well and points at the phrase itself; when the raw text does not match the model
//! it falls back to the clause's position.
//!
//! Heuristics (documented here because they are judgement calls):
//! - A period's *sentence* is the clause text since the last 。；！？ before it. The period has an
//!   explicit start when that sentence contains 之日, 之前/以前, 届满, 收到, 接到, 送达, a 起
//!   (not in 起草, 起诉, 一起, 发起, 提起, 引起) or a 后 (not in 后果, 后续, 后期).
//! - Otherwise, when the sentence names an event (启动, 开始, 立案, 受理, 作出, 提出, 发现, 决定,
//!   印发, 发布, 公布) the period is tied to that event but does not say whether it runs from
//!   the day of the event or from the day the person concerned is notified of it: a Note,
//!   `period-start-unclear`. 第十一条's "在追责问责机关启动追责问责程序5个工作日内" is this case.
//! - Otherwise the period has no start at all: a Warning, `period-without-start`.
//! - A catch-all restates its article's conclusion (`catch-all-circular`) when it shares with the
//!   conclusion — the lead's wording after 应当认定为 / 认定为 / 可以 / 应当 — a run of at least
//!   four characters, or the whole conclusion if that is shorter.
//! - Items follow the 的 pattern when a strict majority of the article's non-catch-all items
//!   (at least two) end in 的 before their closing ；/。; a closing proviso "，但……除外" is
//!   ignored for this purpose.

use crate::base::lang::Lang;
use crate::text::policy::{
    Article, PeriodPhrase, PeriodUnit, PolicyText, chinese_numeral, is_catch_all, period_phrases,
};
use std::fmt;

/// How serious a finding is. Ordered from most to least serious.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The text is wrong: citations into it cannot be trusted.
    Error,
    /// The text is ambiguous or incomplete in a way that can change a result.
    Warning,
    /// A drafting blemish, or a point a reader should be aware of.
    Note,
}

impl Severity {
    /// The severity's name in the given language ("警告" / "warning").
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Severity::Error => lang.pick("错误", "error"),
            Severity::Warning => lang.pick("警告", "warning"),
            Severity::Note => lang.pick("提示", "note"),
        }
    }
}

/// One problem found in the policy text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Stable kebab-case id of the check, one of [`CODES`].
    pub code: &'static str,
    pub severity: Severity,
    /// The clause id ("9" or "9.3") the finding is about, if any.
    pub clause: Option<String>,
    /// 1-based line in the policy file.
    pub line: usize,
    /// 1-based char column in the policy file.
    pub column: usize,
    /// The problem in Chinese, quoting the wording.
    pub zh: String,
    /// The problem in English, quoting the Chinese wording.
    pub en: String,
    /// The fix a drafter would make, in Chinese.
    pub fix_zh: String,
    /// The fix a drafter would make, in English.
    pub fix_en: String,
}

/// Every code a finding can carry, with its severity.
pub const CODES: [(&str, Severity); 16] = [
    ("article-duplicate", Severity::Error),
    ("article-order", Severity::Error),
    ("article-gap", Severity::Warning),
    ("item-duplicate", Severity::Error),
    ("item-order", Severity::Error),
    ("item-gap", Severity::Warning),
    ("lead-in-without-zhiyi", Severity::Warning),
    ("mixed-period-units", Severity::Warning),
    ("arabic-numeral-period", Severity::Note),
    ("period-without-start", Severity::Warning),
    ("period-start-unclear", Severity::Note),
    ("catch-all", Severity::Note),
    ("catch-all-circular", Severity::Warning),
    ("catch-all-no-noun", Severity::Note),
    ("item-pattern", Severity::Note),
    ("item-punctuation", Severity::Note),
];

impl Finding {
    /// One line: where, severity, code, problem and fix. English:
    /// `第九条 (line 48:1) warning[item-gap]: … — fix: …`; Chinese:
    /// `第九条（第 48 行第 1 列）警告[item-gap]：……——修改：……`.
    pub fn message(&self, lang: Lang) -> String {
        let severity = self.severity.label(lang);
        let code = self.code;
        let (line, column) = (self.line, self.column);
        let place = match &self.clause {
            Some(id) => clause_citation(id),
            None => lang.pick("全文", "text").to_string(),
        };
        match lang {
            Lang::Zh => format!(
                "{place}（第 {line} 行第 {column} 列）{severity}[{code}]：{}——修改：{}",
                self.zh, self.fix_zh
            ),
            Lang::En => format!(
                "{place} (line {line}:{column}) {severity}[{code}]: {} — fix: {}",
                self.en, self.fix_en
            ),
        }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

/// Lints the parsed text. Findings about a phrase inside a clause point at the clause (its
/// article header or item label); use [`lint_source`] for the phrase's own column. Sorted by
/// (line, column, code).
pub fn lint_text(policy: &PolicyText) -> Vec<Finding> {
    lint(policy, None)
}

/// Lints the parsed text, using `raw` (the file `policy` was parsed from; a BOM and CRLF are
/// accepted) to point each finding at the phrase it quotes. Where `raw` does not match the
/// model, the finding keeps the clause's position. Sorted by (line, column, code).
pub fn lint_source(policy: &PolicyText, raw: &str) -> Vec<Finding> {
    lint(policy, Some(raw))
}

// ---------------------------------------------------------------------------------------------
// Collection and positions

/// Where a finding points, before positions are resolved.
#[derive(Clone, Copy, Debug)]
enum Anchor {
    /// An article's header.
    Article(usize),
    /// An item's label: (article index, item index).
    Item(usize, usize),
    /// A char offset in a clause's text: the article's lead (item `None`) or an item's text.
    Text {
        article: usize,
        item: Option<usize>,
        offset: usize,
    },
}

/// A finding whose position is not resolved yet.
struct Draft {
    code: &'static str,
    clause: Option<String>,
    at: Anchor,
    zh: String,
    en: String,
    fix_zh: String,
    fix_en: String,
}

fn severity_of(code: &str) -> Severity {
    CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(Severity::Note, |(_, s)| *s)
}

fn lint(policy: &PolicyText, raw: Option<&str>) -> Vec<Finding> {
    let mut drafts = Vec::new();
    check_article_numbers(policy, &mut drafts);
    for (index, article) in policy.articles.iter().enumerate() {
        check_item_numbers(index, article, &mut drafts);
        check_lead_in(index, article, &mut drafts);
        check_periods(index, article, &mut drafts);
        check_catch_alls(index, article, &mut drafts);
        check_item_forms(index, article, &mut drafts);
    }
    let lines = raw.map(source_lines);
    let mut findings: Vec<Finding> = drafts
        .into_iter()
        .map(|d| {
            let (line, column) = resolve(policy, lines.as_deref(), d.at);
            Finding {
                code: d.code,
                severity: severity_of(d.code),
                clause: d.clause,
                line,
                column,
                zh: d.zh,
                en: d.en,
                fix_zh: d.fix_zh,
                fix_en: d.fix_en,
            }
        })
        .collect();
    findings.sort_by(|a, b| (a.line, a.column, a.code).cmp(&(b.line, b.column, b.code)));
    findings
}

fn source_lines(raw: &str) -> Vec<&str> {
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    raw.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect()
}

fn leading_whitespace(line: &str) -> usize {
    line.chars().take_while(|c| c.is_whitespace()).count()
}

fn resolve(policy: &PolicyText, lines: Option<&[&str]>, at: Anchor) -> (usize, usize) {
    match at {
        Anchor::Article(a) => {
            let Some(article) = policy.articles.get(a) else {
                return (1, 1);
            };
            let column = lines
                .and_then(|ls| ls.get(article.line.checked_sub(1)?))
                .map_or(1, |l| leading_whitespace(l) + 1);
            (article.line, column)
        }
        Anchor::Item(a, i) => policy
            .articles
            .get(a)
            .and_then(|article| article.items.get(i))
            .map_or((1, 1), |item| (item.line, item.column)),
        Anchor::Text {
            article,
            item,
            offset,
        } => {
            let fallback = match item {
                Some(i) => Anchor::Item(article, i),
                None => Anchor::Article(article),
            };
            let clause = policy.articles.get(article).and_then(|a| match item {
                Some(i) => a.items.get(i).map(|it| (it.line, it.text.as_str())),
                None => Some((a.line, a.lead.as_str())),
            });
            clause
                .zip(lines)
                .and_then(|((line, text), ls)| locate(ls, line, text, offset))
                .unwrap_or_else(|| resolve(policy, lines, fallback))
        }
    }
}

/// 1-based (line, column) of char `offset` of a clause text that starts on `line` of `lines`:
/// the text is the rest of that line from some column on, followed by the trimmed non-blank
/// continuation lines (the way `PolicyText::parse` builds it). `None` when the lines do not
/// spell the text.
fn locate(lines: &[&str], line: usize, text: &str, offset: usize) -> Option<(usize, usize)> {
    let first = lines.get(line.checked_sub(1)?)?;
    let text: Vec<char> = text.chars().collect();
    let first: Vec<char> = first.chars().collect();
    // The clause text starts at the first column from which the rest of the line (trimmed at
    // the end) is a non-empty prefix of the text.
    let (start, length) = (0..first.len()).find_map(|k| {
        let rest = first.get(k..)?;
        if rest.first()?.is_whitespace() {
            return None;
        }
        let end = rest.len() - rest.iter().rev().take_while(|c| c.is_whitespace()).count();
        let piece = rest.get(..end)?;
        text.starts_with(piece).then_some((k, piece.len()))
    })?;
    if offset < length {
        return Some((line, start + offset + 1));
    }
    let mut consumed = length;
    for (index, raw) in lines.iter().enumerate().skip(line) {
        let piece: Vec<char> = raw.trim().chars().collect();
        if piece.is_empty() {
            continue;
        }
        if !text.get(consumed..)?.starts_with(&piece) {
            return None;
        }
        if offset < consumed + piece.len() {
            return Some((index + 1, leading_whitespace(raw) + 1 + offset - consumed));
        }
        consumed += piece.len();
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Citations and small text helpers

fn article_cite(n: u32) -> String {
    format!("第{}条", chinese_numeral(n))
}

fn item_cite(article: u32, item: u32) -> String {
    format!(
        "第{}条第{}项",
        chinese_numeral(article),
        chinese_numeral(item)
    )
}

fn label(n: u32) -> String {
    format!("（{}）", chinese_numeral(n))
}

fn item_id(article: &Article, item: usize) -> String {
    match article.items.get(item) {
        Some(it) => format!("{}.{}", article.number, it.number),
        None => article.number.to_string(),
    }
}

/// The Chinese citation of a clause id ("9.3" → 第九条第三项); the id itself if malformed.
fn clause_citation(id: &str) -> String {
    let number = |s: &str| s.parse::<u32>().ok();
    match id.split_once('.') {
        None => number(id).map(article_cite),
        Some((a, i)) => number(a).zip(number(i)).map(|(a, i)| item_cite(a, i)),
    }
    .unwrap_or_else(|| id.to_string())
}

fn ordinal_en(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Char offset of the first occurrence of `pattern` in `text`.
fn char_find(text: &str, pattern: &str) -> Option<usize> {
    text.find(pattern)
        .map(|b| text.get(..b).map_or(0, |s| s.chars().count()))
}

fn collect(chars: &[char], from: usize, to: usize) -> String {
    chars
        .get(from..to.min(chars.len()))
        .unwrap_or_default()
        .iter()
        .collect()
}

/// Punctuation that closes a phrase (for quoting the phrase around a position).
fn is_phrase_break(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '；' | '：' | '！' | '？' | ',' | ';' | ':' | '!' | '?'
    )
}

/// Punctuation that closes a sentence.
fn is_sentence_break(c: char) -> bool {
    matches!(c, '。' | '；' | '！' | '？' | ';' | '!' | '?')
}

/// Start of the phrase (since the last phrase break) containing char `at`.
fn phrase_start(chars: &[char], at: usize) -> usize {
    chars
        .get(..at)
        .and_then(|before| before.iter().rposition(|c| is_phrase_break(*c)))
        .map_or(0, |p| p + 1)
}

/// End (exclusive) of the phrase containing char `at`.
fn phrase_end(chars: &[char], at: usize) -> usize {
    chars
        .get(at..)
        .and_then(|after| after.iter().position(|c| is_phrase_break(*c)))
        .map_or(chars.len(), |p| at + p)
}

/// The text of an item without its closing punctuation and trailing whitespace.
fn item_body(text: &str) -> &str {
    text.trim_end()
        .trim_end_matches(['；', '。', ';', '.', '，', ','])
        .trim_end()
}

/// The body with a closing proviso "，但……除外" removed.
fn without_proviso(body: &str) -> &str {
    if body.ends_with("除外")
        && let Some(b) = body.rfind("，但")
    {
        return body.get(..b).unwrap_or(body);
    }
    body
}

/// The end of `s` for quoting: its last phrase (after the last ，、 and the like) when that is
/// at most `n` chars, else its last `n` chars; with a leading ellipsis when cut.
fn tail(s: &str, n: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    let phrase = chars
        .iter()
        .rposition(|c| is_phrase_break(*c) || *c == '、')
        .map_or(0, |p| p + 1);
    let start = if chars.len() - phrase <= n {
        phrase
    } else {
        chars.len() - n
    };
    let kept = collect(&chars, start, chars.len());
    if start == 0 {
        kept
    } else {
        format!("……{kept}")
    }
}

/// Longest run of chars shared by `a` and `b`: (start in `a`, length).
fn longest_shared(a: &[char], b: &[char]) -> (usize, usize) {
    let mut best = (0, 0);
    let mut previous = vec![0usize; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        let mut current = vec![0usize; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            if ca == cb {
                let run = previous.get(j).copied().unwrap_or(0) + 1;
                if let Some(slot) = current.get_mut(j + 1) {
                    *slot = run;
                }
                if run > best.1 {
                    best = (i + 1 - run, run);
                }
            }
        }
        previous = current;
    }
    best
}

// ---------------------------------------------------------------------------------------------
// 1. Numbering

/// Runs of missing numbers below the largest present one: (first, last) inclusive.
fn missing_runs(numbers: &[u32]) -> Vec<(u32, u32)> {
    let mut sorted: Vec<u32> = numbers.iter().copied().filter(|n| *n >= 1).collect();
    sorted.sort_unstable();
    sorted.dedup();
    let mut runs = Vec::new();
    let mut previous = 0u32;
    for n in sorted {
        if n > previous.saturating_add(1) {
            runs.push((previous + 1, n - 1));
        }
        previous = n;
    }
    runs
}

/// Problems of order and repetition: (index, kind) where kind is true for a repeat.
fn order_problems(numbers: &[u32]) -> Vec<(usize, bool, u32)> {
    let mut problems = Vec::new();
    let mut highest: Option<u32> = None;
    for (index, n) in numbers.iter().enumerate() {
        let seen = numbers.get(..index).is_some_and(|b| b.contains(n));
        if seen {
            problems.push((index, true, *n));
        } else if let Some(h) = highest.filter(|h| n < h) {
            problems.push((index, false, h));
        }
        highest = Some(highest.map_or(*n, |h| h.max(*n)));
    }
    problems
}

fn range_text(lo: u32, hi: u32, one: impl Fn(u32) -> String, zh: bool) -> String {
    if lo == hi {
        one(lo)
    } else if zh {
        format!("{}至{}", one(lo), one(hi))
    } else {
        format!("{} to {}", one(lo), one(hi))
    }
}

fn check_article_numbers(policy: &PolicyText, out: &mut Vec<Draft>) {
    let numbers: Vec<u32> = policy.articles.iter().map(|a| a.number).collect();
    for (index, repeat, other) in order_problems(&numbers) {
        let Some(n) = numbers.get(index).copied() else {
            continue;
        };
        let (this, other_cite) = (article_cite(n), article_cite(other));
        let draft = if repeat {
            Draft {
                code: "article-duplicate",
                clause: Some(n.to_string()),
                at: Anchor::Article(index),
                zh: format!("{this}重复出现：同一编号指向两条条文，引用无法确定"),
                en: format!("{this} appears twice: a citation of it cannot tell which is meant"),
                fix_zh: "删除重复的条文，或者将全部条文依次重新编号并同步修改引用".into(),
                fix_en: "delete the repeated article, or renumber all articles consecutively and \
                         update every cross-reference"
                    .into(),
            }
        } else {
            Draft {
                code: "article-order",
                clause: Some(n.to_string()),
                at: Anchor::Article(index),
                zh: format!("{this}排在{other_cite}之后，条文编号顺序错乱"),
                en: format!("{this} comes after {other_cite}: the articles are out of order"),
                fix_zh: "按编号顺序排列条文，或者依出现顺序重新编号并同步修改引用".into(),
                fix_en: "put the articles in numerical order, or renumber them in the order they \
                         appear and update every cross-reference"
                    .into(),
            }
        };
        out.push(draft);
    }
    for (lo, hi) in missing_runs(&numbers) {
        let next = hi.saturating_add(1);
        let Some(index) = numbers.iter().position(|n| *n == next) else {
            continue;
        };
        let missing_zh = range_text(lo, hi, article_cite, true);
        let missing_en = range_text(lo, hi, article_cite, false);
        let next_cite = article_cite(next);
        let (zh, en) = if lo == 1 {
            (
                format!("条文编号不从第一条开始：缺少{missing_zh}，首条为{next_cite}"),
                format!(
                    "article numbers do not start at 第一条: {missing_en} missing, the first is {next_cite}"
                ),
            )
        } else {
            let before = article_cite(lo - 1);
            (
                format!("条文编号不连续：缺少{missing_zh}，{before}之后为{next_cite}"),
                format!("article numbers skip {missing_en}: {next_cite} follows {before}"),
            )
        };
        out.push(Draft {
            code: "article-gap",
            clause: Some(next.to_string()),
            at: Anchor::Article(index),
            zh,
            en,
            fix_zh: format!(
                "自{next_cite}起依次重新编号（{next_cite}改为{}，其后顺延），并同步修改引用这些条文的表述；或者补上缺失的{missing_zh}",
                article_cite(lo)
            ),
            fix_en: format!(
                "renumber the articles consecutively from {next_cite} on ({next_cite} becomes {}, and so on) and update every cross-reference, or restore the missing {missing_en}",
                article_cite(lo)
            ),
        });
    }
}

fn check_item_numbers(index: usize, article: &Article, out: &mut Vec<Draft>) {
    let numbers: Vec<u32> = article.items.iter().map(|i| i.number).collect();
    let a = article.number;
    for (item, repeat, other) in order_problems(&numbers) {
        let Some(n) = numbers.get(item).copied() else {
            continue;
        };
        let draft = if repeat {
            Draft {
                code: "item-duplicate",
                clause: Some(item_id(article, item)),
                at: Anchor::Item(index, item),
                zh: format!(
                    "{}的项{}重复出现：引用“{}”无法确定所指",
                    article_cite(a),
                    label(n),
                    item_cite(a, n)
                ),
                en: format!(
                    "item {} of {} appears twice: the citation “{}” cannot tell which is meant",
                    label(n),
                    article_cite(a),
                    item_cite(a, n)
                ),
                fix_zh: "删除重复的项，或者将本条各项依次重新编号并同步修改引用".into(),
                fix_en: "delete the repeated item, or renumber the article's items consecutively \
                         and update every citation"
                    .into(),
            }
        } else {
            Draft {
                code: "item-order",
                clause: Some(item_id(article, item)),
                at: Anchor::Item(index, item),
                zh: format!(
                    "{}的项{}排在{}之后，项的编号顺序错乱",
                    article_cite(a),
                    label(n),
                    label(other)
                ),
                en: format!(
                    "item {} of {} comes after {}: the items are out of order",
                    label(n),
                    article_cite(a),
                    label(other)
                ),
                fix_zh: "按编号顺序排列各项，或者依出现顺序重新编号并同步修改引用".into(),
                fix_en: "put the items in numerical order, or renumber them in the order they \
                         appear and update every citation"
                    .into(),
            }
        };
        out.push(draft);
    }
    for (lo, hi) in missing_runs(&numbers) {
        let next = hi.saturating_add(1);
        let Some(item) = numbers.iter().position(|n| *n == next) else {
            continue;
        };
        let cite = article_cite(a);
        let missing_zh = range_text(lo, hi, label, true);
        let missing_en = range_text(lo, hi, label, false);
        let follows = if lo == 1 {
            (
                format!(
                    "{cite}的项不从（一）开始：缺少{missing_zh}，首项为{}",
                    label(next)
                ),
                format!(
                    "the items of {cite} do not start at （一）: {missing_en} missing, the first is {}",
                    label(next)
                ),
            )
        } else {
            (
                format!(
                    "{cite}缺少项{missing_zh}：{}之后为{}",
                    label(lo - 1),
                    label(next)
                ),
                format!(
                    "{cite} has no item {missing_en}: {} follows {}",
                    label(next),
                    label(lo - 1)
                ),
            )
        };
        // The ambiguity: a citation by number can be read by label or by position.
        let by_position = |position: u32| {
            usize::try_from(position)
                .ok()
                .and_then(|p| p.checked_sub(1))
                .and_then(|p| article.items.get(p))
                .filter(|it| it.number != position)
                .map(|it| it.number)
        };
        let ambiguity = if let Some(other) = by_position(next) {
            Some((
                format!(
                    "引用“{}”既可指标为{}的项，也可指排在第{}位的{}",
                    item_cite(a, next),
                    label(next),
                    chinese_numeral(next),
                    label(other)
                ),
                format!(
                    "the citation “{}” may mean the item labelled {} or the {} item, {}",
                    item_cite(a, next),
                    label(next),
                    ordinal_en(next),
                    label(other)
                ),
            ))
        } else {
            by_position(lo).map(|other| {
                (
                    format!(
                        "引用“{}”没有标为{}的项可指，却可读作排在第{}位的{}",
                        item_cite(a, lo),
                        label(lo),
                        chinese_numeral(lo),
                        label(other)
                    ),
                    format!(
                        "the citation “{}” names no labelled item, yet can be read as the {} item, {}",
                        item_cite(a, lo),
                        ordinal_en(lo),
                        label(other)
                    ),
                )
            })
        };
        let (zh, en) = match ambiguity {
            Some((zh, en)) => (
                format!("{}；{zh}", follows.0),
                format!("{}; {en}", follows.1),
            ),
            None => follows,
        };
        out.push(Draft {
            code: "item-gap",
            clause: Some(a.to_string()),
            at: Anchor::Item(index, item),
            zh,
            en,
            fix_zh: format!(
                "自{}起依次重新编号（{}改为{}，其后顺延），并同步修改引用这些项的表述；或者补上缺失的{missing_zh}",
                label(next),
                label(next),
                label(lo)
            ),
            fix_en: format!(
                "renumber the items consecutively from {} on ({} becomes {}, and so on) and update every citation of them, or restore the missing {missing_en}",
                label(next),
                label(next),
                label(lo)
            ),
        });
    }
}

// ---------------------------------------------------------------------------------------------
// 2. List lead-ins

fn check_lead_in(index: usize, article: &Article, out: &mut Vec<Draft>) {
    if article.items.is_empty() {
        return;
    }
    let lead = &article.lead;
    let Some(at) = char_find(lead, "下列") else {
        return;
    };
    if ["之一", "同时", "全部", "任一", "任何一"]
        .iter()
        .any(|w| lead.contains(w))
    {
        return;
    }
    let chars: Vec<char> = lead.chars().collect();
    let start = phrase_start(&chars, at);
    let phrase = collect(&chars, start, phrase_end(&chars, at));
    let one = match phrase.strip_suffix('的') {
        Some(head) => format!("{head}之一的"),
        None => format!("{phrase}之一"),
    };
    let all = format!("同时{phrase}");
    let cite = article_cite(article.number);
    out.push(Draft {
        code: "lead-in-without-zhiyi",
        clause: Some(article.number.to_string()),
        at: Anchor::Text {
            article: index,
            item: None,
            offset: start,
        },
        zh: format!("{cite}引导语“{phrase}”未写“之一”：符合其中一项即可，还是须同时符合各项，不明确"),
        en: format!(
            "the lead-in “{phrase}” of {cite} has no 之一 and leaves unclear whether one item suffices or all must hold"
        ),
        fix_zh: format!("符合一项即可的，写作“{one}”；须同时符合的，写作“{all}”"),
        fix_en: format!("write “{one}” if one item suffices (“{all}” if all must hold)"),
    });
}

// ---------------------------------------------------------------------------------------------
// 3. Periods

fn is_arabic_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// The phrase with its number in Chinese numerals ("5个工作日" → "五个工作日"), when the number
/// is in 1..=99; the phrase itself otherwise.
fn chinese_phrase(p: &PeriodPhrase) -> String {
    if !(1..=99).contains(&p.count) {
        return p.phrase.clone();
    }
    let unit: String = p
        .phrase
        .chars()
        .skip_while(|c| is_arabic_digit(*c) || "一二三四五六七八九十".contains(*c))
        .collect();
    format!("{}{unit}", chinese_numeral(p.count))
}

/// How a period's starting point is stated (see the module doc).
#[derive(Debug, PartialEq, Eq)]
enum Start {
    Explicit,
    Event(&'static str),
    Missing,
}

fn contains_word_except(sentence: &[char], word: char, before: &[char], after: &[char]) -> bool {
    sentence.iter().enumerate().any(|(i, c)| {
        *c == word
            && !i
                .checked_sub(1)
                .and_then(|p| sentence.get(p))
                .is_some_and(|p| before.contains(p))
            && !sentence.get(i + 1).is_some_and(|n| after.contains(n))
    })
}

fn period_start(chars: &[char], offset: usize) -> Start {
    let before = chars.get(..offset).unwrap_or(chars);
    let from = before
        .iter()
        .rposition(|c| is_sentence_break(*c))
        .map_or(0, |p| p + 1);
    let sentence = before.get(from..).unwrap_or_default();
    let text: String = sentence.iter().collect();
    let explicit = ["之日", "之前", "以前", "届满", "收到", "接到", "送达"]
        .iter()
        .any(|w| text.contains(w))
        || contains_word_except(sentence, '起', &['一', '发', '提', '引'], &['草', '诉'])
        || contains_word_except(sentence, '后', &[], &['果', '续', '期']);
    if explicit {
        return Start::Explicit;
    }
    const EVENTS: [&str; 11] = [
        "启动", "开始", "立案", "受理", "作出", "提出", "发现", "决定", "印发", "发布", "公布",
    ];
    match EVENTS.iter().find(|e| text.contains(*e)) {
        Some(event) => Start::Event(event),
        None => Start::Missing,
    }
}

fn check_periods(index: usize, article: &Article, out: &mut Vec<Draft>) {
    let cite_article = article_cite(article.number);
    let clauses = std::iter::once((None, article.lead.as_str())).chain(
        article
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| (Some(i), it.text.as_str())),
    );
    let mut phrases = Vec::new();
    for (item, text) in clauses {
        for phrase in period_phrases(text) {
            phrases.push((item, text, phrase));
        }
    }
    let working: Vec<&str> = phrases
        .iter()
        .filter(|(_, _, p)| p.unit == PeriodUnit::WorkingDays)
        .map(|(_, _, p)| p.phrase.as_str())
        .collect();
    for (item, text, p) in &phrases {
        let clause = match item {
            Some(i) => item_id(article, *i),
            None => article.number.to_string(),
        };
        let at = Anchor::Text {
            article: index,
            item: *item,
            offset: p.char_offset,
        };
        let chars: Vec<char> = text.chars().collect();
        let phrase = &p.phrase;
        let cn = chinese_phrase(p);
        // The quoted context: from the phrase's start to its end, with a following 内/以内.
        let end = p.char_offset + phrase.chars().count();
        let rest = collect(&chars, end, end + 2);
        let end = end
            + if rest.starts_with("以内") || rest.starts_with("之内") {
                2
            } else {
                usize::from(rest.starts_with('内'))
            };
        let fragment_start = phrase_start(&chars, p.char_offset);
        let fragment = collect(&chars, fragment_start, end);

        if p.phrase.chars().any(is_arabic_digit) {
            out.push(Draft {
                code: "arabic-numeral-period",
                clause: Some(clause.clone()),
                at,
                zh: format!("期间“{phrase}”用阿拉伯数字书写"),
                en: format!("the period “{phrase}” is written in Arabic numerals"),
                fix_zh: format!("写作“{cn}”：法规文本中期间的数字用汉字书写"),
                fix_en: format!(
                    "write “{cn}”: Chinese legislative drafting writes the numbers in period phrases in Chinese numerals"
                ),
            });
        }

        if p.unit == PeriodUnit::Days && !working.is_empty() {
            let others = working
                .iter()
                .map(|w| format!("“{w}”"))
                .collect::<Vec<_>>()
                .join("、");
            let as_working = if (1..=99).contains(&p.count) {
                format!("{}个工作日", chinese_numeral(p.count))
            } else {
                format!("{}个工作日", p.count)
            };
            out.push(Draft {
                code: "mixed-period-units",
                clause: Some(clause.clone()),
                at,
                zh: format!("{cite_article}既有{others}又有“{phrase}”：“{phrase}”是自然日还是工作日？"),
                en: format!(
                    "{cite_article} has {others} beside “{phrase}”: is “{phrase}” calendar days or working days?"
                ),
                fix_zh: format!(
                    "指工作日的，写作“{as_working}”；指自然日的，写明按自然日计算（或者在附则中统一规定期间的计算方法）"
                ),
                fix_en: format!(
                    "write “{as_working}” if working days are meant; if calendar days are meant, say so (or add a closing article on how periods are counted)"
                ),
            });
        }

        match period_start(&chars, p.char_offset) {
            Start::Explicit => {}
            Start::Event(event) => {
                let event_text: String = collect(&chars, fragment_start, p.char_offset)
                    .trim_start_matches(['在', '于'])
                    .to_string();
                let event_text = if event_text.is_empty() {
                    "……".to_string()
                } else {
                    event_text
                };
                out.push(Draft {
                    code: "period-start-unclear",
                    clause: Some(clause.clone()),
                    at,
                    zh: format!(
                        "“{fragment}”以“{event}”为起点，但未写明自{event}之日起算，还是自当事人知道或者收到通知之日起算"
                    ),
                    en: format!(
                        "“{fragment}” ties the period to an event ({event}) but does not say whether it runs from the day of the event or from the day the person concerned learns of it or is notified"
                    ),
                    fix_zh: format!(
                        "写明起算点：自事件发生之日起算的，写作“自{event_text}之日起{cn}内”；自通知之日起算的，写作“自收到{event_text}通知之日起{cn}内”"
                    ),
                    fix_en: format!(
                        "state the starting point: “自{event_text}之日起{cn}内” (from the day of the event) or “自收到{event_text}通知之日起{cn}内” (from the day of notice)"
                    ),
                });
            }
            Start::Missing => out.push(Draft {
                code: "period-without-start",
                clause: Some(clause),
                at,
                zh: format!("“{fragment}”未写明期间从何时起算"),
                en: format!("“{fragment}” states no event the period runs from"),
                fix_zh: format!("写明起算点，如“自……之日起{cn}内”"),
                fix_en: format!(
                    "state the starting event, e.g. “自……之日起{cn}内” (from the day of …)"
                ),
            }),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 4. Catch-all items

/// The conclusion an article's lead draws: its wording after the last 应当认定为 / 认定为 /
/// 可以 / 应当 (first marker found, in that order), up to the next phrase break.
fn lead_conclusion(lead: &str) -> Option<String> {
    let (byte, marker) = ["应当认定为", "认定为", "可以", "应当"]
        .iter()
        .find_map(|m| lead.rfind(m).map(|b| (b, *m)))?;
    let after = lead.get(byte + marker.len()..)?;
    let conclusion: String = after.chars().take_while(|c| !is_phrase_break(*c)).collect();
    let conclusion = conclusion.trim().to_string();
    (!conclusion.is_empty()).then_some(conclusion)
}

fn check_catch_alls(index: usize, article: &Article, out: &mut Vec<Draft>) {
    let conclusion = lead_conclusion(&article.lead);
    let cite_article = article_cite(article.number);
    for (i, item) in article.items.iter().enumerate() {
        if !is_catch_all(&item.text) {
            continue;
        }
        let text = item.text.trim();
        let clause = item_id(article, i);
        let cite = item_cite(article.number, item.number);
        out.push(Draft {
            code: "catch-all",
            clause: Some(clause.clone()),
            at: Anchor::Item(index, i),
            zh: format!("{cite}“{text}”是兜底项：只能凭审查人员的认定成立，文本未给出认定标准"),
            en: format!(
                "{cite} “{text}” is a catch-all: it holds only by a reviewer's assertion, and the text gives no test for it"
            ),
            fix_zh: "写明兜底项的认定主体、程序和标准（如须经集体研究并书面说明理由），或者将已知情形逐项列明".into(),
            fix_en: "say who may invoke the catch-all, by what procedure and on what test (e.g. a collective decision with written reasons), or list the known cases as items".into(),
        });

        if let Some(conclusion) = &conclusion {
            let own: Vec<char> = item.text.chars().collect();
            let theirs: Vec<char> = conclusion.chars().collect();
            let (start, length) = longest_shared(&own, &theirs);
            if length > 0 && length >= theirs.len().min(4) {
                let shared = collect(&own, start, start + length);
                out.push(Draft {
                    code: "catch-all-circular",
                    clause: Some(clause.clone()),
                    at: Anchor::Text {
                        article: index,
                        item: Some(i),
                        offset: start,
                    },
                    zh: format!(
                        "兜底项“{text}”重复{cite_article}自身的结论“{conclusion}”（共有“{shared}”）：以结论认定结论，循环"
                    ),
                    en: format!(
                        "the catch-all “{text}” restates the conclusion of {cite_article}, “{conclusion}” (shared wording “{shared}”): it grants the conclusion where the conclusion holds"
                    ),
                    fix_zh: "以事实要件描述兜底情形，如“其他与前列各项相当的情形”，不要重复本条结论".into(),
                    fix_en: "describe the catch-all by facts comparable to the listed items, e.g. “其他与前列各项相当的情形”, not by the article's conclusion".into(),
                });
            }
        }

        if !text.contains("情形") && !text.contains("情况") {
            let body = item_body(text);
            let closing = text.get(body.len()..).unwrap_or_default();
            let fixed = if body.ends_with('的') {
                format!("{body}情形{closing}")
            } else {
                format!("{body}的情形{closing}")
            };
            out.push(Draft {
                code: "catch-all-no-noun",
                clause: Some(clause),
                at: Anchor::Item(index, i),
                zh: format!("兜底项“{text}”缺少中心词“情形”，“的”字结构没有所指"),
                en: format!(
                    "the catch-all “{text}” lacks the noun 情形: its 的-phrase has no head"
                ),
                fix_zh: format!("写作“{fixed}”"),
                fix_en: format!("write “{fixed}”"),
            });
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 5. Grammatical pattern and punctuation of item lists

fn check_item_forms(index: usize, article: &Article, out: &mut Vec<Draft>) {
    let cite_article = article_cite(article.number);
    let candidates: Vec<usize> = (0..article.items.len())
        .filter(|i| {
            article
                .items
                .get(*i)
                .is_some_and(|it| !is_catch_all(&it.text))
        })
        .collect();
    let ends_in_de = |i: usize| {
        article
            .items
            .get(i)
            .is_some_and(|it| without_proviso(item_body(&it.text)).ends_with('的'))
    };
    let de = candidates.iter().filter(|i| ends_in_de(**i)).count();
    if candidates.len() >= 2 && de * 2 > candidates.len() {
        for i in candidates.iter().copied().filter(|i| !ends_in_de(*i)) {
            let Some(item) = article.items.get(i) else {
                continue;
            };
            let body = item_body(&item.text);
            let closing = item.text.trim_end().get(body.len()..).unwrap_or_default();
            let ending: String = {
                let n = body.chars().count();
                body.chars().skip(n.saturating_sub(2)).collect()
            };
            let fixed = format!("{}的{closing}", tail(body, 20));
            out.push(Draft {
                code: "item-pattern",
                clause: Some(item_id(article, i)),
                at: Anchor::Item(index, i),
                zh: format!(
                    "{cite_article}各项多以“的”结尾，{}却以“{ending}”结尾，句式不一致",
                    item_cite(article.number, item.number)
                ),
                en: format!(
                    "most items of {cite_article} end in 的, but {} ends in “{ending}” and breaks the pattern",
                    item_cite(article.number, item.number)
                ),
                fix_zh: format!("在句末加“的”：“{fixed}”"),
                fix_en: format!("add 的 at the end: “{fixed}”"),
            });
        }
    }

    let count = article.items.len();
    for (i, item) in article.items.iter().enumerate() {
        let last = i + 1 == count;
        let trimmed = item.text.trim_end();
        let end = trimmed.chars().last();
        let fine = match end {
            Some('；') => true,
            Some('。') => last,
            _ => false,
        };
        if fine {
            continue;
        }
        let shown = end.map_or_else(|| "（无）".to_string(), |c| c.to_string());
        let shown_en = end.map_or_else(|| "nothing".to_string(), |c| format!("“{c}”"));
        let cite = item_cite(article.number, item.number);
        let (expect_zh, expect_en) = if last {
            ("“。”（或者“；”）", "“。” (or “；”)")
        } else {
            ("“；”", "“；”, since more items follow")
        };
        out.push(Draft {
            code: "item-punctuation",
            clause: Some(item_id(article, i)),
            at: Anchor::Text {
                article: index,
                item: Some(i),
                offset: trimmed.chars().count().saturating_sub(1),
            },
            zh: format!("{cite}以“{shown}”结尾，应以{expect_zh}结尾"),
            en: format!("{cite} ends with {shown_en}; it should end with {expect_en}"),
            fix_zh: format!("{cite}句末改用{expect_zh}"),
            fix_en: format!("end {cite} with {expect_en}"),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::policy::BUNDLED_TEXT;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn lint_shared_run() {
        assert_eq!(
            longest_shared(&chars("其他履职尽责依法"), &chars("履职尽责")),
            (2, 4)
        );
        assert_eq!(longest_shared(&chars(""), &chars("甲")), (0, 0));
        assert_eq!(longest_shared(&chars("甲乙"), &chars("丙")), (0, 0));
    }

    #[test]
    fn lint_tail_quotes_the_last_phrase() {
        assert_eq!(tail("甲乙，丙丁", 20), "……丙丁");
        assert_eq!(tail("甲乙丙丁", 20), "甲乙丙丁");
        assert_eq!(tail("甲，乙丙丁", 2), "……丙丁");
        assert_eq!(tail("", 2), "");
        assert_eq!(tail("甲，", 2), "……");
    }

    #[test]
    fn lint_missing_runs_and_order() {
        assert_eq!(missing_runs(&[1, 3, 4, 7]), vec![(2, 2), (5, 6)]);
        assert_eq!(missing_runs(&[3]), vec![(1, 2)]);
        assert_eq!(missing_runs(&[0, u32::MAX]), vec![(1, u32::MAX - 1)]);
        assert_eq!(
            order_problems(&[1, 3, 2, 3]),
            vec![(2, false, 3), (3, true, 3)]
        );
    }

    #[test]
    fn lint_period_start_heuristic() {
        let start = |s: &str, phrase: &str| {
            let c = chars(s);
            let at = char_find(s, phrase).unwrap_or(0);
            period_start(&c, at)
        };
        assert_eq!(
            start("容错决定作出后，应当于7日内告知", "7日"),
            Start::Explicit
        );
        assert_eq!(start("自收到通知之日起五日内", "五日"), Start::Explicit);
        assert_eq!(
            start("在追责问责机关启动追责问责程序5个工作日内", "5个"),
            Start::Event("启动")
        );
        assert_eq!(
            start("造成后果的。应当在七日内报告", "七日"),
            Start::Missing
        );
        assert_eq!(start("一起报告，七日内", "七日"), Start::Missing);
    }

    #[test]
    fn lint_lead_conclusion() {
        assert_eq!(
            lead_conclusion("符合下列情形的，应当认定为履职尽责："),
            Some("履职尽责".to_string())
        );
        assert_eq!(
            lead_conclusion("有下列情形之一的，可以容错免责："),
            Some("容错免责".to_string())
        );
        assert_eq!(lead_conclusion("可以："), None);
        assert_eq!(lead_conclusion("甲乙"), None);
    }

    #[test]
    fn lint_locate_phrase() {
        let lines = source_lines("\u{feff}第一条  甲乙\r\n\r\n   丙丁。\n第二条  戊\n");
        assert_eq!(locate(&lines, 1, "甲乙丙丁。", 0), Some((1, 6)));
        assert_eq!(locate(&lines, 1, "甲乙丙丁。", 1), Some((1, 7)));
        assert_eq!(locate(&lines, 1, "甲乙丙丁。", 3), Some((3, 5)));
        assert_eq!(locate(&lines, 1, "甲乙丙丁。", 9), None);
        assert_eq!(locate(&lines, 1, "别的", 0), None);
        assert_eq!(locate(&lines, 0, "甲", 0), None);
        assert_eq!(locate(&lines, 99, "甲", 0), None);
    }

    #[test]
    fn lint_bundled_source_positions_point_at_phrases() {
        let policy = PolicyText::bundled();
        let lines = source_lines(BUNDLED_TEXT);
        for f in lint_source(&policy, BUNDLED_TEXT) {
            let line = lines.get(f.line - 1).copied().unwrap_or_default();
            assert!(f.column >= 1 && f.column <= line.chars().count(), "{f}");
        }
    }
}

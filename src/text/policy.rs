//! The text model of the policy. This module owns the plain text of the
//! Leshan sandbox tolerance draft and the run-time parse of that text into
//! articles (第N条) and items (（N）), each with a stable id keyed by its
//! PRINTED label ("9.5" is 第九条（五） even though 第九条 has no （二）), the
//! Chinese citation forms of those ids ("第九条第五项", "第十一条"), Chinese
//! numeral conversion, the extraction of period phrases ("5个工作日", "7日")
//! from clause text, and the errors (with 1-based line and column) that a
//! malformed text produces.
//!
//! Conventions:
//! - Line numbers are 1-based and counted on the original file; CRLF and LF
//!   are both accepted and a trailing `\r` is dropped from every line.
//! - Columns are 1-based and counted in chars; a leading UTF-8 byte order
//!   mark is stripped before anything else and never counts as a column.
//! - The title is the non-empty lines before the first article, each trimmed,
//!   joined without a separator.
//! - An article's lead is its text before its first item; an item's text runs
//!   until the next item or article header. Blank lines are dropped and
//!   continuation lines are joined without a separator.

use std::fmt;

/// Path of the bundled policy text, relative to the crate root.
pub const BUNDLED_PATH: &str = "policy/leshan-sandbox-tolerance-draft.zh.txt";

/// The bundled policy text (the draft regulation in plain UTF-8).
pub const BUNDLED_TEXT: &str = include_str!("../../policy/leshan-sandbox-tolerance-draft.zh.txt");

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The parsed policy: its title and its articles in document order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyText {
    /// The file path (or other name) the text was read from.
    pub source: String,
    /// Non-empty lines before the first article, trimmed, joined without separator.
    pub title: String,
    /// The articles in document order.
    pub articles: Vec<Article>,
}

/// One article (第N条).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    /// The printed article number.
    pub number: u32,
    /// 1-based line of the article header.
    pub line: usize,
    /// Text before the first item (the whole text when there are no items).
    pub lead: String,
    /// The items (（N）) in document order.
    pub items: Vec<Item>,
}

/// One item (（N）) of an article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The printed item number.
    pub number: u32,
    /// 1-based line of the item label.
    pub line: usize,
    /// 1-based char column of the item label's opening bracket.
    pub column: usize,
    /// The item text, label excluded.
    pub text: String,
}

/// A reference to one clause: a whole article or one item of an article.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClauseRef<'a> {
    Article(&'a Article),
    Item(&'a Article, &'a Item),
}

impl<'a> ClauseRef<'a> {
    /// The stable id: "11" for an article, "9.5" for an item.
    pub fn id(&self) -> String {
        match self {
            ClauseRef::Article(a) => a.number.to_string(),
            ClauseRef::Item(a, i) => format!("{}.{}", a.number, i.number),
        }
    }

    /// The Chinese citation: "第十一条" or "第九条第五项".
    pub fn citation(&self) -> String {
        match self {
            ClauseRef::Article(a) => article_citation(a.number),
            ClauseRef::Item(a, i) => item_citation(a.number, i.number),
        }
    }

    /// The clause text: an article's lead, or an item's text.
    pub fn text(&self) -> &'a str {
        match self {
            ClauseRef::Article(a) => &a.lead,
            ClauseRef::Item(_, i) => &i.text,
        }
    }

    /// 1-based line of the article header or item label.
    pub fn line(&self) -> usize {
        match self {
            ClauseRef::Article(a) => a.line,
            ClauseRef::Item(_, i) => i.line,
        }
    }
}

impl PolicyText {
    /// Parses the policy text. `source` is the file path shown in errors;
    /// `bytes` is the raw file content (UTF-8, optional BOM, CRLF or LF).
    ///
    /// Errors are reported for the first problem in document order.
    pub fn parse(source: &str, bytes: &[u8]) -> Result<PolicyText, TextError> {
        let fail = |line: usize, column: usize, kind: TextErrorKind| TextError {
            source: source.to_string(),
            line,
            column,
            kind,
        };
        if bytes.len() as u64 > crate::base::limits::MAX_POLICY_BYTES {
            return Err(fail(
                0,
                0,
                TextErrorKind::TooLarge {
                    size: Some(bytes.len() as u64),
                    limit: crate::base::limits::MAX_POLICY_BYTES,
                },
            ));
        }
        let body = bytes.strip_prefix(BOM).unwrap_or(bytes);
        let text = match std::str::from_utf8(body) {
            Ok(text) => text,
            Err(e) => {
                let (line, column) = position_of(body, e.valid_up_to());
                return Err(fail(line, column, TextErrorKind::NotUtf8));
            }
        };

        let mut title = String::new();
        let mut articles: Vec<Article> = Vec::new();
        // Column of the current (last) article's header, for EmptyArticle.
        let mut article_column = 1;
        let mut clauses = 0usize;

        for (index, raw) in text.split('\n').enumerate() {
            let line = index + 1;
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            let limit = crate::base::limits::MAX_POLICY_LINE_CHARS;
            if raw.len() > limit {
                let chars = raw.chars().count();
                if chars > limit {
                    let kind = TextErrorKind::LineTooLong { chars, limit };
                    return Err(fail(line, limit + 1, kind));
                }
            }
            let content = raw.trim_start();
            if content.is_empty() {
                continue;
            }
            let column = raw.chars().take_while(|c| c.is_whitespace()).count() + 1;
            let expected_next = articles.last().map_or(1, |a| a.number.saturating_add(1));

            if let Some((number, rest)) = article_header(content, expected_next) {
                clauses += 1;
                if clauses > crate::base::limits::MAX_CLAUSES {
                    let kind = TextErrorKind::TooManyClauses {
                        limit: crate::base::limits::MAX_CLAUSES,
                    };
                    return Err(fail(line, column, kind));
                }
                if let Some(last) = articles.last() {
                    check_closed_article(last, article_column)
                        .map_err(|(l, c, k)| fail(l, c, k))?;
                }
                if let Some(first) = articles.iter().find(|a| a.number == number) {
                    let kind = TextErrorKind::DuplicateArticle {
                        number,
                        first_line: first.line,
                    };
                    return Err(fail(line, column, kind));
                }
                articles.push(Article {
                    number,
                    line,
                    lead: rest.trim().to_string(),
                    items: Vec::new(),
                });
                article_column = column;
            } else if let Some((label, number, rest)) = item_label(content) {
                clauses += 1;
                if clauses > crate::base::limits::MAX_CLAUSES {
                    let kind = TextErrorKind::TooManyClauses {
                        limit: crate::base::limits::MAX_CLAUSES,
                    };
                    return Err(fail(line, column, kind));
                }
                let Some(article) = articles.last_mut() else {
                    return Err(fail(
                        line,
                        column,
                        TextErrorKind::ItemOutsideArticle { label },
                    ));
                };
                check_closed_item(article).map_err(|(l, c, k)| fail(l, c, k))?;
                if let Some(first) = article.items.iter().find(|i| i.number == number) {
                    let kind = TextErrorKind::DuplicateItem {
                        article: article.number,
                        number,
                        first_line: first.line,
                    };
                    return Err(fail(line, column, kind));
                }
                article.items.push(Item {
                    number,
                    line,
                    column,
                    text: rest.trim().to_string(),
                });
            } else {
                let piece = content.trim_end();
                match articles.last_mut() {
                    None => title.push_str(piece),
                    Some(article) => match article.items.last_mut() {
                        Some(item) => item.text.push_str(piece),
                        None => article.lead.push_str(piece),
                    },
                }
            }
        }

        let Some(last) = articles.last() else {
            return Err(fail(1, 1, TextErrorKind::NoArticles));
        };
        check_closed_article(last, article_column).map_err(|(l, c, k)| fail(l, c, k))?;

        Ok(PolicyText {
            source: source.to_string(),
            title,
            articles,
        })
    }

    /// The bundled draft, parsed.
    pub fn bundled() -> PolicyText {
        // The bundled text is a compile-time constant and the test
        // `bundled_text_parses` proves it parses, so this cannot fail at run
        // time; no user input reaches this call.
        #[expect(clippy::expect_used, reason = "compiled-in text, checked by a test")]
        PolicyText::parse(BUNDLED_PATH, BUNDLED_TEXT.as_bytes())
            .expect("the bundled policy text parses (checked by tests)")
    }

    /// Looks up a clause by id: "8" (article) or "8.2" (item), printed numbers.
    /// The clause ids of the bundled text (parsed once).
    pub fn bundled_ids() -> &'static [String] {
        static IDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
        IDS.get_or_init(|| PolicyText::bundled().clause_ids())
    }

    pub fn clause(&self, id: &str) -> Option<ClauseRef<'_>> {
        let (article, item) = parse_id(id)?;
        let article = self.articles.iter().find(|a| a.number == article)?;
        match item {
            None => Some(ClauseRef::Article(article)),
            Some(item) => {
                let item = article.items.iter().find(|i| i.number == item)?;
                Some(ClauseRef::Item(article, item))
            }
        }
    }

    /// All clause ids in document order: each article followed by its items.
    pub fn clause_ids(&self) -> Vec<String> {
        let mut ids = Vec::new();
        for article in &self.articles {
            ids.push(article.number.to_string());
            for item in &article.items {
                ids.push(format!("{}.{}", article.number, item.number));
            }
        }
        ids
    }

    /// The text of a clause: an article's lead (its whole text when it has
    /// no items) or an item's text.
    pub fn text_of(&self, id: &str) -> Option<&str> {
        self.clause(id).map(|c| c.text())
    }

    /// 1-based line of a clause's article header or item label.
    pub fn line_of(&self, id: &str) -> Option<usize> {
        self.clause(id).map(|c| c.line())
    }
}

/// The Chinese citation of a clause id: "9.5" -> "第九条第五项",
/// "11" -> "第十一条". `None` if the id is malformed (not `N` or `N.M` with
/// canonical decimal numbers) or a number is outside 1..=99.
pub fn citation(id: &str) -> Option<String> {
    let (article, item) = parse_id(id)?;
    let in_range = |n: u32| (1..=99).contains(&n);
    if !in_range(article) || !item.is_none_or(in_range) {
        return None;
    }
    Some(match item {
        None => article_citation(article),
        Some(item) => item_citation(article, item),
    })
}

/// Chinese numeral for 1..=99: 一, 十, 十一, 二十, 二十一, 九十九.
/// Numbers outside that range are rendered as ASCII decimal digits.
pub fn chinese_numeral(n: u32) -> String {
    match n {
        1..=9 => digit_char(n).to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", digit_char(n % 10)),
        20..=99 => {
            let mut s = format!("{}十", digit_char(n / 10));
            if !n.is_multiple_of(10) {
                s.push(digit_char(n % 10));
            }
            s
        }
        _ => n.to_string(),
    }
}

/// Parses a numeral: Chinese 一..九十九 in canonical form (十一, not 一十一;
/// 两 and 零 are not accepted), or Arabic digits (ASCII or full-width, any
/// mix, value must fit in u32). `None` otherwise.
pub fn parse_numeral(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| arabic_digit(c).is_some()) {
        return s.chars().try_fold(0u32, |acc, c| {
            acc.checked_mul(10)?.checked_add(arabic_digit(c)?)
        });
    }
    let mut chars = s.chars();
    let parts = [chars.next(), chars.next(), chars.next(), chars.next()];
    match parts {
        [Some('十'), None, None, None] => Some(10),
        [Some(d), None, None, None] => chinese_digit(d),
        [Some('十'), Some(d), None, None] => Some(10 + chinese_digit(d)?),
        [Some(t), Some('十'), None, None] => tens(t),
        [Some(t), Some('十'), Some(d), None] => Some(tens(t)? + chinese_digit(d)?),
        _ => None,
    }
}

/// Whether an item's wording makes it a catch-all (其他……情形): it opens with 其他 (or 其它).
/// The engine lets such an item hold only by a reviewer's assertion, and lint flags it.
pub fn is_catch_all(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with("其他") || t.starts_with("其它")
}

/// A time period stated in a clause, e.g. "5个工作日" or "7日".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodPhrase {
    /// The number of units.
    pub count: u32,
    /// The unit.
    pub unit: PeriodUnit,
    /// The matched text, e.g. "5个工作日".
    pub phrase: String,
    /// Char offset of the phrase in the clause text.
    pub char_offset: usize,
}

/// The unit of a period phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodUnit {
    /// 工作日 (working days).
    WorkingDays,
    /// 日 (calendar days).
    Days,
}

/// All period phrases in a clause text, in order.
///
/// "<number>个工作日" and "<number>工作日" give `WorkingDays`; "<number>日"
/// gives `Days` ("7日内" is 7 days). The number is a maximal run of Arabic
/// (ASCII or full-width) or Chinese numerals accepted by [`parse_numeral`].
/// A number directly after 月 followed by 日 is a date ("11月4日") and is
/// skipped.
pub fn period_phrases(text: &str) -> Vec<PeriodPhrase> {
    const WORKING_DAYS: [char; 3] = ['工', '作', '日'];
    let chars: Vec<char> = text.chars().collect();
    let mut phrases = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars.get(i).copied().is_some_and(is_numeral_char) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        while chars.get(end).copied().is_some_and(is_numeral_char) {
            end += 1;
        }
        i = end;
        let number: String = chars.get(start..end).unwrap_or_default().iter().collect();
        let Some(count) = parse_numeral(&number) else {
            continue;
        };
        let rest = chars.get(end..).unwrap_or_default();
        let after_ge = rest.strip_prefix(&['个']).unwrap_or(rest);
        let unit_len = if after_ge.starts_with(&WORKING_DAYS) {
            Some((
                PeriodUnit::WorkingDays,
                rest.len() - after_ge.len() + WORKING_DAYS.len(),
            ))
        } else if rest.first() == Some(&'日') {
            let is_date = start > 0 && chars.get(start - 1) == Some(&'月');
            (!is_date).then_some((PeriodUnit::Days, 1))
        } else {
            None
        };
        if let Some((unit, len)) = unit_len {
            let stop = end + len;
            phrases.push(PeriodPhrase {
                count,
                unit,
                phrase: chars.get(start..stop).unwrap_or_default().iter().collect(),
                char_offset: start,
            });
            i = stop;
        }
    }
    phrases
}

/// An error found while parsing the policy text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextError {
    /// The file path (or other name) given to [`PolicyText::parse`].
    pub source: String,
    /// 1-based line; 0 when the problem is the file as a whole (its size).
    pub line: usize,
    /// 1-based char column (a leading BOM is not counted); 0 with line 0.
    pub column: usize,
    /// What went wrong.
    pub kind: TextErrorKind,
}

/// The kinds of [`TextError`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextErrorKind {
    /// The file is not UTF-8; the position is that of the first bad byte.
    NotUtf8,
    /// Nothing that looks like 第N条; reported at line 1, column 1.
    NoArticles,
    /// An article number appears twice; reported at the second header.
    DuplicateArticle { number: u32, first_line: usize },
    /// An item number appears twice in one article; reported at the second label.
    DuplicateItem {
        article: u32,
        number: u32,
        first_line: usize,
    },
    /// An item label before any article header.
    ItemOutsideArticle { label: String },
    /// An article header with no lead text and no items.
    EmptyArticle { number: u32 },
    /// An item label with no text.
    EmptyItem { article: u32, number: u32 },
    /// The file is larger than `limits::MAX_POLICY_BYTES`; `size` when known.
    TooLarge { size: Option<u64>, limit: u64 },
    /// A line longer than `limits::MAX_POLICY_LINE_CHARS`; reported at the first character
    /// past the limit.
    LineTooLong { chars: usize, limit: usize },
    /// More clauses than `limits::MAX_CLAUSES`; reported at the first one past the limit.
    TooManyClauses { limit: usize },
}

impl TextErrorKind {
    /// The message in Chinese.
    pub fn zh(&self) -> String {
        match self {
            TextErrorKind::NotUtf8 => "文件不是有效的 UTF-8 编码".to_string(),
            TextErrorKind::NoArticles => "未找到任何条文（第N条）".to_string(),
            TextErrorKind::DuplicateArticle { number, first_line } => {
                format!(
                    "{}重复出现（首次在第 {first_line} 行）",
                    article_citation(*number)
                )
            }
            TextErrorKind::DuplicateItem {
                article,
                number,
                first_line,
            } => format!(
                "{}重复出现（首次在第 {first_line} 行）",
                item_citation(*article, *number)
            ),
            TextErrorKind::ItemOutsideArticle { label } => {
                format!("项{label}出现在任何条文之前")
            }
            TextErrorKind::EmptyArticle { number } => {
                format!("{}没有内容", article_citation(*number))
            }
            TextErrorKind::EmptyItem { article, number } => {
                format!("{}没有内容", item_citation(*article, *number))
            }
            TextErrorKind::TooLarge { size, limit } => {
                let limit = crate::base::limits::bytes_shown(*limit, crate::base::lang::Lang::Zh);
                match size {
                    Some(n) => format!(
                        "文件大小为 {}，超过政策文本的上限 {limit}",
                        crate::base::limits::bytes_shown(*n, crate::base::lang::Lang::Zh)
                    ),
                    None => format!("文件超过政策文本的上限 {limit}"),
                }
            }
            TextErrorKind::LineTooLong { chars, limit } => {
                format!("本行有 {chars} 个字符，超过每行 {limit} 个字符的上限（每行为一条或一项）")
            }
            TextErrorKind::TooManyClauses { limit } => {
                format!("条文（条和项）超过 {limit} 个的上限")
            }
        }
    }

    /// The message in English.
    pub fn en(&self) -> String {
        match self {
            TextErrorKind::NotUtf8 => "the file is not valid UTF-8".to_string(),
            TextErrorKind::NoArticles => "no articles (第N条) found".to_string(),
            TextErrorKind::DuplicateArticle { number, first_line } => format!(
                "article {} appears twice (first at line {first_line})",
                article_citation(*number)
            ),
            TextErrorKind::DuplicateItem {
                article,
                number,
                first_line,
            } => format!(
                "item {} appears twice (first at line {first_line})",
                item_citation(*article, *number)
            ),
            TextErrorKind::ItemOutsideArticle { label } => {
                format!("item {label} appears before any article")
            }
            TextErrorKind::EmptyArticle { number } => {
                format!("article {} has no text", article_citation(*number))
            }
            TextErrorKind::EmptyItem { article, number } => {
                format!("item {} has no text", item_citation(*article, *number))
            }
            TextErrorKind::TooLarge { size, limit } => {
                let limit = crate::base::limits::bytes_shown(*limit, crate::base::lang::Lang::En);
                match size {
                    Some(n) => format!(
                        "the file is {}, over the limit of {limit} for a policy text",
                        crate::base::limits::bytes_shown(*n, crate::base::lang::Lang::En)
                    ),
                    None => format!("the file is over the limit of {limit} for a policy text"),
                }
            }
            TextErrorKind::LineTooLong { chars, limit } => format!(
                "the line has {chars} characters, over the limit of {limit} per line (a line holds one article or item)"
            ),
            TextErrorKind::TooManyClauses { limit } => {
                format!("more than {limit} clauses (articles and items), the limit")
            }
        }
    }
}

impl TextError {
    /// `file:line:column`, or the file alone for a problem with the whole file.
    pub fn place(&self) -> String {
        if self.line == 0 {
            self.source.clone()
        } else {
            format!("{}:{}:{}", self.source, self.line, self.column)
        }
    }
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place(), self.kind.en())
    }
}

impl std::error::Error for TextError {}

type Failure = (usize, usize, TextErrorKind);

/// Checks the last item of an article that is about to receive a new item
/// or be closed.
fn check_closed_item(article: &Article) -> Result<(), Failure> {
    match article.items.last() {
        Some(item) if item.text.is_empty() => Err((
            item.line,
            item.column,
            TextErrorKind::EmptyItem {
                article: article.number,
                number: item.number,
            },
        )),
        _ => Ok(()),
    }
}

/// Checks an article that is being closed (its last item, then the article).
fn check_closed_article(article: &Article, column: usize) -> Result<(), Failure> {
    check_closed_item(article)?;
    if article.lead.is_empty() && article.items.is_empty() {
        return Err((
            article.line,
            column,
            TextErrorKind::EmptyArticle {
                number: article.number,
            },
        ));
    }
    Ok(())
}

/// Recognises an article header at the start of `content` (already
/// left-trimmed). Returns the number and the rest of the line after 条.
/// A header not followed by whitespace (or end of line) is accepted only if
/// its number is `expected_next`, so a body line opening with a
/// cross-reference such as "第十六条规定" is not split off.
fn article_header(content: &str, expected_next: u32) -> Option<(u32, &str)> {
    let rest = content.strip_prefix('第')?;
    let numeral_len: usize = rest
        .chars()
        .take_while(|c| is_numeral_char(*c))
        .map(char::len_utf8)
        .sum();
    let (numeral, after) = rest.split_at_checked(numeral_len)?;
    let after = after.strip_prefix('条')?;
    let number = parse_numeral(numeral).filter(|n| *n >= 1)?;
    let separated = after.is_empty() || after.starts_with(char::is_whitespace);
    (separated || number == expected_next).then_some((number, after))
}

/// Recognises an item label at the start of `content` (already
/// left-trimmed): （一）, (一), （1）, (1), full-width digits too. Returns the
/// printed label, its number and the rest of the line.
fn item_label(content: &str) -> Option<(String, u32, &str)> {
    let open = content.chars().next()?;
    if open != '（' && open != '(' {
        return None;
    }
    let inner_start = open.len_utf8();
    let inner_len: usize = content
        .get(inner_start..)?
        .chars()
        .take_while(|c| is_numeral_char(*c))
        .map(char::len_utf8)
        .sum();
    let inner_end = inner_start + inner_len;
    let close = content.get(inner_end..)?.chars().next()?;
    if close != '）' && close != ')' {
        return None;
    }
    let number = parse_numeral(content.get(inner_start..inner_end)?).filter(|n| *n >= 1)?;
    let label_end = inner_end + close.len_utf8();
    Some((
        content.get(..label_end)?.to_string(),
        number,
        content.get(label_end..)?,
    ))
}

/// Parses a clause id "N" or "N.M": canonical decimal numbers (ASCII digits,
/// no sign, no leading zero).
fn parse_id(id: &str) -> Option<(u32, Option<u32>)> {
    fn number(s: &str) -> Option<u32> {
        let canonical =
            !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && !s.starts_with('0');
        if canonical { s.parse().ok() } else { None }
    }
    match id.split_once('.') {
        None => Some((number(id)?, None)),
        Some((article, item)) => Some((number(article)?, Some(number(item)?))),
    }
}

/// 1-based (line, char column) of byte `offset` in `bytes`, whose prefix up
/// to `offset` is valid UTF-8.
fn position_of(bytes: &[u8], offset: usize) -> (usize, usize) {
    let prefix = bytes.get(..offset).unwrap_or(bytes);
    let text = std::str::from_utf8(prefix).unwrap_or_default();
    let line = text.matches('\n').count() + 1;
    let last_line = text.rsplit('\n').next().unwrap_or_default();
    (line, last_line.chars().count() + 1)
}

fn article_citation(article: u32) -> String {
    format!("第{}条", chinese_numeral(article))
}

fn item_citation(article: u32, item: u32) -> String {
    format!(
        "第{}条第{}项",
        chinese_numeral(article),
        chinese_numeral(item)
    )
}

fn is_numeral_char(c: char) -> bool {
    c == '十' || chinese_digit(c).is_some() || arabic_digit(c).is_some()
}

fn chinese_digit(c: char) -> Option<u32> {
    match c {
        '一' => Some(1),
        '二' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

/// The tens value of a Chinese digit before 十 (二十 .. 九十; 一十 is not canonical).
fn tens(c: char) -> Option<u32> {
    chinese_digit(c).filter(|d| *d >= 2).map(|d| d * 10)
}

fn arabic_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(u32::from(c) - u32::from('０')),
        _ => None,
    }
}

/// The Chinese character for a digit 1..=9 (〇 for anything else; callers
/// only pass 1..=9).
fn digit_char(d: u32) -> char {
    match d {
        1 => '一',
        2 => '二',
        3 => '三',
        4 => '四',
        5 => '五',
        6 => '六',
        7 => '七',
        8 => '八',
        9 => '九',
        _ => '〇',
    }
}

/// Sort key for clause ids in text order ("8.10" after "8.9").
pub fn clause_key(id: &str) -> (u32, u32) {
    if let Some(key) = digits_key(id) {
        return key;
    }
    let (a, i) = id.split_once('.').unwrap_or((id, "0"));
    (a.parse().unwrap_or(u32::MAX), i.parse().unwrap_or(u32::MAX))
}

/// `clause_key` of an id made of 1 to 9 digits, then optionally a dot and 1 to 9 digits (every
/// clause id), read in one pass; `None` for anything else.
fn digits_key(id: &str) -> Option<(u32, u32)> {
    let (mut article, mut item) = ((0u32, 0usize), (0u32, 0usize));
    let mut dot = false;
    for b in id.bytes() {
        let part = match b {
            b'0'..=b'9' if dot => &mut item,
            b'0'..=b'9' => &mut article,
            b'.' if !dot => {
                dot = true;
                continue;
            }
            _ => return None,
        };
        part.0 = part.0.wrapping_mul(10).wrapping_add(u32::from(b - b'0'));
        part.1 += 1;
    }
    let digits = 1..=9;
    (digits.contains(&article.1) && (!dot || digits.contains(&item.1)))
        .then_some((article.0, item.0))
}

/// The citation of a clause id (第九条第五项), or the id itself where it is not one.
pub fn cite(clause: &str) -> String {
    citation(clause).unwrap_or_else(|| clause.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(article: &Article) -> Vec<u32> {
        article.items.iter().map(|i| i.number).collect()
    }

    fn article(text: &PolicyText, number: u32) -> &Article {
        text.articles
            .iter()
            .find(|a| a.number == number)
            .expect("article present")
    }

    fn parse_err(src: &str) -> TextError {
        PolicyText::parse("t.txt", src.as_bytes()).expect_err("should fail")
    }

    #[test]
    fn bundled_text_parses() {
        let parsed = PolicyText::parse(BUNDLED_PATH, BUNDLED_TEXT.as_bytes());
        assert!(parsed.is_ok(), "{parsed:?}");
        assert_eq!(PolicyText::bundled().source, BUNDLED_PATH);
    }

    #[test]
    fn bundled_has_eighteen_articles_in_order() {
        let text = PolicyText::bundled();
        let got: Vec<u32> = text.articles.iter().map(|a| a.number).collect();
        assert_eq!(got, (1..=18).collect::<Vec<_>>());
        assert_eq!(text.articles[0].line, 8);
        assert_eq!(
            text.title,
            "乐山市保健食品经营沙盒监管执法履职尽责容错纠错制度（试行）（征求意见稿）"
        );
    }

    #[test]
    fn bundled_items() {
        let text = PolicyText::bundled();
        assert_eq!(numbers(article(&text, 8)), (1..=10).collect::<Vec<_>>());
        assert_eq!(numbers(article(&text, 9)), vec![1, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(numbers(article(&text, 10)), vec![1, 2, 3, 4]);
        for a in &text.articles {
            if !(8..=10).contains(&a.number) {
                assert!(a.items.is_empty(), "article {} has items", a.number);
            }
        }
        let item = &article(&text, 8).items[0];
        assert_eq!((item.line, item.column), (24, 1));
        assert_eq!(
            item.text,
            "已经按照法定职责、法定程序、岗位职责，履行行政执法职责的；"
        );
        assert_eq!(text.line_of("9.3"), Some(48));
        assert_eq!(text.text_of("9.10"), Some("其他可以容错免责的情形。"));
        assert!(text.clause("9.2").is_none());
    }

    #[test]
    fn bundled_texts_and_leads() {
        let text = PolicyText::bundled();
        assert!(
            text.text_of("9.5")
                .expect("9.5")
                .starts_with("行政执法人员履行法定职责，因行政相对人")
        );
        assert!(article(&text, 8).lead.ends_with("应当认定为履职尽责："));
        assert_eq!(
            text.text_of("8"),
            Some("行政执法人员履行职责过程中，符合下列情形的，应当认定为履职尽责：")
        );
        assert_eq!(text.text_of("18"), Some("本制度自印发之日起施行。"));
    }

    #[test]
    fn run_on_articles_are_split() {
        let text = PolicyText::bundled();
        let eleven = text.text_of("11").expect("11");
        assert!(!eleven.contains("第十二条"));
        assert!(eleven.ends_with("且在一定范围内公开。"));
        assert!(
            text.text_of("12")
                .expect("12")
                .starts_with("行政执法人员未履行")
        );
        assert_eq!(text.line_of("11"), Some(74));
        assert_eq!(text.line_of("12"), Some(75));
        let fourteen = text.text_of("14").expect("14");
        assert!(!fourteen.contains("第十五条"));
        assert!(
            text.text_of("15")
                .expect("15")
                .starts_with("依照本制度不予追究责任的单位或个人")
        );
        assert_eq!(text.line_of("14"), Some(79));
        assert_eq!(text.line_of("15"), Some(80));
    }

    #[test]
    fn bom_and_crlf_parse_the_same() {
        let plain = PolicyText::bundled();
        let mut bytes = BOM.to_vec();
        bytes.extend_from_slice(BUNDLED_TEXT.replace('\n', "\r\n").as_bytes());
        let crlf = PolicyText::parse(BUNDLED_PATH, &bytes).expect("BOM + CRLF parses");
        assert_eq!(crlf, plain);
        assert_eq!(crlf.line_of("12"), Some(75));
        assert!(crlf.articles.iter().all(|a| !a.lead.contains('\r')));
    }

    #[test]
    fn clause_ids_and_refs() {
        let text = PolicyText::bundled();
        let ids = text.clause_ids();
        assert_eq!(ids.len(), 18 + 10 + 9 + 4);
        assert_eq!(&ids[..9], ["1", "2", "3", "4", "5", "6", "7", "8", "8.1"]);
        let nine = ids.iter().position(|i| i == "9").expect("9");
        assert_eq!(ids[nine - 1], "8.10");
        assert_eq!(ids[nine + 1], "9.1");
        assert_eq!(ids[nine + 2], "9.3");
        assert_eq!(ids.last().map(String::as_str), Some("18"));
        for id in &ids {
            let clause = text.clause(id).expect("every id resolves");
            assert_eq!(&clause.id(), id);
            assert_eq!(Some(clause.citation()), citation(id));
        }
        let item = text.clause("9.5").expect("9.5");
        assert!(matches!(item, ClauseRef::Item(a, i) if a.number == 9 && i.number == 5));
        assert_eq!(item.citation(), "第九条第五项");
        assert_eq!(item.line(), 52);
        assert_eq!(
            text.clause("11").map(|c| c.citation()),
            Some("第十一条".to_string())
        );
        for bad in [
            "", "9.", ".5", "9.5.1", "a", "09", "9.05", "0", "19", "+9", "９", "9 ",
        ] {
            assert!(text.clause(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn citations() {
        assert_eq!(citation("9.5").as_deref(), Some("第九条第五项"));
        assert_eq!(citation("8.10").as_deref(), Some("第八条第十项"));
        assert_eq!(citation("11").as_deref(), Some("第十一条"));
        assert_eq!(citation("99.21").as_deref(), Some("第九十九条第二十一项"));
        for bad in [
            "", "x", "9.", ".5", "9.5.1", "0", "9.0", "100", "05", "-1", "9,5",
        ] {
            assert_eq!(citation(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn numerals() {
        assert_eq!(chinese_numeral(1), "一");
        assert_eq!(chinese_numeral(10), "十");
        assert_eq!(chinese_numeral(11), "十一");
        assert_eq!(chinese_numeral(20), "二十");
        assert_eq!(chinese_numeral(21), "二十一");
        assert_eq!(chinese_numeral(99), "九十九");
        assert_eq!(chinese_numeral(0), "0");
        assert_eq!(chinese_numeral(100), "100");
        for n in 1..=99 {
            assert_eq!(parse_numeral(&chinese_numeral(n)), Some(n), "{n}");
            assert_eq!(parse_numeral(&n.to_string()), Some(n));
        }
        assert_eq!(parse_numeral("５"), Some(5));
        assert_eq!(parse_numeral("１２"), Some(12));
        for bad in [
            "",
            "一十",
            "十十",
            "两",
            "零",
            "九十九十",
            "二一",
            "5个",
            "一百",
            "99999999999",
        ] {
            assert_eq!(parse_numeral(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn period_phrases_found() {
        let text = PolicyText::bundled();
        let eleven = text.text_of("11").expect("11");
        let got = period_phrases(eleven);
        assert_eq!(got.len(), 2);
        assert_eq!(
            (got[0].count, got[0].unit, got[0].phrase.as_str()),
            (5, PeriodUnit::WorkingDays, "5个工作日")
        );
        assert_eq!(
            (got[1].count, got[1].unit, got[1].phrase.as_str()),
            (7, PeriodUnit::Days, "7日")
        );
        for p in &got {
            let at: String = eleven
                .chars()
                .skip(p.char_offset)
                .take(p.phrase.chars().count())
                .collect();
            assert_eq!(at, p.phrase);
        }
        let ten = period_phrases("应当在十个工作日内");
        assert_eq!(ten.len(), 1);
        assert_eq!((ten[0].count, ten[0].unit), (10, PeriodUnit::WorkingDays));
        assert_eq!(ten[0].phrase, "十个工作日");
        assert_eq!(ten[0].char_offset, 3);
        let bare = period_phrases("５工作日内；三日内");
        assert_eq!(bare.len(), 2);
        assert_eq!((bare[0].count, bare[0].unit), (5, PeriodUnit::WorkingDays));
        assert_eq!(bare[0].phrase, "５工作日");
        assert_eq!(
            (bare[1].count, bare[1].unit, bare[1].char_offset),
            (3, PeriodUnit::Days, 6)
        );
        assert!(period_phrases("2025年11月4日").is_empty());
        assert!(period_phrases("二〇二五年十一月四日印发").is_empty());
        assert!(period_phrases("工作日").is_empty());
        assert!(period_phrases("").is_empty());
    }

    #[test]
    fn not_utf8_reports_position() {
        let mut bytes = "第一条  正文\n第二条  ".as_bytes().to_vec();
        bytes.push(0xFF);
        let err = PolicyText::parse("t.txt", &bytes).expect_err("bad utf-8");
        assert_eq!(err.kind, TextErrorKind::NotUtf8);
        assert_eq!((err.line, err.column), (2, 6));
        assert_eq!(err.source, "t.txt");

        let mut bom = BOM.to_vec();
        bom.extend_from_slice(b"ab\xC3");
        let err = PolicyText::parse("t.txt", &bom).expect_err("bad utf-8");
        assert_eq!((err.line, err.column), (1, 3));
    }

    #[test]
    fn duplicate_article() {
        let err = parse_err("标题\n第一条  甲\n第二条  乙\n\n第二条  丙\n");
        assert_eq!(
            err.kind,
            TextErrorKind::DuplicateArticle {
                number: 2,
                first_line: 3
            }
        );
        assert_eq!((err.line, err.column), (5, 1));
        assert_eq!(err.kind.zh(), "第二条重复出现（首次在第 3 行）");
        assert_eq!(
            err.kind.en(),
            "article 第二条 appears twice (first at line 3)"
        );
        assert_eq!(
            err.to_string(),
            "t.txt:5:1: article 第二条 appears twice (first at line 3)"
        );
    }

    #[test]
    fn duplicate_item() {
        let err = parse_err("第一条  甲：\n（一）乙；\n  （一）丙。\n");
        assert_eq!(
            err.kind,
            TextErrorKind::DuplicateItem {
                article: 1,
                number: 1,
                first_line: 2
            }
        );
        assert_eq!((err.line, err.column), (3, 3));
        assert_eq!(err.kind.zh(), "第一条第一项重复出现（首次在第 2 行）");
    }

    #[test]
    fn item_before_any_article() {
        let err = parse_err("标题\n\n（一）甲\n第一条  乙\n");
        assert_eq!(
            err.kind,
            TextErrorKind::ItemOutsideArticle {
                label: "（一）".to_string()
            }
        );
        assert_eq!(err.line, 3);
        assert_eq!(err.kind.en(), "item （一） appears before any article");
    }

    #[test]
    fn no_articles() {
        for src in [
            "",
            "\n\n",
            "\u{3000} \r\n",
            "只有标题\n（征求意见稿）\n第十六条规定",
        ] {
            let err = parse_err(src);
            assert_eq!(err.kind, TextErrorKind::NoArticles, "{src:?}");
            assert_eq!((err.line, err.column), (1, 1));
        }
        let err = PolicyText::parse("t.txt", BOM).expect_err("BOM only");
        assert_eq!(err.kind, TextErrorKind::NoArticles);
    }

    #[test]
    fn empty_article_and_item() {
        let err = parse_err("第一条  甲\n\u{3000}第二条\n\n第三条  丙\n");
        assert_eq!(err.kind, TextErrorKind::EmptyArticle { number: 2 });
        assert_eq!((err.line, err.column), (2, 2));
        assert_eq!(err.kind.en(), "article 第二条 has no text");

        let err = parse_err("第一条  甲：\n（一）\n（二）乙\n");
        assert_eq!(
            err.kind,
            TextErrorKind::EmptyItem {
                article: 1,
                number: 1
            }
        );
        assert_eq!(err.line, 2);

        // The last item and last article are checked at end of input.
        let err = parse_err("第一条  甲：\n（一）乙\n（二）  \n");
        assert_eq!(
            err.kind,
            TextErrorKind::EmptyItem {
                article: 1,
                number: 2
            }
        );
        assert_eq!(err.line, 3);
        let err = parse_err("第一条  甲\n第二条\n");
        assert_eq!(err.kind, TextErrorKind::EmptyArticle { number: 2 });

        // The earliest problem wins: the empty item precedes the duplicate.
        let err = parse_err("第一条  甲：\n（一）\n第一条  乙\n");
        assert_eq!(
            err.kind,
            TextErrorKind::EmptyItem {
                article: 1,
                number: 1
            }
        );
    }

    #[test]
    fn cross_reference_line_is_not_a_header() {
        let src = "第三条  甲乙丙，\n第十六条规定的情形除外。\n第四条丁。\n";
        let text = PolicyText::parse("t.txt", src.as_bytes()).expect("parses");
        let got: Vec<u32> = text.articles.iter().map(|a| a.number).collect();
        assert_eq!(got, vec![3, 4]);
        assert_eq!(text.text_of("3"), Some("甲乙丙，第十六条规定的情形除外。"));
        // 第四条 has no separator but is the expected next number.
        assert_eq!(text.text_of("4"), Some("丁。"));
        assert_eq!(text.line_of("4"), Some(3));
    }

    #[test]
    fn header_and_item_variants() {
        let src = "\u{3000}\u{3000}第一条\u{3000}甲：\n(1) 乙\n  继续\n\n（２）丙\n(三）丁\n第二条  \n  戊\n";
        let text = PolicyText::parse("t.txt", src.as_bytes()).expect("parses");
        assert_eq!(text.title, "");
        let first = &text.articles[0];
        assert_eq!(first.lead, "甲：");
        assert_eq!(numbers(first), vec![1, 2, 3]);
        assert_eq!(first.items[0].text, "乙继续");
        assert_eq!(first.items[0].column, 1);
        assert_eq!(first.items[1].line, 5);
        assert_eq!(first.items[2].text, "丁");
        assert_eq!(text.text_of("2"), Some("戊"));
        assert_eq!(text.line_of("2"), Some(7));
        // Non-numeral brackets are plain text, not items.
        let src = "第一条  甲\n（以下简称乙）\n";
        let text = PolicyText::parse("t.txt", src.as_bytes()).expect("parses");
        assert_eq!(text.text_of("1"), Some("甲（以下简称乙）"));
        assert!(text.articles[0].items.is_empty());
    }

    #[test]
    fn never_panics_on_truncated_or_mangled_input() {
        let bytes = BUNDLED_TEXT.as_bytes();
        for end in 0..bytes.len() {
            let _ = PolicyText::parse("t.txt", &bytes[..end]);
        }
        let mangled: Vec<u8> = bytes
            .iter()
            .enumerate()
            .map(|(i, b)| if i % 97 == 0 { b ^ 0x40 } else { *b })
            .collect();
        let _ = PolicyText::parse("t.txt", &mangled);
        for (i, _) in BUNDLED_TEXT.char_indices().step_by(7) {
            let _ = period_phrases(&BUNDLED_TEXT[i..]);
        }
        for s in [
            "（",
            "(",
            "第",
            "第十",
            "第十条",
            "（十",
            "（十）",
            "月日",
            "月5日",
            "5个",
            "5个工作",
        ] {
            let _ = PolicyText::parse("t.txt", s.as_bytes());
            let _ = period_phrases(s);
            let _ = parse_numeral(s);
            let _ = citation(s);
        }
    }
}

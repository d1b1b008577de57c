//! Errors: every way input can be bad, with the file, the place in it and the problem, in
//! Chinese and English. The library returns these; only the binary prints them.

use crate::base::lang::Lang;
use crate::law::calendar::{Date, DateError};
use crate::text::policy::TextError;
use std::fmt;

/// Where in a case file the problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The JSON path of the offending field, e.g. `facts.decision_erroneous`; empty for the
    /// whole document.
    pub field: String,
    /// 1-based line and column, when known.
    pub line: Option<usize>,
    pub column: Option<usize>,
}

/// What the JSON parser expected where it stopped reading a malformed text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// The text ends inside an array, an object, a string, or before a value.
    EofInArray,
    EofInObject,
    EofInString,
    EofBeforeValue,
    Colon,
    CommaOrBracket,
    CommaOrBrace,
    /// A bare word that is not `true`, `false` or `null`.
    Literal,
    Value,
    Quote,
    Escape,
    Number,
    NumberOutOfRange,
    Unicode,
    ControlCharacter,
    KeyNotString,
    TrailingComma,
    TrailingCharacters,
}

/// A kind of JSON value, for "expected …, found …".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Object,
    Array,
    String,
    /// A string holding a date `YYYY-MM-DD`.
    Date,
    Number,
    Boolean,
    Null,
}

/// What is wrong with a case file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaseProblem {
    /// The parser failed in a way rongcuo does not classify; its own (English) message.
    Json(String),
    /// The file, or the line of `rongcuo batch`, holds nothing but white space.
    Empty,
    /// The line of `rongcuo batch` could not be evaluated: the thread evaluating it stopped on a
    /// defect of rongcuo. Reported in the line's place so that no line goes without a result.
    NotEvaluated,
    /// The text is not UTF-8; `byte` is the offset of the first bad byte.
    NotUtf8 {
        byte: usize,
    },
    /// The text is not well-formed JSON.
    Syntax(Syntax),
    /// A value of the wrong kind; `value` quotes a scalar that was found.
    WrongType {
        expected: Vec<Shape>,
        found: Shape,
        value: Option<String>,
    },
    MissingField {
        name: String,
    },
    UnknownField {
        name: String,
        expected: Vec<String>,
        suggestion: Option<String>,
    },
    /// The file or the batch line is larger than `limits::MAX_CASE_BYTES`.
    TooLarge {
        size: Option<u64>,
        limit: u64,
    },
    /// An object or array with more than `limits::MAX_ENTRIES` entries.
    TooManyEntries {
        limit: usize,
    },
    /// JSON nested deeper than `limits::MAX_DEPTH`.
    TooDeep {
        limit: usize,
    },
    DuplicateKey(String),
    EmptyId,
    UnknownFact {
        name: String,
        suggestion: Option<&'static str>,
    },
    /// A computed fact (from dates) was set by hand.
    ComputedFact {
        name: String,
    },
    BadDate(DateError),
    /// Two statements of the case that cannot both be true (a `facts::EXCLUSIONS` entry, or a
    /// date beside a fact that denies it): each as `facts.NAME = VALUE` or `dates.NAME`, with
    /// its line, and the reason.
    Contradiction {
        first: String,
        first_line: Option<usize>,
        second: String,
        second_line: Option<usize>,
        zh: &'static str,
        en: &'static str,
    },
    DatesOutOfOrder {
        earlier: &'static str,
        earlier_date: Date,
        later: &'static str,
        later_date: Date,
    },
    DateOutsideCalendar {
        date: Date,
        first_year: i32,
        last_year: i32,
    },
    /// A period of 第十一条 runs past the last day the calendar covers.
    PeriodOutsideCalendar {
        phrase: String,
        start: Date,
        date: Date,
        last_year: i32,
    },
    AssertionClauseMalformed {
        clause: String,
    },
    AssertionClauseAbsent {
        clause: String,
        catch_alls: Vec<String>,
    },
    AssertionNotCatchAll {
        clause: String,
        catch_alls: Vec<String>,
    },
    AssertionWithoutRule {
        clause: String,
    },
    MissingJustification {
        clause: String,
    },
    DuplicateAssertion {
        clause: String,
    },
    UnknownDisposition {
        given: String,
    },
    UnknownFinding {
        given: String,
        suggestion: Option<&'static str>,
    },
    ExpectGroundMalformed {
        given: String,
    },
    /// An unknown reading or value in `readings`.
    Reading(crate::law::interpret::ReadingError),
}

/// A problem in one case file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseError {
    pub path: String,
    pub place: Place,
    pub problem: Box<CaseProblem>,
}

/// Any error the library reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// A file or directory could not be read.
    Io { path: String, message: String },
    /// The policy text could not be parsed.
    Policy(TextError),
    /// A case file is bad.
    Case(CaseError),
    /// A command-line value is bad.
    Usage { message: String },
}

impl From<CaseError> for Error {
    fn from(e: CaseError) -> Self {
        Error::Case(e)
    }
}

impl From<TextError> for Error {
    fn from(e: TextError) -> Self {
        Error::Policy(e)
    }
}

fn date_problem(e: &DateError, lang: Lang) -> String {
    match e {
        DateError::Format { text } => {
            let text = quoted(text);
            lang.pick(
                format!("日期“{text}”格式错误，应为 YYYY-MM-DD（如 2025-10-13）"),
                format!("date \"{text}\" is not in the form YYYY-MM-DD (e.g. 2025-10-13)"),
            )
        }
        DateError::Impossible { text } => {
            // The form is right, so the year and month are digits.
            let year = text.get(0..4).and_then(|y| y.parse::<i32>().ok());
            let month = text.get(5..7).and_then(|m| m.parse::<u32>().ok());
            let why = match (year, month) {
                (Some(y), Some(m)) => match crate::law::calendar::month_length(y, m) {
                    Some(n) => lang.pick(
                        format!("：{y} 年 {m} 月只有 {n} 天"),
                        format!(": {y}-{m:02} has {n} days"),
                    ),
                    None => lang.pick(
                        format!("：月份应为 01 至 12，而非 {m:02}"),
                        format!(": the month must be 01 to 12, not {m:02}"),
                    ),
                },
                _ => String::new(),
            };
            lang.pick(
                format!("日期“{text}”不存在{why}"),
                format!("date \"{text}\" does not exist{why}"),
            )
        }
    }
}

/// A string from the input, cut for a message.
fn quoted(s: &str) -> String {
    crate::base::limits::quoted(s)
}

/// `a, b or c` / `a、b 或 c`.
fn one_of(items: &[String], lang: Lang) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => {
            let init_zh = init.join("、");
            // Chinese sets 或 off with spaces only beside a Latin word.
            let latin = init_zh.ends_with(|c: char| c.is_ascii())
                || last.starts_with(|c: char| c.is_ascii());
            let or = if latin { " 或 " } else { "或" };
            lang.pick(
                format!("{init_zh}{or}{last}"),
                format!("{} or {last}", init.join(", ")),
            )
        }
    }
}

impl Shape {
    /// The kind as expected: "a string", "true, false" (a boolean is spelt out).
    fn expected(self, lang: Lang) -> Vec<String> {
        let one = |zh: &str, en: &str| vec![lang.pick(zh, en).to_string()];
        match self {
            Shape::Object => one("对象 {…}", "an object {…}"),
            Shape::Array => one("数组 […]", "an array […]"),
            Shape::String => one("字符串", "a string"),
            Shape::Date => one("日期字符串（YYYY-MM-DD）", "a date string (YYYY-MM-DD)"),
            Shape::Number => one("数字", "a number"),
            Shape::Boolean => vec!["true".into(), "false".into()],
            Shape::Null => vec!["null".into()],
        }
    }

    /// The kind as found, quoting a scalar's value when there is one.
    fn found(self, value: Option<&str>, lang: Lang) -> String {
        match (self, value) {
            (Shape::String | Shape::Date, Some(v)) => {
                let v = quoted(v);
                lang.pick(format!("字符串“{v}”"), format!("the string \"{v}\""))
            }
            (Shape::Number, Some(v)) => lang.pick(format!("数字 {v}"), format!("the number {v}")),
            (Shape::Boolean, Some(v)) => v.to_string(),
            (Shape::Null, _) => "null".into(),
            (other, _) => {
                let mut e = other.expected(lang);
                e.truncate(1);
                e.concat()
            }
        }
    }
}

impl Syntax {
    fn message(self, lang: Lang) -> String {
        use Syntax::*;
        let (zh, en) = match self {
            EofInArray => (
                "文本在数组中途结束，应以 `]` 结束数组",
                "the text ends inside an array; expected `]` to close it",
            ),
            EofInObject => (
                "文本在对象中途结束，应以 `}` 结束对象",
                "the text ends inside an object; expected `}` to close it",
            ),
            EofInString => (
                "文本在字符串中途结束，应以 `\"` 结束字符串",
                "the text ends inside a string; expected `\"` to close it",
            ),
            EofBeforeValue => (
                "文本在此结束，但此处应有一个值",
                "the text ends where a value was expected",
            ),
            Colon => ("键之后应为 `:`", "expected `:` after the key"),
            CommaOrBracket => (
                "应为 `,`（后接下一项）或 `]`（结束数组）；是否漏了逗号？",
                "expected `,` (then the next entry) or `]` (end of the array); is a comma missing?",
            ),
            CommaOrBrace => (
                "应为 `,`（后接下一个键）或 `}`（结束对象）；是否漏了逗号？",
                "expected `,` (then the next key) or `}` (end of the object); is a comma missing?",
            ),
            Literal => (
                "无法识别的词，应为 true、false 或 null（小写，不加引号）",
                "an unknown word; expected true, false or null (lower case, unquoted)",
            ),
            Value => (
                "应为一个值：对象、数组、带双引号的字符串、数字、true、false 或 null",
                "expected a value: an object, an array, a string in double quotes, a number, true, false or null",
            ),
            Quote => ("应为 `\"`", "expected `\"`"),
            Escape => (
                "字符串中的转义无效，应为 \\\" \\\\ \\/ \\b \\f \\n \\r \\t 或 \\uXXXX",
                "an invalid escape in a string; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX",
            ),
            Number => (
                "数字格式无效",
                "an invalid number; expected digits such as 12 or 1.5",
            ),
            NumberOutOfRange => ("数字超出范围", "a number out of range"),
            Unicode => (
                "\\u 转义无效，应为 \\u 后接四位十六进制数，表示一个有效字符",
                "an invalid \\u escape; expected \\u and four hex digits naming a valid character",
            ),
            ControlCharacter => (
                "字符串中有未转义的控制字符（如换行、制表符），应写作 \\n、\\t 等",
                "a control character (a raw line break or tab) inside a string; expected it escaped, as \\n or \\t",
            ),
            KeyNotString => ("键应为带双引号的字符串", "expected a key in double quotes"),
            TrailingComma => (
                "结尾多了一个逗号：逗号之后应有下一项",
                "a comma before the closing bracket; expected another entry after it, or no comma",
            ),
            TrailingCharacters => (
                "案件对象结束后还有内容；一个文件（或一行）只能有一个案件",
                "text after the end of the case; expected one case only, nothing after its closing `}`",
            ),
        };
        lang.pick(zh, en).to_string()
    }
}

impl CaseProblem {
    /// Whether the problem is about the file or line as a whole, not a place in its JSON.
    pub fn is_whole_input(&self) -> bool {
        matches!(
            self,
            CaseProblem::Empty
                | CaseProblem::NotUtf8 { .. }
                | CaseProblem::TooLarge { .. }
                | CaseProblem::NotEvaluated
        )
    }

    pub fn message(&self, lang: Lang) -> String {
        use CaseProblem::*;
        match self {
            Json(m) => lang.pick(format!("不是有效的案件 JSON（解析器报告：{m}）"), format!("not a valid case file: {m}")),
            Empty => lang.pick("内容为空：应为一个案件，即一个 JSON 对象 {…}".into(), "nothing to read: expected one case, a JSON object {…}".into()),
            NotEvaluated => lang.pick(
                "未能评估：评估本行的线程因 rongcuo 自身的缺陷而中止（请报告此问题）；输入本身未必有误".into(),
                "not evaluated: the thread evaluating this line stopped on a defect of rongcuo (please report it); the input itself may be fine".into(),
            ),
            NotUtf8 { byte } => lang.pick(
                format!("不是 UTF-8 编码的文本（第 {byte} 字节无效）：请以 UTF-8 编码保存"),
                format!("not UTF-8 text (byte {byte} is invalid): expected the file saved as UTF-8"),
            ),
            Syntax(s) => lang.pick(format!("JSON 格式错误：{}", s.message(lang)), format!("malformed JSON: {}", s.message(lang))),
            WrongType { expected, found, value } => {
                let exp: Vec<String> = expected.iter().flat_map(|s| s.expected(lang)).collect();
                let exp = one_of(&exp, lang);
                let found = found.found(value.as_deref(), lang);
                // Chinese text sets Latin words off with a space.
                let gap = |s: &str| if s.starts_with(|c: char| c.is_ascii()) { " " } else { "" };
                let zh = format!("应为{}{exp}，实际为{}{found}", gap(&exp), gap(&found));
                lang.pick(zh, format!("expected {exp}, found {found}"))
            }
            MissingField { name } => {
                let name = quoted(name);
                lang.pick(format!("缺少必填字段“{name}”"), format!("the required field \"{name}\" is missing"))
            }
            UnknownField { name, expected, suggestion } => {
                let name = quoted(name);
                let list = if expected.is_empty() {
                    lang.pick("此处不允许任何字段".to_string(), "no fields are allowed here".to_string())
                } else {
                    lang.pick(format!("可用字段：{}", expected.join("、")), format!("expected one of {}", expected.join(", ")))
                };
                let hint = match suggestion {
                    Some(s) => lang.pick(format!("；是否为“{s}”？"), format!("; did you mean \"{s}\"?")),
                    None => String::new(),
                };
                lang.pick(format!("未知字段“{name}”；{list}{hint}"), format!("unknown field \"{name}\"; {list}{hint}"))
            }
            TooLarge { size, limit } => {
                let limit = crate::base::limits::bytes_shown(*limit, lang);
                match size {
                    Some(n) => {
                        let n = crate::base::limits::bytes_shown(*n, lang);
                        lang.pick(
                            format!("大小为 {n}，超过上限 {limit}；一个案件通常只有几 KB"),
                            format!("{n} is over the limit of {limit}; a case is a few KB"),
                        )
                    }
                    None => lang.pick(
                        format!("超过上限 {limit}；一个案件通常只有几 KB"),
                        format!("more than the limit of {limit}; a case is a few KB"),
                    ),
                }
            }
            TooManyEntries { limit } => lang.pick(
                format!("条目超过上限 {limit} 个（一个案件所需远少于此）"),
                format!("more than {limit} entries, the limit (a case needs far fewer)"),
            ),
            TooDeep { limit } => lang.pick(
                format!("JSON 嵌套超过 {limit} 层的上限（案件最多嵌套 3 层）"),
                format!("JSON nested more than {limit} levels deep, the limit (a case nests 3 levels at most)"),
            ),
            DuplicateKey(k) => {
                let k = quoted(k);
                lang.pick(format!("键“{k}”重复出现；每个键只能出现一次"), format!("key \"{k}\" appears twice; expected each key once"))
            }
            EmptyId => lang.pick("案件 id 为空；应为非空字符串".into(), "the case id is empty; expected a non-empty string".into()),
            UnknownFact { name, suggestion } => {
                let name = quoted(name);
                let hint = match suggestion {
                    Some(s) => lang.pick(format!("，是否为“{s}”？"), format!("; did you mean \"{s}\"?")),
                    None => lang.pick("；运行 `rongcuo facts` 查看全部事实".into(), "; run `rongcuo facts` for the list".into()),
                };
                lang.pick(format!("未知事实“{name}”{hint}"), format!("unknown fact \"{name}\"{hint}"))
            }
            ComputedFact { name } => lang.pick(
                format!("事实“{name}”由 dates 中的日期计算得出，不能直接填写；请填写相应日期"),
                format!("fact \"{name}\" is computed from `dates` and cannot be set by hand; give the dates instead"),
            ),
            BadDate(e) => date_problem(e, lang),
            Contradiction { first, first_line, second, second_line, zh, en } => {
                let at = |line: &Option<usize>| match line {
                    Some(l) => lang.pick(format!("（第 {l} 行）"), format!(" (line {l})")),
                    None => String::new(),
                };
                let (a, b) = (at(first_line), at(second_line));
                lang.pick(
                    format!("{first}{a}与 {second}{b}不能同时成立：{zh}"),
                    format!("{first}{a} and {second}{b} cannot both hold: {en}"),
                )
            }
            DatesOutOfOrder { earlier, earlier_date, later, later_date } => lang.pick(
                format!("日期顺序错误：{later}（{later_date}）早于 {earlier}（{earlier_date}）；应不早于后者"),
                format!("dates out of order: {later} ({later_date}) is before {earlier} ({earlier_date}); expected it on or after"),
            ),
            DateOutsideCalendar { date, first_year, last_year } => lang.pick(
                format!("日期 {date} 超出节假日日历覆盖的年份（{first_year}—{last_year}年），无法计算工作日"),
                format!("date {date} is outside the years the holiday calendar covers ({first_year}–{last_year}); working days cannot be counted"),
            ),
            PeriodOutsideCalendar { phrase, start, date, last_year } => lang.pick(
                format!("自 {start} 起算的“{phrase}”期间须计算到 {date}，超出节假日日历覆盖的年份（至 {last_year} 年），无法计算"),
                format!("the \"{phrase}\" period from {start} runs to {date}, past the years the holiday calendar covers (to {last_year}); it cannot be counted"),
            ),
            AssertionClauseMalformed { clause } => {
                let clause = quoted(clause);
                lang.pick(
                    format!("条款编号“{clause}”格式错误，应如 9.10"),
                    format!("clause id \"{clause}\" is malformed; write it like 9.10"),
                )
            }
            AssertionClauseAbsent { clause, catch_alls } => lang.pick(
                format!("载入的文本中没有条款 {clause}；可认定的兜底项为：{}", catch_alls.join("、")),
                format!("clause {clause} is not in the loaded text; the catch-alls that can be asserted are {}", catch_alls.join(", ")),
            ),
            AssertionNotCatchAll { clause, catch_alls } => lang.pick(
                format!("条款 {clause} 不是兜底项，不能以认定方式成立；兜底项为：{}", catch_alls.join("、")),
                format!("clause {clause} is not a catch-all item and cannot be asserted; the catch-alls are {}", catch_alls.join(", ")),
            ),
            AssertionWithoutRule { clause } => lang.pick(
                format!("兜底项 {clause} 没有对应的规则"),
                format!("catch-all {clause} has no rule"),
            ),
            MissingJustification { clause } => lang.pick(
                format!("对条款 {clause} 的认定缺少书面理由（justification），应为非空字符串"),
                format!("the assertion of clause {clause} has no written justification; expected a non-empty string"),
            ),
            DuplicateAssertion { clause } => lang.pick(
                format!("对条款 {clause} 的认定重复出现；每项只能认定一次"),
                format!("clause {clause} is asserted twice; expected each clause once"),
            ),
            UnknownDisposition { given } => {
                let given = quoted(given);
                let names: Vec<&str> = crate::law::labels::VERDICTS.iter().map(|v| v.1).collect();
                lang.pick(
                    format!("未知结论“{given}”；可用：{}", names.join("、")),
                    format!("unknown disposition \"{given}\"; expected one of {}", names.join(", ")),
                )
            }
            UnknownFinding { given, suggestion } => {
                let given = quoted(given);
                let hint = match suggestion {
                    Some(s) => lang.pick(format!("，是否为“{s}”？"), format!("; did you mean \"{s}\"?")),
                    None => {
                        let names: Vec<&str> = crate::law::labels::DUTIES.iter().map(|d| d.1).collect();
                        lang.pick(format!("；可用：{}", names.join("、")), format!("; expected one of {}", names.join(", ")))
                    }
                };
                lang.pick(format!("未知程序事项“{given}”{hint}"), format!("unknown finding \"{given}\"{hint}"))
            }
            Reading(e) => e.message(lang),
            ExpectGroundMalformed { given } => {
                let given = quoted(given);
                lang.pick(
                    format!("依据“{given}”不是条款编号（应如 8.2）"),
                    format!("ground \"{given}\" is not a clause id (write it like 8.2)"),
                )
            }
        }
    }
}

impl Error {
    /// The message in the given language: file, place, problem.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Error::Io { path, message } => lang.pick(
                format!("{path}：无法读取：{message}"),
                format!("{path}: cannot read: {message}"),
            ),
            Error::Policy(e) => {
                let problem = lang.pick(e.kind.zh(), e.kind.en());
                format!("{}: {problem}", e.place())
            }
            Error::Usage { message } => message.clone(),
            Error::Case(e) => {
                let mut at = e.path.clone();
                if let Some(line) = e.place.line {
                    at.push_str(&format!(":{line}"));
                    if let Some(col) = e.place.column {
                        at.push_str(&format!(":{col}"));
                    }
                }
                let field = if !e.place.field.is_empty() {
                    format!("{}: ", e.place.field)
                } else if e.problem.is_whole_input() {
                    String::new()
                } else {
                    lang.pick("（顶层）: ", "(top level): ").to_string()
                };
                format!("{at}: {field}{}", e.problem.message(lang))
            }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for Error {}

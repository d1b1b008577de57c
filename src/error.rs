//! Errors: every way input can be bad, with the file, the place in it and the problem, in
//! Chinese and English. The library returns these; only the binary prints them.

use crate::calendar::{Date, DateError};
use crate::text::TextError;
use std::fmt;

/// The language of user-facing messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Picks the message for this language.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

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

/// What is wrong with a case file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaseProblem {
    /// The file is not valid JSON or does not have the case file's shape.
    Json(String),
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
    Reading(crate::interpret::ReadingError),
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
        DateError::Format { text } => lang.pick(
            format!("日期“{text}”格式错误，应为 YYYY-MM-DD"),
            format!("date \"{text}\" is not in the form YYYY-MM-DD"),
        ),
        DateError::Impossible { text } => lang.pick(
            format!("日期“{text}”不存在"),
            format!("date \"{text}\" does not exist"),
        ),
    }
}

impl CaseProblem {
    pub fn message(&self, lang: Lang) -> String {
        use CaseProblem::*;
        match self {
            Json(m) => lang.pick(format!("不是有效的案件 JSON：{m}"), format!("not a valid case file: {m}")),
            DuplicateKey(k) => lang.pick(format!("键“{k}”重复出现"), format!("key \"{k}\" appears twice")),
            EmptyId => lang.pick("案件 id 为空".into(), "the case id is empty".into()),
            UnknownFact { name, suggestion } => {
                let hint = match suggestion {
                    Some(s) => lang.pick(format!("，是否为“{s}”？"), format!("; did you mean \"{s}\"?")),
                    None => lang.pick("；运行 `rongcuo facts` 查看全部事实".into(), "; run `rongcuo facts` for the list".into()),
                };
                lang.pick(format!("未知事实“{name}”{hint}"), format!("unknown fact \"{name}\"{hint}"))
            }
            ComputedFact { name } => lang.pick(
                format!("事实“{name}”由 dates 中的日期计算得出，不能直接填写"),
                format!("fact \"{name}\" is computed from `dates` and cannot be set by hand"),
            ),
            BadDate(e) => date_problem(e, lang),
            DatesOutOfOrder { earlier, earlier_date, later, later_date } => lang.pick(
                format!("日期顺序错误：{later}（{later_date}）早于 {earlier}（{earlier_date}）"),
                format!("dates out of order: {later} ({later_date}) is before {earlier} ({earlier_date})"),
            ),
            DateOutsideCalendar { date, first_year, last_year } => lang.pick(
                format!("日期 {date} 超出节假日日历覆盖的年份（{first_year}—{last_year}年），无法计算工作日"),
                format!("date {date} is outside the years the holiday calendar covers ({first_year}–{last_year}); working days cannot be counted"),
            ),
            PeriodOutsideCalendar { phrase, start, date, last_year } => lang.pick(
                format!("自 {start} 起算的“{phrase}”期间须计算到 {date}，超出节假日日历覆盖的年份（至 {last_year} 年），无法计算"),
                format!("the \"{phrase}\" period from {start} runs to {date}, past the years the holiday calendar covers (to {last_year}); it cannot be counted"),
            ),
            AssertionClauseMalformed { clause } => lang.pick(
                format!("条款编号“{clause}”格式错误，应如 9.10"),
                format!("clause id \"{clause}\" is malformed; write it like 9.10"),
            ),
            AssertionClauseAbsent { clause } => lang.pick(
                format!("载入的文本中没有条款 {clause}"),
                format!("clause {clause} is not in the loaded text"),
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
                format!("对条款 {clause} 的认定缺少书面理由（justification）"),
                format!("the assertion of clause {clause} has no written justification"),
            ),
            DuplicateAssertion { clause } => lang.pick(
                format!("对条款 {clause} 的认定重复出现"),
                format!("clause {clause} is asserted twice"),
            ),
            UnknownDisposition { given } => lang.pick(
                format!("未知结论“{given}”；可用：out_of_scope、due_diligence、exemption_eligible、mitigation_eligible、liable、undetermined"),
                format!("unknown disposition \"{given}\"; expected one of out_of_scope, due_diligence, exemption_eligible, mitigation_eligible, liable, undetermined"),
            ),
            UnknownFinding { given, suggestion } => {
                let hint = match suggestion {
                    Some(s) => lang.pick(format!("，是否为“{s}”？"), format!("; did you mean \"{s}\"?")),
                    None => String::new(),
                };
                lang.pick(format!("未知程序事项“{given}”{hint}"), format!("unknown finding \"{given}\"{hint}"))
            }
            Reading(e) => e.message(lang),
            ExpectGroundMalformed { given } => lang.pick(
                format!("依据“{given}”不是条款编号（应如 8.2）"),
                format!("ground \"{given}\" is not a clause id (write it like 8.2)"),
            ),
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
                format!("{}:{}:{}: {problem}", e.source, e.line, e.column)
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
                let field = if e.place.field.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", e.place.field)
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

//! Civil dates and the Chinese working-day calendar. This module owns the
//! proleptic Gregorian `Date` type, the official State Council holiday
//! schedules (国务院办公厅关于部分节假日安排的通知) shipped as
//! `policy/calendar.json`, and the two period computations of Chinese civil
//! law that the policy relies on: 民法典 第二百零一条 (the day a period starts
//! is not counted) and 民法典 第二百零三条 (a period whose last day is a
//! statutory rest day ends on the next working day). Every date a computation
//! needs to classify must lie inside the covered years; outside them the
//! answer is `OutOfRange`, never a guess.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use serde::Deserialize;

/// The shipped holiday schedules.
const BUNDLED_JSON: &str = include_str!("../../policy/calendar.json");

// ---------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------

/// A civil date in the proleptic Gregorian calendar.
///
/// Field order (year, month, day) makes the derived ordering chronological.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Day of the week.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

/// Why a text is not a date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    /// The text is not of the form `YYYY-MM-DD` (exactly 4-2-2 ASCII digits).
    Format { text: String },
    /// The text has the right form but names no real day, e.g. `2025-02-30`.
    Impossible { text: String },
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Format { text } => {
                write!(f, "{text:?} is not a date of the form YYYY-MM-DD")
            }
            DateError::Impossible { text } => {
                write!(f, "{text:?} is not a real calendar date")
            }
        }
    }
}

impl std::error::Error for DateError {}

fn is_leap_year(year: i64) -> bool {
    year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 for a valid civil date (H. Hinnant's algorithm,
/// done in `i64` so every `i32` year is safe).
const fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // 0..=399
    let mp = (month + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + day - 1; // 0..=365
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // 0..=146096
    era * 146_097 + doe - 719_468
}

/// Inverse of `days_from_civil`.
const fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097; // 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // 0..=365
    let mp = (5 * doy + 2) / 153; // 0..=11
    let day = doy - (153 * mp + 2) / 5 + 1; // 1..=31
    let month = if mp < 10 { mp + 3 } else { mp - 9 }; // 1..=12
    let year = yoe + era * 400;
    (if month <= 2 { year + 1 } else { year }, month, day)
}

/// Day number of the earliest representable date, `i32::MIN`-01-01.
const MIN_DAYS: i64 = days_from_civil(i32::MIN as i64, 1, 1);
/// Day number of the latest representable date, `i32::MAX`-12-31.
const MAX_DAYS: i64 = days_from_civil(i32::MAX as i64, 12, 31);

/// The number of days in `month` (1–12) of `year`; `None` for a month that does not exist.
pub fn month_length(year: i32, month: u32) -> Option<u32> {
    (1..=12)
        .contains(&month)
        .then(|| days_in_month(i64::from(year), month))
}

impl Date {
    /// The date `year-month-day`, or `None` if no such day exists.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(i64::from(year), month) {
            return None;
        }
        Some(Date {
            year,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
        })
    }

    /// Parses strict `YYYY-MM-DD`: exactly ten bytes, 4-2-2 ASCII digits
    /// separated by `-`. No surrounding whitespace, signs or other widths.
    pub fn parse(s: &str) -> Result<Date, DateError> {
        let b = s.as_bytes();
        let shape_ok = b.len() == 10
            && b.iter().enumerate().all(|(i, &c)| {
                if i == 4 || i == 7 {
                    c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            });
        if !shape_ok {
            return Err(DateError::Format {
                text: s.to_string(),
            });
        }
        let num = |range: std::ops::Range<usize>| -> u32 {
            b.get(range)
                .unwrap_or(&[])
                .iter()
                .fold(0u32, |acc, &c| acc * 10 + u32::from(c.wrapping_sub(b'0')))
        };
        let year = i32::try_from(num(0..4)).unwrap_or(i32::MAX);
        Date::new(year, num(5..7), num(8..10)).ok_or_else(|| DateError::Impossible {
            text: s.to_string(),
        })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        u32::from(self.month)
    }

    pub fn day(self) -> u32 {
        u32::from(self.day)
    }

    /// Day of the week (1970-01-01 was a Thursday).
    pub fn weekday(self) -> Weekday {
        match (self.to_days() + 3).rem_euclid(7) {
            0 => Weekday::Mon,
            1 => Weekday::Tue,
            2 => Weekday::Wed,
            3 => Weekday::Thu,
            4 => Weekday::Fri,
            5 => Weekday::Sat,
            _ => Weekday::Sun,
        }
    }

    /// The next day: `add_days(1)` without the round trip through a day count (period walks
    /// take it once per day walked).
    pub fn succ(self) -> Date {
        if u32::from(self.day) < days_in_month(i64::from(self.year), u32::from(self.month)) {
            Date {
                day: self.day + 1,
                ..self
            }
        } else if self.month < 12 {
            Date {
                month: self.month + 1,
                day: 1,
                ..self
            }
        } else {
            self.add_days(1)
        }
    }

    /// The date `n` days later (earlier if `n` is negative). The result
    /// saturates at the first and last representable dates (years
    /// `i32::MIN` and `i32::MAX`) instead of overflowing.
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days(self.to_days().saturating_add(n))
    }

    /// `later - self` in days (negative if `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.to_days() - self.to_days()
    }

    /// Days since 1970-01-01.
    fn to_days(self) -> i64 {
        days_from_civil(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        )
    }

    /// The date with the given day number, clamped to the representable range.
    fn from_days(days: i64) -> Date {
        let (year, month, day) = civil_from_days(days.clamp(MIN_DAYS, MAX_DAYS));
        // After clamping the year fits in i32, the month is 1..=12 and the
        // day 1..=31; the fallbacks only keep this total.
        Date {
            year: i32::try_from(year).unwrap_or(if year < 0 { i32::MIN } else { i32::MAX }),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD`, e.g. `2025-10-13`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Weekday {
    /// Chinese name, "周一" to "周日".
    pub fn zh(self) -> &'static str {
        match self {
            Weekday::Mon => "周一",
            Weekday::Tue => "周二",
            Weekday::Wed => "周三",
            Weekday::Thu => "周四",
            Weekday::Fri => "周五",
            Weekday::Sat => "周六",
            Weekday::Sun => "周日",
        }
    }

    /// English abbreviation, "Mon" to "Sun".
    pub fn en(self) -> &'static str {
        match self {
            Weekday::Mon => "Mon",
            Weekday::Tue => "Tue",
            Weekday::Wed => "Wed",
            Weekday::Thu => "Thu",
            Weekday::Fri => "Fri",
            Weekday::Sat => "Sat",
            Weekday::Sun => "Sun",
        }
    }

    fn is_weekend(self) -> bool {
        matches!(self, Weekday::Sat | Weekday::Sun)
    }
}

// ---------------------------------------------------------------------------
// Day kinds and errors
// ---------------------------------------------------------------------------

/// How the calendar classifies one day.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DayKind {
    /// An ordinary Monday to Friday.
    Workday,
    /// A Saturday or Sunday that is neither a holiday nor worked.
    Weekend,
    /// A day inside an official holiday range (whatever its weekday).
    Holiday,
    /// A Saturday or Sunday worked to make up for a holiday (调休上班).
    AdjustedWorkday,
}

impl DayKind {
    /// Whether the day is a working day; the other kinds are 法定休假日.
    pub fn is_working(self) -> bool {
        matches!(self, DayKind::Workday | DayKind::AdjustedWorkday)
    }

    pub fn zh(self) -> &'static str {
        match self {
            DayKind::Workday => "工作日",
            DayKind::Weekend => "周末",
            DayKind::Holiday => "法定节假日",
            DayKind::AdjustedWorkday => "调休上班日",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            DayKind::Workday => "working day",
            DayKind::Weekend => "weekend",
            DayKind::Holiday => "public holiday",
            DayKind::AdjustedWorkday => "make-up working day",
        }
    }
}

/// A date the calendar has no schedule for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutOfRange {
    pub date: Date,
    pub first_year: i32,
    pub last_year: i32,
}

impl fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is outside the holiday calendar, which covers {} through {}",
            self.date, self.first_year, self.last_year
        )
    }
}

impl std::error::Error for OutOfRange {}

/// A problem in calendar data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarError {
    /// Where: a JSON path such as `years[1].off[3]`, or `line 4 column 2`
    /// when the JSON itself could not be read into the expected shape.
    pub place: String,
    /// What is wrong, in English.
    pub problem: String,
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "calendar data, {}: {}", self.place, self.problem)
    }
}

impl std::error::Error for CalendarError {}

fn data_error(place: impl Into<String>, problem: impl Into<String>) -> CalendarError {
    CalendarError {
        place: place.into(),
        problem: problem.into(),
    }
}

// ---------------------------------------------------------------------------
// Calendar
// ---------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    source: String,
    years: Vec<RawYear>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    year: i32,
    notice: String,
    off: Vec<[String; 2]>,
    workdays: Vec<String>,
}

/// The working-day calendar for a contiguous run of whole years.
#[derive(Debug)]
pub struct Calendar {
    first_year: i32,
    last_year: i32,
    /// Notice for each year, indexed by `year - first_year`.
    notices: Vec<String>,
    /// Days whose kind differs from the plain weekday rule or is a holiday:
    /// every day in an off range (`Holiday`) and every listed workday
    /// (`AdjustedWorkday`).
    special: BTreeMap<Date, DayKind>,
}

/// The result of a period computation, with the whole walk for explanations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    /// The day the period runs from; not itself counted (第二百零一条).
    pub start: Date,
    /// For working days, the same as `end`; for calendar days, `start + n`.
    pub nominal_end: Date,
    /// The last day of the period, inclusive: filing on or before it is timely.
    pub end: Date,
    /// Every day after `start` through `end`, with its kind.
    pub days: Vec<(Date, DayKind)>,
    /// True when 第二百零三条 moved the end past `nominal_end`.
    pub extended: bool,
}

impl Calendar {
    /// The shipped schedules from `policy/calendar.json`, parsed once.
    pub fn bundled() -> &'static Calendar {
        static BUNDLED: OnceLock<Calendar> = OnceLock::new();
        BUNDLED.get_or_init(|| {
            // The unit test `bundled_calendar_parses` proves this data, which is compiled in,
            // is valid; it is never read from input.
            #[expect(clippy::expect_used, reason = "compiled-in data, checked by a test")]
            Calendar::from_json(BUNDLED_JSON).expect("policy/calendar.json is valid")
        })
    }

    /// Reads and validates calendar data (see `policy/calendar.json`).
    ///
    /// Checks: no unknown fields; `source` and each `notice` non-empty; at
    /// least one year; years listed in ascending order, unique and
    /// contiguous, each within 1..=9999; every date strict `YYYY-MM-DD` and in
    /// its own year; off ranges have start <= end and do not overlap; workdays
    /// are Saturdays or Sundays, listed once, and not inside an off range.
    pub fn from_json(text: &str) -> Result<Calendar, CalendarError> {
        let raw: RawFile = serde_json::from_str(text).map_err(|e| {
            let place = format!("line {} column {}", e.line(), e.column());
            let full = e.to_string();
            let problem = full
                .strip_suffix(&format!(" at {place}"))
                .unwrap_or(&full)
                .to_string();
            data_error(place, problem)
        })?;

        if raw.source.trim().is_empty() {
            return Err(data_error("source", "must not be empty"));
        }
        let Some(first) = raw.years.first() else {
            return Err(data_error("years", "must list at least one year"));
        };
        let first_year = first.year;
        let mut last_year = first_year;
        let mut notices = Vec::with_capacity(raw.years.len());
        let mut special = BTreeMap::new();

        for (i, y) in raw.years.iter().enumerate() {
            let here = format!("years[{i}]");
            if !(1..=9999).contains(&y.year) {
                return Err(data_error(
                    format!("{here}.year"),
                    format!("year {} is not between 1 and 9999", y.year),
                ));
            }
            if i > 0 {
                let expected = last_year + 1;
                if y.year <= last_year {
                    let problem = if raw.years.iter().take(i).any(|o| o.year == y.year) {
                        format!("year {} is listed more than once", y.year)
                    } else {
                        format!(
                            "year {} comes after {last_year}; list years in ascending order",
                            y.year
                        )
                    };
                    return Err(data_error(format!("{here}.year"), problem));
                }
                if y.year != expected {
                    return Err(data_error(
                        format!("{here}.year"),
                        format!(
                            "years are not contiguous: {last_year} is followed by {} ({expected} is missing)",
                            y.year
                        ),
                    ));
                }
                last_year = y.year;
            }
            if y.notice.trim().is_empty() {
                return Err(data_error(format!("{here}.notice"), "must not be empty"));
            }
            notices.push(y.notice.clone());

            let in_year = |place: &str, text: &str| -> Result<Date, CalendarError> {
                let d = Date::parse(text).map_err(|e| data_error(place, e.to_string()))?;
                if d.year() != y.year {
                    return Err(data_error(place, format!("{d} is not in year {}", y.year)));
                }
                Ok(d)
            };

            // Off ranges.
            let mut ranges: Vec<(Date, Date, usize)> = Vec::with_capacity(y.off.len());
            for (j, [a, b]) in y.off.iter().enumerate() {
                let place = format!("{here}.off[{j}]");
                let start = in_year(&format!("{place}[0]"), a)?;
                let end = in_year(&format!("{place}[1]"), b)?;
                if start > end {
                    return Err(data_error(
                        place,
                        format!("range starts on {start}, after its end {end}"),
                    ));
                }
                ranges.push((start, end, j));
            }
            ranges.sort();
            for pair in ranges.windows(2) {
                let [(s0, e0, j0), (s1, e1, j1)] = *pair else {
                    continue;
                };
                if s1 <= e0 {
                    return Err(data_error(
                        format!("{here}.off[{j1}]"),
                        format!("range {s1}..{e1} overlaps {here}.off[{j0}] ({s0}..{e0})"),
                    ));
                }
            }
            for &(start, end, _) in &ranges {
                let mut d = start;
                while d <= end {
                    special.insert(d, DayKind::Holiday);
                    d = d.add_days(1);
                }
            }

            // Make-up workdays.
            for (k, text) in y.workdays.iter().enumerate() {
                let place = format!("{here}.workdays[{k}]");
                let d = in_year(&place, text)?;
                if !d.weekday().is_weekend() {
                    return Err(data_error(
                        place,
                        format!(
                            "{d} is a {}, not a Saturday or Sunday; only weekend days can be make-up workdays",
                            d.weekday().en()
                        ),
                    ));
                }
                match special.get(&d) {
                    Some(DayKind::Holiday) => {
                        return Err(data_error(place, format!("{d} is inside an off range")));
                    }
                    Some(_) => {
                        return Err(data_error(place, format!("{d} is listed more than once")));
                    }
                    None => {
                        special.insert(d, DayKind::AdjustedWorkday);
                    }
                }
            }
        }

        Ok(Calendar {
            first_year,
            last_year,
            notices,
            special,
        })
    }

    pub fn first_year(&self) -> i32 {
        self.first_year
    }

    pub fn last_year(&self) -> i32 {
        self.last_year
    }

    /// The notice that set `year`'s schedule, if the year is covered.
    pub fn notice(&self, year: i32) -> Option<&str> {
        let index = usize::try_from(i64::from(year) - i64::from(self.first_year)).ok()?;
        self.notices.get(index).map(String::as_str)
    }

    /// Classifies one day, or reports that the calendar does not cover it.
    pub fn day_kind(&self, d: Date) -> Result<DayKind, OutOfRange> {
        if d.year() < self.first_year || d.year() > self.last_year {
            return Err(OutOfRange {
                date: d,
                first_year: self.first_year,
                last_year: self.last_year,
            });
        }
        if let Some(&kind) = self.special.get(&d) {
            return Ok(kind);
        }
        Ok(if d.weekday().is_weekend() {
            DayKind::Weekend
        } else {
            DayKind::Workday
        })
    }

    /// Counts `n` working days after `start` (start not counted). Returns the whole walk so it can be explained.
    ///
    /// `start` itself is never classified, so it may lie just before the
    /// covered years; every walked day must be covered. With `n == 0` the
    /// period ends on `start` and nothing is walked.
    pub fn add_working_days(&self, start: Date, n: u32) -> Result<Period, OutOfRange> {
        let mut days = Vec::new();
        let mut current = start;
        let mut counted = 0u32;
        while counted < n {
            let (d, kind) = self.next_day(current)?;
            days.push((d, kind));
            if kind.is_working() {
                counted += 1;
            }
            current = d;
        }
        Ok(Period {
            start,
            nominal_end: current,
            end: current,
            days,
            extended: false,
        })
    }

    /// `n` calendar days after `start` (start not counted); if that day is not a working day, the end moves to the next working day (民法典 第二百零三条).
    ///
    /// Every walked day is classified, so all of them must be covered. With
    /// `n == 0` the nominal end is `start` itself, which is then classified.
    pub fn add_calendar_days(&self, start: Date, n: u32) -> Result<Period, OutOfRange> {
        let mut days = Vec::new();
        let mut current = start;
        for _ in 0..n {
            let (d, kind) = self.next_day(current)?;
            days.push((d, kind));
            current = d;
        }
        let nominal_end = current;
        let mut kind = match days.last() {
            Some(&(_, kind)) => kind,
            None => self.day_kind(start)?,
        };
        while !kind.is_working() {
            let (d, k) = self.next_day(current)?;
            days.push((d, k));
            current = d;
            kind = k;
        }
        Ok(Period {
            start,
            nominal_end,
            end: current,
            days,
            extended: current > nominal_end,
        })
    }

    /// The day after `d` with its kind. Loops that call this end because the
    /// covered years are finite: past them `day_kind` fails.
    fn next_day(&self, d: Date) -> Result<(Date, DayKind), OutOfRange> {
        let next = d.succ();
        Ok((next, self.day_kind(next)?))
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn the_next_day_is_one_day_later() {
        let mut day = d("2023-12-25");
        for _ in 0..1200 {
            assert_eq!(day.succ(), day.add_days(1), "{day}");
            day = day.add_days(1);
        }
    }

    fn cal() -> &'static Calendar {
        Calendar::bundled()
    }

    /// A one-year (or more) calendar JSON built from year bodies.
    fn json(years: &[&str]) -> String {
        format!(r#"{{"source": "test", "years": [{}]}}"#, years.join(","))
    }

    fn reject(text: &str) -> CalendarError {
        match Calendar::from_json(text) {
            Ok(_) => panic!("expected rejection of {text}"),
            Err(e) => e,
        }
    }

    // --- dates -------------------------------------------------------------

    #[test]
    fn parse_good_date() {
        let x = d("2025-10-13");
        assert_eq!((x.year(), x.month(), x.day()), (2025, 10, 13));
        assert_eq!(x.to_string(), "2025-10-13");
    }

    #[test]
    fn parse_rejects_bad_format() {
        for text in [
            "2025-2-3",
            "2025-10-13 ",
            " 2025-10-13",
            "2025/10/13",
            "25-10-13",
            "+025-10-13",
            "2025-10-1a",
            "",
            "２０２５-10-13",
        ] {
            assert_eq!(
                Date::parse(text),
                Err(DateError::Format {
                    text: text.to_string()
                }),
                "{text:?}"
            );
        }
    }

    #[test]
    fn parse_rejects_impossible_dates() {
        for text in [
            "2025-02-30",
            "2024-13-01",
            "1900-02-29",
            "2025-00-10",
            "2025-04-31",
            "2025-01-00",
        ] {
            assert_eq!(
                Date::parse(text),
                Err(DateError::Impossible {
                    text: text.to_string()
                }),
                "{text:?}"
            );
        }
    }

    #[test]
    fn leap_years() {
        assert_eq!(d("2024-02-29").day(), 29);
        assert_eq!(d("2000-02-29").month(), 2);
        assert!(Date::new(2025, 2, 29).is_none());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2025, 13, 1).is_none());
        assert!(Date::new(2025, 1, 32).is_none());
        assert!(Date::new(2025, u32::MAX, u32::MAX).is_none());
    }

    #[test]
    fn weekdays() {
        assert_eq!(d("2025-10-01").weekday(), Weekday::Wed);
        assert_eq!(d("2026-01-01").weekday(), Weekday::Thu);
        assert_eq!(d("1970-01-01").weekday(), Weekday::Thu);
        assert_eq!(d("2000-01-01").weekday(), Weekday::Sat);
        assert_eq!(d("1582-10-15").weekday(), Weekday::Fri);
        assert_eq!(Date::new(-1, 12, 31).unwrap().weekday(), Weekday::Fri);
        assert_eq!(Weekday::Sun.zh(), "周日");
        assert_eq!(Weekday::Mon.en(), "Mon");
    }

    #[test]
    fn day_numbers_agree_with_stepping_one_day_at_a_time() {
        // Walk 1599-12-01 .. 2401-03-01 by incrementing month/day by hand and
        // check day numbers, add_days and days_until against it.
        let base = Date::new(1599, 12, 1).unwrap();
        let (mut y, mut m, mut dd) = (1599i32, 12u32, 1u32);
        let mut n = 0i64;
        while (y, m, dd) != (2401, 3, 1) {
            let cur = Date::new(y, m, dd).unwrap();
            assert_eq!(base.add_days(n), cur);
            assert_eq!(base.days_until(cur), n);
            assert_eq!(cur.add_days(-n), base);
            dd += 1;
            if dd > days_in_month(i64::from(y), m) {
                dd = 1;
                m += 1;
                if m > 12 {
                    m = 1;
                    y += 1;
                }
            }
            n += 1;
        }
        assert_eq!(d("1970-01-01").to_days(), 0);
        assert_eq!(d("2025-12-31").days_until(d("2025-01-01")), -364);
    }

    #[test]
    fn add_days_saturates_instead_of_overflowing() {
        let last = Date::new(i32::MAX, 12, 31).unwrap();
        let first = Date::new(i32::MIN, 1, 1).unwrap();
        assert_eq!(last.add_days(1), last);
        assert_eq!(first.add_days(-1), first);
        assert_eq!(d("2025-01-01").add_days(i64::MAX), last);
        assert_eq!(d("2025-01-01").add_days(i64::MIN), first);
        assert_eq!(last.add_days(-1), Date::new(i32::MAX, 12, 30).unwrap());
        assert!(first.days_until(last) > 0);
        assert_eq!(Date::new(5, 1, 2).unwrap().to_string(), "0005-01-02");
    }

    // --- bundled calendar --------------------------------------------------

    #[test]
    fn bundled_calendar_parses() {
        let c = Calendar::from_json(BUNDLED_JSON).unwrap();
        assert_eq!((c.first_year(), c.last_year()), (2025, 2026));
        assert_eq!(cal().first_year(), 2025);
        assert_eq!(cal().notice(2025), Some("国办发明电〔2024〕12号"));
        assert_eq!(
            cal().notice(2026),
            Some("国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）")
        );
        assert_eq!(cal().notice(2024), None);
        assert_eq!(cal().notice(2027), None);
        assert_eq!(cal().notice(i32::MIN), None);
        let count = |year: i32, kind: DayKind| {
            c.special
                .iter()
                .filter(|(k, v)| k.year() == year && **v == kind)
                .count()
        };
        // 2025: 1 + 8 + 3 + 5 + 3 + 8 holiday days, 5 make-up days.
        assert_eq!(count(2025, DayKind::Holiday), 28);
        assert_eq!(count(2025, DayKind::AdjustedWorkday), 5);
        // 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7 holiday days, 6 make-up days.
        assert_eq!(count(2026, DayKind::Holiday), 33);
        assert_eq!(count(2026, DayKind::AdjustedWorkday), 6);
    }

    #[test]
    fn day_kinds() {
        let c = cal();
        assert_eq!(c.day_kind(d("2025-10-08")), Ok(DayKind::Holiday));
        assert_eq!(c.day_kind(d("2025-10-11")), Ok(DayKind::AdjustedWorkday));
        assert_eq!(c.day_kind(d("2025-10-12")), Ok(DayKind::Weekend));
        assert_eq!(c.day_kind(d("2025-10-09")), Ok(DayKind::Workday));
        // A weekend day inside a holiday range is a holiday.
        assert_eq!(c.day_kind(d("2025-10-04")), Ok(DayKind::Holiday));
        assert_eq!(c.day_kind(d("2026-02-14")), Ok(DayKind::AdjustedWorkday));
        assert_eq!(c.day_kind(d("2026-12-31")), Ok(DayKind::Workday));
        assert_eq!(
            c.day_kind(d("2024-12-31")),
            Err(OutOfRange {
                date: d("2024-12-31"),
                first_year: 2025,
                last_year: 2026
            })
        );
        assert_eq!(
            c.day_kind(d("2027-01-01")),
            Err(OutOfRange {
                date: d("2027-01-01"),
                first_year: 2025,
                last_year: 2026
            })
        );
    }

    #[test]
    fn day_kind_labels() {
        assert!(DayKind::Workday.is_working());
        assert!(DayKind::AdjustedWorkday.is_working());
        assert!(!DayKind::Weekend.is_working());
        assert!(!DayKind::Holiday.is_working());
        assert_eq!(DayKind::Workday.zh(), "工作日");
        assert_eq!(DayKind::Weekend.zh(), "周末");
        assert_eq!(DayKind::Holiday.zh(), "法定节假日");
        assert_eq!(DayKind::AdjustedWorkday.zh(), "调休上班日");
        assert_eq!(DayKind::Holiday.en(), "public holiday");
    }

    // --- periods -----------------------------------------------------------

    #[test]
    fn working_days_across_national_day() {
        let p = cal().add_working_days(d("2025-09-29"), 5).unwrap();
        assert_eq!(p.start, d("2025-09-29"));
        assert_eq!(p.end, d("2025-10-13"));
        assert_eq!(p.nominal_end, d("2025-10-13"));
        assert!(!p.extended);
        let mut expected = vec![(d("2025-09-30"), DayKind::Workday)];
        for day in 1..=8 {
            expected.push((Date::new(2025, 10, day).unwrap(), DayKind::Holiday));
        }
        expected.extend([
            (d("2025-10-09"), DayKind::Workday),
            (d("2025-10-10"), DayKind::Workday),
            (d("2025-10-11"), DayKind::AdjustedWorkday),
            (d("2025-10-12"), DayKind::Weekend),
            (d("2025-10-13"), DayKind::Workday),
        ]);
        assert_eq!(p.days, expected);
        assert_eq!(p.days.iter().filter(|(_, k)| k.is_working()).count(), 5);
    }

    #[test]
    fn working_days_counting_a_sunday_make_up_day() {
        let p = cal().add_working_days(d("2025-09-26"), 5).unwrap();
        assert_eq!(p.end, d("2025-10-10"));
        assert_eq!(p.nominal_end, p.end);
        assert!(!p.extended);
        assert_eq!(p.days[0], (d("2025-09-27"), DayKind::Weekend));
        assert_eq!(p.days[1], (d("2025-09-28"), DayKind::AdjustedWorkday));
        assert_eq!(p.days[2], (d("2025-09-29"), DayKind::Workday));
        assert_eq!(p.days[3], (d("2025-09-30"), DayKind::Workday));
        assert_eq!(p.days[4], (d("2025-10-01"), DayKind::Holiday));
        assert_eq!(p.days[12], (d("2025-10-09"), DayKind::Workday));
        assert_eq!(p.days[13], (d("2025-10-10"), DayKind::Workday));
        assert_eq!(p.days.len(), 14);
    }

    #[test]
    fn calendar_days_ending_on_a_holiday_are_extended() {
        let p = cal().add_calendar_days(d("2025-09-26"), 7).unwrap();
        assert_eq!(p.nominal_end, d("2025-10-03"));
        assert_eq!(p.end, d("2025-10-09"));
        assert!(p.extended);
        assert_eq!(p.days.len(), 13); // 9/27 .. 10/9
        assert_eq!(p.days[6], (d("2025-10-03"), DayKind::Holiday));
        assert_eq!(p.days[12], (d("2025-10-09"), DayKind::Workday));
    }

    #[test]
    fn calendar_days_ending_on_a_monday_are_not_extended() {
        let p = cal().add_calendar_days(d("2025-10-13"), 7).unwrap();
        assert_eq!(p.nominal_end, d("2025-10-20"));
        assert_eq!(p.end, d("2025-10-20"));
        assert_eq!(p.end.weekday(), Weekday::Mon);
        assert!(!p.extended);
        assert_eq!(p.days.len(), 7);
        assert_eq!(p.days[5], (d("2025-10-19"), DayKind::Weekend));
    }

    #[test]
    fn calendar_days_ending_on_a_weekend_move_to_monday() {
        // 2025-10-13 + 5 = Saturday 10-18; next working day Monday 10-20.
        let p = cal().add_calendar_days(d("2025-10-13"), 5).unwrap();
        assert_eq!(p.nominal_end, d("2025-10-18"));
        assert_eq!(p.end, d("2025-10-20"));
        assert!(p.extended);
        // Ending on a make-up Saturday is not extended.
        let p = cal().add_calendar_days(d("2025-10-04"), 7).unwrap();
        assert_eq!(p.end, d("2025-10-11"));
        assert!(!p.extended);
    }

    #[test]
    fn zero_length_periods() {
        let p = cal().add_working_days(d("2025-10-01"), 0).unwrap();
        assert_eq!(
            (p.end, p.days.len(), p.extended),
            (d("2025-10-01"), 0, false)
        );
        let p = cal().add_calendar_days(d("2025-10-09"), 0).unwrap();
        assert_eq!(
            (p.end, p.days.len(), p.extended),
            (d("2025-10-09"), 0, false)
        );
        let p = cal().add_calendar_days(d("2025-10-07"), 0).unwrap();
        assert_eq!(p.nominal_end, d("2025-10-07"));
        assert_eq!(p.end, d("2025-10-09"));
        assert!(p.extended);
    }

    #[test]
    fn working_days_across_the_year_boundary() {
        let p = cal().add_working_days(d("2025-12-31"), 3).unwrap();
        assert_eq!(p.end, d("2026-01-06"));
        assert_eq!(
            p.days,
            vec![
                (d("2026-01-01"), DayKind::Holiday),
                (d("2026-01-02"), DayKind::Holiday),
                (d("2026-01-03"), DayKind::Holiday),
                (d("2026-01-04"), DayKind::AdjustedWorkday),
                (d("2026-01-05"), DayKind::Workday),
                (d("2026-01-06"), DayKind::Workday),
            ]
        );
    }

    #[test]
    fn start_may_precede_coverage_because_it_is_not_counted() {
        let p = cal().add_working_days(d("2024-12-31"), 1).unwrap();
        assert_eq!(p.end, d("2025-01-02"));
        let err = cal().add_working_days(d("2024-12-30"), 1).unwrap_err();
        assert_eq!(err.date, d("2024-12-31"));
    }

    #[test]
    fn walking_past_coverage_is_out_of_range() {
        let err = cal().add_working_days(d("2026-12-31"), 5).unwrap_err();
        assert_eq!(
            err,
            OutOfRange {
                date: d("2027-01-01"),
                first_year: 2025,
                last_year: 2026
            }
        );
        assert!(err.to_string().contains("2027-01-01"));
        let err = cal().add_calendar_days(d("2026-12-20"), 30).unwrap_err();
        assert_eq!(err.date, d("2027-01-01"));
        // Huge counts stop at the end of coverage instead of looping.
        let err = cal()
            .add_working_days(d("2025-01-01"), u32::MAX)
            .unwrap_err();
        assert_eq!(err.date, d("2027-01-01"));
        let err = cal()
            .add_calendar_days(d("2025-01-01"), u32::MAX)
            .unwrap_err();
        assert_eq!(err.date, d("2027-01-01"));
        // Far outside, including the representable extremes.
        let last = Date::new(i32::MAX, 12, 31).unwrap();
        assert_eq!(cal().add_working_days(last, 1).unwrap_err().date, last);
        assert_eq!(cal().add_calendar_days(last, 0).unwrap_err().date, last);
    }

    #[test]
    fn extension_past_coverage_is_out_of_range() {
        let c = Calendar::from_json(&json(&[
            r#"{"year": 2025, "notice": "n", "off": [["2025-12-30", "2025-12-31"]], "workdays": []}"#,
        ]))
        .unwrap();
        let err = c.add_calendar_days(d("2025-12-28"), 2).unwrap_err();
        assert_eq!(err.date, d("2026-01-01"));
    }

    // --- validation --------------------------------------------------------

    #[test]
    fn rejects_overlapping_ranges() {
        let e = reject(&json(&[
            r#"{"year": 2025, "notice": "n", "off": [["2025-10-01", "2025-10-08"], ["2025-01-01", "2025-01-01"], ["2025-10-08", "2025-10-09"]], "workdays": []}"#,
        ]));
        assert_eq!(e.place, "years[0].off[2]");
        assert!(
            e.problem.contains("overlaps years[0].off[0]"),
            "{}",
            e.problem
        );
    }

    #[test]
    fn rejects_weekday_workday() {
        let e = reject(&json(&[
            r#"{"year": 2025, "notice": "n", "off": [], "workdays": ["2025-10-11", "2025-10-01"]}"#,
        ]));
        assert_eq!(e.place, "years[0].workdays[1]");
        assert!(e.problem.contains("Wed"), "{}", e.problem);
    }

    #[test]
    fn rejects_workday_inside_off_range_or_repeated() {
        let e = reject(&json(&[
            r#"{"year": 2025, "notice": "n", "off": [["2025-10-01", "2025-10-08"]], "workdays": ["2025-10-04"]}"#,
        ]));
        assert_eq!(e.place, "years[0].workdays[0]");
        assert!(e.problem.contains("off range"), "{}", e.problem);
        let e = reject(&json(&[
            r#"{"year": 2025, "notice": "n", "off": [], "workdays": ["2025-10-11", "2025-10-11"]}"#,
        ]));
        assert_eq!(e.place, "years[0].workdays[1]");
    }

    #[test]
    fn rejects_date_in_wrong_year() {
        let e = reject(&json(&[
            r#"{"year": 2025, "notice": "n", "off": [], "workdays": []}"#,
            r#"{"year": 2026, "notice": "n", "off": [["2026-01-01", "2026-01-03"], ["2026-02-15", "2025-02-23"]], "workdays": []}"#,
        ]));
        assert_eq!(e.place, "years[1].off[1][1]");
        assert!(e.problem.contains("not in year 2026"), "{}", e.problem);
    }

    #[test]
    fn rejects_reversed_range_and_bad_date_text() {
        let e = reject(&json(&[
            r#"{"year": 2025, "notice": "n", "off": [["2025-10-08", "2025-10-01"]], "workdays": []}"#,
        ]));
        assert_eq!(e.place, "years[0].off[0]");
        let e = reject(&json(&[
            r#"{"year": 2025, "notice": "n", "off": [], "workdays": ["2025-02-29"]}"#,
        ]));
        assert_eq!(e.place, "years[0].workdays[0]");
        assert!(
            e.problem.contains("not a real calendar date"),
            "{}",
            e.problem
        );
    }

    #[test]
    fn rejects_non_contiguous_duplicate_or_unordered_years() {
        let y =
            |year: i32| format!(r#"{{"year": {year}, "notice": "n", "off": [], "workdays": []}}"#);
        let e = reject(&json(&[&y(2025), &y(2027)]));
        assert_eq!(e.place, "years[1].year");
        assert!(e.problem.contains("not contiguous"), "{}", e.problem);
        let e = reject(&json(&[&y(2025), &y(2026), &y(2025)]));
        assert_eq!(e.place, "years[2].year");
        assert!(e.problem.contains("more than once"), "{}", e.problem);
        let e = reject(&json(&[&y(2026), &y(2025)]));
        assert_eq!(e.place, "years[1].year");
        assert!(e.problem.contains("ascending"), "{}", e.problem);
        let e = reject(&json(&[&y(0)]));
        assert_eq!(e.place, "years[0].year");
        let e = reject(&json(&[]));
        assert_eq!(e.place, "years");
    }

    #[test]
    fn rejects_unknown_fields_with_position() {
        let text = "{\n  \"source\": \"s\",\n  \"years\": [\n    {\"year\": 2025, \"notice\": \"n\", \"off\": [], \"workdays\": [], \"extra\": 1}\n  ]\n}";
        let e = reject(text);
        assert!(e.place.starts_with("line 4 column "), "{}", e.place);
        assert!(e.problem.contains("unknown field `extra`"), "{}", e.problem);
        let e = reject("{\"source\": \"s\", \"years\": [], \"comment\": 1}");
        assert!(e.place.starts_with("line 1 column "), "{}", e.place);
        assert!(
            e.problem.contains("unknown field `comment`"),
            "{}",
            e.problem
        );
    }

    #[test]
    fn rejects_malformed_json_and_empty_texts() {
        let e = reject("{\"source\": \"s\",\n \"years\": [");
        assert!(e.place.starts_with("line 2 column "), "{}", e.place);
        assert!(!e.problem.contains(" at line "), "{}", e.problem);
        let e = reject(
            r#"{"source": "s", "years": [{"year": 2025, "notice": "n", "off": [["2025-01-01"]], "workdays": []}]}"#,
        );
        assert!(e.place.starts_with("line 1 column "), "{}", e.place);
        let e = reject(r#"{"source": " ", "years": []}"#);
        assert_eq!(e.place, "source");
        let e = reject(&json(&[
            r#"{"year": 2025, "notice": "", "off": [], "workdays": []}"#,
        ]));
        assert_eq!(e.place, "years[0].notice");
        assert_eq!(
            e.to_string(),
            "calendar data, years[0].notice: must not be empty"
        );
    }
}

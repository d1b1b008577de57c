//! `rongcuo diff`: the impact of a revision, the text delta between two policy texts and every
//! case whose result changes, with why.

use super::args::Format;
use super::{Context, Outcome, expanded, pretty, readings};
use rongcuo::engine::error::Error;
use rongcuo::engine::evaluate::Engine;
use rongcuo::report::render;
use rongcuo::workflows::{diff, testing};
use std::path::{Path, PathBuf};

/// The two texts, each with the readings of its side over the global ones.
pub struct Sides<'a> {
    pub old: &'a Path,
    pub new: &'a Path,
    pub old_readings: &'a [String],
    pub new_readings: &'a [String],
}

pub fn run(
    cx: &Context,
    sides: Sides<'_>,
    cases: &[PathBuf],
    format: Format,
    fail_on_change: bool,
) -> Result<Outcome, Error> {
    let lang = cx.lang;
    let old = Engine::new(testing::load_policy(Some(sides.old))?).with_readings(readings(
        &cx.readings,
        sides.old_readings,
        lang,
    )?);
    let new = Engine::new(testing::load_policy(Some(sides.new))?).with_readings(readings(
        &cx.readings,
        sides.new_readings,
        lang,
    )?);
    for note in render::notes_text(&new, lang) {
        eprintln!("{note}");
    }
    let default = [PathBuf::from("fixtures")];
    let cases = if cases.is_empty() {
        &default[..]
    } else {
        cases
    };
    let mut loaded = Vec::new();
    let mut unreadable = Vec::new();
    for path in expanded(cases, lang)? {
        if testing::expects_error(&path) {
            continue;
        }
        // A bad case is reported in place; the rest are still compared.
        match testing::load_case(&path) {
            Ok(case) => loaded.push(case),
            Err(e) => unreadable.push((path.display().to_string(), e.message(lang))),
        }
    }
    let mut report = diff::compare(&old, &new, &loaded, lang);
    report.errors.extend(unreadable);
    match format {
        Format::Text => out!("{}", diff::report_text(&report, lang)),
        Format::Json => outln!("{}", pretty(&diff::report_json(&report, lang))),
    }
    Ok(if !report.errors.is_empty() {
        Outcome::BadInput
    } else if fail_on_change && !report.changed.is_empty() {
        Outcome::ExpectationFailed
    } else {
        Outcome::Ok
    })
}

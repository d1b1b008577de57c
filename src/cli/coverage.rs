//! `rongcuo coverage`: per article and item of 第八、九、十条, how many cases satisfy it, how
//! many miss it by one condition, and which no case touches; optionally a minimum to gate on.

use super::args::Format;
use super::{Context, Outcome, expanded, pretty};
use rongcuo::engine::error::Error;
use rongcuo::workflows::coverage;
use std::path::PathBuf;

pub fn run(
    cx: &Context,
    dirs: &[PathBuf],
    min: Option<f64>,
    format: Format,
) -> Result<Outcome, Error> {
    let files = expanded(dirs, cx.lang)?;
    let c = coverage::coverage(&cx.engine, &files)?;
    match format {
        Format::Text => out!("{}", coverage::coverage_text(&c, cx.lang)),
        Format::Json => outln!("{}", pretty(&coverage::coverage_json(&c))),
    }
    Ok(match min {
        Some(min) if c.percent() < min => Outcome::ExpectationFailed,
        _ => Outcome::Ok,
    })
}

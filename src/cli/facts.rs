//! `rongcuo facts`: lists the fact vocabulary with labels and the clauses that use each fact.

use super::args::Format;
use super::{Context, Outcome, pretty};
use rongcuo::engine::error::Error;
use rongcuo::report::render;

pub fn run(cx: &Context, format: Format) -> Result<Outcome, Error> {
    match format {
        Format::Text => out!("{}", render::facts_text(cx.lang)),
        Format::Json => outln!("{}", pretty(&render::facts_json())),
    }
    Ok(Outcome::Ok)
}

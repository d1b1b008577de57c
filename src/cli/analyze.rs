//! `rongcuo analyze`: explores the rules exhaustively over the facts each ground uses:
//! overlaps, grounds that never fire, unreachable outcomes, a minimal decision table.

use super::args::Format;
use super::{Context, Outcome, pretty};
use rongcuo::engine::error::Error;
use rongcuo::workflows::analyze;

pub fn run(cx: &Context, format: Format) -> Result<Outcome, Error> {
    let a = analyze::analyze(&cx.engine);
    match format {
        Format::Text => out!("{}", analyze::analysis_text(&a, cx.lang)),
        Format::Json => outln!("{}", pretty(&analyze::analysis_json(&a))),
    }
    Ok(Outcome::Ok)
}

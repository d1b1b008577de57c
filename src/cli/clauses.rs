//! `rongcuo clauses`: lists every clause of the loaded text with the rules bound to it.

use super::{Context, Outcome};
use rongcuo::engine::error::Error;
use rongcuo::report::render;

pub fn run(cx: &Context) -> Result<Outcome, Error> {
    out!("{}", render::clauses_text(&cx.engine, cx.lang));
    Ok(Outcome::Ok)
}

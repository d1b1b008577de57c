//! `rongcuo readings`: lists the open readings of the draft (interpretation switches) and
//! their options.

use super::{Context, Outcome};
use rongcuo::engine::error::Error;
use rongcuo::report::render;

pub fn run(cx: &Context) -> Result<Outcome, Error> {
    out!("{}", render::readings_text(cx.lang));
    Ok(Outcome::Ok)
}

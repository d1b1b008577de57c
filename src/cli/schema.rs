//! `rongcuo schema`: prints the JSON Schema of the case file format; its assertions name the
//! catch-alls of the loaded text.

use super::{Context, Outcome, pretty};
use rongcuo::engine::error::Error;
use rongcuo::report::schema;
use std::io::Write;

pub fn run(cx: &Context) -> Result<Outcome, Error> {
    let text = pretty(&schema::case_schema(&cx.engine.catch_alls(), cx.lang));
    // A reader that goes away early (`| head`) is not an error.
    let _ = writeln!(std::io::stdout().lock(), "{text}");
    Ok(Outcome::Ok)
}

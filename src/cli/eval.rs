//! `rongcuo eval`: evaluates case files (or directories of them) and prints each
//! determination, as text or as one JSON document.

use super::args::Format;
use super::{Context, Outcome, expanded, pretty, summary};
use rongcuo::engine::error::Error;
use rongcuo::report::render;
use rongcuo::workflows::testing;
use std::path::PathBuf;

pub fn run(cx: &Context, cases: &[PathBuf], format: Format) -> Result<Outcome, Error> {
    let (engine, lang) = (&cx.engine, cx.lang);
    let files = expanded(cases, lang)?;
    let mut errors = 0;
    let mut json_cases = Vec::new();
    for (i, path) in files.iter().enumerate() {
        let result = testing::evaluate_file(engine, path);
        errors += result.is_err() as usize;
        match (format, result) {
            (Format::Json, Ok(d)) => json_cases.push(render::determination_json(&d)),
            (Format::Json, Err(e)) => json_cases.push(render::error_json(&e, lang)),
            (Format::Text, Ok(d)) => {
                if i > 0 {
                    outln!();
                }
                out!("{}", render::determination_text(engine, &d, lang));
            }
            (Format::Text, Err(e)) => eprintln!("{}", e.message(lang)),
        }
    }
    if format == Format::Json {
        let doc = serde_json::json!({
            "format_version": render::FORMAT_VERSION,
            "policy": { "source": engine.policy.source, "notes": render::notes_json(engine) },
            "cases": json_cases,
        });
        outln!("{}", pretty(&doc));
    }
    Ok(summary(files.len(), errors, lang))
}

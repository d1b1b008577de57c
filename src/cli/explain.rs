//! `rongcuo explain`: for each case file, the derivation behind every determination, why the
//! other grounds failed and which unknown facts would change the result, as text, JSON, DOT or
//! one HTML document.

use super::args::ExplainFormat;
use super::{Context, Outcome, expanded, pretty, summary};
use rongcuo::engine::error::Error;
use rongcuo::explain::explanation;
use rongcuo::report::{draw, render, view};
use rongcuo::workflows::testing;
use std::path::PathBuf;

pub fn run(cx: &Context, cases: &[PathBuf], format: ExplainFormat) -> Result<Outcome, Error> {
    let (engine, lang) = (&cx.engine, cx.lang);
    let files = expanded(cases, lang)?;
    let mut errors = 0;
    let mut json_cases = Vec::new();
    let mut html_cases = Vec::new();
    let mut first = true;
    for path in &files {
        let explained = testing::load_case(path)
            .and_then(|case| explanation::explain(engine, &case).map_err(Error::from));
        let ex = match explained {
            Ok(ex) => ex,
            Err(e) => {
                errors += 1;
                match format {
                    ExplainFormat::Json => json_cases.push(render::error_json(&e, lang)),
                    _ => eprintln!("{}", e.message(lang)),
                }
                continue;
            }
        };
        match format {
            ExplainFormat::Json => json_cases.push(view::explanation_json(engine, &ex)),
            ExplainFormat::Text => {
                if !first {
                    outln!();
                }
                out!("{}", view::explanation_text(engine, &ex, lang));
            }
            ExplainFormat::Dot => out!("{}", draw::dot(engine, &ex, lang)),
            ExplainFormat::Html => html_cases.push(ex),
        }
        first = false;
    }
    if format == ExplainFormat::Html {
        // One document for all the cases.
        out!("{}", draw::html(engine, &html_cases, lang));
    }
    if format == ExplainFormat::Json {
        let doc = view::explanations_json(engine, json_cases);
        outln!("{}", pretty(&doc));
    }
    Ok(summary(files.len(), errors, lang))
}

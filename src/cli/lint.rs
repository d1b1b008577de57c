//! `rongcuo lint`: checks the wording itself (numbering, lead-ins, periods, catch-alls, item
//! patterns), the binding of every rule to its clause, and overlapping grounds; exit 1 on an
//! error, warnings do not fail.

use super::args::Format;
use super::{Context, Outcome, pretty};
use rongcuo::base::lang::Lang;
use rongcuo::engine::error::Error;
use rongcuo::law::binding;
use rongcuo::report::render;
use rongcuo::text::lint::{self, Severity};
use rongcuo::text::policy::BUNDLED_TEXT;
use rongcuo::workflows::{analyze, testing};

pub fn run(cx: &Context, format: Format) -> Result<Outcome, Error> {
    let (engine, lang) = (&cx.engine, cx.lang);
    let raw = match &cx.policy {
        Some(p) => String::from_utf8_lossy(&testing::read_policy(p)?).into_owned(),
        None => BUNDLED_TEXT.to_string(),
    };
    let mut findings = lint::lint_source(&engine.policy, &raw);
    findings.extend(binding::findings(&engine.policy));
    findings.extend(analyze::overlap_findings(
        &analyze::analyze(engine),
        &engine.policy,
    ));
    findings.sort_by(|a, b| (a.line, a.column, a.code).cmp(&(b.line, b.column, b.code)));
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    match format {
        Format::Text => {
            for f in &findings {
                outln!("{}: {}", engine.policy.source, f.message(lang));
            }
            outln!(
                "{}",
                lang.pick(
                    format!("{} 条问题，其中 {errors} 个错误", findings.len()),
                    format!("{} findings, {errors} errors", findings.len())
                )
            );
        }
        Format::Json => {
            let v: Vec<serde_json::Value> = findings
                .iter()
                .map(|f| {
                    serde_json::json!({
                        "code": f.code,
                        "severity": f.severity.label(Lang::En),
                        "clause": f.clause,
                        "line": f.line,
                        "column": f.column,
                        "message": lang.pick(&f.zh, &f.en),
                        "fix": lang.pick(&f.fix_zh, &f.fix_en),
                    })
                })
                .collect();
            outln!(
                "{}",
                pretty(&serde_json::json!({
                    "format_version": render::FORMAT_VERSION,
                    "source": engine.policy.source,
                    "findings": v,
                }))
            );
        }
    }
    Ok(if errors > 0 {
        Outcome::ExpectationFailed
    } else {
        Outcome::Ok
    })
}

//! `rongcuo test`: checks every case's `expect` in the given directories and lists the
//! failures; optionally writes the results as JUnit XML.

use super::{Context, Outcome, expanded, io_error};
use rongcuo::engine::error::Error;
use rongcuo::report::junit;
use rongcuo::workflows::testing;
use std::path::{Path, PathBuf};

pub fn run(cx: &Context, dirs: &[PathBuf], junit_file: Option<&Path>) -> Result<Outcome, Error> {
    let files = expanded(dirs, cx.lang)?;
    let (mut passed, mut failed) = (0, 0);
    let started = std::time::Instant::now();
    let mut results = Vec::new();
    for path in &files {
        let checked = testing::check_file(&cx.engine, path, cx.lang);
        results.push((path.display().to_string(), checked.failures.clone()));
        if checked.failures.is_empty() {
            passed += 1;
        } else {
            failed += 1;
            outln!("FAIL {}", path.display());
            for f in &checked.failures {
                outln!("  {f}");
            }
        }
    }
    if let Some(file) = junit_file {
        let xml = junit::junit_xml("rongcuo", &results, started.elapsed().as_secs_f64());
        std::fs::write(file, xml).map_err(|e| io_error(file, e))?;
    }
    outln!("{passed} passed, {failed} failed");
    Ok(if failed > 0 {
        Outcome::ExpectationFailed
    } else {
        Outcome::Ok
    })
}

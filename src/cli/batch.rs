//! `rongcuo batch`: evaluates JSON Lines (one case per line) from a file or standard input,
//! writing one JSON result per line in input order, with a count line and the peak memory on
//! standard error.

use super::{Context, Outcome};
use rongcuo::engine::error::Error;
use rongcuo::workflows::batch;
use std::io::IsTerminal;
use std::path::Path;

pub fn run(
    cx: &Context,
    input: &Path,
    explain: bool,
    threads: Option<usize>,
) -> Result<Outcome, Error> {
    let lang = cx.lang;
    let threads = threads.unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    });
    let source = input.display().to_string();
    let mut reader: Box<dyn std::io::BufRead> = if source == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::io::BufReader::new(
            std::fs::File::open(input).map_err(|e| Error::Io {
                path: source.clone(),
                message: e.to_string(),
            })?,
        ))
    };
    let stdout = std::io::stdout();
    // A buffer larger than any result line (explanations run to tens of kilobytes), so
    // stdout's line writer sees few large writes rather than one per line.
    let mut out = std::io::BufWriter::with_capacity(1 << 18, stdout.lock());
    let started = std::time::Instant::now();
    let tty = std::io::stderr().is_terminal();
    let mut progress = |n: usize| {
        if tty {
            eprint!("\r{n} …");
        }
    };
    let opts = batch::Options {
        explain,
        threads,
        lang,
    };
    let s = batch::run(
        &cx.engine,
        &source,
        &mut reader,
        &mut out,
        opts,
        &mut progress,
    )?;
    let secs = started.elapsed().as_secs_f64();
    if tty {
        eprintln!();
    }
    let rate = s.lines as f64 / secs.max(1e-9);
    eprintln!(
        "{}; peak RSS {}",
        lang.pick(
            format!(
                "{} 行输入，{} 条结果（其中 {} 条错误），{:.1} 秒，每秒 {:.0} 件",
                s.lines, s.results, s.errors, secs, rate
            ),
            format!(
                "{} lines in, {} results out ({} errors), {:.1} s, {:.0} cases/s",
                s.lines, s.results, s.errors, secs, rate
            ),
        ),
        peak_rss()
    );
    // Like `eval`: every line has its result, and a bad one makes the run exit 2.
    Ok(if s.errors > 0 {
        Outcome::BadInput
    } else {
        Outcome::Ok
    })
}

/// Peak resident memory, where the system tells it (Linux).
fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|st| {
            st.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
        })
        .unwrap_or_else(|| "n/a".into())
}

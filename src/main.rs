//! The `rongcuo` command line: parses arguments, calls the library, prints, and maps the result
//! to an exit code (0 ok, 1 an expectation failed, 2 bad input).

use clap::{Parser, Subcommand, ValueEnum};
use rongcuo::base::lang::Lang;
use rongcuo::engine::error::Error;
use rongcuo::engine::evaluate::Engine;
use rongcuo::explain::explanation as explain;
use rongcuo::law::interpret::Readings;
use rongcuo::report::{draw, render, view};
use rongcuo::workflows::{diff, testing};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "rongcuo",
    version,
    about = "乐山市保健食品经营沙盒监管执法履职尽责容错纠错制度 as Datalog: case facts in, determinations out"
)]
struct Cli {
    /// Language of messages.
    #[arg(long, global = true, value_enum, default_value = "zh")]
    lang: LangArg,
    /// A revised policy text to load instead of the bundled draft.
    #[arg(long, global = true, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// Settle an open reading of the draft, e.g. `seven_days=working_days` (repeatable; a case
    /// file's own `readings` take precedence). `rongcuo readings` lists them.
    #[arg(long = "reading", global = true, value_name = "NAME=VALUE")]
    readings: Vec<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ExplainFormat {
    Text,
    Json,
    Dot,
    Html,
}

#[derive(Subcommand)]
enum Command {
    /// Evaluate case files (or directories of them) and print each determination.
    Eval {
        #[arg(required = true, value_name = "CASE")]
        cases: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Explain case files: a derivation tree behind every determination, why the other grounds
    /// failed, and which unknown facts would change the result.
    Explain {
        #[arg(required = true, value_name = "CASE")]
        cases: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: ExplainFormat,
    },
    /// Check every case's `expect` in a directory (default: fixtures).
    Test {
        #[arg(value_name = "DIR", default_value = "fixtures")]
        dirs: Vec<PathBuf>,
        /// Also write the results as JUnit XML to FILE.
        #[arg(long, value_name = "FILE")]
        junit: Option<PathBuf>,
    },
    /// Per article and item of 第八、九、十条: how many cases satisfy it, how many miss it by
    /// one condition, and which no case touches.
    Coverage {
        #[arg(value_name = "DIR", default_value = "fixtures")]
        dirs: Vec<PathBuf>,
        /// Fail (exit 1) when fewer than PCT per cent of the items are satisfied by some case.
        #[arg(long, value_name = "PCT")]
        min: Option<f64>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Impact of a revision: the text delta between two policy texts and every case whose
    /// result changes, with why (the cases default to fixtures/; err_ files are skipped).
    Diff {
        old: PathBuf,
        new: PathBuf,
        #[arg(value_name = "CASES")]
        cases: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Exit 1 when any case changes (a CI gate).
        #[arg(long)]
        fail_on_change: bool,
        /// A reading for the OLD side only (repeatable), e.g. `seven_days=calendar_days`.
        #[arg(long, value_name = "NAME=VALUE")]
        old_reading: Vec<String>,
        /// A reading for the NEW side only (repeatable), e.g. `seven_days=working_days`.
        #[arg(long, value_name = "NAME=VALUE")]
        new_reading: Vec<String>,
    },
    /// Evaluate JSON Lines (one case per line) from FILE or standard input (`-`), writing one
    /// JSON result per line in input order; bad lines give error results with their line number.
    Batch {
        #[arg(value_name = "FILE", default_value = "-")]
        input: PathBuf,
        /// Write explanations instead of determinations.
        #[arg(long)]
        explain: bool,
        /// Worker threads (default: the machine's cores).
        #[arg(long, value_name = "N")]
        threads: Option<usize>,
    },
    /// Write N generated, valid, varied cases as JSON Lines, reproducible from the seed.
    Gen {
        #[arg(long, value_name = "N")]
        count: u64,
        #[arg(long, value_name = "S", default_value = "1")]
        seed: u64,
    },
    /// List the open readings of the draft (interpretation switches) and their options.
    Readings,
    /// Explore the rules exhaustively over the facts each ground uses: overlaps between
    /// grounds, grounds that never fire, unreachable outcomes, and a minimal decision table.
    Analyze {
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Check the wording itself: numbering, lead-ins, periods, catch-alls, item patterns, and
    /// the binding of every rule to its clause. Exit 1 on an error; warnings do not fail.
    Lint {
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// List every clause of the loaded text with the rules bound to it.
    Clauses,
    /// Print the JSON Schema (draft 2020-12) of the case file format, for editors to validate
    /// and complete case files; assertions name the catch-alls of the loaded text.
    Schema,
    /// List the fact vocabulary with labels and the clauses that use each fact.
    Facts {
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

/// Like `print!`, returning from `run` if standard output fails: a closed pipe
/// (`rongcuo … | head`) ends the command quietly instead of panicking as `print!` does.
macro_rules! out {
    ($($arg:tt)*) => {
        if let Err(e) = std::io::Write::write_fmt(&mut std::io::stdout(), format_args!($($arg)*)) {
            return stdout_failed(e);
        }
    };
}

/// `out!` with a newline.
macro_rules! outln {
    () => {
        out!("\n")
    };
    ($($arg:tt)*) => {{
        out!($($arg)*);
        out!("\n");
    }};
}

/// A write to standard output failed: a reader that went away (closed pipe) is no error of the
/// input; anything else is reported.
fn stdout_failed(e: std::io::Error) -> Result<Outcome, Error> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Ok(Outcome::Ok)
    } else {
        Err(Error::Io {
            path: "<stdout>".into(),
            message: e.to_string(),
        })
    }
}

/// The count line of a command over several case files, on standard error (every input gave
/// one result or one error, and the two add up to the inputs), and what the command concluded.
fn summary(inputs: usize, errors: usize, lang: Lang) -> Outcome {
    if inputs > 1 {
        let done = inputs - errors;
        eprintln!(
            "{}",
            lang.pick(
                format!("共 {inputs} 个案件：{done} 个有结果，{errors} 个输入错误"),
                format!("{inputs} cases: {done} with a result, {errors} with an input error"),
            )
        );
    }
    if errors > 0 {
        Outcome::BadInput
    } else {
        Outcome::Ok
    }
}

/// What a command concluded, for the exit code.
enum Outcome {
    Ok,
    ExpectationFailed,
    BadInput,
}

/// The readings given as `NAME=VALUE` over `base`.
fn readings(base: &Readings, pairs: &[String], lang: Lang) -> Result<Readings, Error> {
    let mut r = base.clone();
    for p in pairs {
        r.set_pair(p).map_err(|e| Error::Usage {
            message: e.message(lang),
        })?;
    }
    Ok(r)
}

fn run(cli: Cli, lang: Lang) -> Result<Outcome, Error> {
    let global = readings(&Readings::default(), &cli.readings, lang)?;
    let engine =
        Engine::new(testing::load_policy(cli.policy.as_deref())?).with_readings(global.clone());
    for note in render::notes_text(&engine, lang) {
        eprintln!("{note}");
    }
    match cli.command {
        Command::Eval { cases, format } => {
            let files = expanded(&cases, lang)?;
            let mut errors = 0;
            let mut json_cases = Vec::new();
            for (i, path) in files.iter().enumerate() {
                let result = testing::evaluate_file(&engine, path);
                errors += result.is_err() as usize;
                match (format, result) {
                    (Format::Json, Ok(d)) => json_cases.push(render::determination_json(&d)),
                    (Format::Json, Err(e)) => json_cases.push(render::error_json(&e, lang)),
                    (Format::Text, Ok(d)) => {
                        if i > 0 {
                            outln!();
                        }
                        out!("{}", render::determination_text(&engine, &d, lang));
                    }
                    (Format::Text, Err(e)) => eprintln!("{}", e.message(lang)),
                }
            }
            if format == Format::Json {
                let doc = serde_json::json!({
                    "format_version": render::FORMAT_VERSION,
                    "policy": { "source": engine.policy.source, "notes": render::notes_json(&engine) },
                    "cases": json_cases,
                });
                outln!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
            }
            Ok(summary(files.len(), errors, lang))
        }
        Command::Explain { cases, format } => {
            let files = expanded(&cases, lang)?;
            let mut errors = 0;
            let mut json_cases = Vec::new();
            let mut html_cases = Vec::new();
            let mut first = true;
            for path in &files {
                let explained = testing::load_case(path)
                    .and_then(|case| explain::explain(&engine, &case).map_err(Error::from));
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
                    ExplainFormat::Json => json_cases.push(view::explanation_json(&engine, &ex)),
                    ExplainFormat::Text => {
                        if !first {
                            outln!();
                        }
                        out!("{}", view::explanation_text(&engine, &ex, lang));
                    }
                    ExplainFormat::Dot => out!("{}", draw::dot(&engine, &ex, lang)),
                    ExplainFormat::Html => html_cases.push(ex),
                }
                first = false;
            }
            if format == ExplainFormat::Html {
                // One document for all the cases.
                out!("{}", draw::html(&engine, &html_cases, lang));
            }
            if format == ExplainFormat::Json {
                let doc = view::explanations_json(&engine, json_cases);
                outln!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
            }
            Ok(summary(files.len(), errors, lang))
        }
        Command::Test { dirs, junit } => {
            let files = expanded(&dirs, lang)?;
            let (mut passed, mut failed) = (0, 0);
            let started = std::time::Instant::now();
            let mut results = Vec::new();
            for path in &files {
                let checked = testing::check_file(&engine, path, lang);
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
            if let Some(file) = junit {
                let xml = rongcuo::report::junit::junit_xml(
                    "rongcuo",
                    &results,
                    started.elapsed().as_secs_f64(),
                );
                std::fs::write(&file, xml).map_err(|e| Error::Io {
                    path: file.display().to_string(),
                    message: e.to_string(),
                })?;
            }
            outln!("{passed} passed, {failed} failed");
            Ok(if failed > 0 {
                Outcome::ExpectationFailed
            } else {
                Outcome::Ok
            })
        }
        Command::Diff {
            old,
            new,
            cases,
            format,
            fail_on_change,
            old_reading,
            new_reading,
        } => {
            let old = Engine::new(testing::load_policy(Some(&old))?).with_readings(readings(
                &global,
                &old_reading,
                lang,
            )?);
            let new = Engine::new(testing::load_policy(Some(&new))?).with_readings(readings(
                &global,
                &new_reading,
                lang,
            )?);
            for note in render::notes_text(&new, lang) {
                eprintln!("{note}");
            }
            let cases = if cases.is_empty() {
                vec![PathBuf::from("fixtures")]
            } else {
                cases
            };
            let mut loaded = Vec::new();
            for path in expanded(&cases, lang)? {
                if testing::expects_error(&path) {
                    continue;
                }
                loaded.push(testing::load_case(&path)?);
            }
            let report = diff::compare(&old, &new, &loaded, lang);
            match format {
                Format::Text => out!("{}", diff::report_text(&report, lang)),
                Format::Json => outln!(
                    "{}",
                    serde_json::to_string_pretty(&diff::report_json(&report, lang))
                        .unwrap_or_default()
                ),
            }
            Ok(if !report.errors.is_empty() {
                Outcome::BadInput
            } else if fail_on_change && !report.changed.is_empty() {
                Outcome::ExpectationFailed
            } else {
                Outcome::Ok
            })
        }
        Command::Coverage { dirs, min, format } => {
            let files = expanded(&dirs, lang)?;
            let c = rongcuo::workflows::coverage::coverage(&engine, &files)?;
            match format {
                Format::Text => out!("{}", rongcuo::workflows::coverage::coverage_text(&c, lang)),
                Format::Json => outln!(
                    "{}",
                    serde_json::to_string_pretty(&rongcuo::workflows::coverage::coverage_json(&c))
                        .unwrap_or_default()
                ),
            }
            Ok(match min {
                Some(min) if c.percent() < min => Outcome::ExpectationFailed,
                _ => Outcome::Ok,
            })
        }
        Command::Lint { format } => {
            let raw = match &cli.policy {
                Some(p) => String::from_utf8_lossy(&testing::read_policy(p)?).into_owned(),
                None => rongcuo::text::policy::BUNDLED_TEXT.to_string(),
            };
            let mut findings = rongcuo::text::lint::lint_source(&engine.policy, &raw);
            findings.extend(rongcuo::law::binding::findings(&engine.policy));
            findings.extend(rongcuo::workflows::analyze::overlap_findings(
                &rongcuo::workflows::analyze::analyze(&engine),
                &engine.policy,
            ));
            findings.sort_by(|a, b| (a.line, a.column, a.code).cmp(&(b.line, b.column, b.code)));
            let errors = findings
                .iter()
                .filter(|f| f.severity == rongcuo::text::lint::Severity::Error)
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
                                "severity": f.severity.label(rongcuo::base::lang::Lang::En),
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
                        serde_json::to_string_pretty(&serde_json::json!({
                            "format_version": render::FORMAT_VERSION,
                            "source": engine.policy.source,
                            "findings": v,
                        }))
                        .unwrap_or_default()
                    );
                }
            }
            Ok(if errors > 0 {
                Outcome::ExpectationFailed
            } else {
                Outcome::Ok
            })
        }
        Command::Analyze { format } => {
            let a = rongcuo::workflows::analyze::analyze(&engine);
            match format {
                Format::Text => out!("{}", rongcuo::workflows::analyze::analysis_text(&a, lang)),
                Format::Json => outln!(
                    "{}",
                    serde_json::to_string_pretty(&rongcuo::workflows::analyze::analysis_json(&a))
                        .unwrap_or_default()
                ),
            }
            Ok(Outcome::Ok)
        }
        Command::Batch {
            input,
            explain,
            threads,
        } => {
            use std::io::IsTerminal;
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
                    std::fs::File::open(&input).map_err(|e| Error::Io {
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
            let opts = rongcuo::workflows::batch::Options {
                explain,
                threads,
                lang,
            };
            let s = rongcuo::workflows::batch::run(
                &engine,
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
            // Peak resident memory, where the system tells it (Linux).
            let peak = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|st| {
                    st.lines()
                        .find(|l| l.starts_with("VmHWM:"))
                        .map(|l| l.trim_start_matches("VmHWM:").trim().to_string())
                })
                .unwrap_or_else(|| "n/a".into());
            eprintln!(
                "{}; peak RSS {peak}",
                lang.pick(
                    format!(
                        "{} 行输入，{} 条结果（其中 {} 条错误），{:.1} 秒，每秒 {:.0} 件",
                        s.lines,
                        s.results,
                        s.errors,
                        secs,
                        s.lines as f64 / secs.max(1e-9)
                    ),
                    format!(
                        "{} lines in, {} results out ({} errors), {:.1} s, {:.0} cases/s",
                        s.lines,
                        s.results,
                        s.errors,
                        secs,
                        s.lines as f64 / secs.max(1e-9)
                    ),
                )
            );
            // Like `eval`: every line has its result, and a bad one makes the run exit 2.
            Ok(if s.errors > 0 {
                Outcome::BadInput
            } else {
                Outcome::Ok
            })
        }
        Command::Gen { count, seed } => {
            use std::io::Write;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            for i in 0..count {
                let line = rongcuo::workflows::generate::case(seed, i).to_string();
                if writeln!(out, "{line}").is_err() {
                    break; // the reader went away (e.g. `| head`)
                }
            }
            let _ = out.flush();
            Ok(Outcome::Ok)
        }
        Command::Readings => {
            out!("{}", render::readings_text(lang));
            Ok(Outcome::Ok)
        }
        Command::Schema => {
            use std::io::Write;
            let schema = rongcuo::report::schema::case_schema(&engine.catch_alls(), lang);
            let text = serde_json::to_string_pretty(&schema).unwrap_or_default();
            // A reader that goes away early (`| head`) is not an error.
            let _ = writeln!(std::io::stdout().lock(), "{text}");
            Ok(Outcome::Ok)
        }
        Command::Clauses => {
            out!("{}", render::clauses_text(&engine, lang));
            Ok(Outcome::Ok)
        }
        Command::Facts { format } => {
            match format {
                Format::Text => out!("{}", render::facts_text(lang)),
                Format::Json => outln!(
                    "{}",
                    serde_json::to_string_pretty(&render::facts_json()).unwrap_or_default()
                ),
            }
            Ok(Outcome::Ok)
        }
    }
}

/// The case files named by the arguments; directory entries that are not `*.json` are named
/// on stderr so that no case is dropped unnoticed.
fn expanded(paths: &[PathBuf], lang: Lang) -> Result<Vec<PathBuf>, Error> {
    let expanded = testing::expand(paths)?;
    for p in &expanded.skipped {
        eprintln!(
            "{}",
            lang.pick(
                format!("{}：不是 .json 文件，已跳过", p.display()),
                format!("{}: not a .json file, skipped", p.display()),
            )
        );
    }
    Ok(expanded.files)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = match cli.lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    match run(cli, lang) {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::ExpectationFailed) => ExitCode::from(1),
        Ok(Outcome::BadInput) => ExitCode::from(2),
        Err(e) => {
            eprintln!("{}", e.message(lang));
            ExitCode::from(2)
        }
    }
}

// The engine allocates many small index maps per run; mimalloc makes a run about a third
// faster than the system allocator (benches/engine.rs, which uses it too).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

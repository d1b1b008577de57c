//! The `rongcuo` command line: parses arguments, calls the library, prints, and maps the result
//! to an exit code (0 ok, 1 an expectation failed, 2 bad input).

use clap::{Parser, Subcommand, ValueEnum};
use rongcuo::engine::Engine;
use rongcuo::error::{Error, Lang};
use rongcuo::{draw, explain, render, testing, view};
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
    },
    /// List every clause of the loaded text with the rules bound to it.
    Clauses,
    /// List the fact vocabulary with labels and the clauses that use each fact.
    Facts {
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

/// What a command concluded, for the exit code.
enum Outcome {
    Ok,
    ExpectationFailed,
    BadInput,
}

fn run(cli: Cli, lang: Lang) -> Result<Outcome, Error> {
    let engine = Engine::new(testing::load_policy(cli.policy.as_deref())?);
    for note in render::notes_text(&engine, lang) {
        eprintln!("{note}");
    }
    match cli.command {
        Command::Eval { cases, format } => {
            let files = expanded(&cases, lang)?;
            let mut bad = false;
            let mut json_cases = Vec::new();
            for (i, path) in files.iter().enumerate() {
                let result = testing::evaluate_file(&engine, path);
                bad |= result.is_err();
                match (format, result) {
                    (Format::Json, Ok(d)) => json_cases.push(render::determination_json(&d)),
                    (Format::Json, Err(e)) => json_cases.push(render::error_json(&e, lang)),
                    (Format::Text, Ok(d)) => {
                        if i > 0 {
                            println!();
                        }
                        print!("{}", render::determination_text(&engine, &d, lang));
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
                println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
            }
            Ok(if bad { Outcome::BadInput } else { Outcome::Ok })
        }
        Command::Explain { cases, format } => {
            let files = expanded(&cases, lang)?;
            let mut bad = false;
            let mut json_cases = Vec::new();
            let mut html_cases = Vec::new();
            let mut first = true;
            for path in &files {
                let explained = testing::load_case(path)
                    .and_then(|case| explain::explain(&engine, &case).map_err(Error::from));
                let ex = match explained {
                    Ok(ex) => ex,
                    Err(e) => {
                        bad = true;
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
                            println!();
                        }
                        print!("{}", view::explanation_text(&engine, &ex, lang));
                    }
                    ExplainFormat::Dot => print!("{}", draw::dot(&engine, &ex, lang)),
                    ExplainFormat::Html => html_cases.push(ex),
                }
                first = false;
            }
            if format == ExplainFormat::Html {
                // One document for all the cases.
                print!("{}", draw::html(&engine, &html_cases, lang));
            }
            if format == ExplainFormat::Json {
                let doc = view::explanations_json(&engine, json_cases);
                println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
            }
            Ok(if bad { Outcome::BadInput } else { Outcome::Ok })
        }
        Command::Test { dirs } => {
            let files = expanded(&dirs, lang)?;
            let (mut passed, mut failed) = (0, 0);
            for path in &files {
                let checked = testing::check_file(&engine, path, lang);
                if checked.failures.is_empty() {
                    passed += 1;
                } else {
                    failed += 1;
                    println!("FAIL {}", path.display());
                    for f in &checked.failures {
                        println!("  {f}");
                    }
                }
            }
            println!("{passed} passed, {failed} failed");
            Ok(if failed > 0 {
                Outcome::ExpectationFailed
            } else {
                Outcome::Ok
            })
        }
        Command::Clauses => {
            print!("{}", render::clauses_text(&engine, lang));
            Ok(Outcome::Ok)
        }
        Command::Facts { format } => {
            match format {
                Format::Text => print!("{}", render::facts_text(lang)),
                Format::Json => println!(
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

//! The `rongcuo` command line: parses the arguments, runs one command (each is a file in
//! `src/cli/`), and maps what it concluded to the exit code. The exit codes are kept here and
//! nowhere else: 0 ok, 1 an expectation, gate or lint check failed, 2 bad input.

mod cli;

use clap::Parser;
use cli::args::{Cli, Command};
use cli::{Context, Outcome};
use rongcuo::base::lang::Lang;
use rongcuo::engine::error::Error;
use std::process::ExitCode;

/// Runs the command the arguments name.
fn run(args: Cli, lang: Lang) -> Result<Outcome, Error> {
    let cx = Context::new(args.policy, &args.readings, args.reworded_unencoded, lang)?;
    match args.command {
        Command::Eval { cases, format } => cli::eval::run(&cx, &cases, format),
        Command::Explain { cases, format } => cli::explain::run(&cx, &cases, format),
        Command::Test { dirs, junit } => cli::test::run(&cx, &dirs, junit.as_deref()),
        Command::Coverage { dirs, min, format } => cli::coverage::run(&cx, &dirs, min, format),
        Command::Diff {
            old,
            new,
            cases,
            format,
            fail_on_change,
            old_reading,
            new_reading,
        } => {
            let sides = cli::diff::Sides {
                old: &old,
                new: &new,
                old_readings: &old_reading,
                new_readings: &new_reading,
            };
            cli::diff::run(&cx, sides, &cases, format, fail_on_change)
        }
        Command::Batch {
            input,
            explain,
            threads,
        } => cli::batch::run(&cx, &input, explain, threads),
        Command::Gen { count, seed } => cli::generate::run(count, seed),
        Command::Readings => cli::readings::run(&cx),
        Command::Analyze { format } => cli::analyze::run(&cx, format),
        Command::Lint { format } => cli::lint::run(&cx, format),
        Command::Clauses => cli::clauses::run(&cx),
        Command::Schema => cli::schema::run(&cx),
        Command::Facts { format } => cli::facts::run(&cx, format),
    }
}

fn main() -> ExitCode {
    let args = Cli::parse();
    let lang = args.language();
    match run(args, lang) {
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

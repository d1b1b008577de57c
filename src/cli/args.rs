//! The command line's arguments: the clap definition of every command and option, with the
//! help text users read. Nothing here runs a command.

use clap::{Parser, Subcommand, ValueEnum};
use rongcuo::base::lang::Lang;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "rongcuo",
    version,
    about = "乐山市保健食品经营沙盒监管执法履职尽责容错纠错制度 as Datalog: case facts in, determinations out"
)]
pub struct Cli {
    /// Language of messages.
    #[arg(long, global = true, value_enum, default_value = "zh")]
    pub lang: LangArg,
    /// A revised policy text to load instead of the bundled draft.
    #[arg(long, global = true, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Settle an open reading of the draft, e.g. `seven_days=working_days` (repeatable; a case
    /// file's own `readings` take precedence). `rongcuo readings` lists them.
    #[arg(long = "reading", global = true, value_name = "NAME=VALUE")]
    pub readings: Vec<String>,
    /// Count the clauses a revised text rewords as unencoded: their rules do not fire.
    #[arg(long, global = true)]
    pub reworded_unencoded: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExplainFormat {
    Text,
    Json,
    Dot,
    Html,
}

#[derive(Subcommand)]
pub enum Command {
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

impl Cli {
    /// The language messages are written in.
    pub fn language(&self) -> Lang {
        match self.lang {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

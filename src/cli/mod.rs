//! The commands behind the binary: one file per command, each a `run` function that calls the
//! library, writes to standard output and says what it concluded (`Outcome`); `main.rs` maps
//! that to the exit code. This file holds what the commands share: the context they run in,
//! the writing macros that end quietly on a closed pipe, the count line, and how directory
//! arguments expand to case files.

use rongcuo::base::lang::Lang;
use rongcuo::engine::error::Error;
use rongcuo::engine::evaluate::Engine;
use rongcuo::law::interpret::Readings;
use rongcuo::workflows::testing;
use std::path::{Path, PathBuf};

/// Like `print!`, returning from the command if standard output fails: a closed pipe
/// (`rongcuo … | head`) ends the command quietly instead of panicking as `print!` does.
macro_rules! out {
    ($($arg:tt)*) => {
        if let Err(e) = std::io::Write::write_fmt(&mut std::io::stdout(), format_args!($($arg)*)) {
            return $crate::cli::stdout_failed(e);
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

pub mod analyze;
pub mod args;
pub mod batch;
pub mod clauses;
pub mod coverage;
pub mod diff;
pub mod eval;
pub mod explain;
pub mod facts;
pub mod generate;
pub mod lint;
pub mod readings;
pub mod schema;
pub mod test;

/// What a command concluded; `main.rs` maps it to the exit code.
pub enum Outcome {
    /// Exit 0.
    Ok,
    /// Exit 1: an expectation, gate or lint check failed.
    ExpectationFailed,
    /// Exit 2: some input was bad (each one reported).
    BadInput,
}

/// What every command runs with: the loaded policy under the global readings, the language,
/// and the options given before the command.
pub struct Context {
    pub engine: Engine,
    pub lang: Lang,
    /// The readings given with `--reading`, over the defaults.
    pub readings: Readings,
    /// The policy file given with `--policy`, if any.
    pub policy: Option<PathBuf>,
}

impl Context {
    /// Loads the policy (the bundled text unless `--policy`) under the `--reading` flags, and
    /// prints its notes on standard error.
    pub fn new(
        policy: Option<PathBuf>,
        pairs: &[String],
        reworded_unencoded: bool,
        lang: Lang,
    ) -> Result<Context, Error> {
        let readings = readings(&Readings::default(), pairs, lang)?;
        let mut engine =
            Engine::new(testing::load_policy(policy.as_deref())?).with_readings(readings.clone());
        if reworded_unencoded {
            engine = engine.with_reworded_unencoded();
        }
        for note in rongcuo::report::render::notes_text(&engine, lang) {
            eprintln!("{note}");
        }
        Ok(Context {
            engine,
            lang,
            readings,
            policy,
        })
    }
}

/// A write to standard output failed: a reader that went away (closed pipe) is no error of the
/// input; anything else is reported.
pub fn stdout_failed(e: std::io::Error) -> Result<Outcome, Error> {
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
pub fn summary(inputs: usize, errors: usize, lang: Lang) -> Outcome {
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

/// The readings given as `NAME=VALUE` over `base`.
pub fn readings(base: &Readings, pairs: &[String], lang: Lang) -> Result<Readings, Error> {
    let mut r = base.clone();
    for p in pairs {
        r.set_pair(p).map_err(|e| Error::Usage {
            message: e.message(lang),
        })?;
    }
    Ok(r)
}

/// The case files named by the arguments; directory entries that are not `*.json` are named
/// on stderr so that no case is dropped unnoticed.
pub fn expanded(paths: &[PathBuf], lang: Lang) -> Result<Vec<PathBuf>, Error> {
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

/// Pretty JSON for standard output.
pub fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// An I/O error on `path`, for the error message.
pub fn io_error(path: &Path, e: std::io::Error) -> Error {
    Error::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

//! Loading inputs from disk and checking cases against their `expect`: what `rongcuo eval`
//! and `rongcuo test` share with the snapshot harness. Files named `err_*.json` are invalid
//! input on purpose: they pass when rongcuo rejects them with an input error.

use crate::base::lang::Lang;
use crate::base::limits::{self, MAX_CASE_BYTES, MAX_POLICY_BYTES, ReadError};
use crate::engine::case::Case;
use crate::engine::determine::Determination;
use crate::engine::error::{CaseError, CaseProblem, Error, Place};
use crate::engine::evaluate::Engine;
use crate::text::policy::{PolicyText, TextError, TextErrorKind};
use std::path::{Path, PathBuf};

/// Reads a policy text file, refusing one over [`MAX_POLICY_BYTES`] before reading it.
pub fn read_policy(path: &Path) -> Result<Vec<u8>, Error> {
    let shown = path.display().to_string();
    limits::read_file(path, MAX_POLICY_BYTES).map_err(|e| match e {
        ReadError::Io(e) => Error::Io {
            path: shown,
            message: e.to_string(),
        },
        ReadError::TooLarge { size } => Error::Policy(TextError {
            source: shown,
            line: 0,
            column: 0,
            kind: TextErrorKind::TooLarge {
                size,
                limit: MAX_POLICY_BYTES,
            },
        }),
    })
}

/// Loads the policy text from `path`, or the bundled text.
pub fn load_policy(path: Option<&Path>) -> Result<PolicyText, Error> {
    match path {
        None => Ok(PolicyText::bundled()),
        Some(p) => Ok(PolicyText::parse(
            &p.display().to_string(),
            &read_policy(p)?,
        )?),
    }
}

/// The case error for text that is not UTF-8: the line and column of the first bad byte.
pub fn not_utf8(path: &str, bytes: &[u8], offset: usize) -> CaseError {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(before.get(line_start..).unwrap_or_default())
        .chars()
        .count()
        + 1;
    CaseError {
        path: path.to_string(),
        place: Place {
            field: String::new(),
            line: Some(line),
            column: Some(column),
        },
        problem: Box::new(CaseProblem::NotUtf8 { byte: offset }),
    }
}

/// Reads and parses one case file, refusing one over [`MAX_CASE_BYTES`] before reading it.
pub fn load_case(path: &Path) -> Result<Case, Error> {
    let shown = path.display().to_string();
    let bytes = limits::read_file(path, MAX_CASE_BYTES).map_err(|e| match e {
        ReadError::Io(e) => Error::Io {
            path: shown.clone(),
            message: e.to_string(),
        },
        ReadError::TooLarge { size } => Error::Case(CaseError {
            path: shown.clone(),
            place: Place {
                field: String::new(),
                line: None,
                column: None,
            },
            problem: Box::new(CaseProblem::TooLarge {
                size,
                limit: MAX_CASE_BYTES,
            }),
        }),
    })?;
    parse_case_bytes(&shown, &bytes)
}

/// Parses a case file's raw bytes, as read from disk; `shown` names the file in errors. Bytes
/// that are not UTF-8 are an input error naming the first bad byte, its line and column.
pub fn parse_case_bytes(shown: &str, bytes: &[u8]) -> Result<Case, Error> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| Error::Case(not_utf8(shown, bytes, e.valid_up_to())))?;
    Ok(Case::parse(shown, text)?)
}

/// Loads and evaluates one case file.
pub fn evaluate_file(engine: &Engine, path: &Path) -> Result<Determination, Error> {
    let case = load_case(path)?;
    Ok(engine.evaluate(&case)?)
}

/// The files a command will read, and the directory entries it passes over.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expanded {
    pub files: Vec<PathBuf>,
    /// Entries of a directory argument that are not `*.json` files, so that a case saved under
    /// another name is reported rather than silently dropped.
    pub skipped: Vec<PathBuf>,
}

/// Expands the arguments: files as given, directories into their `*.json` files, sorted.
pub fn expand(paths: &[PathBuf]) -> Result<Expanded, Error> {
    let mut out = Expanded::default();
    for p in paths {
        if p.is_dir() {
            let entries = std::fs::read_dir(p).map_err(|e| Error::Io {
                path: p.display().to_string(),
                message: e.to_string(),
            })?;
            let mut files: Vec<PathBuf> = Vec::new();
            for entry in entries {
                let entry = entry.map_err(|e| Error::Io {
                    path: p.display().to_string(),
                    message: e.to_string(),
                })?;
                let path = entry.path();
                if path.extension().is_some_and(|x| x == "json") && path.is_file() {
                    files.push(path);
                } else {
                    out.skipped.push(path);
                }
            }
            files.sort();
            out.files.extend(files);
        } else {
            out.files.push(p.clone());
        }
    }
    out.skipped.sort();
    Ok(out)
}

/// Whether a file is an invalid-input fixture.
pub fn expects_error(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("err_"))
}

/// The result of checking one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    pub path: PathBuf,
    /// Empty when the case passed; otherwise what differed, one line each.
    pub failures: Vec<String>,
}

/// Checks one file against its expectation.
pub fn check_file(engine: &Engine, path: &Path, lang: Lang) -> Checked {
    let failures = match (expects_error(path), load_case(path)) {
        (true, Err(_)) => Vec::new(),
        (false, Err(e)) => vec![e.message(lang)],
        (is_err_fixture, Ok(case)) => match (is_err_fixture, engine.evaluate(&case)) {
            (true, Err(_)) => Vec::new(),
            (true, Ok(_)) => vec![lang.pick(
                "以 err_ 开头的文件应当被拒绝，却被正常评估".to_string(),
                "an err_ file should be rejected but was evaluated".to_string(),
            )],
            (false, Err(e)) => vec![Error::Case(e).message(lang)],
            (false, Ok(d)) => {
                // Expected grounds name clauses of the reference text: compare them where those
                // clauses stand in the loaded text.
                let mut case = case;
                if let Some(e) = case.expect.as_mut() {
                    for g in &mut e.grounds {
                        if let Some(loaded) = engine.loaded_id(g) {
                            *g = loaded.to_string();
                        }
                    }
                }
                compare(&case, &d, lang)
            }
        },
    };
    Checked {
        path: path.to_path_buf(),
        failures,
    }
}

/// What differs between a case's expectation and its determination.
pub fn compare(case: &Case, d: &Determination, lang: Lang) -> Vec<String> {
    let Some(expect) = &case.expect else {
        return vec![lang.pick(
            "案件没有 expect，无法检验".to_string(),
            "the case has no `expect` to check".to_string(),
        )];
    };
    let mut out = Vec::new();
    if expect.disposition != d.disposition {
        out.push(lang.pick(
            format!(
                "结论：预期 {}，实际 {}",
                expect.disposition.name(),
                d.disposition.name()
            ),
            format!(
                "disposition: expected {}, got {}",
                expect.disposition.name(),
                d.disposition.name()
            ),
        ));
    }
    let mut want: Vec<&str> = expect.grounds.iter().map(|s| s.as_str()).collect();
    want.sort_by_key(|c| crate::text::policy::clause_key(c));
    want.dedup();
    if want != d.grounds {
        let missing: Vec<&str> = want
            .iter()
            .filter(|g| !d.grounds.contains(g))
            .copied()
            .collect();
        let extra: Vec<&str> = d
            .grounds
            .iter()
            .filter(|g| !want.contains(g))
            .copied()
            .collect();
        out.push(lang.pick(
            format!(
                "依据：预期 [{}]，实际 [{}]（缺少 [{}]，多出 [{}]）",
                want.join(", "),
                d.grounds.join(", "),
                missing.join(", "),
                extra.join(", ")
            ),
            format!(
                "grounds: expected [{}], got [{}] (missing [{}], extra [{}])",
                want.join(", "),
                d.grounds.join(", "),
                missing.join(", "),
                extra.join(", ")
            ),
        ));
    }
    if let Some(findings) = &expect.findings {
        let mut want: Vec<&str> = findings.iter().map(|f| f.name()).collect();
        want.sort();
        want.dedup();
        let mut got: Vec<&str> = d.findings.iter().map(|f| f.duty.name()).collect();
        got.sort();
        got.dedup();
        if want != got {
            out.push(lang.pick(
                format!(
                    "程序事项：预期 [{}]，实际 [{}]",
                    want.join(", "),
                    got.join(", ")
                ),
                format!(
                    "findings: expected [{}], got [{}]",
                    want.join(", "),
                    got.join(", ")
                ),
            ));
        }
    }
    out
}

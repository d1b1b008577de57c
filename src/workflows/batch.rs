//! Batch evaluation of JSON Lines: one case per input line, one JSON result per line, in input
//! order, on several threads. Input is read in jobs of consecutive lines, with a bounded number
//! in flight, so memory stays flat however long the stream is; a line that is not a valid case
//! gives an error result carrying its line number and never stops the run. A line longer than
//! `limits::MAX_CASE_BYTES` is skipped without being held in memory and gives an error result
//! too.

use crate::base::lang::Lang;
use crate::base::limits::{Line, MAX_CASE_BYTES, read_line};
use crate::engine::case::Case;
use crate::engine::error::{CaseError, CaseProblem, Error, Place};
use crate::engine::evaluate::Engine;
use crate::engine::run::{Prepared, Run};
use crate::explain::explanation::explain_prepared;
use crate::report::render::{determination_line, error_json};
use crate::report::view::explanation_line;
use serde_json::{Value, json};
use std::io::{BufRead, Write};

/// Lines per job: a worker evaluates a job's lines together (one crepe runtime for all of
/// them, see `chunk`). Explanations take far longer per line, so their jobs are smaller, to
/// keep both threads busy to the end.
const JOB: usize = crate::engine::chunk::CHUNK;
const EXPLAIN_JOB: usize = 8;
/// Jobs in flight per worker: read ahead of the workers, not yet written. Bounds memory however
/// long the input is.
const AHEAD: usize = 4;
/// A job also closes once it holds this many bytes of text, so that long lines (each up to
/// [`MAX_CASE_BYTES`]) cannot make the jobs in flight hold a gigabyte.
const JOB_BYTES: usize = 4 << 20;

/// How a batch runs.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub explain: bool,
    pub threads: usize,
    pub lang: Lang,
}

/// What a batch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub lines: usize,
    pub results: usize,
    pub errors: usize,
}

/// One input line as read: its text, or why it has none.
enum Input {
    Text(String),
    /// Longer than [`MAX_CASE_BYTES`]: skipped unread; its length in bytes.
    TooLong(u64),
    /// Not UTF-8: the line's bytes and the offset of the first bad one.
    NotUtf8(Vec<u8>, usize),
}

/// Where an error of one input line is: the input file and the line; the column is the one
/// within the line.
fn at_line(source: &str, number: usize, mut e: CaseError) -> Error {
    e.path = source.to_string();
    e.place.line = Some(number);
    Error::Case(e)
}

/// An input line parsed and prepared, or why it could not be.
fn prepare(
    engine: &Engine,
    source: &str,
    number: usize,
    input: &mut Input,
) -> Result<(Case, Prepared), Error> {
    let whole_line = |problem: CaseProblem| {
        Error::Case(CaseError {
            path: source.to_string(),
            place: Place {
                field: String::new(),
                line: Some(number),
                column: None,
            },
            problem: Box::new(problem),
        })
    };
    match input {
        Input::TooLong(bytes) => Err(whole_line(CaseProblem::TooLarge {
            size: Some(*bytes),
            limit: MAX_CASE_BYTES,
        })),
        Input::NotUtf8(bytes, offset) => Err(at_line(
            source,
            number,
            crate::workflows::testing::not_utf8(source, bytes, *offset),
        )),
        Input::Text(text) if text.trim().is_empty() => Err(whole_line(CaseProblem::Empty)),
        // The case keeps the line's text; the chunk has no more use for it.
        Input::Text(text) => Case::parse_owned(&format!("{source}:{number}"), std::mem::take(text))
            .and_then(|case| engine.prepare(&case).map(|p| (case, p)))
            .map_err(|e| at_line(source, number, e)),
    }
}

/// The result lines of consecutive input lines, numbered from `first`, each with whether it is
/// an error. Evaluation runs the prepared cases together (`Engine::run_many`); an explanation
/// is made case by case.
fn result_lines(
    engine: &Engine,
    source: &str,
    first: usize,
    inputs: &mut [Input],
    opts: Options,
) -> Vec<(String, bool)> {
    let prepared: Vec<Result<(Case, Prepared), Error>> = (first..)
        .zip(inputs.iter_mut())
        .map(|(number, input)| prepare(engine, source, number, input))
        .collect();
    let error_line = |e: &Error, number: usize| (with_line(error_json(e, opts.lang), number), true);
    if opts.explain {
        return (first..)
            .zip(prepared)
            .map(|(number, p)| {
                match p.map(|(case, prepared)| {
                    explanation_line(engine, &explain_prepared(engine, case, &prepared), number)
                }) {
                    Ok(line) => (line, false),
                    Err(e) => error_line(&e, number),
                }
            })
            .collect();
    }
    let mut loaded: Vec<Result<(Case, Run), Error>> = prepared
        .into_iter()
        .map(|p| p.map(|(case, prepared)| (case, engine.inputs(prepared, &[]))))
        .collect();
    let mut runs: Vec<&mut Run> = loaded
        .iter_mut()
        .filter_map(|l| l.as_mut().ok().map(|(_, run)| run))
        .collect();
    engine.run_chunked(&mut runs);
    (first..)
        .zip(loaded)
        .map(|(number, l)| match l {
            Ok((case, run)) => (
                determination_line(&engine.determine(&case, &run), number),
                false,
            ),
            Err(e) => error_line(&e, number),
        })
        .collect()
}

/// A JSON result with the input line number added last.
fn with_line(mut v: Value, number: usize) -> String {
    if let Value::Object(map) = &mut v {
        map.insert("line".into(), json!(number));
    }
    v.to_string()
}

/// Reads the next job's lines: up to `size` lines or [`JOB_BYTES`] of text; none at the end.
fn read_job(
    input: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    size: usize,
) -> Result<Vec<Input>, std::io::Error> {
    let limit = usize::try_from(MAX_CASE_BYTES).unwrap_or(usize::MAX);
    let mut job: Vec<Input> = Vec::with_capacity(size);
    let mut bytes = 0;
    while job.len() < size && bytes < JOB_BYTES {
        let line = match read_line(input, buf, limit)? {
            Line::End => break,
            Line::TooLong { bytes } => Input::TooLong(bytes),
            Line::Read => match std::str::from_utf8(buf) {
                Ok(text) => Input::Text(text.to_string()),
                Err(e) => Input::NotUtf8(buf.clone(), e.valid_up_to()),
            },
        };
        bytes += buf.len();
        job.push(line);
    }
    Ok(job)
}

/// The result lines of a job whose lines start at `first`.
fn run_job(
    engine: &Engine,
    source: &str,
    first: usize,
    mut job: Vec<Input>,
    opts: Options,
) -> Vec<(String, bool)> {
    let len = job.len();
    guarded(source, first, len, opts.lang, || {
        result_lines(engine, source, first, &mut job, opts)
    })
}

/// The result lines `evaluate` gives for `len` lines from `first`; should it stop on a defect
/// (a panic), a `NotEvaluated` error for each of those lines instead: no line goes without a
/// result.
fn guarded(
    source: &str,
    first: usize,
    len: usize,
    lang: Lang,
    evaluate: impl FnOnce() -> Vec<(String, bool)>,
) -> Vec<(String, bool)> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(evaluate)).unwrap_or_else(|_| {
        (first..first + len)
            .map(|number| {
                let e = Error::Case(CaseError {
                    path: source.to_string(),
                    place: Place {
                        field: String::new(),
                        line: Some(number),
                        column: None,
                    },
                    problem: Box::new(CaseProblem::NotEvaluated),
                });
                (with_line(error_json(&e, lang), number), true)
            })
            .collect()
    })
}

/// Evaluates every line of `input`, writing one result line per input line to `output`, in
/// input order. `progress` is called as results are written, with the lines done so far.
///
/// This thread reads jobs of consecutive lines and hands them to `opts.threads` workers, which
/// live for the whole run; results come back tagged with their job's number and are written
/// in that order. At most [`AHEAD`] jobs per worker are in flight, so memory stays flat.
pub fn run(
    engine: &Engine,
    source: &str,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    opts: Options,
    progress: &mut dyn FnMut(usize),
) -> Result<Summary, Error> {
    use std::collections::BTreeMap;
    use std::sync::{Mutex, mpsc};
    let io = |e: std::io::Error| Error::Io {
        path: source.to_string(),
        message: e.to_string(),
    };
    let threads = opts.threads.max(1);
    let size = if opts.explain { EXPLAIN_JOB } else { JOB };
    let mut summary = Summary::default();
    let (job_tx, job_rx) = mpsc::channel::<(usize, usize, Vec<Input>)>();
    let job_rx = Mutex::new(job_rx);
    std::thread::scope(|s| -> Result<Summary, Error> {
        // Owned by this closure, so that the workers see the queue close however it returns.
        let job_tx = job_tx;
        let (done_tx, done_rx) = mpsc::channel::<(usize, Vec<(String, bool)>)>();
        for _ in 0..threads {
            let (job_rx, done_tx) = (&job_rx, done_tx.clone());
            s.spawn(move || {
                loop {
                    // The lock is held only to take a job; a poisoned one still hands them out.
                    let job = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(poisoned) => poisoned.into_inner().recv(),
                    };
                    let Ok((seq, first, lines)) = job else { break };
                    let results = run_job(engine, source, first, lines, opts);
                    if done_tx.send((seq, results)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        // Results that came back before those of earlier jobs.
        let mut waiting: BTreeMap<usize, Vec<(String, bool)>> = BTreeMap::new();
        let (mut sent, mut written) = (0usize, 0usize);
        let mut buf = Vec::new();
        let mut ended = false;
        let mut failure: Option<Error> = None;
        while !(ended && written == sent) {
            // Keep the workers fed, up to the bound.
            while !ended && failure.is_none() && sent - written < threads * AHEAD {
                match read_job(input, &mut buf, size) {
                    Ok(lines) if lines.is_empty() => ended = true,
                    Ok(lines) => {
                        let first = summary.lines + 1;
                        summary.lines += lines.len();
                        if job_tx.send((sent, first, lines)).is_err() {
                            ended = true;
                        } else {
                            sent += 1;
                        }
                    }
                    // A read error ends the run once what was read before it is written.
                    Err(e) => {
                        failure = Some(io(e));
                        ended = true;
                    }
                }
            }
            if written == sent {
                break;
            }
            // Write every result that is next in order.
            let Ok((seq, results)) = done_rx.recv() else {
                break;
            };
            waiting.insert(seq, results);
            while let Some(results) = waiting.remove(&written) {
                for (line, bad) in results {
                    output.write_all(line.as_bytes()).map_err(io)?;
                    output.write_all(b"\n").map_err(io)?;
                    summary.results += 1;
                    summary.errors += bad as usize;
                }
                written += 1;
                progress(summary.results);
            }
        }
        drop(job_tx);
        match failure {
            Some(e) => Err(e),
            None => Ok(summary),
        }
    })
    .and_then(|summary| {
        output.flush().map_err(io)?;
        Ok(summary)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::policy::PolicyText;

    #[test]
    fn lines_whose_evaluation_panics_still_get_one_error_result_each() {
        let lines = guarded("t.jsonl", 65, 3, Lang::En, || panic!("a defect"));
        assert_eq!(lines.len(), 3);
        for ((line, bad), number) in lines.iter().zip(65..) {
            assert!(bad);
            let v: Value = serde_json::from_str(line).unwrap();
            assert_eq!(v["line"], number, "{v}");
            let message = v["error"]["message"].as_str().unwrap_or_default();
            assert!(message.contains("not evaluated"), "{v}");
        }
        let fine = guarded("t.jsonl", 1, 1, Lang::En, || vec![("{}".into(), false)]);
        assert_eq!(fine, vec![("{}".to_string(), false)]);
    }

    #[test]
    fn results_come_back_in_order_one_per_line_with_errors_in_place() {
        let engine = Engine::new(PolicyText::bundled());
        let good = r#"{"id":"a","facts":{"in_market_regulation_system":true,"sandbox_enforcement_role":true,"performed_duties_per_law":true}}"#;
        let mut input = String::new();
        for i in 0..2500 {
            match i % 5 {
                1 => input.push_str("{not json\n"),
                3 => input.push('\n'),
                _ => {
                    input.push_str(&good.replace("\"a\"", &format!("\"c{i}\"")));
                    input.push('\n');
                }
            }
        }
        for threads in [1, 2, 3] {
            let mut out = Vec::new();
            let opts = Options {
                explain: false,
                threads,
                lang: Lang::En,
            };
            let s = run(
                &engine,
                "t.jsonl",
                &mut input.as_bytes(),
                &mut out,
                opts,
                &mut |_| {},
            )
            .unwrap();
            assert_eq!(
                s,
                Summary {
                    lines: 2500,
                    results: 2500,
                    errors: 1000
                }
            );
            let lines: Vec<Value> = String::from_utf8(out)
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            assert_eq!(lines.len(), 2500);
            for (i, v) in lines.iter().enumerate() {
                assert_eq!(v["line"], i + 1);
                match i % 5 {
                    1 | 3 => assert!(v["error"].is_object(), "{v}"),
                    _ => {
                        assert_eq!(v["id"], format!("c{i}"));
                        assert_eq!(v["disposition"], "due_diligence");
                    }
                }
            }
        }
    }

    #[test]
    fn a_last_line_without_newline_still_counts() {
        let engine = Engine::new(PolicyText::bundled());
        let mut out = Vec::new();
        let opts = Options {
            explain: true,
            threads: 2,
            lang: Lang::Zh,
        };
        let s = run(
            &engine,
            "-",
            &mut "{\"id\":\"x\"}".as_bytes(),
            &mut out,
            opts,
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(s.results, 1);
        let v: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["disposition"], "undetermined");
        assert!(v["trees"].is_array());
    }
}

//! Batch evaluation of JSON Lines: one case per input line, one JSON result per line, in input
//! order, on several threads. Input is read in bounded chunks, so memory stays flat however
//! long the stream is; a line that is not a valid case gives an error result carrying its line
//! number and never stops the run. A line longer than `limits::MAX_CASE_BYTES` is skipped
//! without being held in memory and gives an error result too.

use crate::case::Case;
use crate::engine::Engine;
use crate::error::{CaseError, CaseProblem, Error, Lang, Place};
use crate::explain::explain;
use crate::limits::{Line, MAX_CASE_BYTES, read_line};
use crate::render::{determination_line, error_json};
use crate::view::explanation_line;
use serde_json::{Value, json};
use std::io::{BufRead, Write};

/// Lines read and evaluated together; the threads share a chunk. Explanations are large (tens
/// of kilobytes each), so they go in smaller chunks to keep memory low.
const CHUNK: usize = 1024;
const EXPLAIN_CHUNK: usize = 64;
/// A chunk also closes once it holds this many bytes of text, so that long lines (each up to
/// [`MAX_CASE_BYTES`]) cannot make a chunk hold a gigabyte.
const CHUNK_BYTES: usize = 16 << 20;

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

/// The result of one input line, as one line of JSON, and whether it is an error.
fn result_line(
    engine: &Engine,
    source: &str,
    number: usize,
    input: &mut Input,
    opts: Options,
) -> (String, bool) {
    // An error names the input file and the line; the column is the one within the line.
    let at_line = |mut e: CaseError| {
        e.path = source.to_string();
        e.place.line = Some(number);
        Error::Case(e)
    };
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
    let outcome: Result<String, Error> = match input {
        Input::TooLong(bytes) => Err(whole_line(CaseProblem::TooLarge {
            size: Some(*bytes),
            limit: MAX_CASE_BYTES,
        })),
        Input::NotUtf8(bytes, offset) => {
            Err(at_line(crate::testing::not_utf8(source, bytes, *offset)))
        }
        Input::Text(text) if text.trim().is_empty() => Err(whole_line(CaseProblem::Empty)),
        // The case keeps the line's text; the chunk has no more use for it.
        Input::Text(text) => Case::parse_owned(&format!("{source}:{number}"), std::mem::take(text))
            .map_err(at_line)
            .and_then(|case| {
                if opts.explain {
                    explain(engine, &case).map(|ex| explanation_line(engine, &ex, number))
                } else {
                    // The common case, written straight to text (no `Value` tree).
                    engine
                        .evaluate(&case)
                        .map(|d| determination_line(&d, number))
                }
                .map_err(at_line)
            }),
    };
    match outcome {
        Ok(line) => (line, false),
        Err(e) => (with_line(error_json(&e, opts.lang), number), true),
    }
}

/// A JSON result with the input line number added last.
fn with_line(mut v: Value, number: usize) -> String {
    if let Value::Object(map) = &mut v {
        map.insert("line".into(), json!(number));
    }
    v.to_string()
}

/// Evaluates every line of `input`, writing one result line per input line to `output`, in
/// input order. `progress` is called after each chunk with the lines done so far.
pub fn run(
    engine: &Engine,
    source: &str,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    opts: Options,
    progress: &mut dyn FnMut(usize),
) -> Result<Summary, Error> {
    let io = |e: std::io::Error| Error::Io {
        path: source.to_string(),
        message: e.to_string(),
    };
    let threads = opts.threads.max(1);
    let mut summary = Summary::default();
    let size = if opts.explain { EXPLAIN_CHUNK } else { CHUNK };
    let mut chunk: Vec<Input> = Vec::with_capacity(size);
    let mut buf = Vec::new();
    let limit = usize::try_from(MAX_CASE_BYTES).unwrap_or(usize::MAX);
    loop {
        chunk.clear();
        let mut bytes = 0;
        while chunk.len() < size && bytes < CHUNK_BYTES {
            let line = match read_line(input, &mut buf, limit).map_err(io)? {
                Line::End => break,
                Line::TooLong { bytes } => Input::TooLong(bytes),
                Line::Read => match std::str::from_utf8(&buf) {
                    Ok(text) => Input::Text(text.to_string()),
                    Err(e) => Input::NotUtf8(buf.clone(), e.valid_up_to()),
                },
            };
            bytes += buf.len();
            chunk.push(line);
        }
        if chunk.is_empty() {
            break;
        }
        let first = summary.lines + 1;
        // Split the chunk into one contiguous part per thread; join in order.
        let per = chunk.len().div_ceil(threads);
        let parts: Vec<Vec<(String, bool)>> = std::thread::scope(|s| {
            let handles: Vec<_> = chunk
                .chunks_mut(per)
                .enumerate()
                .map(|(k, part)| {
                    s.spawn(move || {
                        part.iter_mut()
                            .enumerate()
                            .map(|(i, input)| {
                                result_line(engine, source, first + k * per + i, input, opts)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
        for (line, bad) in parts.into_iter().flatten() {
            writeln!(output, "{line}").map_err(io)?;
            summary.results += 1;
            summary.errors += bad as usize;
        }
        summary.lines += chunk.len();
        progress(summary.lines);
    }
    output.flush().map_err(io)?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::PolicyText;

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

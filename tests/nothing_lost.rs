//! Nothing lost: in every command over several cases (`eval`, `explain`, `test`, `batch`), one
//! bad case never stops or hides the others. Over one corpus that mixes good cases with every
//! kind of bad one, each input yields exactly one result or one error, in input order, and the
//! counts the command reports add up.

mod common;
use common::rongcuo;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name),
    )
    .unwrap()
}

/// One input of the corpus: its file name and bytes, and whether it is a valid case.
struct Input {
    name: &'static str,
    bytes: Vec<u8>,
    good: bool,
}

/// Good cases interleaved with bad ones of every kind: broken JSON, an empty file, bytes that
/// are not UTF-8, an unknown fact, a date the calendar does not cover, a file over the size
/// limit, and an array where a case belongs. File names fix the order.
fn corpus() -> Vec<Input> {
    let good = |name: &'static str, from: &str| Input {
        name,
        bytes: fixture(from),
        good: true,
    };
    let bad = |name: &'static str, bytes: &[u8]| Input {
        name,
        bytes: bytes.to_vec(),
        good: false,
    };
    let mut huge = b"{\"id\":\"huge\",\"description\":\"".to_vec();
    huge.extend(std::iter::repeat_n(b'x', 2 << 20));
    huge.extend(b"\"}");
    vec![
        good("01.json", "art8_2_forged_records_due_diligence.json"),
        bad("02.json", b"{\"id\": \"broken\", \"facts\": {"),
        good("03.json", "art9_5_third_party_forgery_exemption.json"),
        bad("04.json", b""),
        bad("05.json", b"{\"id\": \"\xff\xfe\"}"),
        good("06.json", "art10_1_reported_and_remedied_mitigation.json"),
        bad(
            "07.json",
            b"{\"id\": \"typo\", \"facts\": {\"harm_occured\": true}}",
        ),
        bad(
            "08.json",
            b"{\"id\": \"old\", \"dates\": {\"accountability_started\": \"2019-05-06\"}}",
        ),
        Input {
            name: "09.json",
            bytes: huge,
            good: false,
        },
        bad("10.json", b"[\"x\"]"),
        good("11.json", "art12_liable_suspected_crime_transfer.json"),
    ]
}

/// The corpus written to a fresh directory, and its files in order.
fn write_corpus(tag: &str) -> (PathBuf, Vec<Input>) {
    let dir = std::env::temp_dir().join(format!("rongcuo-lost-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let inputs = corpus();
    for i in &inputs {
        std::fs::write(dir.join(i.name), &i.bytes).unwrap();
    }
    (dir, inputs)
}

fn counts(inputs: &[Input]) -> (usize, usize) {
    let good = inputs.iter().filter(|i| i.good).count();
    (good, inputs.len() - good)
}

#[test]
fn the_corpus_holds_what_it_claims() {
    // Each bad input really is rejected, and each good one evaluates, one by one.
    let (dir, inputs) = write_corpus("claims");
    for i in &inputs {
        let o = rongcuo(&["eval", dir.join(i.name).to_str().unwrap()]);
        let expected = if i.good { 0 } else { 2 };
        assert_eq!(o.status.code(), Some(expected), "{}", i.name);
    }
}

#[test]
fn eval_json_gives_one_entry_per_input_in_order() {
    let (dir, inputs) = write_corpus("eval-json");
    let o = rongcuo(&[
        "--lang",
        "en",
        "eval",
        "--format",
        "json",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert_eq!(cases.len(), inputs.len());
    for (entry, input) in cases.iter().zip(&inputs) {
        assert!(
            entry["file"].as_str().unwrap().ends_with(input.name),
            "{entry}"
        );
        assert_eq!(entry["disposition"].is_string(), input.good, "{entry}");
        assert_eq!(entry["error"].is_object(), !input.good, "{entry}");
    }
    let (good, bad) = counts(&inputs);
    let summary = format!(
        "{} cases: {good} with a result, {bad} with an input error",
        inputs.len()
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains(&summary));
}

#[test]
fn eval_text_prints_every_result_and_every_error() {
    let (dir, inputs) = write_corpus("eval-text");
    let o = rongcuo(&["--lang", "en", "eval", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    let (good, bad) = counts(&inputs);
    assert_eq!(out.matches("\nDisposition: ").count(), good, "{out}");
    // Each bad file is named once on standard error, in input order.
    let mut from = 0;
    for i in inputs.iter().filter(|i| !i.good) {
        let at = err[from..]
            .find(&format!("{}:", dir.join(i.name).display()))
            .unwrap_or_else(|| panic!("{} not reported after byte {from}: {err}", i.name));
        from += at + 1;
    }
    assert!(err.contains(&format!(
        "{} cases: {good} with a result, {bad} with an input error",
        inputs.len()
    )));
}

#[test]
fn explain_json_gives_one_entry_per_input_in_order() {
    let (dir, inputs) = write_corpus("explain-json");
    let o = rongcuo(&[
        "--lang",
        "en",
        "explain",
        "--format",
        "json",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let entries = doc["explanations"].as_array().unwrap();
    assert_eq!(entries.len(), inputs.len());
    for (entry, input) in entries.iter().zip(&inputs) {
        assert!(entry["file"].as_str().unwrap().ends_with(input.name));
        assert_eq!(entry["trees"].is_array(), input.good, "{}", input.name);
        assert_eq!(entry["error"].is_object(), !input.good, "{}", input.name);
    }
}

#[test]
fn test_counts_every_input_as_passed_or_failed() {
    let (dir, inputs) = write_corpus("test");
    let o = rongcuo(&["--lang", "en", "test", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    let (good, bad) = counts(&inputs);
    assert!(
        out.contains(&format!("{good} passed, {bad} failed")),
        "{out}"
    );
    for i in inputs.iter().filter(|i| !i.good) {
        assert!(out.contains(&format!("FAIL {}", dir.join(i.name).display())));
    }
}

#[test]
fn batch_gives_one_line_per_input_line_in_order() {
    // The same corpus as JSON Lines: each good case on one line; each bad input as it is
    // (the empty file is an empty line, the non-UTF-8 bytes stay bytes).
    let inputs = corpus();
    let mut lines: Vec<u8> = Vec::new();
    for i in &inputs {
        if i.good {
            let v: Value = serde_json::from_slice(&i.bytes).unwrap();
            lines.extend(v.to_string().into_bytes());
        } else {
            lines.extend(i.bytes.iter().filter(|b| **b != b'\n'));
        }
        lines.push(b'\n');
    }
    let dir = std::env::temp_dir().join(format!("rongcuo-lost-{}-batch", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("corpus.jsonl");
    std::fs::write(&file, &lines).unwrap();
    for threads in ["1", "2"] {
        let o = rongcuo(&[
            "--lang",
            "en",
            "batch",
            file.to_str().unwrap(),
            "--threads",
            threads,
        ]);
        assert_eq!(o.status.code(), Some(2));
        let out = String::from_utf8_lossy(&o.stdout);
        let results: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(results.len(), inputs.len());
        for (n, (r, input)) in results.iter().zip(&inputs).enumerate() {
            assert_eq!(r["line"], n + 1);
            assert_eq!(r["disposition"].is_string(), input.good, "{r}");
            assert_eq!(r["error"].is_object(), !input.good, "{r}");
        }
        let (good, bad) = counts(&inputs);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains(&format!(
                "{} lines in, {} results out ({bad} errors)",
                inputs.len(),
                good + bad
            )),
            "{err}"
        );
    }
}

#[test]
fn a_reader_that_stops_early_ends_the_command_quietly() {
    // `rongcuo explain fixtures | head`: the pipe closes long before the output ends.
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_rongcuo"))
        .args(["explain", "fixtures"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The read end is dropped here.
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(o.status.code(), Some(101), "{err}");
}

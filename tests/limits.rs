//! Inputs far larger than any real case, run through the built binary: each ends in one clear
//! error naming the file, the place and the limit, with exit code 2, quickly and in bounded
//! memory. The time bound is generous (it only catches a hang); speed is not asserted.

mod common;
use common::stderr;
use rongcuo::base::limits::{MAX_CASE_BYTES, MAX_CLAUSES, MAX_ENTRIES, MAX_POLICY_LINE_CHARS};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Generous: a hang, not slowness, is what this catches.
const HANG: Duration = Duration::from_secs(10);

const FIXTURE: &str = "fixtures/art8_2_forged_records_due_diligence.json";
const GOOD_LINE: &str = r#"{"id":"good","facts":{"in_market_regulation_system":true,"sandbox_enforcement_role":true,"performed_duties_per_law":true}}"#;

/// Runs the binary in English from the crate root and checks it finished within [`HANG`].
fn rongcuo(args: &[&str]) -> Output {
    let started = Instant::now();
    let o = Command::new(env!("CARGO_BIN_EXE_rongcuo"))
        .arg("--lang")
        .arg("en")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        started.elapsed() < HANG,
        "{args:?} took {:?}",
        started.elapsed()
    );
    o
}

/// A scratch directory unique to this test, removed when dropped (some files are large).
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("rongcuo-limits-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
    fn file(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Checks exit code 2 and the exact message on stderr.
fn fails_with(o: &Output, message: &str) {
    assert_eq!(o.status.code(), Some(2), "{}", stderr(o));
    assert_eq!(stderr(o).trim_end(), message);
}

#[test]
fn a_100_mb_case_file_is_refused_before_it_is_read() {
    let dir = Scratch::new("100mb");
    let path = dir.file("big.json");
    // Sparse: the size is in the metadata, the disk holds nothing.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(100 << 20)
        .unwrap();
    let o = rongcuo(&["eval", s(&path)]);
    fails_with(
        &o,
        &format!(
            "{}: 104857600 bytes (100.0 MiB) is over the limit of 1048576 bytes (1.0 MiB); a case is a few KB",
            s(&path)
        ),
    );
    // The other cases of the run are still evaluated, and the JSON names the file.
    let o = rongcuo(&["eval", "--format", "json", s(&path), FIXTURE]);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["cases"][0]["file"], s(&path));
    assert!(v["cases"][0]["error"]["message"].is_string());
    assert_eq!(v["cases"][1]["disposition"], "due_diligence");
}

#[cfg(target_os = "linux")]
#[test]
fn a_device_without_a_size_is_read_no_further_than_the_limit() {
    let o = rongcuo(&["eval", "/dev/zero"]);
    fails_with(
        &o,
        "/dev/zero: more than the limit of 1048576 bytes (1.0 MiB); a case is a few KB",
    );
}

#[test]
fn a_million_facts_meet_the_size_limit_and_a_thousand_and_one_the_entry_limit() {
    let dir = Scratch::new("facts");
    let facts = |n: usize| {
        let body: Vec<String> = (0..n).map(|i| format!("\"f{i:07}\":true")).collect();
        format!("{{\"id\":\"x\",\"facts\":{{{}}}}}", body.join(","))
    };
    let million = dir.file("million.json");
    std::fs::write(&million, facts(1_000_000)).unwrap();
    let size = std::fs::metadata(&million).unwrap().len();
    assert!(size > MAX_CASE_BYTES);
    let o = rongcuo(&["eval", s(&million)]);
    fails_with(
        &o,
        &format!(
            "{}: {size} bytes ({:.1} MiB) is over the limit of 1048576 bytes (1.0 MiB); a case is a few KB",
            s(&million),
            size as f64 / 1048576.0
        ),
    );

    let over = dir.file("over.json");
    let text = facts(MAX_ENTRIES + 1);
    assert!((text.len() as u64) < MAX_CASE_BYTES);
    std::fs::write(&over, &text).unwrap();
    let o = rongcuo(&["eval", s(&over)]);
    // The place is just after the key of the 1001st entry.
    let column = text.find("\"f0001000\"").unwrap() + "\"f0001000\"".len();
    fails_with(
        &o,
        &format!(
            "{}:1:{column}: facts: more than 1000 entries, the limit (a case needs far fewer)",
            s(&over)
        ),
    );
}

#[test]
fn json_nested_a_hundred_thousand_deep_is_refused_where_nesting_is_not_allowed() {
    let dir = Scratch::new("deep");
    let depth = 100_000;
    let nest = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let in_fact = dir.file("in_fact.json");
    std::fs::write(&in_fact, format!(r#"{{"id":"x","facts":{{"a":{nest}}}}}"#)).unwrap();
    let o = rongcuo(&["eval", s(&in_fact)]);
    fails_with(
        &o,
        &format!(
            "{}:1:24: facts.a: expected true, false or null, found an array […]",
            s(&in_fact)
        ),
    );
    let at_root = dir.file("at_root.json");
    std::fs::write(&at_root, &nest).unwrap();
    let o = rongcuo(&["eval", s(&at_root)]);
    fails_with(
        &o,
        &format!(
            "{}:1:1: (top level): expected an object {{…}}, found an array […]",
            s(&at_root)
        ),
    );
    let objects = dir.file("objects.json");
    std::fs::write(
        &objects,
        format!(
            r#"{{"id":"x","facts":{}{}}}"#,
            r#"{"a":"#.repeat(depth),
            "}".repeat(depth)
        ),
    )
    .unwrap();
    let o = rongcuo(&["eval", s(&objects)]);
    fails_with(
        &o,
        &format!(
            "{}:1:24: facts.a: expected true, false or null, found an object {{…}}",
            s(&objects)
        ),
    );
}

/// The bundled text with `extra` appended, written to a scratch file.
fn policy_with(dir: &Scratch, extra: &str) -> PathBuf {
    let mut text = rongcuo::text::policy::BUNDLED_TEXT.to_string();
    text.push_str(extra);
    let path = dir.file("policy.txt");
    std::fs::write(&path, text).unwrap();
    path
}

/// The line the first line of `extra` lands on in [`policy_with`].
fn first_extra_line() -> usize {
    rongcuo::text::policy::BUNDLED_TEXT.matches('\n').count() + 1
}

#[test]
fn a_one_megabyte_line_of_policy_text_is_refused_at_its_line() {
    let dir = Scratch::new("policy-line");
    // One megabyte of text in one line (a Chinese character is three bytes in UTF-8).
    let line = format!("第十九条 {}\n", "字".repeat(333_333));
    assert!(line.len() >= 1_000_000);
    let path = policy_with(&dir, &line);
    let expected = format!(
        "{}:{}:{}: the line has 333338 characters, over the limit of {MAX_POLICY_LINE_CHARS} per line (a line holds one article or item)",
        s(&path),
        first_extra_line(),
        MAX_POLICY_LINE_CHARS + 1
    );
    for args in [
        vec!["--policy", s(&path), "eval", FIXTURE],
        vec!["--policy", s(&path), "lint"],
        vec!["diff", rongcuo::text::policy::BUNDLED_PATH, s(&path)],
    ] {
        fails_with(&rongcuo(&args), &expected);
    }
}

#[test]
fn a_policy_text_over_the_size_limit_is_refused_before_it_is_read() {
    let dir = Scratch::new("policy-size");
    let path = dir.file("policy.txt");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(100 << 20)
        .unwrap();
    let o = rongcuo(&["--policy", s(&path), "eval", FIXTURE]);
    fails_with(
        &o,
        &format!(
            "{}: the file is 104857600 bytes (100.0 MiB), over the limit of 1048576 bytes (1.0 MiB) for a policy text",
            s(&path)
        ),
    );
}

#[test]
fn a_policy_text_with_too_many_clauses_is_refused_at_the_first_one_past_the_limit() {
    let dir = Scratch::new("policy-clauses");
    let articles: String = (19..19 + MAX_CLAUSES)
        .map(|n| format!("第{n}条 内容。\n"))
        .collect();
    let path = policy_with(&dir, &articles);
    let bundled = rongcuo::text::policy::PolicyText::bundled();
    let bundled_clauses: usize = bundled.articles.iter().map(|a| 1 + a.items.len()).sum();
    let line = first_extra_line() + (MAX_CLAUSES - bundled_clauses);
    let o = rongcuo(&["--policy", s(&path), "eval", FIXTURE]);
    fails_with(
        &o,
        &format!(
            "{}:{line}:1: more than {MAX_CLAUSES} clauses (articles and items), the limit",
            s(&path)
        ),
    );
}

/// Peak resident memory in KiB, from the line `rongcuo batch` ends its summary with.
fn peak_kib(stderr: &str) -> Option<u64> {
    let kb = stderr.rsplit("peak RSS ").next()?.trim();
    kb.strip_suffix("kB")?.trim().parse().ok()
}

#[test]
fn an_oversized_batch_line_gives_an_error_in_place_without_being_held() {
    let dir = Scratch::new("batch");
    let path = dir.file("cases.jsonl");
    let long = 100usize << 20;
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        writeln!(f, "{GOOD_LINE}").unwrap();
        // One case of 100 MB: a huge description.
        write!(f, r#"{{"id":"huge","description":""#).unwrap();
        let block = vec![b'x'; 1 << 20];
        for _ in 0..100 {
            f.write_all(&block).unwrap();
        }
        writeln!(f, r#""}}"#).unwrap();
        writeln!(f, "{GOOD_LINE}").unwrap();
    }
    let o = rongcuo(&["batch", s(&path), "--threads", "2"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["disposition"], "due_diligence");
    assert_eq!(lines[2]["disposition"], "due_diligence");
    assert_eq!(lines[2]["line"], 3);
    let bytes = long + r#"{"id":"huge","description":""}"#.len();
    assert_eq!(
        lines[1],
        serde_json::json!({
            "file": s(&path),
            "error": {
                "field": "",
                "line": 2,
                "column": null,
                "message": format!(
                    "{bytes} bytes (100.0 MiB) is over the limit of 1048576 bytes (1.0 MiB); a case is a few KB"
                ),
            },
            "line": 2,
        })
    );
    assert!(
        stderr(&o).contains("3 lines in, 3 results out (1 errors)"),
        "{}",
        stderr(&o)
    );
    // The line was skipped, not buffered: far less than its 100 MB was ever resident.
    if let Some(kib) = peak_kib(&stderr(&o)) {
        assert!(kib < 64 * 1024, "peak RSS {kib} kB");
    }
}

//! The batch benchmark (issue 5), rerunnable: `cargo bench --bench batch`. For each size in
//! `BATCH_SIZES` (default `10000,100000,1000000`; a quick run: `BATCH_SIZES=10000`) it
//! generates that many cases (about 1.6 kB each, so 1.6 GB for a million, in the temporary
//! directory, removed after each size), then prints:
//! - the floor: reading and parsing the JSONL with serde_json into `Value` and nothing else,
//!   on one thread, with the binary's allocator (mimalloc);
//! - `rongcuo batch` and `rongcuo batch --explain` (the release binary, as a user runs it):
//!   cases per second, the ratio to the floor, and peak RSS as the binary reports it;
//! - the cold start of `rongcuo eval` on one fixture, end to end (median of 20).
//!
//! `--explain` runs only up to `EXPLAIN_MAX` cases (default 100000), since it is slower.

use rongcuo::workflows::generate;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

// The floor parses with the allocator the binary uses, so the ratio compares like with like.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn binary() -> PathBuf {
    // target/release/deps/batch-… → target/release/rongcuo; built (or found up to date) first,
    // so the figures are never those of a stale binary.
    let exe = std::env::current_exe().unwrap();
    let release = exe.parent().and_then(|d| d.parent()).unwrap().to_path_buf();
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--bin", "rongcuo"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .unwrap();
    assert!(status.success());
    release.join("rongcuo")
}

fn generate_file(n: usize, dir: &Path) -> PathBuf {
    let path = dir.join(format!("cases-{n}.jsonl"));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    for i in 0..n as u64 {
        writeln!(out, "{}", generate::case(42, i)).unwrap();
    }
    out.flush().unwrap();
    path
}

fn floor(path: &Path) -> f64 {
    let start = Instant::now();
    let reader = BufReader::new(std::fs::File::open(path).unwrap());
    let mut n = 0usize;
    for line in reader.lines() {
        let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        std::hint::black_box(v);
        n += 1;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

/// Cases per second and the binary's reported peak RSS.
fn batch(bin: &Path, path: &Path, explain: bool, n: usize) -> (f64, String) {
    let mut cmd = Command::new(bin);
    cmd.args(["--lang", "en", "batch", path.to_str().unwrap()]);
    if explain {
        cmd.arg("--explain");
    }
    let start = Instant::now();
    let out = cmd.stdout(std::process::Stdio::null()).output().unwrap();
    let rate = n as f64 / start.elapsed().as_secs_f64();
    let err = String::from_utf8_lossy(&out.stderr);
    let peak = err
        .rsplit("peak RSS ")
        .next()
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    (rate, peak)
}

fn main() {
    let sizes: Vec<usize> = std::env::var("BATCH_SIZES")
        .unwrap_or_else(|_| "10000,100000,1000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let explain_max: usize = std::env::var("EXPLAIN_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let bin = binary();
    let dir = std::env::temp_dir().join(format!("rongcuo-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    println!(
        "{:>9} | {:>12} | {:>12} {:>7} {:>10} | {:>12} {:>7} {:>10}",
        "cases", "floor/s", "batch/s", "×floor", "peak RSS", "explain/s", "×floor", "peak RSS"
    );
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("batch runs on {cores} threads; the floor on one (as a parser would)");
    for n in sizes {
        let path = generate_file(n, &dir);
        let f = floor(&path);
        let (b, rss) = batch(&bin, &path, false, n);
        let (e, erss) = if n <= explain_max {
            batch(&bin, &path, true, n)
        } else {
            (f64::NAN, "-".into())
        };
        println!(
            "{n:>9} | {f:>12.0} | {b:>12.0} {:>7.1} {rss:>10} | {e:>12.0} {:>7.1} {erss:>10}",
            f / b,
            f / e
        );
        let _ = std::fs::remove_file(&path);
    }
    // Cold start: one fixture, end to end.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/art8_2_forged_records_due_diligence.json");
    let mut times: Vec<f64> = (0..20)
        .map(|_| {
            let start = Instant::now();
            let o = Command::new(&bin)
                .args(["eval", fixture.to_str().unwrap()])
                .output()
                .unwrap();
            assert!(o.status.success());
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "cold start, rongcuo eval of one fixture: median {:.1} ms",
        times[10]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

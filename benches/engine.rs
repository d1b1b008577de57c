//! A rerunnable benchmark of the engine on the fixture corpus (no timing assertions anywhere):
//! `cargo bench --bench engine` prints, per case, the time of one run of the crepe program,
//! of a whole evaluation, and of a whole explanation (trees, why-not and the reruns that find
//! contingencies), each averaged over many rounds of every valid fixture.

use rongcuo::engine::Engine;
use rongcuo::explain::explain;
use rongcuo::testing::{expects_error, load_case};
use rongcuo::text::PolicyText;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

fn main() {
    let engine = Engine::new(PolicyText::bundled());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut cases = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for p in paths {
        if !expects_error(&p) {
            cases.push(load_case(&p).unwrap());
        }
    }
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200);
    println!(
        "{} fixtures x {rounds} rounds (set ROUNDS to change)",
        cases.len()
    );

    let measure = |label: &str, f: &dyn Fn()| {
        f(); // warm up
        let start = Instant::now();
        for _ in 0..rounds {
            f();
        }
        let per_case = start.elapsed().as_secs_f64() / (rounds * cases.len()) as f64;
        println!(
            "{label:<28} {:>9.1} µs/case  {:>10.0} cases/s",
            per_case * 1e6,
            1.0 / per_case
        );
    };
    measure("run (one crepe program run)", &|| {
        for c in &cases {
            black_box(engine.run(c, &[]).unwrap());
        }
    });
    measure("evaluate (run + read back)", &|| {
        for c in &cases {
            black_box(engine.evaluate(c).unwrap());
        }
    });
    measure("explain (trees+why-not+what-if)", &|| {
        for c in &cases {
            black_box(explain(&engine, c).unwrap());
        }
    });
    // The slowest single explanation, since the sparse cases rerun the program most.
    let mut worst = (0.0, String::new());
    for c in &cases {
        let start = Instant::now();
        for _ in 0..rounds {
            black_box(explain(&engine, c).unwrap());
        }
        let t = start.elapsed().as_secs_f64() / rounds as f64;
        if t > worst.0 {
            worst = (t, c.id.clone());
        }
    }
    println!("slowest explanation: {:.1} µs ({})", worst.0 * 1e6, worst.1);
}

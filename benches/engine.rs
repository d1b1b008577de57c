//! A rerunnable benchmark of the engine on the fixture corpus (no timing assertions anywhere):
//! `cargo bench --bench engine` prints, per case, the time of one run of the crepe program,
//! of a whole evaluation, and of a whole explanation (trees, why-not and the reruns that find
//! contingencies), each averaged over many rounds of every valid fixture.

use rongcuo::engine::evaluate::Engine;
use rongcuo::explain::explanation::explain;
use rongcuo::text::align::Alignment;
use rongcuo::text::policy::{BUNDLED_TEXT, PolicyText};
use rongcuo::workflows::testing::{expects_error, load_case};
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
        .unwrap_or(5);
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
    // Aligning a revised text to the reference: the bundled draft with 第九条's gap closed
    // (eight items renumbered) and one item reworded.
    let reference = PolicyText::bundled();
    let mut revised = BUNDLED_TEXT.replace("在应对突发事件", "在应对突发公共事件");
    for (from, to) in [
        ("（三）已履行", "（二）已履行"),
        ("（四）因涉及", "（三）因涉及"),
    ] {
        revised = revised.replacen(from, to, 1);
    }
    let revised = PolicyText::parse("revised", revised.as_bytes()).unwrap();
    let align_rounds = rounds.max(50) * 20;
    let start = Instant::now();
    for _ in 0..align_rounds {
        black_box(Alignment::of(&reference, &revised));
    }
    println!(
        "align (a revised text)       {:>9.1} µs/text",
        start.elapsed().as_secs_f64() / align_rounds as f64 * 1e6
    );
    // The distribution over cases: sparse cases rerun the program most (what-if checks).
    let mut per_case: Vec<(f64, String)> = cases
        .iter()
        .map(|c| {
            let start = Instant::now();
            for _ in 0..rounds {
                black_box(explain(&engine, c).unwrap());
            }
            (start.elapsed().as_secs_f64() / rounds as f64, c.id.clone())
        })
        .collect();
    per_case.sort_by(|a, b| a.0.total_cmp(&b.0));
    let at = |q: f64| per_case[((per_case.len() - 1) as f64 * q).round() as usize].0 * 1e6;
    println!(
        "explanation per case: median {:.1} µs, p90 {:.1} µs, max {:.1} µs ({})",
        at(0.5),
        at(0.9),
        at(1.0),
        per_case.last().map(|w| w.1.as_str()).unwrap_or("")
    );
}

// The same allocator as the binary (src/main.rs).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

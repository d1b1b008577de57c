//! Arbitrary case bytes parsed, evaluated against the bundled policy, and explained, with the
//! determination and the explanation rendered as text (both languages) and JSON: what
//! `rongcuo eval` and `rongcuo explain` do with a file.
//!
//! Any panic is a bug. One cross-check beyond "no panic": evaluation and explanation agree —
//! both fail with the same error, or both give the same determination.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rongcuo::engine::Engine;
use rongcuo::error::{Error, Lang};
use rongcuo::text::PolicyText;
use rongcuo::{explain, render, testing, view};
use std::sync::OnceLock;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(PolicyText::bundled()))
}

fuzz_target!(|data: &[u8]| {
    let engine = engine();
    let case = match testing::parse_case_bytes("case.json", data) {
        Ok(case) => case,
        Err(_) => return,
    };
    let evaluated = engine.evaluate(&case);
    let explained = explain::explain(engine, &case);
    match (evaluated, explained) {
        (Ok(d), Ok(ex)) => {
            assert_eq!(d, ex.determination, "evaluate and explain disagree");
            let _ = render::determination_text(engine, &d, Lang::Zh);
            let _ = render::determination_text(engine, &d, Lang::En);
            let _ = render::determination_json(&d);
            let _ = view::explanation_text(engine, &ex, Lang::Zh);
            let _ = view::explanation_text(engine, &ex, Lang::En);
            let json = view::explanation_json(engine, &ex);
            let _ = serde_json::to_string(&json).expect("JSON serialises");
        }
        (Err(a), Err(b)) => {
            assert_eq!(a, b, "evaluate and explain fail differently");
            let e = Error::Case(a);
            let _ = (e.message(Lang::Zh), e.message(Lang::En));
        }
        (a, b) => panic!(
            "evaluate and explain disagree on success: {:?} vs {:?}",
            a.map(|d| d.disposition),
            b.map(|ex| ex.determination.disposition)
        ),
    }
});

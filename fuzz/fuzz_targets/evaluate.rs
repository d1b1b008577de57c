//! Arbitrary case bytes parsed, evaluated against the bundled policy, and explained, with the
//! determination and the explanation rendered as text (both languages) and JSON: what
//! `rongcuo eval` and `rongcuo explain` do with a file.
//!
//! Any panic is a bug. The cross-check beyond "no panic" is `agree::evaluate_and_explain`.

#![no_main]

#[path = "agree.rs"]
mod agree;

use libfuzzer_sys::fuzz_target;
use rongcuo::engine::evaluate::Engine;
use rongcuo::text::policy::PolicyText;
use rongcuo::workflows::testing;
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
    agree::evaluate_and_explain(engine, &case);
});

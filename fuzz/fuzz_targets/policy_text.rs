//! The policy-text parser on arbitrary bytes, and — when they parse — what a revised text
//! (`--policy`) goes through next: its clauses looked up and cited, the lint, the rule
//! bindings, the engine built on it with its notes, the text delta against the bundled draft,
//! and two cases evaluated and explained under it: one with every date of 第十一条, whose
//! periods come from the text's own phrases, and one asserting the catch-all 9.10.
//!
//! Any panic is a bug: bad text must end in a `TextError` or a lint finding.

#![no_main]

#[path = "agree.rs"]
mod agree;

use libfuzzer_sys::fuzz_target;
use rongcuo::engine::case::Case;
use rongcuo::engine::evaluate::Engine;
use rongcuo::engine::error::Error;
use rongcuo::base::lang::Lang;
use rongcuo::text::policy::{self as text, PolicyText};
use rongcuo::law::binding;
use rongcuo::report::render;
use rongcuo::text::lint;
use rongcuo::workflows::diff;
use std::sync::OnceLock;

/// Valid cases: one using all four dates, so the periods the text states are computed; one
/// asserting a catch-all, which the text must still have.
const CASES: [&str; 2] = [
    include_str!("../../fixtures/art11_notification_extended_after_national_day_timely.json"),
    include_str!("../../fixtures/art9_10_catch_all_asserted_exemption.json"),
];

fn cases() -> &'static [Case] {
    static PARSED: OnceLock<Vec<Case>> = OnceLock::new();
    PARSED.get_or_init(|| {
        CASES
            .iter()
            .map(|text| Case::parse("case.json", text).expect("the fixture parses"))
            .collect()
    })
}

fn bundled() -> &'static PolicyText {
    static BUNDLED: OnceLock<PolicyText> = OnceLock::new();
    BUNDLED.get_or_init(PolicyText::bundled)
}

fuzz_target!(|data: &[u8]| {
    let policy = match PolicyText::parse("policy.txt", data) {
        Ok(policy) => policy,
        Err(e) => {
            // The place is 1-based, and the message renders in both languages.
            assert!(e.line >= 1 && e.column >= 1, "{e:?}");
            let e = Error::Policy(e);
            let _ = (e.message(Lang::Zh), e.message(Lang::En));
            return;
        }
    };

    for id in policy.clause_ids() {
        let clause = policy.clause(&id).expect("a listed clause is found");
        let _ = (clause.id(), clause.citation(), clause.line());
        let body = clause.text();
        let _ = (text::citation(&id), text::is_catch_all(body));
        let _ = text::period_phrases(body);
        assert_eq!(policy.text_of(&id), Some(body));
    }

    // What `rongcuo lint --policy` reads: the raw bytes, lossily.
    let raw = String::from_utf8_lossy(data);
    for f in lint::lint_source(&policy, &raw)
        .into_iter()
        .chain(binding::findings(&policy))
    {
        let _ = (f.message(Lang::Zh), f.message(Lang::En));
    }
    let _ = diff::text_delta(bundled(), &policy);
    let _ = diff::text_delta(&policy, bundled());

    let engine = Engine::new(policy);
    let _ = render::notes_text(&engine, Lang::Zh);
    let _ = render::notes_text(&engine, Lang::En);
    let _ = render::notes_json(&engine);
    let _ = render::clauses_text(&engine, Lang::En);
    for case in cases() {
        agree::evaluate_and_explain(&engine, case);
    }
});

//! The policy-text parser on arbitrary bytes, and — when they parse — what a revised text
//! (`--policy`) goes through next: its clauses looked up and cited, the lint, the rule
//! bindings, the engine built on it with its notes, the text delta against the bundled draft,
//! and one case with every date of 第十一条, whose periods come from the text's own phrases.
//!
//! Any panic is a bug: bad text must end in a `TextError` or a lint finding.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rongcuo::case::Case;
use rongcuo::engine::Engine;
use rongcuo::error::{Error, Lang};
use rongcuo::text::{self, PolicyText};
use rongcuo::{binding, diff, lint, render};
use std::sync::OnceLock;

/// A valid case using all four dates, so the periods the text states are computed.
const CASE: &str =
    include_str!("../../fixtures/art11_notification_extended_after_national_day_timely.json");

fn case() -> &'static Case {
    static CASE_PARSED: OnceLock<Case> = OnceLock::new();
    CASE_PARSED.get_or_init(|| Case::parse("case.json", CASE).expect("the fixture parses"))
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
    match engine.evaluate(case()) {
        Ok(d) => {
            let _ = render::determination_text(&engine, &d, Lang::Zh);
            let _ = render::determination_json(&d);
        }
        Err(e) => {
            let e = Error::Case(e);
            let _ = (e.message(Lang::Zh), e.message(Lang::En));
        }
    }
});

//! The cross-check both case-running targets make beyond "no panic": evaluation and
//! explanation of a case agree — both fail with the same error, or both give the same
//! determination — and every rendering of the result (text in both languages, JSON) is made.

use rongcuo::engine::case::Case;
use rongcuo::engine::evaluate::Engine;
use rongcuo::engine::error::Error;
use rongcuo::base::lang::Lang;
use rongcuo::explain::explanation as explain;
use rongcuo::report::{render, view};

/// Evaluates and explains `case` under `engine`, panics if they disagree, renders both.
pub fn evaluate_and_explain(engine: &Engine, case: &Case) {
    match (engine.evaluate(case), explain::explain(engine, case)) {
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
}

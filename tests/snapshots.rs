//! The snapshot harness: every fixture's determination (Chinese and English text, and JSON) or its input
//! error (Chinese and English), and every valid fixture's explanation (Chinese text and JSON),
//! is snapshotted, so any change of wording, rules or output shows up in review even when the
//! expected outcome still holds. Orphaned snapshots fail too.

use rongcuo::base::lang::Lang;
use rongcuo::engine::evaluate::Engine;
use rongcuo::explain::explanation::explain;
use rongcuo::report::render;
use rongcuo::report::view;
use rongcuo::text::policy::PolicyText;
use rongcuo::workflows::testing;
use std::path::Path;

fn render_fixture(engine: &Engine, rel: &Path) -> String {
    match testing::evaluate_file(engine, rel) {
        Ok(d) => format!(
            "{}\n{}\n{}\n",
            render::determination_text(engine, &d, Lang::Zh),
            render::determination_text(engine, &d, Lang::En),
            serde_json::to_string_pretty(&render::determination_json(&d)).unwrap()
        ),
        Err(e) => format!("{}\n{}\n", e.message(Lang::Zh), e.message(Lang::En)),
    }
}

#[test]
fn fixtures() {
    let engine = Engine::new(PolicyText::bundled());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    insta::glob!("../fixtures", "*.json", |path| {
        // Paths relative to the crate root, so snapshots do not depend on the checkout.
        let rel = path.strip_prefix(root).unwrap();
        insta::assert_snapshot!(render_fixture(&engine, rel));
    });
}

/// The explanation of a valid fixture in one format; `None` for an `err_` fixture.
fn explain_fixture(engine: &Engine, rel: &Path, json: bool) -> Option<String> {
    if testing::expects_error(rel) {
        return None;
    }
    let case = testing::load_case(rel).unwrap();
    let ex = explain(engine, &case).unwrap();
    Some(if json {
        serde_json::to_string_pretty(&view::explanation_json(engine, &ex)).unwrap()
    } else {
        view::explanation_text(engine, &ex, Lang::Zh)
    })
}

#[test]
fn explanations_text() {
    let engine = Engine::new(PolicyText::bundled());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    insta::glob!("../fixtures", "*.json", |path| {
        if let Some(out) = explain_fixture(&engine, path.strip_prefix(root).unwrap(), false) {
            insta::assert_snapshot!(out);
        }
    });
}

#[test]
fn explanations_json() {
    let engine = Engine::new(PolicyText::bundled());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    insta::glob!("../fixtures", "*.json", |path| {
        if let Some(out) = explain_fixture(&engine, path.strip_prefix(root).unwrap(), true) {
            insta::assert_snapshot!(out);
        }
    });
}

#[test]
fn no_orphaned_snapshots() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/snapshots");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let mut orphans = Vec::new();
    for entry in entries {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let fixture = ["fixtures", "explanations_text", "explanations_json"]
            .iter()
            .find_map(|t| name.strip_prefix(&format!("snapshots__{t}@")))
            .and_then(|n| n.strip_suffix(".snap"));
        match fixture {
            Some(f) if root.join("fixtures").join(f).exists() => {}
            _ if name.ends_with(".snap") => orphans.push(name),
            _ => {}
        }
    }
    assert!(
        orphans.is_empty(),
        "snapshots without a fixture: {orphans:?}"
    );
}

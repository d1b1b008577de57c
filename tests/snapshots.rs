//! The snapshot harness: every fixture's determination (Chinese text and JSON) or its input
//! error (Chinese and English) is snapshotted, so any change of wording, rules or output shows
//! up in review even when the expected outcome still holds. Orphaned snapshots fail too.

use rongcuo::engine::Engine;
use rongcuo::error::Lang;
use rongcuo::render;
use rongcuo::testing;
use rongcuo::text::PolicyText;
use std::path::Path;

fn render_fixture(engine: &Engine, rel: &Path) -> String {
    match testing::evaluate_file(engine, rel) {
        Ok(d) => format!(
            "{}\n{}\n",
            render::determination_text(engine, &d, Lang::Zh),
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
        if let Some(fixture) = name
            .strip_prefix("snapshots__fixtures@")
            .and_then(|n| n.strip_suffix(".snap"))
        {
            if !root.join("fixtures").join(fixture).exists() {
                orphans.push(name);
            }
        } else if name.ends_with(".snap") {
            orphans.push(name);
        }
    }
    assert!(
        orphans.is_empty(),
        "snapshots without a fixture: {orphans:?}"
    );
}

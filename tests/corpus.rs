//! The fixture corpus itself: it covers every item of 第八、九、十条 as an expected ground, every
//! valid fixture states a full expectation, and file names match case ids.

use rongcuo::engine::case::Case;
use rongcuo::text::policy::PolicyText;
use std::path::Path;

fn fixtures() -> Vec<(String, Option<Case>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let text = std::fs::read_to_string(&path).ok();
        let case = text.and_then(|t| Case::parse(&name, &t).ok());
        out.push((name, case));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn every_item_of_articles_8_to_10_is_an_expected_ground() {
    let mut expected: Vec<String> = Vec::new();
    for (_, case) in fixtures() {
        if let Some(e) = case.and_then(|c| c.expect) {
            expected.extend(e.grounds);
        }
    }
    let text = PolicyText::bundled();
    let items: Vec<String> = text
        .clause_ids()
        .into_iter()
        .filter(|id| ["8.", "9.", "10."].iter().any(|a| id.starts_with(a)))
        .collect();
    assert_eq!(items.len(), 23);
    let missing: Vec<&String> = items.iter().filter(|i| !expected.contains(i)).collect();
    assert!(missing.is_empty(), "no fixture expects {missing:?}");
}

#[test]
fn valid_fixtures_state_full_expectations_and_match_their_names() {
    for (name, case) in fixtures() {
        if name.starts_with("err_") || !name.ends_with(".json") {
            continue;
        }
        let case = case.unwrap_or_else(|| panic!("{name} does not parse"));
        assert_eq!(format!("{}.json", case.id), name, "id and file name differ");
        let expect = case
            .expect
            .unwrap_or_else(|| panic!("{name} has no expect"));
        assert!(
            expect.findings.is_some(),
            "{name} does not list its findings"
        );
        assert!(
            !case.description.trim().is_empty(),
            "{name} has no description"
        );
    }
}

#[test]
fn the_readme_names_every_interpretation() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for i in rongcuo::law::interpret::INTERPRETATIONS {
        assert!(
            readme.contains(&format!("`{}`", i.name)),
            "README lacks {}",
            i.name
        );
    }
}

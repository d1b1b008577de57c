//! Clause coverage of the bundled fixtures (every ground of 第八、九、十条 satisfied, near misses
//! found, a deleted clause dropped from the items) and the JUnit XML report (counts, escaping,
//! well-formedness).

use rongcuo::base::lang::Lang;
use rongcuo::engine::error::Error;
use rongcuo::engine::evaluate::Engine;
use rongcuo::report::junit::junit_xml;
use rongcuo::text::policy::{BUNDLED_TEXT, PolicyText};
use rongcuo::workflows::coverage::{Coverage, coverage, coverage_json, coverage_text};
use rongcuo::workflows::testing::expand;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    expand(&[dir]).unwrap().files
}

/// The coverage of the bundled fixtures on the bundled text (computed once).
fn bundled() -> &'static Coverage {
    static COVERAGE: OnceLock<Coverage> = OnceLock::new();
    COVERAGE.get_or_init(|| coverage(&Engine::new(PolicyText::bundled()), &fixtures()).unwrap())
}

fn clauses(c: &Coverage) -> Vec<&'static str> {
    c.items.iter().map(|i| i.clause).collect()
}

#[test]
fn the_bundled_fixtures_cover_every_ground() {
    let c = bundled();
    let mut want: Vec<String> = (1..=10).map(|i| format!("8.{i}")).collect();
    want.push("9.1".into());
    want.extend((3..=10).map(|i| format!("9.{i}")));
    want.extend((1..=4).map(|i| format!("10.{i}")));
    assert_eq!(c.items.len(), 23);
    assert_eq!(clauses(c), want);
    assert_eq!(c.percent(), 100.0);
    assert!(c.untouched.is_empty(), "{:?}", c.untouched);
    let valid = fixtures()
        .iter()
        .filter(|p| !rongcuo::workflows::testing::expects_error(p))
        .count();
    assert_eq!(c.fixtures, valid);
}

#[test]
fn satisfied_and_near_missed_by_name_fixtures() {
    let c = bundled();
    let item = c.items.iter().find(|i| i.clause == "9.5").unwrap();
    assert!(
        item.satisfied_by
            .iter()
            .any(|id| id == "art9_5_third_party_forgery_exemption"),
        "{:?}",
        item.satisfied_by
    );
    assert!(c.items.iter().any(|i| !i.near_missed_by.is_empty()));
    // A fixture never both satisfies and near-misses the same ground.
    for i in &c.items {
        assert!(
            i.satisfied_by
                .iter()
                .all(|id| !i.near_missed_by.contains(id)),
            "{}",
            i.clause
        );
    }
}

#[test]
fn a_deleted_clause_is_not_an_item() {
    let revised = BUNDLED_TEXT.replacen(
        "（八）在应对突发事件或者执行急难险重任务过程中，为快速处置，未按正常程序办理相关手续或存在程序瑕疵的；",
        "",
        1,
    );
    assert_ne!(revised, BUNDLED_TEXT);
    let engine = Engine::new(PolicyText::parse("revised.txt", revised.as_bytes()).unwrap());
    let files: Vec<PathBuf> = fixtures()
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("art9_8"))
        .collect();
    assert!(!files.is_empty());
    let c = coverage(&engine, &files).unwrap();
    assert_eq!(c.items.len(), 22);
    assert!(!clauses(&c).contains(&"9.8"));
    assert!(c.percent() < 100.0);
}

#[test]
fn a_bad_file_is_an_error_but_an_err_file_is_skipped() {
    let dir = std::env::temp_dir().join(format!("rongcuo-coverage-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let err_file = dir.join("err_broken.json");
    std::fs::write(&err_file, "{ not json").unwrap();
    let engine = Engine::new(PolicyText::bundled());
    let c = coverage(&engine, std::slice::from_ref(&err_file)).unwrap();
    assert_eq!(c.fixtures, 0);
    assert_eq!(c.percent(), 0.0);
    assert_eq!(c.untouched.len(), c.items.len());

    let bad = dir.join("broken.json");
    std::fs::write(&bad, "{ not json").unwrap();
    assert!(matches!(coverage(&engine, &[bad]), Err(Error::Case(_))));
    let missing = dir.join("missing.json");
    assert!(matches!(
        coverage(&engine, &[missing]),
        Err(Error::Io { .. })
    ));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn coverage_renders_as_text_and_json() {
    let c = bundled();
    let zh = coverage_text(c, Lang::Zh);
    assert!(zh.contains("第九条\n"), "{zh}");
    assert!(zh.contains("第九条第五项"), "{zh}");
    assert!(zh.contains("未触及：无"), "{zh}");
    assert!(zh.contains("覆盖率：100.0%"), "{zh}");
    let en = coverage_text(c, Lang::En);
    assert!(en.contains("Article 10\n"), "{en}");
    assert!(en.contains("Untouched: none"), "{en}");
    assert!(en.contains("Coverage: 100.0%"), "{en}");

    let j = coverage_json(c);
    let keys: Vec<&str> = j.as_object().unwrap().keys().map(|k| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "format_version",
            "fixtures",
            "percent",
            "items",
            "untouched"
        ]
    );
    assert_eq!(j["format_version"], 1);
    assert_eq!(j["fixtures"], c.fixtures);
    assert_eq!(j["percent"], 100.0);
    let items = j["items"].as_array().unwrap();
    assert_eq!(items.len(), 23);
    let nine_five = items.iter().find(|i| i["clause"] == "9.5").unwrap();
    assert_eq!(nine_five["citation"], "第九条第五项");
    assert_eq!(
        nine_five["satisfied"],
        nine_five["satisfied_by"].as_array().unwrap().len()
    );
    assert_eq!(
        nine_five["near_missed"],
        nine_five["near_missed_by"].as_array().unwrap().len()
    );
    assert_eq!(j["untouched"].as_array().unwrap().len(), 0);
}

/// Checks that every tag opened is closed in order and that no `&` starts anything but a
/// known entity or a character reference; returns the problem found, if any.
fn well_formed(xml: &str) -> Result<(), String> {
    let mut rest = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        .ok_or("no XML declaration")?;
    let mut open: Vec<&str> = Vec::new();
    let mut roots = 0;
    while let Some(start) = rest.find('<') {
        check_text(&rest[..start])?;
        let end = rest[start..].find('>').ok_or("unclosed tag")? + start;
        let tag = &rest[start + 1..end];
        if tag.contains('<') {
            return Err(format!("`<` inside tag {tag:?}"));
        }
        if let Some(name) = tag.strip_prefix('/') {
            match open.pop() {
                Some(o) if o == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
        } else {
            let name = tag
                .split([' ', '/'])
                .next()
                .filter(|n| !n.is_empty())
                .ok_or("empty tag name")?;
            check_attributes(tag)?;
            if open.is_empty() {
                roots += 1;
            }
            if !tag.ends_with('/') {
                open.push(name);
            }
        }
        rest = &rest[end + 1..];
    }
    check_text(rest)?;
    if !open.is_empty() {
        return Err(format!("unclosed {open:?}"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(())
}

fn check_text(text: &str) -> Result<(), String> {
    if text.contains('>') {
        return Err(format!("raw `>` in {text:?}"));
    }
    for (i, _) in text.match_indices('&') {
        let entity = &text[i..];
        let known = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#"];
        if !known.iter().any(|k| entity.starts_with(k)) {
            return Err(format!("bad entity in {text:?}"));
        }
    }
    Ok(())
}

/// Attribute values are double-quoted, hold no raw quote or `<`, and are entity-clean.
fn check_attributes(tag: &str) -> Result<(), String> {
    let quotes = tag.matches('"').count();
    if !quotes.is_multiple_of(2) {
        return Err(format!("unbalanced quotes in {tag:?}"));
    }
    for (i, value) in tag.split('"').enumerate() {
        if i % 2 == 1 {
            check_text(value)?;
            if value.contains('\'') {
                return Err(format!("raw `'` in attribute {value:?}"));
            }
        }
    }
    Ok(())
}

#[test]
fn junit_counts_and_escapes() {
    let results = vec![
        ("fixtures/ok.json".to_string(), Vec::new()),
        (
            "fixtures/<bad>&\"'.json".to_string(),
            vec![
                "disposition: expected <liable> & \"due\" 'x'".to_string(),
                "grounds: expected [9.5], got []".to_string(),
            ],
        ),
    ];
    let xml = junit_xml("rongcuo & co", &results, 1.25);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(
        xml.contains(
            "<testsuite name=\"rongcuo &amp; co\" tests=\"2\" failures=\"1\" errors=\"0\" time=\"1.250\">"
        ),
        "{xml}"
    );
    assert_eq!(xml.matches("<testcase ").count(), 2);
    assert_eq!(xml.matches("<failure ").count(), 1);
    assert!(
        xml.contains("name=\"fixtures/&lt;bad&gt;&amp;&quot;&apos;.json\""),
        "{xml}"
    );
    assert!(
        xml.contains("expected &lt;liable&gt; &amp; &quot;due&quot; &apos;x&apos;"),
        "{xml}"
    );
    assert!(
        xml.contains("grounds: expected [9.5], got []</failure>"),
        "{xml}"
    );
    well_formed(&xml).unwrap();
}

#[test]
fn junit_drops_characters_xml_forbids() {
    let results = vec![(
        "case\u{1}\u{0}.json".to_string(),
        vec!["bell\u{7} and \u{FFFE}ok\ttab".to_string()],
    )];
    let xml = junit_xml("s", &results, f64::NAN);
    assert!(xml.contains("name=\"case.json\""), "{xml}");
    assert!(xml.contains(">bell and ok\ttab</failure>"), "{xml}");
    assert!(xml.contains("time=\"0.000\""), "{xml}");
    assert!(!xml.chars().any(|c| c < ' ' && c != '\n' && c != '\t'));
    well_formed(&xml).unwrap();

    let empty = junit_xml("empty", &[], 0.0);
    assert!(empty.contains("tests=\"0\" failures=\"0\""), "{empty}");
    well_formed(&empty).unwrap();
    assert!(well_formed("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a><b></a></b>").is_err());
}

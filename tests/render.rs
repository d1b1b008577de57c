//! The hand-written JSON Lines writer of `batch` (`determination_line`) against serde_json's
//! output of the same determination, over the fixtures, generated cases, every reading and
//! hostile ids: the fast path must never drift from the documented shape.

use rongcuo::engine::case::Case;
use rongcuo::engine::determine::Determination;
use rongcuo::engine::evaluate::Engine;
use rongcuo::law::interpret::Readings;
use rongcuo::report::render::{DeterminationOut, determination_line};
use rongcuo::text::policy::PolicyText;
use rongcuo::workflows::generate;

/// What `determination_line` writes by hand is what serde_json writes.
fn same_as_serde(d: &Determination, line: usize) {
    assert_eq!(
        determination_line(d, line),
        serde_json::to_string(&DeterminationOut::new(d, Some(line))).unwrap(),
        "{}",
        d.id
    );
}

#[test]
fn determination_line_is_what_serde_json_writes() {
    let mut cases: Vec<Case> = Vec::new();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        if let Ok(case) = Case::parse(&path.to_string_lossy(), &text) {
            cases.push(case);
        }
    }
    for i in 0..300 {
        let text = generate::case(5, i).to_string();
        cases.push(Case::parse("gen.jsonl:1", &text).unwrap());
    }
    let settings = Readings::one_switch_settings();
    let mut periods = 0;
    for readings in settings {
        let engine = Engine::new(PolicyText::bundled()).with_readings(readings);
        for (i, c) in cases.iter().enumerate() {
            if let Ok(d) = engine.evaluate(c) {
                periods += d.periods.len();
                same_as_serde(&d, i * 997);
            }
        }
    }
    assert!(periods > 100, "{periods}");
}

#[test]
fn determination_line_escapes_as_serde_json_does() {
    let engine = Engine::new(PolicyText::bundled());
    // A generated case with both periods.
    let mut d = (0..)
        .filter_map(|i| {
            let text = generate::case(5, i).to_string();
            engine.evaluate(&Case::parse("x", &text).unwrap()).ok()
        })
        .find(|d| d.periods.len() == 2)
        .unwrap();
    let every_ascii: String = (0u8..0x80).map(char::from).collect();
    for id in [
        String::new(),
        every_ascii,
        "案件\u{2028}\u{1F600}\"\\/\u{7f}\u{80}".to_string(),
    ] {
        d.id = id.clone();
        d.path = format!("{id}:{id}");
        for line in [0, 1, 9, 10, 12345, usize::MAX] {
            same_as_serde(&d, line);
        }
    }
    for i in 0..d.periods.len() {
        let p = &mut d.periods[i];
        p.done = None;
        p.timely = None;
        p.phrase = "\n\t\u{1}".into();
        same_as_serde(&d, 3);
    }
}

//! Alignment of revised texts to the bundled draft, over edited copies of it: the revisions a
//! drafter makes (renumbering, rewording, deleting, moving, splitting, adding) are each found
//! as what they are, and nothing else is.

use rongcuo::text::align::{Alignment, Place, Shape, Wording, delta_line};
use rongcuo::text::policy::{BUNDLED_TEXT, PolicyText};

fn text(s: &str) -> PolicyText {
    PolicyText::parse("revised.txt", s.as_bytes()).expect("the edited text parses")
}

fn align(s: &str) -> Alignment {
    Alignment::of(&PolicyText::bundled(), &text(s))
}

/// The bundled text with 第九条's items （三）…（十） renumbered （二）…（九）.
fn gap_closed() -> String {
    let mut s = BUNDLED_TEXT.to_string();
    let nine = s.find("第九条").unwrap();
    let ten = s.find("第十条").unwrap();
    let mut art = s[nine..ten].to_string();
    for (from, to) in [
        ("三", "二"),
        ("四", "三"),
        ("五", "四"),
        ("六", "五"),
        ("七", "六"),
        ("八", "七"),
        ("九", "八"),
        ("十", "九"),
    ] {
        art = art.replacen(&format!("（{from}）"), &format!("（{to}）"), 1);
    }
    s.replace_range(nine..ten, &art);
    s
}

fn summary(a: &Alignment) -> Vec<String> {
    let mut out: Vec<String> = a
        .pairs
        .iter()
        .filter(|p| p.place != Place::Same || p.wording != Wording::Same || p.shape != Shape::One)
        .map(|p| {
            format!(
                "{}->{} {:?} {:?} {:?}",
                p.reference, p.loaded, p.place, p.wording, p.shape
            )
        })
        .collect();
    out.extend(a.deleted.iter().map(|d| format!("deleted {d}")));
    out.extend(a.added.iter().map(|d| format!("added {d}")));
    out.extend(
        a.uncertain
            .iter()
            .map(|u| format!("uncertain {} {:?}", u.reference, u.candidates)),
    );
    out
}

#[test]
fn the_bundled_text_aligns_to_itself_as_identity() {
    let a = align(BUNDLED_TEXT);
    assert!(a.is_identity(), "{:#?}", summary(&a));
    assert!(a.uncertain.is_empty(), "{:#?}", a.uncertain);
}

#[test]
fn closing_the_gap_in_article_9_renumbers_eight_items_and_nothing_else() {
    let a = align(&gap_closed());
    assert_eq!(
        summary(&a),
        (3..=10)
            .map(|n| format!("9.{n}->9.{} Renumbered Same One", n - 1))
            .collect::<Vec<_>>()
    );
}

/// 第九条 with item （五） taken out and the later items renumbered.
fn nine_five_deleted() -> String {
    let s = BUNDLED_TEXT.to_string();
    let nine = s.find("第九条").unwrap();
    let ten = s.find("第十条").unwrap();
    let art = &s[nine..ten];
    let five = art.find("（五）").unwrap();
    let six = art.find("（六）").unwrap();
    let mut new_art = format!("{}{}", &art[..five], &art[six..]);
    for (from, to) in [
        ("六", "五"),
        ("七", "六"),
        ("八", "七"),
        ("九", "八"),
        ("十", "九"),
    ] {
        new_art = new_art.replacen(&format!("（{from}）"), &format!("（{to}）"), 1);
    }
    format!("{}{}{}", &s[..nine], new_art, &s[ten..])
}

/// The text of 第九条第五项 (without its label).
fn item_text(article: &str, label: &str, next: &str) -> String {
    let s = BUNDLED_TEXT;
    let a = s.find(article).unwrap();
    let from = a + s[a..].find(label).unwrap() + label.len();
    let to = from + s[from..].find(next).unwrap();
    s[from..to].trim().to_string()
}

/// 9（五） moved to the end of 第八条 as （十一）; 第九条 renumbered.
fn nine_five_moved_to_eight() -> String {
    let five = item_text("第九条", "（五）", "（六）");
    let s = nine_five_deleted();
    let nine = s.find("第九条").unwrap();
    format!("{}（十一）{five}\n\n{}", &s[..nine], &s[nine..])
}

/// 8（二） split into its two alternatives, later items renumbered.
fn eight_two_split() -> String {
    let s = BUNDLED_TEXT.to_string();
    let eight = s.find("第八条").unwrap();
    let nine = s.find("第九条").unwrap();
    let mut art = s[eight..nine].to_string();
    for n in (3..=10).rev() {
        art = art.replacen(&format!("（{}）", cn(n)), &format!("（{}）", cn(n + 1)), 1);
    }
    art = art.replacen(
        "致使作出错误执法决定，或者逃避案件调查",
        "致使作出错误执法决定的；\n\n（三）因行政相对人逃避案件调查",
        1,
    );
    format!("{}{}{}", &s[..eight], art, &s[nine..])
}

fn cn(n: u32) -> &'static str {
    [
        "", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一",
    ][n as usize]
}

/// 第九条 with an added item （十一） after the catch-all.
fn nine_eleven_added() -> String {
    let s = BUNDLED_TEXT.to_string();
    let ten = s.find("第十条").unwrap();
    format!(
        "{}（十一）在保健食品沙盒监管中主动报告新型风险并及时处置的。\n\n{}",
        &s[..ten],
        &s[ten..]
    )
}

#[test]
fn rewording_a_phrase_keeps_the_clause_in_place_and_shows_the_words() {
    let revised = BUNDLED_TEXT.replace("在应对突发事件", "在应对突发公共事件");
    let a = align(&revised);
    assert_eq!(summary(&a), ["9.8->9.8 Same Reworded(955) One"]);
    let (old, new) = (
        PolicyText::bundled().text_of("9.8").unwrap().to_string(),
        text(&revised).text_of("9.8").unwrap().to_string(),
    );
    assert!(
        delta_line(&old, &new).starts_with("在应对突发〔+公共〕事件或者执行急难险重任务"),
        "{}",
        delta_line(&old, &new)
    );
}

#[test]
fn deleting_an_item_is_a_deletion_and_the_rest_renumbered() {
    assert_eq!(
        summary(&align(&nine_five_deleted())),
        [
            "9.6->9.5 Renumbered Same One",
            "9.7->9.6 Renumbered Same One",
            "9.8->9.7 Renumbered Same One",
            "9.9->9.8 Renumbered Same One",
            "9.10->9.9 Renumbered Same One",
            "deleted 9.5",
        ]
    );
}

#[test]
fn moving_an_item_to_another_article_is_a_move() {
    assert_eq!(
        summary(&align(&nine_five_moved_to_eight())),
        [
            "9.5->8.11 Moved Same One",
            "9.6->9.5 Renumbered Same One",
            "9.7->9.6 Renumbered Same One",
            "9.8->9.7 Renumbered Same One",
            "9.9->9.8 Renumbered Same One",
            "9.10->9.9 Renumbered Same One",
        ]
    );
}

#[test]
fn splitting_an_item_maps_it_to_both_parts() {
    let a = align(&eight_two_split());
    let parts: Vec<(&str, Shape)> = a
        .loaded_of("8.2")
        .iter()
        .map(|p| (p.loaded.as_str(), p.shape))
        .collect();
    assert_eq!(parts, [("8.2", Shape::Split), ("8.3", Shape::Split)]);
    for n in 3..=10 {
        let moved = a.loaded_of(&format!("8.{n}"));
        assert_eq!(moved.len(), 1);
        assert_eq!(moved[0].loaded, format!("8.{}", n + 1));
        assert_eq!(
            (moved[0].place, moved[0].wording),
            (Place::Renumbered, Wording::Same)
        );
    }
    assert!(
        a.deleted.is_empty() && a.added.is_empty(),
        "{:#?}",
        summary(&a)
    );
}

#[test]
fn merging_two_items_maps_both_to_the_one() {
    // 9（八） and 9（九） joined into one item, the catch-all renumbered.
    let s = BUNDLED_TEXT.to_string();
    let eight = item_text("第九条", "（八）", "（九）");
    let nine = item_text("第九条", "（九）", "（十）");
    let joined = format!(
        "{}；或者{}",
        eight.trim_end_matches('；').trim_end_matches('的'),
        nine
    );
    let revised = s
        .replacen(&format!("（八）{eight}"), &format!("（八）{joined}"), 1)
        .replacen(&format!("（九）{nine}"), "", 1)
        .replacen("（十）其他可以容错免责", "（九）其他可以容错免责", 1);
    let a = align(&revised);
    let into: Vec<(&str, &str, Shape)> = a
        .reference_of("9.8")
        .iter()
        .map(|p| (p.reference.as_str(), p.loaded.as_str(), p.shape))
        .collect();
    assert_eq!(
        into,
        [("9.8", "9.8", Shape::Merged), ("9.9", "9.8", Shape::Merged)]
    );
    assert!(a.deleted.is_empty(), "{:#?}", summary(&a));
    assert_eq!(a.loaded_of("9.10")[0].loaded, "9.9");
}

#[test]
fn an_added_item_is_added() {
    assert_eq!(summary(&align(&nine_eleven_added())), ["added 9.11"]);
}

#[test]
fn a_heavily_rewritten_item_is_uncertain_not_silently_bound() {
    // 9（四） rewritten in other words: close enough to match, too far to be sure.
    let old = item_text("第九条", "（四）", "（五）");
    let revised = BUNDLED_TEXT.replacen(
        &old,
        "因涉及多个执法主体，执法人员主动担当作为，由此出现问题或者被投诉的；",
        1,
    );
    let a = align(&revised);
    assert!(a.is_uncertain("9.4"), "{:#?}", summary(&a));
    assert_eq!(a.uncertain.len(), 1, "{:#?}", summary(&a));
}

#[test]
fn an_unrelated_item_in_place_of_another_is_a_deletion_and_an_addition() {
    let old = item_text("第九条", "（四）", "（五）");
    let revised = BUNDLED_TEXT.replacen(&old, "对沙盒内企业开展年度培训并建立台账的；", 1);
    assert_eq!(summary(&align(&revised)), ["deleted 9.4", "added 9.4"]);
}

// ---- the revisions through the engine: the rules follow the wording ----

use rongcuo::engine::case::Case;
use rongcuo::engine::evaluate::Engine;
use rongcuo::explain::explanation::explain;
use rongcuo::report::view::explanation_text;
use rongcuo::workflows::testing::{expects_error, load_case};

/// Every valid fixture, loaded.
fn fixtures() -> Vec<Case> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json") && !expects_error(p))
        .collect();
    paths.sort();
    paths.iter().map(|p| load_case(p).unwrap()).collect()
}

/// What a determination is, whatever the numbering: the disposition and the reference
/// clauses of its grounds.
fn identity(engine: &Engine, case: &Case) -> (String, Vec<String>) {
    let d = engine.evaluate(case).unwrap();
    let mut grounds: Vec<String> = d
        .grounds
        .iter()
        .map(|g| {
            engine
                .binding
                .alignment
                .reference_of(g)
                .first()
                .map_or_else(|| format!("+{g}"), |p| p.reference.clone())
        })
        .collect();
    grounds.sort();
    (d.disposition.name().to_string(), grounds)
}

/// The fixtures whose outcome differs between the bundled text and `revised`.
fn changed(revised: &str) -> Vec<String> {
    let (old, new) = (
        Engine::new(PolicyText::bundled()),
        Engine::new(text(revised)),
    );
    fixtures()
        .iter()
        .filter(|c| identity(&old, c) != identity(&new, c))
        .map(|c| c.id.clone())
        .collect()
}

#[test]
fn analyze_runs_on_a_revised_text_and_finds_every_ground_there() {
    let bundled = rongcuo::workflows::analyze::analyze(&Engine::new(PolicyText::bundled()));
    let revised = rongcuo::workflows::analyze::analyze(&Engine::new(text(&gap_closed())));
    let (b, r) = (
        rongcuo::workflows::analyze::analysis_json(&bundled),
        rongcuo::workflows::analyze::analysis_json(&revised),
    );
    assert_eq!(b["never_fire"], serde_json::json!([]));
    assert_eq!(r["never_fire"], serde_json::json!([]));
    assert_eq!(b["unreachable"], r["unreachable"]);
}

#[test]
fn renumbering_rewording_and_splitting_change_no_outcome() {
    for (name, revised) in [
        ("gap closed", gap_closed()),
        (
            "reworded",
            BUNDLED_TEXT.replace("在应对突发事件", "在应对突发公共事件"),
        ),
        ("8（二） split", eight_two_split()),
    ] {
        assert_eq!(changed(&revised), Vec::<String>::new(), "{name}");
    }
}

#[test]
fn deleting_an_item_changes_only_the_cases_that_rest_on_it() {
    let bundled = Engine::new(PolicyText::bundled());
    let cases = fixtures();
    let changed = changed(&nine_five_deleted());
    assert!(changed.len() >= 5, "{changed:?}");
    for id in &changed {
        let case = cases.iter().find(|c| &c.id == id).unwrap();
        let d = bundled.evaluate(case).unwrap();
        // It held, or could hold, or its twin 8（二） was governed by it.
        let rests = d.grounds.contains(&"9.5")
            || d.open_grounds.contains(&"9.5")
            || d.grounds.contains(&"8.2")
            || d.open_grounds.contains(&"8.2");
        assert!(rests, "{id} changed without resting on 9（五）: {d:?}");
    }
}

#[test]
fn moving_an_item_into_article_8_makes_it_mandatory_and_quotes_it_there() {
    let engine = Engine::new(text(&nine_five_moved_to_eight()));
    let case = fixtures()
        .into_iter()
        .find(|c| c.id == "art9_5_third_party_forgery_exemption")
        .unwrap();
    let d = engine.evaluate(&case).unwrap();
    assert_eq!(d.disposition.name(), "due_diligence");
    assert_eq!(d.grounds, ["8.11"]);
    let ex = explain(&engine, &case).unwrap();
    let out = explanation_text(&engine, &ex, rongcuo::base::lang::Lang::Zh);
    assert!(out.contains("第八条第十一项"), "{out}");
    assert!(out.contains("即参照文本的第九条第五项"), "{out}");
    assert!(
        out.contains("第八条的引语规定：应当认定为履职尽责"),
        "{out}"
    );
}

#[test]
fn an_added_item_holds_by_assertion_with_its_articles_effect() {
    let engine = Engine::new(text(&nine_eleven_added()));
    let case = Case::parse(
        "added.json",
        r#"{
          "id": "added_item_asserted",
          "facts": {"in_market_regulation_system": true, "sandbox_enforcement_role": true},
          "assertions": [{"clause": "9.11", "justification": "The officer reported a new risk in the sandbox at once and dealt with it."}],
          "expect": {"disposition": "exemption_eligible", "grounds": ["9.11"]}
        }"#,
    )
    .unwrap();
    let d = engine.evaluate(&case).unwrap();
    assert_eq!(d.disposition.name(), "exemption_eligible");
    assert_eq!(d.grounds, ["9.11"]);
    assert!(engine.catch_alls().contains(&"9.11".to_string()));
    // coverage lists the added item among the grounds.
    let c = rongcuo::workflows::coverage::coverage(&engine, &[]).unwrap();
    assert!(c.items.iter().any(|i| i.clause == "9.11"));
    // The bundled text has no 9.11: the same assertion is refused there.
    assert!(Engine::new(PolicyText::bundled()).evaluate(&case).is_err());
}

#[test]
fn a_case_written_for_the_reference_text_asserts_the_catch_all_where_it_now_stands() {
    let engine = Engine::new(text(&gap_closed()));
    let case = fixtures()
        .into_iter()
        .find(|c| c.id == "art9_10_catch_all_asserted_exemption")
        .unwrap();
    let d = engine.evaluate(&case).unwrap();
    assert_eq!(d.disposition.name(), "exemption_eligible");
    assert_eq!(d.grounds, ["9.9"]);
}

//! Tests of the text lint: the exact findings on the bundled draft, and each check on a small
//! crafted text (with the case that must stay silent beside the case that must fire).

use rongcuo::base::lang::Lang;
use rongcuo::text::lint::{CODES, Finding, Severity, lint_source, lint_text};
use rongcuo::text::policy::{Article, BUNDLED_TEXT, Item, PolicyText};

fn parse(src: &str) -> PolicyText {
    PolicyText::parse("t.txt", src.as_bytes()).expect("crafted text parses")
}

fn codes(findings: &[Finding]) -> Vec<(&'static str, String)> {
    let mut got: Vec<(&'static str, String)> = findings
        .iter()
        .map(|f| (f.code, f.clause.clone().unwrap_or_default()))
        .collect();
    got.sort();
    got
}

fn with_code<'a>(findings: &'a [Finding], code: &str) -> Vec<&'a Finding> {
    findings.iter().filter(|f| f.code == code).collect()
}

fn has(findings: &[Finding], code: &str, clause: &str) -> bool {
    findings
        .iter()
        .any(|f| f.code == code && f.clause.as_deref() == Some(clause))
}

/// The bundled draft with one replacement applied (the replacement must apply).
fn bundled_with(from: &str, to: &str) -> PolicyText {
    assert!(BUNDLED_TEXT.contains(from), "{from}");
    parse(&BUNDLED_TEXT.replacen(from, to, 1))
}

#[test]
fn bundled_findings_exactly() {
    let findings = lint_text(&PolicyText::bundled());
    let mut expected: Vec<(&str, String)> = [
        ("lead-in-without-zhiyi", "8"),
        ("catch-all", "8.10"),
        ("catch-all-circular", "8.10"),
        ("item-gap", "9"),
        ("item-pattern", "9.7"),
        ("catch-all", "9.10"),
        ("catch-all-circular", "9.10"),
        ("catch-all", "10.4"),
        ("catch-all-circular", "10.4"),
        ("catch-all-no-noun", "10.4"),
        ("arabic-numeral-period", "11"),
        ("arabic-numeral-period", "11"),
        ("period-start-unclear", "11"),
        ("mixed-period-units", "11"),
    ]
    .iter()
    .map(|(c, id)| (*c, id.to_string()))
    .collect();
    expected.sort();
    assert_eq!(codes(&findings), expected);
}

#[test]
fn bundled_positions_and_severities() {
    let policy = PolicyText::bundled();
    let findings = lint_text(&policy);
    let at = |code: &str, clause: &str| -> Vec<(usize, usize, Severity)> {
        findings
            .iter()
            .filter(|f| f.code == code && f.clause.as_deref() == Some(clause))
            .map(|f| (f.line, f.column, f.severity))
            .collect()
    };
    assert_eq!(at("item-gap", "9"), vec![(48, 1, Severity::Warning)]);
    assert_eq!(
        at("lead-in-without-zhiyi", "8"),
        vec![(22, 1, Severity::Warning)]
    );
    assert_eq!(at("catch-all", "8.10"), vec![(42, 1, Severity::Note)]);
    assert_eq!(
        at("catch-all-circular", "9.10"),
        vec![(62, 1, Severity::Warning)]
    );
    assert_eq!(
        at("catch-all-no-noun", "10.4"),
        vec![(72, 1, Severity::Note)]
    );
    assert_eq!(at("item-pattern", "9.7"), vec![(56, 1, Severity::Note)]);
    assert_eq!(
        at("mixed-period-units", "11"),
        vec![(74, 1, Severity::Warning)]
    );
    assert_eq!(
        at("arabic-numeral-period", "11"),
        vec![(74, 1, Severity::Note), (74, 1, Severity::Note)]
    );
    // Every code is listed in CODES with the severity it is reported with.
    for f in &findings {
        assert!(CODES.contains(&(f.code, f.severity)), "{f}");
    }
}

#[test]
fn bundled_source_positions_point_at_the_quoted_phrase() {
    let policy = PolicyText::bundled();
    let findings = lint_source(&policy, BUNDLED_TEXT);
    assert_eq!(codes(&findings), codes(&lint_text(&policy)));
    let lines: Vec<&str> = BUNDLED_TEXT.lines().collect();
    let starts_with = |f: &Finding, phrase: &str| {
        let line = lines.get(f.line - 1).copied().unwrap_or_default();
        let rest: String = line.chars().skip(f.column - 1).collect();
        rest.starts_with(phrase)
    };
    let arabic = with_code(&findings, "arabic-numeral-period");
    assert_eq!(arabic.len(), 2);
    assert!(starts_with(arabic[0], "5个工作日"), "{}", arabic[0]);
    assert!(starts_with(arabic[1], "7日"), "{}", arabic[1]);
    assert!(starts_with(
        with_code(&findings, "mixed-period-units")[0],
        "7日"
    ));
    assert!(starts_with(
        with_code(&findings, "period-start-unclear")[0],
        "5个工作日"
    ));
    assert!(starts_with(
        with_code(&findings, "lead-in-without-zhiyi")[0],
        "符合下列情形的"
    ));
    let circular = with_code(&findings, "catch-all-circular");
    assert!(starts_with(circular[0], "履职尽责"), "{}", circular[0]);
    assert!(starts_with(circular[1], "容错免责"), "{}", circular[1]);
    assert!(
        starts_with(circular[2], "从轻或者减轻追究"),
        "{}",
        circular[2]
    );
    assert!(starts_with(with_code(&findings, "item-gap")[0], "（三）"));
    // Sorted by (line, column, code).
    let keys: Vec<_> = findings
        .iter()
        .map(|f| (f.line, f.column, f.code))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn source_that_does_not_match_falls_back_to_clause_positions() {
    let policy = PolicyText::bundled();
    assert_eq!(lint_source(&policy, ""), lint_text(&policy));
    assert_eq!(
        lint_source(&policy, "第一条  别的文本\n"),
        lint_text(&policy)
    );
}

#[test]
fn item_gap_on_bundled_names_the_ambiguity() {
    let findings = lint_text(&PolicyText::bundled());
    let gap = with_code(&findings, "item-gap");
    assert_eq!(gap.len(), 1);
    assert!(gap[0].zh.contains("缺少项（二）"), "{}", gap[0].zh);
    assert!(gap[0].zh.contains("第九条第三项"), "{}", gap[0].zh);
    assert!(gap[0].en.contains("the 3rd item, （四）"), "{}", gap[0].en);
    assert!(
        gap[0].fix_zh.contains("（三）改为（二）"),
        "{}",
        gap[0].fix_zh
    );
}

#[test]
fn item_gap_closed_by_renumbering() {
    let mut src = BUNDLED_TEXT.to_string();
    for n in ["三", "四", "五", "六", "七", "八", "九", "十"] {
        // Within 第九条 only: from its header to 第十条.
        let start = src.find("第九条").unwrap_or(0);
        let end = src.find("第十条").unwrap_or(src.len());
        let section = &src[start..end];
        let previous = ["二", "三", "四", "五", "六", "七", "八", "九"][[
            "三", "四", "五", "六", "七", "八", "九", "十",
        ]
        .iter()
        .position(|x| *x == n)
        .unwrap_or(0)];
        let renumbered = section.replacen(&format!("（{n}）"), &format!("（{previous}）"), 1);
        src.replace_range(start..end, &renumbered);
    }
    let policy = parse(&src);
    let numbers: Vec<u32> = policy.articles[8].items.iter().map(|i| i.number).collect();
    assert_eq!(numbers, (1..=9).collect::<Vec<u32>>());
    let findings = lint_text(&policy);
    assert!(with_code(&findings, "item-gap").is_empty());
    // The renumbered items are checked under their new ids.
    assert!(has(&findings, "item-pattern", "9.6"));
    assert!(has(&findings, "catch-all-circular", "9.9"));
}

#[test]
fn item_gap_and_order_on_crafted_text() {
    let policy =
        parse("第一条  有下列情形之一的，可以免责：\n（一）甲的；\n（四）乙的；\n（二）丙的。\n");
    let findings = lint_text(&policy);
    assert_eq!(
        codes(&findings),
        vec![
            ("item-gap", "1".to_string()),
            ("item-order", "1.2".to_string())
        ]
    );
    let order = with_code(&findings, "item-order")[0];
    assert_eq!(order.severity, Severity::Error);
    assert_eq!((order.line, order.column), (4, 1));
    let gap = with_code(&findings, "item-gap")[0];
    assert!(gap.zh.contains("缺少项（三）"), "{}", gap.zh);
    assert_eq!((gap.line, gap.column), (3, 1));

    // Items not starting at （一）.
    let policy = parse("第一条  有下列情形之一的：\n（二）甲的；\n（三）乙的。\n");
    let gap = lint_text(&policy);
    assert_eq!(codes(&gap), vec![("item-gap", "1".to_string())]);
    assert!(
        gap[0].en.contains("do not start at （一）"),
        "{}",
        gap[0].en
    );
}

#[test]
fn article_gap_and_order_on_crafted_text() {
    let policy = parse("第一条  甲。\n第三条  乙。\n第二条  丙。\n第五条  丁。\n");
    let findings = lint_text(&policy);
    assert_eq!(
        codes(&findings),
        vec![
            ("article-gap", "5".to_string()),
            ("article-order", "2".to_string())
        ]
    );
    let order = with_code(&findings, "article-order")[0];
    assert_eq!(order.severity, Severity::Error);
    assert_eq!(order.line, 3);
    assert!(order.zh.contains("第二条排在第三条之后"), "{}", order.zh);
    let gap = with_code(&findings, "article-gap")[0];
    assert_eq!(gap.severity, Severity::Warning);
    assert!(gap.zh.contains("缺少第四条"), "{}", gap.zh);

    let consecutive = parse("第一条  甲。\n第二条  乙。\n");
    assert!(lint_text(&consecutive).is_empty());
}

#[test]
fn lead_in_without_zhiyi() {
    let bundled = lint_text(&PolicyText::bundled());
    let lead = with_code(&bundled, "lead-in-without-zhiyi")[0];
    assert!(lead.zh.contains("“符合下列情形的”"), "{}", lead.zh);
    assert!(
        lead.fix_zh.contains("符合下列情形之一的"),
        "{}",
        lead.fix_zh
    );
    assert!(lead.en.contains("whether one item suffices"), "{}", lead.en);

    let fixed = bundled_with("符合下列情形的", "符合下列情形之一的");
    assert!(with_code(&lint_text(&fixed), "lead-in-without-zhiyi").is_empty());

    let crafted = parse("第一条  有下列情形的，可以免责：\n（一）甲的；\n（二）乙的。\n");
    assert_eq!(
        codes(&lint_text(&crafted)),
        vec![("lead-in-without-zhiyi", "1".to_string())]
    );
    let crafted = parse("第一条  有下列情形之一的，可以免责：\n（一）甲的；\n（二）乙的。\n");
    assert!(lint_text(&crafted).is_empty());
    // 下列 in an article without items is not a lead-in.
    let crafted = parse("第一条  下列规定适用于本市。\n");
    assert!(lint_text(&crafted).is_empty());
}

#[test]
fn mixed_period_units() {
    let bundled = lint_text(&PolicyText::bundled());
    let mixed = with_code(&bundled, "mixed-period-units")[0];
    assert!(
        mixed.zh.contains("“5个工作日”") && mixed.zh.contains("“7日”"),
        "{}",
        mixed.zh
    );
    assert!(mixed.fix_zh.contains("七个工作日"), "{}", mixed.fix_zh);

    let same_unit = bundled_with("应当于7日内告知", "应当于7个工作日内告知");
    let findings = lint_text(&same_unit);
    assert!(with_code(&findings, "mixed-period-units").is_empty());
    assert_eq!(with_code(&findings, "arabic-numeral-period").len(), 2);

    let crafted = parse("第一条  自收到通知之日起五个工作日内提出，决定作出后七日内告知。\n");
    assert_eq!(
        codes(&lint_text(&crafted)),
        vec![("mixed-period-units", "1".to_string())]
    );
    let crafted = parse("第一条  自收到通知之日起五日内提出，决定作出后七日内告知。\n");
    assert!(lint_text(&crafted).is_empty());
}

#[test]
fn arabic_numeral_period() {
    let crafted = parse("第一条  自收到通知之日起5个工作日内提出，决定作出后１０日内告知。\n");
    let findings = lint_text(&crafted);
    let arabic = with_code(&findings, "arabic-numeral-period");
    assert_eq!(arabic.len(), 2);
    assert!(arabic.iter().all(|f| f.severity == Severity::Note));
    assert!(
        arabic[0].fix_zh.contains("“五个工作日”"),
        "{}",
        arabic[0].fix_zh
    );
    assert!(arabic[1].fix_zh.contains("“十日”"), "{}", arabic[1].fix_zh);

    let chinese = parse("第一条  自收到通知之日起五个工作日内提出。\n");
    assert!(lint_text(&chinese).is_empty());
}

#[test]
fn period_start() {
    // The bundled 7日 follows 容错决定作出后; the 5 days name an event but not its day.
    let bundled = lint_text(&PolicyText::bundled());
    assert!(with_code(&bundled, "period-without-start").is_empty());
    let unclear = with_code(&bundled, "period-start-unclear");
    assert_eq!(unclear.len(), 1);
    assert_eq!(unclear[0].severity, Severity::Note);
    assert!(
        unclear[0]
            .zh
            .contains("“在追责问责机关启动追责问责程序5个工作日内”"),
        "{}",
        unclear[0].zh
    );
    assert!(
        unclear[0]
            .fix_zh
            .contains("自收到追责问责机关启动追责问责程序通知之日起五个工作日内"),
        "{}",
        unclear[0].fix_zh
    );

    let crafted = parse("第一条  当事人应当在七日内提出申请。\n");
    let findings = lint_text(&crafted);
    assert_eq!(
        codes(&findings),
        vec![("period-without-start", "1".to_string())]
    );
    assert_eq!(findings[0].severity, Severity::Warning);
    assert!(
        findings[0].zh.contains("“当事人应当在七日内”"),
        "{}",
        findings[0].zh
    );

    // A trigger in an earlier sentence does not count.
    let crafted = parse("第一条  决定作出后应当公开；当事人应当在七日内提出申请。\n");
    assert!(has(&lint_text(&crafted), "period-without-start", "1"));

    for ok in [
        "第一条  自收到决定之日起七日内提出。\n",
        "第一条  决定作出后七日内提出。\n",
        "第一条  期限届满七日内提出。\n",
    ] {
        assert!(lint_text(&parse(ok)).is_empty(), "{ok}");
    }
}

#[test]
fn catch_alls() {
    let src = "第一条  有下列情形之一的，应当认定为尽职：\n（一）甲的；\n（二）乙的；\n（三）其他应当认定为尽职的情形。\n\
               第二条  有下列情形之一的，可以减轻处理：\n（一）甲的；\n（二）乙的；\n（三）其他与前列各项相当的情形。\n\
               第三条  有下列情形之一的，可以减轻处理：\n（一）甲的；\n（二）乙的；\n（三）其他依法依规的。\n";
    let findings = lint_text(&parse(src));
    assert_eq!(
        codes(&findings),
        vec![
            ("catch-all", "1.3".to_string()),
            ("catch-all", "2.3".to_string()),
            ("catch-all", "3.3".to_string()),
            ("catch-all-circular", "1.3".to_string()),
            ("catch-all-no-noun", "3.3".to_string()),
        ]
    );
    let circular = with_code(&findings, "catch-all-circular")[0];
    assert!(circular.zh.contains("“尽职”"), "{}", circular.zh);
    let no_noun = with_code(&findings, "catch-all-no-noun")[0];
    assert!(
        no_noun.fix_zh.contains("“其他依法依规的情形。”"),
        "{}",
        no_noun.fix_zh
    );

    let bundled = lint_text(&PolicyText::bundled());
    let no_noun = with_code(&bundled, "catch-all-no-noun")[0];
    assert!(
        no_noun
            .fix_zh
            .contains("其他依法依规可以从轻或者减轻追究责任的情形。"),
        "{}",
        no_noun.fix_zh
    );
    let circular = with_code(&bundled, "catch-all-circular");
    assert!(circular[0].zh.contains("“履职尽责”"), "{}", circular[0].zh);
    assert!(circular[1].zh.contains("“容错免责”"), "{}", circular[1].zh);
}

#[test]
fn item_pattern_and_punctuation() {
    let bundled = lint_text(&PolicyText::bundled());
    let pattern = with_code(&bundled, "item-pattern")[0];
    assert!(pattern.zh.contains("以“决定”结尾"), "{}", pattern.zh);
    assert!(
        pattern
            .fix_zh
            .contains("“……导致作出错误的行政执法决定的；”"),
        "{}",
        pattern.fix_zh
    );
    // 9.6 ends in a proviso "，但……除外" after its 的: not flagged.
    assert!(!has(&bundled, "item-pattern", "9.6"));

    let fixed = bundled_with(
        "导致作出错误的行政执法决定；",
        "导致作出错误的行政执法决定的；",
    );
    assert!(with_code(&lint_text(&fixed), "item-pattern").is_empty());

    let src = "第一条  有下列情形之一的，可以免责：\n（一）甲的；\n（二）乙的。\n（三）丙\n（四）丁的，\n";
    let findings = lint_text(&parse(src));
    assert_eq!(
        codes(&findings),
        vec![
            ("item-pattern", "1.3".to_string()),
            ("item-punctuation", "1.2".to_string()),
            ("item-punctuation", "1.3".to_string()),
            ("item-punctuation", "1.4".to_string()),
        ]
    );
    // A last item may end with 。 or ；; a middle one only with ；.
    let ok = "第一条  有下列情形之一的，可以免责：\n（一）甲的；\n（二）乙的；\n";
    assert!(lint_text(&parse(ok)).is_empty());
    // No pattern when 的 is not the majority.
    let mixed = "第一条  包括下列事项之一：\n（一）甲；\n（二）乙的；\n（三）丙。\n";
    assert!(lint_text(&parse(mixed)).is_empty());
}

#[test]
fn messages_in_both_languages() {
    let findings = lint_text(&PolicyText::bundled());
    let gap = with_code(&findings, "item-gap")[0];
    let en = gap.message(Lang::En);
    assert!(
        en.starts_with("第九条 (line 48:1) warning[item-gap]: "),
        "{en}"
    );
    assert!(en.contains(" — fix: "), "{en}");
    let zh = gap.message(Lang::Zh);
    assert!(
        zh.starts_with("第九条（第 48 行第 1 列）警告[item-gap]："),
        "{zh}"
    );
    assert!(zh.contains("——修改："), "{zh}");
    assert_eq!(gap.to_string(), en);
    let item = with_code(&findings, "item-pattern")[0];
    assert!(
        item.message(Lang::En)
            .starts_with("第九条第七项 (line 56:1) note[item-pattern]")
    );
    for f in &findings {
        for s in [&f.zh, &f.en, &f.fix_zh, &f.fix_en] {
            assert!(!s.is_empty(), "{f:?}");
        }
    }
}

#[test]
fn never_panics() {
    // Every prefix of the bundled text that parses.
    for (i, _) in BUNDLED_TEXT.char_indices() {
        let prefix = &BUNDLED_TEXT[..i];
        if let Ok(policy) = PolicyText::parse("t.txt", prefix.as_bytes()) {
            let _ = lint_text(&policy);
            let _ = lint_source(&policy, prefix);
            let _ = lint_source(&policy, BUNDLED_TEXT);
        }
    }
    // A model built by hand with numbers and texts the parser would never produce.
    let item = |number, text: &str| Item {
        number,
        line: 0,
        column: 0,
        text: text.to_string(),
    };
    let article = |number, lead: &str, items| Article {
        number,
        line: 0,
        lead: lead.to_string(),
        items,
    };
    let policy = PolicyText {
        source: String::new(),
        title: String::new(),
        articles: vec![
            article(0, "", vec![]),
            article(
                u32::MAX,
                "下列可以",
                vec![
                    item(0, ""),
                    item(u32::MAX, "其他"),
                    item(u32::MAX, "其它的，但除外"),
                    item(7, "0日4294967296日123个工作日"),
                ],
            ),
            article(u32::MAX, "应当认定为：", vec![item(1, " ")]),
        ],
    };
    let findings = lint_text(&policy);
    assert!(has(&findings, "article-duplicate", &u32::MAX.to_string()));
    for f in &findings {
        let _ = f.message(Lang::Zh);
        let _ = f.message(Lang::En);
    }
    let _ = lint_source(&policy, "\n\n第一条\n");
    let empty = PolicyText {
        source: String::new(),
        title: String::new(),
        articles: vec![],
    };
    assert!(lint_text(&empty).is_empty());
}

//! The binary as a user runs it: exit codes (0 ok, 1 expectation failed, 2 bad input), messages
//! that name the file and field, and revised policy texts passed with `--policy`.

mod common;
use common::{rongcuo, stderr};
use std::path::{Path, PathBuf};
use std::process::Output;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
/// A scratch directory unique to this test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rongcuo-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The bundled text with one replacement, written to a scratch file.
fn revised_policy(name: &str, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("policy/leshan-sandbox-tolerance-draft.zh.txt"),
    )
    .unwrap();
    assert!(text.contains(from), "the bundled text has no {from:?}");
    let path = scratch(name).join("revised.txt");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

/// 第八条（二） as printed, with its blank line: deleting it is the revision several tests make.
const ITEM_8_2: &str = "（二）因行政相对人隐瞒、伪造、毁灭证据或者提供虚假材料，致使作出错误执法决定，或者逃避案件调查致使行政执法行为不能及时作出的；\n\n";

/// `eval --format json` of one case under a policy file, checked to exit 0.
fn eval_json(policy: &Path, case: &str) -> serde_json::Value {
    let o = rongcuo(&[
        "--policy",
        policy.to_str().unwrap(),
        "eval",
        "--format",
        "json",
        case,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

const FORGED: &str = "fixtures/art8_2_forged_records_due_diligence.json";
const SIXTH_DAY: &str = "fixtures/art11_application_sixth_working_day_late.json";

#[test]
fn eval_prints_the_determination_and_exits_0() {
    let o = rongcuo(&["eval", FORGED]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("结论：应当认定为履职尽责"));
    assert!(stdout(&o).contains("第八条第二项（应当）“因行政相对人隐瞒、伪造、毁灭证据"));
    let o = rongcuo(&["--lang", "en", "eval", FORGED]);
    assert!(stdout(&o).contains("Disposition: due diligence (mandatory)"));
}

#[test]
fn eval_json_lists_sorted_grounds_and_findings() {
    let o = rongcuo(&["eval", "--format", "json", FORGED]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["format_version"], 1);
    let case = &v["cases"][0];
    assert_eq!(case["disposition"], "due_diligence");
    assert_eq!(case["grounds"], serde_json::json!(["8.2", "9.5"]));
    assert!(
        case["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["clause"] == "13")
    );
}

#[test]
fn test_command_passes_the_fixture_corpus() {
    let o = rongcuo(&["test", "fixtures"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    let last = out.lines().last().unwrap();
    assert!(last.ends_with(" passed, 0 failed"), "{last}");
}

#[test]
fn a_failed_expectation_exits_1_with_the_difference() {
    let dir = scratch("fail");
    let case = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(FORGED))
        .unwrap()
        .replace("\"due_diligence\"", "\"liable\"");
    std::fs::write(dir.join("wrong.json"), case).unwrap();
    let o = rongcuo(&["--lang", "en", "test", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("disposition: expected liable, got due_diligence"),
        "{out}"
    );
    assert!(out.ends_with("0 passed, 1 failed\n"), "{out}");
}

#[test]
fn bad_case_input_exits_2_naming_file_and_field() {
    let o = rongcuo(&[
        "--lang",
        "en",
        "eval",
        "fixtures/err_unknown_fact_name.json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("fixtures/err_unknown_fact_name.json:"),
        "{err}"
    );
    assert!(err.contains("facts."), "{err}");
    assert!(err.contains("did you mean"), "{err}");
}

#[test]
fn every_err_fixture_exits_2_without_panicking() {
    let mut n = 0;
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")).unwrap()
    {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !name.starts_with("err_") {
            continue;
        }
        n += 1;
        let path = format!("fixtures/{name}");
        let o = rongcuo(&["--lang", "en", "eval", &path]);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(&path), "{name}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{name}");
    }
    assert!(n >= 15, "only {n} err_ fixtures");
}

#[test]
fn missing_files_and_bad_policies_exit_2() {
    let o = rongcuo(&["eval", "fixtures/no_such_case.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("fixtures/no_such_case.json"));

    let o = rongcuo(&["--policy", "no/such/policy.txt", "eval", FORGED]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no/such/policy.txt"));

    let dir = scratch("badpolicy");
    let bad = dir.join("bad.txt");
    std::fs::write(&bad, "第一条  甲\n第一条  乙\n").unwrap();
    let o = rongcuo(&[
        "--lang",
        "en",
        "--policy",
        bad.to_str().unwrap(),
        "eval",
        FORGED,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.txt:2:1"), "{}", stderr(&o));
}

#[test]
fn deleting_item_8_2_stops_its_rule() {
    let policy = revised_policy("del82", ITEM_8_2, "");
    let v = eval_json(&policy, FORGED);
    assert_ne!(v["cases"][0]["disposition"], "due_diligence");
    assert!(
        !v["cases"][0]["grounds"]
            .as_array()
            .unwrap()
            .contains(&"8.2".into())
    );
    assert_eq!(v["policy"]["notes"][0]["note"], "rule_without_clause");
    assert_eq!(v["policy"]["notes"][0]["clause"], "8.2");
}

#[test]
fn ten_working_days_make_the_sixth_day_timely() {
    let o = rongcuo(&["eval", "--format", "json", SIXTH_DAY]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["cases"][0]["periods"][0]["timely"], false);

    let policy = revised_policy("ten", "5个工作日", "10个工作日");
    let v = eval_json(&policy, SIXTH_DAY);
    let period = &v["cases"][0]["periods"][0];
    assert_eq!(period["phrase"], "10个工作日");
    assert_eq!(period["timely"], true);
    let findings: Vec<&str> = v["cases"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["finding"].as_str().unwrap())
        .collect();
    assert!(findings.contains(&"application_timely"), "{findings:?}");
}

#[test]
fn facts_lists_the_vocabulary_with_clauses() {
    let o = rongcuo(&["--lang", "en", "facts"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("counterparty_falsified_evidence"));
    assert!(out.contains("used by: 第八条第二项, 第九条第五项"), "{out}");
}

#[test]
fn diff_names_the_cases_a_deletion_changes_and_why() {
    let policy = revised_policy("diff82", ITEM_8_2, "");
    let bundled = "policy/leshan-sandbox-tolerance-draft.zh.txt";
    let o = rongcuo(&[
        "--lang",
        "en",
        "diff",
        bundled,
        policy.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["text"][0]["clause"], "8.2");
    assert_eq!(v["text"][0]["change"], "removed");
    let ids: Vec<&str> = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "art8_2_forged_records_due_diligence",
            "art8_2_owner_evaded_investigation_due_diligence",
            "overlap_discretionary_governs_twin_open_undetermined"
        ]
    );
    let reasons = v["cases"][0]["reasons"].to_string();
    assert!(
        reasons.contains("第八条第二项 no longer holds: the clause is gone"),
        "{reasons}"
    );
    // As a CI gate.
    let o = rongcuo(&[
        "diff",
        bundled,
        policy.to_str().unwrap(),
        "--fail-on-change",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let o = rongcuo(&["diff", bundled, bundled, "--fail-on-change"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).contains("0 个结果变化") || stdout(&o).contains("中 0 个结果变化"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn diff_of_a_longer_application_period_moves_the_deadlines() {
    let policy = revised_policy("diff10", "5个工作日", "10个工作日");
    let o = rongcuo(&[
        "--lang",
        "en",
        "diff",
        "policy/leshan-sandbox-tolerance-draft.zh.txt",
        policy.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["text"][0]["change"], "numbers_changed");
    let changed = v["cases"].as_array().unwrap();
    assert!(
        changed
            .iter()
            .any(|c| c["id"] == "art11_application_sixth_working_day_late")
    );
    assert!(
        changed
            .iter()
            .all(|c| c["reasons"].to_string().contains("10个工作日"))
    );
}

#[test]
fn coverage_reaches_every_item_and_junit_is_written() {
    let o = rongcuo(&["--lang", "en", "coverage", "--min", "100"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("Coverage: 100.0% (23 of 23 items"));
    let dir = scratch("junit");
    let file = dir.join("junit.xml");
    let o = rongcuo(&["test", "--junit", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let xml = std::fs::read_to_string(file).unwrap();
    assert!(xml.contains("failures=\"0\""));
    assert_eq!(
        xml.matches("<testcase ").count(),
        stdout(&o)
            .split(' ')
            .next()
            .unwrap()
            .parse::<usize>()
            .unwrap()
    );
}

#[test]
fn lint_reports_the_real_defects_of_the_bundled_draft_without_failing() {
    let o = rongcuo(&["--lang", "en", "lint", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let has = |code: &str, clause: &str| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == code && f["clause"] == clause)
    };
    assert!(has("item-gap", "9"));
    assert!(has("lead-in-without-zhiyi", "8"));
    assert!(has("mixed-period-units", "11"));
    // The same facts granted under a mandatory and a discretionary article (from analyze).
    for ground in ["9.5", "9.7", "9.9"] {
        assert!(has("mandatory-discretionary-overlap", ground), "{ground}");
    }
    assert!(!has("mandatory-discretionary-overlap", "9.3"));
}

#[test]
fn analyze_prints_the_overlaps_and_the_decision_table() {
    let o = rongcuo(&["--lang", "en", "analyze", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["never_fire"], serde_json::json!([]));
    assert_eq!(v["decision_table"].as_array().unwrap().len(), 7);
    // Under the default readings no item is a dead letter; transferred evidence read as
    // another department's act leaves 第九条第七项's first alternative covered by 第八条第六项.
    assert_eq!(v["alternative_overlaps"], serde_json::json!([]));
    let o = rongcuo(&["--lang", "en", "analyze"]);
    assert!(!stdout(&o).contains("is covered by"), "{}", stdout(&o));
    let o = rongcuo(&[
        "--lang",
        "en",
        "--reading",
        "transferred_evidence=department_act",
        "analyze",
    ]);
    assert!(
        stdout(&o).contains("第九条第七项 (alternative 1) is covered by 第八条第六项"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn closing_the_gap_of_article_9_renumbers_and_the_rules_follow() {
    // Close the gap of 第九条 by renumbering （三）…（十） to （二）…（九）.
    let mut text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("policy/leshan-sandbox-tolerance-draft.zh.txt"),
    )
    .unwrap();
    for n in ["三", "四", "五", "六", "七", "八", "九", "十"] {
        let prev = ["二", "三", "四", "五", "六", "七", "八", "九"][[
            "三", "四", "五", "六", "七", "八", "九", "十",
        ]
        .iter()
        .position(|x| *x == n)
        .unwrap()];
        // Only the items of 第九条 (lines 48-62 of the draft) are renumbered.
        let start = text.find("第九条").unwrap();
        let end = text.find("第十条").unwrap();
        let section = text[start..end].replacen(&format!("（{n}）"), &format!("（{prev}）"), 1);
        text = format!("{}{}{}", &text[..start], section, &text[end..]);
    }
    let path = scratch("renumber").join("renumbered.txt");
    std::fs::write(&path, text).unwrap();
    let policy = path.to_str().unwrap();
    // lint: no error; each renumbered item is a note, and the gap is closed.
    let o = rongcuo(&["--lang", "en", "--policy", policy, "lint"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(!out.contains("item-gap"), "{out}");
    for (was, now) in [
        ("第九条第三项", "第九条第二项"),
        ("第九条第五项", "第九条第四项"),
        ("第九条第十项", "第九条第九项"),
    ] {
        assert!(
            out.contains(&format!(
                "{was} of the reference text is renumbered as {now}"
            )),
            "{was}: {out}"
        );
    }
    assert_eq!(out.matches("[clause-renumbered]").count(), 8, "{out}");
    // diff: eight renumbered items, no case changes, and the gate passes.
    let bundled = "policy/leshan-sandbox-tolerance-draft.zh.txt";
    let o = rongcuo(&["--lang", "en", "diff", bundled, policy, "--fail-on-change"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(
        stdout(&o).matches("renumbered as").count(),
        8,
        "{}",
        stdout(&o)
    );
    // eval: the third-party forgery case rests on the same ground, now cited as 第九条第四项.
    let o = rongcuo(&[
        "--policy",
        policy,
        "eval",
        "--format",
        "json",
        "fixtures/art9_5_third_party_forgery_exemption.json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["cases"][0]["grounds"], serde_json::json!(["9.4"]));
    assert_eq!(v["cases"][0]["disposition"], "exemption_eligible");
    // test: every fixture, written for the reference text, still passes.
    let o = rongcuo(&["--policy", policy, "test", "fixtures"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn diff_under_another_reading_of_seven_days_names_the_deadline_cases() {
    let bundled = "policy/leshan-sandbox-tolerance-draft.zh.txt";
    let o = rongcuo(&[
        "--lang",
        "en",
        "diff",
        bundled,
        bundled,
        "--new-reading",
        "seven_days=working_days",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["readings"]["new"],
        serde_json::json!(["seven_days=working_days"])
    );
    assert_eq!(v["text"], serde_json::json!([]));
    let ids: Vec<&str> = v["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"art11_notification_extended_deadline_missed_late"),
        "{ids:?}"
    );
    assert!(ids.iter().all(|i| i.starts_with("art11_")), "{ids:?}");
    // The case that sets the reading itself is unaffected by the command line.
    assert!(!ids.contains(&"art11_notification_working_days_reading_timely"));
}

#[test]
fn a_bad_reading_on_the_command_line_exits_2() {
    let o = rongcuo(&[
        "--lang",
        "en",
        "--reading",
        "seven_days=weeks",
        "eval",
        FORGED,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(
            "reading seven_days has no value \"weeks\"; options: calendar_days, working_days"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn readings_lists_every_switch_with_its_default() {
    let o = rongcuo(&["--lang", "en", "readings"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for line in [
        "seven_days=calendar_days (default)",
        "late_application=no_bar (default)",
        "overlap=mandatory_prevails (default)",
        "order41=as_written (default)",
        "order41=via_art16",
        "transferred_evidence=art9_7 (default)  [transferred_evidence_under_9_7] clauses: 第八条第六项, 第九条第七项",
        "transferred_evidence=department_act  [transferred_evidence_is_department_act]",
        "[scope_is_exclusive] clauses: 第二条",
    ] {
        assert!(out.contains(line), "{line}: {out}");
    }
    // Every interpretation is listed, switchable or fixed.
    for i in rongcuo::law::interpret::INTERPRETATIONS {
        assert!(out.contains(&format!("[{}]", i.name)), "{}", i.name);
    }
}

#[test]
fn gen_piped_to_batch_gives_one_result_per_line_in_order() {
    let o = rongcuo(&["gen", "--count", "300", "--seed", "5"]);
    assert_eq!(o.status.code(), Some(0));
    let dir = scratch("batch");
    let mut input = o.stdout.clone();
    input.extend_from_slice(b"{broken\n");
    let file = dir.join("cases.jsonl");
    std::fs::write(&file, &input).unwrap();
    let o = rongcuo(&[
        "--lang",
        "en",
        "batch",
        file.to_str().unwrap(),
        "--threads",
        "2",
    ]);
    // Every line has its result; the broken one makes the run exit 2, as `eval` does.
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 301);
    assert_eq!(lines[0]["id"], "gen-5-0");
    assert_eq!(lines[299]["id"], "gen-5-299");
    assert_eq!(lines[300]["line"], 301);
    assert!(lines[300]["error"]["message"].is_string());
    assert!(
        stderr(&o).contains("301 lines in, 301 results out (1 errors)"),
        "{}",
        stderr(&o)
    );
}

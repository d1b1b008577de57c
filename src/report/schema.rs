//! The JSON Schema (draft 2020-12) of the case file format, for editors to validate and
//! complete case files (`rongcuo schema`). It is built from the tables the parser itself uses:
//! the fact vocabulary (`facts::VOCABULARY`, computed facts left out, since a case may not set
//! them), the date fields, the field lists of a case, an assertion and `expect`, the
//! dispositions and finding names (`labels`), the reading switches (`interpret::SWITCHES`),
//! the catch-all items of the loaded text, and the entry limit (`limits::MAX_ENTRIES`). Every
//! object the parser closes to unknown fields is closed here too (`additionalProperties:
//! false`). What JSON Schema cannot express is left to rongcuo's own checks: duplicate keys,
//! impossible dates such as 2025-02-30, dates out of order or outside the calendar, and a
//! clause asserted twice.

use crate::base::lang::Lang;
use crate::base::limits::MAX_ENTRIES;
use crate::engine::case::{ASSERTION_FIELDS, CASE_FIELDS, DATE_FIELDS, DATE_LABELS, EXPECT_FIELDS};
use crate::law::facts::{Source, VOCABULARY};
use crate::law::interpret::{SWITCHES, find};
use crate::law::labels::{DUTIES, VERDICTS};
use serde_json::{Map, Value, json};

/// The draft the schema follows.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// A date as the parser takes it: exactly `YYYY-MM-DD` in ASCII digits.
pub const DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// A clause id of an item as the parser takes it: `N.M`, each 1 to 3 digits without a leading
/// zero.
pub const ITEM_ID_PATTERN: &str = r"^[1-9][0-9]{0,2}\.[1-9][0-9]{0,2}$";

/// Some character other than white space: a string that is not blank.
pub const NOT_BLANK_PATTERN: &str = r"\S";

/// The schema of a case file. `catch_alls` are the clause ids of the loaded text's catch-all
/// items, the only clauses an assertion may name; descriptions are in `lang`.
pub fn case_schema(catch_alls: &[String], lang: Lang) -> Value {
    let text = |zh: &str, en: &str| Value::from(lang.pick(zh, en));

    let facts: Map<String, Value> = VOCABULARY
        .iter()
        .filter(|d| d.source == Source::Case)
        .map(|d| {
            (
                d.name.to_string(),
                json!({ "type": ["boolean", "null"], "description": lang.pick(d.zh, d.en) }),
            )
        })
        .collect();
    let computed: Vec<&str> = VOCABULARY
        .iter()
        .filter(|d| d.source == Source::Computed)
        .map(|d| d.name)
        .collect();

    let dates: Map<String, Value> = DATE_FIELDS
        .iter()
        .zip(DATE_LABELS)
        .map(|(name, (zh, en))| {
            (
                name.to_string(),
                json!({
                    "type": ["string", "null"],
                    "format": "date",
                    "pattern": DATE_PATTERN,
                    "description": lang.pick(zh, en),
                }),
            )
        })
        .collect();

    let readings: Map<String, Value> = SWITCHES
        .iter()
        .map(|sw| {
            let options: Vec<String> = sw
                .options
                .iter()
                .map(|(value, interp)| {
                    let says = find(interp).map_or("", |i| lang.pick(i.zh, i.en));
                    format!("{value}: {says}")
                })
                .collect();
            (
                sw.name.to_string(),
                json!({
                    "enum": sw.options.iter().map(|(v, _)| *v).collect::<Vec<_>>(),
                    "default": sw.options.first().map(|(v, _)| *v),
                    "description": options.join("\n"),
                }),
            )
        })
        .collect();

    let properties: Map<String, Value> = [
        (
            "id",
            json!({
                "type": "string",
                "pattern": NOT_BLANK_PATTERN,
                "description": text("案件编号（必填，非空）", "the case's id (required, not blank)"),
            }),
        ),
        (
            "description",
            json!({ "type": "string", "description": text("案情说明", "what happened in the case") }),
        ),
        (
            "facts",
            json!({
                "type": "object",
                "description": lang.pick(
                    format!("事实：true、false 或 null；未填写或为 null 即未知。{} 由 dates 计算得出，不能直接填写", computed.join("、")),
                    format!("facts: true, false or null; a fact left out or null is unknown. {} are computed from `dates` and cannot be set", computed.join(", ")),
                ),
                "properties": facts,
                "additionalProperties": false,
                "maxProperties": MAX_ENTRIES,
            }),
        ),
        (
            "dates",
            json!({
                "type": "object",
                "description": text("第十一条程序的日期（YYYY-MM-DD），须在节假日日历覆盖的年份内，且先后有序", "the dates of the procedure of 第十一条 (YYYY-MM-DD), within the years the holiday calendar covers and in order"),
                "properties": dates,
                "additionalProperties": false,
            }),
        ),
        (
            "assertions",
            json!({
                "type": "array",
                "description": text("审查人员对兜底项（其他……情形）的认定，每项须附书面理由", "the reviewer's assertions of catch-all items (其他…情形), each with a written justification"),
                "maxItems": MAX_ENTRIES,
                "items": {
                    "type": "object",
                    "properties": {
                        ASSERTION_FIELDS[0]: {
                            "enum": catch_alls,
                            "description": text("兜底项的条款编号", "the clause id of a catch-all item"),
                        },
                        ASSERTION_FIELDS[1]: {
                            "type": "string",
                            "pattern": NOT_BLANK_PATTERN,
                            "description": text("书面理由（必填，非空）", "the written justification (required, not blank)"),
                        },
                    },
                    "required": ASSERTION_FIELDS,
                    "additionalProperties": false,
                },
            }),
        ),
        (
            "expect",
            json!({
                "type": ["object", "null"],
                "description": text("回归测试的预期结果（rongcuo test）", "what a regression test expects (rongcuo test)"),
                "properties": {
                    EXPECT_FIELDS[0]: {
                        "enum": VERDICTS.iter().map(|v| v.1).collect::<Vec<_>>(),
                        "description": text("预期结论", "the expected disposition"),
                    },
                    EXPECT_FIELDS[1]: {
                        "type": "array",
                        "maxItems": MAX_ENTRIES,
                        "items": { "type": "string", "pattern": ITEM_ID_PATTERN },
                        "description": text("全部成立的依据，条款编号如 8.2", "every satisfied ground, as clause ids such as 8.2"),
                    },
                    EXPECT_FIELDS[2]: {
                        "type": ["array", "null"],
                        "maxItems": MAX_ENTRIES,
                        "items": { "enum": DUTIES.iter().map(|d| d.1).collect::<Vec<_>>() },
                        "description": text("程序事项的名称；给出时须完全一致", "the finding names; when given, the set must match exactly"),
                    },
                },
                "required": [EXPECT_FIELDS[0]],
                "additionalProperties": false,
            }),
        ),
        (
            "readings",
            json!({
                "type": "object",
                "description": text("本案采用的解释（覆盖命令行的 --reading）", "the readings this case takes (over the command line's --reading)"),
                "properties": readings,
                "additionalProperties": false,
            }),
        ),
        ]
    .into_iter()
    .map(|(name, schema)| (name.to_string(), schema))
    .collect();

    json!({
        "$schema": DIALECT,
        "$comment": "Generated by `rongcuo schema` from rongcuo's own tables; regenerate it rather than edit it.",
        "title": text("rongcuo 案件文件", "rongcuo case file"),
        "description": text(
            "一名执法人员的一个案件：事实、第十一条程序的日期、兜底项的认定和回归测试的预期",
            "one enforcement officer's case: facts, the dates of the procedure of 第十一条, assertions of catch-all items, and a regression test's expectation",
        ),
        "type": "object",
        "properties": properties,
        "required": [CASE_FIELDS[0]],
        "additionalProperties": false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_of_the_parser_has_a_property() {
        let s = case_schema(&["9.10".into()], Lang::En);
        let keys = |v: &Value| -> Vec<String> {
            v["properties"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect()
        };
        assert_eq!(keys(&s), CASE_FIELDS);
        assert_eq!(keys(&s["properties"]["dates"]), DATE_FIELDS);
        assert_eq!(
            keys(&s["properties"]["assertions"]["items"]),
            ASSERTION_FIELDS
        );
        assert_eq!(keys(&s["properties"]["expect"]), EXPECT_FIELDS);
        let facts = keys(&s["properties"]["facts"]);
        assert!(
            facts
                .iter()
                .all(|f| crate::law::facts::Fact::from_name(f).is_some())
        );
        assert!(!facts.iter().any(|f| f == "application_timely"));
        assert_eq!(
            facts.len(),
            VOCABULARY
                .iter()
                .filter(|d| d.source == Source::Case)
                .count()
        );
    }

    #[test]
    fn descriptions_follow_the_language() {
        let zh = case_schema(&[], Lang::Zh);
        let en = case_schema(&[], Lang::En);
        let d = |s: &Value| {
            s["properties"]["facts"]["properties"]["harm_occurred"]["description"].clone()
        };
        assert_eq!(d(&zh), "发生了危害后果");
        assert_eq!(d(&en), "harmful consequences occurred");
    }
}

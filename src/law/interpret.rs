//! Named interpretations: every reading rongcuo takes where the draft is ambiguous or silent.
//! Rules name the interpretation they rely on in a `// interpretation: NAME` comment (read by
//! `program`), the period computations name theirs in code, and every result lists the ones
//! its determination used. A test checks every name used exists here and every entry is used.

/// One interpretive choice.
#[derive(Clone, Copy, Debug)]
pub struct Interpretation {
    pub name: &'static str,
    /// The clauses it reads.
    pub clauses: &'static [&'static str],
    pub zh: &'static str,
    pub en: &'static str,
}

pub const INTERPRETATIONS: &[Interpretation] = &[
    Interpretation {
        name: "scope_is_exclusive",
        clauses: &["2"],
        zh: "第二条“主要适用于”读作适用范围的全部：不属于全市市场监管系统、或不从事保健食品经营沙盒监管执法的，不适用本制度。",
        en: "第二条's \"mainly applies to\" is read as the whole scope: a person outside the city's market regulation system or outside health-food sandbox enforcement is out of scope.",
    },
    Interpretation {
        name: "art8_one_item_suffices",
        clauses: &["8"],
        zh: "第八条引语“符合下列情形的”缺“之一”，按各项择一即可认定履职尽责理解（与第九条、第十条一致）。",
        en: "第八条's lead-in \"符合下列情形的\" lacks \"之一\"; one item suffices, as in 第九条 and 第十条.",
    },
    Interpretation {
        name: "cause_fact_includes_causation",
        clauses: &[
            "8.2", "8.4", "8.5", "8.6", "8.7", "9.3", "9.5", "9.6", "9.7",
        ],
        zh: "“因……致使/导致……”的因果关系不单列事实：原因事实为真即表示该原因与本案失误之间存在因果关系。",
        en: "The causal link in \"因…致使/导致…\" is not a separate fact: a cause fact set true asserts that the cause brought about the error under review.",
    },
    Interpretation {
        name: "force_majeure_as_written",
        clauses: &["8.5", "9.9"],
        zh: "第八条第五项以“或”连接“不能预见、不能避免或不能克服”，按文字理解为三者具备其一即可，第九条第九项的“不可抗力”同此；民法典第一百八十条要求三者同时具备（“且”）。",
        en: "第八条第五项 joins 不能预见、不能避免、不能克服 with 或: as written, any one suffices, and 不可抗力 in 第九条第九项 means the same; 民法典 第一百八十条 requires all three.",
    },
    Interpretation {
        name: "transferred_evidence_under_9_7",
        clauses: &["8.6", "9.7"],
        zh: "其他部门移交的证据、认定意见出现错误的，适用专门规定这一情形的第九条第七项（以确已尽到审慎审核义务为条件，可以容错免责），不作为第八条第六项所称“其他有关部门错误或者不当行政行为”；否则第九条第七项前半句将永无适用余地。",
        en: "Wrong evidence or findings transferred by another department fall under 第九条第七项, which names them (discretionary, and only for an officer who truly reviewed them with care), not under 第八条第六项's \"erroneous or improper act of another department\"; read otherwise, the first half of 第九条第七项 could never decide a case.",
    },
    Interpretation {
        name: "transferred_evidence_is_department_act",
        clauses: &["8.6", "9.7"],
        zh: "（非默认）其他部门移交的错误证据、认定意见属于第八条第六项所称“其他有关部门错误或者不当行政行为”，不论审核是否审慎均应当认定为履职尽责。",
        en: "(Not the default.) Wrong evidence or findings transferred by another department are that department's \"erroneous or improper administrative act\" under 第八条第六项: due diligence whether or not the officer reviewed them with care.",
    },
    Interpretation {
        name: "non_subjective_error_is_an_error",
        clauses: &["9.1", "9.5"],
        zh: "“出现非主观失误”须有失误（error_occurred 为真）且该失误非出于主观原因（subjective_fault 为假）；第九条第一项、第五项同词同解。",
        en: "\"出现非主观失误\" needs an error (error_occurred true) that did not come from the officer's own fault (subjective_fault false); the same words in 第九条第一项 and 第五项 are read the same way.",
    },
    Interpretation {
        name: "catch_all_by_assertion",
        clauses: &["8.10", "9.10", "10.4"],
        zh: "兜底项（其他……情形）仅在案件文件中有审查人员附书面理由的明确认定时成立；没有认定的视为不成立，而非未知。",
        en: "A catch-all item (其他…情形) holds only by a reviewer's assertion with a written justification; without one it does not hold (it is not unknown).",
    },
    Interpretation {
        name: "fault_of_art10_is_fault_of_art12",
        clauses: &["10", "12"],
        zh: "第十条的“行政执法过错行为”即第十二条的“未履行、不当履行、违法履行法定职责”，用同一事实 enforcement_fault 判断。",
        en: "第十条's \"enforcement fault\" is 第十二条's \"not performing, improperly or unlawfully performing statutory duties\": one fact, enforcement_fault.",
    },
    Interpretation {
        name: "false_means_proved_absent",
        clauses: &["10.3"],
        zh: "事实记为“假”表示其不存在已被证明；第十条第三项要求的“有充分证据证明不存在主观故意或者重大过失”即 intent_or_gross_negligence 为假。",
        en: "A fact recorded false means its absence is proved; 第十条第三项's \"sufficient evidence proves no intent or gross negligence\" is intent_or_gross_negligence = false.",
    },
    Interpretation {
        name: "art12_excludes_art8",
        clauses: &["12", "8"],
        zh: "第十二条只排除“可以容错免责、从轻或者减轻”的情形；认定为履职尽责（第八条）的，同样不追究。",
        en: "第十二条 names only exemption and mitigation as exclusions; an officer deemed diligent under 第八条 is not held liable either.",
    },
    Interpretation {
        name: "unknown_is_not_false",
        clauses: &["12"],
        zh: "未知事实不按“否”处理：只要第八、九、十条任一情形在未知事实成立时仍可能成立，就不认定应当追责，结论为“待定”。",
        en: "An unknown fact is never taken as false: while any ground of 第八、九、十条 could still hold if unknown facts were established, liability is not concluded; the result is undetermined.",
    },
    Interpretation {
        name: "most_favourable_disposition",
        clauses: &["8", "9", "10", "12"],
        zh: "多个情形同时成立时，全部列出，并以对执法人员最有利者为结论：履职尽责＞容错免责＞从轻减轻＞追责。",
        en: "When several grounds hold, all are reported and the disposition is the most favourable: due diligence > exemption > mitigation > liability.",
    },
    Interpretation {
        name: "period_starts_at_procedure_start",
        clauses: &["11"],
        zh: "第十一条的申请期限自追责问责机关启动追责问责程序之日起算，起算日不计入（民法典第二百零一条）。",
        en: "第十一条's application period runs from the day the accountability procedure starts; that day is not counted (民法典 第二百零一条).",
    },
    Interpretation {
        name: "late_application_does_not_bar",
        clauses: &["11", "9", "10"],
        zh: "第十一条未规定逾期申请的后果；逾期只作为程序问题报告，不排除第九条、第十条的适用。",
        en: "第十一条 says nothing of a late application; lateness is reported as a procedural finding and does not bar 第九条 or 第十条.",
    },
    Interpretation {
        name: "seven_days_are_calendar_days",
        clauses: &["11"],
        zh: "第十一条“7日”与“5个工作日”并用，未写“工作日”的按自然日计算；期间最后一日为法定休假日（含周末，不含调休上班日）的，顺延至休假日后的第一个工作日（民法典第二百零三条）。",
        en: "第十一条's \"7日\", beside \"5个工作日\", counts calendar days; a last day on a statutory rest day (weekends included, make-up working days excluded) moves to the next working day (民法典 第二百零三条).",
    },
    Interpretation {
        name: "seven_days_are_working_days",
        clauses: &["11"],
        zh: "第十一条“7日”与“5个工作日”并用，按工作日计算（与申请期限一致），起算日不计入。",
        en: "第十一条's \"7日\", beside \"5个工作日\", counts working days (like the application period); the start day is not counted.",
    },
    Interpretation {
        name: "late_application_bars",
        clauses: &["11", "9", "10"],
        zh: "第十一条的申请期限读作失权期限：逾期未提出书面申请的，不再适用第九条、第十条（第八条不受影响）。",
        en: "第十一条's application period is read as a bar: without a timely written application, 第九条 and 第十条 no longer apply (第八条 is unaffected).",
    },
    Interpretation {
        name: "overlap_mandatory_prevails",
        clauses: &["8", "9"],
        zh: "同一事实同时符合第八条（应当）和第九条（可以）的，以对执法人员更有利的第八条为准（第八条第二项/第九条第五项、第八条第五项/第九条第九项、第八条第六项/第九条第七项）。",
        en: "Where the same facts meet 第八条 (shall) and 第九条 (may), the more favourable 第八条 prevails (8.2/9.5, 8.5/9.9, 8.6/9.7).",
    },
    Interpretation {
        name: "overlap_discretionary_governs",
        clauses: &["8", "9"],
        zh: "同一事实同时符合第八条和第九条的，以更具体的第九条为准：第八条第二项、第五项、第六项在第九条第五项、第九项、第七项同时成立时不适用（依 order41=via_art16 该第九条项目本身也为应当的，无须适用此规则）。",
        en: "Where the same facts meet 第八条 and 第九条, the more specific 第九条 governs: 8.2, 8.5 and 8.6 give way while 9.5, 9.9 and 9.7 respectively hold (unless order41=via_art16 makes that 第九条 item mandatory too: then there is nothing to govern).",
    },
    Interpretation {
        name: "draft_modalities_as_written",
        clauses: &["9", "10", "16"],
        zh: "第九条、第十条按草案原文为“可以”；不借第十六条引入《市场监督管理行政执法责任制规定》（市场监管总局令第41号）。",
        en: "第九条 and 第十条 stay discretionary (\"可以\") as written; SAMR Order No. 41 is not read in through 第十六条.",
    },
    Interpretation {
        name: "order41_via_art16",
        clauses: &["16", "9.1", "9.3", "9.5", "9.7", "9.9", "10.3"],
        zh: "依第十六条，以《市场监督管理行政执法责任制规定》（市场监管总局令第41号）第九条、第十一条、第十二条为准：第九条第一、三、五、七、九项为应当免责（与履职尽责同一效果），第十条第三项（无故意或重大过失）为完全免责。",
        en: "Through 第十六条, SAMR Order No. 41 (2021) 第九条、第十一条、第十二条 prevail: 9(一)(三)(五)(七)(九) become mandatory (the effect of due diligence) and 10(三) (no intent or gross negligence) a complete defence.",
    },
    Interpretation {
        name: "crime_transfer_not_tolerated",
        clauses: &["12", "16"],
        zh: "第十二条“涉嫌犯罪的，依法移送司法机关”不以应当追责为前提：刑事责任不在本制度容错、减轻的范围内（第十六条：与上位法不一致的，以上位法为准）。",
        en: "第十二条's transfer of a suspected crime to the judicial organs does not depend on liability under this draft: criminal liability is beyond its tolerance and mitigation (第十六条: higher rules prevail).",
    },
    Interpretation {
        name: "error_or_fault_for_art13",
        clauses: &["13"],
        zh: "第十三条所称“存在失误或者错误”，以已查明出现失误（error_occurred）或者存在执法过错（enforcement_fault）为准；尚未查明的，督促汲取教训的义务以查明为条件；查明两者均不存在的，不适用第十三条。",
        en: "第十三条's \"存在失误或者错误\" is an established error (error_occurred) or enforcement fault (enforcement_fault); while neither is established but either may be, the lesson-learning duty arises only once one is; where both are found absent, 第十三条 does not apply.",
    },
    Interpretation {
        name: "no_fault_is_not_liable",
        clauses: &["12", "15"],
        zh: "查明不存在“未履行、不当履行、违法履行法定职责”且第八、九、十条均不适用的，第十二条的前提不成立，不予追究，亦属第十五条所称“依照本制度不予追究责任”。",
        en: "Where \"not performing, improperly or unlawfully performing statutory duties\" is found absent and no ground of 第八、九、十条 holds, 第十二条's premise fails: the officer is not held liable, which is \"not held liable under this draft\" in 第十五条.",
    },
    Interpretation {
        name: "effect_from_lead_in",
        clauses: &["8", "9", "10"],
        zh: "一项情形的效果取决于它现在所在条的引语：含“履职尽责”的（第八条）应当认定为履职尽责，含“容错免责”的（第九条）可以容错免责，含“从轻”“减轻”的（第十条）可以从轻或者减轻。修订稿将某项移入另一条的，按新所在条的效果认定。",
        en: "An item's effect is that of the article it now stands in, read from the article's lead-in: 履职尽责 (第八条) is mandatory due diligence, 容错免责 (第九条) discretionary exemption, 从轻/减轻 (第十条) discretionary mitigation. An item a revision moves into another article takes that article's effect.",
    },
    Interpretation {
        name: "added_clause_by_assertion",
        clauses: &["8", "9", "10"],
        zh: "修订稿在第八、九、十条中新增、而参照文本没有对应规则的一项，与兜底项一样：由审查人员附理由认定其成立，并按所在条的效果认定。",
        en: "An item a revision adds to 第八、九、十条, with no rule of the reference text, is treated like a catch-all: it holds when the reviewer asserts it with a justification, with its article's effect.",
    },
    Interpretation {
        name: "only_a_granting_decision_is_notified",
        clauses: &["11"],
        zh: "第十一条“容错决定作出后，应当于7日内告知……且在一定范围内公开”只适用于予以容错的决定；决定不予容错的，不产生告知、公开义务。",
        en: "第十一条's duty to notify within 7日 and disclose applies to a decision that grants tolerance (容错决定); a decision refusing tolerance carries no such duty.",
    },
    Interpretation {
        name: "due_diligence_counts_as_exempted",
        clauses: &["13", "14", "15"],
        zh: "第十三、十四、十五条所称“不予追究责任”“予以容错免责”包括认定为履职尽责（第八条）；依第九条仅“可以”容错免责的，相关义务以追责问责机关决定免责为条件。",
        en: "\"Not held liable\" and \"exempted\" in 第十三、十四、十五条 include due diligence (第八条); under 第九条 (\"may\" exempt) these duties arise only if the authority grants the exemption.",
    },
    Interpretation {
        name: "completions_decide",
        clauses: &["8", "9", "10", "12"],
        zh: "尚有未查明的事实，但其每一种可能的取值都导致同一结论（或规则已得出的结论在任何取值下都不可能）时，以全部可能取值所共同导致的结论为准。",
        en: "Where facts are still unknown but every way they could turn out leads to one disposition (or none leads to the one the rules reached), the disposition is what all of them lead to.",
    },
    Interpretation {
        name: "exclusions_entail",
        clauses: &["3", "8.1", "9.1", "9.5", "11", "12"],
        zh: "案件未写明、但由已写明的事实依互斥关系必然得出的事实，按已查明处理（例如已按照法定职责履行职责，即不存在执法过错）。",
        en: "A fact the case does not state but that its stated facts force through an exclusion is taken as established (for example, performing duties per law means there is no enforcement fault).",
    },
];

/// Interpretations the engine itself relies on, named in code rather than by a rule.
pub const ENGINE_INTERPRETATIONS: &[&str] = &["completions_decide", "exclusions_entail"];

/// A reading the draft leaves open, with its options: each option is a named interpretation.
/// Set on the command line (`--reading NAME=VALUE`) or in a case file (`"readings"`); a rule
/// that depends on it names the switch in its `// interpretation:` comment.
#[derive(Clone, Copy, Debug)]
pub struct Switch {
    pub name: &'static str,
    /// (value, interpretation) pairs; the first is the default.
    pub options: &'static [(&'static str, &'static str)],
}

impl Switch {
    /// The default value: the first option.
    pub fn default_value(&self) -> &'static str {
        self.options.first().map_or("", |o| o.0)
    }
}

pub const SWITCHES: &[Switch] = &[
    Switch {
        name: "seven_days",
        options: &[
            ("calendar_days", "seven_days_are_calendar_days"),
            ("working_days", "seven_days_are_working_days"),
        ],
    },
    Switch {
        name: "late_application",
        options: &[
            ("no_bar", "late_application_does_not_bar"),
            ("bars", "late_application_bars"),
        ],
    },
    Switch {
        name: "overlap",
        options: &[
            ("mandatory_prevails", "overlap_mandatory_prevails"),
            ("discretionary_governs", "overlap_discretionary_governs"),
        ],
    },
    Switch {
        name: "transferred_evidence",
        options: &[
            ("art9_7", "transferred_evidence_under_9_7"),
            ("department_act", "transferred_evidence_is_department_act"),
        ],
    },
    Switch {
        name: "order41",
        options: &[
            ("as_written", "draft_modalities_as_written"),
            ("via_art16", "order41_via_art16"),
        ],
    },
];

/// The items of the draft that match SAMR Order No. 41 (2021) 第九条、第十一条、第十二条 —
/// mandatory there, "可以" here — and 第十条第三项, which Order 41 第九条 makes a complete
/// defence (no intent or gross negligence, no liability). Read in only under
/// `order41=via_art16`; clause ids of the bundled draft.
pub const ORDER41_MANDATORY: &[&str] = &["9.1", "9.3", "9.5", "9.7", "9.9", "10.3"];

/// Items of 第九条 granted on the same facts as an item of 第八条 (legal.md, "defects"):
/// (discretionary, mandatory). Clause ids of the bundled draft.
pub const TWINS: &[(&str, &str)] = &[("9.5", "8.2"), ("9.9", "8.5"), ("9.7", "8.6")];

/// Looks a switch up by name.
pub fn switch(name: &str) -> Option<&'static Switch> {
    SWITCHES.iter().find(|s| s.name == name)
}

/// The value chosen for every switch (the default where none is given).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Readings {
    chosen: Vec<(&'static str, &'static str)>,
}

impl Default for Readings {
    fn default() -> Readings {
        Readings {
            chosen: SWITCHES
                .iter()
                .map(|s| (s.name, s.default_value()))
                .collect(),
        }
    }
}

/// Why a reading could not be set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadingError {
    UnknownSwitch {
        name: String,
        known: Vec<&'static str>,
    },
    UnknownValue {
        name: &'static str,
        value: String,
        options: Vec<&'static str>,
    },
    Malformed {
        given: String,
    },
}

impl ReadingError {
    pub fn message(&self, lang: crate::base::lang::Lang) -> String {
        use crate::base::limits::quoted;
        match self {
            ReadingError::UnknownSwitch { name, known } => {
                let name = quoted(name);
                lang.pick(
                    format!("未知的解释开关“{name}”；可用：{}", known.join("、")),
                    format!("unknown reading \"{name}\"; known: {}", known.join(", ")),
                )
            }
            ReadingError::UnknownValue {
                name,
                value,
                options,
            } => {
                let value = quoted(value);
                lang.pick(
                    format!(
                        "解释开关 {name} 没有取值“{value}”；可用：{}",
                        options.join("、")
                    ),
                    format!(
                        "reading {name} has no value \"{value}\"; options: {}",
                        options.join(", ")
                    ),
                )
            }
            ReadingError::Malformed { given } => {
                let given = quoted(given);
                lang.pick(
                    format!("“{given}”不是 NAME=VALUE 形式"),
                    format!("\"{given}\" is not of the form NAME=VALUE"),
                )
            }
        }
    }
}

impl Readings {
    /// The default readings, then each with one switch set to one of its other options: the
    /// settings the tests sweep.
    pub fn one_switch_settings() -> Vec<Readings> {
        let mut settings = vec![Readings::default()];
        for sw in SWITCHES {
            for (value, _) in sw.options.iter().skip(1) {
                let mut r = Readings::default();
                if r.set(sw.name, value).is_ok() {
                    settings.push(r);
                }
            }
        }
        settings
    }

    /// Sets one switch.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), ReadingError> {
        let sw = switch(name).ok_or_else(|| ReadingError::UnknownSwitch {
            name: name.to_string(),
            known: SWITCHES.iter().map(|s| s.name).collect(),
        })?;
        let (v, _) = sw
            .options
            .iter()
            .find(|(v, _)| *v == value)
            .ok_or_else(|| ReadingError::UnknownValue {
                name: sw.name,
                value: value.to_string(),
                options: sw.options.iter().map(|(v, _)| *v).collect(),
            })?;
        for c in &mut self.chosen {
            if c.0 == sw.name {
                c.1 = v;
            }
        }
        Ok(())
    }

    /// Parses `NAME=VALUE` and sets it.
    pub fn set_pair(&mut self, pair: &str) -> Result<(), ReadingError> {
        let (n, v) = pair
            .split_once('=')
            .ok_or_else(|| ReadingError::Malformed {
                given: pair.to_string(),
            })?;
        self.set(n.trim(), v.trim())
    }

    /// The chosen value of a switch.
    pub fn value(&self, name: &str) -> Option<&'static str> {
        self.chosen
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
    }

    /// The interpretation a name stands for under these readings: a switch gives its chosen
    /// option's interpretation; any other name is itself.
    pub fn resolve<'a>(&self, name: &'a str) -> &'a str
    where
        'static: 'a,
    {
        match (switch(name), self.value(name)) {
            (Some(sw), Some(v)) => sw
                .options
                .iter()
                .find(|(o, _)| *o == v)
                .map(|(_, i)| *i)
                .unwrap_or(name),
            _ => name,
        }
    }

    /// The switches set away from their default, as `name=value`.
    pub fn non_default(&self) -> Vec<String> {
        self.chosen
            .iter()
            .filter(|(n, v)| switch(n).is_some_and(|s| s.default_value() != *v))
            .map(|(n, v)| format!("{n}={v}"))
            .collect()
    }
}

/// Looks an interpretation up by name.
pub fn find(name: &str) -> Option<&'static Interpretation> {
    INTERPRETATIONS.iter().find(|i| i.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::law::program::program;

    #[test]
    fn every_named_interpretation_is_defined_and_used() {
        let mut used: Vec<&str> = program()
            .rules
            .iter()
            .flat_map(|r| r.interpretations.iter().copied())
            .collect();
        // A switch named by a rule uses every one of its options.
        for name in used.clone() {
            if let Some(sw) = switch(name) {
                used.extend(sw.options.iter().map(|(_, i)| *i));
            }
        }
        for name in &used {
            assert!(
                find(name).is_some() || switch(name).is_some(),
                "{name} is not defined"
            );
        }
        used.extend(ENGINE_INTERPRETATIONS);
        for i in INTERPRETATIONS {
            assert!(used.contains(&i.name), "{} is never used by a rule", i.name);
        }
    }

    #[test]
    fn readings_default_parse_and_reject_with_the_options() {
        let mut r = Readings::default();
        assert_eq!(r.value("seven_days"), Some("calendar_days"));
        assert_eq!(r.resolve("seven_days"), "seven_days_are_calendar_days");
        assert_eq!(r.resolve("scope_is_exclusive"), "scope_is_exclusive");
        r.set_pair("seven_days=working_days").unwrap();
        assert_eq!(r.resolve("seven_days"), "seven_days_are_working_days");
        assert_eq!(r.non_default(), ["seven_days=working_days"]);
        assert!(matches!(
            r.set_pair("seven_day=x"),
            Err(ReadingError::UnknownSwitch { .. })
        ));
        assert!(matches!(
            r.set_pair("seven_days=weeks"),
            Err(ReadingError::UnknownValue { .. })
        ));
        assert!(matches!(
            r.set_pair("seven_days"),
            Err(ReadingError::Malformed { .. })
        ));
    }
}

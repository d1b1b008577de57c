//! The fact vocabulary: every atomic fact a case file may state, with its Chinese and English
//! label. Facts are three-valued in a case (true, false, or absent = unknown). Which clauses a
//! fact serves is not written here: it is read from the rules that use it (see `program`), so
//! the vocabulary and the rules cannot disagree.

/// Where a fact's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Stated by the reviewer in the case file's `facts`.
    Case,
    /// Computed by rongcuo from the case file's `dates` (a period of 第十一条).
    Computed,
}

/// One entry of the vocabulary.
#[derive(Clone, Copy, Debug)]
pub struct FactDef {
    pub fact: Fact,
    /// The name used in case files (snake_case).
    pub name: &'static str,
    /// The enum variant's name, as it appears in the rules.
    pub variant: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub source: Source,
}

macro_rules! vocabulary {
    ($($variant:ident $name:literal $source:ident $zh:literal $en:literal;)*) => {
        /// An atomic fact about a case.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Fact { $($variant),* }

        /// The whole vocabulary, in the order of the draft's articles.
        pub const VOCABULARY: &[FactDef] = &[
            $(FactDef {
                fact: Fact::$variant,
                name: $name,
                variant: stringify!($variant),
                zh: $zh,
                en: $en,
                source: Source::$source,
            }),*
        ];
    };
}

vocabulary! {
    // 第二条 scope
    InMarketRegulationSystem "in_market_regulation_system" Case
        "属于全市市场监管系统的公职人员" "is a public employee of the city's market regulation system";
    SandboxEnforcementRole "sandbox_enforcement_role" Case
        "从事保健食品经营环节沙盒监管行政执法" "carries out sandbox enforcement in health-food trading";
    // 第六条
    InterferenceOccurred "interference_occurred" Case
        "有单位或者个人违法干预行政执法活动、插手具体案件处理" "a unit or person unlawfully interfered with enforcement or meddled in the case";
    InterferenceRecorded "interference_recorded" Case
        "干预情况已全面、如实记录，存档备查" "the interference was recorded fully and truthfully and filed";
    // 第八条
    PerformedDutiesPerLaw "performed_duties_per_law" Case
        "已经按照法定职责、法定程序、岗位职责履行行政执法职责" "performed enforcement duties according to statutory duty, statutory procedure and post duties";
    CounterpartyFalsifiedEvidence "counterparty_falsified_evidence" Case
        "行政相对人隐瞒、伪造、毁灭证据或者提供虚假材料" "the administrative counterparty concealed, forged or destroyed evidence or supplied false materials";
    CounterpartyEvadedInvestigation "counterparty_evaded_investigation" Case
        "行政相对人逃避案件调查" "the administrative counterparty evaded the investigation";
    DecisionErroneous "decision_erroneous" Case
        "作出了错误的执法决定、判定或者处理" "an erroneous enforcement decision, finding or measure was made";
    EnforcementDelayed "enforcement_delayed" Case
        "行政执法行为不能及时作出" "the enforcement act could not be taken in time";
    DecisionDefied "decision_defied" Case
        "被执行人拒不执行行政处罚、行政命令等决定" "the party refused to carry out a penalty, order or similar decision";
    CompulsionSought "compulsion_sought" Case
        "已依法提请有批准权的人民政府责令停业、关闭或者已依法申请人民法院强制执行" "closure was sought from the competent government or court enforcement was applied for";
    IllegalOperationContinued "illegal_operation_continued" Case
        "被执行人仍违法生产经营" "the party still operated unlawfully";
    SeizedGoodsTampered "seized_goods_tampered" Case
        "当事人擅自隐匿、转移、变卖、损毁被查封、扣押的物品" "the party hid, moved, sold or destroyed sealed or seized goods";
    HarmOccurred "harm_occurred" Case
        "发生了危害后果" "harmful consequences occurred";
    EventUnforeseeable "event_unforeseeable" Case
        "存在不能预见（不可预知）的客观因素" "an objective factor could not be foreseen";
    EventUnavoidable "event_unavoidable" Case
        "存在不能避免的客观因素" "an objective factor could not be avoided";
    EventInsurmountable "event_insurmountable" Case
        "存在不能克服的客观因素" "an objective factor could not be overcome";
    DutyUnperformed "duty_unperformed" Case
        "执法部门及其执法人员未能依法履行职责" "the department and its officers could not perform their duties as the law requires";
    OtherDepartmentErred "other_department_erred" Case
        "其他有关部门作出了错误或者不当行政行为" "another department acted wrongly or improperly";
    StandardsOrScienceLimit "standards_or_science_limit" Case
        "因标准缺失或者现有科学技术水平的限制不能发现存在问题" "a missing standard or the limits of science prevented finding the problem";
    ViolationUncharacterizable "violation_uncharacterizable" Case
        "违法违规问题无法定性" "the violation could not be characterised";
    ViolationOrderedCorrected "violation_ordered_corrected" Case
        "违法行为已被依法查处（调查）并责令改正" "the violation had been investigated and correction ordered";
    RectificationIgnored "rectification_ignored" Case
        "当事人在整改期间不执行整改要求" "the party ignored the rectification requirements during rectification";
    AccidentOccurred "accident_occurred" Case
        "发生了事故" "an accident occurred";
    CaseInProceedings "case_in_proceedings" Case
        "事故发生时案件正在按法律程序办理或者移送" "the case was being processed or transferred under legal procedure when the accident occurred";
    // 第九条
    ImplementingHigherDirective "implementing_higher_directive" Case
        "为贯彻落实上级决策部署" "acting to carry out a decision of a higher authority";
    PilotInitiative "pilot_initiative" Case
        "积极探索、先行先试，敢于担当、勇于作为" "exploring actively and piloting first, taking responsibility";
    SubjectiveFault "subjective_fault" Case
        "失误出于执法人员的主观原因（为假即非主观失误）" "the error came from the officer's own fault (false = a non-subjective error)";
    ConstrainedByConditions "constrained_by_conditions" Case
        "受条件限制出现一定的履职瑕疵" "a flaw in performing duties arose from limited conditions";
    PerformedDutyOrObligation "performed_duty_or_obligation" Case
        "已履行法定职责或应尽义务" "performed the statutory duty or the obligations owed";
    RulesAbsentOrVague "rules_absent_or_vague" Case
        "法律、法规、规章和内部行政管理制度没有规定或规定不具体" "laws, regulations, rules and internal rules were silent or unspecific";
    RulesMisunderstood "rules_misunderstood" Case
        "执法部门及其执法人员因此理解错误" "the department and its officers misunderstood them as a result";
    MultipleEnforcementBodies "multiple_enforcement_bodies" Case
        "涉及多家执法主体" "several enforcement bodies were involved";
    ProactiveAction "proactive_action" Case
        "主动担当、积极作为" "the officer took responsibility and acted proactively";
    ErrorOccurred "error_occurred" Case
        "出现了失误、偏差或者问题" "an error, deviation or problem arose";
    ComplaintReceived "complaint_received" Case
        "引发了投诉或者信访举报" "a complaint or petition report was made";
    ThirdPartyFalsifiedEvidence "third_party_falsified_evidence" Case
        "第三方隐瞒、伪造、毁灭证据或者提供虚假材料" "a third party concealed, forged or destroyed evidence or supplied false materials";
    EnforcementObstructed "enforcement_obstructed" Case
        "行政相对人、第三方不配合、妨碍执法" "the counterparty or a third party refused to cooperate or obstructed enforcement";
    MeasuresExhausted "measures_exhausted" Case
        "行政执法人员穷尽各类行政措施或手段" "the officer exhausted every administrative measure";
    InterpretationDelayed "interpretation_delayed" Case
        "有权机关未在规定时限内作出法律解释" "the competent body did not give a legal interpretation within its time limit";
    TimeLimitExceeded "time_limit_exceeded" Case
        "行政执法行为超出法定时限" "the enforcement act exceeded its statutory time limit";
    StatutoryDeductionApplies "statutory_deduction_applies" Case
        "法律法规对执法期限扣除另有规定" "a law provides for deducting time from the enforcement period";
    DueCareInReview "due_care_in_review" Case
        "确已尽到审慎审核义务" "the duty of careful review was truly discharged";
    TransferredEvidenceWrong "transferred_evidence_wrong" Case
        "其他部门移交的证据、认定意见等出现错误" "evidence or findings transferred by another department were wrong";
    ExpertReportWrong "expert_report_wrong" Case
        "法定机构出具的检验、检测、鉴定报告等出现错误" "an inspection, test or appraisal report of a statutory body was wrong";
    EmergencyTask "emergency_task" Case
        "在应对突发事件或者执行急难险重任务过程中" "while responding to an emergency or an urgent, hard or dangerous task";
    RapidResponseShortcut "rapid_response_shortcut" Case
        "为快速处置，未按正常程序办理相关手续或存在程序瑕疵" "to act fast, formalities were skipped or the procedure was flawed";
    // 第十条、第十二条
    EnforcementFault "enforcement_fault" Case
        "存在行政执法过错（未履行、不当履行、违法履行法定职责）" "an enforcement fault exists (duty not performed, performed improperly or unlawfully)";
    ReportedAndRemedied "reported_and_remedied" Case
        "主动、及时报告并采取补救措施" "reported promptly of own accord and took remedial measures";
    HarmAverted "harm_averted" Case
        "有效避免损失，阻止危害后果发生或者消除不良影响" "losses were avoided, harm prevented or bad effects removed";
    CooperatedWithInquiry "cooperated_with_inquiry" Case
        "积极配合问责调查" "cooperated actively with the accountability inquiry";
    AcceptedResponsibility "accepted_responsibility" Case
        "主动承担责任" "accepted responsibility of own accord";
    IntentOrGrossNegligence "intent_or_gross_negligence" Case
        "存在主观故意或者重大过失（为假即有充分证据证明不存在）" "intent or gross negligence exists (false = sufficient evidence proves there was none)";
    SuspectedCrime "suspected_crime" Case
        "涉嫌犯罪" "a crime is suspected";
    // 第十一条
    ApplicationFiled "application_filed" Case
        "已提出容错书面申请（为假即未提出申请；给出申请日期即为真）" "a written tolerance application was filed (false = none was filed; an application date makes it true)";
    ApplicantEligible "applicant_eligible" Case
        "容错申请由执法人员本人或所在单位党组织提出" "the application came from the officer or the unit's Party organisation";
    ApplicationInWriting "application_in_writing" Case
        "容错申请为书面申请" "the application was in writing";
    EvidenceAttached "evidence_attached" Case
        "申请附有相关证据材料" "the application came with supporting evidence";
    ToleranceGranted "tolerance_granted" Case
        "容错决定予以容错（为假即决定不予容错）" "the tolerance decision granted tolerance (false = it refused)";
    DecisionDisclosed "decision_disclosed" Case
        "容错决定已在一定范围内公开" "the tolerance decision was disclosed within an appropriate scope";
    ApplicationTimely "application_timely" Computed
        "容错申请在期限内提出（由日期计算）" "the application was filed within the period (computed from dates)";
    DecisionMade "decision_made" Computed
        "已作出容错决定（由日期得出）" "a tolerance decision was made (from dates)";
    NotificationTimely "notification_timely" Computed
        "容错决定在期限内告知（由日期计算）" "the decision was notified within the period (computed from dates)";
    // 第十四条
    ComplaintUnfounded "complaint_unfounded" Case
        "信访举报经查不属实或者查无实据" "the complaint was found untrue or unsupported";
    ComplaintRealName "complaint_real_name" Case
        "属实名举报（为假即匿名举报）" "the complaint was made under a real name (false = anonymous)";
    OfficerMaliciouslyAccused "officer_maliciously_accused" Case
        "执法人员受到恶意中伤、诬告陷害或者被恶意炒作和诽谤" "the officer was maliciously slandered, falsely accused or defamed";
}

impl Fact {
    pub fn def(self) -> &'static FactDef {
        // The vocabulary lists the variants in declaration order (the macro writes both).
        #[expect(clippy::indexing_slicing, reason = "one entry per variant, in order")]
        &VOCABULARY[self as usize]
    }
    pub fn name(self) -> &'static str {
        self.def().name
    }
    /// Looks a fact up by its case-file name.
    pub fn from_name(name: &str) -> Option<Fact> {
        // Case files name every fact they give: a table probed from the name's hash, not a
        // scan of the vocabulary.
        let mut slot = name_slot(name.as_bytes());
        for _ in 0..NAME_SLOTS {
            match BY_NAME.get(slot) {
                Some(Some(def)) if def.name == name => return Some(def.fact),
                Some(Some(_)) => slot = (slot + 1) % NAME_SLOTS,
                _ => return None,
            }
        }
        None
    }
    /// Looks a fact up by its variant name as written in the rules.
    pub fn from_variant(variant: &str) -> Option<Fact> {
        VOCABULARY
            .iter()
            .find(|d| d.variant == variant)
            .map(|d| d.fact)
    }
}

/// Two fact values that a case cannot state together, with the clause or reason that excludes
/// them. A case that states both is bad input; a case that states one of them entails the
/// opposite of the other (`entailed`), so that no completion of its unknown facts breaks it.
#[derive(Clone, Copy, Debug)]
pub struct Exclusion {
    pub name: &'static str,
    pub first: (Fact, bool),
    pub second: (Fact, bool),
    /// The clauses whose wording excludes the pair.
    pub clauses: &'static [&'static str],
    pub zh: &'static str,
    pub en: &'static str,
}

/// The exclusions between facts of the vocabulary.
pub const EXCLUSIONS: &[Exclusion] = &[
    Exclusion {
        name: "performed_duties_excludes_fault",
        first: (Fact::PerformedDutiesPerLaw, true),
        second: (Fact::EnforcementFault, true),
        clauses: &["3", "8.1", "12"],
        zh: "已经按照法定职责、法定程序、岗位职责履行职责（第三条、第八条第一项），与未履行、不当履行、违法履行法定职责（第十二条）互相排斥",
        en: "performing duties according to statutory duty, procedure and post (第三条, 第八条第一项) excludes not performing, or performing improperly or unlawfully (第十二条)",
    },
    Exclusion {
        name: "non_subjective_error_is_an_error",
        first: (Fact::SubjectiveFault, false),
        second: (Fact::ErrorOccurred, false),
        clauses: &["9.1", "9.5"],
        zh: "“非主观失误”（subjective_fault 为假）本身就是一项失误，不能同时认定未出现失误",
        en: "a non-subjective error (subjective_fault false) is itself an error; it cannot stand beside error_occurred false",
    },
    Exclusion {
        name: "no_application_is_not_timely",
        first: (Fact::ApplicationFiled, false),
        second: (Fact::ApplicationTimely, true),
        clauses: &["11"],
        zh: "未提出申请的，不存在“在期限内提出”",
        en: "no application filed means none was filed in time",
    },
];

impl PartialEq for Exclusion {
    fn eq(&self, other: &Exclusion) -> bool {
        self.name == other.name
    }
}
impl Eq for Exclusion {}

/// The first exclusion that `value` (a fact's known value, `None` when unknown) breaks.
pub fn broken(value: impl Fn(Fact) -> Option<bool>) -> Option<&'static Exclusion> {
    EXCLUSIONS
        .iter()
        .find(|e| value(e.first.0) == Some(e.first.1) && value(e.second.0) == Some(e.second.1))
}

/// The unknown facts that the known ones force through an exclusion, with the value forced and
/// the exclusion and known fact that force it, until nothing more follows.
pub fn entailed(
    value: impl Fn(Fact) -> Option<bool>,
) -> Vec<(Fact, bool, &'static Exclusion, Fact)> {
    let mut out: Vec<(Fact, bool, &'static Exclusion, Fact)> = Vec::new();
    let now = |f: Fact, out: &[(Fact, bool, &'static Exclusion, Fact)]| {
        value(f).or_else(|| out.iter().find(|e| e.0 == f).map(|e| e.1))
    };
    loop {
        let mut added = false;
        for e in EXCLUSIONS {
            for (known, other) in [(e.first, e.second), (e.second, e.first)] {
                if now(known.0, &out) == Some(known.1) && now(other.0, &out).is_none() {
                    out.push((other.0, !other.1, e, known.0));
                    added = true;
                }
            }
        }
        if !added {
            return out;
        }
    }
}

/// The bits of a slot of the name table.
const NAME_BITS: u32 = 8;
/// The slots of the name table: four times the vocabulary, so a lookup rarely probes twice.
const NAME_SLOTS: usize = 1 << NAME_BITS;
const _: () = assert!(VOCABULARY.len() * 2 < NAME_SLOTS);

/// The first slot to probe for `name`: a hash of its length and its first and last eight
/// bytes (all of a shorter name), which tell the vocabulary's names apart cheaply.
const fn name_slot(name: &[u8]) -> usize {
    let (head, tail) = match (name.first_chunk::<8>(), name.last_chunk::<8>()) {
        (Some(head), Some(tail)) => (u64::from_le_bytes(*head), u64::from_le_bytes(*tail)),
        _ => {
            let mut word = 0u64;
            let mut rest = name;
            while let [b, more @ ..] = rest {
                word = word << 8 | *b as u64;
                rest = more;
            }
            (word, 0)
        }
    };
    let mixed =
        (head ^ tail.rotate_left(29) ^ name.len() as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (mixed >> (u64::BITS - NAME_BITS)) as usize
}

/// The vocabulary by case-file name: an open-addressed table, each name in the first free
/// slot from its [`name_slot`] on. Built at compile time.
static BY_NAME: [Option<&FactDef>; NAME_SLOTS] = {
    let mut table: [Option<&FactDef>; NAME_SLOTS] = [None; NAME_SLOTS];
    let mut defs = VOCABULARY;
    while let [def, more @ ..] = defs {
        let mut slot = name_slot(def.name.as_bytes());
        #[expect(
            clippy::indexing_slicing,
            reason = "slot < NAME_SLOTS; evaluated at compile time"
        )]
        {
            while table[slot].is_some() {
                slot = (slot + 1) % NAME_SLOTS;
            }
            table[slot] = Some(def);
        }
        defs = more;
    }
    table
};

/// The vocabulary name nearest to `name` (edit distance), for "did you mean" messages.
pub fn nearest(name: &str) -> Option<&'static str> {
    nearest_of(
        name,
        VOCABULARY
            .iter()
            .filter(|d| d.source == Source::Case)
            .map(|d| d.name),
    )
}

/// The candidate nearest to `name` within half the longer one's length, for "did you mean"
/// messages. A candidate whose length differs from `name`'s by more than that is passed over
/// without computing the distance, so a huge name costs only its length.
pub fn nearest_of<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let len = name.chars().count();
    candidates
        .filter(|c| {
            let c = c.chars().count();
            len.abs_diff(c) <= len.max(c) / 2
        })
        .map(|c| (edit_distance(name, c), c))
        .filter(|(dist, c)| *dist <= c.chars().count().max(len) / 2)
        .min()
        .map(|(_, c)| c)
}

/// The edit distance between two names, counting a swap of two adjacent letters as one edit
/// (optimal string alignment), the commonest typing slip after a missing letter.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Rows i-2 (`before`) and i-1 (`prev`) of the distance table; each row is built from them.
    let far = usize::MAX / 2;
    let at = |v: &[usize], k: usize| v.get(k).copied().unwrap_or(far);
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut row = Vec::with_capacity(b.len() + 1);
        row.push(i + 1);
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut d = (at(&prev, j) + cost)
                .min(at(&prev, j + 1) + 1)
                .min(at(&row, j) + 1);
            let swapped = i > 0 && j > 0 && a.get(i - 1) == Some(&cb) && b.get(j - 1) == Some(&ca);
            if swapped {
                d = d.min(at(&before, j - 1) + 1);
            }
            row.push(d);
        }
        before = std::mem::replace(&mut prev, row);
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_outside_the_vocabulary_are_not_found() {
        for d in VOCABULARY {
            let n = d.name;
            for other in [
                &n[1..],
                &n[..n.len() - 1],
                &format!("{n}_"),
                &format!("_{n}"),
                &n.to_uppercase(),
                &n.replace('_', "-"),
            ] {
                assert_eq!(Fact::from_name(other), None, "{other}");
            }
        }
        for other in [
            "",
            "a",
            "harm",
            "harm_occ",
            "x".repeat(10_000).as_str(),
            "乐山",
        ] {
            assert_eq!(Fact::from_name(other), None, "{other}");
        }
    }

    #[test]
    fn vocabulary_is_in_declaration_order_and_names_are_unique() {
        for (i, d) in VOCABULARY.iter().enumerate() {
            assert_eq!(d.fact as usize, i, "{}", d.name);
            assert_eq!(Fact::from_name(d.name), Some(d.fact));
            assert!(d.name.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
        }
    }

    #[test]
    fn nearest_name_suggests_a_typo_fix() {
        assert_eq!(
            nearest("counterparty_falsifed_evidence"),
            Some("counterparty_falsified_evidence")
        );
        assert_eq!(nearest("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"), None);
        assert_eq!(nearest("harm_ocucrred"), Some("harm_occurred"));
        assert_eq!(edit_distance("fatcs", "facts"), 1);
        assert_eq!(edit_distance("fatcs", "dates"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        // A huge name is passed over by length, not compared letter by letter.
        assert_eq!(nearest(&"x".repeat(1_000_000)), None);
    }
}

//! The clauses of the draft as one crepe Datalog program, article by article in the draft's
//! order. Every rule sits under the key words of the clause it encodes; every derived tuple
//! carries a `Cite` (the clause id and which alternative of it) so that each conclusion names
//! its source. The tracer and the drafters' tools read this very block (see `program`): the
//! text between `crepe! {` and its closing brace is the only copy of any rule.
//!
//! Conventions of the program:
//! - `let r = at("8.2", 1), Bound(r, c)` opens each rule that encodes a clause: the engine supplies
//!   `Text(c)` only when clause 8.2 is present in the loaded policy text, so a rule whose clause
//!   was deleted does not fire.
//! - `Mode` doubles the fact layer: `Actual` holds what the case establishes, `Possible` also
//!   lets every unknown fact be either true or false. A ground in `Possible` but not `Actual`
//!   is still open; 第十二条 may only conclude liability when no ground is even possible.
//! - A comment line `interpretation: NAME` under a clause quote names the reading of the draft
//!   the rule relies on (see `interpret`).
//! - A comment line `anchor: PHRASE` names words of the clause the rules encode; tests check
//!   that each stands in its own clause of the reference text and in no sibling item.

use crate::law::facts::Fact::{self, *};
use crepe::crepe;

/// Which world a tuple of the fact layer belongs to (see the module doc).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    Actual,
    Possible,
}
use Mode::*;

impl Mode {
    /// The other mode: a negated premise is read in the dual mode, so that "certainly not" in
    /// `Actual` means "not even possibly" and vice versa.
    pub fn dual(self) -> Mode {
        match self {
            Actual => Possible,
            Possible => Actual,
        }
    }
}

/// A clause id with the number of the alternative (rule) of that clause; 0 for a rule that
/// concludes for a whole article. Compared, hashed and ordered by a number packed from
/// (article, item, alternative) when it is built, so crepe's indices never hash or compare the
/// string; the order is the text's (8.9 before 8.10).
#[derive(Clone, Copy)]
pub struct Cite {
    pub clause: &'static str,
    pub alt: u8,
    key: u32,
}

/// Builds a `Cite`; written in every rule as `let r = at("9.5", 1)`.
pub const fn at(clause: &'static str, alt: u8) -> Cite {
    // "9.5" -> article 9, item 5; "11" -> article 11, item 0.
    let mut rest = clause.as_bytes();
    let (mut article, mut item, mut in_item) = (0u32, 0u32, false);
    while let [b, tail @ ..] = rest {
        let digit = b.wrapping_sub(b'0') as u32;
        if *b == b'.' {
            in_item = true;
        } else if in_item {
            item = item * 10 + digit;
        } else {
            article = article * 10 + digit;
        }
        rest = tail;
    }
    Cite {
        clause,
        alt,
        key: (article << 16) | (item << 8) | alt as u32,
    }
}

impl PartialEq for Cite {
    fn eq(&self, other: &Cite) -> bool {
        self.key == other.key
    }
}
impl Eq for Cite {}
impl std::hash::Hash for Cite {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.key.hash(h)
    }
}
impl PartialOrd for Cite {
    fn partial_cmp(&self, other: &Cite) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Cite {
    fn cmp(&self, other: &Cite) -> std::cmp::Ordering {
        self.key.cmp(&other.key)
    }
}
impl std::fmt::Debug for Cite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}#{}", self.clause, self.alt)
    }
}

impl Cite {
    /// The article part of the clause id: "9" for "9.5".
    pub fn article(self) -> &'static str {
        match self.clause.split_once('.') {
            Some((article, _)) => article,
            None => self.clause,
        }
    }
}

/// The outcomes of 第二、八、九、十、十二条.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Outcome {
    OutOfScope,
    DueDiligence,
    ExemptionEligible,
    MitigationEligible,
    Liable,
    /// 第十二条's premise (未履行、不当履行、违法履行) fails and no ground holds: nothing to pursue.
    NoFault,
}

impl Outcome {
    pub const ALL: [Outcome; 6] = [
        Outcome::OutOfScope,
        Outcome::DueDiligence,
        Outcome::ExemptionEligible,
        Outcome::MitigationEligible,
        Outcome::Liable,
        Outcome::NoFault,
    ];
}

/// Whether a finding holds outright or only once something not yet established is: the
/// authority's discretion under 第九条 ("可以容错免责"), an error of the officer (第十三条
/// "存在失误或者错误"), both, or a tolerance decision that grants tolerance (第十一条).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Condition {
    Always,
    IfExemptionGranted,
    IfErrorEstablished,
    IfExemptionGrantedAndErrorEstablished,
    IfToleranceGranted,
}

impl Condition {
    pub const ALL: [Condition; 5] = [
        Condition::Always,
        Condition::IfExemptionGranted,
        Condition::IfErrorEstablished,
        Condition::IfExemptionGrantedAndErrorEstablished,
        Condition::IfToleranceGranted,
    ];
}

/// Procedural findings and side duties (第六、十一、十二、十三、十四、十五条).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Duty {
    RecordInterference,
    InterferenceNotRecorded,
    ApplicationTimely,
    ApplicationLate,
    NoApplicationFiled,
    ApplicantNotEligible,
    ApplicationNotInWriting,
    ApplicationWithoutEvidence,
    NotifyDecision,
    NotificationTimely,
    NotificationLate,
    DiscloseDecision,
    DecisionNotDisclosed,
    TransferToJudicialOrgans,
    LessonLearningSupervision,
    ComplaintFeedbackToReporter,
    ComplaintExplainedInScope,
    ClearOfficersName,
    NoEffectOnCareer,
}

crepe! {
    // ---- inputs, supplied by the engine from the case file and the loaded text ----
    @input
    #[derive(Debug)]
    pub struct Yes(pub Mode, pub Fact);
    @input
    #[derive(Debug)]
    pub struct No(pub Mode, pub Fact);
    // A clause of the reference text (the cite a rule names) and where it stands in the loaded
    // text; absent when the loaded text no longer has it.
    @input
    #[derive(Debug)]
    pub struct Bound(pub Cite, pub Cite);
    // The effect an article of the loaded text gives its items, read from its lead-in: "8" (应当
    // 认定为履职尽责), "9" (可以容错免责) or "10" (可以从轻或者减轻).
    @input
    #[derive(Debug)]
    pub struct Effect(pub &'static str, pub &'static str);
    // A clause of the loaded text that matches no clause of the reference text, in an article
    // with an effect: evaluable by assertion, like the catch-alls.
    @input
    #[derive(Debug)]
    pub struct Added(pub Cite);
    @input
    #[derive(Debug)]
    pub struct Asserted(pub &'static str);
    // The interpretations in force for the open readings (`interpret::SWITCHES`).
    @input
    #[derive(Debug)]
    pub struct Reading(pub &'static str);
    // Items that SAMR Order No. 41 makes mandatory, if read in through 第十六条.
    @input
    #[derive(Debug)]
    pub struct Promoted(pub &'static str);
    // A discretionary item of 第九条 and the mandatory item of 第八条 granted on the same facts.
    @input
    #[derive(Debug)]
    pub struct Twin(pub &'static str, pub &'static str);

    // ---- derived relations, lowest layer first ----
    @output
    #[derive(Debug)]
    pub struct InScope(pub Mode, pub Cite);
    @output
    #[derive(Debug)]
    pub struct Ground(pub Mode, pub Cite);
    @output
    #[derive(Debug)]
    pub struct ArticleHolds(pub Mode, pub &'static str);
    @output
    #[derive(Debug)]
    pub struct OutOfScope(pub Cite);
    @output
    #[derive(Debug)]
    pub struct Liable(pub Cite);
    @output
    #[derive(Debug)]
    pub struct Disposition(pub Outcome, pub Cite);
    @output
    #[derive(Debug)]
    pub struct NotPursued(pub Condition, pub Cite);
    @output
    #[derive(Debug)]
    pub struct Finding(pub Duty, pub Cite, pub Condition);
    @output
    #[derive(Debug)]
    pub struct Avails(pub Mode, pub &'static str, pub Cite);
    @output
    #[derive(Debug)]
    pub struct Barred(pub Mode, pub &'static str);
    @output
    #[derive(Debug)]
    pub struct Governed(pub Mode, pub &'static str);
    @output
    #[derive(Debug)]
    pub struct Erred(pub Mode, pub Cite);

    // ======== 第二条 适用范围 ========
    // 本制度主要适用于全市市场监管系统从事保健食品经营环节沙盒监管行政执法的公职人员
    // anchor: 沙盒监管行政执法的公职人员
    // interpretation: scope_is_exclusive
    InScope(m, c) <- let r = at("2", 1), Bound(r, c),
        Yes(m, InMarketRegulationSystem), Yes(m, SandboxEnforcementRole);

    // ======== 第八条 应当认定为履职尽责 ========
    // 行政执法人员履行职责过程中，符合下列情形的，应当认定为履职尽责
    // interpretation: art8_one_item_suffices

    // （一）已经按照法定职责、法定程序、岗位职责，履行行政执法职责的
    // anchor: 按照法定职责、法定程序、岗位职责
    Ground(m, c) <- let r = at("8.1", 1), Bound(r, c), InScope(m, _),
        Yes(m, PerformedDutiesPerLaw);
    // （二）因行政相对人隐瞒、伪造、毁灭证据或者提供虚假材料，致使作出错误执法决定
    // anchor: 隐瞒、伪造、毁灭证据或者提供虚假材料
    // interpretation: cause_fact_includes_causation
    Ground(m, c) <- let r = at("8.2", 1), Bound(r, c), InScope(m, _),
        Yes(m, CounterpartyFalsifiedEvidence), Yes(m, DecisionErroneous);
    // （二）……或者逃避案件调查致使行政执法行为不能及时作出的
    Ground(m, c) <- let r = at("8.2", 2), Bound(r, c), InScope(m, _),
        Yes(m, CounterpartyEvadedInvestigation), Yes(m, EnforcementDelayed);
    // （三）对拒不执行行政处罚、行政命令等决定，已依法提请……责令停业、关闭或者已经依法申请人民法院强制执行，被执行人仍违法生产经营的
    // anchor: 拒不执行行政处罚
    Ground(m, c) <- let r = at("8.3", 1), Bound(r, c), InScope(m, _),
        Yes(m, DecisionDefied), Yes(m, CompulsionSought), Yes(m, IllegalOperationContinued);
    // （四）因当事人擅自隐匿、转移、变卖、损毁被查封、扣押的物品导致危害后果发生的
    // anchor: 被查封、扣押的物品
    Ground(m, c) <- let r = at("8.4", 1), Bound(r, c), InScope(m, _),
        Yes(m, SeizedGoodsTampered), Yes(m, HarmOccurred);
    // （五）因不能预见、不能避免或不能克服等不可抗力因素，导致……未能依法履行职责的
    // anchor: 不可抗力
    // interpretation: force_majeure_as_written
    Ground(m, c) <- let r = at("8.5", 1), Bound(r, c), InScope(m, _),
        Yes(m, EventUnforeseeable), Yes(m, DutyUnperformed);
    Ground(m, c) <- let r = at("8.5", 2), Bound(r, c), InScope(m, _),
        Yes(m, EventUnavoidable), Yes(m, DutyUnperformed);
    Ground(m, c) <- let r = at("8.5", 3), Bound(r, c), InScope(m, _),
        Yes(m, EventInsurmountable), Yes(m, DutyUnperformed);
    // （六）因其他有关部门错误或者不当行政行为，导致作出错误判定或者处理的
    // anchor: 其他有关部门错误或者不当行政行为
    Ground(m, c) <- let r = at("8.6", 1), Bound(r, c), InScope(m, _),
        Yes(m, OtherDepartmentErred), Yes(m, DecisionErroneous);
    // （六）（同上）其他部门移交的错误证据、认定意见, read as that department's wrongful act
    // (not the default: by default 第九条第七项 governs transferred evidence)
    // interpretation: transferred_evidence
    Ground(m, c) <- let r = at("8.6", 2), Bound(r, c), Reading("transferred_evidence_is_department_act"),
        InScope(m, _), Yes(m, TransferredEvidenceWrong), Yes(m, DecisionErroneous);
    // （七）因标准缺失或者现有科学技术水平的限制不能发现存在问题，导致违法违规问题无法定性的
    // anchor: 标准缺失
    Ground(m, c) <- let r = at("8.7", 1), Bound(r, c), InScope(m, _),
        Yes(m, StandardsOrScienceLimit), Yes(m, ViolationUncharacterizable);
    // （八）违法行为被依法查处和责令改正，在整改期间不执行整改要求导致发生事故的
    // anchor: 不执行整改要求
    Ground(m, c) <- let r = at("8.8", 1), Bound(r, c), InScope(m, _),
        Yes(m, ViolationOrderedCorrected), Yes(m, RectificationIgnored), Yes(m, AccidentOccurred);
    // （九）违法行为已被依法调查和责令改正，在按法律程序办理或者移送过程中发生事故的
    // anchor: 移送过程中发生事故
    Ground(m, c) <- let r = at("8.9", 1), Bound(r, c), InScope(m, _),
        Yes(m, ViolationOrderedCorrected), Yes(m, CaseInProceedings), Yes(m, AccidentOccurred);
    // （十）其他履职尽责依法不应当追究责任的情形
    // anchor: 其他履职尽责
    // interpretation: catch_all_by_assertion
    Ground(m, c) <- let r = at("8.10", 1), Bound(r, c), InScope(m, _),
        Asserted(c.clause);

    // ======== 第九条 可以容错免责 ========
    // 行政执法人员在履行法定职责过程中，有下列情形之一的，可以容错免责

    // （一）为贯彻落实上级决策部署……积极探索、先行先试，敢于担当、勇于作为出现非主观失误
    // anchor: 先行先试
    // interpretation: non_subjective_error_is_an_error
    Ground(m, c) <- let r = at("9.1", 1), Bound(r, c), InScope(m, _),
        Yes(m, ImplementingHigherDirective), Yes(m, PilotInitiative), Yes(m, ErrorOccurred), No(m, SubjectiveFault);
    // （一）……或受条件限制出现一定的履职瑕疵的
    Ground(m, c) <- let r = at("9.1", 2), Bound(r, c), InScope(m, _),
        Yes(m, ImplementingHigherDirective), Yes(m, PilotInitiative), Yes(m, ConstrainedByConditions);
    // （三）已履行法定职责或应尽义务，但因法律、法规、规章和内部行政管理制度没有规定或规定不具体致使……理解错误，导致危害后果发生的
    // anchor: 没有规定或规定不具体
    Ground(m, c) <- let r = at("9.3", 1), Bound(r, c), InScope(m, _),
        Yes(m, PerformedDutyOrObligation), Yes(m, RulesAbsentOrVague), Yes(m, RulesMisunderstood), Yes(m, HarmOccurred);
    // （四）因涉及多家执法主体，主动担当、积极作为而出现问题
    // anchor: 涉及多家执法主体
    Ground(m, c) <- let r = at("9.4", 1), Bound(r, c), InScope(m, _),
        Yes(m, MultipleEnforcementBodies), Yes(m, ProactiveAction), Yes(m, ErrorOccurred);
    // （四）……或引发投诉的
    Ground(m, c) <- let r = at("9.4", 2), Bound(r, c), InScope(m, _),
        Yes(m, MultipleEnforcementBodies), Yes(m, ProactiveAction), Yes(m, ComplaintReceived);
    // （五）因行政相对人、第三方隐瞒、伪造、毁灭证据，提供虚假材料……出现非主观失误，导致危害后果发生的
    // anchor: 隐瞒、伪造、毁灭证据
    // interpretation: non_subjective_error_is_an_error
    Ground(m, c) <- let r = at("9.5", 1), Bound(r, c), InScope(m, _),
        Yes(m, CounterpartyFalsifiedEvidence), Yes(m, ErrorOccurred), No(m, SubjectiveFault), Yes(m, HarmOccurred);
    Ground(m, c) <- let r = at("9.5", 2), Bound(r, c), InScope(m, _),
        Yes(m, ThirdPartyFalsifiedEvidence), Yes(m, ErrorOccurred), No(m, SubjectiveFault), Yes(m, HarmOccurred);
    // （五）……以及逃避案件调查等原因，出现非主观失误，导致危害后果发生的
    Ground(m, c) <- let r = at("9.5", 3), Bound(r, c), InScope(m, _),
        Yes(m, CounterpartyEvadedInvestigation), Yes(m, ErrorOccurred), No(m, SubjectiveFault), Yes(m, HarmOccurred);
    // （六）因行政相对人、第三方不配合、妨碍执法，且行政执法人员穷尽各类行政措施或手段……致使行政执法行为超出法定时限的，但法律法规对执法期限扣除另有规定的除外
    // anchor: 超出法定时限
    Ground(m, c) <- let r = at("9.6", 1), Bound(r, c), InScope(m, _),
        Yes(m, EnforcementObstructed), Yes(m, MeasuresExhausted), Yes(m, TimeLimitExceeded), No(m, StatutoryDeductionApplies);
    // （六）……或者因有权机关未在规定时限内作出法律解释等原因，致使行政执法行为超出法定时限的（但书同上）
    Ground(m, c) <- let r = at("9.6", 2), Bound(r, c), InScope(m, _),
        Yes(m, InterpretationDelayed), Yes(m, TimeLimitExceeded), No(m, StatutoryDeductionApplies);
    // （七）确已尽到审慎审核义务，但因其他部门移交的证据、认定意见等……出现错误，导致作出错误的行政执法决定
    // anchor: 审慎审核义务
    // interpretation: transferred_evidence
    Ground(m, c) <- let r = at("9.7", 1), Bound(r, c), InScope(m, _),
        Yes(m, DueCareInReview), Yes(m, TransferredEvidenceWrong), Yes(m, DecisionErroneous);
    // （七）……或法定机构出具的检验、检测、鉴定报告等出现错误，导致作出错误的行政执法决定
    Ground(m, c) <- let r = at("9.7", 2), Bound(r, c), InScope(m, _),
        Yes(m, DueCareInReview), Yes(m, ExpertReportWrong), Yes(m, DecisionErroneous);
    // （八）在应对突发事件或者执行急难险重任务过程中，为快速处置，未按正常程序办理相关手续或存在程序瑕疵的
    // anchor: 突发事件
    Ground(m, c) <- let r = at("9.8", 1), Bound(r, c), InScope(m, _),
        Yes(m, EmergencyTask), Yes(m, RapidResponseShortcut);
    // （九）执法过程中，因不可抗力或不可预知因素影响，出现失误或者偏差的
    // anchor: 不可抗力或不可预知
    // interpretation: force_majeure_as_written
    Ground(m, c) <- let r = at("9.9", 1), Bound(r, c), InScope(m, _),
        Yes(m, EventUnforeseeable), Yes(m, ErrorOccurred);
    Ground(m, c) <- let r = at("9.9", 2), Bound(r, c), InScope(m, _),
        Yes(m, EventUnavoidable), Yes(m, ErrorOccurred);
    Ground(m, c) <- let r = at("9.9", 3), Bound(r, c), InScope(m, _),
        Yes(m, EventInsurmountable), Yes(m, ErrorOccurred);
    // （十）其他可以容错免责的情形
    // anchor: 其他可以容错免责
    // interpretation: catch_all_by_assertion
    Ground(m, c) <- let r = at("9.10", 1), Bound(r, c), InScope(m, _),
        Asserted(c.clause);

    // ======== 第十条 可以从轻或者减轻追究 ========
    // 虽存在行政执法过错行为，但有下列情形之一的
    // interpretation: fault_of_art10_is_fault_of_art12

    // （一）能够主动、及时报告并采取补救措施，有效避免损失，阻止危害后果发生或者消除不良影响的
    // anchor: 补救措施
    Ground(m, c) <- let r = at("10.1", 1), Bound(r, c), InScope(m, _),
        Yes(m, EnforcementFault), Yes(m, ReportedAndRemedied), Yes(m, HarmAverted);
    // （二）积极配合问责调查，并主动承担责任的
    // anchor: 配合问责调查
    Ground(m, c) <- let r = at("10.2", 1), Bound(r, c), InScope(m, _),
        Yes(m, EnforcementFault), Yes(m, CooperatedWithInquiry), Yes(m, AcceptedResponsibility);
    // （三）有充分证据证明不存在主观故意或者重大过失的
    // anchor: 主观故意或者重大过失
    // interpretation: false_means_proved_absent
    Ground(m, c) <- let r = at("10.3", 1), Bound(r, c), InScope(m, _),
        Yes(m, EnforcementFault), No(m, IntentOrGrossNegligence);
    // （四）其他依法依规可以从轻或者减轻追究责任的
    // anchor: 其他依法依规
    // interpretation: catch_all_by_assertion
    Ground(m, c) <- let r = at("10.4", 1), Bound(r, c), InScope(m, _),
        Yes(m, EnforcementFault), Asserted(c.clause);

    // ======== a clause the reference text does not have ========
    // An item added to an article with an effect has no rule of its own: it holds when the
    // reviewer asserts it with a justification, as the catch-alls do, and has its article's effect.
    // interpretation: added_clause_by_assertion
    Ground(m, c) <- Added(c), InScope(m, _), Asserted(c.clause);

    // ======== what each satisfied ground avails: the effect of which article ========
    // A ground has its own article's effect unless a reading in force says otherwise.
    // interpretation: overlap
    // interpretation: effect_from_lead_in
    Avails(m, a, c) <- Ground(m, c), Effect(c.article(), a), (a == "8"), !Governed(m.dual(), c.clause);
    // interpretation: late_application
    // interpretation: effect_from_lead_in
    Avails(m, a, c) <- Ground(m, c), Effect(c.article(), a), (a == "9"), !Barred(m.dual(), "11");
    // interpretation: late_application
    // interpretation: effect_from_lead_in
    Avails(m, a, c) <- Ground(m, c), Effect(c.article(), a), (a == "10"), !Barred(m.dual(), "11");
    // 第十六条 本制度规定与法律、法规、规章及上级部门规定不一致的，以法律、法规、规章及上级部门规定为准
    // interpretation: order41
    Avails(m, "8", c) <- Reading("order41_via_art16"), Ground(m, c), Promoted(c.clause);

    // 第十一条 容错建议……在追责问责机关启动追责问责程序5个工作日内……提出书面申请 (read as a bar)
    // interpretation: late_application
    Barred(m, r.article()) <- let r = at("11", 11), Bound(r, _), Reading("late_application_bars"),
        InScope(m, _), No(m, ApplicationTimely);
    // 第八条、第九条 grant the same facts; read so that the discretionary item governs (there
    // is nothing to govern where 第十六条 makes that item mandatory too)
    // interpretation: overlap
    Governed(m, mandatory) <- Reading("overlap_discretionary_governs"),
        Reading("draft_modalities_as_written"), Ground(m, c), Twin(c.clause, mandatory);
    // interpretation: overlap
    Governed(m, mandatory) <- Reading("overlap_discretionary_governs"),
        Reading("order41_via_art16"), Ground(m, c), Twin(c.clause, mandatory), !Promoted(c.clause);

    // ---- which articles hold at all, by the effect they avail (the clause id is the article's) ----
    ArticleHolds(m, "2") <- InScope(m, _);
    ArticleHolds(m, a) <- Avails(m, a, _);

    // ======== 第二条 (out of scope) ========
    // the case is outside the draft only when its facts rule scope out, not when they are silent
    OutOfScope(c) <- let r = at("2", 2), Bound(r, c), !ArticleHolds(Possible, "2");

    // ======== 第十二条 追究执法过错责任 ========
    // 未履行、不当履行、违法履行法定职责，不属于本制度规定可以容错免责、从轻或者减轻追责范围内的，应依法依规追究
    // anchor: 未履行、不当履行、违法履行法定职责
    // interpretation: art12_excludes_art8
    // interpretation: unknown_is_not_false
    Liable(c) <- let r = at("12", 1), Bound(r, c), InScope(Actual, _), Yes(Actual, EnforcementFault),
        !ArticleHolds(Possible, "8"), !ArticleHolds(Possible, "9"), !ArticleHolds(Possible, "10");

    // ======== the disposition: the most favourable established outcome ========
    // interpretation: most_favourable_disposition

    Disposition(Outcome::OutOfScope, c) <- OutOfScope(c);
    // 第八条 应当认定为履职尽责
    Disposition(Outcome::DueDiligence, c) <- Avails(Actual, "8", c);
    // 第九条 可以容错免责
    Disposition(Outcome::ExemptionEligible, c) <- Avails(Actual, "9", c),
        !ArticleHolds(Actual, "8");
    // 第十条 可以从轻或者减轻追究其执法过错责任
    Disposition(Outcome::MitigationEligible, c) <- Avails(Actual, "10", c),
        !ArticleHolds(Actual, "8"), !ArticleHolds(Actual, "9");
    // 第十二条 应依法依规追究行政执法过错责任或纪律责任
    Disposition(Outcome::Liable, c) <- Liable(c);
    // 第十二条 does not apply: 未履行、不当履行、违法履行 is found absent and no ground can hold, so
    // there is nothing to exempt, mitigate or pursue
    // interpretation: no_fault_is_not_liable
    Disposition(Outcome::NoFault, c) <- let r = at("12", 3), Bound(r, c), InScope(Actual, _),
        No(Actual, EnforcementFault),
        !ArticleHolds(Possible, "8"), !ArticleHolds(Possible, "9"), !ArticleHolds(Possible, "10");

    // 不予追究责任: outright under 第八条; under 第九条 only if the authority grants the exemption
    NotPursued(Condition::Always, c) <- Disposition(Outcome::DueDiligence, c);
    NotPursued(Condition::IfExemptionGranted, c) <- Disposition(Outcome::ExemptionEligible, c);
    // no fault: 第十二条 does not apply, so the officer is not held liable under this draft either
    // interpretation: no_fault_is_not_liable
    NotPursued(Condition::Always, c) <- Disposition(Outcome::NoFault, c);

    // ======== 第六条 干预记录 ========
    // 对任何单位或者个人违法干预行政执法活动、插手具体案件处理的情况，应当全面、如实记录，存档备查
    // anchor: 违法干预行政执法活动
    Finding(Duty::RecordInterference, c, Condition::Always) <- let r = at("6", 1), Bound(r, c),
        InScope(Actual, _), Yes(Actual, InterferenceOccurred);
    Finding(Duty::InterferenceNotRecorded, c, Condition::Always) <- let r = at("6", 2), Bound(r, c),
        InScope(Actual, _), Yes(Actual, InterferenceOccurred), No(Actual, InterferenceRecorded);

    // ======== 第十一条 容错程序 ========
    // 在追责问责机关启动追责问责程序5个工作日内向追责问责机关提出书面申请
    // anchor: 容错建议
    // interpretation: period_starts_at_procedure_start
    Finding(Duty::ApplicationTimely, c, Condition::Always) <- let r = at("11", 1), Bound(r, c),
        InScope(Actual, _), Yes(Actual, ApplicationTimely);
    // interpretation: late_application
    Finding(Duty::ApplicationLate, c, Condition::Always) <- let r = at("11", 2), Bound(r, c),
        InScope(Actual, _), Yes(Actual, ApplicationFiled), No(Actual, ApplicationTimely);
    // no written application at all: the period passed without one
    Finding(Duty::NoApplicationFiled, c, Condition::Always) <- let r = at("11", 12), Bound(r, c),
        InScope(Actual, _), No(Actual, ApplicationFiled);
    // 容错建议由执法人员本人或所在单位党组织……提出
    Finding(Duty::ApplicantNotEligible, c, Condition::Always) <- let r = at("11", 3), Bound(r, c),
        InScope(Actual, _), No(Actual, ApplicantEligible);
    // ……书面申请
    Finding(Duty::ApplicationNotInWriting, c, Condition::Always) <- let r = at("11", 4), Bound(r, c),
        InScope(Actual, _), No(Actual, ApplicationInWriting);
    // ……并附相关证据材料
    Finding(Duty::ApplicationWithoutEvidence, c, Condition::Always) <- let r = at("11", 5), Bound(r, c),
        InScope(Actual, _), No(Actual, EvidenceAttached);
    // 容错决定作出后，应当于7日内告知相关单位及当事人: only a decision that grants tolerance
    // interpretation: seven_days
    // interpretation: only_a_granting_decision_is_notified
    Finding(Duty::NotifyDecision, c, Condition::Always) <- let r = at("11", 6), Bound(r, c),
        InScope(Actual, _), Yes(Actual, DecisionMade), Yes(Actual, ToleranceGranted);
    Finding(Duty::NotifyDecision, c, Condition::IfToleranceGranted) <- let r = at("11", 13), Bound(r, c),
        InScope(Actual, _), Yes(Actual, DecisionMade), Yes(Possible, ToleranceGranted), !Yes(Actual, ToleranceGranted);
    Finding(Duty::NotificationTimely, c, Condition::Always) <- let r = at("11", 7), Bound(r, c),
        InScope(Actual, _), Yes(Actual, DecisionMade), Yes(Actual, ToleranceGranted), Yes(Actual, NotificationTimely);
    Finding(Duty::NotificationLate, c, Condition::Always) <- let r = at("11", 8), Bound(r, c),
        InScope(Actual, _), Yes(Actual, DecisionMade), Yes(Actual, ToleranceGranted), No(Actual, NotificationTimely);
    // 且在一定范围内公开
    Finding(Duty::DiscloseDecision, c, Condition::Always) <- let r = at("11", 9), Bound(r, c),
        InScope(Actual, _), Yes(Actual, DecisionMade), Yes(Actual, ToleranceGranted);
    Finding(Duty::DiscloseDecision, c, Condition::IfToleranceGranted) <- let r = at("11", 14), Bound(r, c),
        InScope(Actual, _), Yes(Actual, DecisionMade), Yes(Possible, ToleranceGranted), !Yes(Actual, ToleranceGranted);
    Finding(Duty::DecisionNotDisclosed, c, Condition::Always) <- let r = at("11", 10), Bound(r, c),
        InScope(Actual, _), Yes(Actual, DecisionMade), Yes(Actual, ToleranceGranted), No(Actual, DecisionDisclosed);

    // ======== 第十二条 移送司法机关 ========
    // 涉嫌犯罪的，依法移送司法机关追究刑事责任
    // interpretation: crime_transfer_not_tolerated
    Finding(Duty::TransferToJudicialOrgans, c, Condition::Always) <- let r = at("12", 2), Bound(r, c),
        InScope(Actual, _), Yes(Actual, SuspectedCrime);

    // ======== 第十三条 有错必纠 ========
    // 对存在失误或者错误的单位或个人，在不予追究责任的同时，应当及时督促其汲取教训、改进提高
    // anchor: 汲取教训
    // interpretation: error_or_fault_for_art13
    // (the reference cite: the two are told apart below)
    Erred(m, r) <- let r = at("13", 4), Bound(r, _), Yes(m, ErrorOccurred);
    Erred(m, r) <- let r = at("13", 5), Bound(r, _), Yes(m, EnforcementFault);
    Finding(Duty::LessonLearningSupervision, c, k) <- let r = at("13", 1), Bound(r, c),
        NotPursued(k, _), Erred(Actual, _);
    // the error is not yet established either way: the duty arises once it is
    Finding(Duty::LessonLearningSupervision, c, Condition::IfErrorEstablished) <- let r = at("13", 2), Bound(r, c),
        NotPursued(Condition::Always, _), Erred(Possible, _),
        !Erred(Actual, at("13", 4)), !Erred(Actual, at("13", 5));
    Finding(Duty::LessonLearningSupervision, c, Condition::IfExemptionGrantedAndErrorEstablished) <- let r = at("13", 3), Bound(r, c),
        NotPursued(Condition::IfExemptionGranted, _), Erred(Possible, _),
        !Erred(Actual, at("13", 4)), !Erred(Actual, at("13", 5));

    // ======== 第十四条 澄清保护 ========
    // 对信访举报中经查不属实、查无实据……的情形，属实名举报的，按规定向举报人反馈结果
    // anchor: 澄清保护机制
    Finding(Duty::ComplaintFeedbackToReporter, c, Condition::Always) <- let r = at("14", 1), Bound(r, c),
        InScope(Actual, _), Yes(Actual, ComplaintReceived), Yes(Actual, ComplaintUnfounded), Yes(Actual, ComplaintRealName);
    // ……或者经认定予以容错免责的情形，属实名举报的……
    // interpretation: due_diligence_counts_as_exempted
    Finding(Duty::ComplaintFeedbackToReporter, c, k) <- let r = at("14", 2), Bound(r, c),
        Yes(Actual, ComplaintReceived), Yes(Actual, ComplaintRealName), NotPursued(k, _);
    // ……属匿名举报的，在一定范围内说明情况
    Finding(Duty::ComplaintExplainedInScope, c, Condition::Always) <- let r = at("14", 3), Bound(r, c),
        InScope(Actual, _), Yes(Actual, ComplaintReceived), Yes(Actual, ComplaintUnfounded), No(Actual, ComplaintRealName);
    // interpretation: due_diligence_counts_as_exempted
    Finding(Duty::ComplaintExplainedInScope, c, k) <- let r = at("14", 4), Bound(r, c),
        Yes(Actual, ComplaintReceived), No(Actual, ComplaintRealName), NotPursued(k, _);
    // 对经查受到恶意中伤、诬告陷害以及被恶意炒作和诽谤的执法人员，及时……为其澄清和正名
    Finding(Duty::ClearOfficersName, c, Condition::Always) <- let r = at("14", 5), Bound(r, c),
        InScope(Actual, _), Yes(Actual, OfficerMaliciouslyAccused);

    // ======== 第十五条 不受影响 ========
    // 依照本制度不予追究责任的单位或个人，除有明确规定者外，在考核、考评、评先评优、干部选拔任用、职级职称晋升等方面应当不受影响
    // anchor: 不受影响
    Finding(Duty::NoEffectOnCareer, c, k) <- let r = at("15", 1), Bound(r, c),
        NotPursued(k, _);
}

/// The hasher crepe runs with (see `hash`).
pub type Hashes = crate::base::hash::FxBuild;
type Set<T> = std::collections::HashSet<T, Hashes>;

/// The outputs of one run, in the order crepe returns them.
pub type Output = (
    Set<InScope>,
    Set<Ground>,
    Set<ArticleHolds>,
    Set<OutOfScope>,
    Set<Liable>,
    Set<Disposition>,
    Set<NotPursued>,
    Set<Finding>,
    Set<Avails>,
    Set<Barred>,
    Set<Governed>,
    Set<Erred>,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cites_compare_by_clause_and_alternative_in_text_order() {
        assert_eq!(at("9.5", 1), at("9.5", 1));
        assert_ne!(at("9.5", 1), at("9.5", 2));
        assert_ne!(at("9.1", 1), at("9.10", 1));
        assert!(at("8.9", 3) < at("8.10", 1));
        assert!(at("10.4", 1) < at("11", 1));
        assert_eq!(at("10.4", 1).article(), "10");
        assert_eq!(format!("{:?}", at("8.2", 2)), "8.2#2");
    }
}

//! Names and bilingual labels of what the rules conclude: the dispositions (with
//! `undetermined`, which no rule derives) and the procedural findings and side duties. Case
//! files and JSON output use the snake_case names.

use crate::base::lang::Lang;
use crate::law::rules::{Condition, Duty, Outcome};

/// The disposition of a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Verdict {
    OutOfScope,
    DueDiligence,
    ExemptionEligible,
    MitigationEligible,
    Liable,
    /// 第十二条's premise fails: no enforcement fault, and no ground holds.
    NoFault,
    /// Unknown facts could still change the result: the completions of the case's unknown facts
    /// do not all lead to one disposition, and the facts establish none.
    Undetermined,
}

pub const VERDICTS: &[(Verdict, &str, &str, &str)] = &[
    (
        Verdict::OutOfScope,
        "out_of_scope",
        "不适用本制度",
        "outside the draft's scope",
    ),
    (
        Verdict::DueDiligence,
        "due_diligence",
        "应当认定为履职尽责",
        "due diligence (mandatory)",
    ),
    (
        Verdict::ExemptionEligible,
        "exemption_eligible",
        "可以容错免责",
        "eligible for tolerance exemption (discretionary)",
    ),
    (
        Verdict::MitigationEligible,
        "mitigation_eligible",
        "可以从轻或者减轻追究责任",
        "eligible for lighter or reduced liability (discretionary)",
    ),
    (
        Verdict::Liable,
        "liable",
        "应依法依规追究执法过错责任",
        "liable for the enforcement fault",
    ),
    (
        Verdict::NoFault,
        "no_fault",
        "不存在执法过错，不予追究（第十二条不适用）",
        "no enforcement fault: not liable (第十二条 does not apply)",
    ),
    (
        Verdict::Undetermined,
        "undetermined",
        "待定：尚未查明的事实可能改变结论",
        "undetermined: facts not yet established could change the result",
    ),
];

impl Verdict {
    fn row(self) -> &'static (Verdict, &'static str, &'static str, &'static str) {
        #[expect(
            clippy::indexing_slicing,
            reason = "one row per variant, in order (tested)"
        )]
        &VERDICTS[self as usize]
    }
    pub fn name(self) -> &'static str {
        self.row().1
    }
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(self.row().2, self.row().3)
    }
    pub fn from_name(name: &str) -> Option<Verdict> {
        VERDICTS.iter().find(|r| r.1 == name).map(|r| r.0)
    }
}

impl From<Outcome> for Verdict {
    fn from(o: Outcome) -> Verdict {
        match o {
            Outcome::OutOfScope => Verdict::OutOfScope,
            Outcome::DueDiligence => Verdict::DueDiligence,
            Outcome::ExemptionEligible => Verdict::ExemptionEligible,
            Outcome::MitigationEligible => Verdict::MitigationEligible,
            Outcome::Liable => Verdict::Liable,
            Outcome::NoFault => Verdict::NoFault,
        }
    }
}

pub const DUTIES: &[(Duty, &str, &str, &str)] = &[
    (
        Duty::RecordInterference,
        "record_interference",
        "应当全面、如实记录干预情况，存档备查",
        "the interference must be recorded fully and truthfully and filed",
    ),
    (
        Duty::InterferenceNotRecorded,
        "interference_not_recorded",
        "干预情况未按要求记录",
        "the interference was not recorded as required",
    ),
    (
        Duty::ApplicationTimely,
        "application_timely",
        "容错申请在期限内提出",
        "the tolerance application was filed in time",
    ),
    (
        Duty::ApplicationLate,
        "application_late",
        "容错申请逾期提出",
        "the tolerance application was filed late",
    ),
    (
        Duty::NoApplicationFiled,
        "no_application_filed",
        "未提出容错书面申请",
        "no written tolerance application was filed",
    ),
    (
        Duty::ApplicantNotEligible,
        "applicant_not_eligible",
        "申请人不是执法人员本人或所在单位党组织",
        "the applicant is neither the officer nor the unit's Party organisation",
    ),
    (
        Duty::ApplicationNotInWriting,
        "application_not_in_writing",
        "容错申请未采用书面形式",
        "the application was not in writing",
    ),
    (
        Duty::ApplicationWithoutEvidence,
        "application_without_evidence",
        "容错申请未附相关证据材料",
        "the application came without supporting evidence",
    ),
    (
        Duty::NotifyDecision,
        "notify_decision",
        "容错决定应当在期限内告知相关单位及当事人",
        "the decision must be notified to the units and persons concerned within the period",
    ),
    (
        Duty::NotificationTimely,
        "notification_timely",
        "容错决定已在期限内告知",
        "the decision was notified in time",
    ),
    (
        Duty::NotificationLate,
        "notification_late",
        "容错决定逾期告知",
        "the decision was notified late",
    ),
    (
        Duty::DiscloseDecision,
        "disclose_decision",
        "容错决定应当在一定范围内公开",
        "the decision must be disclosed within an appropriate scope",
    ),
    (
        Duty::DecisionNotDisclosed,
        "decision_not_disclosed",
        "容错决定未在一定范围内公开",
        "the decision was not disclosed",
    ),
    (
        Duty::TransferToJudicialOrgans,
        "transfer_to_judicial_organs",
        "涉嫌犯罪，依法移送司法机关追究刑事责任",
        "suspected crime: transfer to the judicial organs",
    ),
    (
        Duty::LessonLearningSupervision,
        "lesson_learning_supervision",
        "不予追究责任的同时，应当及时督促其汲取教训、改进提高",
        "though not held liable, the officer must be supervised to learn the lesson and improve",
    ),
    (
        Duty::ComplaintFeedbackToReporter,
        "complaint_feedback_to_reporter",
        "实名举报：按规定向举报人反馈结果",
        "real-name complaint: report the outcome to the complainant",
    ),
    (
        Duty::ComplaintExplainedInScope,
        "complaint_explained_in_scope",
        "匿名举报：在一定范围内说明情况",
        "anonymous complaint: explain the matter within an appropriate scope",
    ),
    (
        Duty::ClearOfficersName,
        "clear_officers_name",
        "及时为执法人员澄清和正名，消除负面影响",
        "clear the officer's name promptly and remove the negative effects",
    ),
    (
        Duty::NoEffectOnCareer,
        "no_effect_on_career",
        "考核、考评、评先评优、干部选拔任用、职级职称晋升等不受影响（除有明确规定者外）",
        "no effect on appraisal, awards, selection or promotion (unless expressly provided)",
    ),
];

impl Duty {
    fn row(self) -> &'static (Duty, &'static str, &'static str, &'static str) {
        #[expect(
            clippy::indexing_slicing,
            reason = "one row per variant, in order (tested)"
        )]
        &DUTIES[self as usize]
    }
    pub fn name(self) -> &'static str {
        self.row().1
    }
    pub fn label(self, lang: Lang) -> &'static str {
        lang.pick(self.row().2, self.row().3)
    }
    pub fn from_name(name: &str) -> Option<Duty> {
        DUTIES.iter().find(|r| r.1 == name).map(|r| r.0)
    }
    /// The finding name nearest to `name`, for "did you mean" messages.
    pub fn nearest(name: &str) -> Option<&'static str> {
        crate::law::facts::nearest_of(name, DUTIES.iter().map(|r| r.1))
    }
}

impl Condition {
    pub fn name(self) -> &'static str {
        match self {
            Condition::Always => "always",
            Condition::IfExemptionGranted => "if_exemption_granted",
            Condition::IfErrorEstablished => "if_error_established",
            Condition::IfExemptionGrantedAndErrorEstablished => {
                "if_exemption_granted_and_error_established"
            }
            Condition::IfToleranceGranted => "if_tolerance_granted",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Condition::Always => "",
            Condition::IfExemptionGranted => {
                lang.pick("（以决定容错免责为条件）", " (if the exemption is granted)")
            }
            Condition::IfErrorEstablished => lang.pick(
                "（以查明存在失误或者错误为条件）",
                " (once an error or fault is established)",
            ),
            Condition::IfExemptionGrantedAndErrorEstablished => lang.pick(
                "（以决定容错免责且查明存在失误或者错误为条件）",
                " (if the exemption is granted and an error or fault is established)",
            ),
            Condition::IfToleranceGranted => lang.pick(
                "（以容错决定予以容错为条件）",
                " (if the tolerance decision grants tolerance)",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_follow_declaration_order() {
        for (i, r) in VERDICTS.iter().enumerate() {
            assert_eq!(r.0 as usize, i);
        }
        for (i, r) in DUTIES.iter().enumerate() {
            assert_eq!(r.0 as usize, i);
            assert_eq!(Duty::from_name(r.1), Some(r.0));
        }
    }
}

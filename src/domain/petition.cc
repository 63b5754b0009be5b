#include "domain/petition.h"

namespace sixia::domain {
namespace {

// The value of `all` whose wire name is `name`.
template <typename Enum, size_t N>
std::optional<Enum> FromName(const std::array<Enum, N>& all, const char* (*name_of)(Enum),
                             std::string_view name) {
  for (Enum value : all)
    if (name == name_of(value)) return value;
  return std::nullopt;
}

}  // namespace

const char* ChannelName(Channel channel) {
  switch (channel) {
    case Channel::kVisit: return "visit";
    case Channel::kLetter: return "letter";
    case Channel::kPhone: return "phone";
    case Channel::kOnline: return "online";
    case Channel::kOutreachVisit: return "outreach_visit";
    case Channel::kReceptionDay: return "reception_day";
    case Channel::kFieldSession: return "field_session";
    case Channel::kHotline12345: return "hotline_12345";
  }
  return "unknown";
}

std::optional<Channel> ChannelFromName(std::string_view name) {
  return FromName(kAllChannels, ChannelName, name);
}

const char* ChannelLabel(Channel channel) {
  switch (channel) {
    case Channel::kVisit: return "来访";
    case Channel::kLetter: return "来信";
    case Channel::kPhone: return "来电";
    case Channel::kOnline: return "网上";
    case Channel::kOutreachVisit: return "下访";
    case Channel::kReceptionDay: return "接待日";
    case Channel::kFieldSession: return "现场办公";
    case Channel::kHotline12345: return "12345热线";
  }
  return "未知";
}

const char* PetitionClassName(PetitionClass petition_class) {
  switch (petition_class) {
    case PetitionClass::kSuggestion: return "suggestion";
    case PetitionClass::kAccusation: return "accusation";
    case PetitionClass::kGrievance: return "grievance";
  }
  return "unknown";
}

std::optional<PetitionClass> PetitionClassFromName(std::string_view name) {
  return FromName(kAllPetitionClasses, PetitionClassName, name);
}

const char* PetitionClassLabel(PetitionClass petition_class) {
  switch (petition_class) {
    case PetitionClass::kSuggestion: return "建议意见";
    case PetitionClass::kAccusation: return "检举控告";
    case PetitionClass::kGrievance: return "申诉求决";
  }
  return "未知";
}

const char* StateName(State state) {
  switch (state) {
    case State::kRegistered: return "registered";
    case State::kAccepted: return "accepted";
    case State::kDeclined: return "declined";
    case State::kTransferred: return "transferred";
    case State::kAssigned: return "assigned";
    case State::kObjected: return "objected";
    case State::kHandling: return "handling";
    case State::kDecided: return "decided";
    case State::kDelivered: return "delivered";
    case State::kMediated: return "mediated";
    case State::kReviewRequested: return "review_requested";
    case State::kReviewed: return "reviewed";
    case State::kReviewDelivered: return "review_delivered";
    case State::kReReviewRequested: return "re_review_requested";
    case State::kHearing: return "hearing";
    case State::kFinal: return "final";
    case State::kClosed: return "closed";
    case State::kMerged: return "merged";
  }
  return "unknown";
}

std::optional<State> StateFromName(std::string_view name) {
  return FromName(kAllStates, StateName, name);
}

const char* StateLabel(State state) {
  switch (state) {
    case State::kRegistered: return "登记";
    case State::kAccepted: return "受理";
    case State::kDeclined: return "不予受理";
    case State::kTransferred: return "转送";
    case State::kAssigned: return "交办";
    case State::kObjected: return "异议";
    case State::kHandling: return "办理";
    case State::kDecided: return "已出具处理意见书";
    case State::kDelivered: return "已送达";
    case State::kMediated: return "已调解";
    case State::kReviewRequested: return "复查申请";
    case State::kReviewed: return "已复查";
    case State::kReviewDelivered: return "复查意见已送达";
    case State::kReReviewRequested: return "复核申请";
    case State::kHearing: return "复核听证中";
    case State::kFinal: return "终结";
    case State::kClosed: return "办结";
    case State::kMerged: return "已并单";
  }
  return "未知";
}

const char* ActionName(Action action) {
  switch (action) {
    case Action::kRegister: return "register";
    case Action::kAccept: return "accept";
    case Action::kDecline: return "decline";
    case Action::kTransfer: return "transfer";
    case Action::kAssign: return "assign";
    case Action::kSign: return "sign";
    case Action::kObject: return "object";
    case Action::kOverruleObjection: return "overrule_objection";
    case Action::kReassign: return "reassign";
    case Action::kExtend: return "extend";
    case Action::kIssueDecision: return "issue_decision";
    case Action::kRecordMediation: return "record_mediation";
    case Action::kDeliver: return "deliver";
    case Action::kRate: return "rate";
    case Action::kRedo: return "redo";
    case Action::kRequestReview: return "request_review";
    case Action::kIssueReview: return "issue_review";
    case Action::kRequestReReview: return "request_re_review";
    case Action::kPauseHearing: return "pause_hearing";
    case Action::kResumeHearing: return "resume_hearing";
    case Action::kIssueReReview: return "issue_re_review";
    case Action::kClose: return "close";
    case Action::kMerge: return "merge";
    case Action::kSetOwningLeader: return "set_owning_leader";
  }
  return "unknown";
}

std::optional<Action> ActionFromName(std::string_view name) {
  return FromName(kAllActions, ActionName, name);
}

const char* ActionLabel(Action action) {
  switch (action) {
    case Action::kRegister: return "登记";
    case Action::kAccept: return "受理";
    case Action::kDecline: return "不予受理";
    case Action::kTransfer: return "转送";
    case Action::kAssign: return "交办";
    case Action::kSign: return "签收";
    case Action::kObject: return "异议";
    case Action::kOverruleObjection: return "驳回异议";
    case Action::kReassign: return "改派";
    case Action::kExtend: return "延期";
    case Action::kIssueDecision: return "出具处理意见书";
    case Action::kRecordMediation: return "达成调解/和解协议";
    case Action::kDeliver: return "送达";
    case Action::kRate: return "评价";
    case Action::kRedo: return "重办";
    case Action::kRequestReview: return "申请复查";
    case Action::kIssueReview: return "出具复查意见";
    case Action::kRequestReReview: return "申请复核";
    case Action::kPauseHearing: return "复核听证开始";
    case Action::kResumeHearing: return "复核听证结束";
    case Action::kIssueReReview: return "出具复核意见";
    case Action::kClose: return "办结";
    case Action::kMerge: return "并单";
    case Action::kSetOwningLeader: return "领导包案";
  }
  return "未知";
}

const char* DecisionOutcomeName(DecisionOutcome outcome) {
  switch (outcome) {
    case DecisionOutcome::kSupport: return "support";
    case DecisionOutcome::kExplain: return "explain";
    case DecisionOutcome::kReject: return "reject";
  }
  return "unknown";
}

std::optional<DecisionOutcome> DecisionOutcomeFromName(std::string_view name) {
  return FromName(kAllDecisionOutcomes, DecisionOutcomeName, name);
}

const char* DecisionOutcomeLabel(DecisionOutcome outcome) {
  switch (outcome) {
    case DecisionOutcome::kSupport: return "支持";
    case DecisionOutcome::kExplain: return "解释说明";
    case DecisionOutcome::kReject: return "不予支持";
  }
  return "未知";
}

const char* ResolutionName(Resolution resolution) {
  switch (resolution) {
    case Resolution::kSolved: return "solved";
    case Resolution::kPartlySolved: return "partly_solved";
    case Resolution::kUnsolved: return "unsolved";
  }
  return "unknown";
}

std::optional<Resolution> ResolutionFromName(std::string_view name) {
  return FromName(kAllResolutions, ResolutionName, name);
}

const char* ResolutionLabel(Resolution resolution) {
  switch (resolution) {
    case Resolution::kSolved: return "解决";
    case Resolution::kPartlySolved: return "部分解决";
    case Resolution::kUnsolved: return "未解决";
  }
  return "未知";
}

const char* SatisfactionName(Satisfaction satisfaction) {
  switch (satisfaction) {
    case Satisfaction::kSatisfied: return "satisfied";
    case Satisfaction::kBasicallySatisfied: return "basically_satisfied";
    case Satisfaction::kUnsatisfied: return "unsatisfied";
  }
  return "unknown";
}

std::optional<Satisfaction> SatisfactionFromName(std::string_view name) {
  return FromName(kAllSatisfactions, SatisfactionName, name);
}

const char* SatisfactionLabel(Satisfaction satisfaction) {
  switch (satisfaction) {
    case Satisfaction::kSatisfied: return "满意";
    case Satisfaction::kBasicallySatisfied: return "基本满意";
    case Satisfaction::kUnsatisfied: return "不满意";
  }
  return "未知";
}

}  // namespace sixia::domain

#pragma once
// The vocabulary of a petition (信访事项): channels, classes, lifecycle states, workflow
// actions and the results a petition can end with. Plain enums with stable snake_case wire
// names (stored in the database, sent to clients: never rename one) and Chinese labels for
// the user interface. The rules that connect them live in domain/petition_workflow.h.
//
// Each enum has a `kAll…` array in declaration order, a `…Name` function (wire name;
// "unknown" for a value outside the enum), a `…FromName` inverse (nullopt for anything
// else, case-sensitive) and a `…Label` function (Chinese, "未知" outside the enum).

#include <array>
#include <optional>
#include <string_view>

namespace sixia::domain {

// How the petition reached us (Art. 17, Art. 21: every channel is entered in the system).
enum class Channel {
  kVisit,          // "visit" 来访
  kLetter,         // "letter" 来信
  kPhone,          // "phone" 来电
  kOnline,         // "online" 网上
  kOutreachVisit,  // "outreach_visit" 下访 (a leader went down to the village)
  kReceptionDay,   // "reception_day" 接待日
  kFieldSession,   // "field_session" 现场办公
  kHotline12345,   // "hotline_12345" 12345热线
};
inline constexpr std::array kAllChannels = {Channel::kVisit,         Channel::kLetter,
                                            Channel::kPhone,         Channel::kOnline,
                                            Channel::kOutreachVisit, Channel::kReceptionDay,
                                            Channel::kFieldSession,  Channel::kHotline12345};
const char* ChannelName(Channel channel);
std::optional<Channel> ChannelFromName(std::string_view name);
const char* ChannelLabel(Channel channel);

// The three classes with their own paths (Arts. 29–31).
enum class PetitionClass {
  kSuggestion,  // "suggestion" 建议意见
  kAccusation,  // "accusation" 检举控告
  kGrievance,   // "grievance" 申诉求决
};
inline constexpr std::array kAllPetitionClasses = {
    PetitionClass::kSuggestion, PetitionClass::kAccusation, PetitionClass::kGrievance};
const char* PetitionClassName(PetitionClass petition_class);
std::optional<PetitionClass> PetitionClassFromName(std::string_view name);
const char* PetitionClassLabel(PetitionClass petition_class);

// Where a petition stands in its lifecycle. The transitions between states are the table in
// domain/petition_workflow.h; terminal states are marked.
enum class State {
  kRegistered,   // "registered" 登记: received and recorded, not yet disposed of.
  kAccepted,     // "accepted" 受理: accepted by the body that will handle or assign it.
  kDeclined,     // "declined" 不予受理 (terminal): not ours; the petitioner was told where
                 // to go (涉法涉诉 → 政法机关, Art. 22 ¶2).
  kTransferred,  // "transferred" 转送: sent to another competent body, awaiting its 签收.
  kAssigned,     // "assigned" 交办: sent to a handling unit, awaiting its 签收.
  kObjected,     // "objected" 异议: the receiving unit says it was misrouted (Art. 23 ¶3);
                 // the dispatcher re-routes or overrules.
  kHandling,     // "handling" 办理: signed for; the lead unit is handling it.
  kDecided,  // "decided" 已出具处理意见书: decision notice issued (Art. 32), not delivered.
  kDelivered,  // "delivered" 已送达: decision notice delivered; the 复查 window runs.
  kMediated,  // "mediated" 已调解: a 调解/和解协议 ended the handling (Art. 33); no 复查.
  kReviewRequested,  // "review_requested" 复查申请 (Art. 35).
  kReviewed,         // "reviewed" 已复查: 复查意见 issued, not delivered.
  kReviewDelivered,  // "review_delivered" 复查意见已送达: the 复核 window runs (Art. 36).
  kReReviewRequested,  // "re_review_requested" 复核申请 (Art. 36).
  kHearing,            // "hearing" 复核听证中: the 复核 clock stands still (Art. 36 ¶2).
  kFinal,              // "final" 终结 (terminal): 复核 decided; same facts not accepted again.
  kClosed,             // "closed" 办结 (terminal): delivered and rated, or the window lapsed.
  kMerged,             // "merged" 已并单 (terminal): merged into another petition.
};
inline constexpr std::array kAllStates = {State::kRegistered,      State::kAccepted,
                                          State::kDeclined,        State::kTransferred,
                                          State::kAssigned,        State::kObjected,
                                          State::kHandling,        State::kDecided,
                                          State::kDelivered,       State::kMediated,
                                          State::kReviewRequested, State::kReviewed,
                                          State::kReviewDelivered, State::kReReviewRequested,
                                          State::kHearing,         State::kFinal,
                                          State::kClosed,          State::kMerged};
const char* StateName(State state);
std::optional<State> StateFromName(std::string_view name);
const char* StateLabel(State state);

// What someone does to a petition. Every recorded event has exactly one action as its type.
enum class Action {
  kRegister,           // "register" 登记
  kAccept,             // "accept" 受理
  kDecline,            // "decline" 不予受理
  kTransfer,           // "transfer" 转送
  kAssign,             // "assign" 交办
  kSign,               // "sign" 签收
  kObject,             // "object" 异议
  kOverruleObjection,  // "overrule_objection" 驳回异议
  kReassign,           // "reassign" 改派
  kExtend,             // "extend" 延期
  kIssueDecision,      // "issue_decision" 出具处理意见书
  kRecordMediation,    // "record_mediation" 达成调解/和解协议
  kDeliver,            // "deliver" 送达
  kRate,               // "rate" 评价 (回访)
  kRedo,               // "redo" 重办
  kRequestReview,      // "request_review" 申请复查
  kIssueReview,        // "issue_review" 出具复查意见
  kRequestReReview,    // "request_re_review" 申请复核
  kPauseHearing,       // "pause_hearing" 复核听证开始 (clock stops)
  kResumeHearing,      // "resume_hearing" 复核听证结束 (clock runs again)
  kIssueReReview,      // "issue_re_review" 出具复核意见
  kClose,              // "close" 办结
  kMerge,              // "merge" 并单
  kSetOwningLeader,    // "set_owning_leader" 领导包案
};
inline constexpr std::array kAllActions = {Action::kRegister,      Action::kAccept,
                                           Action::kDecline,       Action::kTransfer,
                                           Action::kAssign,        Action::kSign,
                                           Action::kObject,        Action::kOverruleObjection,
                                           Action::kReassign,      Action::kExtend,
                                           Action::kIssueDecision, Action::kRecordMediation,
                                           Action::kDeliver,       Action::kRate,
                                           Action::kRedo,          Action::kRequestReview,
                                           Action::kIssueReview,   Action::kRequestReReview,
                                           Action::kPauseHearing,  Action::kResumeHearing,
                                           Action::kIssueReReview, Action::kClose,
                                           Action::kMerge,         Action::kSetOwningLeader};
const char* ActionName(Action action);
std::optional<Action> ActionFromName(std::string_view name);
const char* ActionLabel(Action action);

// The decision of a 信访处理意见书 (Art. 32), also used for 复查 and 复核 opinions.
enum class DecisionOutcome {
  kSupport,  // "support" 支持
  kExplain,  // "explain" 解释说明
  kReject,   // "reject" 不予支持
};
inline constexpr std::array kAllDecisionOutcomes = {
    DecisionOutcome::kSupport, DecisionOutcome::kExplain, DecisionOutcome::kReject};
const char* DecisionOutcomeName(DecisionOutcome outcome);
std::optional<DecisionOutcome> DecisionOutcomeFromName(std::string_view name);
const char* DecisionOutcomeLabel(DecisionOutcome outcome);

// Whether the problem was solved, as the petitioner says at the 回访. "Closed" is not "solved".
enum class Resolution {
  kSolved,        // "solved" 解决
  kPartlySolved,  // "partly_solved" 部分解决
  kUnsolved,      // "unsolved" 未解决
};
inline constexpr std::array kAllResolutions = {Resolution::kSolved, Resolution::kPartlySolved,
                                               Resolution::kUnsolved};
const char* ResolutionName(Resolution resolution);
std::optional<Resolution> ResolutionFromName(std::string_view name);
const char* ResolutionLabel(Resolution resolution);

// How satisfied the petitioner is; kUnsatisfied opens 重办.
enum class Satisfaction {
  kSatisfied,           // "satisfied" 满意
  kBasicallySatisfied,  // "basically_satisfied" 基本满意
  kUnsatisfied,         // "unsatisfied" 不满意
};
inline constexpr std::array kAllSatisfactions = {
    Satisfaction::kSatisfied, Satisfaction::kBasicallySatisfied, Satisfaction::kUnsatisfied};
const char* SatisfactionName(Satisfaction satisfaction);
std::optional<Satisfaction> SatisfactionFromName(std::string_view name);
const char* SatisfactionLabel(Satisfaction satisfaction);

// One 评价/回访: the two answers are kept apart (解决率 and 满意率 are different figures).
struct Rating {
  Resolution resolution = Resolution::kSolved;
  Satisfaction satisfaction = Satisfaction::kSatisfied;
  bool operator==(const Rating&) const = default;
};

}  // namespace sixia::domain

#include "domain/petition_workflow.h"

#include <algorithm>
#include <span>
#include <string_view>
#include <unordered_set>

namespace sixia::domain {
namespace {

struct Transition {
  Action action;
  State to;
};

// The rows of the transition table for one state (see the header). A new state is a
// compile-time -Wswitch warning here until it gets its rows.
std::span<const Transition> TransitionsFrom(State from) {
  using A = Action;
  using S = State;
  switch (from) {
    case S::kRegistered: {
      static constexpr Transition kRows[] = {
          {A::kAccept, S::kAccepted},      {A::kDecline, S::kDeclined},
          {A::kTransfer, S::kTransferred}, {A::kAssign, S::kAssigned},
          {A::kMerge, S::kMerged},         {A::kSetOwningLeader, S::kRegistered}};
      return kRows;
    }
    case S::kAccepted: {
      static constexpr Transition kRows[] = {{A::kAssign, S::kAssigned},
                                             {A::kSign, S::kHandling},
                                             {A::kExtend, S::kAccepted},
                                             {A::kMerge, S::kMerged},
                                             {A::kSetOwningLeader, S::kAccepted}};
      return kRows;
    }
    case S::kTransferred: {
      static constexpr Transition kRows[] = {{A::kSign, S::kHandling},
                                             {A::kObject, S::kObjected},
                                             {A::kDecline, S::kDeclined},
                                             {A::kMerge, S::kMerged},
                                             {A::kSetOwningLeader, S::kTransferred}};
      return kRows;
    }
    case S::kAssigned: {
      static constexpr Transition kRows[] = {{A::kSign, S::kHandling},
                                             {A::kObject, S::kObjected},
                                             {A::kMerge, S::kMerged},
                                             {A::kSetOwningLeader, S::kAssigned}};
      return kRows;
    }
    case S::kObjected: {
      static constexpr Transition kRows[] = {{A::kReassign, S::kAssigned},
                                             {A::kTransfer, S::kTransferred},
                                             {A::kOverruleObjection, S::kHandling},
                                             {A::kDecline, S::kDeclined},
                                             {A::kMerge, S::kMerged},
                                             {A::kSetOwningLeader, S::kObjected}};
      return kRows;
    }
    case S::kHandling: {
      static constexpr Transition kRows[] = {{A::kExtend, S::kHandling},
                                             {A::kIssueDecision, S::kDecided},
                                             {A::kRecordMediation, S::kMediated},
                                             {A::kMerge, S::kMerged},
                                             {A::kSetOwningLeader, S::kHandling}};
      return kRows;
    }
    case S::kDecided: {
      static constexpr Transition kRows[] = {{A::kDeliver, S::kDelivered},
                                             {A::kSetOwningLeader, S::kDecided}};
      return kRows;
    }
    case S::kDelivered: {
      static constexpr Transition kRows[] = {{A::kRate, S::kDelivered},
                                             {A::kRedo, S::kHandling},
                                             {A::kRequestReview, S::kReviewRequested},
                                             {A::kClose, S::kClosed},
                                             {A::kSetOwningLeader, S::kDelivered}};
      return kRows;
    }
    case S::kMediated: {
      static constexpr Transition kRows[] = {{A::kRate, S::kMediated},
                                             {A::kRedo, S::kHandling},
                                             {A::kClose, S::kClosed},
                                             {A::kSetOwningLeader, S::kMediated}};
      return kRows;
    }
    case S::kReviewRequested: {
      static constexpr Transition kRows[] = {{A::kIssueReview, S::kReviewed},
                                             {A::kSetOwningLeader, S::kReviewRequested}};
      return kRows;
    }
    case S::kReviewed: {
      static constexpr Transition kRows[] = {{A::kDeliver, S::kReviewDelivered},
                                             {A::kSetOwningLeader, S::kReviewed}};
      return kRows;
    }
    case S::kReviewDelivered: {
      static constexpr Transition kRows[] = {{A::kRate, S::kReviewDelivered},
                                             {A::kRequestReReview, S::kReReviewRequested},
                                             {A::kClose, S::kClosed},
                                             {A::kSetOwningLeader, S::kReviewDelivered}};
      return kRows;
    }
    case S::kReReviewRequested: {
      static constexpr Transition kRows[] = {{A::kPauseHearing, S::kHearing},
                                             {A::kIssueReReview, S::kFinal},
                                             {A::kSetOwningLeader, S::kReReviewRequested}};
      return kRows;
    }
    case S::kHearing: {
      static constexpr Transition kRows[] = {{A::kResumeHearing, S::kReReviewRequested},
                                             {A::kSetOwningLeader, S::kHearing}};
      return kRows;
    }
    case S::kDeclined:
    case S::kFinal:
    case S::kClosed:
    case S::kMerged:
      return {};
  }
  return {};
}

// "accept, decline, merge" or "受理、不予受理、并单"; "none" / "无" when empty.
std::string JoinActions(const std::vector<Action>& actions, bool zh) {
  if (actions.empty()) return zh ? "无" : "none";
  std::string out;
  for (Action a : actions) {
    if (!out.empty()) out += zh ? "、" : ", ";
    out += zh ? ActionLabel(a) : ActionName(a);
  }
  return out;
}

Status NotAllowed(const PetitionState& state, Action action) {
  const std::vector<Action> allowed = AllowedActions(state);
  if (state.event_count == 0) {
    return Conflict(
        std::string("action '") + ActionName(action) +
            "' is not allowed before registration; allowed: " + JoinActions(allowed, false),
        std::string("信访事项尚未登记，不允许“") + ActionLabel(action) + "”；允许：" +
            JoinActions(allowed, true));
  }
  return Conflict(std::string("action '") + ActionName(action) + "' is not allowed in state '" +
                      StateName(state.state) + "'; allowed: " + JoinActions(allowed, false),
                  std::string("当前状态“") + StateLabel(state.state) + "”不允许“" +
                      ActionLabel(action) + "”；允许：" + JoinActions(allowed, true));
}

bool IsId(const std::optional<int64_t>& id) { return id.has_value() && *id > 0; }

Status Required(bool present, const char* field, std::string en, std::string zh) {
  if (present) return Status::Ok();
  return Unprocessable(std::move(en), std::move(zh), field);
}

Status CheckUnits(const PetitionEvent& e) {
  SIXIA_RETURN_IF_ERROR(Required(IsId(e.lead_unit_id), "lead_unit_id",
                                 "a lead unit (主办单位) is required", "请指定主办单位"));
  std::unordered_set<int64_t> seen{*e.lead_unit_id};
  for (int64_t id : e.assisting_unit_ids) {
    if (id <= 0 || !seen.insert(id).second)
      return Unprocessable("assisting units must be distinct, valid and differ from the lead unit",
                           "协办单位不能重复，也不能与主办单位相同", "assisting_unit_ids");
  }
  if (e.owning_leader_user_id && *e.owning_leader_user_id <= 0)
    return Unprocessable("owning leader is not a valid user", "包案领导无效",
                         "owning_leader_user_id");
  return Status::Ok();
}

// The written opinions: 处理意见书 (Art. 32), 复查意见 (Art. 35), 复核意见 (Art. 36).
Status CheckOpinion(const PetitionEvent& e) {
  std::string en_doc = "the decision notice";
  std::string zh_doc = "信访处理意见书";
  if (e.type == Action::kIssueReview) {
    en_doc = "the review opinion";
    zh_doc = "复查意见";
  } else if (e.type == Action::kIssueReReview) {
    en_doc = "the re-review opinion";
    zh_doc = "复核意见";
  }
  struct Part {
    bool present;
    const char* field;
    const char* en;
    const char* zh;
  };
  const Part parts[] = {
      {!e.request.empty(), "request", "the petitioner's request", "信访人的请求"},
      {!e.facts.empty(), "facts", "the facts", "认定的事实"},
      {!e.reasons.empty(), "reasons", "the reasons", "理由"},
      {e.outcome.has_value(), "outcome", "the decision (support, explain or reject)",
       "处理意见（支持、解释说明或不予支持）"},
      {!e.legal_basis.empty(), "legal_basis", "the legal basis", "法律法规及政策依据"},
  };
  for (const Part& p : parts) {
    if (!p.present)
      return Unprocessable(en_doc + " must state " + p.en + " (Art. 32)",
                           zh_doc + "须载明" + p.zh + "（第三十二条）", p.field);
  }
  return Status::Ok();
}

Status CheckExtension(const PetitionState& state, const PetitionEvent& e,
                      const WindowDeadlines& windows) {
  int max_days = kStatutoryMaxExtensionDays;
  if (windows.max_extension_days) max_days = std::min(max_days, *windows.max_extension_days);
  if (e.days <= 0)
    return Unprocessable("extension days must be positive", "延期天数必须大于0", "days");
  if (e.days > max_days - state.extension_days) {
    return Unprocessable(
        "extensions may total at most " + std::to_string(max_days) + " days (Art. 34); " +
            std::to_string(state.extension_days) + " already granted",
        "延期累计不得超过" + std::to_string(max_days) + "日（第三十四条），已延期" +
            std::to_string(state.extension_days) + "日",
        "days");
  }
  SIXIA_RETURN_IF_ERROR(Required(!e.reason.empty(), "reason",
                                 "an extension needs a reason, told to the petitioner (Art. 34)",
                                 "延期须说明理由并告知信访人（第三十四条）"));
  SIXIA_RETURN_IF_ERROR(Required(IsId(e.approver_user_id), "approver_user_id",
                                 "an extension needs its approver", "延期须载明审批人"));
  return Required(e.approver_is_agency_head, "approver_is_agency_head",
                  "an extension must be approved by the head of the agency (Art. 34)",
                  "延期须经本机关、单位负责人批准（第三十四条）");
}

Status CheckDelivery(const PetitionState& state, const PetitionEvent& e) {
  const int64_t delivered = e.delivered_at_ms.value_or(e.at_ms);
  const std::optional<int64_t> issued =
      state.state == State::kReviewed ? state.reviewed_at_ms : state.decided_at_ms;
  if (issued && delivered < *issued)
    return Unprocessable("delivery cannot precede the issue of the document",
                         "送达时间不能早于出具时间", "delivered_at_ms");
  if (delivered > e.at_ms)
    return Unprocessable("delivery cannot be later than its recording",
                         "送达时间不能晚于登记送达的时间", "delivered_at_ms");
  return Status::Ok();
}

Status InWindow(int64_t at_ms, const std::optional<int64_t>& until_ms, const char* field,
                std::string en, std::string zh) {
  if (!until_ms || at_ms <= *until_ms) return Status::Ok();
  return Unprocessable(std::move(en), std::move(zh), field);
}

// The payload and window rules of an action the table allows.
Status CheckRules(const PetitionState& state, const PetitionEvent& e,
                  const WindowDeadlines& windows) {
  switch (e.type) {
    case Action::kRegister:
      SIXIA_RETURN_IF_ERROR(
          Required(e.channel.has_value(), "channel", "channel is required", "请选择信访渠道"));
      return Required(e.petition_class.has_value(), "petition_class", "petition class is required",
                      "请选择信访事项类别");
    case Action::kAccept:
      if (e.lead_unit_id && *e.lead_unit_id <= 0)
        return Unprocessable("accepting unit is not valid", "受理单位无效", "lead_unit_id");
      return Status::Ok();
    case Action::kDecline:
      SIXIA_RETURN_IF_ERROR(Required(!e.reason.empty(), "reason",
                                     "a non-acceptance needs its reason", "不予受理须说明理由"));
      return Required(!e.route.empty(), "route",
                      "a non-acceptance must tell the petitioner where to go instead (Art. 23)",
                      "不予受理须告知信访人向有权处理的机关提出（第二十三条）");
    case Action::kTransfer:
    case Action::kAssign:
    case Action::kReassign:
      return CheckUnits(e);
    case Action::kSign:
      return Status::Ok();
    case Action::kObject:
      SIXIA_RETURN_IF_ERROR(Required(!e.reason.empty(), "reason",
                                     "an objection needs its reasons (Art. 23)",
                                     "异议须说明理由（第二十三条）"));
      return InWindow(e.at_ms, windows.objection_until_ms, "objection_until_ms",
                      "the period to object to the routing has passed (Art. 23)",
                      "已超过提出异议的期限（第二十三条）");
    case Action::kOverruleObjection:
      return Required(!e.reason.empty(), "reason", "overruling an objection needs a reason",
                      "驳回异议须说明理由");
    case Action::kExtend:
      return CheckExtension(state, e, windows);
    case Action::kIssueDecision:
    case Action::kIssueReview:
    case Action::kIssueReReview:
      return CheckOpinion(e);
    case Action::kRecordMediation:
      return Required(!e.agreement.empty(), "agreement",
                      "a mediation or settlement agreement must state its terms (Art. 33)",
                      "调解协议或和解协议须载明协议内容（第三十三条）");
    case Action::kDeliver:
      return CheckDelivery(state, e);
    case Action::kRate:
      SIXIA_RETURN_IF_ERROR(Required(e.resolution.has_value(), "resolution",
                                     "a rating needs whether the problem was solved",
                                     "请评价问题是否解决"));
      return Required(e.satisfaction.has_value(), "satisfaction",
                      "a rating needs the petitioner's satisfaction", "请评价满意程度");
    case Action::kRedo:
      return Required(
          state.latest_rating && state.latest_rating->satisfaction == Satisfaction::kUnsatisfied,
          "satisfaction", "a redo (重办) needs the latest rating to be unsatisfied",
          "最近一次评价为“不满意”时才能重办");
    case Action::kRequestReview:
      if (e.lead_unit_id && *e.lead_unit_id <= 0)
        return Unprocessable("reviewing body is not valid", "复查机关无效", "lead_unit_id");
      return InWindow(e.at_ms, windows.review_request_until_ms, "review_request_until_ms",
                      "the period to request a review (复查) has passed (Art. 35)",
                      "已超过申请复查的期限（第三十五条）");
    case Action::kRequestReReview:
      if (e.lead_unit_id && *e.lead_unit_id <= 0)
        return Unprocessable("re-reviewing body is not valid", "复核机关无效", "lead_unit_id");
      return InWindow(e.at_ms, windows.re_review_request_until_ms, "re_review_request_until_ms",
                      "the period to request a re-review (复核) has passed (Art. 36)",
                      "已超过申请复核的期限（第三十六条）");
    case Action::kPauseHearing:
      return Required(!e.reason.empty(), "reason", "a hearing pause needs its reason",
                      "听证须说明事由");
    case Action::kResumeHearing:
    case Action::kClose:
      return Status::Ok();
    case Action::kMerge:
      return Required(IsId(e.into_petition_id), "into_petition_id",
                      "a merge needs the petition to merge into", "请指定并入的信访事项");
    case Action::kSetOwningLeader:
      return Required(IsId(e.owning_leader_user_id), "owning_leader_user_id",
                      "the owning leader is required", "请指定包案领导");
  }
  return Internal();
}

// Adds an event that CheckTransition accepted.
void Evolve(PetitionState& s, const PetitionEvent& e) {
  const State from = s.state;
  s.state = s.event_count == 0 ? State::kRegistered : *NextState(from, e.type);
  s.event_count += 1;
  s.last_event_at_ms = e.at_ms;
  if (IsTerminal(s.state)) s.ended_at_ms = e.at_ms;
  switch (e.type) {
    case Action::kRegister:
      s.channel = e.channel;
      s.petition_class = e.petition_class;
      s.registered_at_ms = e.at_ms;
      return;
    case Action::kAccept:
      s.accepted_at_ms = e.at_ms;
      if (e.lead_unit_id) s.lead_unit_id = e.lead_unit_id;
      return;
    case Action::kDecline:
      s.legal_litigation = e.legal_litigation;
      return;
    case Action::kTransfer:
    case Action::kAssign:
    case Action::kReassign:
      s.lead_unit_id = e.lead_unit_id;
      s.assisting_unit_ids = e.assisting_unit_ids;
      if (e.owning_leader_user_id) s.owning_leader_user_id = e.owning_leader_user_id;
      s.assigned_at_ms = e.at_ms;
      return;
    case Action::kSign:
    case Action::kOverruleObjection:
      s.signed_at_ms = e.at_ms;
      if (!s.accepted_at_ms) s.accepted_at_ms = e.at_ms;
      return;
    case Action::kObject:
      return;
    case Action::kExtend:
      s.extension_days += e.days;
      return;
    case Action::kIssueDecision:
      s.decided_at_ms = e.at_ms;
      s.decision_outcome = e.outcome;
      return;
    case Action::kRecordMediation:
      s.decided_at_ms = e.at_ms;
      s.decision_outcome.reset();
      return;
    case Action::kDeliver:
      if (from == State::kReviewed)
        s.review_delivered_at_ms = e.delivered_at_ms.value_or(e.at_ms);
      else
        s.delivered_at_ms = e.delivered_at_ms.value_or(e.at_ms);
      return;
    case Action::kRate:
      s.latest_rating = Rating{*e.resolution, *e.satisfaction};
      return;
    case Action::kRedo:  // The superseded result no longer counts.
      s.redo_count += 1;
      s.latest_rating.reset();
      s.decided_at_ms.reset();
      s.delivered_at_ms.reset();
      s.decision_outcome.reset();
      return;
    case Action::kRequestReview:
      s.review_requested_at_ms = e.at_ms;
      s.review_unit_id = e.lead_unit_id;
      return;
    case Action::kIssueReview:
      s.reviewed_at_ms = e.at_ms;
      s.review_outcome = e.outcome;
      return;
    case Action::kRequestReReview:
      s.re_review_requested_at_ms = e.at_ms;
      s.re_review_unit_id = e.lead_unit_id;
      return;
    case Action::kPauseHearing:
      s.hearing_pauses.push_back({e.at_ms, 0});
      return;
    case Action::kResumeHearing:
      s.hearing_pauses.back().to_ms = e.at_ms;
      return;
    case Action::kIssueReReview:
      s.final_at_ms = e.at_ms;
      s.re_review_outcome = e.outcome;
      return;
    case Action::kClose:
      return;
    case Action::kMerge:
      s.merged_into_petition_id = e.into_petition_id;
      return;
    case Action::kSetOwningLeader:
      s.owning_leader_user_id = e.owning_leader_user_id;
      return;
  }
}

}  // namespace

std::optional<State> NextState(State from, Action action) {
  for (const Transition& t : TransitionsFrom(from))
    if (t.action == action) return t.to;
  return std::nullopt;
}

bool IsTerminal(State state) {
  switch (state) {
    case State::kDeclined:
    case State::kFinal:
    case State::kClosed:
    case State::kMerged:
      return true;
    case State::kRegistered:
    case State::kAccepted:
    case State::kTransferred:
    case State::kAssigned:
    case State::kObjected:
    case State::kHandling:
    case State::kDecided:
    case State::kDelivered:
    case State::kMediated:
    case State::kReviewRequested:
    case State::kReviewed:
    case State::kReviewDelivered:
    case State::kReReviewRequested:
    case State::kHearing:
      return false;
  }
  return false;
}

bool IsOpen(State state) { return !IsTerminal(state); }

std::vector<Action> AllowedActions(const PetitionState& state) {
  if (state.event_count == 0) return {Action::kRegister};
  std::vector<Action> out;
  for (Action a : kAllActions)
    if (NextState(state.state, a)) out.push_back(a);
  return out;
}

Status CheckTransition(const PetitionState& state, const PetitionEvent& event,
                       const WindowDeadlines& windows) {
  if (state.event_count == 0) {
    if (event.type != Action::kRegister) return NotAllowed(state, event.type);
    return CheckRules(state, event, windows);
  }
  if (event.type == Action::kRequestReview && state.review_requested_at_ms)
    return Unprocessable("a review (复查) was already requested for this petition (Art. 35)",
                         "该信访事项已申请过复查（第三十五条）", "review_requested_at_ms");
  if (event.type == Action::kRequestReReview && state.re_review_requested_at_ms)
    return Unprocessable(
        "a re-review (复核) was already requested; after it the matter is final (Art. 36)",
        "该信访事项已申请过复核，复核后即终结，不再受理（第三十六条）",
        "re_review_requested_at_ms");
  if (!NextState(state.state, event.type)) return NotAllowed(state, event.type);
  if (event.at_ms < state.last_event_at_ms)
    return Unprocessable("an action cannot be dated before the previous one",
                         "操作时间不能早于上一次操作", "at_ms");
  return CheckRules(state, event, windows);
}

Status Apply(PetitionState& state, const PetitionEvent& event, const WindowDeadlines& windows) {
  SIXIA_RETURN_IF_ERROR(CheckTransition(state, event, windows));
  Evolve(state, event);
  return Status::Ok();
}

Result<PetitionState> Fold(const std::vector<PetitionEvent>& events) {
  PetitionState state;
  for (size_t i = 0; i < events.size(); ++i) {
    const Status s = Apply(state, events[i]);
    if (!s.ok()) {
      const std::string where =
          "event " + std::to_string(i + 1) + " (" + ActionName(events[i].type) + "): ";
      const std::string where_zh =
          "第" + std::to_string(i + 1) + "条记录（" + ActionLabel(events[i].type) + "）：";
      return Status(s.code(), where + s.message(), where_zh + s.message_zh(), s.field());
    }
  }
  return state;
}

bool IsFinal(const PetitionState& state) {
  return state.event_count > 0 && state.state == State::kFinal;
}

bool IsInHandling(const PetitionState& state) {
  return state.event_count > 0 && state.state != State::kRegistered && IsOpen(state.state);
}

std::vector<Pause> HearingPauses(const PetitionState& state) {
  std::vector<Pause> out;
  out.reserve(state.hearing_pauses.size());
  for (const HearingPause& p : state.hearing_pauses) out.push_back({p.from_ms, p.to_ms});
  return out;
}

}  // namespace sixia::domain

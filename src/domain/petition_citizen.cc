#include "domain/petition_citizen.h"

namespace sixia::domain {
namespace {

bool Rateable(State s) {
  return s == State::kDelivered || s == State::kMediated || s == State::kReviewDelivered;
}

// True when a rating was recorded after the latest delivery or agreement.
bool RatedSinceLatestResult(const std::vector<PetitionEvent>& events) {
  for (auto it = events.rbegin(); it != events.rend(); ++it) {
    if (it->type == Action::kRate) return true;
    if (it->type == Action::kDeliver || it->type == Action::kRecordMediation) return false;
  }
  return false;
}

CitizenOpinion OpinionOf(const PetitionEvent& e) {
  CitizenOpinion o;
  o.type = e.type;
  o.issued_at_ms = e.at_ms;
  o.outcome = e.outcome;
  o.request = e.request;
  o.facts = e.facts;
  o.reasons = e.reasons;
  o.legal_basis = e.legal_basis;
  o.document_number = e.document_number;
  o.agreement = e.agreement;
  o.settlement = e.settlement;
  return o;
}

}  // namespace

std::vector<CitizenStep> CitizenTimeline(const std::vector<PetitionEvent>& events) {
  std::vector<CitizenStep> out;
  for (const PetitionEvent& e : events) {
    CitizenStep step{e.type, e.at_ms, 0, ""};
    switch (e.type) {
      case Action::kSetOwningLeader:
      case Action::kObject:
      case Action::kOverruleObjection:
        continue;  // Internal to the authorities.
      case Action::kDecline:
        step.note = e.route;  // Where to go instead (Art. 23).
        break;
      case Action::kExtend:
        step.days = e.days;
        step.note = e.reason;  // Told to the petitioner (Art. 34).
        break;
      case Action::kRegister:
      case Action::kAccept:
      case Action::kTransfer:
      case Action::kAssign:
      case Action::kSign:
      case Action::kReassign:
      case Action::kIssueDecision:
      case Action::kRecordMediation:
      case Action::kDeliver:
      case Action::kRate:
      case Action::kRedo:
      case Action::kRequestReview:
      case Action::kIssueReview:
      case Action::kRequestReReview:
      case Action::kPauseHearing:
      case Action::kResumeHearing:
      case Action::kIssueReReview:
      case Action::kClose:
      case Action::kMerge:
        break;
    }
    out.push_back(std::move(step));
  }
  return out;
}

std::vector<CitizenOpinion> CitizenOpinions(const std::vector<PetitionEvent>& events) {
  std::vector<CitizenOpinion> out;
  std::optional<CitizenOpinion> pending;  // Issued, not yet delivered.
  for (const PetitionEvent& e : events) {
    switch (e.type) {
      case Action::kIssueDecision:
      case Action::kIssueReview:
        pending = OpinionOf(e);
        break;
      case Action::kDeliver:
        if (pending) {
          pending->delivered_at_ms = e.delivered_at_ms.value_or(e.at_ms);
          out.push_back(std::move(*pending));
          pending.reset();
        }
        break;
      case Action::kRecordMediation:
      case Action::kIssueReReview:
        out.push_back(OpinionOf(e));
        break;
      case Action::kRedo:  // An undelivered opinion is superseded.
        pending.reset();
        break;
      case Action::kRegister:
      case Action::kAccept:
      case Action::kDecline:
      case Action::kTransfer:
      case Action::kAssign:
      case Action::kSign:
      case Action::kObject:
      case Action::kOverruleObjection:
      case Action::kReassign:
      case Action::kExtend:
      case Action::kRate:
      case Action::kRequestReview:
      case Action::kRequestReReview:
      case Action::kPauseHearing:
      case Action::kResumeHearing:
      case Action::kClose:
      case Action::kMerge:
      case Action::kSetOwningLeader:
        break;
    }
  }
  return out;
}

CitizenChoices ChoicesOf(const PetitionState& state, const std::vector<PetitionEvent>& events,
                         const WindowDeadlines& windows, int64_t now_ms) {
  CitizenChoices c;
  if (state.event_count == 0) return c;
  c.can_rate = Rateable(state.state) && !RatedSinceLatestResult(events);
  auto in_time = [now_ms](const std::optional<int64_t>& until) {
    return !until || now_ms <= *until;
  };
  if (state.state == State::kDelivered && !state.review_requested_at_ms) {
    c.review_request_until_ms = windows.review_request_until_ms;
    c.can_request_review = in_time(windows.review_request_until_ms);
  }
  if (state.state == State::kReviewDelivered && !state.re_review_requested_at_ms) {
    c.re_review_request_until_ms = windows.re_review_request_until_ms;
    c.can_request_re_review = in_time(windows.re_review_request_until_ms);
  }
  return c;
}

Status CheckCitizenAction(const PetitionState& state, const std::vector<PetitionEvent>& events,
                          Action action) {
  const std::string now_zh = std::string("信访事项当前为“") +
                             (state.event_count ? StateLabel(state.state) : "未登记") + "”";
  const std::string now_en = std::string("the petition is ") +
                             (state.event_count ? StateName(state.state) : "unregistered");
  switch (action) {
    case Action::kRate:
      if (state.event_count == 0 || !Rateable(state.state))
        return Conflict(
            now_en +
                "; it can be rated once a decision notice was delivered or an agreement reached",
            now_zh + "，处理意见书送达或达成协议后方可评价");
      if (RatedSinceLatestResult(events))
        return Conflict("this result was already rated", "该处理结果已经评价过");
      return Status::Ok();
    case Action::kRequestReview:
      if (state.review_requested_at_ms) return Status::Ok();  // Apply: 422, already used.
      if (state.event_count == 0 || state.state != State::kDelivered)
        return Conflict(
            now_en +
                "; a review (复查) is requested after the decision notice was delivered (Art. 35)",
            now_zh + "，复查须在处理意见书送达后申请（第三十五条）");
      return Status::Ok();
    case Action::kRequestReReview:
      if (state.re_review_requested_at_ms) return Status::Ok();  // Apply: 422, already used.
      if (state.event_count == 0 || state.state != State::kReviewDelivered)
        return Conflict(now_en +
                            "; a re-review (复核) is requested after the review opinion was "
                            "delivered (Art. 36)",
                        now_zh + "，复核须在复查意见送达后申请（第三十六条）");
      return Status::Ok();
    case Action::kRegister:
    case Action::kAccept:
    case Action::kDecline:
    case Action::kTransfer:
    case Action::kAssign:
    case Action::kSign:
    case Action::kObject:
    case Action::kOverruleObjection:
    case Action::kReassign:
    case Action::kExtend:
    case Action::kIssueDecision:
    case Action::kRecordMediation:
    case Action::kDeliver:
    case Action::kRedo:
    case Action::kIssueReview:
    case Action::kPauseHearing:
    case Action::kResumeHearing:
    case Action::kIssueReReview:
    case Action::kClose:
    case Action::kMerge:
    case Action::kSetOwningLeader:
      break;
  }
  return InvalidArgument(std::string("a petitioner cannot record ") + ActionName(action),
                         std::string("信访人不能办理“") + ActionLabel(action) + "”", "action");
}

}  // namespace sixia::domain

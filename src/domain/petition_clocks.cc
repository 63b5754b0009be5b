#include "domain/petition_clocks.h"

#include <algorithm>

namespace sixia::domain {
namespace {

bool IsDisposal(Action a) {
  return a == Action::kAccept || a == Action::kDecline || a == Action::kTransfer ||
         a == Action::kAssign || a == Action::kMerge;
}

bool IsRouting(Action a) {
  return a == Action::kTransfer || a == Action::kAssign || a == Action::kReassign;
}

// The first event at or after index `from` whose type satisfies `pred`.
template <typename Pred>
std::optional<int64_t> FirstAfter(const std::vector<PetitionEvent>& events, size_t from, Pred pred) {
  for (size_t i = from; i < events.size(); ++i)
    if (pred(events[i].type)) return events[i].at_ms;
  return std::nullopt;
}

}  // namespace

Result<std::vector<ClockView>> PetitionClocks(const std::vector<PetitionEvent>& events,
                                              const PetitionState& state,
                                              const ClockSubject& subject,
                                              const TimeLimitTable& limits,
                                              const HolidayCalendar& calendar, int64_t now_ms) {
  std::vector<ClockView> out;
  const std::string cls = PetitionClassName(subject.petition_class);
  const std::string channel = ChannelName(subject.channel);

  // Adds a clock of `kind` started at `start`, stopped at `stop` (if any).
  auto add = [&](ClockKind kind, bool duty, int64_t start, std::optional<int64_t> stop,
                 int extension_days = 0, const std::vector<Pause>& pauses = {}) -> Status {
    SIXIA_ASSIGN_OR_RETURN(
        TimeLimitRule rule,
        limits.Find(kind, cls, channel, subject.category_code, subject.division_code));
    ClockView c;
    c.kind = kind;
    c.duty = duty;
    c.limit = rule.limit;
    if (extension_days > 0) {
      SIXIA_ASSIGN_OR_RETURN(c.limit, Extend(rule.limit, 0, extension_days, kMaxLimitAmount));
    }
    c.note = rule.note;
    c.start_ms = start;
    c.due_ms = DueAtMs(calendar, c.limit, start, pauses);
    if (!stop && IsTerminal(state.state)) stop = state.ended_at_ms.value_or(state.last_event_at_ms);
    c.stopped_at_ms = stop;
    if (!c.due_ms) {
      c.band = Band::kNormal;
    } else if (stop) {
      c.band = *stop > *c.due_ms ? Band::kOverdue : Band::kNormal;
    } else {
      c.band = BandAt(start, *c.due_ms, now_ms);
    }
    out.push_back(std::move(c));
    return Status::Ok();
  };

  if (state.event_count == 0 || !state.registered_at_ms) return out;
  const int64_t registered = *state.registered_at_ms;
  const auto disposed = FirstAfter(events, 1, IsDisposal);
  SIXIA_RETURN_IF_ERROR(add(ClockKind::kDispose, true, registered, disposed));
  if (!subject.anonymous)
    SIXIA_RETURN_IF_ERROR(add(ClockKind::kReceiptNotice, true, registered, disposed));

  // Objection window of the latest routing.
  for (size_t i = events.size(); i-- > 0;) {
    if (!IsRouting(events[i].type)) continue;
    const auto answered = FirstAfter(events, i + 1, [](Action a) {
      return a == Action::kSign || a == Action::kObject;
    });
    SIXIA_RETURN_IF_ERROR(add(ClockKind::kObjection, false, events[i].at_ms, answered));
    break;
  }
  if (state.accepted_at_ms) {
    // Stopped by the latest decision, unless a redo reopened the handling after it.
    std::optional<int64_t> decided = state.decided_at_ms;
    if (state.state == State::kHandling || state.state == State::kAccepted) decided.reset();
    SIXIA_RETURN_IF_ERROR(
        add(ClockKind::kHandle, true, *state.accepted_at_ms, decided, state.extension_days));
  }
  if (state.delivered_at_ms)
    SIXIA_RETURN_IF_ERROR(add(ClockKind::kReviewRequest, false, *state.delivered_at_ms,
                              state.review_requested_at_ms));
  if (state.review_requested_at_ms)
    SIXIA_RETURN_IF_ERROR(add(ClockKind::kReviewDecision, true, *state.review_requested_at_ms,
                              state.reviewed_at_ms));
  if (state.review_delivered_at_ms)
    SIXIA_RETURN_IF_ERROR(add(ClockKind::kReReviewRequest, false, *state.review_delivered_at_ms,
                              state.re_review_requested_at_ms));
  if (state.re_review_requested_at_ms)
    SIXIA_RETURN_IF_ERROR(add(ClockKind::kReReviewDecision, true, *state.re_review_requested_at_ms,
                              state.final_at_ms, 0, HearingPauses(state)));
  return out;
}

WindowDeadlines WindowsOf(const std::vector<ClockView>& clocks) {
  WindowDeadlines w;
  for (const auto& c : clocks) {
    if (!c.running() || !c.due_ms) continue;
    switch (c.kind) {
      case ClockKind::kObjection: w.objection_until_ms = c.due_ms; break;
      case ClockKind::kReviewRequest: w.review_request_until_ms = c.due_ms; break;
      case ClockKind::kReReviewRequest: w.re_review_request_until_ms = c.due_ms; break;
      case ClockKind::kDispose:
      case ClockKind::kReceiptNotice:
      case ClockKind::kHandle:
      case ClockKind::kReviewDecision:
      case ClockKind::kReReviewDecision: break;
    }
  }
  return w;
}

std::optional<int64_t> NextDue(const std::vector<ClockView>& clocks) {
  std::optional<int64_t> next;
  for (const auto& c : clocks)
    if (c.duty && c.running() && c.due_ms && (!next || *c.due_ms < *next)) next = c.due_ms;
  return next;
}

}  // namespace sixia::domain

#pragma once
// What a petitioner (信访人) sees of their own petition online and may do in it (Art. 21:
// petitioners can query and rate their case): a simplified timeline, the written opinions
// they have received, and their own actions (评价, 申请复查, 申请复核) with their windows.
// Pure: the caller passes the events, the folded state and the windows (petition_clocks.h).
//
// Nothing internal to the authorities is shown: no staff, no owning leader, no objection
// between units, no accused party. What the law says the petitioner must be told is: where
// to go after a non-acceptance (Art. 23), the reason of an extension (Art. 34), and the
// written opinions (Arts. 32, 35, 36).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/petition_workflow.h"

namespace sixia::domain {

// One step of the timeline.
struct CitizenStep {
  Action type = Action::kRegister;
  int64_t at_ms = 0;
  int days = 0;      // extend: the days granted.
  std::string note;  // decline: the route told to the petitioner; extend: the reason.
  bool operator==(const CitizenStep&) const = default;
};

// The events a petitioner sees, in order: all but set_owning_leader, object and
// overrule_objection (internal to the authorities).
std::vector<CitizenStep> CitizenTimeline(const std::vector<PetitionEvent>& events);

// A written opinion the petitioner has received.
struct CitizenOpinion {
  // issue_decision (处理意见书), issue_review (复查意见), issue_re_review (复核意见) or
  // record_mediation (调解/和解协议).
  Action type = Action::kIssueDecision;
  int64_t issued_at_ms = 0;
  std::optional<int64_t> delivered_at_ms;  // Opinions that are delivered (决定 and 复查).
  std::optional<DecisionOutcome> outcome;  // Opinions only.
  std::string request, facts, reasons, legal_basis, document_number;
  std::string agreement;  // Agreements only.
  bool settlement = false;
  bool operator==(const CitizenOpinion&) const = default;
};

// In order: every 处理意见书 and 复查意见 once delivered (an opinion issued but not yet
// delivered is not the petitioner's yet), every agreement, and the 复核意见 (final when
// issued). An opinion superseded by a 重办 stays listed: it was received.
std::vector<CitizenOpinion> CitizenOpinions(const std::vector<PetitionEvent>& events);

// What the petitioner may do now.
struct CitizenChoices {
  // 评价: after a delivered opinion or an agreement (delivered, mediated, review_delivered),
  // once per result: not when a rating was recorded since the latest delivery or agreement
  // (by the petitioner or at a 回访 by staff).
  bool can_rate = false;
  // 申请复查 (Art. 35): delivered, not asked before, and within the window.
  bool can_request_review = false;
  std::optional<int64_t> review_request_until_ms;  // Shown while delivered and not asked.
  // 申请复核 (Art. 36): the 复查意见 delivered, not asked before, and within the window.
  bool can_request_re_review = false;
  std::optional<int64_t> re_review_request_until_ms;
  bool operator==(const CitizenChoices&) const = default;
};

CitizenChoices ChoicesOf(const PetitionState& state, const std::vector<PetitionEvent>& events,
                         const WindowDeadlines& windows, int64_t now_ms);

// Whether a petitioner may record `action` (rate, request_review or request_re_review) now,
// in the petitioner's words: kConflict (409) when the petition is not at that point or was
// already rated since its latest result; kInvalidArgument for any other action. The
// workflow's own rules (windows, a 复查 already used: 422) are checked by Apply afterwards.
Status CheckCitizenAction(const PetitionState& state, const std::vector<PetitionEvent>& events,
                          Action action);

}  // namespace sixia::domain

#pragma once
// Every statutory clock of one petition (MISSION §3), derived from its events: when each
// started, when it is due (time_limits.h engine, holiday calendar, extensions, hearing
// pauses), whether it was met, and its warning band now. Pure: no I/O.
//
// Clocks and what stops them:
//   dispose, receipt_notice  registration → the first disposal (accept, decline, transfer,
//                            assign, merge). The receipt notice is issued with the disposal
//                            and is not owed for anonymous petitions (Art. 23).
//   objection                the latest transfer/assign/reassign → the next sign or object.
//                            The unit's right, not a duty: it is never "overdue".
//   handle                   acceptance → the latest decision notice or agreement; grows by
//                            the extensions granted (Art. 34).
//   review_request           delivery → request_review (the petitioner's window).
//   review_decision          request_review → issue_review.
//   re_review_request        delivery of the review → request_re_review (the petitioner's).
//   re_review_decision       request_re_review → issue_re_review; hearings do not count.
// A clock still running when the petition reaches a terminal state stops there.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/calendar.h"
#include "domain/petition_workflow.h"
#include "domain/time_limits.h"

namespace sixia::domain {

// What the time-limit table is keyed on.
struct ClockSubject {
  PetitionClass petition_class = PetitionClass::kGrievance;
  Channel channel = Channel::kVisit;
  std::string category_code;
  std::string division_code;
  bool anonymous = false;
};

struct ClockView {
  ClockKind kind = ClockKind::kDispose;
  bool duty = true;                     // The authority's duty (overdue is a compliance event);
                                        // false for the petitioner's windows and objections.
  TimeLimit limit;                      // Including extensions.
  std::string note;                     // Legal basis of the rule applied.
  int64_t start_ms = 0;
  std::optional<int64_t> due_ms;        // nullopt while a hearing pause is open.
  std::optional<int64_t> stopped_at_ms; // When it was met (or stopped by a terminal state).
  Band band = Band::kNormal;            // Now for running clocks; met late → kOverdue.
  bool running() const { return !stopped_at_ms.has_value(); }
  // A duty that ran out: still running after due, or met after due.
  bool Overdue() const { return duty && band == Band::kOverdue; }
};

// The clocks that have started, in ClockKind order. kNotFound (naming the clock) when the
// table has no rule for one of them.
Result<std::vector<ClockView>> PetitionClocks(const std::vector<PetitionEvent>& events,
                                              const PetitionState& state,
                                              const ClockSubject& subject,
                                              const TimeLimitTable& limits,
                                              const HolidayCalendar& calendar, int64_t now_ms);

// The windows CheckTransition needs, from the running clocks.
WindowDeadlines WindowsOf(const std::vector<ClockView>& clocks);

// The earliest due moment of a running duty (list filters, the overdue sweep).
std::optional<int64_t> NextDue(const std::vector<ClockView>& clocks);

}  // namespace sixia::domain

#pragma once
// Demo petitions for 霞浦县, produced by replaying each petition's life through the real
// use cases (PetitionService) on a manual clock, so that every figure a report shows is
// counted from recorded events exactly as in production:
//   * a year of petitions up to now, in every state, some overdue, some repeated by the
//     same (synthetic) people, some owned by a leader (包案);
//   * the first reception day of December 1988 (MISSION §1, seed 001): 102 people
//     received, 86 problems accepted, 12 solved on the spot, the rest closed within a
//     month;
//   * with N > 0, the other "下基层" work of the past year: leaders' reception days,
//     outreach events, links and community registrations; a field office session (现场办公)
//     about every month with issues in every end state (some assignments closed late, one
//     still open past its deadline, some still open within it); two research projects
//     (调查研究) whose findings are traced problem → responsibility → task → outcome, a
//     problem from a field-session issue and one from a cluster of petitions, members'
//     research reports and the county's consolidated report.
// All people are synthetic. Needs the division tree, the demo units and users, and
// (optionally) a category tree.

#include <cstdint>

#include "app/options.h"
#include "common/status.h"

namespace sixia::app {

struct DemoPetitionReport {
  int64_t petitions = 0;
  int64_t events = 0;
  int64_t reception_day_petitions = 0;
  int64_t reception_days = 0;    // Leaders' reception days of the past year.
  int64_t outreach_events = 0;   // Outreach events of the past year.
  int64_t field_session_id = 0;  // The 1988 day replayed as a field session.
  int64_t linkages = 0;          // Leaders' links (挂钩联系) to townships and villages…
  int64_t linkage_visits = 0;    // …and the visits made under them.
  int64_t community_registrations = 0;  // Party members registered at communities (双报到)…
  int64_t community_services = 0;       // …and their services.
  int64_t field_sessions = 0;           // Field sessions of the past year (not the 1988 day)…
  int64_t field_issues = 0;             // …the issues raised at them…
  int64_t field_solved_on_spot = 0;     // …and how they ended.
  int64_t field_assigned = 0;
  int64_t field_to_petition = 0;
  int64_t field_declined = 0;
  int64_t field_closed_late = 0;        // Assignments closed after their deadline.
  int64_t field_open_overdue = 0;       // Assignments still open past their deadline.
  int64_t research_projects = 0;        // Research projects of the past year…
  int64_t research_visits = 0;          // …their visits…
  int64_t ledger_items = 0;             // …and ledger items (problems, responsibilities, tasks, outcomes).
  int64_t research_reports = 0;         // Individual and consolidated research reports.
};

// 霞浦县's first reception day for citizens (1988-12-20, China time), as replayed.
inline constexpr int64_t kReceptionDay1988Ms = 598582800000;  // 1988-12-20 09:00 +08:00

// Adds `count` petitions over the year before `now_ms` (deterministic for a `seed`) and
// the 1988 reception day. Opens its own App on `options` with a manual clock.
Result<DemoPetitionReport> AddDemoPetitions(const Options& options, int count, uint64_t seed,
                                            int64_t now_ms);

}  // namespace sixia::app

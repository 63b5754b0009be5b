#pragma once
// Leaders linked to grassroots units and villages (挂钩联系) and Party members registered at
// their residential community (双报到). Pure rules: a link's period and the visits inside it,
// which villages of a place no active link reaches and which links went unvisited, and the
// yearly service rule each registered member is held to. No I/O.
//
// Days are China-time days, held as the Unix ms of their start (calendar.h). A link's period
// is [from, to] with both days counted; `to` may be open.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace sixia::domain {

// A leader linked to exactly one unit or one village (level-5 division) for a period.
struct Linkage {
  int64_t id = 0;
  int64_t leader_user_id = 0;
  std::optional<int64_t> unit_id;  // The unit linked; nullopt when a village is.
  std::string village_code;        // The village linked; "" when a unit is.
  int64_t from_ms = 0;             // Start of the first day.
  std::optional<int64_t> to_ms;    // Start of the last day (counted); nullopt: open-ended.
  std::string notes;               // What the link is for (联系事项), at most 2000 characters.
};

// kInvalidArgument naming the field: no leader ("leader_user_id"); neither a unit nor a
// village ("unit_id"), or both ("village_code"); a first day before 2000 or more than 366
// days after today ("from"); a last day before the first ("to"); notes over 2000 characters.
Status CheckLinkage(const Linkage& l, int64_t now_ms);

// Whether the day starting at `day_ms` lies in the link's period.
bool CoversDay(const Linkage& l, int64_t day_ms);
// Whether the link's period overlaps [from_ms, to_ms).
bool ActiveIn(const Linkage& l, int64_t from_ms, int64_t to_ms);

// A visit made under a link (走访调研、蹲点、座谈…) and what came of it.
struct LinkageVisit {
  int64_t id = 0;
  int64_t linkage_id = 0;
  int64_t visited_on_ms = 0;  // Start of the day.
  std::string division_code;  // Where.
  std::string notes;          // What was done, 1..2000 characters.
  std::string results;        // What came of it (解决的问题、办成的实事), at most 2000.
};

// kInvalidArgument naming the field: blank or overlong notes, overlong results, a day after
// today ("visited_on"); kUnprocessable "visited_on" when the day lies outside the link's period.
Status CheckVisit(const Linkage& l, const LinkageVisit& v, int64_t now_ms);

// The start of the day `months` calendar months before the day starting at `day_ms` (the
// same day of the month, or the month's last day when it has fewer days).
int64_t MonthsBefore(int64_t day_ms, int months);

// What the store counts about one link for the coverage report.
struct LinkageActivity {
  Linkage link;
  std::string place;   // Where the target lies: the village, or the unit's division.
  int64_t visits = 0;  // Visits in the report's period.
  std::optional<int64_t> last_visit_ms;  // The latest visit day before the report's as-of moment.
};

// The coverage of a place over [from_ms, to_ms), looked at as of `as_of_ms`: the start of the
// day after the last day looked at (the end of the period, or tomorrow when that is earlier).
// "The last N months" are [MonthsBefore(as_of_ms, N), as_of_ms).
struct LinkageCoverage {
  int64_t links_active = 0;           // Links whose period overlaps the report's.
  int64_t visits = 0;                 // Their visits in the period.
  int64_t window_from_ms = 0;         // Start of "the last N months" before as_of.
  std::vector<std::string> unlinked;  // Villages (in the given order) that no active link reaches.
  std::vector<int64_t> unvisited;     // Links running on the as-of day, started before the
                                      // window, with no visit in it (ascending ids).
};

// `villages`: the village codes of the place (empty when coverage is not counted). A village
// is reached by a link to it or to a unit located in it. kInvalidArgument "months" unless
// 1..24.
Result<LinkageCoverage> Coverage(const std::vector<std::string>& villages,
                                 const std::vector<LinkageActivity>& links, int64_t from_ms,
                                 int64_t to_ms, int64_t as_of_ms, int months);

// ---- 双报到 ------------------------------------------------------------------------------

// How many services a year each registered Party member owes their community. Configuration:
// <data>/community_service_rule.txt extends the default of 1.
struct CommunityServiceRule {
  int min_services_per_year = 1;
  // Lines "min_services_per_year K" with K 1..366; '#' starts a comment; a later line
  // overrides. kInvalidArgument naming the line; the rule is unchanged then.
  Status AddText(std::string_view text);
};

// A Party member registered at their residential community. The member's name is personal
// data: it is checked here and sealed by the caller, never kept in this struct.
struct CommunityRegistration {
  int64_t id = 0;
  std::string community_code;    // A village-level division (社区/村).
  int64_t unit_id = 0;           // Where the member works.
  int64_t registered_on_ms = 0;  // Start of the day.
};

// kInvalidArgument naming the field: a blank or overlong (50) name ("member_name"), no unit
// ("unit_id"), a day before 2000 or after today ("registered_on").
Status CheckRegistration(const CommunityRegistration& r, std::string_view member_name,
                         int64_t now_ms);

// A service done for the community.
struct CommunityService {
  int64_t id = 0;
  int64_t registration_id = 0;
  int64_t served_on_ms = 0;        // Start of the day.
  std::string content;             // 1..2000 characters.
  std::optional<int64_t> minutes;  // Time given, when recorded; 0..1440.
};

// kInvalidArgument naming the field: blank or overlong content, minutes outside 0..1440
// ("hours"), a day after today ("served_on"); kUnprocessable "served_on" before the
// registration day.
Status CheckService(const CommunityRegistration& r, const CommunityService& s, int64_t now_ms);

// Hours as a client gives them (1.5) in whole minutes (rounded). kInvalidArgument "hours"
// when negative, not finite or above 24.
Result<int64_t> HoursToMinutes(double hours);

// [1 January, next 1 January) of `year`, China time. kInvalidArgument "year" outside 2000..2100.
Result<std::pair<int64_t, int64_t>> YearPeriod(int64_t year);

// Compliance with the rule: (registration id, services in the year) for each registration.
struct ServiceCompliance {
  int64_t registered = 0;
  int64_t compliant = 0;       // With at least the rule's number of services.
  std::vector<int64_t> below;  // Registration ids below it, ascending.
  bool operator==(const ServiceCompliance&) const = default;
};
ServiceCompliance Comply(const CommunityServiceRule& rule,
                         const std::vector<std::pair<int64_t, int64_t>>& services_by_registration);

}  // namespace sixia::domain

#pragma once
// Leaders' reception days (领导接访日) and their quotas (2009 central guidance, MISSION §3:
// city leaders one day a quarter, the county party secretary and the county head one day a
// month, township leaders any time; provinces tighten it, so the table is configuration).
// Pure: no I/O.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace sixia::domain {

// The post that decides a leader's quota.
enum class LeaderPost { kCityLeader, kCountySecretary, kCountyHead, kCountyLeader, kTownshipLeader };
enum class QuotaPeriod { kMonth, kQuarter, kYear };

const char* LeaderPostName(LeaderPost p);  // "city_leader", "county_secretary", "county_head", "county_leader", "township_leader"
std::optional<LeaderPost> LeaderPostFromName(std::string_view name);
const char* LeaderPostLabel(LeaderPost p);  // "市级领导", "县委书记", "县长", "县级领导", "乡镇领导"
const char* QuotaPeriodName(QuotaPeriod p);  // "month", "quarter", "year"

// `days` reception days in every `period` (China time). No entry: no quota.
struct Quota {
  int days = 1;
  QuotaPeriod period = QuotaPeriod::kMonth;
  bool operator==(const Quota&) const = default;
};

class QuotaTable {
 public:
  std::optional<Quota> Find(LeaderPost post) const;
  void Set(LeaderPost post, std::optional<Quota> quota);
  // Lines "post days/period", e.g. "county_leader 1/quarter"; "post none" removes a quota;
  // '#' comments. Later lines override. kInvalidArgument naming the line.
  Status AddText(std::string_view text);

 private:
  std::map<LeaderPost, Quota> quotas_;
};

// The guidance's defaults: city_leader 1/quarter, county_secretary 1/month, county_head 1/month.
QuotaTable DefaultQuotas();

// One quota window of a compliance report.
struct QuotaWindow {
  int64_t from_ms = 0;  // China-time start of the month/quarter/year.
  int64_t to_ms = 0;    // Exclusive.
  int required = 0;
  int held = 0;
  bool met() const { return held >= required; }
};

// A leader's compliance over [from_ms, to_ms): the quota windows that lie wholly inside the
// period, each with the reception days held in it (`held_days_ms`: the days' start moments).
struct QuotaCompliance {
  std::optional<Quota> quota;
  std::vector<QuotaWindow> windows;
  int required = 0;       // Sum over the windows.
  int held = 0;           // Reception days held in the whole period.
  int windows_missed = 0;
};
QuotaCompliance Compliance(std::optional<Quota> quota, const std::vector<int64_t>& held_days_ms,
                           int64_t from_ms, int64_t to_ms);

}  // namespace sixia::domain

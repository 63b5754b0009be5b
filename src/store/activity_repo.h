#pragma once
// Repositories of the other three "下基层" activities (reception days, field sessions,
// research and its ledger, outreach). Part of the Store interface (store.h); every backend
// implements them over the same named queries (sql_activity_repos.cc) or in memory.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/division.h"
#include "domain/outreach.h"

namespace sixia::store {

struct OutreachRow {
  domain::OutreachEvent event;
  std::string county_code;       // Distribution key.
  std::optional<int64_t> created_by;
  int64_t created_at_ms = 0;
};

// Events whose place lies in `range` and that were held in [from_ms, to_ms).
struct OutreachFilter {
  domain::CodeRange range;
  int64_t from_ms = 0;
  int64_t to_ms = 0;
  std::string form;              // domain::OutreachFormName; empty for any.
  std::string topic;             // Exact; empty for any.
  int limit = 50;
  int64_t before_id = 0;         // Keyset pagination, newest first; 0 = from the newest.
};

// One group of the totals: events of one form and topic, counted or estimated.
struct OutreachGroup {
  domain::OutreachForm form = domain::OutreachForm::kOther;
  std::string topic;
  bool estimated = false;
  int64_t events = 0;
  int64_t reached = 0;
};

class OutreachRepo {
 public:
  virtual ~OutreachRepo() = default;
  virtual Result<int64_t> Add(const OutreachRow& row) = 0;
  virtual Result<std::optional<OutreachRow>> Get(int64_t id) = 0;
  // Newest first (by id).
  virtual Result<std::vector<OutreachRow>> List(const OutreachFilter& filter) = 0;
  // The events of the filter's range and period grouped by form, topic and estimated (the
  // form/topic/limit fields are ignored).
  virtual Result<std::vector<OutreachGroup>> Totals(const OutreachFilter& filter) = 0;
  // The distinct places (division codes) with at least one event in the range and period.
  virtual Result<std::vector<std::string>> CoveredPlaces(const OutreachFilter& filter) = 0;
};

}  // namespace sixia::store

#pragma once
// What a leaders' reception day and a field office session share: a place in the caller's
// scope, a day within 366 days of today, 1–20 distinct leaders and at most 50 distinct units,
// all existing. Internal to src/app.

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "security/policy.h"
#include "store/store.h"

namespace sixia::app {

struct Gathering {
  std::string division_code;
  std::string county_code;               // Set by ResolveGathering.
  int64_t held_on_ms = 0;                // Start of the day (China time).
  std::vector<int64_t> leader_user_ids;  // Ascending.
  std::vector<int64_t> unit_ids;         // Ascending.
};

// The checks needing no store. kInvalidArgument / kUnprocessable naming the field.
Result<Gathering> CheckGathering(const security::Principal& p, int64_t now_ms, const std::string& division_code,
                                 int64_t held_on_ms, const std::vector<int64_t>& leader_user_ids,
                                 const std::vector<int64_t>& unit_ids);

// Inside the writing transaction: the place, the leaders and the units exist (and are not
// disabled); sets county_code. kUnprocessable naming the field.
Status ResolveGathering(store::Tx& tx, Gathering& g);

}  // namespace sixia::app

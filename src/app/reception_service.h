#pragma once
// Use cases of leaders' reception days (领导接访日): scheduling them, the posts that decide
// each leader's quota (domain/reception.h), and the compliance report per leader and period
// (quota, held, people received, petitions registered, solved on the spot), all counted from
// records.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/audit_log.h"
#include "common/clock.h"
#include "domain/reception.h"
#include "security/policy.h"
#include "store/store.h"

namespace sixia::app {

struct ReceptionDayInput {
  std::string division_code;
  std::string venue;
  int64_t held_on_ms = 0;               // Start of the day (China time).
  bool joint = false;
  bool visit_down = false;               // 下访 rather than a reception day.
  std::string notes;
  std::vector<int64_t> leader_user_ids;  // 1..20 leaders who receive.
  std::vector<int64_t> unit_ids;         // Departments present (联合接访), at most 50.
};

struct ReceptionQuery {
  std::string division_code;
  int64_t from_ms = 0;
  int64_t to_ms = 0;
  std::optional<int64_t> leader_user_id;
  int limit = 50;
  int64_t before_id = 0;
};

struct ReceptionDayView {
  store::ReceptionDayRow row;
  store::ReceptionDayCounts counts;  // Of the petitions registered at it.
};

struct LeaderCompliance {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  domain::LeaderPost post = domain::LeaderPost::kCountyLeader;
  domain::QuotaCompliance compliance;
  store::ReceptionDayCounts counts;  // Petitions registered at their days in the period.
};

class ReceptionService {
 public:
  ReceptionService(store::Store& store, const Clock& clock, const AuditLog& audit,
                   const domain::QuotaTable& quotas);

  // Schedules (or records) a reception day: needs reception.manage, the place in the caller's
  // scope, and every leader's own scope covering the place (a leader receives only within
  // their jurisdiction). kInvalidArgument / kUnprocessable naming the field; nothing written.
  Result<store::ReceptionDayRow> Schedule(const security::Principal& p, const Actor& a,
                                          const ReceptionDayInput& in);
  // activity.read or reception.manage; kNotFound outside the caller's scope.
  Result<ReceptionDayView> Get(const security::Principal& p, int64_t id);
  Result<std::vector<store::ReceptionDayRow>> List(const security::Principal& p, const ReceptionQuery& q);
  // Sets (nullopt: removes) the post deciding a user's quota; needs user.manage; audited.
  Status SetLeaderPost(const security::Principal& p, const Actor& a, int64_t user_id,
                       std::optional<domain::LeaderPost> post);
  // Every leader with a post whose scope lies within `division_code`, with their quota
  // compliance over [from_ms, to_ms) (activity.read or statistics.read).
  Result<std::vector<LeaderCompliance>> Compliance(const security::Principal& p,
                                                   const std::string& division_code,
                                                   int64_t from_ms, int64_t to_ms);

 private:
  store::Store& store_;
  const Clock& clock_;
  const AuditLog& audit_;
  const domain::QuotaTable& quotas_;
};

}  // namespace sixia::app

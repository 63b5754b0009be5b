#pragma once
// A leader's page (领导履职): for one leader and period, what they did at the grassroots,
// counted from records — reception days (接访日) against their post's quota, visits down
// (下访) with the petitions registered there, the cases they own (领导包案, only those the
// caller may see), and their links (挂钩联系) with the visits made under them.
// Access: activity.read or reception.manage, and the leader's jurisdiction within the
// caller's scope (or the caller is the leader); kNotFound otherwise.

#include <cstdint>
#include <optional>
#include <vector>

#include "app/petition_service.h"
#include "app/reception_service.h"
#include "common/clock.h"
#include "domain/reception.h"
#include "security/policy.h"
#include "store/store.h"

namespace sixia::app {

struct LeaderPage {
  domain::User user;
  std::optional<domain::LeaderPost> post;
  domain::QuotaCompliance compliance;              // Reception days against the quota.
  std::vector<ReceptionDayView> reception_days;    // Held in the period, by day.
  std::vector<ReceptionDayView> visits_down;       // 下访 in the period, by day.
  std::vector<store::PetitionRow> owned_cases;     // 包案, newest first, at most 200.
  struct Link {
    store::LinkageRow link;
    int64_t visits_in_period = 0;
  };
  std::vector<Link> links;                         // Active in the period.
};

class LeaderPageService {
 public:
  LeaderPageService(store::Store& store, const domain::QuotaTable& quotas, const PetitionService& petitions);

  Result<LeaderPage> Get(const security::Principal& p, int64_t leader_user_id, int64_t from_ms, int64_t to_ms);

 private:
  store::Store& store_;
  const domain::QuotaTable& quotas_;
  const PetitionService& petitions_;
};

}  // namespace sixia::app

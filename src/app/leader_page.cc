#include "app/leader_page.h"
#include "app/checks.h"

#include <algorithm>

namespace sixia::app {
namespace {

using security::AccessPolicy;
using security::Permission;

constexpr int kLimit = 200;

}  // namespace

LeaderPageService::LeaderPageService(store::Store& store, const domain::QuotaTable& quotas,
                                     const PetitionService& petitions)
    : store_(store), quotas_(quotas), petitions_(petitions) {}

Result<LeaderPage> LeaderPageService::Get(const security::Principal& p, int64_t leader_user_id, int64_t from_ms,
                                          int64_t to_ms) {
  if (!AccessPolicy::Has(p, Permission::kActivityRead) && !AccessPolicy::Has(p, Permission::kReceptionManage))
    return PermissionDenied("missing permission activity.read", "缺少权限：activity.read");
  SIXIA_RETURN_IF_ERROR(CheckPeriod(from_ms, to_ms));
  LeaderPage page;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    auto not_found = [] { return NotFound("leader not found", "领导不存在或不在您的管辖范围内"); };
    SIXIA_ASSIGN_OR_RETURN(auto user, tx.directory().GetUser(leader_user_id));
    if (!user) return not_found();
    SIXIA_ASSIGN_OR_RETURN(auto grants, tx.directory().GetGrants(leader_user_id));
    const bool visible = p.user_id == leader_user_id ||
                         std::any_of(grants.scopes.begin(), grants.scopes.end(),
                                     [&](const domain::Division& s) { return AccessPolicy::InScope(p, s.code); });
    if (!visible) return not_found();
    page.user = std::move(*user);
    SIXIA_ASSIGN_OR_RETURN(auto posts, tx.reception().LeaderPosts());
    for (const auto& [uid, post] : posts)
      if (uid == leader_user_id) page.post = post;

    // Reception days and visits down: every one the leader received at, in the period.
    store::ReceptionFilter f;
    f.range = {domain::kNationCode, std::string(12, '9')};
    f.from_ms = from_ms;
    f.to_ms = to_ms;
    f.leader_user_id = leader_user_id;
    f.limit = kLimit;
    SIXIA_ASSIGN_OR_RETURN(auto days, tx.reception().ListDays(f));
    std::sort(days.begin(), days.end(),
              [](const auto& a, const auto& b) { return std::pair(a.held_on_ms, a.id) < std::pair(b.held_on_ms, b.id); });
    std::vector<int64_t> held;
    for (auto& d : days) {
      ReceptionDayView v;
      SIXIA_ASSIGN_OR_RETURN(v.counts, tx.reception().CountPetitions({d.id}));
      if (!d.visit_down) held.push_back(d.held_on_ms);
      v.row = std::move(d);
      (v.row.visit_down ? page.visits_down : page.reception_days).push_back(std::move(v));
    }
    page.compliance = domain::Compliance(page.post ? quotas_.Find(*page.post) : std::nullopt, held, from_ms, to_ms);

    // 包案: the cases the leader owns that the caller may see.
    store::PetitionFilter pf;
    pf.owner_user_id = leader_user_id;
    pf.viewer_user_id = p.user_id;
    pf.viewer_unit_id = p.unit_id;
    pf.limit = kLimit;
    SIXIA_ASSIGN_OR_RETURN(auto owned, tx.petitions().List(pf));
    for (auto& row : owned)
      if (petitions_.CheckVisible(tx, p, row.id).ok()) page.owned_cases.push_back(std::move(row));

    // Links active in the period, with the visits made under them in the period.
    store::LinkageFilter lf;
    lf.range = f.range;
    lf.from_ms = from_ms;
    lf.to_ms = to_ms;
    lf.leader_user_id = leader_user_id;
    lf.limit = kLimit;
    SIXIA_ASSIGN_OR_RETURN(auto links, tx.linkage().ListLinkages(lf));
    for (auto& l : links) {
      SIXIA_ASSIGN_OR_RETURN(auto visits, tx.linkage().VisitsOf(l.link.id));
      LeaderPage::Link out{std::move(l), 0};
      for (const auto& v : visits)
        if (v.visit.visited_on_ms >= from_ms && v.visit.visited_on_ms < to_ms) ++out.visits_in_period;
      page.links.push_back(std::move(out));
    }
    return Status::Ok();
  }));
  return page;
}

}  // namespace sixia::app

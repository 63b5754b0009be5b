#include "app/gathering.h"

#include <set>

#include "domain/calendar.h"

namespace sixia::app {

Result<Gathering> CheckGathering(const security::Principal& p, int64_t now_ms, const std::string& division_code,
                                 int64_t held_on_ms, const std::vector<int64_t>& leader_user_ids,
                                 const std::vector<int64_t>& unit_ids) {
  constexpr int64_t kDay = 86'400'000;
  Gathering g;
  g.held_on_ms = domain::StartOfDayMs(domain::DateOfMs(held_on_ms));
  const int64_t today = domain::StartOfDayMs(domain::DateOfMs(now_ms));
  if (g.held_on_ms < today - 366 * kDay || g.held_on_ms > today + 366 * kDay)
    return InvalidArgument("the day must be within 366 days of today", "日期须在今天前后366天之内", "held_on");
  const std::set<int64_t> leaders(leader_user_ids.begin(), leader_user_ids.end());
  const std::set<int64_t> units(unit_ids.begin(), unit_ids.end());
  if (leaders.empty() || leaders.size() > 20 || leaders.size() != leader_user_ids.size())
    return InvalidArgument("1 to 20 different leaders", "领导应为1至20位且不重复", "leader_user_ids");
  if (units.size() > 50 || units.size() != unit_ids.size())
    return InvalidArgument("at most 50 different units", "参加单位最多50个且不重复", "unit_ids");
  SIXIA_RETURN_IF_ERROR(domain::ValidateDivisionCode(division_code, "division_code"));
  if (!security::AccessPolicy::InScope(p, division_code))
    return Unprocessable("the place is outside your jurisdiction", "地点不在您的管辖范围内", "division_code");
  g.division_code = division_code;
  g.leader_user_ids.assign(leaders.begin(), leaders.end());
  g.unit_ids.assign(units.begin(), units.end());
  return g;
}

Status ResolveGathering(store::Tx& tx, Gathering& g) {
  SIXIA_ASSIGN_OR_RETURN(auto place, tx.divisions().Get(g.division_code));
  if (!place) return Unprocessable("the place (division_code) does not exist", "地点行政区划不存在", "division_code");
  g.county_code = domain::CountyOf(place->code, place->level);
  for (int64_t uid : g.leader_user_ids) {
    SIXIA_ASSIGN_OR_RETURN(auto user, tx.directory().GetUser(uid));
    if (!user || user->disabled)
      return Unprocessable("leader " + std::to_string(uid) + " not found", "领导不存在", "leader_user_ids");
  }
  for (int64_t u : g.unit_ids) {
    SIXIA_ASSIGN_OR_RETURN(auto unit, tx.directory().GetUnit(u));
    if (!unit || unit->disabled)
      return Unprocessable("unit " + std::to_string(u) + " not found", "参加单位不存在", "unit_ids");
  }
  return Status::Ok();
}

}  // namespace sixia::app

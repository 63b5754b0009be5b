#include "app/reception_service.h"
#include "app/checks.h"

#include "app/gathering.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "common/utf8.h"
#include "domain/calendar.h"

namespace sixia::app {
namespace {

using security::AccessPolicy;
using security::Permission;


Status RequireReader(const security::Principal& p) {
  if (AccessPolicy::Has(p, Permission::kActivityRead) || AccessPolicy::Has(p, Permission::kReceptionManage))
    return Status::Ok();
  return PermissionDenied("missing permission activity.read", "缺少权限：activity.read");
}

// True when `code` lies in the subtree of one of `scopes`.
bool Covers(const std::vector<domain::Division>& scopes, const std::string& code) {
  for (const auto& s : scopes)
    if (domain::InSubtree(s.code, s.level, code)) return true;
  return false;
}

}  // namespace

ReceptionService::ReceptionService(store::Store& store, const Clock& clock, const AuditLog& audit,
                                   const domain::QuotaTable& quotas)
    : store_(store), clock_(clock), audit_(audit), quotas_(quotas) {}

Result<store::ReceptionDayRow> ReceptionService::Schedule(const security::Principal& p, const Actor& a,
                                                          const ReceptionDayInput& in) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kReceptionManage));
  const int64_t now = clock_.NowMs();
  store::ReceptionDayRow row;
  row.venue = std::string(TrimBlank(in.venue));
  row.notes = std::string(TrimBlank(in.notes));
  if (!IsValidUtf8(row.venue) || row.venue.empty() || Utf8Length(row.venue) > 100)
    return InvalidArgument("venue is required (at most 100 characters)", "接访地点为必填项（不超过100字）", "venue");
  if (!IsValidUtf8(row.notes) || Utf8Length(row.notes) > 2000)
    return InvalidArgument("notes are at most 2000 characters", "备注不超过2000字", "notes");
  SIXIA_ASSIGN_OR_RETURN(Gathering g, CheckGathering(p, now, in.division_code, in.held_on_ms,
                                                     in.leader_user_ids, in.unit_ids));
  row.held_on_ms = g.held_on_ms;
  row.division_code = g.division_code;
  row.joint = in.joint || g.unit_ids.size() > 1;
  row.visit_down = in.visit_down;
  row.leader_user_ids = g.leader_user_ids;
  row.unit_ids = g.unit_ids;
  row.created_by = p.user_id > 0 ? std::optional<int64_t>(p.user_id) : std::nullopt;
  row.created_at_ms = now;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_RETURN_IF_ERROR(ResolveGathering(tx, g));
    row.county_code = g.county_code;
    // A leader receives only within their own jurisdiction.
    for (int64_t uid : row.leader_user_ids) {
      SIXIA_ASSIGN_OR_RETURN(auto grants, tx.directory().GetGrants(uid));
      if (!Covers(grants.scopes, row.division_code))
        return Unprocessable("leader " + std::to_string(uid) + " has no jurisdiction over the place",
                             "接访领导对该地点无管辖权", "leader_user_ids");
    }
    SIXIA_ASSIGN_OR_RETURN(row.id, tx.reception().AddDay(row));
    return audit_.Append(tx, a,
                         {"reception.schedule", "reception_day:" + std::to_string(row.id),
                          domain::AuditOutcome::kOk,
                          nlohmann::json{{"division", row.division_code},
                                         {"held_on", domain::DateOfMs(row.held_on_ms).ToString()},
                                         {"leaders", row.leader_user_ids},
                                         {"kind", row.visit_down ? "visit_down" : "reception"}}
                              .dump()});
  }));
  return row;
}

Result<ReceptionDayView> ReceptionService::Get(const security::Principal& p, int64_t id) {
  SIXIA_RETURN_IF_ERROR(RequireReader(p));
  std::optional<ReceptionDayView> out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto row, tx.reception().GetDay(id));
    if (!row || !AccessPolicy::InScope(p, row->division_code)) return Status::Ok();
    ReceptionDayView v;
    v.row = std::move(*row);
    SIXIA_ASSIGN_OR_RETURN(v.counts, tx.reception().CountPetitions({id}));
    out = std::move(v);
    return Status::Ok();
  }));
  if (!out) return NotFound("reception day not found", "接访日不存在或不在您的管辖范围内");
  return *out;
}

Result<std::vector<store::ReceptionDayRow>> ReceptionService::List(const security::Principal& p,
                                                                   const ReceptionQuery& q) {
  SIXIA_RETURN_IF_ERROR(RequireReader(p));
  if (q.to_ms <= q.from_ms)
    return InvalidArgument("the period is empty (to must be after from)", "查询区间为空（截止日期须晚于起始日期）", "to");
  if (q.limit < 1 || q.limit > 200) return InvalidArgument("limit must be 1..200", "limit 取值范围为1到200", "limit");
  SIXIA_RETURN_IF_ERROR(domain::ValidateDivisionCode(q.division_code, "division"));
  if (!AccessPolicy::InScope(p, q.division_code))
    return NotFound("division outside your jurisdiction", "该区划不在您的管辖范围内", "division");
  std::vector<store::ReceptionDayRow> out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto division, tx.divisions().Get(q.division_code));
    if (!division) return NotFound("division not found", "行政区划不存在", "division");
    store::ReceptionFilter f{domain::SubtreeRange(division->code, division->level), q.from_ms, q.to_ms,
                             q.leader_user_id, q.limit, q.before_id};
    SIXIA_ASSIGN_OR_RETURN(out, tx.reception().ListDays(f));
    return Status::Ok();
  }));
  return out;
}

Status ReceptionService::SetLeaderPost(const security::Principal& p, const Actor& a, int64_t user_id,
                                       std::optional<domain::LeaderPost> post) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kUserManage));
  const int64_t now = clock_.NowMs();
  return store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto user, tx.directory().GetUser(user_id));
    if (!user) return NotFound("user not found", "用户不存在", "user_id");
    SIXIA_RETURN_IF_ERROR(tx.reception().SetLeaderPost(user_id, post, now));
    return audit_.Append(tx, a,
                         {"reception.leader_post", "user:" + std::to_string(user_id),
                          domain::AuditOutcome::kOk,
                          nlohmann::json{{"post", post ? nlohmann::json(domain::LeaderPostName(*post))
                                                  : nlohmann::json(nullptr)}}.dump()});
  });
}

Result<std::vector<LeaderCompliance>> ReceptionService::Compliance(const security::Principal& p,
                                                                   const std::string& division_code,
                                                                   int64_t from_ms, int64_t to_ms) {
  if (!AccessPolicy::Has(p, Permission::kActivityRead) && !AccessPolicy::Has(p, Permission::kStatisticsRead))
    return PermissionDenied("missing permission activity.read", "缺少权限：activity.read");
  SIXIA_RETURN_IF_ERROR(CheckPeriod(from_ms, to_ms));
  SIXIA_RETURN_IF_ERROR(domain::ValidateDivisionCode(division_code, "division"));
  if (!AccessPolicy::InScope(p, division_code))
    return NotFound("division outside your jurisdiction", "该区划不在您的管辖范围内", "division");
  std::vector<LeaderCompliance> out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto division, tx.divisions().Get(division_code));
    if (!division) return NotFound("division not found", "行政区划不存在", "division");
    SIXIA_ASSIGN_OR_RETURN(auto posts, tx.reception().LeaderPosts());
    for (const auto& [uid, post] : posts) {
      SIXIA_ASSIGN_OR_RETURN(auto grants, tx.directory().GetGrants(uid));
      const bool here = std::any_of(grants.scopes.begin(), grants.scopes.end(),
                                    [&](const domain::Division& s) {
                                      return domain::InSubtree(division->code, division->level, s.code);
                                    });
      if (!here) continue;
      SIXIA_ASSIGN_OR_RETURN(auto user, tx.directory().GetUser(uid));
      if (!user) continue;
      LeaderCompliance c;
      c.user_id = uid;
      c.username = user->username;
      c.display_name = user->display_name;
      c.post = post;
      SIXIA_ASSIGN_OR_RETURN(auto days, tx.reception().DaysOfLeader(uid, from_ms, to_ms));
      std::vector<int64_t> held, ids;
      for (const auto& [id, day] : days) {
        ids.push_back(id);
        held.push_back(day);
      }
      c.compliance = domain::Compliance(quotas_.Find(post), held, from_ms, to_ms);
      SIXIA_ASSIGN_OR_RETURN(c.counts, tx.reception().CountPetitions(ids));
      out.push_back(std::move(c));
    }
    return Status::Ok();
  }));
  return out;
}

}  // namespace sixia::app

#include "app/linkage_service.h"
#include "app/checks.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "common/utf8.h"
#include "domain/calendar.h"
#include "domain/person.h"

namespace sixia::app {
namespace {

using security::AccessPolicy;
using security::Permission;

constexpr int64_t kDayMs = 86'400'000;
// Associated data binding a sealed member name to its column.
constexpr char kAdMemberName[] = "community_registration.member_name";

Status RequireReader(const security::Principal& p) {
  if (AccessPolicy::Has(p, Permission::kActivityRead) ||
      AccessPolicy::Has(p, Permission::kLinkageManage))
    return Status::Ok();
  return PermissionDenied("missing permission activity.read", "缺少权限：activity.read");
}

Status RequireReportReader(const security::Principal& p) {
  if (AccessPolicy::Has(p, Permission::kActivityRead) ||
      AccessPolicy::Has(p, Permission::kStatisticsRead) ||
      AccessPolicy::Has(p, Permission::kLinkageManage))
    return Status::Ok();
  return PermissionDenied("missing permission activity.read", "缺少权限：activity.read");
}

// Trims `value` in place; kInvalidArgument naming the field when it is not UTF-8.
Status Trimmed(std::string& value, const char* field, const char* zh) {
  if (!IsValidUtf8(value))
    return InvalidArgument(std::string(field) + " is not valid UTF-8",
                           std::string(zh) + "不是有效的UTF-8文本", field);
  value = std::string(TrimBlank(value));
  return Status::Ok();
}

Status CheckLimit(int limit) {
  if (limit < 1 || limit > 200)
    return InvalidArgument("limit must be 1..200", "limit 取值范围为1到200", "limit");
  return Status::Ok();
}

std::string Day(int64_t ms) { return domain::DateOfMs(ms).ToString(); }

// The villages of `d` for coverage: a county's through its townships, a township's, a village
// itself; nullopt above county level (too many to list; coverage is per county).
Result<std::optional<std::vector<domain::Division>>> VillagesOf(store::Tx& tx,
                                                                const domain::Division& d) {
  std::vector<domain::Division> villages;
  switch (d.level) {
    case domain::DivisionLevel::kVillage:
      villages.push_back(d);
      break;
    case domain::DivisionLevel::kTownship: {
      SIXIA_ASSIGN_OR_RETURN(villages, tx.divisions().Children(d.code));
      break;
    }
    case domain::DivisionLevel::kCounty: {
      SIXIA_ASSIGN_OR_RETURN(auto townships, tx.divisions().Children(d.code));
      for (const auto& t : townships) {
        SIXIA_ASSIGN_OR_RETURN(auto v, tx.divisions().Children(t.code));
        villages.insert(villages.end(), v.begin(), v.end());
      }
      break;
    }
    case domain::DivisionLevel::kNation:
    case domain::DivisionLevel::kProvince:
    case domain::DivisionLevel::kCity:
      return std::optional<std::vector<domain::Division>>();
  }
  return std::optional<std::vector<domain::Division>>(std::move(villages));
}

}  // namespace

LinkageService::LinkageService(store::Store& store, const Clock& clock, const AuditLog& audit,
                               const security::FieldCipher& cipher,
                               const domain::CommunityServiceRule& rule)
    : store_(store), clock_(clock), audit_(audit), cipher_(cipher), rule_(rule) {}

Result<domain::Division> LinkageService::ScopedDivision(store::Tx& tx, const security::Principal& p,
                                                        const std::string& code) const {
  SIXIA_RETURN_IF_ERROR(domain::ValidateDivisionCode(code, "division"));
  if (!AccessPolicy::InScope(p, code))
    return NotFound("division outside your jurisdiction", "该区划不在您的管辖范围内", "division");
  SIXIA_ASSIGN_OR_RETURN(auto division, tx.divisions().Get(code));
  if (!division) return NotFound("division not found", "行政区划不存在", "division");
  return *division;
}

Result<store::LinkageRow> LinkageService::VisibleLink(store::Tx& tx, const security::Principal& p,
                                                      int64_t id) const {
  SIXIA_ASSIGN_OR_RETURN(auto row, tx.linkage().GetLinkage(id));
  if (!row || !AccessPolicy::InScope(p, row->division_code))
    return NotFound("linkage not found", "挂钩联系不存在或不在您的管辖范围内");
  return *row;
}

Result<store::CommunityRegistrationRow> LinkageService::VisibleRegistration(
    store::Tx& tx, const security::Principal& p, int64_t id) const {
  SIXIA_ASSIGN_OR_RETURN(auto row, tx.linkage().GetRegistration(id));
  if (!row || !AccessPolicy::InScope(p, row->registration.community_code))
    return NotFound("community registration not found", "报到记录不存在或不在您的管辖范围内");
  return *row;
}

RegistrationView LinkageService::View(const store::CommunityRegistrationRow& row) const {
  RegistrationView v;
  v.row = row;
  auto name = cipher_.Decrypt(row.member_name_sealed, kAdMemberName);
  v.member_name_masked = name.ok() ? domain::MaskName(*name) : "***";
  return v;
}

// ---- Links ----------------------------------------------------------------------------

Result<store::LinkageRow> LinkageService::Create(const security::Principal& p, const Actor& a,
                                                 LinkageInput in) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kLinkageManage));
  const int64_t now = clock_.NowMs();
  SIXIA_RETURN_IF_ERROR(Trimmed(in.notes, "notes", "挂钩联系事项"));
  store::LinkageRow row;
  auto& l = row.link;
  l.leader_user_id = in.leader_user_id;
  l.unit_id = in.unit_id;
  l.village_code = in.village_code;
  l.from_ms = domain::StartOfDayMs(domain::DateOfMs(in.from_ms));
  if (in.to_ms) l.to_ms = domain::StartOfDayMs(domain::DateOfMs(*in.to_ms));
  l.notes = in.notes;
  SIXIA_RETURN_IF_ERROR(domain::CheckLinkage(l, now));
  if (!l.village_code.empty()) {
    SIXIA_RETURN_IF_ERROR(domain::ValidateDivisionCode(l.village_code, "village_code"));
    if (!AccessPolicy::InScope(p, l.village_code))
      return Unprocessable("the village is outside your jurisdiction",
                           "挂钩的村（社区）不在您的管辖范围内", "village_code");
  }
  row.created_by = p.user_id > 0 ? std::optional<int64_t>(p.user_id) : std::nullopt;
  row.created_at_ms = now;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    // The leader: an existing, enabled user whose unit lies in the caller's scope.
    SIXIA_ASSIGN_OR_RETURN(auto leader, tx.directory().GetUser(l.leader_user_id));
    if (!leader || leader->disabled)
      return Unprocessable("leader " + std::to_string(l.leader_user_id) + " not found",
                           "挂钩领导不存在", "leader_user_id");
    std::optional<domain::Unit> leader_unit;
    if (leader->unit_id > 0) {
      SIXIA_ASSIGN_OR_RETURN(leader_unit, tx.directory().GetUnit(leader->unit_id));
    }
    const std::string leader_place =
        leader_unit ? leader_unit->division_code : std::string(domain::kNationCode);
    if (!AccessPolicy::InScope(p, leader_place))
      return Unprocessable("the leader is outside your jurisdiction", "挂钩领导不在您的管辖范围内",
                           "leader_user_id");
    if (l.unit_id) {
      SIXIA_ASSIGN_OR_RETURN(auto unit, tx.directory().GetUnit(*l.unit_id));
      if (!unit || unit->disabled)
        return Unprocessable("unit " + std::to_string(*l.unit_id) + " not found", "挂钩单位不存在",
                             "unit_id");
      if (!AccessPolicy::InScope(p, unit->division_code))
        return Unprocessable("the unit is outside your jurisdiction", "挂钩单位不在您的管辖范围内",
                             "unit_id");
      row.division_code = unit->division_code;
      row.county_code = unit->county_code;
    } else {
      SIXIA_ASSIGN_OR_RETURN(auto village, tx.divisions().Get(l.village_code));
      if (!village)
        return Unprocessable("the village (village_code) does not exist",
                             "挂钩的村（社区）行政区划不存在", "village_code");
      if (village->level != domain::DivisionLevel::kVillage)
        return Unprocessable("village_code must name a village-level division",
                             "village_code 须为村（社区）级区划", "village_code");
      row.division_code = village->code;
      row.county_code = domain::CountyOf(village->code, village->level);
    }
    // The same leader linked to the same target for an overlapping period is one link.
    store::LinkageFilter same;
    same.range = {row.division_code, row.division_code};
    same.from_ms = l.from_ms;
    same.to_ms = l.to_ms ? *l.to_ms + kDayMs : INT64_MAX;
    same.leader_user_id = l.leader_user_id;
    same.limit = 200;
    SIXIA_ASSIGN_OR_RETURN(auto existing, tx.linkage().ListLinkages(same));
    for (const auto& e : existing)
      if (e.link.unit_id == l.unit_id && e.link.village_code == l.village_code)
        return Conflict(
            "the leader is already linked to this target for an overlapping period (linkage " +
                std::to_string(e.link.id) + ")",
            "该领导在重叠期限内已挂钩联系该对象（编号" + std::to_string(e.link.id) + "）", "from");
    SIXIA_ASSIGN_OR_RETURN(l.id, tx.linkage().AddLinkage(row));
    nlohmann::json detail = {
        {"leader_user_id", l.leader_user_id},
        {"division", row.division_code},
        {"from", Day(l.from_ms)},
        {"to", l.to_ms ? nlohmann::json(Day(*l.to_ms)) : nlohmann::json(nullptr)}};
    if (l.unit_id) detail["unit_id"] = *l.unit_id;
    return audit_.Append(tx, a,
                         {"linkage.create", "linkage:" + std::to_string(l.id),
                          domain::AuditOutcome::kOk, detail.dump()});
  }));
  return row;
}

Result<store::LinkageVisitRow> LinkageService::AddVisit(const security::Principal& p,
                                                        const Actor& a, int64_t linkage_id,
                                                        LinkageVisitInput in) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kLinkageManage));
  const int64_t now = clock_.NowMs();
  SIXIA_RETURN_IF_ERROR(Trimmed(in.notes, "notes", "走访情况"));
  SIXIA_RETURN_IF_ERROR(Trimmed(in.results, "results", "工作成效"));
  store::LinkageVisitRow row;
  auto& v = row.visit;
  v.linkage_id = linkage_id;
  v.visited_on_ms = domain::StartOfDayMs(domain::DateOfMs(in.visited_on_ms));
  v.notes = in.notes;
  v.results = in.results;
  if (!in.division_code.empty()) {
    SIXIA_RETURN_IF_ERROR(domain::ValidateDivisionCode(in.division_code, "division_code"));
    if (!AccessPolicy::InScope(p, in.division_code))
      return Unprocessable("the place is outside your jurisdiction", "走访地点不在您的管辖范围内",
                           "division_code");
  }
  row.recorded_by = p.user_id > 0 ? std::optional<int64_t>(p.user_id) : std::nullopt;
  row.recorded_at_ms = now;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto link, VisibleLink(tx, p, linkage_id));
    SIXIA_RETURN_IF_ERROR(domain::CheckVisit(link.link, v, now));
    if (in.division_code.empty()) {
      v.division_code = link.division_code;
    } else {
      SIXIA_ASSIGN_OR_RETURN(auto place, tx.divisions().Get(in.division_code));
      if (!place)
        return Unprocessable("the place (division_code) does not exist", "走访地点行政区划不存在",
                             "division_code");
      v.division_code = place->code;
    }
    SIXIA_ASSIGN_OR_RETURN(v.id, tx.linkage().AddVisit(row));
    return audit_.Append(
        tx, a,
        {"linkage.visit", "linkage:" + std::to_string(linkage_id), domain::AuditOutcome::kOk,
         nlohmann::json{{"visit_id", v.id},
                        {"visited_on", Day(v.visited_on_ms)},
                        {"division", v.division_code}}
             .dump()});
  }));
  return row;
}

Result<LinkageView> LinkageService::Get(const security::Principal& p, int64_t id) {
  SIXIA_RETURN_IF_ERROR(RequireReader(p));
  LinkageView out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(out.link, VisibleLink(tx, p, id));
    SIXIA_ASSIGN_OR_RETURN(out.visits, tx.linkage().VisitsOf(id));
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<store::LinkageRow>> LinkageService::List(const security::Principal& p,
                                                            const LinkageQuery& q) {
  SIXIA_RETURN_IF_ERROR(RequireReader(p));
  if (q.to_ms <= q.from_ms)
    return InvalidArgument("the period is empty (to must be after from)",
                           "查询区间为空（截止日期须晚于起始日期）", "to");
  SIXIA_RETURN_IF_ERROR(CheckLimit(q.limit));
  std::vector<store::LinkageRow> out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto division, ScopedDivision(tx, p, q.division_code));
    store::LinkageFilter f;
    f.range = domain::SubtreeRange(division.code, division.level);
    f.from_ms = q.from_ms;
    f.to_ms = q.to_ms;
    f.leader_user_id = q.leader_user_id;
    f.limit = q.limit;
    f.before_id = q.before_id;
    SIXIA_ASSIGN_OR_RETURN(out, tx.linkage().ListLinkages(f));
    return Status::Ok();
  }));
  return out;
}

Result<LinkageReport> LinkageService::Report(const security::Principal& p,
                                             const std::string& division_code, int64_t from_ms,
                                             int64_t to_ms, int months) {
  SIXIA_RETURN_IF_ERROR(RequireReportReader(p));
  SIXIA_RETURN_IF_ERROR(CheckPeriod(from_ms, to_ms));
  if (months < 1 || months > 24)
    return InvalidArgument("months must be 1..24", "months 取值范围为1到24", "months");
  LinkageReport r;
  r.months = months;
  // Looked at as of the end of the period, or tomorrow's start when the period runs on.
  const int64_t tomorrow = domain::StartOfDayMs(domain::DateOfMs(clock_.NowMs()).AddDays(1));
  r.as_of_ms = std::max(std::min(to_ms, tomorrow), from_ms + kDayMs);
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(r.division, ScopedDivision(tx, p, division_code));
    const auto range = domain::SubtreeRange(r.division.code, r.division.level);
    SIXIA_ASSIGN_OR_RETURN(auto villages, VillagesOf(tx, r.division));
    SIXIA_ASSIGN_OR_RETURN(auto rows, tx.linkage().Activity(range, from_ms, to_ms, r.as_of_ms));
    std::vector<domain::LinkageActivity> activity;
    std::map<int64_t, const store::LinkageActivityRow*> by_id;
    for (const auto& row : rows) {
      activity.push_back({row.row.link, row.row.division_code, row.visits, row.last_visit_ms});
      by_id[row.row.link.id] = &row;
    }
    std::vector<std::string> codes;
    if (villages)
      for (const auto& v : *villages) codes.push_back(v.code);
    SIXIA_ASSIGN_OR_RETURN(auto c,
                           domain::Coverage(codes, activity, from_ms, to_ms, r.as_of_ms, months));
    r.window_from_ms = c.window_from_ms;
    r.links_active = c.links_active;
    r.visits = c.visits;
    if (villages) {
      r.coverage_counted = true;
      r.villages = static_cast<int64_t>(villages->size());
      size_t next = 0;
      for (const auto& v : *villages)
        if (next < c.unlinked.size() && v.code == c.unlinked[next]) {
          r.unlinked.push_back(v);
          ++next;
        }
    }
    for (int64_t id : c.unvisited) {
      const auto* row = by_id.at(id);
      r.unvisited.push_back({row->row, row->last_visit_ms});
    }
    return Status::Ok();
  }));
  return r;
}

// ---- 双报到 ------------------------------------------------------------------------------

Result<RegistrationView> LinkageService::Register(const security::Principal& p, const Actor& a,
                                                  RegistrationInput in) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kLinkageManage));
  const int64_t now = clock_.NowMs();
  SIXIA_RETURN_IF_ERROR(Trimmed(in.member_name, "member_name", "党员姓名"));
  store::CommunityRegistrationRow row;
  auto& g = row.registration;
  g.community_code = in.community_code;
  g.unit_id = in.unit_id;
  g.registered_on_ms = domain::StartOfDayMs(domain::DateOfMs(in.registered_on_ms));
  SIXIA_RETURN_IF_ERROR(domain::CheckRegistration(g, in.member_name, now));
  SIXIA_RETURN_IF_ERROR(domain::ValidateDivisionCode(g.community_code, "community_code"));
  if (!AccessPolicy::InScope(p, g.community_code))
    return Unprocessable("the community is outside your jurisdiction", "报到社区不在您的管辖范围内",
                         "community_code");
  row.created_by = p.user_id > 0 ? std::optional<int64_t>(p.user_id) : std::nullopt;
  row.created_at_ms = now;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto community, tx.divisions().Get(g.community_code));
    if (!community)
      return Unprocessable("the community (community_code) does not exist",
                           "报到社区行政区划不存在", "community_code");
    if (community->level != domain::DivisionLevel::kVillage)
      return Unprocessable("community_code must name a community or village (level 5)",
                           "community_code 须为社区（村）级区划", "community_code");
    SIXIA_ASSIGN_OR_RETURN(auto unit, tx.directory().GetUnit(g.unit_id));
    if (!unit || unit->disabled)
      return Unprocessable("unit " + std::to_string(g.unit_id) + " not found", "党员所在单位不存在",
                           "unit_id");
    row.county_code = domain::CountyOf(community->code, community->level);
    row.member_name_sealed = cipher_.Encrypt(in.member_name, kAdMemberName);
    SIXIA_ASSIGN_OR_RETURN(g.id, tx.linkage().AddRegistration(row));
    return audit_.Append(
        tx, a,
        {"community_registration.create", "community_registration:" + std::to_string(g.id),
         domain::AuditOutcome::kOk,
         nlohmann::json{{"community", g.community_code},
                        {"unit_id", g.unit_id},
                        {"registered_on", Day(g.registered_on_ms)}}
             .dump()});
  }));
  return View(row);
}

Result<store::CommunityServiceRow> LinkageService::AddService(const security::Principal& p,
                                                              const Actor& a,
                                                              int64_t registration_id,
                                                              CommunityServiceInput in) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kLinkageManage));
  const int64_t now = clock_.NowMs();
  SIXIA_RETURN_IF_ERROR(Trimmed(in.content, "content", "服务内容"));
  store::CommunityServiceRow row;
  auto& s = row.service;
  s.registration_id = registration_id;
  s.served_on_ms = domain::StartOfDayMs(domain::DateOfMs(in.served_on_ms));
  s.content = in.content;
  if (in.hours) {
    SIXIA_ASSIGN_OR_RETURN(s.minutes, domain::HoursToMinutes(*in.hours));
  }
  row.recorded_by = p.user_id > 0 ? std::optional<int64_t>(p.user_id) : std::nullopt;
  row.recorded_at_ms = now;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto reg, VisibleRegistration(tx, p, registration_id));
    SIXIA_RETURN_IF_ERROR(domain::CheckService(reg.registration, s, now));
    SIXIA_ASSIGN_OR_RETURN(s.id, tx.linkage().AddService(row));
    nlohmann::json detail = {{"service_id", s.id}, {"served_on", Day(s.served_on_ms)}};
    if (s.minutes) detail["minutes"] = *s.minutes;
    return audit_.Append(tx, a,
                         {"community_registration.service",
                          "community_registration:" + std::to_string(registration_id),
                          domain::AuditOutcome::kOk, detail.dump()});
  }));
  return row;
}

Result<RegistrationDetail> LinkageService::GetRegistration(const security::Principal& p,
                                                           int64_t id) {
  SIXIA_RETURN_IF_ERROR(RequireReader(p));
  store::CommunityRegistrationRow row;
  RegistrationDetail out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(row, VisibleRegistration(tx, p, id));
    SIXIA_ASSIGN_OR_RETURN(out.services, tx.linkage().ServicesOf(id));
    return Status::Ok();
  }));
  out.registration = View(row);
  return out;
}

Result<std::vector<RegistrationView>> LinkageService::ListRegistrations(
    const security::Principal& p, const std::string& division_code, std::optional<int64_t> unit_id,
    int limit, int64_t before_id) {
  SIXIA_RETURN_IF_ERROR(RequireReader(p));
  SIXIA_RETURN_IF_ERROR(CheckLimit(limit));
  std::vector<store::CommunityRegistrationRow> rows;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto division, ScopedDivision(tx, p, division_code));
    store::RegistrationFilter f;
    f.range = domain::SubtreeRange(division.code, division.level);
    f.unit_id = unit_id;
    f.limit = limit;
    f.before_id = before_id;
    SIXIA_ASSIGN_OR_RETURN(rows, tx.linkage().ListRegistrations(f));
    return Status::Ok();
  }));
  std::vector<RegistrationView> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(View(r));
  return out;
}

Result<ServiceComplianceReport> LinkageService::Compliance(const security::Principal& p,
                                                           const std::string& division_code,
                                                           int64_t year) {
  SIXIA_RETURN_IF_ERROR(RequireReportReader(p));
  SIXIA_ASSIGN_OR_RETURN(auto period, domain::YearPeriod(year));
  ServiceComplianceReport r;
  r.year = year;
  r.min_services_per_year = rule_.min_services_per_year;
  std::vector<std::pair<store::CommunityRegistrationRow, int64_t>> counts;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(r.division, ScopedDivision(tx, p, division_code));
    SIXIA_ASSIGN_OR_RETURN(
        counts, tx.linkage().ServiceCounts(domain::SubtreeRange(r.division.code, r.division.level),
                                           period.second, period.first, period.second));
    return Status::Ok();
  }));
  std::vector<std::pair<int64_t, int64_t>> by_id;
  std::map<int64_t, size_t> index;
  for (size_t i = 0; i < counts.size(); ++i) {
    by_id.emplace_back(counts[i].first.registration.id, counts[i].second);
    index[counts[i].first.registration.id] = i;
    r.services += counts[i].second;
  }
  r.compliance = domain::Comply(rule_, by_id);
  for (int64_t id : r.compliance.below) {
    const auto& [row, n] = counts[index.at(id)];
    r.below.emplace_back(View(row), n);
  }
  return r;
}

}  // namespace sixia::app

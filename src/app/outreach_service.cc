#include "app/outreach_service.h"
#include "app/checks.h"

#include <nlohmann/json.hpp>

#include "common/utf8.h"

namespace sixia::app {
namespace {

using security::AccessPolicy;
using security::Permission;

Status RequireReader(const security::Principal& p) {
  if (AccessPolicy::Has(p, Permission::kActivityRead) || AccessPolicy::Has(p, Permission::kOutreachRecord))
    return Status::Ok();
  return PermissionDenied("missing permission activity.read", "缺少权限：activity.read");
}

}  // namespace

OutreachService::OutreachService(store::Store& store, const Clock& clock, const AuditLog& audit)
    : store_(store), clock_(clock), audit_(audit) {}

Result<domain::Division> OutreachService::ScopedDivision(store::Tx& tx, const security::Principal& p,
                                                         const std::string& code) const {
  SIXIA_RETURN_IF_ERROR(domain::ValidateDivisionCode(code, "division"));
  if (!AccessPolicy::InScope(p, code))
    return NotFound("division outside your jurisdiction", "该区划不在您的管辖范围内", "division");
  SIXIA_ASSIGN_OR_RETURN(auto division, tx.divisions().Get(code));
  if (!division) return NotFound("division not found", "行政区划不存在", "division");
  return *division;
}

Result<store::OutreachRow> OutreachService::Record(const security::Principal& p, const Actor& a,
                                                   domain::OutreachEvent event) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kOutreachRecord));
  const int64_t now = clock_.NowMs();
  if (!IsValidUtf8(event.topic) || !IsValidUtf8(event.notes))
    return InvalidArgument("text is not valid UTF-8", "文本不是有效的UTF-8", "topic");
  // Stored trimmed, so " 医保 " and "医保" are one topic in every report.
  event.topic = std::string(TrimBlank(event.topic));
  event.notes = std::string(TrimBlank(event.notes));
  SIXIA_RETURN_IF_ERROR(domain::CheckOutreach(event, now));
  SIXIA_RETURN_IF_ERROR(domain::ValidateDivisionCode(event.division_code, "division_code"));
  if (!AccessPolicy::InScope(p, event.division_code))
    return Unprocessable("the place is outside your jurisdiction", "活动地点不在您的管辖范围内",
                         "division_code");
  store::OutreachRow row;
  row.event = std::move(event);
  row.event.organiser_user_id = p.user_id > 0 ? std::optional<int64_t>(p.user_id) : std::nullopt;
  row.created_by = row.event.organiser_user_id;
  row.created_at_ms = now;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto place, tx.divisions().Get(row.event.division_code));
    if (!place)
      return Unprocessable("the place (division_code) does not exist", "活动地点行政区划不存在",
                           "division_code");
    row.county_code = domain::CountyOf(place->code, place->level);
    if (row.event.organiser_unit_id) {
      SIXIA_ASSIGN_OR_RETURN(auto unit, tx.directory().GetUnit(*row.event.organiser_unit_id));
      if (!unit || unit->disabled)
        return Unprocessable("organiser unit not found", "组织单位不存在", "organiser_unit_id");
    }
    SIXIA_ASSIGN_OR_RETURN(row.event.id, tx.outreach().Add(row));
    return audit_.Append(tx, a,
                         {"outreach.record", "outreach:" + std::to_string(row.event.id),
                          domain::AuditOutcome::kOk,
                          nlohmann::json{{"form", domain::OutreachFormName(row.event.form)},
                                         {"division", row.event.division_code},
                                         {"reached", row.event.reached}}
                              .dump()});
  }));
  return row;
}

Result<store::OutreachRow> OutreachService::Get(const security::Principal& p, int64_t id) {
  SIXIA_RETURN_IF_ERROR(RequireReader(p));
  std::optional<store::OutreachRow> row;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(row, tx.outreach().Get(id));
    return Status::Ok();
  }));
  if (!row || !AccessPolicy::InScope(p, row->event.division_code))
    return NotFound("outreach event not found", "宣传活动不存在或不在您的管辖范围内");
  return *row;
}

Result<std::vector<store::OutreachRow>> OutreachService::List(const security::Principal& p,
                                                              const OutreachQuery& q) {
  SIXIA_RETURN_IF_ERROR(RequireReader(p));
  SIXIA_RETURN_IF_ERROR(CheckPeriod(q.from_ms, q.to_ms));
  if (q.limit < 1 || q.limit > 200)
    return InvalidArgument("limit must be 1..200", "limit 取值范围为1到200", "limit");
  if (!q.form.empty() && !domain::OutreachFormFromName(q.form))
    return InvalidArgument("unknown form", "未知的宣传形式", "form");
  std::vector<store::OutreachRow> out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto division, ScopedDivision(tx, p, q.division_code));
    store::OutreachFilter f{domain::SubtreeRange(division.code, division.level), q.from_ms, q.to_ms,
                            q.form, q.topic, q.limit, q.before_id};
    SIXIA_ASSIGN_OR_RETURN(out, tx.outreach().List(f));
    return Status::Ok();
  }));
  return out;
}

Result<OutreachReport> OutreachService::Report(const security::Principal& p,
                                               const std::string& division_code, int64_t from_ms,
                                               int64_t to_ms) {
  if (!AccessPolicy::Has(p, Permission::kActivityRead) && !AccessPolicy::Has(p, Permission::kStatisticsRead))
    return PermissionDenied("missing permission activity.read", "缺少权限：activity.read");
  SIXIA_RETURN_IF_ERROR(CheckPeriod(from_ms, to_ms));
  OutreachReport r;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(r.division, ScopedDivision(tx, p, division_code));
    store::OutreachFilter f;
    f.range = domain::SubtreeRange(r.division.code, r.division.level);
    f.from_ms = from_ms;
    f.to_ms = to_ms;
    SIXIA_ASSIGN_OR_RETURN(auto groups, tx.outreach().Totals(f));
    for (const auto& g : groups) {
      r.total.Add(g.events, g.reached, g.estimated);
      r.by_form[g.form].Add(g.events, g.reached, g.estimated);
      r.by_topic[g.topic].Add(g.events, g.reached, g.estimated);
    }
    // Coverage: the villages of a county (through its townships), a township or a village.
    std::vector<domain::Division> villages;
    switch (r.division.level) {
      case domain::DivisionLevel::kVillage:
        villages.push_back(r.division);
        break;
      case domain::DivisionLevel::kTownship: {
        SIXIA_ASSIGN_OR_RETURN(villages, tx.divisions().Children(r.division.code));
        break;
      }
      case domain::DivisionLevel::kCounty: {
        SIXIA_ASSIGN_OR_RETURN(auto townships, tx.divisions().Children(r.division.code));
        for (const auto& t : townships) {
          SIXIA_ASSIGN_OR_RETURN(auto v, tx.divisions().Children(t.code));
          villages.insert(villages.end(), v.begin(), v.end());
        }
        break;
      }
      case domain::DivisionLevel::kNation:
      case domain::DivisionLevel::kProvince:
      case domain::DivisionLevel::kCity:
        return Status::Ok();  // Too many villages to list; coverage is per county.
    }
    r.coverage_counted = true;
    SIXIA_ASSIGN_OR_RETURN(auto covered_places, tx.outreach().CoveredPlaces(f));
    // An event anywhere inside a village (its own code) covers it.
    std::vector<std::string> codes, covered;
    for (const auto& v : villages) codes.push_back(v.code);
    for (const auto& c : covered_places) covered.push_back(c);
    const auto missing = domain::Uncovered(codes, covered);
    r.villages = static_cast<int64_t>(villages.size());
    size_t next = 0;
    for (const auto& v : villages)
      if (next < missing.size() && v.code == missing[next]) {
        r.uncovered.push_back(v);
        ++next;
      }
    return Status::Ok();
  }));
  r.sentence = domain::OutreachSentence(r.total);
  return r;
}

}  // namespace sixia::app

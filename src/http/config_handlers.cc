// 系统管理 of the configuration (config.manage):
//   GET /api/v1/config/time-limits   the time-limit table (办理时限): shipped + the data folder's
//                                    rules, and those rules' text (`data_text`)
//   PUT /api/v1/config/time-limits   {"text": …} replaces the data folder's rules
//   GET /api/v1/config/holidays      the holiday calendar (节假日与调休), likewise
//   PUT /api/v1/config/holidays      {"text": …} replaces the data folder's holiday lines
//   GET /api/v1/config/divisions     the division tree: size, version, the last import
// A replacement takes effect at once and re-derives every petition's due dates (ConfigService).
#include <filesystem>

#include "domain/calendar.h"
#include "domain/time_limits.h"
#include "http/json_io.h"
#include "http/router.h"

namespace sixia::http {
namespace {

using security::AccessPolicy;
using security::Permission;

const char* UnitName(domain::LimitUnit unit) {
  switch (unit) {
    case domain::LimitUnit::kHours: return "hours";
    case domain::LimitUnit::kCalendarDays: return "calendar_days";
    case domain::LimitUnit::kWorkingDays: return "working_days";
  }
  return "calendar_days";
}

// PUT body {"text": "..."} → ConfigService::Replace → {"rules": n, "recounted": n}.
Response ReplaceRules(app::App& app, Context& c, int depth, app::RuleFile which) {
  auto body = ParseJsonObject(c.req, depth);
  if (!body.ok()) return ErrorResponse(body.status());
  FieldReader f(*body);
  std::string text;
  Status st = f.String("text", text);
  if (st.ok()) st = f.Finish();
  if (!st.ok()) return ErrorResponse(st);
  auto r = app.config().Replace(c.principal, c.actor, which, text);
  if (!r.ok()) return ErrorResponse(r.status());
  return JsonResponse(200, {{"rules", r->rules}, {"recounted", r->recounted}});
}

}  // namespace

void RegisterConfigRoutes(Router& router, app::App& app) {
  // The rules in force (shipped rules first, then the data folder's lines).
  const size_t shipped_rules = domain::DefaultTimeLimits().rules().size();
  const int depth = app.options().http.json_depth_limit;

  router.Add("GET", "/api/v1/config/time-limits", Access::kAuthenticated, [&app, shipped_rules](Context& c) {
    auto text = app.config().DataText(c.principal, app::RuleFile::kTimeLimits);
    if (!text.ok()) return ErrorResponse(text.status());
    json items = json::array();
    const auto tables = app.rules().Current();
    const auto& rules = tables.limits->rules();
    for (size_t i = 0; i < rules.size(); ++i) {
      const auto& r = rules[i];
      items.push_back({{"clock", domain::ClockKindName(r.clock)},
                       {"petition_class", r.petition_class},
                       {"channel", r.channel},
                       {"category_prefix", r.category_prefix},
                       {"division_prefix", r.division_prefix},
                       {"limit", domain::FormatTimeLimit(r.limit)},
                       {"amount", r.limit.amount},
                       {"unit", UnitName(r.limit.unit)},
                       {"note", r.note},
                       {"source", i < shipped_rules ? "shipped" : "data_file"}});
    }
    return JsonResponse(200, {{"items", items}, {"data_file", !text->empty()}, {"data_text", *text}});
  });

  router.Add("PUT", "/api/v1/config/time-limits", Access::kAuthenticated, [&app, depth](Context& c) {
    return ReplaceRules(app, c, depth, app::RuleFile::kTimeLimits);
  });

  router.Add("GET", "/api/v1/config/holidays", Access::kAuthenticated, [&app](Context& c) {
    auto text = app.config().DataText(c.principal, app::RuleFile::kHolidays);
    if (!text.ok()) return ErrorResponse(text.status());
    auto year = QueryInt(c.req, "year", 0, 0, 9999);
    if (!year.ok()) return ErrorResponse(year.status());
    const auto tables = app.rules().Current();
    const auto& cal = *tables.calendar;
    json years = json::array();
    for (int y : cal.covered_years()) years.push_back(y);
    json items = json::array();
    for (int y : cal.covered_years()) {
      if (*year != 0 && y != *year) continue;
      for (domain::Date d{y, 1, 1}; d.year == y; d = d.AddDays(1)) {
        const domain::CalendarEntry* e = cal.Find(d);
        if (!e) continue;
        items.push_back({{"date", e->date.ToString()},
                         {"kind", domain::DayKindName(e->kind)},
                         {"name", e->name}});
      }
    }
    return JsonResponse(200, {{"covered_years", years}, {"items", items},
                              {"data_file", !text->empty()}, {"data_text", *text}});
  });

  router.Add("PUT", "/api/v1/config/holidays", Access::kAuthenticated, [&app, depth](Context& c) {
    return ReplaceRules(app, c, depth, app::RuleFile::kHolidays);
  });

  router.Add("GET", "/api/v1/config/divisions", Access::kAuthenticated, [&app](Context& c) {
    Status st = AccessPolicy::Require(c.principal, Permission::kConfigManage);
    if (!st.ok()) return ErrorResponse(st);
    int64_t count = 0, version = 0;
    std::optional<domain::AuditRecord> last;
    st = app.store().Read([&](store::Tx& tx) -> Status {
      SIXIA_ASSIGN_OR_RETURN(count, tx.divisions().Count());
      SIXIA_ASSIGN_OR_RETURN(version, tx.divisions().Version());
      store::AuditFilter filter;
      filter.action = "divisions.import";
      filter.limit = 500;
      for (;;) {
        SIXIA_ASSIGN_OR_RETURN(auto page, tx.audit().List(filter));
        if (page.empty()) break;
        last = page.back();
        if (static_cast<int>(page.size()) < filter.limit) break;
        filter.after_seq = page.back().seq;
      }
      return Status::Ok();
    });
    if (!st.ok()) return ErrorResponse(st);
    json body = {{"count", count}, {"version", version}, {"last_import", nullptr}};
    if (last) {
      json detail = json::parse(last->detail, nullptr, false);
      // When and what; not who (reading the audit log is the audit administrator's).
      json li = {{"at", last->at_ms}};
      if (detail.is_object())
        for (const char* k : {"in_source", "placeholders", "added", "changed", "unchanged", "not_in_source"})
          if (detail.contains(k)) li[k] = detail[k];
      body["last_import"] = li;
    }
    return JsonResponse(200, body);
  });
}

}  // namespace sixia::http

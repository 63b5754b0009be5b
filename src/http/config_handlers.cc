// Read-only views of the configuration for 系统管理 (config.manage):
//   GET /api/v1/config/time-limits   the time-limit table (办理时限), shipped + time_limits.txt
//   GET /api/v1/config/holidays      the holiday calendar (节假日), shipped + holidays.txt
//   GET /api/v1/config/divisions     the division tree: size, version, the last import
// The rules are read from the data folder once, at registration, exactly as App::Open reads
// them when the server starts (the App keeps its own copies private); both change only with
// a restart. Nothing here writes.
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

// Whether the data folder extends the shipped rules with its own file.
bool HasDataFile(const app::App& app, const char* name) {
  std::error_code ec;
  return std::filesystem::exists(app::DataFile(app.options().data_dir, name), ec);
}

}  // namespace

void RegisterConfigRoutes(Router& router, app::App& app) {
  // The App's own tables (shipped rules first, then the data folder's lines).
  const size_t shipped_rules = domain::DefaultTimeLimits().rules().size();
  const bool limits_file = HasDataFile(app, "time_limits.txt");
  const bool holidays_file = HasDataFile(app, "holidays.txt");

  router.Add("GET", "/api/v1/config/time-limits", Access::kAuthenticated, [&app, shipped_rules, limits_file](Context& c) {
    Status st = AccessPolicy::Require(c.principal, Permission::kConfigManage);
    if (!st.ok()) return ErrorResponse(st);
    json items = json::array();
    const auto& rules = app.limits().rules();
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
    return JsonResponse(200, {{"items", items}, {"data_file", limits_file}});
  });

  router.Add("GET", "/api/v1/config/holidays", Access::kAuthenticated, [&app, holidays_file](Context& c) {
    Status st = AccessPolicy::Require(c.principal, Permission::kConfigManage);
    if (!st.ok()) return ErrorResponse(st);
    auto year = QueryInt(c.req, "year", 0, 0, 9999);
    if (!year.ok()) return ErrorResponse(year.status());
    const auto& cal = app.calendar();
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
                              {"data_file", holidays_file}});
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

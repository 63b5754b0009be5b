// GET /api/v1/audit (audit_admin only), GET /api/v1/audit/verify
#include "http/json_io.h"
#include "http/router.h"
#include "http/views.h"

namespace sixia::http {

void RegisterAuditRoutes(Router& router, app::App& app) {
  router.Add("GET", "/api/v1/audit", Access::kAuthenticated, [&app](Context& c) {
    auto limit = QueryInt(c.req, "limit", 100, 1, 1000);
    auto after = QueryInt(c.req, "after", 0, 0, INT64_MAX);
    if (!limit.ok()) return ErrorResponse(limit.status());
    if (!after.ok()) return ErrorResponse(after.status());
    store::AuditFilter filter;
    filter.limit = static_cast<int>(*limit);
    filter.after_seq = *after;
    if (auto it = c.req.query.find("action"); it != c.req.query.end()) filter.action = it->second;
    auto records = app::AuditLog::List(app.store(), c.principal, filter);
    if (!records.ok()) return ErrorResponse(records.status());
    nlohmann::json body = {{"items", ListJson(*records)}};
    body["next_after"] = static_cast<int>(records->size()) == filter.limit
                             ? nlohmann::json(records->back().seq)
                             : nlohmann::json(nullptr);
    return JsonResponse(200, body);
  });
  router.Add("GET", "/api/v1/audit/verify", Access::kAuthenticated, [&app](Context& c) {
    auto report = app::AuditLog::VerifyAs(app.store(), c.principal);
    if (!report.ok()) return ErrorResponse(report.status());
    nlohmann::json body = {{"records", report->records}, {"intact", !report->broken}};
    if (report->broken)
      body["first_broken"] = {{"seq", report->broken->seq}, {"reason", report->broken->reason}};
    return JsonResponse(200, body);
  });
}

}  // namespace sixia::http

// Supervision against formalism: GET /api/v1/supervision/flags.
// Parses → calls the use case → maps the result. Nothing else.

#include "domain/calendar.h"
#include "http/json_io.h"
#include "http/research_views.h"
#include "http/router.h"
#include "http/views.h"

namespace sixia::http {
namespace {

// A field-session assignment as the supervisor sees it (who raised the issue is not shown).
json AssignmentJson(const store::FieldIssueRow& row) {
  const auto& i = row.issue;
  return {{"id", i.id},
          {"session_id", i.session_id},
          {"content", i.content},
          {"unit_id", JsonOrNull(i.unit_id)},
          {"person_user_id", JsonOrNull(i.person_user_id)},
          {"deadline", i.deadline_ms ? json(domain::DateOfMs(*i.deadline_ms - 1).ToString()) : json(nullptr)},
          {"closed_at", JsonOrNull(i.closed_at_ms)},
          {"evidence", i.evidence}};
}

template <typename T, typename F>
json Flag(const std::vector<T>& rows, F to_json) {
  json items = json::array();
  for (const auto& r : rows) items.push_back(to_json(r));
  return {{"count", rows.size()}, {"items", items}};
}

}  // namespace

void RegisterSupervisionRoutes(Router& router, app::App& app) {
  router.Add("GET", "/api/v1/supervision/flags", Access::kAuthenticated, [&app](Context& c) {
    const std::string division = QueryText(c.req, "division");
    if (division.empty())
      return ErrorResponse(InvalidArgument("division is required", "请指定区划 division", "division"));
    int64_t from = 0, to = 0;
    if (Status st = ParsePeriod(c.req, from, to); !st.ok()) return ErrorResponse(st);
    auto f = app.supervision().Flags(c.principal, division, from, to);
    if (!f.ok()) return ErrorResponse(f.status());
    const int64_t now = app.clock().NowMs();
    auto ledger = [now](const store::LedgerRow& r) { return LedgerItemJson(r, now); };
    json body = {
        {"division", ToJson(f->division)},
        {"tasks_without_evidence", Flag(f->tasks_weak_evidence, ledger)},
        {"assignments_without_evidence", Flag(f->assignments_weak_evidence, AssignmentJson)},
        {"tasks_closed_late", Flag(f->tasks_done_late, ledger)},
        {"assignments_closed_late", Flag(f->assignments_closed_late, AssignmentJson)},
        {"problems_without_responsible", Flag(f->problems_without_responsible, ledger)},
        {"reception_quota_missed", Flag(f->quota_missed,
                                        [](const app::LeaderCompliance& l) {
                                          return json{{"user_id", l.user_id},
                                                      {"display_name", l.display_name},
                                                      {"post", domain::LeaderPostName(l.post)},
                                                      {"required", l.compliance.required},
                                                      {"held", l.compliance.held},
                                                      {"windows_missed", l.compliance.windows_missed}};
                                        })},
        {"villages_without_outreach",
         Flag(f->villages_without_outreach, [](const domain::Division& d) { return ToJson(d); })},
        {"coverage_counted", f->coverage_counted},
        {"reports", Flag(f->reports, [](const app::ReportView& v) { return ReportJson(v); })}};
    return JsonResponse(200, body);
  });
}

}  // namespace sixia::http

// Research and the ledger: /api/v1/research-projects…, /api/v1/ledger-items…,
// /api/v1/ledger/open-tasks, /api/v1/ledger/report, /api/v1/research-reports….
// Each handler parses → calls one use case → maps the result. Nothing else.

#include "domain/calendar.h"
#include "http/json_io.h"
#include "http/research_views.h"
#include "http/router.h"

namespace sixia::http {
namespace {

constexpr int64_t kDayMs = 86'400'000;

std::string Day(int64_t ms) { return domain::DateOfMs(ms).ToString(); }

json ToJson(const store::ResearchProjectRow& row) {
  const auto& p = row.project;
  return {{"id", p.id},
          {"topic", p.topic},
          {"division_code", p.division_code},
          {"lead_user_id", p.lead_user_id},
          {"method", domain::ResearchMethodName(p.method)},
          {"method_label", domain::ResearchMethodLabel(p.method)},
          {"places", p.places},
          {"starts_on", Day(p.starts_on_ms)},
          {"ends_on", Day(p.ends_on_ms)},
          {"summary", p.summary}};
}

json ToJson(const store::ResearchVisitRow& row) {
  const auto& v = row.visit;
  return {{"id", v.id},
          {"project_id", v.project_id},
          {"visited_on", Day(v.visited_on_ms)},
          {"division_code", v.division_code},
          {"people_met", v.people_met},
          {"met_whom", v.met_whom},
          {"findings", v.findings}};
}

}  // namespace

json LedgerItemJson(const store::LedgerRow& row, int64_t now_ms) {
  const auto& i = row.item;
  return {{"id", i.id},
          {"kind", domain::ItemKindName(i.kind)},
          {"kind_label", domain::ItemKindLabel(i.kind)},
          {"parent_id", JsonOrNull(i.parent_id)},
          {"project_id", JsonOrNull(i.project_id)},
          {"title", i.title},
          {"detail", i.detail},
          {"source", i.source ? json(domain::ItemSourceName(*i.source)) : json(nullptr)},
          {"source_ids", i.source_ids},
          {"division_code", i.division_code},
          {"unit_id", JsonOrNull(i.unit_id)},
          {"person_user_id", JsonOrNull(i.person_user_id)},
          // The last day of the task (its deadline is the end of that day).
          {"deadline", i.deadline_ms ? json(Day(*i.deadline_ms - 1)) : json(nullptr)},
          {"task_kind", i.task_kind ? json(domain::TaskKindName(*i.task_kind)) : json(nullptr)},
          {"task_kind_label", i.task_kind ? json(domain::TaskKindLabel(*i.task_kind)) : json(nullptr)},
          {"status", domain::ItemStatusName(i.status)},
          {"overdue", domain::IsOverdue(i, now_ms)},
          {"done_at", JsonOrNull(i.done_at_ms)},
          {"evidence", i.evidence},
          {"verified_by", JsonOrNull(i.verified_by)},
          {"created_at", row.created_at_ms}};
}

namespace {

json ToJson(const domain::Progress& p) {
  return {{"tasks", p.tasks}, {"done", p.done}, {"overdue", p.overdue}, {"outcomes", p.outcomes}, {"ratio", p.ratio}};
}

json ToJson(const domain::ReportFigures& f) {
  json out = json::object();
  for (const auto& e : domain::FigureEntries(f)) out[e.key] = e.value;
  return out;
}

json ToJson(const store::ReportRow& r) {
  return {{"id", r.id},
          {"division_code", r.division_code},
          {"project_id", JsonOrNull(r.project_id)},
          {"author_user_id", r.author_user_id},
          {"title", r.title},
          {"body", r.body},
          {"from", Day(r.from_ms)},
          {"to", Day(r.to_ms - 1)},
          {"consolidated", r.consolidated},
          {"figures", ToJson(r.figures)},
          {"member_ids", r.member_ids},
          {"created_at", r.created_at_ms}};
}

}  // namespace

json ReportJson(const app::ReportView& v) {
  json out = ToJson(v.report);
  json mismatches = json::array();
  for (const auto& m : v.check.mismatches)
    mismatches.push_back({{"key", m.key}, {"phrase", m.phrase}, {"stated", m.stated}, {"counted", m.counted}});
  out["check"] = {{"placeholders", v.check.placeholders},
                  {"mismatches", mismatches},
                  {"counted_now", ToJson(v.check.counted_now)}};
  return out;
}

namespace {

// "YYYY-MM-DD" as the end of that day (a deadline).
Status ReadDeadline(const std::optional<std::string>& text, std::optional<int64_t>& out) {
  if (!text) return Status::Ok();
  SIXIA_ASSIGN_OR_RETURN(int64_t day, ParseDay(*text, "deadline"));
  out = day + kDayMs;
  return Status::Ok();
}

// The period of a body: "from" and "to" (last day counted), to not before from.
Status ReadPeriod(FieldReader& f, int64_t& from_ms, int64_t& to_ms, std::vector<Status>& errors) {
  std::string from, to;
  errors.push_back(f.String("from", from));
  errors.push_back(f.String("to", to));
  for (const Status& st : errors)
    if (!st.ok()) return st;
  SIXIA_ASSIGN_OR_RETURN(from_ms, ParseDay(from, "from"));
  SIXIA_ASSIGN_OR_RETURN(int64_t last, ParseDay(to, "to"));
  if (last < from_ms)
    return InvalidArgument("to is before from (dates in the wrong order)", "截止日期早于起始日期", "to");
  to_ms = last + kDayMs;
  return Status::Ok();
}

Result<std::optional<bool>> QueryBool(const Request& req, const char* name) {
  const std::string v = QueryText(req, name);
  if (v.empty()) return std::optional<bool>();
  if (v == "true" || v == "1") return std::optional<bool>(true);
  if (v == "false" || v == "0") return std::optional<bool>(false);
  return InvalidArgument(std::string(name) + " must be true or false", std::string(name) + " 应为 true 或 false", name);
}

Result<std::string> RequiredDivision(const Request& req) {
  std::string division = QueryText(req, "division");
  if (division.empty()) return InvalidArgument("division is required", "请指定区划 division", "division");
  return division;
}

}  // namespace

void RegisterResearchRoutes(Router& router, app::App& app) {
  const int depth = app.options().http.json_depth_limit;
  auto now = [&app] { return app.clock().NowMs(); };

  // ---- Projects and visits ----

  router.Add("POST", "/api/v1/research-projects", Access::kAuthenticated, [&app, depth](Context& c) {
    auto body = ParseJsonObject(c.req, depth);
    if (!body.ok()) return ErrorResponse(body.status());
    FieldReader f(*body);
    domain::ResearchProject p;
    std::string method, starts, ends;
    std::optional<std::string> summary;
    for (const Status& st :
         {f.String("topic", p.topic), f.String("division_code", p.division_code), f.Int("lead_user_id", p.lead_user_id),
          f.String("method", method), f.StringArray("places", p.places, true), f.String("starts_on", starts),
          f.String("ends_on", ends), f.OptString("summary", summary), f.Finish()})
      if (!st.ok()) return ErrorResponse(st);
    const auto m = domain::ResearchMethodFromName(method);
    if (!m)
      return ErrorResponse(InvalidArgument(
          "method must be one of unannounced, stay_in, dissection, thematic, symposium, questionnaire, other",
          "method 的取值应为：unannounced, stay_in, dissection, thematic, symposium, questionnaire, other", "method"));
    p.method = *m;
    p.summary = summary.value_or("");
    auto s = ParseDay(starts, "starts_on");
    auto e = ParseDay(ends, "ends_on");
    for (const Status& st : {s.status(), e.status()})
      if (!st.ok()) return ErrorResponse(st);
    p.starts_on_ms = *s;
    p.ends_on_ms = *e;
    auto row = app.research().CreateProject(c.principal, c.actor, std::move(p));
    return row.ok() ? JsonResponse(201, ToJson(*row)) : ErrorResponse(row.status());
  });

  router.Add("GET", "/api/v1/research-projects", Access::kAuthenticated, [&app](Context& c) {
    auto division = RequiredDivision(c.req);
    int64_t from = 0, to = 0;
    auto limit = QueryInt(c.req, "limit", 50, 1, 200);
    auto before = QueryInt(c.req, "before_id", 0, 0, INT64_MAX);
    for (const Status& st : {division.status(), ParsePeriod(c.req, from, to), limit.status(), before.status()})
      if (!st.ok()) return ErrorResponse(st);
    auto rows = app.research().ListProjects(c.principal, *division, from, to, static_cast<int>(*limit), *before);
    if (!rows.ok()) return ErrorResponse(rows.status());
    json items = json::array();
    for (const auto& r : *rows) items.push_back(ToJson(r));
    json body = {{"items", items}};
    if (static_cast<int64_t>(rows->size()) == *limit) body["next_before_id"] = rows->back().project.id;
    return JsonResponse(200, body);
  });

  router.Add("GET", "/api/v1/research-projects/{id}", Access::kAuthenticated, [&app, now](Context& c) {
    auto id = PathId(c.params["id"], "id");
    if (!id.ok()) return ErrorResponse(id.status());
    auto v = app.research().GetProject(c.principal, *id);
    if (!v.ok()) return ErrorResponse(v.status());
    json body = ToJson(v->project);
    json visits = json::array(), problems = json::array();
    for (const auto& visit : v->visits) visits.push_back(ToJson(visit));
    for (const auto& root : v->problems) {
      json item = LedgerItemJson(root.item, now());
      item["progress"] = ToJson(root.progress);
      problems.push_back(item);
    }
    body["visits"] = visits;
    body["problems"] = problems;
    body["figures"] = ToJson(v->figures);
    return JsonResponse(200, body);
  });

  router.Add("POST", "/api/v1/research-projects/{id}/visits", Access::kAuthenticated, [&app, depth](Context& c) {
    auto id = PathId(c.params["id"], "id");
    if (!id.ok()) return ErrorResponse(id.status());
    auto body = ParseJsonObject(c.req, depth);
    if (!body.ok()) return ErrorResponse(body.status());
    FieldReader f(*body);
    domain::ResearchVisit v;
    std::string day;
    std::optional<std::string> met_whom;
    for (const Status& st : {f.String("visited_on", day), f.String("division_code", v.division_code),
                             f.Int("people_met", v.people_met), f.OptString("met_whom", met_whom),
                             f.String("findings", v.findings), f.Finish()})
      if (!st.ok()) return ErrorResponse(st);
    auto ms = ParseDay(day, "visited_on");
    if (!ms.ok()) return ErrorResponse(ms.status());
    v.visited_on_ms = *ms;
    v.met_whom = met_whom.value_or("");
    auto row = app.research().AddVisit(c.principal, c.actor, *id, std::move(v));
    return row.ok() ? JsonResponse(201, ToJson(*row)) : ErrorResponse(row.status());
  });

  // ---- Ledger ----

  router.Add("POST", "/api/v1/ledger-items", Access::kAuthenticated, [&app, depth, now](Context& c) {
    auto body = ParseJsonObject(c.req, depth);
    if (!body.ok()) return ErrorResponse(body.status());
    FieldReader f(*body);
    app::ItemInput in;
    std::string kind;
    std::optional<std::string> detail, source, division, deadline, task_kind, evidence;
    for (const Status& st :
         {f.String("kind", kind), f.OptInt("parent_id", in.parent_id), f.OptInt("project_id", in.project_id),
          f.String("title", in.title), f.OptString("detail", detail), f.OptString("source", source),
          f.IntArray("source_ids", in.source_ids), f.OptString("division_code", division),
          f.OptInt("unit_id", in.unit_id), f.OptInt("person_user_id", in.person_user_id),
          f.OptString("deadline", deadline), f.OptString("task_kind", task_kind), f.OptString("evidence", evidence),
          f.OptInt("verified_by", in.verified_by), f.Finish()})
      if (!st.ok()) return ErrorResponse(st);
    const auto k = domain::ItemKindFromName(kind);
    if (!k)
      return ErrorResponse(InvalidArgument("kind must be one of problem, responsibility, task, outcome",
                                           "kind 的取值应为：problem, responsibility, task, outcome", "kind"));
    in.kind = *k;
    if (source) {
      in.source = domain::ItemSourceFromName(*source);
      if (!in.source)
        return ErrorResponse(
            InvalidArgument("source must be one of research, field_session, petitions, supervision, other",
                            "source 的取值应为：research, field_session, petitions, supervision, other", "source"));
    }
    if (task_kind) {
      in.task_kind = domain::TaskKindFromName(*task_kind);
      if (!in.task_kind)
        return ErrorResponse(InvalidArgument("task_kind must be fix_now or institutional",
                                             "task_kind 的取值应为：fix_now, institutional", "task_kind"));
    }
    if (Status st = ReadDeadline(deadline, in.deadline_ms); !st.ok()) return ErrorResponse(st);
    in.detail = detail.value_or("");
    in.division_code = division.value_or("");
    in.evidence = evidence.value_or("");
    auto row = app.research().AddItem(c.principal, c.actor, std::move(in));
    return row.ok() ? JsonResponse(201, LedgerItemJson(*row, now())) : ErrorResponse(row.status());
  });

  router.Add("GET", "/api/v1/ledger-items/{id}", Access::kAuthenticated, [&app, now](Context& c) {
    auto id = PathId(c.params["id"], "id");
    if (!id.ok()) return ErrorResponse(id.status());
    auto v = app.research().GetItem(c.principal, *id);
    if (!v.ok()) return ErrorResponse(v.status());
    const int64_t t = now();
    json body = LedgerItemJson(v->item, t);
    json up = json::array(), down = json::array();
    for (const auto& a : v->ancestors) up.push_back(LedgerItemJson(a, t));
    for (const auto& d : v->subtree) down.push_back(LedgerItemJson(d, t));
    body["ancestors"] = up;
    body["subtree"] = down;
    body["progress"] = ToJson(v->progress);
    return JsonResponse(200, body);
  });

  router.Add("PATCH", "/api/v1/ledger-items/{id}", Access::kAuthenticated, [&app, depth, now](Context& c) {
    auto id = PathId(c.params["id"], "id");
    if (!id.ok()) return ErrorResponse(id.status());
    auto body = ParseJsonObject(c.req, depth);
    if (!body.ok()) return ErrorResponse(body.status());
    FieldReader f(*body);
    app::ItemPatch patch;
    std::optional<std::string> deadline;
    for (const Status& st :
         {f.OptString("title", patch.title), f.OptString("detail", patch.detail),
          f.NullableInt("parent_id", patch.parent_id), f.OptInt("unit_id", patch.unit_id),
          f.OptInt("person_user_id", patch.person_user_id), f.OptString("deadline", deadline), f.Finish()})
      if (!st.ok()) return ErrorResponse(st);
    if (Status st = ReadDeadline(deadline, patch.deadline_ms); !st.ok()) return ErrorResponse(st);
    auto row = app.research().UpdateItem(c.principal, c.actor, *id, std::move(patch));
    return row.ok() ? JsonResponse(200, LedgerItemJson(*row, now())) : ErrorResponse(row.status());
  });

  router.Add("POST", "/api/v1/ledger-items/{id}/close", Access::kAuthenticated, [&app, depth, now](Context& c) {
    auto id = PathId(c.params["id"], "id");
    if (!id.ok()) return ErrorResponse(id.status());
    auto body = ParseJsonObject(c.req, depth);
    if (!body.ok()) return ErrorResponse(body.status());
    FieldReader f(*body);
    std::optional<std::string> evidence;
    for (const Status& st : {f.OptString("evidence", evidence), f.Finish()})
      if (!st.ok()) return ErrorResponse(st);
    auto row = app.research().CloseItem(c.principal, c.actor, *id, evidence.value_or(""));
    return row.ok() ? JsonResponse(200, LedgerItemJson(*row, now())) : ErrorResponse(row.status());
  });

  router.Add("POST", "/api/v1/ledger-items/{id}/reopen", Access::kAuthenticated, [&app, depth, now](Context& c) {
    auto id = PathId(c.params["id"], "id");
    if (!id.ok()) return ErrorResponse(id.status());
    auto body = ParseJsonObject(c.req, depth);
    if (!body.ok()) return ErrorResponse(body.status());
    FieldReader f(*body);
    std::string reason;
    for (const Status& st : {f.String("reason", reason), f.Finish()})
      if (!st.ok()) return ErrorResponse(st);
    auto row = app.research().ReopenItem(c.principal, c.actor, *id, reason);
    return row.ok() ? JsonResponse(200, LedgerItemJson(*row, now())) : ErrorResponse(row.status());
  });

  router.Add("GET", "/api/v1/ledger/open-tasks", Access::kAuthenticated, [&app, now](Context& c) {
    app::OpenTaskQuery q;
    auto division = RequiredDivision(c.req);
    auto overdue = QueryBool(c.req, "overdue");
    auto mine = QueryBool(c.req, "mine");
    auto unit = QueryInt(c.req, "unit_id", 0, 0, INT64_MAX);
    auto limit = QueryInt(c.req, "limit", 50, 1, 200);
    auto after_deadline = QueryInt(c.req, "after_deadline", INT64_MIN, INT64_MIN, INT64_MAX);
    auto after_id = QueryInt(c.req, "after_id", 0, 0, INT64_MAX);
    for (const Status& st : {division.status(), overdue.status(), mine.status(), unit.status(), limit.status(),
                             after_deadline.status(), after_id.status()})
      if (!st.ok()) return ErrorResponse(st);
    q.division_code = *division;
    q.overdue_only = overdue->value_or(false);
    q.mine = mine->value_or(false);
    if (*unit > 0) q.unit_id = *unit;
    q.limit = static_cast<int>(*limit);
    if (*after_id > 0) q.after = std::pair(*after_deadline, *after_id);
    auto rows = app.research().OpenTasks(c.principal, q);
    if (!rows.ok()) return ErrorResponse(rows.status());
    const int64_t t = now();
    json items = json::array();
    for (const auto& r : *rows) items.push_back(LedgerItemJson(r, t));
    json body = {{"items", items}};
    if (static_cast<int64_t>(rows->size()) == *limit)
      body["next"] = {{"after_deadline", *rows->back().item.deadline_ms}, {"after_id", rows->back().item.id}};
    return JsonResponse(200, body);
  });

  router.Add("GET", "/api/v1/ledger/report", Access::kAuthenticated, [&app, now](Context& c) {
    auto division = RequiredDivision(c.req);
    if (!division.ok()) return ErrorResponse(division.status());
    auto r = app.research().Report(c.principal, *division);
    if (!r.ok()) return ErrorResponse(r.status());
    const int64_t t = now();
    json overdue = json::array(), orphans = json::array();
    for (const auto& row : r->overdue_tasks) overdue.push_back(LedgerItemJson(row, t));
    for (const auto& row : r->without_responsible) orphans.push_back(LedgerItemJson(row, t));
    return JsonResponse(200, {{"overdue_tasks", overdue}, {"problems_without_responsible", orphans}});
  });

  // ---- Reports ----

  router.Add("POST", "/api/v1/research-reports", Access::kAuthenticated, [&app, depth](Context& c) {
    auto body = ParseJsonObject(c.req, depth);
    if (!body.ok()) return ErrorResponse(body.status());
    FieldReader f(*body);
    app::ReportInput in;
    std::vector<Status> errors{f.String("division_code", in.division_code), f.OptInt("project_id", in.project_id),
                               f.String("title", in.title), f.String("body", in.body)};
    if (Status st = ReadPeriod(f, in.from_ms, in.to_ms, errors); !st.ok()) return ErrorResponse(st);
    if (Status st = f.Finish(); !st.ok()) return ErrorResponse(st);
    auto v = app.research().WriteReport(c.principal, c.actor, std::move(in));
    return v.ok() ? JsonResponse(201, ReportJson(*v)) : ErrorResponse(v.status());
  });

  router.Add("POST", "/api/v1/research-reports/consolidate", Access::kAuthenticated, [&app, depth](Context& c) {
    auto body = ParseJsonObject(c.req, depth);
    if (!body.ok()) return ErrorResponse(body.status());
    FieldReader f(*body);
    app::ConsolidateInput in;
    std::optional<std::string> foreword;
    std::vector<Status> errors{f.String("division_code", in.division_code), f.String("title", in.title),
                               f.OptString("foreword", foreword), f.IntArray("member_ids", in.member_ids)};
    if (Status st = ReadPeriod(f, in.from_ms, in.to_ms, errors); !st.ok()) return ErrorResponse(st);
    if (Status st = f.Finish(); !st.ok()) return ErrorResponse(st);
    in.foreword = foreword.value_or("");
    auto v = app.research().Consolidate(c.principal, c.actor, std::move(in));
    return v.ok() ? JsonResponse(201, ReportJson(*v)) : ErrorResponse(v.status());
  });

  router.Add("GET", "/api/v1/research-reports", Access::kAuthenticated, [&app](Context& c) {
    auto division = RequiredDivision(c.req);
    auto consolidated = QueryBool(c.req, "consolidated");
    int64_t from = 0, to = 0;
    auto limit = QueryInt(c.req, "limit", 50, 1, 200);
    auto before = QueryInt(c.req, "before_id", 0, 0, INT64_MAX);
    for (const Status& st :
         {division.status(), consolidated.status(), ParsePeriod(c.req, from, to), limit.status(), before.status()})
      if (!st.ok()) return ErrorResponse(st);
    auto rows = app.research().ListReports(c.principal, *division, from, to, *consolidated,
                                           static_cast<int>(*limit), *before);
    if (!rows.ok()) return ErrorResponse(rows.status());
    json items = json::array();
    for (const auto& r : *rows) items.push_back(ToJson(r));
    json body = {{"items", items}};
    if (static_cast<int64_t>(rows->size()) == *limit) body["next_before_id"] = rows->back().id;
    return JsonResponse(200, body);
  });

  router.Add("GET", "/api/v1/research-reports/{id}", Access::kAuthenticated, [&app](Context& c) {
    auto id = PathId(c.params["id"], "id");
    if (!id.ok()) return ErrorResponse(id.status());
    auto v = app.research().GetReport(c.principal, *id);
    return v.ok() ? JsonResponse(200, ReportJson(*v)) : ErrorResponse(v.status());
  });
}

}  // namespace sixia::http

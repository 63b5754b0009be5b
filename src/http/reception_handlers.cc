// Leaders' reception days and visits down: /api/v1/reception-days…, /api/v1/users/{id}/leader-post,
// /api/v1/metrics/reception, /api/v1/leaders/{id}/page. Each handler parses → calls one use
// case → maps the result.

#include "domain/calendar.h"
#include "http/json_io.h"
#include "http/router.h"
#include "http/views.h"

namespace sixia::http {
namespace {

json ToJson(const store::ReceptionDayRow& d) {
  return {{"id", d.id},
          {"division_code", d.division_code},
          {"venue", d.venue},
          {"held_on", domain::DateOfMs(d.held_on_ms).ToString()},
          {"joint", d.joint},
          {"kind", d.visit_down ? "visit_down" : "reception"},
          {"notes", d.notes},
          {"leader_user_ids", d.leader_user_ids},
          {"unit_ids", d.unit_ids}};
}

json ToJson(const store::ReceptionDayCounts& c) {
  return {{"petitions", c.petitions}, {"people", c.people}, {"solved_on_spot", c.solved_on_spot}};
}

json ToJson(const app::ReceptionDayView& v) {
  json out = ToJson(v.row);
  out["counts"] = ToJson(v.counts);
  return out;
}

json DaysJson(const std::vector<app::ReceptionDayView>& days) {
  json out = json::array();
  for (const auto& d : days) out.push_back(ToJson(d));
  return out;
}

json QuotaJson(const std::optional<domain::Quota>& q) {
  return q ? json{{"days", q->days}, {"period", domain::QuotaPeriodName(q->period)}} : json(nullptr);
}

}  // namespace

void RegisterReceptionRoutes(Router& router, app::App& app) {
  const int depth = app.options().http.json_depth_limit;

  router.Add("POST", "/api/v1/reception-days", Access::kAuthenticated, [&app, depth](Context& c) {
    auto body = ParseJsonObject(c.req, depth);
    if (!body.ok()) return ErrorResponse(body.status());
    FieldReader f(*body);
    app::ReceptionDayInput in;
    std::string held_on;
    std::optional<bool> joint;
    std::optional<std::string> notes, kind;
    for (const Status& st : {f.String("division_code", in.division_code), f.String("venue", in.venue),
                             f.OptString("kind", kind),
                             f.String("held_on", held_on), f.OptBool("joint", joint),
                             f.OptString("notes", notes), f.IntArray("leader_user_ids", in.leader_user_ids),
                             f.IntArray("unit_ids", in.unit_ids), f.Finish()})
      if (!st.ok()) return ErrorResponse(st);
    auto day = ParseDay(held_on, "held_on");
    if (!day.ok()) return ErrorResponse(day.status());
    in.held_on_ms = *day;
    in.joint = joint.value_or(false);
    if (kind && *kind != "reception" && *kind != "visit_down")
      return ErrorResponse(InvalidArgument("kind must be reception or visit_down", "kind 的取值应为：reception, visit_down",
                                           "kind"));
    in.visit_down = kind && *kind == "visit_down";
    in.notes = notes.value_or("");
    auto row = app.reception().Schedule(c.principal, c.actor, in);
    return row.ok() ? JsonResponse(201, ToJson(*row)) : ErrorResponse(row.status());
  });

  router.Add("GET", "/api/v1/reception-days", Access::kAuthenticated, [&app](Context& c) {
    app::ReceptionQuery q;
    q.division_code = QueryText(c.req, "division");
    if (q.division_code.empty())
      return ErrorResponse(InvalidArgument("division is required", "请指定区划 division", "division"));
    auto leader = QueryInt(c.req, "leader_user_id", 0, 0, INT64_MAX);
    auto limit = QueryInt(c.req, "limit", 50, 1, 200);
    auto before = QueryInt(c.req, "before_id", 0, 0, INT64_MAX);
    for (const Status& st : {ParsePeriod(c.req, q.from_ms, q.to_ms), leader.status(), limit.status(), before.status()})
      if (!st.ok()) return ErrorResponse(st);
    if (*leader > 0) q.leader_user_id = *leader;
    q.limit = static_cast<int>(*limit);
    q.before_id = *before;
    auto rows = app.reception().List(c.principal, q);
    if (!rows.ok()) return ErrorResponse(rows.status());
    json items = json::array();
    for (const auto& r : *rows) items.push_back(ToJson(r));
    json body = {{"items", items}};
    if (static_cast<int>(rows->size()) == q.limit) body["next_before_id"] = rows->back().id;
    return JsonResponse(200, body);
  });

  router.Add("GET", "/api/v1/reception-days/{id}", Access::kAuthenticated, [&app](Context& c) {
    auto id = PathId(c.params["id"], "id");
    if (!id.ok()) return ErrorResponse(id.status());
    auto v = app.reception().Get(c.principal, *id);
    if (!v.ok()) return ErrorResponse(v.status());
    json body = ToJson(v->row);
    body["counts"] = ToJson(v->counts);
    return JsonResponse(200, body);
  });

  router.Add("PUT", "/api/v1/users/{id}/leader-post", Access::kAuthenticated, [&app, depth](Context& c) {
    auto id = PathId(c.params["id"], "id");
    if (!id.ok()) return ErrorResponse(id.status());
    auto body = ParseJsonObject(c.req, depth);
    if (!body.ok()) return ErrorResponse(body.status());
    FieldReader f(*body);
    std::optional<std::string> post_name;
    for (const Status& st : {f.OptStringOrNull("post", post_name), f.Finish()})
      if (!st.ok()) return ErrorResponse(st);
    std::optional<domain::LeaderPost> post;
    if (post_name) {
      post = domain::LeaderPostFromName(*post_name);
      if (!post)
        return ErrorResponse(InvalidArgument(
            "post must be one of city_leader, county_secretary, county_head, county_leader, township_leader",
            "post 的取值应为：city_leader, county_secretary, county_head, county_leader, township_leader", "post"));
    }
    Status st = app.reception().SetLeaderPost(c.principal, c.actor, *id, post);
    if (!st.ok()) return ErrorResponse(st);
    return JsonResponse(200, {{"user_id", *id}, {"post", post ? json(domain::LeaderPostName(*post)) : json(nullptr)}});
  });

  router.Add("GET", "/api/v1/metrics/reception", Access::kAuthenticated, [&app](Context& c) {
    const std::string division = QueryText(c.req, "division");
    if (division.empty())
      return ErrorResponse(InvalidArgument("division is required", "请指定统计区划 division", "division"));
    int64_t from = 0, to = 0;
    if (Status st = ParsePeriod(c.req, from, to); !st.ok()) return ErrorResponse(st);
    auto rows = app.reception().Compliance(c.principal, division, from, to);
    if (!rows.ok()) return ErrorResponse(rows.status());
    json leaders = json::array();
    for (const auto& l : *rows) {
      const auto& q = l.compliance.quota;
      leaders.push_back({{"user_id", l.user_id},
                         {"username", l.username},
                         {"display_name", l.display_name},
                         {"post", domain::LeaderPostName(l.post)},
                         {"post_label", domain::LeaderPostLabel(l.post)},
                         {"quota", QuotaJson(q)},
                         {"required", l.compliance.required},
                         {"held", l.compliance.held},
                         {"windows", l.compliance.windows.size()},
                         {"windows_missed", l.compliance.windows_missed},
                         {"met", l.compliance.windows_missed == 0},
                         {"received", ToJson(l.counts)}});
    }
    return JsonResponse(200, {{"division", division},
                              {"from", QueryText(c.req, "from")},
                              {"to", QueryText(c.req, "to")},
                              {"leaders", leaders}});
  });

  router.Add("GET", "/api/v1/leaders/{id}/page", Access::kAuthenticated, [&app](Context& c) {
    auto id = PathId(c.params["id"], "id");
    if (!id.ok()) return ErrorResponse(id.status());
    int64_t from = 0, to = 0;
    if (Status st = ParsePeriod(c.req, from, to); !st.ok()) return ErrorResponse(st);
    auto page = app.leader_pages().Get(c.principal, *id, from, to);
    if (!page.ok()) return ErrorResponse(page.status());
    json links = json::array();
    for (const auto& l : page->links) {
      const auto& k = l.link.link;
      links.push_back({{"id", k.id},
                       {"unit_id", JsonOrNull(k.unit_id)},
                       {"village_code", k.village_code.empty() ? json(nullptr) : json(k.village_code)},
                       {"division_code", l.link.division_code},
                       {"from", domain::DateOfMs(k.from_ms).ToString()},
                       {"to", k.to_ms ? json(domain::DateOfMs(*k.to_ms).ToString()) : json(nullptr)},
                       {"visits_in_period", l.visits_in_period}});
    }
    json cases = json::array();
    for (const auto& r : page->owned_cases) cases.push_back(PetitionSummaryJson(r));
    const auto& cm = page->compliance;
    return JsonResponse(
        200, {{"user", {{"id", page->user.id}, {"display_name", page->user.display_name}}},
              {"post", page->post ? json(domain::LeaderPostName(*page->post)) : json(nullptr)},
              {"post_label", page->post ? json(domain::LeaderPostLabel(*page->post)) : json(nullptr)},
              {"reception",
               {{"quota", QuotaJson(cm.quota)},
                {"required", cm.required},
                {"held", cm.held},
                {"windows_missed", cm.windows_missed},
                {"met", cm.windows_missed == 0},
                {"days", DaysJson(page->reception_days)}}},
              {"visits_down", DaysJson(page->visits_down)},
              {"owned_cases", cases},
              {"links", links}});
  });
}

}  // namespace sixia::http

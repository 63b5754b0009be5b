// Policy outreach: /api/v1/outreach-events…, /api/v1/metrics/outreach.
// Each handler parses → calls one use case → maps the result. Nothing else.

#include "domain/calendar.h"
#include "http/json_io.h"
#include "http/router.h"

namespace sixia::http {
namespace {

json ToJson(const domain::OutreachTotals& t) {
  return {{"events", t.events},
          {"reached", t.reached},
          {"reached_counted", t.reached_counted},
          {"reached_estimated", t.reached_estimated}};
}

json ToJson(const store::OutreachRow& row) {
  const auto& e = row.event;
  return {{"id", e.id},
          {"form", domain::OutreachFormName(e.form)},
          {"form_label", domain::OutreachFormLabel(e.form)},
          {"topic", e.topic},
          {"division_code", e.division_code},
          {"held_on", domain::DateOfMs(e.held_on_ms).ToString()},
          {"reached", e.reached},
          {"reached_estimated", e.reached_estimated},
          {"organiser_unit_id", JsonOrNull(e.organiser_unit_id)},
          {"organiser_user_id", JsonOrNull(e.organiser_user_id)},
          {"notes", e.notes}};
}

Status ReadEvent(const json& body, domain::OutreachEvent& e) {
  FieldReader f(body);
  std::string form, held_on;
  std::optional<bool> estimated;
  std::optional<std::string> notes;
  for (const Status& st : {f.String("form", form), f.String("topic", e.topic),
                           f.String("division_code", e.division_code), f.String("held_on", held_on),
                           f.Int("reached", e.reached), f.OptBool("reached_estimated", estimated),
                           f.OptInt("organiser_unit_id", e.organiser_unit_id),
                           f.OptString("notes", notes), f.Finish()})
    if (!st.ok()) return st;
  const auto parsed = domain::OutreachFormFromName(form);
  if (!parsed)
    return InvalidArgument(
        "form must be one of led, loudspeaker, lecture, courtyard_meeting, door_to_door, new_media, other",
        "form 的取值应为：led, loudspeaker, lecture, courtyard_meeting, door_to_door, new_media, other", "form");
  e.form = *parsed;
  SIXIA_ASSIGN_OR_RETURN(e.held_on_ms, ParseDay(held_on, "held_on"));
  e.reached_estimated = estimated.value_or(false);
  e.notes = notes.value_or("");
  return Status::Ok();
}

}  // namespace

void RegisterOutreachRoutes(Router& router, app::App& app) {
  const int depth = app.options().http.json_depth_limit;

  router.Add("POST", "/api/v1/outreach-events", Access::kAuthenticated, [&app, depth](Context& c) {
    auto body = ParseJsonObject(c.req, depth);
    if (!body.ok()) return ErrorResponse(body.status());
    domain::OutreachEvent e;
    if (Status st = ReadEvent(*body, e); !st.ok()) return ErrorResponse(st);
    auto row = app.outreach().Record(c.principal, c.actor, std::move(e));
    return row.ok() ? JsonResponse(201, ToJson(*row)) : ErrorResponse(row.status());
  });

  router.Add("GET", "/api/v1/outreach-events", Access::kAuthenticated, [&app](Context& c) {
    app::OutreachQuery q;
    q.division_code = QueryText(c.req, "division");
    if (q.division_code.empty())
      return ErrorResponse(InvalidArgument("division is required", "请指定区划 division", "division"));
    q.form = QueryText(c.req, "form");
    q.topic = QueryText(c.req, "topic");
    auto limit = QueryInt(c.req, "limit", 50, 1, 200);
    auto before = QueryInt(c.req, "before_id", 0, 0, INT64_MAX);
    for (const Status& st : {ParsePeriod(c.req, q.from_ms, q.to_ms), limit.status(), before.status()})
      if (!st.ok()) return ErrorResponse(st);
    q.limit = static_cast<int>(*limit);
    q.before_id = *before;
    auto rows = app.outreach().List(c.principal, q);
    if (!rows.ok()) return ErrorResponse(rows.status());
    json items = json::array();
    for (const auto& r : *rows) items.push_back(ToJson(r));
    json body = {{"items", items}};
    if (static_cast<int>(rows->size()) == q.limit) body["next_before_id"] = rows->back().event.id;
    return JsonResponse(200, body);
  });

  router.Add("GET", "/api/v1/outreach-events/{id}", Access::kAuthenticated, [&app](Context& c) {
    auto id = PathId(c.params["id"], "id");
    if (!id.ok()) return ErrorResponse(id.status());
    auto row = app.outreach().Get(c.principal, *id);
    return row.ok() ? JsonResponse(200, ToJson(*row)) : ErrorResponse(row.status());
  });

  router.Add("GET", "/api/v1/metrics/outreach", Access::kAuthenticated, [&app](Context& c) {
    const std::string division = QueryText(c.req, "division");
    if (division.empty())
      return ErrorResponse(InvalidArgument("division is required", "请指定统计区划 division", "division"));
    int64_t from = 0, to = 0;
    if (Status st = ParsePeriod(c.req, from, to); !st.ok()) return ErrorResponse(st);
    auto r = app.outreach().Report(c.principal, division, from, to);
    if (!r.ok()) return ErrorResponse(r.status());
    json by_form = json::object(), by_topic = json::object(), uncovered = json::array();
    for (const auto& [form, t] : r->by_form) by_form[domain::OutreachFormName(form)] = ToJson(t);
    for (const auto& [topic, t] : r->by_topic) by_topic[topic] = ToJson(t);
    for (const auto& v : r->uncovered) uncovered.push_back({{"code", v.code}, {"name", v.name}});
    json coverage = nullptr;
    if (r->coverage_counted)
      coverage = {{"villages", r->villages},
                  {"covered", r->villages - static_cast<int64_t>(r->uncovered.size())},
                  {"uncovered", uncovered}};
    return JsonResponse(200, {{"division", division},
                              {"from", QueryText(c.req, "from")},
                              {"to", QueryText(c.req, "to")},
                              {"total", ToJson(r->total)},
                              {"sentence", r->sentence},
                              {"by_form", by_form},
                              {"by_topic", by_topic},
                              {"coverage", coverage}});
  });
}

}  // namespace sixia::http

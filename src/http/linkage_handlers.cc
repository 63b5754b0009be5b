// Leaders' linkage and 双报到: /api/v1/linkages…, /api/v1/community-registrations…,
// /api/v1/metrics/linkage, /api/v1/metrics/community-service.
// Each handler parses → calls one use case → maps the result. Nothing else.

#include "domain/calendar.h"
#include "http/json_io.h"
#include "http/router.h"

namespace sixia::http {
namespace {

constexpr int64_t kDayMs = 86'400'000;

json DayOrNull(const std::optional<int64_t>& ms) {
  return ms ? json(domain::DateOfMs(*ms).ToString()) : json(nullptr);
}

json ToJson(const store::LinkageRow& r) {
  const auto& l = r.link;
  return {{"id", l.id},
          {"leader_user_id", l.leader_user_id},
          {"unit_id", JsonOrNull(l.unit_id)},
          {"village_code", l.village_code.empty() ? json(nullptr) : json(l.village_code)},
          {"division_code", r.division_code},
          {"from", domain::DateOfMs(l.from_ms).ToString()},
          {"to", DayOrNull(l.to_ms)},
          {"notes", l.notes}};
}

json ToJson(const store::LinkageVisitRow& r) {
  const auto& v = r.visit;
  return {{"id", v.id},
          {"linkage_id", v.linkage_id},
          {"visited_on", domain::DateOfMs(v.visited_on_ms).ToString()},
          {"division_code", v.division_code},
          {"notes", v.notes},
          {"results", v.results},
          {"recorded_by", JsonOrNull(r.recorded_by)}};
}

json ToJson(const app::RegistrationView& v) {
  const auto& g = v.row.registration;
  return {{"id", g.id},
          {"member_name", v.member_name_masked},
          {"unit_id", g.unit_id},
          {"community_code", g.community_code},
          {"registered_on", domain::DateOfMs(g.registered_on_ms).ToString()}};
}

json ToJson(const store::CommunityServiceRow& r) {
  const auto& s = r.service;
  return {{"id", s.id},
          {"registration_id", s.registration_id},
          {"served_on", domain::DateOfMs(s.served_on_ms).ToString()},
          {"content", s.content},
          {"hours", s.minutes ? json(static_cast<double>(*s.minutes) / 60.0) : json(nullptr)},
          {"recorded_by", JsonOrNull(r.recorded_by)}};
}

// ?division= (or its alias ?division_code=), required.
Result<std::string> DivisionParam(const Request& req) {
  std::string division = QueryText(req, "division");
  if (division.empty()) division = QueryText(req, "division_code");
  if (division.empty())
    return InvalidArgument("division is required", "请指定区划 division", "division");
  return division;
}

// A required day field of a body read as text.
Status ReadDay(const std::string& text, const char* name, int64_t& out) {
  SIXIA_ASSIGN_OR_RETURN(out, ParseDay(text, name));
  return Status::Ok();
}

}  // namespace

void RegisterLinkageRoutes(Router& router, app::App& app) {
  const int depth = app.options().http.json_depth_limit;

  // ---- 挂钩联系 ----------------------------------------------------------------------------

  router.Add("POST", "/api/v1/linkages", Access::kAuthenticated, [&app, depth](Context& c) {
    auto body = ParseJsonObject(c.req, depth);
    if (!body.ok()) return ErrorResponse(body.status());
    FieldReader f(*body);
    app::LinkageInput in;
    std::string from;
    std::optional<std::string> village, to, notes;
    for (const Status& st :
         {f.Int("leader_user_id", in.leader_user_id), f.OptInt("unit_id", in.unit_id),
          f.OptStringOrNull("village_code", village), f.String("from", from),
          f.OptStringOrNull("to", to), f.OptString("notes", notes), f.Finish()})
      if (!st.ok()) return ErrorResponse(st);
    in.village_code = village.value_or("");
    in.notes = notes.value_or("");
    if (Status st = ReadDay(from, "from", in.from_ms); !st.ok()) return ErrorResponse(st);
    if (to) {
      int64_t to_ms = 0;
      if (Status st = ReadDay(*to, "to", to_ms); !st.ok()) return ErrorResponse(st);
      in.to_ms = to_ms;
    }
    auto row = app.linkage().Create(c.principal, c.actor, std::move(in));
    return row.ok() ? JsonResponse(201, ToJson(*row)) : ErrorResponse(row.status());
  });

  router.Add("GET", "/api/v1/linkages", Access::kAuthenticated, [&app](Context& c) {
    auto division = DivisionParam(c.req);
    if (!division.ok()) return ErrorResponse(division.status());
    app::LinkageQuery q;
    q.division_code = *division;
    if (!QueryText(c.req, "from").empty() || !QueryText(c.req, "to").empty()) {
      if (Status st = ParsePeriod(c.req, q.from_ms, q.to_ms); !st.ok()) return ErrorResponse(st);
    }
    auto leader = QueryInt(c.req, "leader_user_id", 0, 0, INT64_MAX);
    auto limit = QueryInt(c.req, "limit", 50, 1, 200);
    auto before = QueryInt(c.req, "before_id", 0, 0, INT64_MAX);
    for (const Status& st : {leader.status(), limit.status(), before.status()})
      if (!st.ok()) return ErrorResponse(st);
    if (*leader > 0) q.leader_user_id = *leader;
    q.limit = static_cast<int>(*limit);
    q.before_id = *before;
    auto rows = app.linkage().List(c.principal, q);
    if (!rows.ok()) return ErrorResponse(rows.status());
    json items = json::array();
    for (const auto& r : *rows) items.push_back(ToJson(r));
    json body = {{"items", items}};
    if (static_cast<int64_t>(rows->size()) == *limit) body["next_before_id"] = rows->back().link.id;
    return JsonResponse(200, body);
  });

  router.Add("GET", "/api/v1/linkages/{id}", Access::kAuthenticated, [&app](Context& c) {
    auto id = PathId(c.params["id"], "id");
    if (!id.ok()) return ErrorResponse(id.status());
    auto v = app.linkage().Get(c.principal, *id);
    if (!v.ok()) return ErrorResponse(v.status());
    json body = ToJson(v->link);
    json visits = json::array();
    for (const auto& visit : v->visits) visits.push_back(ToJson(visit));
    body["visits"] = visits;
    return JsonResponse(200, body);
  });

  router.Add("POST", "/api/v1/linkages/{id}/visits", Access::kAuthenticated,
             [&app, depth](Context& c) {
               auto id = PathId(c.params["id"], "id");
               if (!id.ok()) return ErrorResponse(id.status());
               auto body = ParseJsonObject(c.req, depth);
               if (!body.ok()) return ErrorResponse(body.status());
               FieldReader f(*body);
               app::LinkageVisitInput in;
               std::string visited_on;
               std::optional<std::string> place, results;
               for (const Status& st :
                    {f.String("visited_on", visited_on), f.OptString("division_code", place),
                     f.String("notes", in.notes), f.OptString("results", results), f.Finish()})
                 if (!st.ok()) return ErrorResponse(st);
               if (Status st = ReadDay(visited_on, "visited_on", in.visited_on_ms); !st.ok())
                 return ErrorResponse(st);
               in.division_code = place.value_or("");
               in.results = results.value_or("");
               auto v = app.linkage().AddVisit(c.principal, c.actor, *id, std::move(in));
               return v.ok() ? JsonResponse(201, ToJson(*v)) : ErrorResponse(v.status());
             });

  router.Add("GET", "/api/v1/metrics/linkage", Access::kAuthenticated, [&app](Context& c) {
    auto division = DivisionParam(c.req);
    if (!division.ok()) return ErrorResponse(division.status());
    int64_t from = 0, to = 0;
    if (Status st = ParsePeriod(c.req, from, to); !st.ok()) return ErrorResponse(st);
    auto months = QueryInt(c.req, "months", 3, 1, 24);
    if (!months.ok()) return ErrorResponse(months.status());
    auto r = app.linkage().Report(c.principal, *division, from, to, static_cast<int>(*months));
    if (!r.ok()) return ErrorResponse(r.status());
    json coverage = nullptr;
    if (r->coverage_counted) {
      json unlinked = json::array();
      for (const auto& v : r->unlinked) unlinked.push_back({{"code", v.code}, {"name", v.name}});
      coverage = {{"villages", r->villages},
                  {"linked", r->villages - static_cast<int64_t>(r->unlinked.size())},
                  {"unlinked", unlinked}};
    }
    json unvisited = json::array();
    for (const auto& u : r->unvisited) {
      json link = ToJson(u.link);
      link["last_visit"] = DayOrNull(u.last_visit_ms);
      unvisited.push_back(link);
    }
    return JsonResponse(200, {{"division", *division},
                              {"from", QueryText(c.req, "from")},
                              {"to", QueryText(c.req, "to")},
                              {"months", *months},
                              {"as_of", domain::DateOfMs(r->as_of_ms - kDayMs).ToString()},
                              {"window_from", domain::DateOfMs(r->window_from_ms).ToString()},
                              {"links_active", r->links_active},
                              {"visits", r->visits},
                              {"coverage", coverage},
                              {"unvisited", unvisited}});
  });

  // ---- 双报到 ------------------------------------------------------------------------------

  router.Add(
      "POST", "/api/v1/community-registrations", Access::kAuthenticated, [&app, depth](Context& c) {
        auto body = ParseJsonObject(c.req, depth);
        if (!body.ok()) return ErrorResponse(body.status());
        FieldReader f(*body);
        app::RegistrationInput in;
        std::string registered_on;
        for (const Status& st :
             {f.String("member_name", in.member_name), f.Int("unit_id", in.unit_id),
              f.String("community_code", in.community_code),
              f.String("registered_on", registered_on), f.Finish()})
          if (!st.ok()) return ErrorResponse(st);
        if (Status st = ReadDay(registered_on, "registered_on", in.registered_on_ms); !st.ok())
          return ErrorResponse(st);
        auto v = app.linkage().Register(c.principal, c.actor, std::move(in));
        return v.ok() ? JsonResponse(201, ToJson(*v)) : ErrorResponse(v.status());
      });

  router.Add("GET", "/api/v1/community-registrations", Access::kAuthenticated, [&app](Context& c) {
    auto division = DivisionParam(c.req);
    if (!division.ok()) return ErrorResponse(division.status());
    auto unit = QueryInt(c.req, "unit_id", 0, 0, INT64_MAX);
    auto limit = QueryInt(c.req, "limit", 50, 1, 200);
    auto before = QueryInt(c.req, "before_id", 0, 0, INT64_MAX);
    for (const Status& st : {unit.status(), limit.status(), before.status()})
      if (!st.ok()) return ErrorResponse(st);
    auto rows = app.linkage().ListRegistrations(
        c.principal, *division, *unit > 0 ? std::optional<int64_t>(*unit) : std::nullopt,
        static_cast<int>(*limit), *before);
    if (!rows.ok()) return ErrorResponse(rows.status());
    json items = json::array();
    for (const auto& r : *rows) items.push_back(ToJson(r));
    json body = {{"items", items}};
    if (static_cast<int64_t>(rows->size()) == *limit)
      body["next_before_id"] = rows->back().row.registration.id;
    return JsonResponse(200, body);
  });

  router.Add("GET", "/api/v1/community-registrations/{id}", Access::kAuthenticated,
             [&app](Context& c) {
               auto id = PathId(c.params["id"], "id");
               if (!id.ok()) return ErrorResponse(id.status());
               auto v = app.linkage().GetRegistration(c.principal, *id);
               if (!v.ok()) return ErrorResponse(v.status());
               json body = ToJson(v->registration);
               json services = json::array();
               for (const auto& s : v->services) services.push_back(ToJson(s));
               body["services"] = services;
               return JsonResponse(200, body);
             });

  router.Add(
      "POST", "/api/v1/community-registrations/{id}/services", Access::kAuthenticated,
      [&app, depth](Context& c) {
        auto id = PathId(c.params["id"], "id");
        if (!id.ok()) return ErrorResponse(id.status());
        auto body = ParseJsonObject(c.req, depth);
        if (!body.ok()) return ErrorResponse(body.status());
        FieldReader f(*body);
        app::CommunityServiceInput in;
        std::string served_on;
        for (const Status& st : {f.String("served_on", served_on), f.String("content", in.content),
                                 f.OptNumber("hours", in.hours), f.Finish()})
          if (!st.ok()) return ErrorResponse(st);
        if (Status st = ReadDay(served_on, "served_on", in.served_on_ms); !st.ok())
          return ErrorResponse(st);
        auto s = app.linkage().AddService(c.principal, c.actor, *id, std::move(in));
        return s.ok() ? JsonResponse(201, ToJson(*s)) : ErrorResponse(s.status());
      });

  router.Add(
      "GET", "/api/v1/metrics/community-service", Access::kAuthenticated, [&app](Context& c) {
        auto division = DivisionParam(c.req);
        if (!division.ok()) return ErrorResponse(division.status());
        const int64_t this_year = domain::DateOfMs(app.clock().NowMs()).year;
        auto year = QueryInt(c.req, "year", this_year, 2000, 2100);
        if (!year.ok()) return ErrorResponse(year.status());
        auto r = app.linkage().Compliance(c.principal, *division, *year);
        if (!r.ok()) return ErrorResponse(r.status());
        json below = json::array();
        for (const auto& [view, services] : r->below) {
          json item = ToJson(view);
          item["services"] = services;
          below.push_back(item);
        }
        return JsonResponse(200, {{"division", *division},
                                  {"year", r->year},
                                  {"min_services_per_year", r->min_services_per_year},
                                  {"registered", r->compliance.registered},
                                  {"compliant", r->compliance.compliant},
                                  {"below", static_cast<int64_t>(r->compliance.below.size())},
                                  {"services", r->services},
                                  {"below_registrations", below}});
      });
}

}  // namespace sixia::http

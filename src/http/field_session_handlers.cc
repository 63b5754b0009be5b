// Field office sessions: /api/v1/field-sessions… (with the issues' photos), /api/v1/service-items.
// Each handler parses → calls one use case → maps the result. Nothing else.

#include "domain/calendar.h"
#include "http/json_io.h"
#include "http/router.h"

namespace sixia::http {
namespace {

json ToJson(const store::FieldSessionRow& s) {
  return {{"id", s.id},
          {"division_code", s.division_code},
          {"venue", s.venue},
          {"held_on", domain::DateOfMs(s.held_on_ms).ToString()},
          {"topic", s.topic},
          {"leader_user_ids", s.leader_user_ids},
          {"unit_ids", s.unit_ids}};
}

json ToJson(const app::FieldIssueView& v) {
  const auto& i = v.issue;
  return {{"id", i.id},
          {"session_id", i.session_id},
          {"content", i.content},
          {"raised_by", v.raised_by_masked},
          {"people", i.people},
          {"service_items", i.service_items},
          {"end", domain::IssueEndName(i.end)},
          {"end_label", domain::IssueEndLabel(i.end)},
          {"action", i.action},
          {"solved_by", JsonOrNull(i.solved_by)},
          {"evidence", i.evidence},
          {"unit_id", JsonOrNull(i.unit_id)},
          {"person_user_id", JsonOrNull(i.person_user_id)},
          {"deadline", i.deadline_ms ? json(domain::DateOfMs(*i.deadline_ms - 1).ToString()) : json(nullptr)},
          {"closed_at", JsonOrNull(i.closed_at_ms)},
          {"petition_id", JsonOrNull(i.petition_id)},
          {"reason", i.reason},
          {"photos", [&v] {
             json photos = json::array();
             for (const auto& ph : v.photos)
               photos.push_back({{"id", ph.id}, {"content_type", ph.content_type}, {"size", ph.size}});
             return photos;
           }()}};
}

json ToJson(const store::FieldIssuePhotoRow& ph) {
  return {{"id", ph.id},
          {"issue_id", ph.issue_id},
          {"content_type", ph.content_type},
          {"size", ph.size},
          {"created_at", ph.created_at_ms}};
}

json ToJson(const domain::SessionSummary& s) {
  return {{"raised", s.raised},           {"people", s.people},
          {"solved_on_spot", s.solved_on_spot}, {"assigned", s.assigned},
          {"assigned_closed", s.assigned_closed}, {"closed_on_time", s.closed_on_time},
          {"overdue", s.overdue},         {"to_petition", s.to_petition},
          {"declined", s.declined},       {"pending", s.pending}};
}

// Two path ids, "id" and "issue_id".
Status Ids(Context& c, int64_t& session, int64_t& issue) {
  SIXIA_ASSIGN_OR_RETURN(session, PathId(c.params["id"], "id"));
  SIXIA_ASSIGN_OR_RETURN(issue, PathId(c.params["issue_id"], "issue_id"));
  return Status::Ok();
}

}  // namespace

void RegisterFieldSessionRoutes(Router& router, app::App& app) {
  const int depth = app.options().http.json_depth_limit;

  router.Add("POST", "/api/v1/field-sessions", Access::kAuthenticated, [&app, depth](Context& c) {
    auto body = ParseJsonObject(c.req, depth);
    if (!body.ok()) return ErrorResponse(body.status());
    FieldReader f(*body);
    app::FieldSessionInput in;
    std::string held_on;
    for (const Status& st : {f.String("division_code", in.division_code), f.String("venue", in.venue),
                             f.String("held_on", held_on), f.String("topic", in.topic),
                             f.IntArray("leader_user_ids", in.leader_user_ids),
                             f.IntArray("unit_ids", in.unit_ids), f.Finish()})
      if (!st.ok()) return ErrorResponse(st);
    auto day = ParseDay(held_on, "held_on");
    if (!day.ok()) return ErrorResponse(day.status());
    in.held_on_ms = *day;
    auto row = app.field_sessions().Create(c.principal, c.actor, in);
    return row.ok() ? JsonResponse(201, ToJson(*row)) : ErrorResponse(row.status());
  });

  router.Add("GET", "/api/v1/field-sessions", Access::kAuthenticated, [&app](Context& c) {
    const std::string division = QueryText(c.req, "division");
    if (division.empty())
      return ErrorResponse(InvalidArgument("division is required", "请指定区划 division", "division"));
    int64_t from = 0, to = 0;
    auto limit = QueryInt(c.req, "limit", 50, 1, 200);
    auto before = QueryInt(c.req, "before_id", 0, 0, INT64_MAX);
    for (const Status& st : {ParsePeriod(c.req, from, to), limit.status(), before.status()})
      if (!st.ok()) return ErrorResponse(st);
    auto rows = app.field_sessions().List(c.principal, division, from, to, static_cast<int>(*limit), *before);
    if (!rows.ok()) return ErrorResponse(rows.status());
    json items = json::array();
    for (const auto& r : *rows) items.push_back(ToJson(r));
    json body = {{"items", items}};
    if (static_cast<int64_t>(rows->size()) == *limit) body["next_before_id"] = rows->back().id;
    return JsonResponse(200, body);
  });

  router.Add("GET", "/api/v1/field-sessions/{id}", Access::kAuthenticated, [&app](Context& c) {
    auto id = PathId(c.params["id"], "id");
    if (!id.ok()) return ErrorResponse(id.status());
    auto v = app.field_sessions().Get(c.principal, *id);
    if (!v.ok()) return ErrorResponse(v.status());
    json body = ToJson(v->session);
    json issues = json::array();
    for (const auto& i : v->issues) issues.push_back(ToJson(i));
    body["issues"] = issues;
    body["summary"] = ToJson(v->summary);
    return JsonResponse(200, body);
  });

  router.Add("POST", "/api/v1/field-sessions/{id}/issues", Access::kAuthenticated, [&app, depth](Context& c) {
    auto id = PathId(c.params["id"], "id");
    if (!id.ok()) return ErrorResponse(id.status());
    auto body = ParseJsonObject(c.req, depth);
    if (!body.ok()) return ErrorResponse(body.status());
    FieldReader f(*body);
    app::FieldIssueInput in;
    std::optional<std::string> raised_by;
    std::optional<int64_t> people;
    for (const Status& st : {f.String("content", in.content), f.OptString("raised_by", raised_by),
                             f.OptInt("people", people),
                             f.StringArray("service_items", in.service_items, false), f.Finish()})
      if (!st.ok()) return ErrorResponse(st);
    in.raised_by = raised_by.value_or("");
    if (people && (*people < 1 || *people > 100000))
      return ErrorResponse(InvalidArgument("people must be 1..100000", "反映人数应为1至100000", "people"));
    in.people = static_cast<int>(people.value_or(1));
    auto v = app.field_sessions().AddIssue(c.principal, c.actor, *id, in);
    return v.ok() ? JsonResponse(201, ToJson(*v)) : ErrorResponse(v.status());
  });

  router.Add("POST", "/api/v1/field-sessions/{id}/issues/{issue_id}/resolve", Access::kAuthenticated,
             [&app, depth](Context& c) {
               int64_t session = 0, issue = 0;
               if (Status st = Ids(c, session, issue); !st.ok()) return ErrorResponse(st);
               auto body = ParseJsonObject(c.req, depth);
               if (!body.ok()) return ErrorResponse(body.status());
               FieldReader f(*body);
               std::string end;
               std::optional<std::string> action, evidence, reason, deadline;
               domain::IssueResolution r;
               for (const Status& st :
                    {f.String("end", end), f.OptString("action", action), f.OptInt("solved_by", r.solved_by),
                     f.OptString("evidence", evidence), f.OptInt("unit_id", r.unit_id),
                     f.OptInt("person_user_id", r.person_user_id), f.OptString("deadline", deadline),
                     f.OptInt("petition_id", r.petition_id), f.OptString("reason", reason), f.Finish()})
                 if (!st.ok()) return ErrorResponse(st);
               const auto parsed = domain::IssueEndFromName(end);
               if (!parsed || *parsed == domain::IssueEnd::kPending)
                 return ErrorResponse(InvalidArgument("end must be one of solved_on_spot, assigned, petition, declined",
                                                      "end 的取值应为：solved_on_spot, assigned, petition, declined", "end"));
               r.end = *parsed;
               r.action = action.value_or("");
               r.evidence = evidence.value_or("");
               r.reason = reason.value_or("");
               if (deadline) {
                 auto day = ParseDay(*deadline, "deadline");
                 if (!day.ok()) return ErrorResponse(day.status());
                 r.deadline_ms = *day + 86'400'000;  // The end of the day named.
               }
               auto v = app.field_sessions().Resolve(c.principal, c.actor, session, issue, std::move(r));
               return v.ok() ? JsonResponse(200, ToJson(*v)) : ErrorResponse(v.status());
             });

  router.Add("POST", "/api/v1/field-sessions/{id}/issues/{issue_id}/close", Access::kAuthenticated,
             [&app, depth](Context& c) {
               int64_t session = 0, issue = 0;
               if (Status st = Ids(c, session, issue); !st.ok()) return ErrorResponse(st);
               auto body = ParseJsonObject(c.req, depth);
               if (!body.ok()) return ErrorResponse(body.status());
               FieldReader f(*body);
               std::string evidence;
               for (const Status& st : {f.String("evidence", evidence), f.Finish()})
                 if (!st.ok()) return ErrorResponse(st);
               auto v = app.field_sessions().CloseAssignment(c.principal, c.actor, session, issue, evidence);
               return v.ok() ? JsonResponse(200, ToJson(*v)) : ErrorResponse(v.status());
             });

  // Photos of an issue (现场照片): the raw image is the body (Content-Type image/jpeg,
  // image/png or image/webp); the server's upload limit applies (server.cc).
  router.Add("POST", "/api/v1/field-sessions/{id}/issues/{issue_id}/photos", Access::kAuthenticated,
             [&app](Context& c) {
               int64_t session = 0, issue = 0;
               if (Status st = Ids(c, session, issue); !st.ok()) return ErrorResponse(st);
               auto ct = c.req.headers.find("content-type");
               const std::string content_type = ct == c.req.headers.end() ? "" : ct->second;
               auto row = app.field_sessions().AddPhoto(c.principal, c.actor, session, issue, content_type,
                                                        c.req.body);
               return row.ok() ? JsonResponse(201, ToJson(*row)) : ErrorResponse(row.status());
             });

  router.Add("GET", "/api/v1/field-sessions/{id}/issues/{issue_id}/photos/{photo_id}", Access::kAuthenticated,
             [&app](Context& c) {
               int64_t session = 0, issue = 0;
               if (Status st = Ids(c, session, issue); !st.ok()) return ErrorResponse(st);
               auto photo = PathId(c.params["photo_id"], "photo_id");
               if (!photo.ok()) return ErrorResponse(photo.status());
               auto file = app.field_sessions().GetPhoto(c.principal, session, issue, *photo);
               if (!file.ok()) return ErrorResponse(file.status());
               Response r;
               r.content_type = file->row.content_type;  // Sniffed on upload: an image.
               r.body = std::move(file->bytes);
               // Shown in the page (<img>); immutable content, kept by this browser only.
               r.headers.emplace_back("Content-Disposition", "inline");
               r.headers.emplace_back("Cache-Control", "private, max-age=3600");
               r.headers.emplace_back("Content-Security-Policy", "default-src 'none'; sandbox");
               return r;
             });

  router.Add("DELETE", "/api/v1/field-sessions/{id}/issues/{issue_id}/photos/{photo_id}", Access::kAuthenticated,
             [&app](Context& c) {
               int64_t session = 0, issue = 0;
               if (Status st = Ids(c, session, issue); !st.ok()) return ErrorResponse(st);
               auto photo = PathId(c.params["photo_id"], "photo_id");
               if (!photo.ok()) return ErrorResponse(photo.status());
               Status st = app.field_sessions().RemovePhoto(c.principal, c.actor, session, issue, *photo);
               if (!st.ok()) return ErrorResponse(st);
               Response r;
               r.status = 204;
               return r;
             });

  router.Add("GET", "/api/v1/service-items", Access::kAuthenticated, [&app](Context& c) {
    auto items = app.field_sessions().ServiceItems(c.principal);
    if (!items.ok()) return ErrorResponse(items.status());
    json out = json::array();
    for (const auto& i : *items) out.push_back({{"code", i.code}, {"name", i.name}});
    return JsonResponse(200, {{"items", out}});
  });
}

}  // namespace sixia::http

// Units, users and roles: /api/v1/units, /api/v1/users, /api/v1/roles.
// Each handler parses → calls one use case → maps the result. Nothing else.
#include "http/json_io.h"
#include "http/router.h"
#include "http/views.h"

namespace sixia::http {
namespace {

// Runs the checks in order and returns the first failure.
Status First(std::initializer_list<Status> checks) {
  for (const auto& st : checks)
    if (!st.ok()) return st;
  return Status::Ok();
}

Status ReadKind(FieldReader& f, std::optional<domain::UnitKind>& out) {
  std::optional<std::string> kind;
  SIXIA_RETURN_IF_ERROR(f.OptString("kind", kind));
  if (!kind) return Status::Ok();
  out = domain::UnitKindFromName(*kind);
  if (!out)
    return InvalidArgument("kind must be one of party_committee, government, petition_bureau, "
                           "department, township_office, village_committee, other",
                           "单位类型取值不正确", "kind");
  return Status::Ok();
}

app::Page ReadPage(const Request& req, Status& st) {
  app::Page page;
  auto limit = QueryInt(req, "limit", 100, 1, 500);
  auto after = QueryInt(req, "after", 0, 0, INT64_MAX);
  st = !limit.ok() ? limit.status() : after.status();
  if (st.ok()) {
    page.limit = static_cast<int>(*limit);
    page.after_id = *after;
  }
  return page;
}

template <typename T>
Response Page(const std::vector<T>& items, int limit, int64_t now_ms = 0) {
  nlohmann::json arr = nlohmann::json::array();
  for (const auto& i : items) {
    if constexpr (std::is_same_v<T, domain::User>) arr.push_back(ToJson(i, now_ms));
    else arr.push_back(ToJson(i));
  }
  nlohmann::json body = {{"items", arr}};
  body["next_after"] = static_cast<int>(items.size()) == limit ? nlohmann::json(items.back().id)
                                                                : nlohmann::json(nullptr);
  return JsonResponse(200, body);
}

}  // namespace

void RegisterDirectoryRoutes(Router& router, app::App& app) {
  const int depth = app.options().http.json_depth_limit;
  auto now = [&app] { return app.clock().NowMs(); };

  // ---- Units
  router.Add("GET", "/api/v1/units", Access::kAuthenticated, [&app](Context& c) {
    Status st;
    auto page = ReadPage(c.req, st);
    if (!st.ok()) return ErrorResponse(st);
    auto units = app.directory().ListUnits(c.principal, page);
    return units.ok() ? Page(*units, page.limit) : ErrorResponse(units.status());
  });
  router.Add("POST", "/api/v1/units", Access::kAuthenticated, [&app, depth](Context& c) {
    auto body = ParseJsonObject(c.req, depth);
    if (!body.ok()) return ErrorResponse(body.status());
    FieldReader f(*body);
    app::UnitInput in;
    std::optional<domain::UnitKind> kind;
    Status st = First({f.String("name", in.name), ReadKind(f, kind),
                       f.String("division_code", in.division_code), f.OptInt("parent_id", in.parent_id),
                       f.Finish()});
    if (!st.ok()) return ErrorResponse(st);
    in.kind = kind.value_or(domain::UnitKind::kOther);
    auto unit = app.directory().CreateUnit(c.principal, c.actor, in);
    return unit.ok() ? JsonResponse(201, ToJson(*unit)) : ErrorResponse(unit.status());
  });
  router.Add("GET", "/api/v1/units/{id}", Access::kAuthenticated, [&app](Context& c) {
    auto id = PathId(c.params["id"], "id");
    if (!id.ok()) return ErrorResponse(id.status());
    auto unit = app.directory().GetUnit(c.principal, *id);
    return unit.ok() ? JsonResponse(200, ToJson(*unit)) : ErrorResponse(unit.status());
  });
  router.Add("PATCH", "/api/v1/units/{id}", Access::kAuthenticated, [&app, depth](Context& c) {
    auto id = PathId(c.params["id"], "id");
    if (!id.ok()) return ErrorResponse(id.status());
    auto body = ParseJsonObject(c.req, depth);
    if (!body.ok()) return ErrorResponse(body.status());
    FieldReader f(*body);
    app::UnitPatch patch;
    Status st = First({f.OptString("name", patch.name), ReadKind(f, patch.kind),
                       f.NullableInt("parent_id", patch.parent_id), f.OptBool("disabled", patch.disabled),
                       f.Finish()});
    if (!st.ok()) return ErrorResponse(st);
    auto unit = app.directory().UpdateUnit(c.principal, c.actor, *id, patch);
    return unit.ok() ? JsonResponse(200, ToJson(*unit)) : ErrorResponse(unit.status());
  });

  // ---- Users
  router.Add("GET", "/api/v1/users", Access::kAuthenticated, [&app, now](Context& c) {
    Status st;
    auto page = ReadPage(c.req, st);
    if (!st.ok()) return ErrorResponse(st);
    std::optional<int64_t> unit_id;
    if (auto it = c.req.query.find("unit_id"); it != c.req.query.end()) {
      auto id = PathId(it->second, "unit_id");
      if (!id.ok()) return ErrorResponse(id.status());
      unit_id = *id;
    }
    auto users = app.directory().ListUsers(c.principal, page, unit_id);
    return users.ok() ? Page(*users, page.limit, now()) : ErrorResponse(users.status());
  });
  router.Add("POST", "/api/v1/users", Access::kAuthenticated, [&app, depth, now](Context& c) {
    auto body = ParseJsonObject(c.req, depth);
    if (!body.ok()) return ErrorResponse(body.status());
    FieldReader f(*body);
    app::UserInput in;
    Status st = First({f.String("username", in.username), f.String("display_name", in.display_name),
                       f.OptInt("unit_id", in.unit_id), f.String("password", in.password),
                       f.StringArray("roles", in.roles, false), f.StringArray("scopes", in.scopes, false),
                       f.Finish()});
    if (!st.ok()) return ErrorResponse(st);
    auto user = app.directory().CreateUser(c.principal, c.actor, in);
    return user.ok() ? JsonResponse(201, ToJson(*user, now())) : ErrorResponse(user.status());
  });
  router.Add("GET", "/api/v1/users/{id}", Access::kAuthenticated, [&app, now](Context& c) {
    auto id = PathId(c.params["id"], "id");
    if (!id.ok()) return ErrorResponse(id.status());
    auto user = app.directory().GetUser(c.principal, *id);
    return user.ok() ? JsonResponse(200, ToJson(*user, now())) : ErrorResponse(user.status());
  });
  router.Add("PATCH", "/api/v1/users/{id}", Access::kAuthenticated, [&app, depth, now](Context& c) {
    auto id = PathId(c.params["id"], "id");
    if (!id.ok()) return ErrorResponse(id.status());
    auto body = ParseJsonObject(c.req, depth);
    if (!body.ok()) return ErrorResponse(body.status());
    FieldReader f(*body);
    app::UserPatch patch;
    Status st = First({f.OptString("display_name", patch.display_name), f.OptInt("unit_id", patch.unit_id),
                       f.OptBool("disabled", patch.disabled), f.Finish()});
    if (!st.ok()) return ErrorResponse(st);
    auto user = app.directory().UpdateUser(c.principal, c.actor, *id, patch);
    return user.ok() ? JsonResponse(200, ToJson(*user, now())) : ErrorResponse(user.status());
  });
  router.Add("PUT", "/api/v1/users/{id}/password", Access::kAuthenticated, [&app, depth](Context& c) {
    auto id = PathId(c.params["id"], "id");
    if (!id.ok()) return ErrorResponse(id.status());
    auto body = ParseJsonObject(c.req, depth);
    if (!body.ok()) return ErrorResponse(body.status());
    FieldReader f(*body);
    std::string password;
    Status st = First({f.String("password", password), f.Finish()});
    if (st.ok()) st = app.directory().ResetPassword(c.principal, c.actor, *id, password);
    if (!st.ok()) return ErrorResponse(st);
    return JsonResponse(200, {{"ok", true}});
  });
  router.Add("POST", "/api/v1/users/{id}/unlock", Access::kAuthenticated, [&app](Context& c) {
    auto id = PathId(c.params["id"], "id");
    if (!id.ok()) return ErrorResponse(id.status());
    Status st = app.directory().Unlock(c.principal, c.actor, *id);
    return st.ok() ? JsonResponse(200, {{"ok", true}}) : ErrorResponse(st);
  });
  router.Add("PUT", "/api/v1/users/{id}/grants", Access::kAuthenticated, [&app, depth, now](Context& c) {
    auto id = PathId(c.params["id"], "id");
    if (!id.ok()) return ErrorResponse(id.status());
    auto body = ParseJsonObject(c.req, depth);
    if (!body.ok()) return ErrorResponse(body.status());
    FieldReader f(*body);
    app::Grants grants;
    Status st = First({f.StringArray("roles", grants.roles, true),
                       f.StringArray("scopes", grants.scopes, true), f.Finish()});
    if (!st.ok()) return ErrorResponse(st);
    auto user = app.directory().SetGrants(c.principal, c.actor, *id, grants);
    return user.ok() ? JsonResponse(200, ToJson(*user, now())) : ErrorResponse(user.status());
  });

  // ---- Roles
  router.Add("GET", "/api/v1/roles", Access::kAuthenticated, [&app](Context& c) {
    auto roles = app.directory().ListRoles(c.principal);
    return roles.ok() ? JsonResponse(200, {{"items", ListJson(*roles)}}) : ErrorResponse(roles.status());
  });
  auto read_role = [](const nlohmann::json& body, app::RoleInput& in, bool with_name) {
    FieldReader f(body);
    return First({with_name ? f.String("name", in.name) : Status::Ok(), f.String("title_zh", in.title_zh),
                  f.StringArray("permissions", in.permissions, true), f.Finish()});
  };
  router.Add("POST", "/api/v1/roles", Access::kAuthenticated, [&app, depth, read_role](Context& c) {
    auto body = ParseJsonObject(c.req, depth);
    if (!body.ok()) return ErrorResponse(body.status());
    app::RoleInput in;
    Status st = read_role(*body, in, true);
    if (!st.ok()) return ErrorResponse(st);
    auto role = app.directory().CreateRole(c.principal, c.actor, in);
    return role.ok() ? JsonResponse(201, ToJson(*role)) : ErrorResponse(role.status());
  });
  router.Add("PUT", "/api/v1/roles/{name}", Access::kAuthenticated, [&app, depth, read_role](Context& c) {
    auto body = ParseJsonObject(c.req, depth);
    if (!body.ok()) return ErrorResponse(body.status());
    app::RoleInput in;
    in.name = c.params["name"];
    Status st = read_role(*body, in, false);
    if (!st.ok()) return ErrorResponse(st);
    auto role = app.directory().UpdateRole(c.principal, c.actor, in);
    return role.ok() ? JsonResponse(200, ToJson(*role)) : ErrorResponse(role.status());
  });
  router.Add("DELETE", "/api/v1/roles/{name}", Access::kAuthenticated, [&app](Context& c) {
    Status st = app.directory().DeleteRole(c.principal, c.actor, c.params["name"]);
    if (!st.ok()) return ErrorResponse(st);
    Response r;
    r.status = 204;
    return r;
  });
}

}  // namespace sixia::http

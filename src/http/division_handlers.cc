// GET /api/v1/divisions/{code}[/children|/path], GET /api/v1/divisions/{code}/search?q=
// The tree changes only on import, so these reads carry an ETag of the tree's version
// (304 when the client has it) and their bodies are cached per version.
#include <memory>

#include "http/body_cache.h"
#include "http/json_io.h"
#include "http/router.h"
#include "http/views.h"

namespace sixia::http {
namespace {

// Answers from the cache or `compute` (a Result<json>), with ETag and 304 handling.
template <typename Compute>
Response VersionedRead(app::App& app, BodyCache& cache, Context& c, const std::string& key,
                       Compute compute) {
  auto version = app.divisions().TreeVersion(c.principal);
  if (!version.ok()) return ErrorResponse(version.status());
  const std::string etag = "\"d" + std::to_string(*version) + "\"";
  auto inm = c.req.headers.find("if-none-match");
  if (inm != c.req.headers.end() && inm->second == etag) {
    Response r;
    r.status = 304;
    r.headers.emplace_back("ETag", etag);
    return r;
  }
  Response r;
  if (auto body = cache.Get(key, *version)) {
    r.body = std::move(*body);
  } else {
    auto result = compute();
    if (!result.ok()) return ErrorResponse(result.status());
    r.body = result->dump();
    cache.Put(key, *version, r.body);
  }
  r.headers.emplace_back("ETag", etag);
  return r;
}

}  // namespace

void RegisterDivisionRoutes(Router& router, app::App& app) {
  auto cache = std::make_shared<BodyCache>();  // Owned by the handlers below.

  router.Add("GET", "/api/v1/divisions/{code}", Access::kAuthenticated, [&app, cache](Context& c) {
    const std::string code = c.params["code"];
    return VersionedRead(app, *cache, c, "get:" + code, [&]() -> Result<nlohmann::json> {
      SIXIA_ASSIGN_OR_RETURN(auto d, app.divisions().Get(c.principal, code));
      return ToJson(d);
    });
  });
  router.Add("GET", "/api/v1/divisions/{code}/children", Access::kAuthenticated, [&app, cache](Context& c) {
    const std::string code = c.params["code"];
    return VersionedRead(app, *cache, c, "children:" + code, [&]() -> Result<nlohmann::json> {
      SIXIA_ASSIGN_OR_RETURN(auto list, app.divisions().Children(c.principal, code));
      return nlohmann::json{{"items", ListJson(list)}};
    });
  });
  // Citizens' pages pick the place of a petition without a login. The tree is public data (the
  // published 统计用区划代码), read as a principal holding division.read over the whole nation.
  router.Add("GET", "/api/v1/public/divisions/{code}/children", Access::kPublic, [&app, cache](Context& c) {
    c.principal.permissions = {security::Permission::kDivisionRead};
    c.principal.scopes = {{domain::kNationCode, domain::DivisionLevel::kNation}};
    const std::string code = c.params["code"];
    return VersionedRead(app, *cache, c, "children:" + code, [&]() -> Result<nlohmann::json> {
      SIXIA_ASSIGN_OR_RETURN(auto list, app.divisions().Children(c.principal, code));
      return nlohmann::json{{"items", ListJson(list)}};
    });
  });
  router.Add("GET", "/api/v1/divisions/{code}/path", Access::kAuthenticated, [&app, cache](Context& c) {
    const std::string code = c.params["code"];
    return VersionedRead(app, *cache, c, "path:" + code, [&]() -> Result<nlohmann::json> {
      SIXIA_ASSIGN_OR_RETURN(auto list, app.divisions().Path(c.principal, code));
      return nlohmann::json{{"items", ListJson(list)}};
    });
  });
  router.Add("GET", "/api/v1/divisions/{code}/search", Access::kAuthenticated, [&app](Context& c) {
    auto limit = QueryInt(c.req, "limit", 20, 1, 200);
    if (!limit.ok()) return ErrorResponse(limit.status());
    auto q = c.req.query.find("q");
    auto list = app.divisions().Search(c.principal, c.params["code"],
                                       q == c.req.query.end() ? "" : q->second,
                                       static_cast<int>(*limit));
    return list.ok() ? JsonResponse(200, {{"items", ListJson(*list)}}) : ErrorResponse(list.status());
  });
}

}  // namespace sixia::http

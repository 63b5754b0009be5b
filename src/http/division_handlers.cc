// GET /api/v1/divisions/{code}[/children|/path], GET /api/v1/divisions/{code}/search?q=
#include "http/json_io.h"
#include "http/router.h"
#include "http/views.h"

namespace sixia::http {

void RegisterDivisionRoutes(Router& router, app::App& app) {
  router.Add("GET", "/api/v1/divisions/{code}", Access::kAuthenticated, [&app](Context& c) {
    auto d = app.divisions().Get(c.principal, c.params["code"]);
    return d.ok() ? JsonResponse(200, ToJson(*d)) : ErrorResponse(d.status());
  });
  router.Add("GET", "/api/v1/divisions/{code}/children", Access::kAuthenticated, [&app](Context& c) {
    auto list = app.divisions().Children(c.principal, c.params["code"]);
    return list.ok() ? JsonResponse(200, {{"items", ListJson(*list)}}) : ErrorResponse(list.status());
  });
  router.Add("GET", "/api/v1/divisions/{code}/path", Access::kAuthenticated, [&app](Context& c) {
    auto list = app.divisions().Path(c.principal, c.params["code"]);
    return list.ok() ? JsonResponse(200, {{"items", ListJson(*list)}}) : ErrorResponse(list.status());
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

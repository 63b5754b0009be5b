// GET /healthz, GET /api/v1/openapi.json
#include "http/json_io.h"
#include "http/router.h"

namespace sixia::http {

// Generated at build time from docs/openapi.yaml (see src/CMakeLists.txt).
extern const char kOpenApiJson[];

void RegisterMetaRoutes(Router& router, app::App& app) {
  router.Add("GET", "/healthz", Access::kPublic, [&app](Context&) {
    Status st = app.store().Read([](store::Tx& tx) { return tx.audit().Head().status(); });
    if (!st.ok()) return ErrorResponse(st);
    return JsonResponse(200, {{"status", "ok"}});
  });
  router.Add("GET", "/api/v1/openapi.json", Access::kPublic, [](Context&) {
    Response r;
    r.body = kOpenApiJson;
    return r;
  });
}

}  // namespace sixia::http

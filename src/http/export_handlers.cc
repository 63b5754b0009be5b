// Exports: GET /api/v1/petitions/export.xlsx (信访事项导出, app/petition_export.h).
// Each handler parses → calls one use case → maps the result. Nothing else.
#include <string>

#include "app/petition_export.h"
#include "http/json_io.h"
#include "http/petition_filter.h"
#include "http/router.h"

namespace sixia::http {
namespace {

constexpr char kXlsxType[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
// RFC 6266 / 5987: an ASCII name for old clients, and 信访事项.xlsx percent-encoded in UTF-8.
constexpr char kDisposition[] =
    "attachment; filename=\"petitions.xlsx\"; "
    "filename*=UTF-8''%E4%BF%A1%E8%AE%BF%E4%BA%8B%E9%A1%B9.xlsx";

}  // namespace

void RegisterExportRoutes(Router& router, app::App& app) {
  router.Add("GET", "/api/v1/petitions/export.xlsx", Access::kAuthenticated, [&app](Context& c) {
    // The list's filters; `limit` and `before` do not apply to an export.
    auto q = ReadPetitionFilter(c.req);
    if (!q.ok()) return ErrorResponse(q.status());
    const app::PetitionExporter exporter(app.petitions(), app.store(), app.audit(),
                                         app::DataFile(app.options().data_dir, "tmp"));
    auto file = exporter.Xlsx(c.principal, c.actor, *q);
    if (!file.ok()) return ErrorResponse(file.status());
    Response r;
    r.content_type = kXlsxType;
    r.body = std::move(file->bytes);
    r.headers.emplace_back("Content-Disposition", kDisposition);
    r.headers.emplace_back("Cache-Control", "no-store");
    r.headers.emplace_back("X-Export-Rows", std::to_string(file->rows));
    r.headers.emplace_back("X-Export-Truncated", file->truncated ? "true" : "false");
    return r;
  });
}

}  // namespace sixia::http

// Exports: GET /api/v1/petitions/export.xlsx (信访事项导出, app/petition_export.h).
// Each handler parses → calls one use case → maps the result. Nothing else.
#include <string>

#include "app/petition_export.h"
#include "http/json_io.h"
#include "http/router.h"

namespace sixia::http {
namespace {

constexpr char kXlsxType[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
// RFC 6266 / 5987: an ASCII name for old clients, and 信访事项.xlsx percent-encoded in UTF-8.
constexpr char kDisposition[] =
    "attachment; filename=\"petitions.xlsx\"; "
    "filename*=UTF-8''%E4%BF%A1%E8%AE%BF%E4%BA%8B%E9%A1%B9.xlsx";

// The filters of GET /api/v1/petitions, read and checked as that list reads them; `limit`
// and `before` do not apply to an export and are ignored.
Result<app::PetitionQuery> ReadPetitionFilter(const Request& req) {
  app::PetitionQuery q;
  auto from = QueryInt(req, "from", INT64_MIN, INT64_MIN, INT64_MAX);
  auto to = QueryInt(req, "to", INT64_MAX, INT64_MIN, INT64_MAX);
  for (const Status& st : {from.status(), to.status()})
    if (!st.ok()) return st;
  if (*from != INT64_MIN) q.received_from_ms = *from;
  if (*to != INT64_MAX) q.received_to_ms = *to;
  q.state = QueryText(req, "state");
  q.petition_class = QueryText(req, "petition_class");
  q.channel = QueryText(req, "channel");
  q.category_prefix = QueryText(req, "category");
  q.division_code = QueryText(req, "division");
  q.band = QueryText(req, "band");
  if (!q.state.empty() && !domain::StateFromName(q.state))
    return InvalidArgument("unknown state", "未知的状态", "state");
  if (!q.petition_class.empty() && !domain::PetitionClassFromName(q.petition_class))
    return InvalidArgument("unknown petition_class", "未知的信访类别", "petition_class");
  if (!q.channel.empty() && !domain::ChannelFromName(q.channel))
    return InvalidArgument("unknown channel", "未知的信访渠道", "channel");
  return q;
}

}  // namespace

void RegisterExportRoutes(Router& router, app::App& app) {
  router.Add("GET", "/api/v1/petitions/export.xlsx", Access::kAuthenticated, [&app](Context& c) {
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

#pragma once
// 信访事项导出: the petitions of a list filter as an XLSX workbook, one row of summary
// columns per petition (受理编号, 标题, 信访渠道, 类别, 状态, 问题属地(代码), 问题分类, 登记时间,
// 下一时限, 主办单位ID, 包案领导ID) and never personal data: no petitioner, no content, no
// accused or recused party.
//
// The rows are exactly those GET /api/v1/petitions returns for the same filter and caller
// (PetitionService::List, paged by before_id, newest first), so the visibility rules are the
// list's: scope, handling unit, owning leader; accused and recused never. Each page is
// written to the sheet as it arrives with libxlsxwriter's constant_memory mode (rows go to
// an unlinked temporary file, not to memory), so memory stays bounded by one page plus the
// finished file, whatever the row count. At most `max_rows` petitions; when more match, a
// last row says so and the result is marked truncated.

#include <cstdint>
#include <string>

#include "app/audit_log.h"
#include "app/petition_service.h"
#include "security/policy.h"
#include "store/store.h"

namespace sixia::app {

// The most petitions one export holds.
inline constexpr int64_t kMaxExportRows = 100'000;

struct XlsxExport {
  std::string bytes;       // The finished workbook (.xlsx); about 60 bytes per row zipped.
  int64_t rows = 0;        // Petitions written (the header and the truncation note excluded).
  bool truncated = false;  // More petitions matched than the limit; the last row says so.
};

class PetitionExporter {
 public:
  // Every reference must outlive the exporter. `tmp_dir` holds the workbook while it is
  // written and libxlsxwriter's temporary files (created, mode 0700, when missing); the
  // workbook is removed before Xlsx returns, on every path. Cheap to construct.
  // Thread-safe: concurrent exports use files of their own.
  PetitionExporter(PetitionService& petitions, store::Store& store, const AuditLog& audit,
                   std::string tmp_dir, int64_t max_rows = kMaxExportRows);

  // The petitions `p` may see matching `q` (limit and before_id are ignored) as a workbook.
  // Errors as PetitionService::List (kPermissionDenied without a petition permission,
  // kInvalidArgument / kNotFound naming the filter), checked before any file is made;
  // kInternal when the file cannot be written (details logged). Audited as
  // "petition.export" with the filter, the row count and whether it was truncated (no
  // personal data); a refused attempt is audited as denied.
  Result<XlsxExport> Xlsx(const security::Principal& p, const Actor& a, PetitionQuery q) const;

 private:
  PetitionService& petitions_;
  store::Store& store_;
  const AuditLog& audit_;
  const std::string tmp_dir_;
  const int64_t max_rows_;
};

}  // namespace sixia::app

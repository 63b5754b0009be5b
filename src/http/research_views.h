#pragma once
// JSON views of the ledger and research reports, shared by the research and supervision
// handlers (defined in research_handlers.cc).
#include <nlohmann/json.hpp>

#include "app/research_service.h"

namespace sixia::http {

nlohmann::json LedgerItemJson(const store::LedgerRow& row, int64_t now_ms);  // "overdue" as of now_ms.
nlohmann::json ReportJson(const app::ReportView& v);                          // With its check.

}  // namespace sixia::http

#pragma once
// Use cases of research (调查研究) and the ledger (清单): projects and their visits; the one
// ledger of problems → responsibilities → tasks → outcomes (domain/ledger.h) opened from
// research, a field-session issue, a cluster of petitions or a supervision finding; the
// open-task list of a jurisdiction and its report of overdue tasks and problems nobody
// answers for; research reports with their figures filled in from the records, and a
// jurisdiction's report consolidated from its members' reports (双报告).
//
// Access: writes need research.manage (closing a task also its responsible person);
// reads activity.read or research.manage; everything by the place's scope (kNotFound outside).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/audit_log.h"
#include "app/petition_service.h"
#include "common/clock.h"
#include "domain/ledger.h"
#include "domain/research.h"
#include "security/policy.h"
#include "store/store.h"

namespace sixia::app {

struct ProjectView {
  store::ResearchProjectRow project;
  std::vector<store::ResearchVisitRow> visits;
  struct Root {
    store::LedgerRow item;
    domain::Progress progress;
  };
  std::vector<Root> problems;             // Top-level problems of the project with progress.
  domain::ReportFigures figures;          // Counted over the project, now.
};

// A new ledger item. division_code may be empty under a parent or a project (inherited).
struct ItemInput {
  domain::ItemKind kind = domain::ItemKind::kProblem;
  std::optional<int64_t> parent_id;
  std::optional<int64_t> project_id;
  std::string title;
  std::string detail;
  std::optional<domain::ItemSource> source;
  std::vector<int64_t> source_ids;
  std::string division_code;
  std::optional<int64_t> unit_id;
  std::optional<int64_t> person_user_id;
  std::optional<int64_t> deadline_ms;     // End of the last day (exclusive).
  std::optional<domain::TaskKind> task_kind;
  std::string evidence;
  std::optional<int64_t> verified_by;
};

// A change to an item; absent fields stay. parent_id: outer nullopt = unchanged, inner
// nullopt = make it a root.
struct ItemPatch {
  std::optional<std::string> title;
  std::optional<std::string> detail;
  std::optional<std::optional<int64_t>> parent_id;
  std::optional<int64_t> unit_id;
  std::optional<int64_t> person_user_id;
  std::optional<int64_t> deadline_ms;
};

struct ItemView {
  store::LedgerRow item;
  std::vector<store::LedgerRow> ancestors;  // Root first: trace back to the problem.
  std::vector<store::LedgerRow> subtree;    // Everything below it, by id (trace forward).
  domain::Progress progress;
};

struct OpenTaskQuery {
  std::string division_code;
  bool overdue_only = false;
  bool mine = false;                        // Only the caller's own tasks.
  std::optional<int64_t> unit_id;
  int limit = 50;
  std::optional<std::pair<int64_t, int64_t>> after;
};

struct LedgerReport {
  std::vector<store::LedgerRow> overdue_tasks;         // Oldest deadline first, at most 200.
  std::vector<store::LedgerRow> without_responsible;   // At most 200.
};

struct ReportInput {
  std::string division_code;
  std::optional<int64_t> project_id;
  std::string title;
  std::string body;                         // May use {{visits}} … (domain::FillFigures).
  int64_t from_ms = 0;
  int64_t to_ms = 0;                        // Exclusive.
};

struct ConsolidateInput {
  std::string division_code;
  std::string title;
  std::string foreword;                     // The author's own text, may use {{…}}.
  int64_t from_ms = 0;
  int64_t to_ms = 0;
  std::vector<int64_t> member_ids;          // Empty: every individual report of the period below.
};

// What a report's text says against the records now.
struct ReportCheck {
  std::vector<std::string> placeholders;
  std::vector<domain::FigureMismatch> mismatches;   // Stated in the body vs counted now.
  domain::ReportFigures counted_now;
};

struct ReportView {
  store::ReportRow report;
  ReportCheck check;
};

class ResearchService {
 public:
  ResearchService(store::Store& store, const Clock& clock, const AuditLog& audit, const PetitionService& petitions);

  Result<store::ResearchProjectRow> CreateProject(const security::Principal& p, const Actor& a,
                                                  domain::ResearchProject in);
  Result<ProjectView> GetProject(const security::Principal& p, int64_t id);
  Result<std::vector<store::ResearchProjectRow>> ListProjects(const security::Principal& p,
                                                              const std::string& division_code, int64_t from_ms,
                                                              int64_t to_ms, int limit, int64_t before_id);
  Result<store::ResearchVisitRow> AddVisit(const security::Principal& p, const Actor& a, int64_t project_id,
                                           domain::ResearchVisit in);

  // Ledger. Every bad input is kInvalidArgument / kUnprocessable naming the field, nothing
  // written then.
  Result<store::LedgerRow> AddItem(const security::Principal& p, const Actor& a, ItemInput in);
  Result<ItemView> GetItem(const security::Principal& p, int64_t id);
  Result<store::LedgerRow> UpdateItem(const security::Principal& p, const Actor& a, int64_t id, ItemPatch patch);
  Result<store::LedgerRow> CloseItem(const security::Principal& p, const Actor& a, int64_t id,
                                     const std::string& evidence);
  Result<store::LedgerRow> ReopenItem(const security::Principal& p, const Actor& a, int64_t id,
                                      const std::string& reason);
  Result<std::vector<store::LedgerRow>> OpenTasks(const security::Principal& p, const OpenTaskQuery& q);
  Result<LedgerReport> Report(const security::Principal& p, const std::string& division_code);

  // Reports.
  Result<ReportView> WriteReport(const security::Principal& p, const Actor& a, ReportInput in);
  Result<ReportView> Consolidate(const security::Principal& p, const Actor& a, ConsolidateInput in);
  Result<ReportView> GetReport(const security::Principal& p, int64_t id);
  Result<std::vector<store::ReportRow>> ListReports(const security::Principal& p, const std::string& division_code,
                                                    int64_t from_ms, int64_t to_ms, std::optional<bool> consolidated,
                                                    int limit, int64_t before_id);
  // The check of one report against the records now (supervision uses it too).
  Result<ReportCheck> Check(store::Tx& tx, const store::ReportRow& r) const;

 private:
  Result<store::ResearchProjectRow> VisibleProject(store::Tx& tx, const security::Principal& p, int64_t id) const;
  Result<store::LedgerRow> VisibleItem(store::Tx& tx, const security::Principal& p, int64_t id) const;
  Result<domain::Division> ScopedDivision(store::Tx& tx, const security::Principal& p,
                                          const std::string& code) const;
  Status CheckRefs(store::Tx& tx, const security::Principal& p, const domain::LedgerItem& item) const;
  Status CheckSources(store::Tx& tx, const security::Principal& p, const domain::LedgerItem& item) const;
  Result<domain::ReportFigures> Count(store::Tx& tx, const std::string& division_code,
                                      std::optional<int64_t> project_id, int64_t from_ms, int64_t to_ms) const;

  store::Store& store_;
  const Clock& clock_;
  const AuditLog& audit_;
  const PetitionService& petitions_;
};

}  // namespace sixia::app

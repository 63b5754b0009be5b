#pragma once
// Repository of research (调查研究) and the ledger (清单): projects with their places, visits,
// ledger items (one table for problems, responsibilities, tasks and outcomes, linked
// parent → child) and research reports. Part of the Store interface (store.h); SQL in
// sql_research_repo.cc, the fake in memory_store.cc.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/division.h"
#include "domain/ledger.h"
#include "domain/research.h"

namespace sixia::store {

struct ResearchProjectRow {
  domain::ResearchProject project;
  std::string county_code;
  std::optional<int64_t> created_by;
  int64_t created_at_ms = 0;
};

struct ResearchVisitRow {
  domain::ResearchVisit visit;
  std::optional<int64_t> created_by;
  int64_t created_at_ms = 0;
};

struct LedgerRow {
  domain::LedgerItem item;
  std::string county_code;
  std::optional<int64_t> created_by;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
};

// Open tasks in a range, by deadline then id; keyset pagination after (deadline, id).
struct OpenTaskFilter {
  domain::CodeRange range;
  std::optional<int64_t> person_user_id;  // Only this person's.
  std::optional<int64_t> unit_id;         // Only this unit's.
  std::optional<int64_t> due_before_ms;   // Deadline before this moment (overdue: now).
  int limit = 50;
  std::optional<std::pair<int64_t, int64_t>> after;  // (deadline, id) of the last row seen.
};

// A research report: individual (written by a member) or consolidated (a jurisdiction's,
// from its members' reports). Figures are counted from records when it is written.
struct ReportRow {
  int64_t id = 0;
  std::string county_code;
  std::string division_code;               // Whose report (the scope counted).
  std::optional<int64_t> project_id;       // Individual reports may belong to a project.
  int64_t author_user_id = 0;
  std::string title;
  std::string body;                        // With the figures filled in.
  int64_t from_ms = 0;                     // Period counted: [from, to).
  int64_t to_ms = 0;
  bool consolidated = false;
  domain::ReportFigures figures;           // As counted when written.
  std::vector<int64_t> member_ids;         // Consolidated: the reports it gathers, ascending.
  int64_t created_at_ms = 0;
};

// What to count: items and visits in the range (or of one project) created / made in the period.
struct FigureFilter {
  domain::CodeRange range;
  int64_t from_ms = 0;
  int64_t to_ms = 0;
  std::optional<int64_t> project_id;
  int64_t now_ms = 0;                      // For "overdue".
};

class ResearchRepo {
 public:
  virtual ~ResearchRepo() = default;
  // Projects and visits.
  virtual Result<int64_t> AddProject(const ResearchProjectRow& row) = 0;
  virtual Result<std::optional<ResearchProjectRow>> GetProject(int64_t id) = 0;
  // Projects in the range whose period overlaps [from, to), newest first (by id).
  virtual Result<std::vector<ResearchProjectRow>> ListProjects(const domain::CodeRange& range, int64_t from_ms,
                                                               int64_t to_ms, int limit, int64_t before_id) = 0;
  virtual Result<int64_t> AddVisit(const ResearchVisitRow& row) = 0;
  virtual Result<std::optional<ResearchVisitRow>> GetVisit(int64_t id) = 0;
  virtual Result<std::vector<ResearchVisitRow>> VisitsOf(int64_t project_id) = 0;  // By day, id.

  // Ledger items.
  virtual Result<int64_t> AddItem(const LedgerRow& row) = 0;
  virtual Result<std::optional<LedgerRow>> GetItem(int64_t id) = 0;
  // Writes every field of `row` only if the stored status is still `expected`; kConflict
  // otherwise (a concurrent close or reopen won).
  virtual Status UpdateItem(const LedgerRow& row, domain::ItemStatus expected) = 0;
  virtual Result<std::vector<LedgerRow>> Children(int64_t parent_id) = 0;       // By id.
  // The item and every item below it (any depth), by id.
  virtual Result<std::vector<LedgerRow>> Subtree(int64_t root_id) = 0;
  // The top-level problems of a project, by id.
  virtual Result<std::vector<LedgerRow>> ProjectRoots(int64_t project_id) = 0;
  virtual Result<std::vector<LedgerRow>> OpenTasks(const OpenTaskFilter& filter) = 0;
  // Problems in the range with no responsible person: none of their own and no
  // responsibility under them. By id, at most `limit`.
  virtual Result<std::vector<LedgerRow>> ProblemsWithoutResponsible(const domain::CodeRange& range, int limit) = 0;
  // Done tasks in the range whose evidence is shorter than `max_chars` characters (trimmed):
  // the candidates for "closed without real evidence" (domain::IsWeakEvidence decides). By id.
  virtual Result<std::vector<LedgerRow>> DoneTasksWithShortEvidence(const domain::CodeRange& range, int max_chars,
                                                                    int limit) = 0;

  // Tasks in the range done after their deadline, by id.
  virtual Result<std::vector<LedgerRow>> TasksDoneLate(const domain::CodeRange& range, int limit) = 0;

  // Counted figures for reports.
  virtual Result<domain::ReportFigures> CountFigures(const FigureFilter& filter) = 0;

  // Reports.
  virtual Result<int64_t> AddReport(const ReportRow& row) = 0;
  virtual Result<std::optional<ReportRow>> GetReport(int64_t id) = 0;
  // Reports in the range whose period overlaps [from, to), newest first; `consolidated`
  // nullopt for both kinds.
  virtual Result<std::vector<ReportRow>> ListReports(const domain::CodeRange& range, int64_t from_ms, int64_t to_ms,
                                                     std::optional<bool> consolidated, int limit,
                                                     int64_t before_id) = 0;
};

}  // namespace sixia::store

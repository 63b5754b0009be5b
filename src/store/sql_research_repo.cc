// Research and ledger repository shared by the SQLite and PostgreSQL stores
// (research_repo.h). Every query is a named constant; the PostgreSQL texts differ only by
// explicit parameter types where libpq cannot infer them.

#include <limits>
#include <sstream>

#include "store/sql_internal.h"

namespace sixia::store::detail {
namespace {

using domain::ItemKind;
using domain::ItemStatus;

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

SqlValue OptInt(const std::optional<int64_t>& v) { return v ? SqlValue{*v} : SqlValue{nullptr}; }
SqlValue OptText(const char* v) { return v ? SqlValue{std::string(v)} : SqlValue{nullptr}; }

std::string JoinIds(const std::vector<int64_t>& ids) {
  std::string out;
  for (int64_t id : ids) out += (out.empty() ? "" : " ") + std::to_string(id);
  return out;
}

std::vector<int64_t> SplitIds(const std::string& text) {
  std::vector<int64_t> out;
  std::istringstream in(text);
  for (int64_t id; in >> id;) out.push_back(id);
  return out;
}

// ---- Projects and visits ----------------------------------------------------------------

#define SIXIA_PROJECT_COLUMNS                                                                  \
  "id, county_code, division_code, topic, lead_user_id, method, starts_on, ends_on, summary, " \
  "created_by, created_at"
constexpr Query kProjectInsert = SIXIA_INSERT_RETURNING_ID(
    "research.project_insert",
    "INSERT INTO research_projects(county_code, division_code, topic, lead_user_id, method, starts_on, "
    "ends_on, summary, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)");
constexpr Query kPlaceInsert{
    "research.place_insert", "INSERT INTO research_places(project_id, division_code) VALUES ($1, $2)", nullptr};
constexpr Query kProjectGet{
    "research.project_get", "SELECT " SIXIA_PROJECT_COLUMNS " FROM research_projects WHERE id = $1", nullptr};
constexpr Query kProjectPlaces{
    "research.places",
    "SELECT division_code FROM research_places WHERE project_id = $1 ORDER BY division_code", nullptr};
constexpr Query kProjectList{
    "research.project_list",
    "SELECT " SIXIA_PROJECT_COLUMNS " FROM research_projects WHERE division_code BETWEEN $1 AND $2 "
    "AND ends_on >= $3 AND starts_on < $4 AND id < $5 ORDER BY id DESC LIMIT $6",
    "SELECT " SIXIA_PROJECT_COLUMNS " FROM research_projects WHERE division_code BETWEEN $1::text AND "
    "$2::text AND ends_on >= $3::bigint AND starts_on < $4::bigint AND id < $5::bigint "
    "ORDER BY id DESC LIMIT $6::bigint"};

#define SIXIA_VISIT_COLUMNS \
  "id, project_id, visited_on, division_code, people_met, met_whom, findings, created_by, created_at"
constexpr Query kVisitInsert = SIXIA_INSERT_RETURNING_ID(
    "research.visit_insert",
    "INSERT INTO research_visits(project_id, visited_on, division_code, people_met, met_whom, findings, "
    "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)");
constexpr Query kVisitGet{
    "research.visit_get", "SELECT " SIXIA_VISIT_COLUMNS " FROM research_visits WHERE id = $1", nullptr};
constexpr Query kVisitsOf{
    "research.visits_of",
    "SELECT " SIXIA_VISIT_COLUMNS " FROM research_visits WHERE project_id = $1 ORDER BY visited_on, id", nullptr};

// ---- Ledger items -----------------------------------------------------------------------

#define SIXIA_ITEM_COLUMNS                                                                          \
  "id, county_code, division_code, kind, parent_id, project_id, title, detail, source, source_ids, " \
  "unit_id, person_user_id, deadline_at, task_kind, status, done_at, evidence, verified_by, "       \
  "created_by, created_at, updated_at"
constexpr Query kItemInsert = SIXIA_INSERT_RETURNING_ID(
    "ledger.insert",
    "INSERT INTO ledger_items(county_code, division_code, kind, parent_id, project_id, title, detail, "
    "source, source_ids, unit_id, person_user_id, deadline_at, task_kind, status, done_at, evidence, "
    "verified_by, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
    "$11, $12, $13, $14, $15, $16, $17, $18, $19, $20)");
constexpr Query kItemGet{"ledger.get", "SELECT " SIXIA_ITEM_COLUMNS " FROM ledger_items WHERE id = $1", nullptr};
constexpr Query kItemUpdate{
    "ledger.update",
    "UPDATE ledger_items SET division_code = $2, parent_id = $3, title = $4, detail = $5, unit_id = $6, "
    "person_user_id = $7, deadline_at = $8, task_kind = $9, status = $10, done_at = $11, evidence = $12, "
    "verified_by = $13, updated_at = $14 WHERE id = $1 AND status = $15",
    nullptr};
constexpr Query kItemChildren{
    "ledger.children", "SELECT " SIXIA_ITEM_COLUMNS " FROM ledger_items WHERE parent_id = $1 ORDER BY id",
    nullptr};
// UNION (not UNION ALL): terminates even if a cycle were ever stored.
constexpr Query kItemSubtree{
    "ledger.subtree",
    "WITH RECURSIVE sub(id) AS (SELECT id FROM ledger_items WHERE id = $1 UNION "
    "SELECT l.id FROM ledger_items l JOIN sub ON l.parent_id = sub.id) "
    "SELECT " SIXIA_ITEM_COLUMNS " FROM ledger_items WHERE id IN (SELECT id FROM sub) ORDER BY id",
    nullptr};
constexpr Query kProjectRoots{
    "ledger.project_roots",
    "SELECT " SIXIA_ITEM_COLUMNS " FROM ledger_items WHERE project_id = $1 AND parent_id IS NULL ORDER BY id",
    nullptr};
constexpr Query kOpenTasks{
    "ledger.open_tasks",
    "SELECT " SIXIA_ITEM_COLUMNS " FROM ledger_items WHERE kind = 'task' AND status = 'open' "
    "AND division_code BETWEEN $1 AND $2 AND ($3 = 0 OR person_user_id = $3) AND ($4 = 0 OR unit_id = $4) "
    "AND deadline_at < $5 AND (deadline_at > $6 OR (deadline_at = $6 AND id > $7)) "
    "ORDER BY deadline_at, id LIMIT $8",
    "SELECT " SIXIA_ITEM_COLUMNS " FROM ledger_items WHERE kind = 'task' AND status = 'open' "
    "AND division_code BETWEEN $1::text AND $2::text AND ($3::bigint = 0 OR person_user_id = $3::bigint) "
    "AND ($4::bigint = 0 OR unit_id = $4::bigint) AND deadline_at < $5::bigint AND "
    "(deadline_at > $6::bigint OR (deadline_at = $6::bigint AND id > $7::bigint)) "
    "ORDER BY deadline_at, id LIMIT $8::bigint"};
constexpr Query kNoResponsible{
    "ledger.no_responsible",
    "SELECT " SIXIA_ITEM_COLUMNS " FROM ledger_items p WHERE kind = 'problem' AND status = 'open' "
    "AND division_code BETWEEN $1 AND $2 AND person_user_id IS NULL AND NOT EXISTS (SELECT 1 FROM "
    "ledger_items c WHERE c.parent_id = p.id AND c.kind = 'responsibility') ORDER BY id LIMIT $3",
    "SELECT " SIXIA_ITEM_COLUMNS " FROM ledger_items p WHERE kind = 'problem' AND status = 'open' "
    "AND division_code BETWEEN $1::text AND $2::text AND person_user_id IS NULL AND NOT EXISTS (SELECT 1 "
    "FROM ledger_items c WHERE c.parent_id = p.id AND c.kind = 'responsibility') ORDER BY id LIMIT $3::bigint"};
constexpr Query kShortEvidence{
    "ledger.short_evidence",
    "SELECT " SIXIA_ITEM_COLUMNS " FROM ledger_items WHERE kind = 'task' AND status = 'done' "
    "AND division_code BETWEEN $1 AND $2 AND length(trim(evidence)) < $3 ORDER BY id LIMIT $4",
    "SELECT " SIXIA_ITEM_COLUMNS " FROM ledger_items WHERE kind = 'task' AND status = 'done' "
    "AND division_code BETWEEN $1::text AND $2::text AND length(trim(evidence)) < $3::bigint "
    "ORDER BY id LIMIT $4::bigint"};

constexpr Query kDoneLate{
    "ledger.done_late",
    "SELECT " SIXIA_ITEM_COLUMNS " FROM ledger_items WHERE kind = 'task' AND status = 'done' "
    "AND division_code BETWEEN $1 AND $2 AND done_at > deadline_at ORDER BY id LIMIT $3",
    "SELECT " SIXIA_ITEM_COLUMNS " FROM ledger_items WHERE kind = 'task' AND status = 'done' "
    "AND division_code BETWEEN $1::text AND $2::text AND done_at > deadline_at ORDER BY id LIMIT $3::bigint"};

// ---- Figures ----------------------------------------------------------------------------

constexpr Query kCountProjects{
    "research.count_projects",
    "SELECT count(*) FROM research_projects WHERE division_code BETWEEN $1 AND $2 AND ends_on >= $3 "
    "AND starts_on < $4",
    nullptr};
constexpr Query kCountVisits{
    "research.count_visits",
    "SELECT count(*), coalesce(sum(people_met), 0) FROM research_visits WHERE division_code BETWEEN $1 AND $2 "
    "AND visited_on >= $3 AND visited_on < $4",
    nullptr};
constexpr Query kCountProjectVisits{
    "research.count_project_visits",
    "SELECT count(*), coalesce(sum(people_met), 0) FROM research_visits WHERE project_id = $1 "
    "AND visited_on >= $2 AND visited_on < $3",
    nullptr};
constexpr Query kCountItems{
    "ledger.count",
    "SELECT kind, status, count(*), sum(CASE WHEN deadline_at < $5 THEN 1 ELSE 0 END) FROM ledger_items "
    "WHERE division_code BETWEEN $1 AND $2 AND created_at >= $3 AND created_at < $4 GROUP BY kind, status",
    "SELECT kind, status, count(*), sum(CASE WHEN deadline_at < $5::bigint THEN 1 ELSE 0 END) FROM "
    "ledger_items WHERE division_code BETWEEN $1::text AND $2::text AND created_at >= $3::bigint AND "
    "created_at < $4::bigint GROUP BY kind, status"};
constexpr Query kCountProjectItems{
    "ledger.count_project",
    "SELECT kind, status, count(*), sum(CASE WHEN deadline_at < $4 THEN 1 ELSE 0 END) FROM ledger_items "
    "WHERE project_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY kind, status",
    "SELECT kind, status, count(*), sum(CASE WHEN deadline_at < $4::bigint THEN 1 ELSE 0 END) FROM "
    "ledger_items WHERE project_id = $1::bigint AND created_at >= $2::bigint AND created_at < $3::bigint "
    "GROUP BY kind, status"};

// ---- Reports ----------------------------------------------------------------------------

#define SIXIA_REPORT_COLUMNS                                                                        \
  "id, county_code, division_code, project_id, author_user_id, title, body, from_at, to_at, "      \
  "consolidated, figures, created_at"
constexpr Query kReportInsert = SIXIA_INSERT_RETURNING_ID(
    "research.report_insert",
    "INSERT INTO research_reports(county_code, division_code, project_id, author_user_id, title, body, "
    "from_at, to_at, consolidated, figures, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)");
constexpr Query kReportMemberInsert{
    "research.report_member_insert",
    "INSERT INTO research_report_members(report_id, member_report_id) VALUES ($1, $2)", nullptr};
constexpr Query kReportGet{
    "research.report_get", "SELECT " SIXIA_REPORT_COLUMNS " FROM research_reports WHERE id = $1", nullptr};
constexpr Query kReportMembers{
    "research.report_members",
    "SELECT member_report_id FROM research_report_members WHERE report_id = $1 ORDER BY member_report_id",
    nullptr};
constexpr Query kReportList{
    "research.report_list",
    "SELECT " SIXIA_REPORT_COLUMNS " FROM research_reports WHERE division_code BETWEEN $1 AND $2 "
    "AND to_at > $3 AND from_at < $4 AND ($5 < 0 OR consolidated = $5) AND id < $6 ORDER BY id DESC LIMIT $7",
    "SELECT " SIXIA_REPORT_COLUMNS " FROM research_reports WHERE division_code BETWEEN $1::text AND "
    "$2::text AND to_at > $3::bigint AND from_at < $4::bigint AND ($5::bigint < 0 OR consolidated = "
    "$5::bigint) AND id < $6::bigint ORDER BY id DESC LIMIT $7::bigint"};

std::string FiguresText(const domain::ReportFigures& f) {
  std::string out;
  for (const auto& e : domain::FigureEntries(f))
    out += (out.empty() ? "" : " ") + std::string(e.key) + "=" + std::to_string(e.value);
  return out;
}

domain::ReportFigures ParseFigures(const std::string& text) {
  domain::ReportFigures f;
  std::istringstream in(text);
  for (std::string kv; in >> kv;) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = kv.substr(0, eq);
    const int64_t v = std::stoll(kv.substr(eq + 1));
    int64_t* slots[] = {&f.projects, &f.visits,     &f.people_met,    &f.problems,
                        &f.tasks,    &f.tasks_done, &f.tasks_overdue, &f.outcomes};
    const auto entries = domain::FigureEntries(f);
    for (size_t i = 0; i < entries.size(); ++i)
      if (key == entries[i].key) *slots[i] = v;
  }
  return f;
}

ResearchProjectRow ToProject(const Row& r) {
  ResearchProjectRow row;
  auto& p = row.project;
  p.id = r.Int(0);
  row.county_code = r.Text(1);
  p.division_code = r.Text(2);
  p.topic = r.Text(3);
  p.lead_user_id = r.Int(4);
  p.method = domain::ResearchMethodFromName(r.Text(5)).value_or(domain::ResearchMethod::kOther);
  p.starts_on_ms = r.Int(6);
  p.ends_on_ms = r.Int(7);
  p.summary = r.Text(8);
  row.created_by = r.OptInt(9);
  row.created_at_ms = r.Int(10);
  return row;
}

ResearchVisitRow ToVisit(const Row& r) {
  ResearchVisitRow row;
  auto& v = row.visit;
  v.id = r.Int(0);
  v.project_id = r.Int(1);
  v.visited_on_ms = r.Int(2);
  v.division_code = r.Text(3);
  v.people_met = r.Int(4);
  v.met_whom = r.Text(5);
  v.findings = r.Text(6);
  row.created_by = r.OptInt(7);
  row.created_at_ms = r.Int(8);
  return row;
}

LedgerRow ToItem(const Row& r) {
  LedgerRow row;
  auto& i = row.item;
  i.id = r.Int(0);
  row.county_code = r.Text(1);
  i.division_code = r.Text(2);
  i.kind = domain::ItemKindFromName(r.Text(3)).value_or(ItemKind::kProblem);
  i.parent_id = r.OptInt(4);
  i.project_id = r.OptInt(5);
  i.title = r.Text(6);
  i.detail = r.Text(7);
  if (!r.IsNull(8)) i.source = domain::ItemSourceFromName(r.Text(8));
  i.source_ids = SplitIds(r.Text(9));
  i.unit_id = r.OptInt(10);
  i.person_user_id = r.OptInt(11);
  i.deadline_ms = r.OptInt(12);
  if (!r.IsNull(13)) i.task_kind = domain::TaskKindFromName(r.Text(13));
  i.status = domain::ItemStatusFromName(r.Text(14)).value_or(ItemStatus::kOpen);
  i.done_at_ms = r.OptInt(15);
  i.evidence = r.Text(16);
  i.verified_by = r.OptInt(17);
  row.created_by = r.OptInt(18);
  row.created_at_ms = r.Int(19);
  row.updated_at_ms = r.Int(20);
  return row;
}

ReportRow ToReport(const Row& r) {
  ReportRow row;
  row.id = r.Int(0);
  row.county_code = r.Text(1);
  row.division_code = r.Text(2);
  row.project_id = r.OptInt(3);
  row.author_user_id = r.Int(4);
  row.title = r.Text(5);
  row.body = r.Text(6);
  row.from_ms = r.Int(7);
  row.to_ms = r.Int(8);
  row.consolidated = r.Int(9) != 0;
  row.figures = ParseFigures(r.Text(10));
  row.created_at_ms = r.Int(11);
  return row;
}

// Adds one (kind, status, count, overdue) group of the item count to `f`.
void AddItemGroup(domain::ReportFigures& f, const Row& r) {
  const auto kind = domain::ItemKindFromName(r.Text(0));
  const bool done = r.Text(1) == domain::ItemStatusName(ItemStatus::kDone);
  const int64_t n = r.Int(2);
  if (kind == ItemKind::kProblem) f.problems += n;
  if (kind == ItemKind::kOutcome) f.outcomes += n;
  if (kind == ItemKind::kTask) {
    f.tasks += n;
    if (done) f.tasks_done += n;
    else f.tasks_overdue += r.Int(3);
  }
}

class SqlResearchRepo final : public ResearchRepo {
 public:
  explicit SqlResearchRepo(Conn& c) : c_(c) {}

  Result<int64_t> AddProject(const ResearchProjectRow& row) override {
    return Guard("research.project_insert", [&]() -> Result<int64_t> {
      const auto& p = row.project;
      const int64_t id =
          c_.InsertId(kProjectInsert, {row.county_code, p.division_code, p.topic, p.lead_user_id,
                                  std::string(domain::ResearchMethodName(p.method)), p.starts_on_ms, p.ends_on_ms,
                                  p.summary, OptInt(row.created_by), row.created_at_ms});
      for (const auto& place : p.places) c_.Exec(kPlaceInsert, {id, place});
      return id;
    });
  }

  Result<std::optional<ResearchProjectRow>> GetProject(int64_t id) override {
    return Guard("research.project_get", [&]() -> Result<std::optional<ResearchProjectRow>> {
      auto r = c_.One(kProjectGet, {id});
      if (!r) return std::optional<ResearchProjectRow>();
      return std::optional<ResearchProjectRow>(WithPlaces(ToProject(*r)));
    });
  }

  Result<std::vector<ResearchProjectRow>> ListProjects(const domain::CodeRange& range, int64_t from_ms,
                                                       int64_t to_ms, int limit, int64_t before_id) override {
    return Guard("research.project_list", [&]() -> Result<std::vector<ResearchProjectRow>> {
      std::vector<ResearchProjectRow> out;
      c_.Run(kProjectList,
             {range.first, range.last, from_ms, to_ms, before_id > 0 ? before_id : kMax, int64_t{limit}},
             [&](const Row& r) { out.push_back(ToProject(r)); });
      for (auto& p : out) p = WithPlaces(std::move(p));
      return out;
    });
  }

  Result<int64_t> AddVisit(const ResearchVisitRow& row) override {
    return Guard("research.visit_insert", [&]() -> Result<int64_t> {
      const auto& v = row.visit;
      return c_.InsertId(kVisitInsert, {v.project_id, v.visited_on_ms, v.division_code, v.people_met, v.met_whom,
                              v.findings, OptInt(row.created_by), row.created_at_ms});
    });
  }

  Result<std::optional<ResearchVisitRow>> GetVisit(int64_t id) override {
    return Guard("research.visit_get", [&]() -> Result<std::optional<ResearchVisitRow>> {
      auto r = c_.One(kVisitGet, {id});
      if (!r) return std::optional<ResearchVisitRow>();
      return std::optional<ResearchVisitRow>(ToVisit(*r));
    });
  }

  Result<std::vector<ResearchVisitRow>> VisitsOf(int64_t project_id) override {
    return Guard("research.visits_of", [&]() -> Result<std::vector<ResearchVisitRow>> {
      std::vector<ResearchVisitRow> out;
      c_.Run(kVisitsOf, {project_id}, [&](const Row& r) { out.push_back(ToVisit(r)); });
      return out;
    });
  }

  Result<int64_t> AddItem(const LedgerRow& row) override {
    return Guard("ledger.insert", [&]() -> Result<int64_t> {
      const auto& i = row.item;
      return c_.InsertId(kItemInsert,
               {row.county_code, i.division_code, std::string(domain::ItemKindName(i.kind)), OptInt(i.parent_id),
                OptInt(i.project_id), i.title, i.detail,
                OptText(i.source ? domain::ItemSourceName(*i.source) : nullptr), JoinIds(i.source_ids),
                OptInt(i.unit_id), OptInt(i.person_user_id), OptInt(i.deadline_ms),
                OptText(i.task_kind ? domain::TaskKindName(*i.task_kind) : nullptr),
                std::string(domain::ItemStatusName(i.status)), OptInt(i.done_at_ms), i.evidence,
                OptInt(i.verified_by), OptInt(row.created_by), row.created_at_ms, row.updated_at_ms});
    });
  }

  Result<std::optional<LedgerRow>> GetItem(int64_t id) override {
    return Guard("ledger.get", [&]() -> Result<std::optional<LedgerRow>> {
      auto r = c_.One(kItemGet, {id});
      if (!r) return std::optional<LedgerRow>();
      return std::optional<LedgerRow>(ToItem(*r));
    });
  }

  Status UpdateItem(const LedgerRow& row, domain::ItemStatus expected) override {
    return Guard("ledger.update", [&]() -> Status {
      const auto& i = row.item;
      c_.Exec(kItemUpdate,
              {i.id, i.division_code, OptInt(i.parent_id), i.title, i.detail, OptInt(i.unit_id),
               OptInt(i.person_user_id), OptInt(i.deadline_ms),
               OptText(i.task_kind ? domain::TaskKindName(*i.task_kind) : nullptr),
               std::string(domain::ItemStatusName(i.status)), OptInt(i.done_at_ms), i.evidence,
               OptInt(i.verified_by), row.updated_at_ms, std::string(domain::ItemStatusName(expected))});
      if (c_.Changes() != 1)
        return Conflict("the item was changed by someone else meanwhile; reload it",
                        "该条目已被他人同时修改，请刷新后重试");
      return Status::Ok();
    });
  }

  Result<std::vector<LedgerRow>> Children(int64_t parent_id) override {
    return Items("ledger.children", kItemChildren, {parent_id});
  }
  Result<std::vector<LedgerRow>> Subtree(int64_t root_id) override {
    return Items("ledger.subtree", kItemSubtree, {root_id});
  }
  Result<std::vector<LedgerRow>> ProjectRoots(int64_t project_id) override {
    return Items("ledger.project_roots", kProjectRoots, {project_id});
  }

  Result<std::vector<LedgerRow>> OpenTasks(const OpenTaskFilter& f) override {
    const auto after = f.after.value_or(std::pair<int64_t, int64_t>{kMin, 0});
    return Items("ledger.open_tasks", kOpenTasks,
                 {f.range.first, f.range.last, f.person_user_id.value_or(0), f.unit_id.value_or(0),
                  f.due_before_ms.value_or(kMax), after.first, after.second, int64_t{f.limit}});
  }

  Result<std::vector<LedgerRow>> ProblemsWithoutResponsible(const domain::CodeRange& range, int limit) override {
    return Items("ledger.no_responsible", kNoResponsible, {range.first, range.last, int64_t{limit}});
  }

  Result<std::vector<LedgerRow>> DoneTasksWithShortEvidence(const domain::CodeRange& range, int max_chars,
                                                            int limit) override {
    return Items("ledger.short_evidence", kShortEvidence,
                 {range.first, range.last, int64_t{max_chars}, int64_t{limit}});
  }

  Result<std::vector<LedgerRow>> TasksDoneLate(const domain::CodeRange& range, int limit) override {
    return Items("ledger.done_late", kDoneLate, {range.first, range.last, int64_t{limit}});
  }

  Result<domain::ReportFigures> CountFigures(const FigureFilter& f) override {
    return Guard("research.count", [&]() -> Result<domain::ReportFigures> {
      domain::ReportFigures out;
      std::optional<Row> visits;
      if (f.project_id) {
        out.projects = 1;
        visits = c_.One(kCountProjectVisits, {*f.project_id, f.from_ms, f.to_ms});
        c_.Run(kCountProjectItems, {*f.project_id, f.from_ms, f.to_ms, f.now_ms},
               [&](const Row& r) { AddItemGroup(out, r); });
      } else {
        out.projects = c_.One(kCountProjects, {f.range.first, f.range.last, f.from_ms, f.to_ms})->Int(0);
        visits = c_.One(kCountVisits, {f.range.first, f.range.last, f.from_ms, f.to_ms});
        c_.Run(kCountItems, {f.range.first, f.range.last, f.from_ms, f.to_ms, f.now_ms},
               [&](const Row& r) { AddItemGroup(out, r); });
      }
      out.visits = visits->Int(0);
      out.people_met = visits->Int(1);
      return out;
    });
  }

  Result<int64_t> AddReport(const ReportRow& row) override {
    return Guard("research.report_insert", [&]() -> Result<int64_t> {
      const int64_t id =
          c_.InsertId(kReportInsert, {row.county_code, row.division_code, OptInt(row.project_id), row.author_user_id,
                                 row.title, row.body, row.from_ms, row.to_ms, int64_t{row.consolidated ? 1 : 0},
                                 FiguresText(row.figures), row.created_at_ms});
      for (int64_t m : row.member_ids) c_.Exec(kReportMemberInsert, {id, m});
      return id;
    });
  }

  Result<std::optional<ReportRow>> GetReport(int64_t id) override {
    return Guard("research.report_get", [&]() -> Result<std::optional<ReportRow>> {
      auto r = c_.One(kReportGet, {id});
      if (!r) return std::optional<ReportRow>();
      ReportRow row = ToReport(*r);
      c_.Run(kReportMembers, {id}, [&](const Row& m) { row.member_ids.push_back(m.Int(0)); });
      return std::optional<ReportRow>(std::move(row));
    });
  }

  Result<std::vector<ReportRow>> ListReports(const domain::CodeRange& range, int64_t from_ms, int64_t to_ms,
                                             std::optional<bool> consolidated, int limit,
                                             int64_t before_id) override {
    return Guard("research.report_list", [&]() -> Result<std::vector<ReportRow>> {
      std::vector<ReportRow> out;
      c_.Run(kReportList,
             {range.first, range.last, from_ms, to_ms, int64_t{consolidated ? (*consolidated ? 1 : 0) : -1},
              before_id > 0 ? before_id : kMax, int64_t{limit}},
             [&](const Row& r) { out.push_back(ToReport(r)); });
      for (auto& row : out)
        c_.Run(kReportMembers, {row.id}, [&](const Row& m) { row.member_ids.push_back(m.Int(0)); });
      return out;
    });
  }

 private:
  ResearchProjectRow WithPlaces(ResearchProjectRow row) {
    c_.Run(kProjectPlaces, {row.project.id}, [&](const Row& r) { row.project.places.push_back(r.Text(0)); });
    return row;
  }
  Result<std::vector<LedgerRow>> Items(const char* where, const Query& q, const Params& params) {
    return Guard(where, [&]() -> Result<std::vector<LedgerRow>> {
      std::vector<LedgerRow> out;
      c_.Run(q, params, [&](const Row& r) { out.push_back(ToItem(r)); });
      return out;
    });
  }
  Conn& c_;
};

}  // namespace

std::unique_ptr<ResearchRepo> MakeSqlResearchRepo(Conn& conn) { return std::make_unique<SqlResearchRepo>(conn); }

}  // namespace sixia::store::detail

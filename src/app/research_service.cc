#include "app/research_service.h"
#include "app/checks.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "common/utf8.h"
#include "domain/calendar.h"
#include "domain/division.h"

namespace sixia::app {
namespace {

using domain::ItemKind;
using domain::ItemStatus;
using security::AccessPolicy;
using security::Permission;

// The consolidated report's heading before its members' texts: figures are checked above it.
constexpr char kMembersHeading[] = "二、成员调研报告";

Status RequireReader(const security::Principal& p) {
  if (AccessPolicy::Has(p, Permission::kActivityRead) || AccessPolicy::Has(p, Permission::kResearchManage))
    return Status::Ok();
  return PermissionDenied("missing permission activity.read", "缺少权限：activity.read");
}

std::optional<int64_t> UserOf(const security::Principal& p) {
  return p.user_id > 0 ? std::optional<int64_t>(p.user_id) : std::nullopt;
}

std::string Object(const char* kind, int64_t id) { return std::string(kind) + ":" + std::to_string(id); }

}  // namespace

ResearchService::ResearchService(store::Store& store, const Clock& clock, const AuditLog& audit,
                                 const PetitionService& petitions)
    : store_(store), clock_(clock), audit_(audit), petitions_(petitions) {}

Result<domain::Division> ResearchService::ScopedDivision(store::Tx& tx, const security::Principal& p,
                                                         const std::string& code) const {
  SIXIA_RETURN_IF_ERROR(domain::ValidateDivisionCode(code, "division_code"));
  if (!AccessPolicy::InScope(p, code))
    return NotFound("division outside your jurisdiction", "该区划不在您的管辖范围内", "division_code");
  SIXIA_ASSIGN_OR_RETURN(auto division, tx.divisions().Get(code));
  if (!division) return NotFound("division not found", "行政区划不存在", "division_code");
  return *division;
}

Result<store::ResearchProjectRow> ResearchService::VisibleProject(store::Tx& tx, const security::Principal& p,
                                                                  int64_t id) const {
  SIXIA_ASSIGN_OR_RETURN(auto row, tx.research().GetProject(id));
  if (!row || !AccessPolicy::InScope(p, row->project.division_code))
    return NotFound("research project not found", "调研课题不存在或不在您的管辖范围内");
  return *row;
}

Result<store::LedgerRow> ResearchService::VisibleItem(store::Tx& tx, const security::Principal& p,
                                                      int64_t id) const {
  SIXIA_ASSIGN_OR_RETURN(auto row, tx.research().GetItem(id));
  if (!row || !AccessPolicy::InScope(p, row->item.division_code))
    return NotFound("ledger item not found", "清单条目不存在或不在您的管辖范围内");
  return *row;
}

// ---- Projects and visits ----------------------------------------------------------------

Result<store::ResearchProjectRow> ResearchService::CreateProject(const security::Principal& p, const Actor& a,
                                                                 domain::ResearchProject in) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kResearchManage));
  in.topic = std::string(TrimBlank(in.topic));
  in.summary = std::string(TrimBlank(in.summary));
  if (!IsValidUtf8(in.topic) || !IsValidUtf8(in.summary))
    return InvalidArgument("text is not valid UTF-8", "文本不是有效的UTF-8", "topic");
  in.starts_on_ms = domain::StartOfDayMs(domain::DateOfMs(in.starts_on_ms));
  in.ends_on_ms = domain::StartOfDayMs(domain::DateOfMs(in.ends_on_ms));
  SIXIA_RETURN_IF_ERROR(domain::CheckProject(in));
  SIXIA_RETURN_IF_ERROR(domain::ValidateDivisionCode(in.division_code, "division_code"));
  if (!AccessPolicy::InScope(p, in.division_code))
    return Unprocessable("the organising jurisdiction is outside yours", "组织单位所在区划不在您的管辖范围内",
                         "division_code");
  for (const auto& place : in.places)
    if (!AccessPolicy::InScope(p, place))
      return Unprocessable("a place is outside your jurisdiction", "调研地点不在您的管辖范围内", "places");
  store::ResearchProjectRow row;
  row.project = std::move(in);
  row.created_by = UserOf(p);
  row.created_at_ms = clock_.NowMs();
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto division, tx.divisions().Get(row.project.division_code));
    if (!division) return Unprocessable("division_code does not exist", "行政区划不存在", "division_code");
    row.county_code = domain::CountyOf(division->code, division->level);
    SIXIA_ASSIGN_OR_RETURN(auto places, tx.divisions().GetMany(row.project.places));
    if (places.size() != row.project.places.size())
      return Unprocessable("a place does not exist", "调研地点行政区划不存在", "places");
    SIXIA_ASSIGN_OR_RETURN(auto lead, tx.directory().GetUser(row.project.lead_user_id));
    if (!lead || lead->disabled) return Unprocessable("the lead does not exist", "牵头领导不存在", "lead_user_id");
    SIXIA_ASSIGN_OR_RETURN(row.project.id, tx.research().AddProject(row));
    std::sort(row.project.places.begin(), row.project.places.end());
    return audit_.Append(tx, a,
                         {"research.project_create", Object("research_project", row.project.id),
                          domain::AuditOutcome::kOk,
                          nlohmann::json{{"division", row.project.division_code},
                                         {"method", domain::ResearchMethodName(row.project.method)}}
                              .dump()});
  }));
  return row;
}

Result<ProjectView> ResearchService::GetProject(const security::Principal& p, int64_t id) {
  SIXIA_RETURN_IF_ERROR(RequireReader(p));
  ProjectView v;
  const int64_t now = clock_.NowMs();
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(v.project, VisibleProject(tx, p, id));
    SIXIA_ASSIGN_OR_RETURN(v.visits, tx.research().VisitsOf(id));
    SIXIA_ASSIGN_OR_RETURN(auto roots, tx.research().ProjectRoots(id));
    for (auto& root : roots) {
      SIXIA_ASSIGN_OR_RETURN(auto tree, tx.research().Subtree(root.item.id));
      std::map<int64_t, std::vector<domain::LedgerItem>> children;
      for (const auto& r : tree)
        if (r.item.parent_id) children[*r.item.parent_id].push_back(r.item);
      auto kids = [&](int64_t pid) -> const std::vector<domain::LedgerItem>& { return children[pid]; };
      v.problems.push_back({root, domain::RollUp(root.item, kids, now)});
    }
    SIXIA_ASSIGN_OR_RETURN(v.figures, Count(tx, v.project.project.division_code, id, INT64_MIN / 2, INT64_MAX / 2));
    return Status::Ok();
  }));
  return v;
}

Result<std::vector<store::ResearchProjectRow>> ResearchService::ListProjects(const security::Principal& p,
                                                                             const std::string& division_code,
                                                                             int64_t from_ms, int64_t to_ms,
                                                                             int limit, int64_t before_id) {
  SIXIA_RETURN_IF_ERROR(RequireReader(p));
  SIXIA_RETURN_IF_ERROR(CheckPeriod(from_ms, to_ms));
  std::vector<store::ResearchProjectRow> out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto division, ScopedDivision(tx, p, division_code));
    SIXIA_ASSIGN_OR_RETURN(out, tx.research().ListProjects(domain::SubtreeRange(division.code, division.level),
                                                           from_ms, to_ms, limit, before_id));
    return Status::Ok();
  }));
  return out;
}

Result<store::ResearchVisitRow> ResearchService::AddVisit(const security::Principal& p, const Actor& a,
                                                          int64_t project_id, domain::ResearchVisit in) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kResearchManage));
  in.project_id = project_id;
  in.visited_on_ms = domain::StartOfDayMs(domain::DateOfMs(in.visited_on_ms));
  in.met_whom = std::string(TrimBlank(in.met_whom));
  in.findings = std::string(TrimBlank(in.findings));
  if (!IsValidUtf8(in.met_whom) || !IsValidUtf8(in.findings))
    return InvalidArgument("text is not valid UTF-8", "文本不是有效的UTF-8", "findings");
  SIXIA_RETURN_IF_ERROR(domain::ValidateDivisionCode(in.division_code, "division_code"));
  store::ResearchVisitRow row;
  row.visit = std::move(in);
  row.created_by = UserOf(p);
  row.created_at_ms = clock_.NowMs();
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto project, VisibleProject(tx, p, project_id));
    SIXIA_ASSIGN_OR_RETURN(auto places, tx.divisions().GetMany(project.project.places));
    auto in_place = [&](const std::string& place, const std::string& code) {
      for (const auto& d : places)
        if (d.code == place) return domain::InSubtree(d.code, d.level, code);
      return false;
    };
    SIXIA_RETURN_IF_ERROR(domain::CheckVisit(project.project, row.visit, in_place));
    SIXIA_ASSIGN_OR_RETURN(auto place, tx.divisions().Get(row.visit.division_code));
    if (!place) return Unprocessable("division_code does not exist", "走访地点行政区划不存在", "division_code");
    SIXIA_ASSIGN_OR_RETURN(row.visit.id, tx.research().AddVisit(row));
    return audit_.Append(tx, a,
                         {"research.visit", Object("research_project", project_id), domain::AuditOutcome::kOk,
                          nlohmann::json{{"visit_id", row.visit.id}, {"people_met", row.visit.people_met}}.dump()});
  }));
  return row;
}

// ---- Ledger -----------------------------------------------------------------------------

Status ResearchService::CheckRefs(store::Tx& tx, const security::Principal& p, const domain::LedgerItem& i) const {
  if (i.unit_id) {
    SIXIA_ASSIGN_OR_RETURN(auto unit, tx.directory().GetUnit(*i.unit_id));
    if (!unit || unit->disabled) return Unprocessable("the unit does not exist", "责任单位不存在", "unit_id");
  }
  const std::pair<std::optional<int64_t>, const char*> users[] = {{i.person_user_id, "person_user_id"},
                                                                  {i.verified_by, "verified_by"}};
  for (const auto& [user_id, field] : users) {
    if (!user_id) continue;
    SIXIA_ASSIGN_OR_RETURN(auto user, tx.directory().GetUser(*user_id));
    if (!user || user->disabled) return Unprocessable("the person does not exist", "人员不存在", field);
  }
  return Status::Ok();
}

Status ResearchService::CheckSources(store::Tx& tx, const security::Principal& p,
                                     const domain::LedgerItem& i) const {
  if (!i.source) return Status::Ok();
  for (int64_t id : i.source_ids) {
    switch (*i.source) {
      case domain::ItemSource::kResearch: {
        SIXIA_ASSIGN_OR_RETURN(auto visit, tx.research().GetVisit(id));
        if (!visit || !i.project_id || visit->visit.project_id != *i.project_id)
          return Unprocessable("source visit " + std::to_string(id) + " is not a visit of the item's project",
                               "来源走访记录不属于该调研课题", "source_ids");
        break;
      }
      case domain::ItemSource::kFieldSession: {
        SIXIA_ASSIGN_OR_RETURN(auto issue, tx.field_sessions().GetIssue(id));
        std::optional<store::FieldSessionRow> session;
        if (issue) {
          SIXIA_ASSIGN_OR_RETURN(session, tx.field_sessions().GetSession(issue->issue.session_id));
        }
        if (!session || !AccessPolicy::InScope(p, session->division_code))
          return Unprocessable("source field-session issue " + std::to_string(id) + " not found",
                               "来源现场办公问题不存在", "source_ids");
        break;
      }
      case domain::ItemSource::kPetitions:
        if (Status st = petitions_.CheckVisible(tx, p, id); !st.ok())
          return Unprocessable("source petition " + std::to_string(id) + " not found", "来源信访事项不存在",
                               "source_ids");
        break;
      case domain::ItemSource::kSupervision:
      case domain::ItemSource::kOther:
        return Unprocessable("this source names no records", "该来源类型不关联记录", "source_ids");
    }
  }
  return Status::Ok();
}

Result<store::LedgerRow> ResearchService::AddItem(const security::Principal& p, const Actor& a, ItemInput in) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kResearchManage));
  const int64_t now = clock_.NowMs();
  store::LedgerRow row;
  auto& i = row.item;
  i.kind = in.kind;
  i.parent_id = in.parent_id;
  i.project_id = in.project_id;
  i.title = std::string(TrimBlank(in.title));
  i.detail = std::string(TrimBlank(in.detail));
  i.source = in.source;
  i.source_ids = in.source_ids;
  i.division_code = in.division_code;
  i.unit_id = in.unit_id;
  i.person_user_id = in.person_user_id;
  i.deadline_ms = in.deadline_ms;
  i.task_kind = in.task_kind;
  i.evidence = std::string(TrimBlank(in.evidence));
  i.verified_by = in.verified_by;
  if (!IsValidUtf8(i.title) || !IsValidUtf8(i.detail) || !IsValidUtf8(i.evidence))
    return InvalidArgument("text is not valid UTF-8", "文本不是有效的UTF-8", "title");
  if (i.kind != ItemKind::kOutcome && !i.evidence.empty())
    return Unprocessable("evidence is given when the item is closed", "佐证材料在办结时提交", "evidence");
  if (i.kind == ItemKind::kOutcome) {  // An outcome records a change that happened.
    i.status = ItemStatus::kDone;
    i.done_at_ms = now;
  }
  row.created_by = UserOf(p);
  row.created_at_ms = row.updated_at_ms = now;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    std::optional<store::LedgerRow> parent;
    if (i.parent_id) {
      auto found = VisibleItem(tx, p, *i.parent_id);
      if (!found.ok()) return Unprocessable("the parent item does not exist", "上级条目不存在", "parent_id");
      parent = std::move(*found);
      if (i.project_id && parent->item.project_id != i.project_id)
        return Unprocessable("the parent belongs to another project", "上级条目属于其他调研课题", "project_id");
      i.project_id = parent->item.project_id;
      if (i.division_code.empty()) i.division_code = parent->item.division_code;
    }
    if (i.project_id) {
      auto project = VisibleProject(tx, p, *i.project_id);
      if (!project.ok()) return Unprocessable("the project does not exist", "调研课题不存在", "project_id");
      if (i.division_code.empty()) i.division_code = project->project.division_code;
    }
    SIXIA_RETURN_IF_ERROR(domain::CheckItem(i));
    SIXIA_RETURN_IF_ERROR(domain::CheckParent(i, parent ? &parent->item : nullptr));
    if (!AccessPolicy::InScope(p, i.division_code))
      return Unprocessable("the place is outside your jurisdiction", "地点不在您的管辖范围内", "division_code");
    SIXIA_ASSIGN_OR_RETURN(auto place, tx.divisions().Get(i.division_code));
    if (!place) return Unprocessable("division_code does not exist", "行政区划不存在", "division_code");
    row.county_code = domain::CountyOf(place->code, place->level);
    SIXIA_RETURN_IF_ERROR(CheckRefs(tx, p, i));
    SIXIA_RETURN_IF_ERROR(CheckSources(tx, p, i));
    SIXIA_ASSIGN_OR_RETURN(i.id, tx.research().AddItem(row));
    return audit_.Append(tx, a,
                         {"ledger.add", Object("ledger_item", i.id), domain::AuditOutcome::kOk,
                          nlohmann::json{{"kind", domain::ItemKindName(i.kind)},
                                         {"parent_id", i.parent_id ? nlohmann::json(*i.parent_id) : nlohmann::json()}}
                              .dump()});
  }));
  return row;
}

Result<ItemView> ResearchService::GetItem(const security::Principal& p, int64_t id) {
  SIXIA_RETURN_IF_ERROR(RequireReader(p));
  ItemView v;
  const int64_t now = clock_.NowMs();
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(v.item, VisibleItem(tx, p, id));
    for (auto up = v.item.item.parent_id; up && v.ancestors.size() < 64;) {
      SIXIA_ASSIGN_OR_RETURN(auto parent, tx.research().GetItem(*up));
      if (!parent) break;
      v.ancestors.insert(v.ancestors.begin(), *parent);
      up = parent->item.parent_id;
    }
    SIXIA_ASSIGN_OR_RETURN(auto tree, tx.research().Subtree(id));
    std::map<int64_t, std::vector<domain::LedgerItem>> children;
    for (auto& r : tree) {
      if (r.item.id == id) continue;
      if (r.item.parent_id) children[*r.item.parent_id].push_back(r.item);
      v.subtree.push_back(std::move(r));
    }
    auto kids = [&](int64_t pid) -> const std::vector<domain::LedgerItem>& { return children[pid]; };
    v.progress = domain::RollUp(v.item.item, kids, now);
    return Status::Ok();
  }));
  return v;
}

Result<store::LedgerRow> ResearchService::UpdateItem(const security::Principal& p, const Actor& a, int64_t id,
                                                     ItemPatch patch) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kResearchManage));
  store::LedgerRow row;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(row, VisibleItem(tx, p, id));
    auto& i = row.item;
    const ItemStatus expected = i.status;
    if (patch.title) i.title = std::string(TrimBlank(*patch.title));
    if (patch.detail) i.detail = std::string(TrimBlank(*patch.detail));
    if (patch.unit_id) i.unit_id = *patch.unit_id;
    if (patch.person_user_id) i.person_user_id = *patch.person_user_id;
    if (patch.deadline_ms) i.deadline_ms = *patch.deadline_ms;
    if (!IsValidUtf8(i.title) || !IsValidUtf8(i.detail))
      return InvalidArgument("text is not valid UTF-8", "文本不是有效的UTF-8", "title");
    SIXIA_RETURN_IF_ERROR(domain::CheckItem(i));
    if (patch.parent_id && *patch.parent_id != i.parent_id) {
      std::optional<store::LedgerRow> parent;
      if (*patch.parent_id) {
        auto found = VisibleItem(tx, p, **patch.parent_id);
        if (!found.ok()) return Unprocessable("the parent item does not exist", "上级条目不存在", "parent_id");
        parent = std::move(*found);
        if (parent->item.project_id != i.project_id)
          return Unprocessable("the parent belongs to another project", "上级条目属于其他调研课题", "parent_id");
        // Reads are the transaction's own; a failed read ends the walk (CheckNoCycle then
        // sees a root), and the write below still checks the stored status.
        auto parent_of = [&](int64_t item_id) -> std::optional<int64_t> {
          auto r = tx.research().GetItem(item_id);
          return r.ok() && *r ? (*r)->item.parent_id : std::nullopt;
        };
        SIXIA_RETURN_IF_ERROR(domain::CheckNoCycle(id, parent->item.id, parent_of));
      }
      SIXIA_RETURN_IF_ERROR(domain::CheckParent(i, parent ? &parent->item : nullptr));
      i.parent_id = *patch.parent_id;
    }
    SIXIA_RETURN_IF_ERROR(CheckRefs(tx, p, i));
    row.updated_at_ms = clock_.NowMs();
    SIXIA_RETURN_IF_ERROR(tx.research().UpdateItem(row, expected));
    return audit_.Append(tx, a, {"ledger.update", Object("ledger_item", id), domain::AuditOutcome::kOk, "{}"});
  }));
  return row;
}

Result<store::LedgerRow> ResearchService::CloseItem(const security::Principal& p, const Actor& a, int64_t id,
                                                    const std::string& evidence) {
  const std::string text(TrimBlank(evidence));
  if (!IsValidUtf8(text) || Utf8Length(text) > 10000)
    return InvalidArgument("evidence is at most 10000 characters of text", "佐证材料说明不超过10000字", "evidence");
  store::LedgerRow row;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(row, VisibleItem(tx, p, id));
    auto& i = row.item;
    // The task's own responsible person may report it done; everyone else needs the permission.
    const bool own_task = i.kind == ItemKind::kTask && p.user_id > 0 && i.person_user_id == p.user_id;
    if (!own_task) SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kResearchManage));
    SIXIA_RETURN_IF_ERROR(domain::CheckClose(i, text));
    i.status = ItemStatus::kDone;
    i.done_at_ms = row.updated_at_ms = clock_.NowMs();
    i.evidence = text;
    SIXIA_RETURN_IF_ERROR(tx.research().UpdateItem(row, ItemStatus::kOpen));
    return audit_.Append(tx, a, {"ledger.close", Object("ledger_item", id), domain::AuditOutcome::kOk, "{}"});
  }));
  return row;
}

Result<store::LedgerRow> ResearchService::ReopenItem(const security::Principal& p, const Actor& a, int64_t id,
                                                     const std::string& reason) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kResearchManage));
  std::string why(TrimBlank(reason));
  SIXIA_RETURN_IF_ERROR(TrimText(why, "reason", "理由", 0, 500));
  store::LedgerRow row;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(row, VisibleItem(tx, p, id));
    auto& i = row.item;
    SIXIA_RETURN_IF_ERROR(domain::CheckReopen(i, why));
    i.status = ItemStatus::kOpen;
    i.done_at_ms.reset();
    i.evidence.clear();
    row.updated_at_ms = clock_.NowMs();
    SIXIA_RETURN_IF_ERROR(tx.research().UpdateItem(row, ItemStatus::kDone));
    // The reason is the record of why; it names no person.
    return audit_.Append(tx, a,
                         {"ledger.reopen", Object("ledger_item", id), domain::AuditOutcome::kOk,
                          nlohmann::json{{"reason", why}}.dump()});
  }));
  return row;
}

Result<std::vector<store::LedgerRow>> ResearchService::OpenTasks(const security::Principal& p,
                                                                 const OpenTaskQuery& q) {
  SIXIA_RETURN_IF_ERROR(RequireReader(p));
  std::vector<store::LedgerRow> out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto division, ScopedDivision(tx, p, q.division_code));
    store::OpenTaskFilter f;
    f.range = domain::SubtreeRange(division.code, division.level);
    if (q.mine) f.person_user_id = p.user_id;
    f.unit_id = q.unit_id;
    if (q.overdue_only) f.due_before_ms = clock_.NowMs();
    f.limit = q.limit;
    f.after = q.after;
    SIXIA_ASSIGN_OR_RETURN(out, tx.research().OpenTasks(f));
    return Status::Ok();
  }));
  return out;
}

Result<LedgerReport> ResearchService::Report(const security::Principal& p, const std::string& division_code) {
  SIXIA_RETURN_IF_ERROR(RequireReader(p));
  LedgerReport r;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto division, ScopedDivision(tx, p, division_code));
    store::OpenTaskFilter f;
    f.range = domain::SubtreeRange(division.code, division.level);
    f.due_before_ms = clock_.NowMs();
    f.limit = 200;
    SIXIA_ASSIGN_OR_RETURN(r.overdue_tasks, tx.research().OpenTasks(f));
    SIXIA_ASSIGN_OR_RETURN(r.without_responsible, tx.research().ProblemsWithoutResponsible(f.range, 200));
    return Status::Ok();
  }));
  return r;
}

// ---- Reports ----------------------------------------------------------------------------

Result<domain::ReportFigures> ResearchService::Count(store::Tx& tx, const std::string& division_code,
                                                     std::optional<int64_t> project_id, int64_t from_ms,
                                                     int64_t to_ms) const {
  SIXIA_ASSIGN_OR_RETURN(auto division, tx.divisions().Get(division_code));
  if (!division) return NotFound("division not found", "行政区划不存在", "division_code");
  store::FigureFilter f;
  f.range = domain::SubtreeRange(division->code, division->level);
  f.from_ms = from_ms;
  f.to_ms = to_ms;
  f.project_id = project_id;
  f.now_ms = clock_.NowMs();
  return tx.research().CountFigures(f);
}

Result<ReportCheck> ResearchService::Check(store::Tx& tx, const store::ReportRow& r) const {
  ReportCheck c;
  c.placeholders = domain::FindPlaceholders(r.body);
  SIXIA_ASSIGN_OR_RETURN(c.counted_now, Count(tx, r.division_code, r.project_id, r.from_ms, r.to_ms));
  // A consolidated report quotes its members' own figures below its heading for them.
  std::string_view own = r.body;
  if (r.consolidated) own = own.substr(0, std::min(own.size(), own.find(kMembersHeading)));
  c.mismatches = domain::CompareStatedFigures(own, c.counted_now);
  return c;
}

Result<ReportView> ResearchService::WriteReport(const security::Principal& p, const Actor& a, ReportInput in) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kResearchManage));
  if (p.user_id <= 0) return PermissionDenied("a report has a named author", "调研报告须由具名用户撰写");
  SIXIA_RETURN_IF_ERROR(TrimText(in.title, "title", "报告标题", 1, 200));
  SIXIA_RETURN_IF_ERROR(TrimText(in.body, "body", "报告正文", 1, 50000));
  SIXIA_RETURN_IF_ERROR(CheckPeriod(in.from_ms, in.to_ms));
  ReportView v;
  auto& r = v.report;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto division, ScopedDivision(tx, p, in.division_code));
    if (in.project_id) {
      auto project = VisibleProject(tx, p, *in.project_id);
      if (!project.ok()) return Unprocessable("the project does not exist", "调研课题不存在", "project_id");
    }
    r.county_code = domain::CountyOf(division.code, division.level);
    r.division_code = division.code;
    r.project_id = in.project_id;
    r.author_user_id = p.user_id;
    r.title = in.title;
    r.from_ms = in.from_ms;
    r.to_ms = in.to_ms;
    r.created_at_ms = clock_.NowMs();
    SIXIA_ASSIGN_OR_RETURN(r.figures, Count(tx, r.division_code, r.project_id, r.from_ms, r.to_ms));
    SIXIA_ASSIGN_OR_RETURN(r.body, domain::FillFigures(in.body, r.figures));
    SIXIA_ASSIGN_OR_RETURN(r.id, tx.research().AddReport(r));
    SIXIA_ASSIGN_OR_RETURN(v.check, Check(tx, r));
    return audit_.Append(tx, a,
                         {"research.report", Object("research_report", r.id), domain::AuditOutcome::kOk,
                          nlohmann::json{{"division", r.division_code}}.dump()});
  }));
  return v;
}

Result<ReportView> ResearchService::Consolidate(const security::Principal& p, const Actor& a, ConsolidateInput in) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kResearchManage));
  if (p.user_id <= 0) return PermissionDenied("a report has a named author", "调研报告须由具名用户撰写");
  SIXIA_RETURN_IF_ERROR(TrimText(in.title, "title", "报告标题", 1, 200));
  SIXIA_RETURN_IF_ERROR(TrimText(in.foreword, "foreword", "报告导语", 0, 10000));
  SIXIA_RETURN_IF_ERROR(CheckPeriod(in.from_ms, in.to_ms));
  if (in.member_ids.size() > 200)
    return InvalidArgument("at most 200 member reports", "成员报告最多200份", "member_ids");
  ReportView v;
  auto& r = v.report;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto division, ScopedDivision(tx, p, in.division_code));
    const auto range = domain::SubtreeRange(division.code, division.level);
    std::vector<store::ReportRow> members;
    if (in.member_ids.empty()) {
      SIXIA_ASSIGN_OR_RETURN(members, tx.research().ListReports(range, in.from_ms, in.to_ms, false, 200, 0));
      std::reverse(members.begin(), members.end());  // Oldest first.
    } else {
      for (int64_t id : in.member_ids) {
        SIXIA_ASSIGN_OR_RETURN(auto m, tx.research().GetReport(id));
        if (!m || m->division_code < range.first || m->division_code > range.last)
          return Unprocessable("member report " + std::to_string(id) + " not found below the division",
                               "成员报告不存在或不属于该区划", "member_ids");
        members.push_back(std::move(*m));
      }
    }
    if (members.empty())
      return Unprocessable("no member reports in the period", "该时段内没有可汇总的成员报告", "member_ids");
    r.county_code = domain::CountyOf(division.code, division.level);
    r.division_code = division.code;
    r.author_user_id = p.user_id;
    r.title = in.title;
    r.from_ms = in.from_ms;
    r.to_ms = in.to_ms;
    r.consolidated = true;
    r.created_at_ms = clock_.NowMs();
    SIXIA_ASSIGN_OR_RETURN(r.figures, Count(tx, r.division_code, std::nullopt, r.from_ms, r.to_ms));
    SIXIA_ASSIGN_OR_RETURN(std::string foreword, domain::FillFigures(in.foreword, r.figures));
    std::string body = foreword.empty() ? "" : foreword + "\n\n";
    body += "一、总体情况\n" + domain::FiguresSentence(r.figures) + "\n\n" + kMembersHeading + "\n";
    int n = 0;
    for (const auto& m : members) {
      SIXIA_ASSIGN_OR_RETURN(auto author, tx.directory().GetUser(m.author_user_id));
      body += "\n（" + std::to_string(++n) + "）" + m.title + "（" + (author ? author->display_name : "") + "）\n" +
              m.body + "\n";
      r.member_ids.push_back(m.id);
    }
    r.body = std::move(body);
    std::sort(r.member_ids.begin(), r.member_ids.end());
    SIXIA_ASSIGN_OR_RETURN(r.id, tx.research().AddReport(r));
    SIXIA_ASSIGN_OR_RETURN(v.check, Check(tx, r));
    return audit_.Append(tx, a,
                         {"research.report_consolidate", Object("research_report", r.id), domain::AuditOutcome::kOk,
                          nlohmann::json{{"division", r.division_code}, {"members", r.member_ids.size()}}.dump()});
  }));
  return v;
}

Result<ReportView> ResearchService::GetReport(const security::Principal& p, int64_t id) {
  SIXIA_RETURN_IF_ERROR(RequireReader(p));
  ReportView v;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto r, tx.research().GetReport(id));
    if (!r || !AccessPolicy::InScope(p, r->division_code))
      return NotFound("research report not found", "调研报告不存在或不在您的管辖范围内");
    v.report = std::move(*r);
    SIXIA_ASSIGN_OR_RETURN(v.check, Check(tx, v.report));
    return Status::Ok();
  }));
  return v;
}

Result<std::vector<store::ReportRow>> ResearchService::ListReports(const security::Principal& p,
                                                                   const std::string& division_code, int64_t from_ms,
                                                                   int64_t to_ms, std::optional<bool> consolidated,
                                                                   int limit, int64_t before_id) {
  SIXIA_RETURN_IF_ERROR(RequireReader(p));
  SIXIA_RETURN_IF_ERROR(CheckPeriod(from_ms, to_ms));
  std::vector<store::ReportRow> out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto division, ScopedDivision(tx, p, division_code));
    SIXIA_ASSIGN_OR_RETURN(out, tx.research().ListReports(domain::SubtreeRange(division.code, division.level),
                                                          from_ms, to_ms, consolidated, limit, before_id));
    return Status::Ok();
  }));
  return out;
}

}  // namespace sixia::app

#include "domain/ledger.h"

#include "common/utf8.h"

namespace sixia::domain {
namespace {

}  // namespace

const char* ItemKindName(ItemKind k) {
  switch (k) {
    case ItemKind::kProblem: return "problem";
    case ItemKind::kResponsibility: return "responsibility";
    case ItemKind::kTask: return "task";
    case ItemKind::kOutcome: return "outcome";
  }
  return "problem";
}

std::optional<ItemKind> ItemKindFromName(std::string_view name) {
  for (ItemKind k : {ItemKind::kProblem, ItemKind::kResponsibility, ItemKind::kTask, ItemKind::kOutcome})
    if (name == ItemKindName(k)) return k;
  return std::nullopt;
}

const char* ItemKindLabel(ItemKind k) {
  switch (k) {
    case ItemKind::kProblem: return "问题";
    case ItemKind::kResponsibility: return "责任";
    case ItemKind::kTask: return "任务";
    case ItemKind::kOutcome: return "效果";
  }
  return "问题";
}

const char* TaskKindName(TaskKind k) {
  switch (k) {
    case TaskKind::kFixNow: return "fix_now";
    case TaskKind::kInstitutional: return "institutional";
  }
  return "fix_now";
}

std::optional<TaskKind> TaskKindFromName(std::string_view name) {
  for (TaskKind k : {TaskKind::kFixNow, TaskKind::kInstitutional})
    if (name == TaskKindName(k)) return k;
  return std::nullopt;
}

const char* TaskKindLabel(TaskKind k) {
  switch (k) {
    case TaskKind::kFixNow: return "立行立改";
    case TaskKind::kInstitutional: return "长久立";
  }
  return "立行立改";
}

const char* ItemStatusName(ItemStatus s) {
  switch (s) {
    case ItemStatus::kOpen: return "open";
    case ItemStatus::kDone: return "done";
  }
  return "open";
}

std::optional<ItemStatus> ItemStatusFromName(std::string_view name) {
  for (ItemStatus s : {ItemStatus::kOpen, ItemStatus::kDone})
    if (name == ItemStatusName(s)) return s;
  return std::nullopt;
}

const char* ItemSourceName(ItemSource s) {
  switch (s) {
    case ItemSource::kResearch: return "research";
    case ItemSource::kFieldSession: return "field_session";
    case ItemSource::kPetitions: return "petitions";
    case ItemSource::kSupervision: return "supervision";
    case ItemSource::kOther: return "other";
  }
  return "other";
}

std::optional<ItemSource> ItemSourceFromName(std::string_view name) {
  for (ItemSource s : {ItemSource::kResearch, ItemSource::kFieldSession, ItemSource::kPetitions,
                       ItemSource::kSupervision, ItemSource::kOther})
    if (name == ItemSourceName(s)) return s;
  return std::nullopt;
}

Status CheckItem(const LedgerItem& item) {
  const int64_t title_len = Utf8Length(item.title);
  if (IsBlank(item.title) || title_len > 200)
    return InvalidArgument("title is required (at most 200 characters)", "标题为必填项（不超过200字）",
                           "title");
  if (Utf8Length(item.detail) > 10000)
    return InvalidArgument("detail is at most 10000 characters", "详细说明不超过10000字", "detail");
  if (Utf8Length(item.evidence) > 10000)
    return InvalidArgument("evidence is at most 10000 characters", "佐证材料说明不超过10000字", "evidence");
  if (item.division_code.size() != 12)
    return InvalidArgument("division_code must be a 12-digit division code", "行政区划代码应为12位",
                           "division_code");
  switch (item.kind) {
    case ItemKind::kProblem:
      if (item.task_kind || item.deadline_ms)
        return InvalidArgument("a problem has no deadline or task kind (its tasks have)",
                               "问题本身不设期限和任务类型（由任务设定）", "deadline");
      break;
    case ItemKind::kResponsibility:
      if (!item.unit_id)
        return InvalidArgument("a responsibility names the responsible unit", "责任须明确责任单位", "unit_id");
      if (!item.person_user_id)
        return InvalidArgument("a responsibility names the responsible person", "责任须明确责任人",
                               "person_user_id");
      break;
    case ItemKind::kTask:
      if (!item.deadline_ms)
        return InvalidArgument("a task needs a deadline", "任务须设定完成时限", "deadline");
      if (!item.person_user_id)
        return InvalidArgument("a task needs a responsible person", "任务须明确责任人", "person_user_id");
      if (!item.task_kind)
        return InvalidArgument("a task is fix_now (立行立改) or institutional (长久立)",
                               "任务须注明立行立改或长久立", "task_kind");
      break;
    case ItemKind::kOutcome:
      if (IsBlank(item.evidence))
        return InvalidArgument("an outcome states its evidence", "效果须附佐证材料说明", "evidence");
      if (!item.verified_by)
        return InvalidArgument("an outcome names who verified it", "效果须注明核实人", "verified_by");
      break;
  }
  if (item.source && item.kind != ItemKind::kProblem)
    return InvalidArgument("only problems have a source", "只有问题需注明来源", "source");
  if (!item.source_ids.empty() && !item.source)
    return InvalidArgument("source_ids need a source", "注明来源记录时须注明来源类型", "source_ids");
  if (item.source_ids.size() > 100)
    return InvalidArgument("at most 100 source records", "来源记录最多100条", "source_ids");
  if (item.source == ItemSource::kFieldSession && item.source_ids.size() != 1)
    return InvalidArgument("a problem from a field session names its one issue", "来自现场办公的问题须注明对应的一个问题",
                           "source_ids");
  if (item.source == ItemSource::kPetitions && item.source_ids.empty())
    return InvalidArgument("a problem from petitions names the petitions", "来自信访事项的问题须注明对应的信访事项",
                           "source_ids");
  return Status::Ok();
}

Status CheckParent(const LedgerItem& child, const LedgerItem* parent) {
  auto refuse = [&](const char* en, const char* zh) { return Unprocessable(en, zh, "parent_id"); };
  switch (child.kind) {
    case ItemKind::kProblem:
      if (parent && parent->kind != ItemKind::kProblem)
        return refuse("a problem sits at the top or under another problem",
                      "问题只能位于清单顶层或其他问题之下");
      return Status::Ok();
    case ItemKind::kResponsibility:
      if (!parent || parent->kind != ItemKind::kProblem)
        return refuse("a responsibility belongs to a problem", "责任须挂在问题之下");
      return Status::Ok();
    case ItemKind::kTask:
      if (!parent || (parent->kind != ItemKind::kProblem && parent->kind != ItemKind::kResponsibility))
        return refuse("a task belongs to a problem or a responsibility", "任务须挂在问题或责任之下");
      return Status::Ok();
    case ItemKind::kOutcome:
      if (!parent || parent->kind != ItemKind::kTask)
        return refuse("an outcome belongs to a task", "效果须挂在任务之下");
      if (parent->status != ItemStatus::kDone)
        return refuse("an outcome is recorded only for a task that is done", "任务完成后才能登记效果");
      return Status::Ok();
  }
  return Status::Ok();
}

Status CheckClose(const LedgerItem& item, std::string_view evidence) {
  if (item.kind == ItemKind::kOutcome)
    return Unprocessable("an outcome records a change; it is not opened or closed",
                         "效果记录已发生的变化，无需办结", "status");
  if (item.status == ItemStatus::kDone)
    return Conflict("the item is already done", "该条目已完成", "status");
  if (item.kind == ItemKind::kTask && IsBlank(evidence))
    return Unprocessable("a task is closed only with evidence of what was done",
                         "任务办结须附佐证材料说明", "evidence");
  return Status::Ok();
}

Status CheckReopen(const LedgerItem& item, std::string_view reason) {
  if (item.kind == ItemKind::kOutcome)
    return Unprocessable("an outcome records a change; it is not opened or closed",
                         "效果记录已发生的变化，无需办结", "status");
  if (item.status == ItemStatus::kOpen) return Conflict("the item is open", "该条目尚未完成", "status");
  if (IsBlank(reason)) return Unprocessable("reopening states a reason", "重新打开须说明理由", "reason");
  return Status::Ok();
}

bool IsWeakEvidence(std::string_view evidence) {
  const std::string_view e = TrimBlank(evidence);
  if (Utf8Length(e) < static_cast<size_t>(kWeakEvidenceChars)) return true;
  for (std::string_view stock : {"已完成整改", "已整改到位", "已按要求完成", "已全部完成", "已落实到位"})
    if (e == stock) return true;
  return false;
}

bool IsOverdue(const LedgerItem& item, int64_t now_ms) {
  return item.kind == ItemKind::kTask && item.status == ItemStatus::kOpen && item.deadline_ms &&
         *item.deadline_ms < now_ms;
}

}  // namespace sixia::domain

#include "domain/field_session.h"

#include "common/utf8.h"

namespace sixia::domain {
namespace {

Status TextWithin(std::string_view text, const char* field, const char* zh, size_t max) {
  if (IsBlank(text) || Utf8Length(text) > max)
    return InvalidArgument(std::string(field) + " is required (at most " + std::to_string(max) + " characters)",
                           std::string(zh) + "为必填项（不超过" + std::to_string(max) + "字）", field);
  return Status::Ok();
}

}  // namespace

const char* IssueEndName(IssueEnd e) {
  switch (e) {
    case IssueEnd::kPending: return "pending";
    case IssueEnd::kSolvedOnSpot: return "solved_on_spot";
    case IssueEnd::kAssigned: return "assigned";
    case IssueEnd::kPetition: return "petition";
    case IssueEnd::kDeclined: return "declined";
  }
  return "pending";
}

std::optional<IssueEnd> IssueEndFromName(std::string_view name) {
  for (IssueEnd e : {IssueEnd::kPending, IssueEnd::kSolvedOnSpot, IssueEnd::kAssigned,
                     IssueEnd::kPetition, IssueEnd::kDeclined})
    if (name == IssueEndName(e)) return e;
  return std::nullopt;
}

const char* IssueEndLabel(IssueEnd e) {
  switch (e) {
    case IssueEnd::kPending: return "待处理";
    case IssueEnd::kSolvedOnSpot: return "当场解决";
    case IssueEnd::kAssigned: return "交办";
    case IssueEnd::kPetition: return "转信访";
    case IssueEnd::kDeclined: return "不予办理";
  }
  return "待处理";
}

Status CheckNewIssue(const FieldIssue& issue) {
  SIXIA_RETURN_IF_ERROR(TextWithin(issue.content, "content", "问题内容", 2000));
  if (issue.people < 1 || issue.people > 100000)
    return InvalidArgument("people must be 1..100000", "反映人数应为1至100000", "people");
  if (issue.service_items.size() > 20)
    return InvalidArgument("at most 20 service items", "服务事项最多20项", "service_items");
  return Status::Ok();
}

Status Resolve(FieldIssue& issue, const IssueResolution& r, int64_t now_ms) {
  if (issue.end != IssueEnd::kPending)
    return Conflict(std::string("the issue has already ended (") + IssueEndName(issue.end) + ")",
                    std::string("该问题已处理完毕（") + IssueEndLabel(issue.end) + "）", "end");
  switch (r.end) {
    case IssueEnd::kPending:
      return InvalidArgument("an end is solved_on_spot, assigned, petition or declined",
                             "处理结果应为当场解决、交办、转信访或不予办理", "end");
    case IssueEnd::kSolvedOnSpot:
      SIXIA_RETURN_IF_ERROR(TextWithin(r.action, "action", "处理情况", 2000));
      if (!r.solved_by) return InvalidArgument("solved_by names who solved it", "须注明解决人", "solved_by");
      if (Utf8Length(r.evidence) > 2000)
        return InvalidArgument("evidence is at most 2000 characters", "佐证说明不超过2000字", "evidence");
      issue.action = r.action;
      issue.solved_by = r.solved_by;
      issue.evidence = r.evidence;
      break;
    case IssueEnd::kAssigned:
      if (!r.unit_id) return InvalidArgument("an assignment names the unit", "交办须明确责任单位", "unit_id");
      if (!r.person_user_id)
        return InvalidArgument("an assignment names the responsible person", "交办须明确责任人", "person_user_id");
      if (!r.deadline_ms) return InvalidArgument("an assignment needs a deadline", "交办须设定办理时限", "deadline");
      if (*r.deadline_ms <= now_ms)
        return InvalidArgument("the deadline must be in the future", "办理时限应晚于当前时间", "deadline");
      issue.unit_id = r.unit_id;
      issue.person_user_id = r.person_user_id;
      issue.deadline_ms = r.deadline_ms;
      break;
    case IssueEnd::kPetition:
      if (!r.petition_id)
        return InvalidArgument("petition_id names the petition registered for it", "须注明转入的信访事项", "petition_id");
      issue.petition_id = r.petition_id;
      break;
    case IssueEnd::kDeclined:
      SIXIA_RETURN_IF_ERROR(TextWithin(r.reason, "reason", "不予办理理由", 2000));
      issue.reason = r.reason;
      break;
  }
  issue.end = r.end;
  issue.ended_at_ms = now_ms;
  return Status::Ok();
}

Status CloseAssignment(FieldIssue& issue, std::string_view evidence, int64_t now_ms) {
  if (issue.end != IssueEnd::kAssigned)
    return Conflict("only an assigned issue is closed this way", "只有交办的问题需要办结", "end");
  if (issue.closed_at_ms) return Conflict("the assignment is already closed", "该交办事项已办结", "end");
  SIXIA_RETURN_IF_ERROR(TextWithin(evidence, "evidence", "办结佐证", 2000));
  issue.evidence = std::string(evidence);
  issue.closed_at_ms = now_ms;
  return Status::Ok();
}

bool IsOverdue(const FieldIssue& issue, int64_t now_ms) {
  return issue.end == IssueEnd::kAssigned && issue.deadline_ms &&
         (issue.closed_at_ms ? *issue.closed_at_ms > *issue.deadline_ms : *issue.deadline_ms < now_ms);
}

SessionSummary Summarize(const std::vector<FieldIssue>& issues, int64_t now_ms) {
  SessionSummary s;
  for (const auto& i : issues) {
    ++s.raised;
    s.people += i.people;
    switch (i.end) {
      case IssueEnd::kPending: ++s.pending; break;
      case IssueEnd::kSolvedOnSpot: ++s.solved_on_spot; break;
      case IssueEnd::kAssigned:
        ++s.assigned;
        if (i.closed_at_ms) {
          ++s.assigned_closed;
          if (i.deadline_ms && *i.closed_at_ms <= *i.deadline_ms) ++s.closed_on_time;
        }
        if (IsOverdue(i, now_ms)) ++s.overdue;
        break;
      case IssueEnd::kPetition: ++s.to_petition; break;
      case IssueEnd::kDeclined: ++s.declined; break;
    }
  }
  return s;
}

Status CanRemovePhoto(const FieldIssue& issue) {
  if (issue.end == IssueEnd::kPending) return Status::Ok();
  return Unprocessable("the issue's end is recorded; its photos are part of the record",
                       std::string("该问题已") + IssueEndLabel(issue.end) + "，照片已作为记录保存，不能删除",
                       "photo_id");
}

}  // namespace sixia::domain

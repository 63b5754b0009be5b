#include "app/field_session_service.h"
#include "app/checks.h"

#include "app/gathering.h"


#include <map>

#include <nlohmann/json.hpp>

#include "common/utf8.h"
#include "domain/attachment.h"
#include "domain/calendar.h"
#include "domain/person.h"

namespace sixia::app {
namespace {

using security::AccessPolicy;
using security::Permission;

constexpr char kAdRaisedBy[] = "field_issue.raised_by";

Status RequireReader(const security::Principal& p) {
  if (AccessPolicy::Has(p, Permission::kActivityRead) || AccessPolicy::Has(p, Permission::kFieldSessionManage))
    return Status::Ok();
  return PermissionDenied("missing permission activity.read", "缺少权限：activity.read");
}

std::string Audit(const nlohmann::json& j) { return j.dump(); }

}  // namespace

FieldSessionService::FieldSessionService(store::Store& store, const Clock& clock, const AuditLog& audit,
                                         const security::FieldCipher& cipher, const store::BlobStore& blobs,
                                         size_t max_photo_bytes)
    : store_(store),
      clock_(clock),
      audit_(audit),
      cipher_(cipher),
      blobs_(blobs),
      max_photo_bytes_(max_photo_bytes) {}

Result<store::FieldSessionRow> FieldSessionService::VisibleSession(store::Tx& tx, const security::Principal& p,
                                                                   int64_t id) const {
  SIXIA_ASSIGN_OR_RETURN(auto s, tx.field_sessions().GetSession(id));
  if (!s || !AccessPolicy::InScope(p, s->division_code))
    return NotFound("field session not found", "现场办公不存在或不在您的管辖范围内");
  return *s;
}

Result<store::FieldIssueRow> FieldSessionService::IssueOf(store::Tx& tx, int64_t session_id, int64_t issue_id) {
  SIXIA_ASSIGN_OR_RETURN(auto found, tx.field_sessions().GetIssue(issue_id));
  if (!found || found->issue.session_id != session_id)
    return NotFound("issue not found", "该现场办公中没有此问题", "issue_id");
  return std::move(*found);
}

FieldIssueView FieldSessionService::View(const store::FieldIssueRow& row) const {
  FieldIssueView v;
  v.issue = row.issue;
  if (!row.raised_by_sealed.empty()) {
    auto name = cipher_.Decrypt(row.raised_by_sealed, kAdRaisedBy);
    v.raised_by_masked = name.ok() ? domain::MaskName(*name) : "***";
  }
  return v;
}

Result<store::FieldSessionRow> FieldSessionService::Create(const security::Principal& p, const Actor& a,
                                                           const FieldSessionInput& in) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kFieldSessionManage));
  const int64_t now = clock_.NowMs();
  store::FieldSessionRow row;
  row.venue = in.venue;
  row.topic = in.topic;
  SIXIA_RETURN_IF_ERROR(TrimText(row.venue, "venue", "办公地点", 1, 100));
  SIXIA_RETURN_IF_ERROR(TrimText(row.topic, "topic", "办公主题", 1, 200));
  SIXIA_ASSIGN_OR_RETURN(Gathering g, CheckGathering(p, now, in.division_code, in.held_on_ms,
                                                     in.leader_user_ids, in.unit_ids));
  row.held_on_ms = g.held_on_ms;
  row.division_code = g.division_code;
  row.leader_user_ids = g.leader_user_ids;
  row.unit_ids = g.unit_ids;
  row.created_by = p.user_id > 0 ? std::optional<int64_t>(p.user_id) : std::nullopt;
  row.created_at_ms = now;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_RETURN_IF_ERROR(ResolveGathering(tx, g));
    row.county_code = g.county_code;
    SIXIA_ASSIGN_OR_RETURN(row.id, tx.field_sessions().AddSession(row));
    return audit_.Append(tx, a,
                         {"field_session.create", "field_session:" + std::to_string(row.id),
                          domain::AuditOutcome::kOk,
                          Audit({{"division", row.division_code},
                                 {"held_on", domain::DateOfMs(row.held_on_ms).ToString()}})});
  }));
  return row;
}

Result<FieldIssueView> FieldSessionService::AddIssue(const security::Principal& p, const Actor& a,
                                                     int64_t session_id, const FieldIssueInput& in) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kFieldSessionManage));
  store::FieldIssueRow row;
  auto& issue = row.issue;
  issue.session_id = session_id;
  issue.content = std::string(TrimBlank(in.content));
  issue.people = in.people;
  issue.service_items = in.service_items;
  issue.raised_at_ms = clock_.NowMs();
  if (!IsValidUtf8(issue.content))
    return InvalidArgument("content is not valid UTF-8", "问题内容不是有效的UTF-8文本", "content");
  SIXIA_RETURN_IF_ERROR(domain::CheckNewIssue(issue));
  std::string raised_by = in.raised_by;
  SIXIA_RETURN_IF_ERROR(TrimText(raised_by, "raised_by", "反映人", 0, 50));
  if (!raised_by.empty()) row.raised_by_sealed = cipher_.Encrypt(raised_by, kAdRaisedBy);
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_RETURN_IF_ERROR(VisibleSession(tx, p, session_id).status());
    if (!issue.service_items.empty()) {
      SIXIA_ASSIGN_OR_RETURN(auto catalogue, tx.field_sessions().ServiceItems());
      for (const auto& code : issue.service_items) {
        bool known = false;
        for (const auto& item : catalogue) known = known || item.code == code;
        if (!known) return Unprocessable("unknown service item " + code, "服务事项不存在：" + code, "service_items");
      }
    }
    SIXIA_ASSIGN_OR_RETURN(issue.id, tx.field_sessions().AddIssue(row));
    return audit_.Append(tx, a,
                         {"field_session.issue", "field_session:" + std::to_string(session_id),
                          domain::AuditOutcome::kOk, Audit({{"issue_id", issue.id}, {"people", issue.people}})});
  }));
  return View(row);
}

Result<FieldIssueView> FieldSessionService::Resolve(const security::Principal& p, const Actor& a,
                                                    int64_t session_id, int64_t issue_id,
                                                    domain::IssueResolution r) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kFieldSessionManage));
  const int64_t now = clock_.NowMs();
  r.action = std::string(TrimBlank(r.action));
  r.evidence = std::string(TrimBlank(r.evidence));
  r.reason = std::string(TrimBlank(r.reason));
  if (r.end == domain::IssueEnd::kSolvedOnSpot && !r.solved_by && p.user_id > 0) r.solved_by = p.user_id;
  store::FieldIssueRow row;
  std::vector<store::FieldIssuePhotoRow> photos;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_RETURN_IF_ERROR(VisibleSession(tx, p, session_id).status());
    SIXIA_ASSIGN_OR_RETURN(row, IssueOf(tx, session_id, issue_id));
    SIXIA_ASSIGN_OR_RETURN(photos, tx.field_sessions().PhotosOf(issue_id));
    const domain::IssueEnd before = row.issue.end;
    SIXIA_RETURN_IF_ERROR(domain::Resolve(row.issue, r, now));
    auto user_exists = [&](std::optional<int64_t> uid, const char* field, const char* zh) -> Status {
      if (!uid) return Status::Ok();
      SIXIA_ASSIGN_OR_RETURN(auto u, tx.directory().GetUser(*uid));
      if (!u || u->disabled) return Unprocessable(std::string(field) + " not found", zh, field);
      return Status::Ok();
    };
    SIXIA_RETURN_IF_ERROR(user_exists(row.issue.solved_by, "solved_by", "解决人不存在"));
    SIXIA_RETURN_IF_ERROR(user_exists(row.issue.person_user_id, "person_user_id", "责任人不存在"));
    if (row.issue.unit_id) {
      SIXIA_ASSIGN_OR_RETURN(auto unit, tx.directory().GetUnit(*row.issue.unit_id));
      if (!unit || unit->disabled) return Unprocessable("unit not found", "责任单位不存在", "unit_id");
    }
    if (row.issue.petition_id) {
      SIXIA_ASSIGN_OR_RETURN(auto petition, tx.petitions().GetPetition(*row.issue.petition_id, false));
      if (!petition || !AccessPolicy::InScope(p, petition->division_code))
        return Unprocessable("petition not found", "信访事项不存在", "petition_id");
    }
    SIXIA_RETURN_IF_ERROR(tx.field_sessions().UpdateIssue(row, before, false));
    return audit_.Append(tx, a,
                         {"field_session.resolve", "field_session:" + std::to_string(session_id),
                          domain::AuditOutcome::kOk,
                          Audit({{"issue_id", issue_id}, {"end", domain::IssueEndName(row.issue.end)}})});
  }));
  FieldIssueView v = View(row);
  v.photos = std::move(photos);
  return v;
}

Result<FieldIssueView> FieldSessionService::CloseAssignment(const security::Principal& p, const Actor& a,
                                                            int64_t session_id, int64_t issue_id,
                                                            const std::string& evidence) {
  const int64_t now = clock_.NowMs();
  const std::string stated(TrimBlank(evidence));
  store::FieldIssueRow row;
  std::vector<store::FieldIssuePhotoRow> photos;
  // The assigned unit's own staff may close it without any activity permission; anyone else
  // needs field_session.manage (checked once the issue is known).
  if (p.unit_id <= 0 && !AccessPolicy::Has(p, Permission::kFieldSessionManage))
    return PermissionDenied("missing permission field_session.manage", "缺少权限：field_session.manage");
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_RETURN_IF_ERROR(VisibleSession(tx, p, session_id).status());
    SIXIA_ASSIGN_OR_RETURN(row, IssueOf(tx, session_id, issue_id));
    SIXIA_ASSIGN_OR_RETURN(photos, tx.field_sessions().PhotosOf(issue_id));
    const bool of_unit = p.unit_id > 0 && row.issue.unit_id == p.unit_id;
    if (!of_unit && !AccessPolicy::Has(p, Permission::kFieldSessionManage))
      return PermissionDenied("only the assigned unit or field_session.manage closes it",
                              "只有责任单位或现场办公管理人员可以办结");
    SIXIA_RETURN_IF_ERROR(domain::CloseAssignment(row.issue, stated, now));
    SIXIA_RETURN_IF_ERROR(tx.field_sessions().UpdateIssue(row, domain::IssueEnd::kAssigned, false));
    return audit_.Append(tx, a,
                         {"field_session.close", "field_session:" + std::to_string(session_id),
                          domain::AuditOutcome::kOk, Audit({{"issue_id", issue_id}})});
  }));
  FieldIssueView v = View(row);
  v.photos = std::move(photos);
  return v;
}

Result<store::FieldIssuePhotoRow> FieldSessionService::AddPhoto(const security::Principal& p, const Actor& a,
                                                               int64_t session_id, int64_t issue_id,
                                                               const std::string& content_type,
                                                               const std::string& bytes) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kFieldSessionManage));
  SIXIA_ASSIGN_OR_RETURN(auto type, domain::CheckPhoto(content_type, bytes, max_photo_bytes_));
  const Status full = Unprocessable(
      "an issue has at most " + std::to_string(domain::kMaxIssuePhotos) + " photos",
      "每个问题最多上传" + std::to_string(domain::kMaxIssuePhotos) + "张照片", "photos");
  // Visible, and room left, checked before anything is stored.
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_RETURN_IF_ERROR(VisibleSession(tx, p, session_id).status());
    SIXIA_RETURN_IF_ERROR(IssueOf(tx, session_id, issue_id).status());
    SIXIA_ASSIGN_OR_RETURN(auto photos, tx.field_sessions().PhotosOf(issue_id));
    return static_cast<int>(photos.size()) >= domain::kMaxIssuePhotos ? full : Status::Ok();
  }));
  // The file first: a row never names bytes that are not on disk (an orphan from a failed
  // transaction is harmless and reused by the same content later).
  SIXIA_ASSIGN_OR_RETURN(std::string hash, blobs_.Put(bytes));
  store::FieldIssuePhotoRow row;
  row.issue_id = issue_id;
  row.content_hash = hash;
  row.content_type = domain::AttachmentMimeType(type);
  row.size = static_cast<int64_t>(bytes.size());
  row.created_at_ms = clock_.NowMs();
  if (p.user_id > 0) row.created_by = p.user_id;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_RETURN_IF_ERROR(VisibleSession(tx, p, session_id).status());
    SIXIA_RETURN_IF_ERROR(IssueOf(tx, session_id, issue_id).status());
    SIXIA_ASSIGN_OR_RETURN(auto id, tx.field_sessions().AddPhoto(row, domain::kMaxIssuePhotos));
    if (!id) return full;  // Filled meanwhile.
    row.id = *id;
    return audit_.Append(tx, a,
                         {"field_session.photo", "field_session:" + std::to_string(session_id),
                          domain::AuditOutcome::kOk,
                          Audit({{"issue_id", issue_id},
                                 {"photo_id", row.id},
                                 {"content_type", row.content_type},
                                 {"size", row.size},
                                 {"sm3", hash}})});
  }));
  return row;
}

Status FieldSessionService::RemovePhoto(const security::Principal& p, const Actor& a,
                                        int64_t session_id, int64_t issue_id, int64_t photo_id) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kFieldSessionManage));
  return store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_RETURN_IF_ERROR(VisibleSession(tx, p, session_id).status());
    SIXIA_ASSIGN_OR_RETURN(auto row, IssueOf(tx, session_id, issue_id));
    SIXIA_RETURN_IF_ERROR(domain::CanRemovePhoto(row.issue));
    SIXIA_ASSIGN_OR_RETURN(bool removed, tx.field_sessions().RemovePhoto(issue_id, photo_id));
    if (!removed) return NotFound("photo not found", "照片不存在", "photo_id");
    return audit_.Append(tx, a,
                         {"field_session.photo_remove", "field_session:" + std::to_string(session_id),
                          domain::AuditOutcome::kOk, Audit({{"issue_id", issue_id}, {"photo_id", photo_id}})});
  });
}

Result<FieldPhotoFile> FieldSessionService::GetPhoto(const security::Principal& p, int64_t session_id,
                                                     int64_t issue_id, int64_t photo_id) {
  SIXIA_RETURN_IF_ERROR(RequireReader(p));
  FieldPhotoFile out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_RETURN_IF_ERROR(VisibleSession(tx, p, session_id).status());
    SIXIA_RETURN_IF_ERROR(IssueOf(tx, session_id, issue_id).status());
    SIXIA_ASSIGN_OR_RETURN(auto photos, tx.field_sessions().PhotosOf(issue_id));
    for (auto& ph : photos)
      if (ph.id == photo_id) out.row = std::move(ph);
    if (out.row.id == 0) return NotFound("photo not found", "照片不存在", "photo_id");
    return Status::Ok();
  }));
  SIXIA_ASSIGN_OR_RETURN(out.bytes, blobs_.Get(out.row.content_hash));
  return out;
}

Result<FieldSessionView> FieldSessionService::Get(const security::Principal& p, int64_t id) {
  SIXIA_RETURN_IF_ERROR(RequireReader(p));
  FieldSessionView v;
  std::vector<domain::FieldIssue> issues;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(v.session, VisibleSession(tx, p, id));
    SIXIA_ASSIGN_OR_RETURN(auto rows, tx.field_sessions().IssuesOf(id));
    SIXIA_ASSIGN_OR_RETURN(auto photos, tx.field_sessions().PhotosOfSession(id));
    std::map<int64_t, std::vector<store::FieldIssuePhotoRow>> by_issue;
    for (auto& ph : photos) by_issue[ph.issue_id].push_back(std::move(ph));
    for (const auto& r : rows) {
      v.issues.push_back(View(r));
      v.issues.back().photos = std::move(by_issue[r.issue.id]);
      issues.push_back(r.issue);
    }
    return Status::Ok();
  }));
  v.summary = domain::Summarize(issues, clock_.NowMs());
  return v;
}

Result<std::vector<store::FieldSessionRow>> FieldSessionService::List(const security::Principal& p,
                                                                      const std::string& division_code,
                                                                      int64_t from_ms, int64_t to_ms,
                                                                      int limit, int64_t before_id) {
  SIXIA_RETURN_IF_ERROR(RequireReader(p));
  if (to_ms <= from_ms)
    return InvalidArgument("the period is empty (to must be after from)", "查询区间为空（截止日期须晚于起始日期）", "to");
  if (limit < 1 || limit > 200) return InvalidArgument("limit must be 1..200", "limit 取值范围为1到200", "limit");
  SIXIA_RETURN_IF_ERROR(domain::ValidateDivisionCode(division_code, "division"));
  if (!AccessPolicy::InScope(p, division_code))
    return NotFound("division outside your jurisdiction", "该区划不在您的管辖范围内", "division");
  std::vector<store::FieldSessionRow> out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto division, tx.divisions().Get(division_code));
    if (!division) return NotFound("division not found", "行政区划不存在", "division");
    SIXIA_ASSIGN_OR_RETURN(out, tx.field_sessions().ListSessions(
                                    domain::SubtreeRange(division->code, division->level), from_ms, to_ms,
                                    limit, before_id));
    return Status::Ok();
  }));
  return out;
}

Result<std::vector<store::ServiceItem>> FieldSessionService::ServiceItems(const security::Principal& p) {
  SIXIA_RETURN_IF_ERROR(RequireReader(p));
  std::vector<store::ServiceItem> out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(out, tx.field_sessions().ServiceItems());
    return Status::Ok();
  }));
  return out;
}

}  // namespace sixia::app

#pragma once
// Use cases of field office sessions (现场办公): a session at a place with leaders and
// departments, the issues raised there (who raised them is personal data: sealed, shown
// masked), each ending exactly once (domain/field_session.h), assignments closed with
// evidence, the issues' photos (stored by content in the BlobStore), and the session summary
// counted from its issues.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/audit_log.h"
#include "common/clock.h"
#include "domain/field_session.h"
#include "security/field_crypto.h"
#include "security/policy.h"
#include "store/blob_store.h"
#include "store/store.h"

namespace sixia::app {

struct FieldSessionInput {
  std::string division_code;
  std::string venue;
  int64_t held_on_ms = 0;
  std::string topic;
  std::vector<int64_t> leader_user_ids;  // 1..20.
  std::vector<int64_t> unit_ids;         // Departments present, at most 50.
};

struct FieldIssueInput {
  std::string content;
  std::string raised_by;                 // A person or a group; optional.
  int people = 1;
  std::vector<std::string> service_items;  // Catalogue codes.
};

struct FieldIssueView {
  domain::FieldIssue issue;
  std::string raised_by_masked;          // e.g. "张*"; "" when not recorded.
  std::vector<store::FieldIssuePhotoRow> photos;  // By id.
};

struct FieldPhotoFile {
  store::FieldIssuePhotoRow row;
  std::string bytes;
};

struct FieldSessionView {
  store::FieldSessionRow session;
  std::vector<FieldIssueView> issues;
  domain::SessionSummary summary;        // Counted from the issues, now.
};

class FieldSessionService {
 public:
  // Every reference must outlive the service. Photos up to `max_photo_bytes`.
  FieldSessionService(store::Store& store, const Clock& clock, const AuditLog& audit,
                      const security::FieldCipher& cipher, const store::BlobStore& blobs,
                      size_t max_photo_bytes);

  // Needs field_session.manage and the place in scope. kInvalidArgument / kUnprocessable
  // naming the field; nothing written then. Audited.
  Result<store::FieldSessionRow> Create(const security::Principal& p, const Actor& a,
                                        const FieldSessionInput& in);
  Result<FieldIssueView> AddIssue(const security::Principal& p, const Actor& a, int64_t session_id,
                                  const FieldIssueInput& in);
  // Records the issue's one end (domain::Resolve); the assigned unit and person, the solver
  // and the petition must exist (the petition in the caller's scope). kConflict when it has
  // ended already (also when a concurrent end won).
  Result<FieldIssueView> Resolve(const security::Principal& p, const Actor& a, int64_t session_id,
                                 int64_t issue_id, domain::IssueResolution r);
  // Closes an assignment with evidence: field_session.manage, or anyone of the assigned unit.
  Result<FieldIssueView> CloseAssignment(const security::Principal& p, const Actor& a, int64_t session_id,
                                         int64_t issue_id, const std::string& evidence);
  // A photo of an issue (现场照片): field_session.manage and the session in scope (kNotFound
  // otherwise, also for an issue of another session). The bytes must be the declared JPEG,
  // PNG or WebP (domain::CheckPhoto: kUnprocessable, kPayloadTooLarge, kInvalidArgument);
  // kUnprocessable once the issue has domain::kMaxIssuePhotos. Checked before anything is
  // stored; the file is stored by content before its row. Audited (no personal data).
  Result<store::FieldIssuePhotoRow> AddPhoto(const security::Principal& p, const Actor& a, int64_t session_id,
                                             int64_t issue_id, const std::string& content_type,
                                             const std::string& bytes);
  // activity.read or field_session.manage; kNotFound outside the caller's scope or for a
  // photo that is not of that issue of that session.
  // Takes a photo off a pending issue (field_session.manage; audited). kNotFound for a photo
  // that is not the issue's; kUnprocessable once the issue's end is recorded
  // (domain::CanRemovePhoto). The caller must see the session.
  Status RemovePhoto(const security::Principal& p, const Actor& a, int64_t session_id,
                     int64_t issue_id, int64_t photo_id);
  Result<FieldPhotoFile> GetPhoto(const security::Principal& p, int64_t session_id, int64_t issue_id,
                                  int64_t photo_id);
  // activity.read or field_session.manage; kNotFound outside the caller's scope.
  Result<FieldSessionView> Get(const security::Principal& p, int64_t id);
  Result<std::vector<store::FieldSessionRow>> List(const security::Principal& p, const std::string& division_code,
                                                   int64_t from_ms, int64_t to_ms, int limit, int64_t before_id);
  Result<std::vector<store::ServiceItem>> ServiceItems(const security::Principal& p);

 private:
  // The session if it exists and lies in the caller's scope; kNotFound otherwise.
  Result<store::FieldSessionRow> VisibleSession(store::Tx& tx, const security::Principal& p, int64_t id) const;
  FieldIssueView View(const store::FieldIssueRow& row) const;
  // The issue if it belongs to the session; kNotFound (field issue_id) otherwise.
  static Result<store::FieldIssueRow> IssueOf(store::Tx& tx, int64_t session_id, int64_t issue_id);

  store::Store& store_;
  const Clock& clock_;
  const AuditLog& audit_;
  const security::FieldCipher& cipher_;
  const store::BlobStore& blobs_;
  const size_t max_photo_bytes_;
};

}  // namespace sixia::app

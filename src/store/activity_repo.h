#pragma once
// Repositories of the other three "下基层" activities (reception days, field sessions,
// research and its ledger, outreach). Part of the Store interface (store.h); every backend
// implements them over the same named queries (sql_activity_repos.cc) or in memory.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/division.h"
#include "domain/field_session.h"
#include "domain/outreach.h"
#include "domain/reception.h"

namespace sixia::store {

struct OutreachRow {
  domain::OutreachEvent event;
  std::string county_code;       // Distribution key.
  std::optional<int64_t> created_by;
  int64_t created_at_ms = 0;
};

// Events whose place lies in `range` and that were held in [from_ms, to_ms).
struct OutreachFilter {
  domain::CodeRange range;
  int64_t from_ms = 0;
  int64_t to_ms = 0;
  std::string form;              // domain::OutreachFormName; empty for any.
  std::string topic;             // Exact; empty for any.
  int limit = 50;
  int64_t before_id = 0;         // Keyset pagination, newest first; 0 = from the newest.
};

// One group of the totals: events of one form and topic, counted or estimated.
struct OutreachGroup {
  domain::OutreachForm form = domain::OutreachForm::kOther;
  std::string topic;
  bool estimated = false;
  int64_t events = 0;
  int64_t reached = 0;
};

class OutreachRepo {
 public:
  virtual ~OutreachRepo() = default;
  virtual Result<int64_t> Add(const OutreachRow& row) = 0;
  virtual Result<std::optional<OutreachRow>> Get(int64_t id) = 0;
  // Newest first (by id).
  virtual Result<std::vector<OutreachRow>> List(const OutreachFilter& filter) = 0;
  // The events of the filter's range and period grouped by form, topic and estimated (the
  // form/topic/limit fields are ignored).
  virtual Result<std::vector<OutreachGroup>> Totals(const OutreachFilter& filter) = 0;
  // The distinct places (division codes) with at least one event in the range and period.
  virtual Result<std::vector<std::string>> CoveredPlaces(const OutreachFilter& filter) = 0;
};

// A leader's reception day (接访日), or a leader's visit down to receive people where they
// are (下访: `visit_down`). Both receive petitions; only reception days count for quotas.
struct ReceptionDayRow {
  int64_t id = 0;
  std::string county_code;
  std::string division_code;     // Where (the place received).
  std::string venue;
  int64_t held_on_ms = 0;        // Start of the day, China time.
  bool joint = false;            // 联合接访.
  bool visit_down = false;       // 下访 (not a reception day).
  std::string notes;
  std::vector<int64_t> leader_user_ids;  // At least one, ascending.
  std::vector<int64_t> unit_ids;         // Departments present, ascending.
  std::optional<int64_t> created_by;
  int64_t created_at_ms = 0;
};

struct ReceptionFilter {
  domain::CodeRange range;
  int64_t from_ms = 0;
  int64_t to_ms = 0;
  std::optional<int64_t> leader_user_id;
  int limit = 50;
  int64_t before_id = 0;          // Keyset pagination, newest first.
};

// What the petitions registered at one reception day count.
struct ReceptionDayCounts {
  int64_t petitions = 0;
  int64_t people = 0;             // Their group sizes.
  int64_t solved_on_spot = 0;     // Decided and rated solved on the day (counted facts).
};

class ReceptionRepo {
 public:
  virtual ~ReceptionRepo() = default;
  virtual Result<int64_t> AddDay(const ReceptionDayRow& row) = 0;
  virtual Result<std::optional<ReceptionDayRow>> GetDay(int64_t id) = 0;
  // Newest first (by id), with leaders and units.
  virtual Result<std::vector<ReceptionDayRow>> ListDays(const ReceptionFilter& filter) = 0;
  // The reception days (held_on; not visits down) on which `user_id` received, in
  // [from_ms, to_ms), with their ids.
  virtual Result<std::vector<std::pair<int64_t, int64_t>>> DaysOfLeader(int64_t user_id, int64_t from_ms,
                                                                        int64_t to_ms) = 0;
  virtual Status SetLeaderPost(int64_t user_id, std::optional<domain::LeaderPost> post, int64_t now_ms) = 0;
  // Every leader with a post: (user id, post), by user id.
  virtual Result<std::vector<std::pair<int64_t, domain::LeaderPost>>> LeaderPosts() = 0;
  // The petitions registered at each of `day_ids`, counted.
  virtual Result<ReceptionDayCounts> CountPetitions(const std::vector<int64_t>& day_ids) = 0;
};

// A field office session (现场办公).
struct FieldSessionRow {
  int64_t id = 0;
  std::string county_code;
  std::string division_code;
  std::string venue;
  int64_t held_on_ms = 0;
  std::string topic;
  std::vector<int64_t> leader_user_ids;  // Ascending.
  std::vector<int64_t> unit_ids;         // Ascending.
  std::optional<int64_t> created_by;
  int64_t created_at_ms = 0;
};

// An issue raised at a session; `issue.session_id` names the session.
struct FieldIssueRow {
  domain::FieldIssue issue;
  std::string raised_by_sealed;          // FieldCipher; "" when not recorded.
};

// A photo of an issue: its bytes live in the BlobStore under `content_hash`.
struct FieldIssuePhotoRow {
  int64_t id = 0;
  int64_t issue_id = 0;
  std::string content_hash;              // SM3, 64 hex.
  std::string content_type;              // "image/jpeg", "image/png" or "image/webp".
  int64_t size = 0;                      // Bytes.
  int64_t created_at_ms = 0;
  std::optional<int64_t> created_by;
};

struct ServiceItem {
  std::string code;
  std::string name;
};

class FieldSessionRepo {
 public:
  virtual ~FieldSessionRepo() = default;
  virtual Result<int64_t> AddSession(const FieldSessionRow& row) = 0;
  virtual Result<std::optional<FieldSessionRow>> GetSession(int64_t id) = 0;
  // Newest first (by id), in the range and period.
  virtual Result<std::vector<FieldSessionRow>> ListSessions(const domain::CodeRange& range, int64_t from_ms,
                                                            int64_t to_ms, int limit, int64_t before_id) = 0;
  virtual Result<int64_t> AddIssue(const FieldIssueRow& row) = 0;
  virtual Result<std::optional<FieldIssueRow>> GetIssue(int64_t id) = 0;
  // The issues of a session, by id.
  virtual Result<std::vector<FieldIssueRow>> IssuesOf(int64_t session_id) = 0;
  // Writes the end (and closing) of an issue only if it is still as `expected_end` and open
  // (`was_closed` false); kConflict otherwise (a concurrent change won).
  virtual Status UpdateIssue(const FieldIssueRow& row, domain::IssueEnd expected_end, bool was_closed) = 0;
  virtual Result<std::vector<ServiceItem>> ServiceItems() = 0;
  // Adds a photo to an existing issue unless it has `max_per_issue` photos already: then
  // nullopt and nothing written. The issue row is locked first, so concurrent adds never
  // exceed the limit. kConflict when the issue does not exist.
  virtual Result<std::optional<int64_t>> AddPhoto(const FieldIssuePhotoRow& row, int max_per_issue) = 0;
  // The photos of one issue, by id.
  virtual Result<std::vector<FieldIssuePhotoRow>> PhotosOf(int64_t issue_id) = 0;
  // Removes photo `photo_id` of issue `issue_id`; false when there is no such photo of it.
  // The bytes stay in the BlobStore (shared by content; harmless when unused).
  virtual Result<bool> RemovePhoto(int64_t issue_id, int64_t photo_id) = 0;
  // The photos of every issue of a session, by id (one query for the session page).
  virtual Result<std::vector<FieldIssuePhotoRow>> PhotosOfSession(int64_t session_id) = 0;
  // Closed assignments of sessions in the range that were closed after their deadline or
  // whose evidence is shorter than `max_chars` characters (trimmed), by issue id.
  virtual Result<std::vector<FieldIssueRow>> ClosedAssignmentsToReview(const domain::CodeRange& range, int max_chars,
                                                                       int limit) = 0;
};

}  // namespace sixia::store

#pragma once
// Field office sessions (现场办公): leaders and departments hold office in a village or a
// factory; every issue raised there ends in exactly one way, and the session's summary is
// counted from its issues. Pure: no I/O.
//
// An issue's end (IssueEnd) is set once, from pending:
//   solved_on_spot  what was done, by whom, the evidence                (当场解决)
//   assigned        unit, responsible person, deadline; later closed with evidence  (交办)
//   petition        turned into a petition (the petition workflow takes over)      (转信访)
//   declined        with the reason told to the person who raised it               (不予办理)

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace sixia::domain {

enum class IssueEnd { kPending, kSolvedOnSpot, kAssigned, kPetition, kDeclined };

const char* IssueEndName(IssueEnd e);  // "pending", "solved_on_spot", "assigned", "petition", "declined"
std::optional<IssueEnd> IssueEndFromName(std::string_view name);
const char* IssueEndLabel(IssueEnd e);  // "待处理", "当场解决", "交办", "转信访", "不予办理"

struct FieldIssue {
  int64_t id = 0;
  int64_t session_id = 0;
  std::string content;          // The problem as raised.
  int people = 1;               // People who raised it together.
  std::vector<std::string> service_items;  // Codes from the one-stop service catalogue.
  int64_t raised_at_ms = 0;
  IssueEnd end = IssueEnd::kPending;
  int64_t ended_at_ms = 0;      // When the end was recorded (0 while pending).
  // solved_on_spot
  std::string action;           // What was done.
  std::optional<int64_t> solved_by;  // User who solved it.
  std::string evidence;         // Also the closing evidence of an assignment.
  // assigned
  std::optional<int64_t> unit_id;
  std::optional<int64_t> person_user_id;
  std::optional<int64_t> deadline_ms;
  std::optional<int64_t> closed_at_ms;  // Assignment done (with evidence).
  // petition
  std::optional<int64_t> petition_id;
  // declined
  std::string reason;
};

// Photos one issue may carry (现场照片), at most.
inline constexpr int kMaxIssuePhotos = 9;

// A photo may be taken off an issue only while the issue is pending: once its end is
// recorded, the photos are part of that record. kUnprocessable (field "photo_id") otherwise.
Status CanRemovePhoto(const FieldIssue& issue);

// The end recorded for a pending issue.
struct IssueResolution {
  IssueEnd end = IssueEnd::kSolvedOnSpot;
  std::string action;
  std::optional<int64_t> solved_by;
  std::string evidence;
  std::optional<int64_t> unit_id;
  std::optional<int64_t> person_user_id;
  std::optional<int64_t> deadline_ms;
  std::optional<int64_t> petition_id;
  std::string reason;
};

// A new issue: content 1..2000 characters, 1..100000 people. kInvalidArgument naming the field.
Status CheckNewIssue(const FieldIssue& issue);

// Records `r` on `issue` at `now_ms`: kConflict when the issue has already ended (an issue
// ends exactly once); kInvalidArgument naming the missing field (action and solved_by for
// solved_on_spot; unit, person and a deadline after now for assigned; petition_id; reason).
Status Resolve(FieldIssue& issue, const IssueResolution& r, int64_t now_ms);

// Closes an assigned issue with evidence: kConflict unless assigned and open;
// kInvalidArgument without evidence.
Status CloseAssignment(FieldIssue& issue, std::string_view evidence, int64_t now_ms);

// An assignment still open after its deadline.
bool IsOverdue(const FieldIssue& issue, int64_t now_ms);

// The computed summary of a session (nothing here is typed in).
struct SessionSummary {
  int64_t raised = 0;          // Issues.
  int64_t people = 0;          // People who raised them.
  int64_t solved_on_spot = 0;
  int64_t assigned = 0;
  int64_t assigned_closed = 0;
  int64_t closed_on_time = 0;  // Assignments closed by their deadline.
  int64_t overdue = 0;         // Assignments open past their deadline now, or closed late.
  int64_t to_petition = 0;
  int64_t declined = 0;
  int64_t pending = 0;
  bool operator==(const SessionSummary&) const = default;
};
SessionSummary Summarize(const std::vector<FieldIssue>& issues, int64_t now_ms);

}  // namespace sixia::domain

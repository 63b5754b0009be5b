#pragma once
// The ledger (清单) of "四下基层": one item model for the problem list (问题清单), the
// responsibility list (责任清单), the task list (任务清单) and the outcome list (效果清单),
// linked parent → child, so any problem can be traced to its tasks and outcomes and back.
// Pure: no I/O.
//
// Shape of the tree (CheckParent):
//   problem         root, or under another problem (a township list gathering its villages')
//   responsibility  under a problem: the unit and the person answerable for it
//   task            under a problem or a responsibility: a measure with a deadline and a
//                   responsible person, either 立行立改 (fix now) or 长久立 (institutional)
//   outcome         under a task that is done: what changed, the evidence, who verified it
//
// Rules every write obeys (CheckItem, CheckTransition): a task has a deadline and a
// responsible person; a task is closed only with evidence; an outcome only for a done task
// and only with evidence; links never form a cycle; a done item is not reopened silently
// (reopen states a reason).
//
// Progress rolls up: a task counts 1 when done, 0 otherwise; a problem or responsibility is
// the mean of its children's progress (outcomes excluded); a problem with no tasks anywhere
// below it has progress 0.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace sixia::domain {

enum class ItemKind { kProblem, kResponsibility, kTask, kOutcome };
enum class TaskKind { kFixNow, kInstitutional };  // 立行立改 / 长久立
enum class ItemStatus { kOpen, kDone };
// Where a problem came from (问题来源).
enum class ItemSource { kResearch, kFieldSession, kPetitions, kSupervision, kOther };

const char* ItemKindName(ItemKind k);        // "problem" …
std::optional<ItemKind> ItemKindFromName(std::string_view name);
const char* ItemKindLabel(ItemKind k);       // "问题" …
const char* TaskKindName(TaskKind k);        // "fix_now", "institutional"
std::optional<TaskKind> TaskKindFromName(std::string_view name);
const char* TaskKindLabel(TaskKind k);       // "立行立改", "长久立"
const char* ItemStatusName(ItemStatus s);    // "open", "done"
std::optional<ItemStatus> ItemStatusFromName(std::string_view name);
const char* ItemSourceName(ItemSource s);    // "research", "field_session", "petitions", "supervision", "other"
std::optional<ItemSource> ItemSourceFromName(std::string_view name);

struct LedgerItem {
  int64_t id = 0;
  ItemKind kind = ItemKind::kProblem;
  std::optional<int64_t> parent_id;
  std::string title;                       // The problem, the measure, the change.
  std::string detail;
  // Problems: where they came from and the records they came from (a research visit, a field
  // session issue, a cluster of petitions); a supervision finding or "other" may name none.
  std::optional<ItemSource> source;
  std::vector<int64_t> source_ids;
  std::optional<int64_t> project_id;       // The research project the item belongs to.
  std::string division_code;               // The place it concerns (scope of access).
  std::optional<int64_t> unit_id;          // Responsible unit.
  std::optional<int64_t> person_user_id;   // Responsible person.
  std::optional<int64_t> deadline_ms;      // Tasks: required.
  std::optional<TaskKind> task_kind;       // Tasks: required.
  ItemStatus status = ItemStatus::kOpen;
  std::optional<int64_t> done_at_ms;
  std::string evidence;                    // Tasks when done; outcomes always.
  std::optional<int64_t> verified_by;      // Outcomes: who verified the change.
};

// The fields a kind requires and allows, for a new or edited item (not the links; see
// CheckParent). kInvalidArgument naming the field.
Status CheckItem(const LedgerItem& item);

// Whether `child` may hang under `parent` (nullptr: a root). kUnprocessable otherwise;
// an outcome's parent task must be done.
Status CheckParent(const LedgerItem& child, const LedgerItem* parent);

// Whether giving `item_id` the parent `new_parent_id` closes a cycle, given every item's
// current parent (`parent_of(id)`: nullopt for a root or an unknown id). Follows at most
// `max_depth` links. kUnprocessable on a cycle or a chain deeper than max_depth.
template <typename ParentOf>
Status CheckNoCycle(int64_t item_id, int64_t new_parent_id, ParentOf parent_of, int max_depth = 64);

// Closing (done) or reopening an item. Closing a task needs evidence; reopening needs a
// reason; an outcome is never "open" (it records a change that happened). kUnprocessable /
// kConflict (already in that status) otherwise.
Status CheckClose(const LedgerItem& item, std::string_view evidence);
Status CheckReopen(const LedgerItem& item, std::string_view reason);

// Evidence that says nothing: blank, shorter than 6 characters, or a stock phrase alone
// ("已完成", "已整改", "已落实" …). Closing needs evidence; the supervisor flags weak evidence.
bool IsWeakEvidence(std::string_view evidence);
inline constexpr int kWeakEvidenceChars = 6;

// A task that is open after its deadline.
bool IsOverdue(const LedgerItem& item, int64_t now_ms);

// Progress in [0, 1] of each item of a tree given as (item, children) lookups.
struct Progress {
  int64_t tasks = 0;       // Tasks at or below the item.
  int64_t done = 0;        // Of which done.
  int64_t overdue = 0;     // Of which open past their deadline.
  int64_t outcomes = 0;    // Outcomes at or below the item.
  double ratio = 0;        // Mean of the children's ratios (a task: 0 or 1).
};
// `children(id)` returns the items directly under `id`. Recursion is bounded by the
// no-cycle rule (and `max_depth`).
template <typename Children>
Progress RollUp(const LedgerItem& item, Children children, int64_t now_ms, int max_depth = 64);

// ---- templates ----

template <typename ParentOf>
Status CheckNoCycle(int64_t item_id, int64_t new_parent_id, ParentOf parent_of, int max_depth) {
  std::optional<int64_t> cur = new_parent_id;
  for (int depth = 0; cur; ++depth) {
    if (*cur == item_id)
      return Unprocessable("the link would make the item its own ancestor (a cycle)",
                           "该关联会形成循环（条目成为自己的上级）", "parent_id");
    if (depth >= max_depth)
      return Unprocessable("the chain of parents is too deep", "上级层级过深", "parent_id");
    cur = parent_of(*cur);
  }
  return Status::Ok();
}

template <typename Children>
Progress RollUp(const LedgerItem& item, Children children, int64_t now_ms, int max_depth) {
  Progress p;
  if (item.kind == ItemKind::kOutcome) {
    p.outcomes = 1;
    return p;
  }
  if (item.kind == ItemKind::kTask) {
    p.tasks = 1;
    p.done = item.status == ItemStatus::kDone ? 1 : 0;
    p.overdue = IsOverdue(item, now_ms) ? 1 : 0;
    p.ratio = static_cast<double>(p.done);
    for (const LedgerItem& c : children(item.id))
      if (c.kind == ItemKind::kOutcome) ++p.outcomes;
    return p;
  }
  if (max_depth <= 0) return p;
  double sum = 0;
  int counted = 0;
  for (const LedgerItem& c : children(item.id)) {
    const Progress cp = RollUp(c, children, now_ms, max_depth - 1);
    p.tasks += cp.tasks;
    p.done += cp.done;
    p.overdue += cp.overdue;
    p.outcomes += cp.outcomes;
    if (c.kind == ItemKind::kOutcome || cp.tasks == 0) continue;  // Nothing to do below it.
    sum += cp.ratio;
    ++counted;
  }
  p.ratio = counted == 0 ? 0.0 : sum / counted;
  return p;
}

}  // namespace sixia::domain

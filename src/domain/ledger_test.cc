#include "domain/ledger.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace sixia::domain {
namespace {

constexpr int64_t kDay = 86'400'000;
constexpr int64_t kNow = 1'780'000'000'000;

LedgerItem Item(ItemKind kind, int64_t id, std::optional<int64_t> parent = std::nullopt) {
  LedgerItem it;
  it.id = id;
  it.kind = kind;
  it.parent_id = parent;
  it.title = "村道破损影响出行";
  it.division_code = "350921101201";
  switch (kind) {
    case ItemKind::kProblem:
      it.source = ItemSource::kResearch;
      break;
    case ItemKind::kResponsibility:
      it.unit_id = 7;
      it.person_user_id = 9;
      break;
    case ItemKind::kTask:
      it.person_user_id = 9;
      it.deadline_ms = kNow + 10 * kDay;
      it.task_kind = TaskKind::kFixNow;
      break;
    case ItemKind::kOutcome:
      it.evidence = "道路已硬化，现场照片3张";
      it.verified_by = 11;
      break;
  }
  return it;
}

std::string CodeOf(const Status& st) { return ErrorCodeName(st.code()); }

TEST(LedgerVocabulary, NamesRoundTrip) {
  for (ItemKind k : {ItemKind::kProblem, ItemKind::kResponsibility, ItemKind::kTask, ItemKind::kOutcome})
    EXPECT_EQ(ItemKindFromName(ItemKindName(k)), k);
  for (TaskKind k : {TaskKind::kFixNow, TaskKind::kInstitutional})
    EXPECT_EQ(TaskKindFromName(TaskKindName(k)), k);
  for (ItemSource s : {ItemSource::kResearch, ItemSource::kFieldSession, ItemSource::kPetitions,
                       ItemSource::kSupervision, ItemSource::kOther})
    EXPECT_EQ(ItemSourceFromName(ItemSourceName(s)), s);
  EXPECT_EQ(ItemKindFromName("Problem"), std::nullopt);
  EXPECT_STREQ(TaskKindLabel(TaskKind::kInstitutional), "长久立");
}

TEST(LedgerItems, EachKindAcceptsItsCompleteForm) {
  for (ItemKind k : {ItemKind::kProblem, ItemKind::kResponsibility, ItemKind::kTask, ItemKind::kOutcome})
    EXPECT_TRUE(CheckItem(Item(k, 1)).ok()) << ItemKindName(k);
}

TEST(LedgerItems, TaskWithoutDeadlineOrResponsiblePersonIsRefused) {
  LedgerItem no_deadline = Item(ItemKind::kTask, 1);
  no_deadline.deadline_ms.reset();
  LedgerItem no_person = Item(ItemKind::kTask, 1);
  no_person.person_user_id.reset();
  LedgerItem no_kind = Item(ItemKind::kTask, 1);
  no_kind.task_kind.reset();
  EXPECT_EQ(CheckItem(no_deadline).field(), "deadline");
  EXPECT_EQ(CheckItem(no_person).field(), "person_user_id");
  EXPECT_EQ(CheckItem(no_kind).field(), "task_kind");
  EXPECT_EQ(CodeOf(CheckItem(no_person)), "invalid_argument");
}

TEST(LedgerItems, ResponsibilityNamesUnitAndPersonAndOutcomeItsEvidence) {
  LedgerItem r = Item(ItemKind::kResponsibility, 1);
  r.unit_id.reset();
  EXPECT_EQ(CheckItem(r).field(), "unit_id");
  LedgerItem o = Item(ItemKind::kOutcome, 1);
  o.evidence = "   ";
  EXPECT_EQ(CheckItem(o).field(), "evidence");
  LedgerItem unverified = Item(ItemKind::kOutcome, 1);
  unverified.verified_by.reset();
  EXPECT_EQ(CheckItem(unverified).field(), "verified_by");
}

TEST(LedgerItems, BlankOrOverlongTitleAndMisplacedFieldsAreRefused) {
  LedgerItem blank = Item(ItemKind::kProblem, 1);
  blank.title = " \n";
  EXPECT_EQ(CheckItem(blank).field(), "title");
  LedgerItem long_title = Item(ItemKind::kProblem, 1);
  long_title.title = std::string(201 * 3, 'x');
  EXPECT_EQ(CheckItem(long_title).field(), "title");
  LedgerItem problem_deadline = Item(ItemKind::kProblem, 1);
  problem_deadline.deadline_ms = kNow;
  EXPECT_EQ(CheckItem(problem_deadline).field(), "deadline");
  LedgerItem task_source = Item(ItemKind::kTask, 1);
  task_source.source = ItemSource::kOther;
  EXPECT_EQ(CheckItem(task_source).field(), "source");
}

TEST(LedgerLinks, EachKindHangsOnlyWhereTheListsSay) {
  const LedgerItem problem = Item(ItemKind::kProblem, 1);
  const LedgerItem resp = Item(ItemKind::kResponsibility, 2, 1);
  LedgerItem task = Item(ItemKind::kTask, 3, 2);
  const LedgerItem outcome = Item(ItemKind::kOutcome, 4, 3);
  EXPECT_TRUE(CheckParent(problem, nullptr).ok());
  EXPECT_TRUE(CheckParent(problem, &problem).ok());
  EXPECT_FALSE(CheckParent(problem, &task).ok());
  EXPECT_TRUE(CheckParent(resp, &problem).ok());
  EXPECT_FALSE(CheckParent(resp, nullptr).ok());
  EXPECT_FALSE(CheckParent(resp, &task).ok());
  EXPECT_TRUE(CheckParent(task, &problem).ok());
  EXPECT_TRUE(CheckParent(task, &resp).ok());
  EXPECT_FALSE(CheckParent(task, &outcome).ok());
  EXPECT_FALSE(CheckParent(task, nullptr).ok());
  EXPECT_FALSE(CheckParent(outcome, &problem).ok());
}

TEST(LedgerLinks, OutcomeForATaskThatIsNotDoneIsRefused) {
  LedgerItem task = Item(ItemKind::kTask, 3);
  const LedgerItem outcome = Item(ItemKind::kOutcome, 4, 3);
  const Status open = CheckParent(outcome, &task);
  EXPECT_EQ(CodeOf(open), "unprocessable");
  EXPECT_EQ(open.field(), "parent_id");
  task.status = ItemStatus::kDone;
  EXPECT_TRUE(CheckParent(outcome, &task).ok());
}

TEST(LedgerLinks, CycleInParentLinksIsRefused) {
  // 1 ← 2 ← 3 (3's parent is 2, 2's parent is 1).
  std::map<int64_t, int64_t> parent = {{2, 1}, {3, 2}};
  auto parent_of = [&](int64_t id) -> std::optional<int64_t> {
    auto it = parent.find(id);
    return it == parent.end() ? std::nullopt : std::optional<int64_t>(it->second);
  };
  EXPECT_EQ(CodeOf(CheckNoCycle(1, 3, parent_of)), "unprocessable") << "1 under 3 closes 1-2-3";
  EXPECT_EQ(CodeOf(CheckNoCycle(2, 2, parent_of)), "unprocessable") << "its own parent";
  EXPECT_TRUE(CheckNoCycle(3, 1, parent_of).ok());
  EXPECT_TRUE(CheckNoCycle(4, 3, parent_of).ok());
  // A corrupt chain that loops without reaching the item stops at the depth bound.
  parent[1] = 3;
  EXPECT_EQ(CodeOf(CheckNoCycle(9, 1, parent_of, 10)), "unprocessable");
}

TEST(LedgerStatus, TaskClosesOnlyWithEvidenceAndReopensWithAReason) {
  LedgerItem task = Item(ItemKind::kTask, 1);
  EXPECT_EQ(CheckClose(task, "  ").field(), "evidence");
  EXPECT_TRUE(CheckClose(task, "已修复，附验收单").ok());
  EXPECT_EQ(CodeOf(CheckReopen(task, "复查发现未修好")), "conflict") << "not done yet";
  task.status = ItemStatus::kDone;
  EXPECT_EQ(CodeOf(CheckClose(task, "再次办结")), "conflict");
  EXPECT_EQ(CheckReopen(task, "").field(), "reason");
  EXPECT_TRUE(CheckReopen(task, "复查发现未修好").ok());
  const LedgerItem problem = Item(ItemKind::kProblem, 2);
  EXPECT_TRUE(CheckClose(problem, "").ok()) << "problems close on their tasks' evidence";
  EXPECT_FALSE(CheckClose(Item(ItemKind::kOutcome, 3), "x").ok());
}

TEST(LedgerStatus, OpenTaskPastItsDeadlineIsOverdue) {
  LedgerItem task = Item(ItemKind::kTask, 1);
  EXPECT_FALSE(IsOverdue(task, *task.deadline_ms));
  EXPECT_TRUE(IsOverdue(task, *task.deadline_ms + 1));
  task.status = ItemStatus::kDone;
  EXPECT_FALSE(IsOverdue(task, *task.deadline_ms + 1));
  EXPECT_FALSE(IsOverdue(Item(ItemKind::kProblem, 2), kNow + 100 * kDay));
}

TEST(LedgerProgress, ParentsRollUpFromTheirChildren) {
  // problem 1
  //   responsibility 2: task 4 (done, with outcome 7), task 5 (open, overdue)
  //   task 3 (done)
  //   problem 6 (no tasks: does not count)
  std::vector<LedgerItem> items = {Item(ItemKind::kProblem, 1),
                                   Item(ItemKind::kResponsibility, 2, 1),
                                   Item(ItemKind::kTask, 3, 1),
                                   Item(ItemKind::kTask, 4, 2),
                                   Item(ItemKind::kTask, 5, 2),
                                   Item(ItemKind::kProblem, 6, 1),
                                   Item(ItemKind::kOutcome, 7, 4)};
  items[2].status = ItemStatus::kDone;
  items[3].status = ItemStatus::kDone;
  items[4].deadline_ms = kNow - kDay;
  auto children = [&](int64_t id) {
    std::vector<LedgerItem> out;
    for (const auto& it : items)
      if (it.parent_id == id) out.push_back(it);
    return out;
  };
  const Progress p = RollUp(items[0], children, kNow);
  EXPECT_EQ(p.tasks, 3);
  EXPECT_EQ(p.done, 2);
  EXPECT_EQ(p.overdue, 1);
  EXPECT_EQ(p.outcomes, 1);
  EXPECT_DOUBLE_EQ(p.ratio, (0.5 + 1.0) / 2) << "responsibility 2 is half done, task 3 done";
  EXPECT_DOUBLE_EQ(RollUp(items[1], children, kNow).ratio, 0.5);
  EXPECT_EQ(RollUp(items[5], children, kNow).tasks, 0);
  EXPECT_DOUBLE_EQ(RollUp(items[5], children, kNow).ratio, 0.0);
}

TEST(LedgerItems, SourcesNameTheirRecords) {
  LedgerItem p = Item(ItemKind::kProblem, 1);
  p.source = ItemSource::kFieldSession;
  EXPECT_EQ(CheckItem(p).field(), "source_ids");  // One field-session issue, named.
  p.source_ids = {4};
  EXPECT_TRUE(CheckItem(p).ok());
  p.source_ids = {4, 5};
  EXPECT_EQ(CheckItem(p).field(), "source_ids");
  p.source = ItemSource::kPetitions;  // A cluster of petitions.
  EXPECT_TRUE(CheckItem(p).ok());
  p.source_ids = {};
  EXPECT_EQ(CheckItem(p).field(), "source_ids");
  p.source = std::nullopt;
  p.source_ids = {3};
  EXPECT_EQ(CheckItem(p).field(), "source_ids");
  p.source = ItemSource::kSupervision;
  p.source_ids = {};
  EXPECT_TRUE(CheckItem(p).ok());
}

TEST(LedgerStatus, WeakEvidenceIsRecognised) {
  EXPECT_TRUE(IsWeakEvidence(""));
  EXPECT_TRUE(IsWeakEvidence(" 已完成 "));
  EXPECT_TRUE(IsWeakEvidence("已整改到位"));
  EXPECT_TRUE(IsWeakEvidence("ok"));
  EXPECT_FALSE(IsWeakEvidence("村道已硬化300米，验收单编号2026-17"));
}

}  // namespace
}  // namespace sixia::domain

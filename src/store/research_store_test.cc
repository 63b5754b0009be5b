// The research and ledger repository on SQLite, PostgreSQL and the in-memory fake.

#include "store/testing/store_fixture.h"

namespace sixia::store {
namespace {

using namespace fixture;  // NOLINT: the suite's vocabulary.
using domain::ItemKind;
using domain::ItemStatus;

constexpr int64_t kDay = 86'400'000;

class ResearchStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped()) return;
    SeedDivisions();
    unit_ = CreateUnit(MakeUnit("霞浦县民政局", kXiapu));
    user_ = CreateUser(MakeUser("leader", unit_));
  }

  int64_t AddProject() {
    ResearchProjectRow p;
    p.county_code = kXiapu;
    p.project.division_code = kXiapu;
    p.project.topic = "农村养老服务";
    p.project.lead_user_id = user_;
    p.project.method = domain::ResearchMethod::kStayIn;
    p.project.places = {kSongcheng, kXiapu};
    p.project.starts_on_ms = kT0;
    p.project.ends_on_ms = kT0 + 30 * kDay;
    p.created_at_ms = kT0;
    return WriteValue([&](Tx& tx) { return tx.research().AddProject(p); });
  }

  int64_t AddItem(ItemKind kind, std::optional<int64_t> parent, std::optional<int64_t> project,
                  const std::string& place, std::optional<int64_t> deadline = std::nullopt,
                  int64_t created = kT0) {
    LedgerRow r;
    r.county_code = kXiapu;
    auto& i = r.item;
    i.kind = kind;
    i.parent_id = parent;
    i.project_id = project;
    i.title = domain::ItemKindLabel(kind);
    i.division_code = place;
    if (kind == ItemKind::kProblem) {
      i.source = domain::ItemSource::kPetitions;
      i.source_ids = {3, 5};
    }
    if (kind == ItemKind::kResponsibility) {
      i.unit_id = unit_;
      i.person_user_id = user_;
    }
    if (kind == ItemKind::kTask) {
      i.person_user_id = user_;
      i.unit_id = unit_;
      i.deadline_ms = deadline;
      i.task_kind = domain::TaskKind::kFixNow;
    }
    if (kind == ItemKind::kOutcome) {
      i.status = ItemStatus::kDone;
      i.evidence = "验收单";
      i.verified_by = user_;
    }
    r.created_at_ms = r.updated_at_ms = created;
    return WriteValue([&](Tx& tx) { return tx.research().AddItem(r); });
  }

  int64_t unit_ = 0;
  int64_t user_ = 0;
};

TEST_P(ResearchStoreTest, ProjectsVisitsAndFiguresRoundTrip) {
  // Given a project with two visits, one outside the counted period
  const int64_t project = AddProject();
  for (int64_t day : {1, 40}) {
    ResearchVisitRow v;
    v.visit.project_id = project;
    v.visit.visited_on_ms = kT0 + day * kDay;
    v.visit.division_code = kSongcheng;
    v.visit.people_met = 12;
    v.visit.met_whom = "村干部";
    v.visit.findings = "护理员不足";
    v.created_at_ms = kT0;
    WriteValue([&](Tx& tx) { return tx.research().AddVisit(v); });
  }
  // And a problem → task (overdue) and a done task → outcome
  const int64_t problem = AddItem(ItemKind::kProblem, std::nullopt, project, kSongcheng);
  AddItem(ItemKind::kTask, problem, project, kSongcheng, kT0 + 2 * kDay);
  const int64_t done = AddItem(ItemKind::kTask, problem, project, kSongcheng, kT0 + 60 * kDay);
  auto row = *ReadValue([&](Tx& tx) { return tx.research().GetItem(done); });
  row.item.status = ItemStatus::kDone;
  row.item.evidence = "已发放补贴，名单公示";
  row.item.done_at_ms = kT0 + kDay;
  ASSERT_OK(WriteStatus([&](Tx& tx) { return tx.research().UpdateItem(row, ItemStatus::kOpen); }));
  AddItem(ItemKind::kOutcome, done, project, kSongcheng);

  // Then the project reads back with its places, the visits by day, and the figures count
  auto got = ReadValue([&](Tx& tx) { return tx.research().GetProject(project); });
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->project.places, (std::vector<std::string>{kXiapu, kSongcheng}));
  EXPECT_EQ(got->project.method, domain::ResearchMethod::kStayIn);
  EXPECT_EQ(ReadValue([&](Tx& tx) { return tx.research().VisitsOf(project); }).size(), 2u);
  FigureFilter f{domain::SubtreeRange(kXiapu, domain::DivisionLevel::kCounty), kT0, kT0 + 31 * kDay, std::nullopt,
                 kT0 + 10 * kDay};
  const auto county = ReadValue([&](Tx& tx) { return tx.research().CountFigures(f); });
  EXPECT_EQ(county, (domain::ReportFigures{1, 1, 12, 1, 2, 1, 1, 1}));
  f.project_id = project;
  f.range = domain::SubtreeRange(kGutian, domain::DivisionLevel::kCounty);  // Ignored for a project.
  EXPECT_EQ(ReadValue([&](Tx& tx) { return tx.research().CountFigures(f); }),
            (domain::ReportFigures{1, 1, 12, 1, 2, 1, 1, 1}));
  f.project_id.reset();
  EXPECT_EQ(ReadValue([&](Tx& tx) { return tx.research().CountFigures(f); }), domain::ReportFigures{});
  auto listed = ReadValue([&](Tx& tx) {
    return tx.research().ListProjects(domain::SubtreeRange(kXiapu, domain::DivisionLevel::kCounty), kT0 + 29 * kDay,
                                      kT0 + 40 * kDay, 10, 0);
  });
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].project.places.size(), 2u);
}

TEST_P(ResearchStoreTest, LedgerTreesTraceBothWaysAndUpdatesAreGuardedByStatus) {
  const int64_t problem = AddItem(ItemKind::kProblem, std::nullopt, std::nullopt, kSongcheng);
  const int64_t resp = AddItem(ItemKind::kResponsibility, problem, std::nullopt, kSongcheng);
  const int64_t task = AddItem(ItemKind::kTask, resp, std::nullopt, kSongcheng, kT0 + kDay);
  const int64_t other = AddItem(ItemKind::kProblem, std::nullopt, std::nullopt, kSongcheng);

  auto subtree = ReadValue([&](Tx& tx) { return tx.research().Subtree(problem); });
  ASSERT_EQ(subtree.size(), 3u);
  EXPECT_EQ(subtree[2].item.id, task);
  EXPECT_EQ(subtree[0].item.source_ids, (std::vector<int64_t>{3, 5}));
  EXPECT_EQ(subtree[0].item.source, domain::ItemSource::kPetitions);
  EXPECT_EQ(subtree[2].item.task_kind, domain::TaskKind::kFixNow);
  EXPECT_EQ(ReadValue([&](Tx& tx) { return tx.research().Children(resp); }).size(), 1u);

  // A problem with a responsibility is answered for; the other is not
  auto orphans = ReadValue([&](Tx& tx) {
    return tx.research().ProblemsWithoutResponsible(domain::SubtreeRange(kXiapu, domain::DivisionLevel::kCounty), 10);
  });
  ASSERT_EQ(orphans.size(), 1u);
  EXPECT_EQ(orphans[0].item.id, other);

  // Closing under a stale status loses
  auto row = *ReadValue([&](Tx& tx) { return tx.research().GetItem(task); });
  row.item.status = ItemStatus::kDone;
  row.item.evidence = "ok";
  ASSERT_OK(WriteStatus([&](Tx& tx) { return tx.research().UpdateItem(row, ItemStatus::kOpen); }));
  EXPECT_EQ(CodeOf(WriteStatus([&](Tx& tx) { return tx.research().UpdateItem(row, ItemStatus::kOpen); })),
            "conflict");
  auto weak = ReadValue([&](Tx& tx) {
    return tx.research().DoneTasksWithShortEvidence(domain::SubtreeRange(kXiapu, domain::DivisionLevel::kCounty),
                                                   domain::kWeakEvidenceChars, 10);
  });
  ASSERT_EQ(weak.size(), 1u);
  EXPECT_EQ(weak[0].item.id, task);
}

TEST_P(ResearchStoreTest, OpenTasksPageByDeadlineWithinTheRange) {
  const int64_t problem = AddItem(ItemKind::kProblem, std::nullopt, std::nullopt, kSongcheng);
  std::vector<int64_t> ids;
  for (int64_t d : {5, 3, 3, 9}) ids.push_back(AddItem(ItemKind::kTask, problem, std::nullopt, kSongcheng, kT0 + d * kDay));
  AddItem(ItemKind::kTask, std::nullopt, std::nullopt, kDongcheng, kT0);  // Not a valid tree, but out of range.
  OpenTaskFilter f;
  f.range = domain::SubtreeRange(kXiapu, domain::DivisionLevel::kCounty);
  f.limit = 2;
  auto page1 = ReadValue([&](Tx& tx) { return tx.research().OpenTasks(f); });
  ASSERT_EQ(page1.size(), 2u);
  EXPECT_EQ(page1[0].item.id, ids[1]);
  EXPECT_EQ(page1[1].item.id, ids[2]);
  f.after = std::pair(*page1[1].item.deadline_ms, page1[1].item.id);
  auto page2 = ReadValue([&](Tx& tx) { return tx.research().OpenTasks(f); });
  ASSERT_EQ(page2.size(), 2u);
  EXPECT_EQ(page2[0].item.id, ids[0]);
  EXPECT_EQ(page2[1].item.id, ids[3]);
  f.after.reset();
  f.due_before_ms = kT0 + 4 * kDay;  // Overdue at that moment.
  f.limit = 10;
  EXPECT_EQ(ReadValue([&](Tx& tx) { return tx.research().OpenTasks(f); }).size(), 2u);
  f.due_before_ms.reset();
  f.person_user_id = user_ + 1000;
  EXPECT_TRUE(ReadValue([&](Tx& tx) { return tx.research().OpenTasks(f); }).empty());
}

TEST_P(ResearchStoreTest, ReportsKeepTheirFiguresAndMembers) {
  ReportRow a;
  a.county_code = kXiapu;
  a.division_code = kSongcheng;
  a.author_user_id = user_;
  a.title = "个人调研报告";
  a.body = "走访调研3次";
  a.from_ms = kT0;
  a.to_ms = kT0 + 30 * kDay;
  a.figures = {0, 3, 40, 2, 4, 1, 1, 0};
  a.created_at_ms = kT0;
  a.id = WriteValue([&](Tx& tx) { return tx.research().AddReport(a); });
  ReportRow c = a;
  c.division_code = kXiapu;
  c.consolidated = true;
  c.member_ids = {a.id};
  c.id = WriteValue([&](Tx& tx) { return tx.research().AddReport(c); });
  auto got = ReadValue([&](Tx& tx) { return tx.research().GetReport(c.id); });
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(got->consolidated);
  EXPECT_EQ(got->member_ids, std::vector<int64_t>{a.id});
  EXPECT_EQ(got->figures, a.figures);
  const auto range = domain::SubtreeRange(kXiapu, domain::DivisionLevel::kCounty);
  EXPECT_EQ(ReadValue([&](Tx& tx) { return tx.research().ListReports(range, kT0, kT0 + kDay, false, 10, 0); }).size(),
            1u);
  EXPECT_EQ(ReadValue([&](Tx& tx) { return tx.research().ListReports(range, kT0, kT0 + kDay, {}, 10, 0); }).size(),
            2u);
  EXPECT_TRUE(ReadValue([&](Tx& tx) {
                return tx.research().ListReports(range, kT0 + 30 * kDay, kT0 + 40 * kDay, {}, 10, 0);
              }).empty());
}

INSTANTIATE_TEST_SUITE_P(AllBackends, ResearchStoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres, Backend::kMemory),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return BackendName(info.param);
                         });

}  // namespace
}  // namespace sixia::store

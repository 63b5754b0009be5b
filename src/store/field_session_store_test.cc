// The field-session and reception repositories on SQLite, PostgreSQL and the in-memory fake.

#include "store/testing/store_fixture.h"

namespace sixia::store {
namespace {

using namespace fixture;  // NOLINT: the suite's vocabulary.

constexpr int64_t kDay = 86'400'000;

class ActivityStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped()) return;
    SeedDivisions();
    unit_ = CreateUnit(MakeUnit("霞浦县民政局", kXiapu));
    user_ = CreateUser(MakeUser("leader", unit_));
  }
  int64_t unit_ = 0;
  int64_t user_ = 0;
};

TEST_P(ActivityStoreTest, FieldIssuesEndOnceUnderTheExpectedStateAndSessionsList) {
  // Given a session with two issues
  FieldSessionRow s;
  s.county_code = kXiapu;
  s.division_code = kSongcheng;
  s.venue = "村委会";
  s.held_on_ms = kT0;
  s.topic = "秸秆禁烧";
  s.leader_user_ids = {user_};
  s.unit_ids = {unit_};
  s.created_at_ms = kT0;
  s.id = WriteValue([&](Tx& tx) { return tx.field_sessions().AddSession(s); });
  FieldIssueRow a;
  a.issue.session_id = s.id;
  a.issue.content = "低保申请无答复";
  a.issue.people = 3;
  a.issue.service_items = {"subsistence_allowance", "employment"};
  a.raised_by_sealed = "sealed";
  a.issue.id = WriteValue([&](Tx& tx) { return tx.field_sessions().AddIssue(a); });
  FieldIssueRow b = a;
  b.issue.content = "道路破损";
  b.issue.id = WriteValue([&](Tx& tx) { return tx.field_sessions().AddIssue(b); });

  // When the first is assigned, and a second writer that also read it pending tries to decline it
  a.issue.end = domain::IssueEnd::kAssigned;
  a.issue.unit_id = unit_;
  a.issue.person_user_id = user_;
  a.issue.deadline_ms = kT0 + 30 * kDay;
  a.issue.ended_at_ms = kT0 + 1;
  ASSERT_OK(WriteStatus([&](Tx& tx) { return tx.field_sessions().UpdateIssue(a, domain::IssueEnd::kPending, false); }));
  FieldIssueRow late = a;
  late.issue.end = domain::IssueEnd::kDeclined;
  late.issue.reason = "不属于本单位";
  const std::string lost = CodeOf(WriteStatus([&](Tx& tx) {
    return tx.field_sessions().UpdateIssue(late, domain::IssueEnd::kPending, false);
  }));
  // And the assignment is closed
  a.issue.closed_at_ms = kT0 + 5 * kDay;
  a.issue.evidence = "已发放";
  ASSERT_OK(WriteStatus([&](Tx& tx) { return tx.field_sessions().UpdateIssue(a, domain::IssueEnd::kAssigned, false); }));

  // Then exactly the first change and the closing stuck, and everything round-trips
  EXPECT_EQ(lost, "conflict");
  auto issues = ReadValue([&](Tx& tx) { return tx.field_sessions().IssuesOf(s.id); });
  ASSERT_EQ(issues.size(), 2u);
  EXPECT_EQ(issues[0].issue.end, domain::IssueEnd::kAssigned);
  EXPECT_EQ(issues[0].issue.closed_at_ms, kT0 + 5 * kDay);
  EXPECT_EQ(issues[0].issue.evidence, "已发放");
  EXPECT_EQ(issues[0].issue.deadline_ms, kT0 + 30 * kDay);
  EXPECT_EQ(issues[0].issue.people, 3);
  EXPECT_EQ(issues[0].issue.service_items, (std::vector<std::string>{"subsistence_allowance", "employment"}));
  EXPECT_EQ(issues[0].raised_by_sealed, "sealed");
  EXPECT_EQ(issues[1].issue.end, domain::IssueEnd::kPending);
  auto got = ReadValue([&](Tx& tx) { return tx.field_sessions().GetSession(s.id); });
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->leader_user_ids, std::vector<int64_t>{user_});
  EXPECT_EQ(got->unit_ids, std::vector<int64_t>{unit_});
  auto listed = ReadValue([&](Tx& tx) {
    return tx.field_sessions().ListSessions(RangeOf(kXiapu, domain::DivisionLevel::kCounty), kT0, kT0 + kDay, 10, 0);
  });
  EXPECT_EQ(listed.size(), 1u);
  EXPECT_TRUE(ReadValue([&](Tx& tx) {
                return tx.field_sessions().ListSessions(RangeOf(kGutian, domain::DivisionLevel::kCounty), 0,
                                                        kT0 + kDay, 10, 0);
              }).empty());
  EXPECT_GE(ReadValue([](Tx& tx) { return tx.field_sessions().ServiceItems(); }).size(), 4u);
}

TEST_P(ActivityStoreTest, FieldIssuePhotosRoundTripAndStopAtTheLimitEvenConcurrently) {
  // Given a session with two issues
  FieldSessionRow s;
  s.county_code = kXiapu;
  s.division_code = kSongcheng;
  s.venue = "村委会";
  s.held_on_ms = kT0;
  s.topic = "现场办公";
  s.leader_user_ids = {user_};
  s.created_at_ms = kT0;
  s.id = WriteValue([&](Tx& tx) { return tx.field_sessions().AddSession(s); });
  FieldIssueRow issue;
  issue.issue.session_id = s.id;
  issue.issue.content = "路灯损坏";
  const int64_t a = WriteValue([&](Tx& tx) { return tx.field_sessions().AddIssue(issue); });
  const int64_t b = WriteValue([&](Tx& tx) { return tx.field_sessions().AddIssue(issue); });
  FieldIssuePhotoRow photo;
  photo.issue_id = a;
  photo.content_hash = std::string(64, 'a');
  photo.content_type = "image/webp";
  photo.size = 1234;
  photo.created_at_ms = kT0;
  photo.created_by = user_;

  // When one photo is added to B, and eight writers race to add two photos each to A (limit 9)
  FieldIssuePhotoRow of_b = photo;
  of_b.issue_id = b;
  of_b.created_by = std::nullopt;
  const auto b_id = WriteValue([&](Tx& tx) { return tx.field_sessions().AddPhoto(of_b, 9); });
  std::atomic<int> added = 0, full = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 2; ++j) {
        std::optional<int64_t> id;
        const Status st = store().Write([&](Tx& tx) -> Status {
          SIXIA_ASSIGN_OR_RETURN(id, tx.field_sessions().AddPhoto(photo, 9));
          return Status::Ok();
        });
        EXPECT_OK(st);
        (id ? added : full)++;
      }
    });
  }
  for (auto& t : threads) t.join();

  // Then exactly nine stuck on A, each round-trips, and B's photo is listed apart
  EXPECT_EQ(added.load(), 9);
  EXPECT_EQ(full.load(), 7);
  auto of_a = ReadValue([&](Tx& tx) { return tx.field_sessions().PhotosOf(a); });
  ASSERT_EQ(of_a.size(), 9u);
  EXPECT_TRUE(std::is_sorted(of_a.begin(), of_a.end(), [](const auto& x, const auto& y) { return x.id < y.id; }));
  EXPECT_EQ(of_a[0].issue_id, a);
  EXPECT_EQ(of_a[0].content_hash, std::string(64, 'a'));
  EXPECT_EQ(of_a[0].content_type, "image/webp");
  EXPECT_EQ(of_a[0].size, 1234);
  EXPECT_EQ(of_a[0].created_at_ms, kT0);
  EXPECT_EQ(of_a[0].created_by, user_);
  ASSERT_TRUE(b_id.has_value());
  auto listed_b = ReadValue([&](Tx& tx) { return tx.field_sessions().PhotosOf(b); });
  ASSERT_EQ(listed_b.size(), 1u);
  EXPECT_EQ(listed_b[0].id, *b_id);
  EXPECT_EQ(listed_b[0].created_by, std::nullopt);
  EXPECT_EQ(ReadValue([&](Tx& tx) { return tx.field_sessions().PhotosOfSession(s.id); }).size(), 10u);
  EXPECT_TRUE(ReadValue([&](Tx& tx) { return tx.field_sessions().PhotosOfSession(s.id + 1); }).empty());
  // And a photo of an issue that does not exist is a conflict
  FieldIssuePhotoRow orphan = photo;
  orphan.issue_id = b + 1000;
  EXPECT_EQ(CodeOf(WriteStatus([&](Tx& tx) { return tx.field_sessions().AddPhoto(orphan, 9).status(); })),
            "conflict");
  // And a photo comes off only under its own issue, once; then A has room for one more
  EXPECT_FALSE(WriteValue([&](Tx& tx) { return tx.field_sessions().RemovePhoto(a, *b_id); }));
  EXPECT_TRUE(WriteValue([&](Tx& tx) { return tx.field_sessions().RemovePhoto(a, of_a[3].id); }));
  EXPECT_FALSE(WriteValue([&](Tx& tx) { return tx.field_sessions().RemovePhoto(a, of_a[3].id); }));
  EXPECT_EQ(ReadValue([&](Tx& tx) { return tx.field_sessions().PhotosOf(a); }).size(), 8u);
  EXPECT_EQ(ReadValue([&](Tx& tx) { return tx.field_sessions().PhotosOf(b); }).size(), 1u);
  EXPECT_TRUE(WriteValue([&](Tx& tx) { return tx.field_sessions().AddPhoto(photo, 9); }).has_value());
}

TEST_P(ActivityStoreTest, ReceptionDaysOfALeaderAndPostsRoundTrip) {
  ReceptionDayRow d;
  d.county_code = kXiapu;
  d.division_code = kSongcheng;
  d.venue = "接待大厅";
  d.held_on_ms = kT0;
  d.joint = true;
  d.leader_user_ids = {user_};
  d.unit_ids = {unit_};
  d.created_at_ms = kT0;
  d.id = WriteValue([&](Tx& tx) { return tx.reception().AddDay(d); });
  ASSERT_OK(WriteStatus([&](Tx& tx) { return tx.reception().SetLeaderPost(user_, domain::LeaderPost::kCountyHead, kT0); }));

  auto days = ReadValue([&](Tx& tx) { return tx.reception().DaysOfLeader(user_, kT0, kT0 + kDay); });
  auto posts = ReadValue([](Tx& tx) { return tx.reception().LeaderPosts(); });
  auto counts = ReadValue([&](Tx& tx) { return tx.reception().CountPetitions({d.id}); });
  ASSERT_OK(WriteStatus([&](Tx& tx) { return tx.reception().SetLeaderPost(user_, std::nullopt, kT0); }));

  EXPECT_EQ(days, (std::vector<std::pair<int64_t, int64_t>>{{d.id, kT0}}));
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_EQ(posts[0], std::make_pair(user_, domain::LeaderPost::kCountyHead));
  EXPECT_EQ(counts.petitions, 0);
  EXPECT_TRUE(ReadValue([](Tx& tx) { return tx.reception().LeaderPosts(); }).empty());
  auto got = ReadValue([&](Tx& tx) { return tx.reception().GetDay(d.id); });
  ASSERT_TRUE(got.has_value());
  EXPECT_TRUE(got->joint);
  EXPECT_EQ(got->unit_ids, std::vector<int64_t>{unit_});
}

INSTANTIATE_TEST_SUITE_P(AllBackends, ActivityStoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres, Backend::kMemory),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return BackendName(info.param);
                         });

}  // namespace
}  // namespace sixia::store

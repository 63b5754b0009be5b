// The outreach repository on SQLite, PostgreSQL and the in-memory fake.

#include <algorithm>

#include "store/testing/store_fixture.h"

namespace sixia::store {
namespace {

using namespace fixture;  // NOLINT: the suite's vocabulary.

constexpr int64_t kDay = 86'400'000;

class OutreachStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped()) return;
    SeedDivisions();
  }

  int64_t Add(const char* division, domain::OutreachForm form, const std::string& topic,
              int64_t day, int64_t reached, bool estimated) {
    OutreachRow row;
    row.county_code = kXiapu;
    row.event.division_code = division;
    row.event.form = form;
    row.event.topic = topic;
    row.event.held_on_ms = day;
    row.event.reached = reached;
    row.event.reached_estimated = estimated;
    row.event.notes = "现场签到";
    row.created_at_ms = day;
    return WriteValue([&](Tx& tx) { return tx.outreach().Add(row); });
  }

  OutreachFilter Xiapu(int64_t from, int64_t to) {
    OutreachFilter f;
    f.range = RangeOf(kXiapu, domain::DivisionLevel::kCounty);
    f.from_ms = from;
    f.to_ms = to;
    return f;
  }
};

TEST_P(OutreachStoreTest, EventsRoundTripAndListNewestFirstWithinPlaceAndPeriod) {
  // Given events in 松城街道 on days 0, 1 and 2, one in 古田县, and one on day 5
  using F = domain::OutreachForm;
  const int64_t a = Add(kSongcheng, F::kLecture, "乡村振兴", kT0, 120, false);
  const int64_t b = Add(kSongcheng, F::kLoudspeaker, "防汛", kT0 + kDay, 800, true);
  const int64_t c = Add(kXiapu, F::kLecture, "防汛", kT0 + 2 * kDay, 40, false);
  Add(kGutian, F::kLecture, "防汛", kT0, 10, false);
  Add(kSongcheng, F::kLed, "防汛", kT0 + 5 * kDay, 5, true);

  // When the county's events of days 0..2 are listed (all, then by form, topic and page)
  auto all = ReadValue([&](Tx& tx) { return tx.outreach().List(Xiapu(kT0, kT0 + 3 * kDay)); });
  OutreachFilter lectures = Xiapu(kT0, kT0 + 3 * kDay);
  lectures.form = "lecture";
  OutreachFilter flood = Xiapu(kT0, kT0 + 3 * kDay);
  flood.topic = "防汛";
  OutreachFilter page = Xiapu(kT0, kT0 + 3 * kDay);
  page.limit = 2;
  page.before_id = c;

  // Then they come newest first, narrowed as asked, with every field as stored
  std::vector<int64_t> ids;
  for (const auto& r : all) ids.push_back(r.event.id);
  EXPECT_EQ(ids, (std::vector<int64_t>{c, b, a}));
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[1].event.topic, "防汛");
  EXPECT_EQ(all[1].event.form, F::kLoudspeaker);
  EXPECT_EQ(all[1].event.reached, 800);
  EXPECT_TRUE(all[1].event.reached_estimated);
  EXPECT_EQ(all[1].event.held_on_ms, kT0 + kDay);
  EXPECT_EQ(all[1].event.notes, "现场签到");
  EXPECT_EQ(all[1].county_code, kXiapu);
  EXPECT_EQ(ReadValue([&](Tx& tx) { return tx.outreach().List(lectures); }).size(), 2u);
  EXPECT_EQ(ReadValue([&](Tx& tx) { return tx.outreach().List(flood); }).size(), 2u);
  auto second = ReadValue([&](Tx& tx) { return tx.outreach().List(page); });
  ASSERT_EQ(second.size(), 2u);
  EXPECT_EQ(second[0].event.id, b);
  auto got = ReadValue([&](Tx& tx) { return tx.outreach().Get(a); });
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->event.reached, 120);
  EXPECT_FALSE(ReadValue([](Tx& tx) { return tx.outreach().Get(999999); }).has_value());
}

TEST_P(OutreachStoreTest, TotalsGroupByFormTopicAndEstimateAndCoverageListsPlaces) {
  using F = domain::OutreachForm;
  Add(kSongcheng, F::kLecture, "乡村振兴", kT0, 120, false);
  Add(kSongcheng, F::kLecture, "乡村振兴", kT0 + kDay, 30, false);
  Add(kSongcheng, F::kLoudspeaker, "防汛", kT0, 800, true);
  Add(kXiapu, F::kLecture, "乡村振兴", kT0, 7, false);
  Add(kGutian, F::kLecture, "乡村振兴", kT0, 1000, false);     // Other county.
  Add(kSongcheng, F::kLecture, "乡村振兴", kT0 + 9 * kDay, 1, false);  // Outside the period.

  auto groups = ReadValue([&](Tx& tx) { return tx.outreach().Totals(Xiapu(kT0, kT0 + 2 * kDay)); });
  auto covered = ReadValue([&](Tx& tx) { return tx.outreach().CoveredPlaces(Xiapu(kT0, kT0 + 2 * kDay)); });

  int64_t events = 0, reached = 0, lecture_events = 0, estimated = 0;
  for (const auto& g : groups) {
    events += g.events;
    reached += g.reached;
    if (g.form == F::kLecture && g.topic == "乡村振兴" && !g.estimated) lecture_events = g.events;
    if (g.estimated) estimated += g.reached;
  }
  EXPECT_EQ(groups.size(), 2u);
  EXPECT_EQ(events, 4);
  EXPECT_EQ(reached, 120 + 30 + 800 + 7);
  EXPECT_EQ(lecture_events, 3);
  EXPECT_EQ(estimated, 800);
  std::sort(covered.begin(), covered.end());
  EXPECT_EQ(covered, (std::vector<std::string>{kXiapu, kSongcheng}));
}

TEST_P(OutreachStoreTest, EventInAnUnknownPlaceIsRefused) {
  OutreachRow row;
  row.county_code = kXiapu;
  row.event.division_code = "350921999999";
  row.event.topic = "防汛";
  row.event.held_on_ms = kT0;
  EXPECT_EQ(CodeOf(WriteStatus([&](Tx& tx) { return tx.outreach().Add(row); })), "conflict");
  EXPECT_TRUE(ReadValue([&](Tx& tx) { return tx.outreach().List(Xiapu(0, kT0 + kDay)); }).empty());
}

INSTANTIATE_TEST_SUITE_P(AllBackends, OutreachStoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres, Backend::kMemory),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return BackendName(info.param);
                         });

}  // namespace
}  // namespace sixia::store

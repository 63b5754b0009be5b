// The linkage repository (挂钩联系 and 双报到) on SQLite, PostgreSQL and the in-memory fake.

#include "store/testing/store_fixture.h"

namespace sixia::store {
namespace {

using namespace fixture;  // NOLINT: the suite's vocabulary.

constexpr int64_t kDay = 86'400'000;
constexpr char kVillage[] = "350921101201";  // Under 松城街道 (kSongcheng) in this suite.
constexpr char kGutianVillage[] = "350922100201";

LinkageFilter Links(const domain::CodeRange& range, int64_t from_ms = 0,
                    int64_t to_ms = INT64_MAX) {
  LinkageFilter f;
  f.range = range;
  f.from_ms = from_ms;
  f.to_ms = to_ms;
  return f;
}

RegistrationFilter Registrations(const domain::CodeRange& range) {
  RegistrationFilter f;
  f.range = range;
  return f;
}

class LinkageStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (IsSkipped()) return;
    SeedDivisions();
    ASSERT_OK(WriteStatus([](Tx& tx) {
      return tx.divisions().Upsert(
          {{kVillage, "洪江村委会", DivisionLevel::kVillage, kSongcheng},
           {"350922100000", "城东街道", DivisionLevel::kTownship, kGutian},
           {kGutianVillage, "西门社区居委会", DivisionLevel::kVillage, "350922100000"}});
    }));
    unit_ = CreateUnit(MakeUnit("霞浦县民政局", kXiapu));
    gutian_unit_ = CreateUnit(MakeUnit("古田县民政局", kGutian));
    leader_ = CreateUser(MakeUser("leader", unit_));
    other_leader_ = CreateUser(MakeUser("other", gutian_unit_));
  }

  LinkageRow VillageLink(int64_t leader, int64_t from_ms, std::optional<int64_t> to_ms) {
    LinkageRow r;
    r.county_code = kXiapu;
    r.division_code = kVillage;
    r.link.leader_user_id = leader;
    r.link.village_code = kVillage;
    r.link.from_ms = from_ms;
    r.link.to_ms = to_ms;
    r.link.notes = "联系乡村振兴";
    r.created_by = leader;
    r.created_at_ms = kT0;
    return r;
  }

  LinkageRow UnitLink(int64_t leader, int64_t unit, const char* place, int64_t from_ms) {
    LinkageRow r = VillageLink(leader, from_ms, std::nullopt);
    r.link.village_code.clear();
    r.link.unit_id = unit;
    r.division_code = place;
    r.county_code = std::string(place).substr(0, 6) + "000000";
    return r;
  }

  int64_t AddLink(const LinkageRow& r) {
    return WriteValue([&](Tx& tx) { return tx.linkage().AddLinkage(r); });
  }

  int64_t AddVisit(int64_t link, int64_t day_ms, const char* notes) {
    LinkageVisitRow v;
    v.visit.linkage_id = link;
    v.visit.visited_on_ms = day_ms;
    v.visit.division_code = kVillage;
    v.visit.notes = notes;
    v.visit.results = "解决困难一件";
    v.recorded_by = leader_;
    v.recorded_at_ms = day_ms + 3'600'000;
    return WriteValue([&](Tx& tx) { return tx.linkage().AddVisit(v); });
  }

  int64_t unit_ = 0, gutian_unit_ = 0, leader_ = 0, other_leader_ = 0;
};

TEST_P(LinkageStoreTest, LinksRoundTripAndListByPlacePeriodAndLeader) {
  // Given a village link for January–June, an open unit link from March, and a link in 古田县
  const int64_t jan = kT0, mar = kT0 + 59 * kDay, jun30 = kT0 + 180 * kDay;
  const int64_t a = AddLink(VillageLink(leader_, jan, jun30));
  const int64_t b = AddLink(UnitLink(leader_, unit_, kXiapu, mar));
  const int64_t g = AddLink(UnitLink(other_leader_, gutian_unit_, kGutian, jan));

  // Then each reads back as written, the open end and the empty target included
  auto got_a = ReadValue([&](Tx& tx) { return tx.linkage().GetLinkage(a); });
  ASSERT_TRUE(got_a.has_value());
  EXPECT_EQ(got_a->link.id, a);
  EXPECT_EQ(got_a->link.leader_user_id, leader_);
  EXPECT_EQ(got_a->link.village_code, kVillage);
  EXPECT_EQ(got_a->link.unit_id, std::nullopt);
  EXPECT_EQ(got_a->link.from_ms, jan);
  EXPECT_EQ(got_a->link.to_ms, jun30);
  EXPECT_EQ(got_a->link.notes, "联系乡村振兴");
  EXPECT_EQ(got_a->division_code, kVillage);
  EXPECT_EQ(got_a->county_code, kXiapu);
  EXPECT_EQ(got_a->created_by, leader_);
  EXPECT_EQ(got_a->created_at_ms, kT0);
  auto got_b = ReadValue([&](Tx& tx) { return tx.linkage().GetLinkage(b); });
  ASSERT_TRUE(got_b.has_value());
  EXPECT_EQ(got_b->link.unit_id, unit_);
  EXPECT_EQ(got_b->link.village_code, "");
  EXPECT_EQ(got_b->link.to_ms, std::nullopt);
  EXPECT_FALSE(ReadValue([](Tx& tx) { return tx.linkage().GetLinkage(999); }).has_value());

  auto list = [&](LinkageFilter f) {
    std::vector<int64_t> out;
    for (const auto& r : ReadValue([&](Tx& tx) { return tx.linkage().ListLinkages(f); }))
      out.push_back(r.link.id);
    return out;
  };
  const auto xiapu = RangeOf(kXiapu, DivisionLevel::kCounty);
  // The county lists its two, newest first; the province all three; 古田 its own
  EXPECT_EQ(list(Links(xiapu)), (std::vector<int64_t>{b, a}));
  EXPECT_EQ(list(Links(kFujianRange)), (std::vector<int64_t>{g, b, a}));
  EXPECT_EQ(list(Links(RangeOf(kGutian, DivisionLevel::kCounty))), (std::vector<int64_t>{g}));
  // A period overlapping only February: the village link; July onwards: the open unit link;
  // the last day of the village link still counts
  EXPECT_EQ(list(Links(xiapu, jan + 31 * kDay, jan + 59 * kDay)), (std::vector<int64_t>{a}));
  EXPECT_EQ(list(Links(xiapu, jun30 + kDay, jun30 + 40 * kDay)), (std::vector<int64_t>{b}));
  EXPECT_EQ(list(Links(xiapu, jun30, jun30 + kDay)), (std::vector<int64_t>{b, a}));
  // By leader, and keyset paging
  LinkageFilter by_leader = Links(kFujianRange);
  by_leader.leader_user_id = other_leader_;
  EXPECT_EQ(list(by_leader), (std::vector<int64_t>{g}));
  LinkageFilter page = Links(kFujianRange);
  page.limit = 2;
  EXPECT_EQ(list(page), (std::vector<int64_t>{g, b}));
  page.before_id = b;
  EXPECT_EQ(list(page), (std::vector<int64_t>{a}));
}

TEST_P(LinkageStoreTest, VisitsAreOrderedByDayAndCountedForTheCoverage) {
  // Given the village link (January–June) with three visits recorded out of order, an open
  // unit link without any, and a link that ended before the period
  const int64_t jan = kT0;
  const int64_t a = AddLink(VillageLink(leader_, jan, jan + 180 * kDay));
  const int64_t b = AddLink(UnitLink(leader_, unit_, kXiapu, jan));
  const int64_t old = AddLink(VillageLink(leader_, jan - 400 * kDay, jan - 200 * kDay));
  const int64_t v2 = AddVisit(a, jan + 40 * kDay, "第二次");
  const int64_t v1 = AddVisit(a, jan + 10 * kDay, "第一次");
  const int64_t v3 = AddVisit(a, jan + 100 * kDay, "第三次");
  AddVisit(old, jan - 300 * kDay, "很久以前");

  // Then the visits of the link come by day, with all fields
  auto visits = ReadValue([&](Tx& tx) { return tx.linkage().VisitsOf(a); });
  ASSERT_EQ(visits.size(), 3u);
  EXPECT_EQ((std::vector<int64_t>{visits[0].visit.id, visits[1].visit.id, visits[2].visit.id}),
            (std::vector<int64_t>{v1, v2, v3}));
  EXPECT_EQ(visits[0].visit.linkage_id, a);
  EXPECT_EQ(visits[0].visit.visited_on_ms, jan + 10 * kDay);
  EXPECT_EQ(visits[0].visit.division_code, kVillage);
  EXPECT_EQ(visits[0].visit.notes, "第一次");
  EXPECT_EQ(visits[0].visit.results, "解决困难一件");
  EXPECT_EQ(visits[0].recorded_by, leader_);
  EXPECT_TRUE(ReadValue([&](Tx& tx) { return tx.linkage().VisitsOf(b); }).empty());

  // And the activity of [day 30, day 120) as of day 60 counts the visits in the period and the
  // latest one before as-of, for the links active in it only
  auto activity = ReadValue([&](Tx& tx) {
    return tx.linkage().Activity(RangeOf(kXiapu, DivisionLevel::kCounty), jan + 30 * kDay,
                                 jan + 120 * kDay, jan + 60 * kDay);
  });
  ASSERT_EQ(activity.size(), 2u);
  EXPECT_EQ(activity[0].row.link.id, a);
  EXPECT_EQ(activity[0].row.division_code, kVillage);
  EXPECT_EQ(activity[0].visits, 2);  // Days 40 and 100.
  EXPECT_EQ(activity[0].last_visit_ms, jan + 40 * kDay);
  EXPECT_EQ(activity[1].row.link.id, b);
  EXPECT_EQ(activity[1].visits, 0);
  EXPECT_EQ(activity[1].last_visit_ms, std::nullopt);
  // Outside the county there is nothing
  EXPECT_TRUE(ReadValue([&](Tx& tx) {
                return tx.linkage().Activity(RangeOf(kGutian, DivisionLevel::kCounty), 0,
                                             jan + 400 * kDay, jan + 400 * kDay);
              }).empty());
}

TEST_P(LinkageStoreTest, TheSchemaRefusesWhatTheRulesForbid) {
  // Given links the domain rules would refuse: both targets, neither, a backwards period,
  // an unknown leader
  LinkageRow both = VillageLink(leader_, kT0, std::nullopt);
  both.link.unit_id = unit_;
  LinkageRow neither = VillageLink(leader_, kT0, std::nullopt);
  neither.link.village_code.clear();
  LinkageRow backwards = VillageLink(leader_, kT0, kT0 - kDay);
  LinkageRow ghost = VillageLink(987654, kT0, std::nullopt);
  // Then the store refuses each with a conflict and stores nothing
  for (const LinkageRow* r : {&both, &neither, &backwards, &ghost}) {
    EXPECT_EQ(CodeOf(WriteStatus([&](Tx& tx) { return tx.linkage().AddLinkage(*r); })), "conflict");
  }
  EXPECT_TRUE(
      ReadValue([](Tx& tx) { return tx.linkage().ListLinkages(Links(kNationRange)); }).empty());
  // And a visit of an unknown link is refused too
  LinkageVisitRow v;
  v.visit.linkage_id = 424242;
  v.visit.visited_on_ms = kT0;
  v.visit.division_code = kVillage;
  v.visit.notes = "走访";
  EXPECT_EQ(CodeOf(WriteStatus([&](Tx& tx) { return tx.linkage().AddVisit(v); })), "conflict");
}

TEST_P(LinkageStoreTest, RegistrationsListByPlaceAndUnitAndServicesCountPerYear) {
  const int64_t year = kT0, next_year = kT0 + 365 * kDay;
  auto registration = [&](const char* community, int64_t unit, int64_t on_ms, const char* sealed) {
    CommunityRegistrationRow r;
    r.county_code = std::string(community).substr(0, 6) + "000000";
    r.registration.community_code = community;
    r.registration.unit_id = unit;
    r.registration.registered_on_ms = on_ms;
    r.member_name_sealed = sealed;
    r.created_by = leader_;
    r.created_at_ms = on_ms;
    return WriteValue([&](Tx& tx) { return tx.linkage().AddRegistration(r); });
  };
  auto service = [&](int64_t reg, int64_t on_ms, std::optional<int64_t> minutes) {
    CommunityServiceRow s;
    s.service.registration_id = reg;
    s.service.served_on_ms = on_ms;
    s.service.content = "社区环境整治";
    s.service.minutes = minutes;
    s.recorded_by = leader_;
    s.recorded_at_ms = on_ms;
    return WriteValue([&](Tx& tx) { return tx.linkage().AddService(s); });
  };
  // Given three members at 洪江村 (two of 县民政局, one of 古田县民政局) and one in 古田, one of
  // them registered only next year
  const int64_t r1 = registration(kVillage, unit_, year - 30 * kDay, "sealed-1");
  const int64_t r2 = registration(kVillage, unit_, year + 10 * kDay, "sealed-2");
  const int64_t r3 = registration(kVillage, gutian_unit_, next_year + 5 * kDay, "sealed-3");
  const int64_t r4 = registration(kGutianVillage, gutian_unit_, year, "sealed-4");
  // And services: r1 twice this year (one with hours), once last year; r2 once next year
  const int64_t s1b = service(r1, year + 100 * kDay, 90);
  const int64_t s1a = service(r1, year + 20 * kDay, std::nullopt);
  service(r1, year - 10 * kDay, 60);
  service(r2, next_year + 3 * kDay, 30);

  // Then a registration reads back with its sealed name, never anything else
  auto got = ReadValue([&](Tx& tx) { return tx.linkage().GetRegistration(r1); });
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->member_name_sealed, "sealed-1");
  EXPECT_EQ(got->registration.community_code, kVillage);
  EXPECT_EQ(got->registration.unit_id, unit_);
  EXPECT_EQ(got->registration.registered_on_ms, year - 30 * kDay);
  EXPECT_EQ(got->county_code, kXiapu);
  // And lists go by place (newest first), by unit, and page
  auto ids = [&](RegistrationFilter f) {
    std::vector<int64_t> out;
    for (const auto& r : ReadValue([&](Tx& tx) { return tx.linkage().ListRegistrations(f); }))
      out.push_back(r.registration.id);
    return out;
  };
  EXPECT_EQ(ids(Registrations(RangeOf(kXiapu, DivisionLevel::kCounty))),
            (std::vector<int64_t>{r3, r2, r1}));
  EXPECT_EQ(ids(Registrations(kFujianRange)), (std::vector<int64_t>{r4, r3, r2, r1}));
  RegistrationFilter by_unit = Registrations(kFujianRange);
  by_unit.unit_id = gutian_unit_;
  EXPECT_EQ(ids(by_unit), (std::vector<int64_t>{r4, r3}));
  RegistrationFilter page = Registrations(kFujianRange);
  page.limit = 3;
  page.before_id = r4;
  EXPECT_EQ(ids(page), (std::vector<int64_t>{r3, r2, r1}));
  // And the services of r1 come by day, hours kept or absent
  auto services = ReadValue([&](Tx& tx) { return tx.linkage().ServicesOf(r1); });
  ASSERT_EQ(services.size(), 3u);
  EXPECT_EQ(services[1].service.id, s1a);
  EXPECT_EQ(services[1].service.minutes, std::nullopt);
  EXPECT_EQ(services[2].service.id, s1b);
  EXPECT_EQ(services[2].service.minutes, 90);
  EXPECT_EQ(services[2].service.content, "社区环境整治");
  // And this year's counts in the county: r1 has 2, r2 has 0 (its service is next year); r3
  // registered after the year is not counted
  auto counts = ReadValue([&](Tx& tx) {
    return tx.linkage().ServiceCounts(RangeOf(kXiapu, DivisionLevel::kCounty), next_year, year,
                                      next_year);
  });
  ASSERT_EQ(counts.size(), 2u);
  EXPECT_EQ(counts[0].first.registration.id, r1);
  EXPECT_EQ(counts[0].second, 2);
  EXPECT_EQ(counts[0].first.member_name_sealed, "sealed-1");
  EXPECT_EQ(counts[1].first.registration.id, r2);
  EXPECT_EQ(counts[1].second, 0);
  // And a service of an unknown registration, or a registration at an unknown unit, is refused
  CommunityServiceRow orphan;
  orphan.service.registration_id = 777777;
  orphan.service.served_on_ms = year;
  orphan.service.content = "服务";
  EXPECT_EQ(CodeOf(WriteStatus([&](Tx& tx) { return tx.linkage().AddService(orphan); })),
            "conflict");
  CommunityRegistrationRow stray;
  stray.county_code = kXiapu;
  stray.registration.community_code = kVillage;
  stray.registration.unit_id = 777777;
  stray.registration.registered_on_ms = year;
  stray.member_name_sealed = "x";
  EXPECT_EQ(CodeOf(WriteStatus([&](Tx& tx) { return tx.linkage().AddRegistration(stray); })),
            "conflict");
}

INSTANTIATE_TEST_SUITE_P(AllBackends, LinkageStoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres, Backend::kMemory),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return BackendName(info.param);
                         });

}  // namespace
}  // namespace sixia::store

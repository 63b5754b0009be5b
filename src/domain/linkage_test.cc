#include "domain/linkage.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/calendar.h"

namespace sixia::domain {
namespace {

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 86'400'000;
// 2026-05-28 10:00 China time.
const int64_t kNow = StartOfDayMs(Date{2026, 5, 28}) + 10 * kHour;

int64_t Day(int y, int m, int d) { return StartOfDayMs(Date{y, m, d}); }

std::string CodeOf(const Status& st) { return ErrorCodeName(st.code()); }

std::string Repeat(const char* s, int n) {
  std::string out;
  for (int k = 0; k < n; ++k) out += s;
  return out;
}

Linkage VillageLink(int64_t id = 1) {
  Linkage l;
  l.id = id;
  l.leader_user_id = 4;
  l.village_code = "350921101201";
  l.from_ms = Day(2026, 1, 1);
  l.to_ms = Day(2026, 12, 31);
  l.notes = "联系乡村振兴和信访稳定工作";
  return l;
}

LinkageVisit Visit(int64_t day_ms) {
  LinkageVisit v;
  v.linkage_id = 1;
  v.visited_on_ms = day_ms;
  v.division_code = "350921101201";
  v.notes = "走访困难群众三户，召开村两委座谈会";
  v.results = "协调解决村道硬化资金";
  return v;
}

void ExpectLinkRefused(const Linkage& l, const std::string& field) {
  const Status st = CheckLinkage(l, kNow);
  EXPECT_EQ(CodeOf(st), "invalid_argument") << field;
  EXPECT_EQ(st.field(), field);
  EXPECT_FALSE(st.message_zh().empty());
}

// --- Links -----------------------------------------------------------------------------------

TEST(Linkage, AUnitOrAVillageWithAnOrderedPeriodIsAccepted) {
  EXPECT_TRUE(CheckLinkage(VillageLink(), kNow).ok());
  Linkage unit = VillageLink();
  unit.village_code.clear();
  unit.unit_id = 12;
  unit.to_ms.reset();  // Open-ended.
  EXPECT_TRUE(CheckLinkage(unit, kNow).ok());
  Linkage one_day = VillageLink();
  one_day.to_ms = one_day.from_ms;  // A single day is a period.
  EXPECT_TRUE(CheckLinkage(one_day, kNow).ok());
  Linkage planned = VillageLink();
  planned.from_ms = Day(2027, 5, 1);  // Planned within the coming year.
  planned.to_ms.reset();
  EXPECT_TRUE(CheckLinkage(planned, kNow).ok());
}

TEST(Linkage, TargetMustBeExactlyOneOfUnitAndVillage) {
  Linkage neither = VillageLink();
  neither.village_code.clear();
  ExpectLinkRefused(neither, "unit_id");
  Linkage both = VillageLink();
  both.unit_id = 12;
  ExpectLinkRefused(both, "village_code");
}

TEST(Linkage, PeriodMustBeOrderedAndPlausible) {
  Linkage backwards = VillageLink();
  backwards.to_ms = backwards.from_ms - kDay;
  ExpectLinkRefused(backwards, "to");
  Linkage ancient = VillageLink();
  ancient.from_ms = Day(1999, 12, 31);
  ExpectLinkRefused(ancient, "from");
  Linkage far = VillageLink();
  far.from_ms = Day(2026, 5, 28) + 367 * kDay;
  far.to_ms.reset();
  ExpectLinkRefused(far, "from");
  Linkage no_leader = VillageLink();
  no_leader.leader_user_id = 0;
  ExpectLinkRefused(no_leader, "leader_user_id");
  Linkage long_notes = VillageLink();
  long_notes.notes = Repeat("联", 2001);
  ExpectLinkRefused(long_notes, "notes");
  long_notes.notes = Repeat("联", 2000);
  EXPECT_TRUE(CheckLinkage(long_notes, kNow).ok());
}

TEST(Linkage, BothEndsOfThePeriodAreCounted) {
  const Linkage l = VillageLink();
  EXPECT_TRUE(CoversDay(l, Day(2026, 1, 1)));
  EXPECT_TRUE(CoversDay(l, Day(2026, 12, 31)));
  EXPECT_FALSE(CoversDay(l, Day(2025, 12, 31)));
  EXPECT_FALSE(CoversDay(l, Day(2027, 1, 1)));
  Linkage open = l;
  open.to_ms.reset();
  EXPECT_TRUE(CoversDay(open, Day(2040, 1, 1)));
  // Overlap with [from, to): touching the last day counts, the day after does not.
  EXPECT_TRUE(ActiveIn(l, Day(2026, 12, 31), Day(2027, 2, 1)));
  EXPECT_FALSE(ActiveIn(l, Day(2027, 1, 1), Day(2027, 2, 1)));
  EXPECT_TRUE(ActiveIn(l, Day(2025, 6, 1), Day(2026, 1, 2)));
  EXPECT_FALSE(ActiveIn(l, Day(2025, 6, 1), Day(2026, 1, 1)));
  EXPECT_TRUE(ActiveIn(open, Day(2030, 1, 1), Day(2030, 2, 1)));
}

// --- Visits ----------------------------------------------------------------------------------

TEST(LinkageVisit, InsideThePeriodAndNotInTheFutureIsAccepted) {
  const Linkage l = VillageLink();
  EXPECT_TRUE(CheckVisit(l, Visit(Day(2026, 1, 1)), kNow).ok());
  EXPECT_TRUE(CheckVisit(l, Visit(Day(2026, 5, 28)), kNow).ok());  // Today.
  LinkageVisit no_results = Visit(Day(2026, 3, 3));
  no_results.results.clear();
  EXPECT_TRUE(CheckVisit(l, no_results, kNow).ok());
}

TEST(LinkageVisit, OutsideThePeriodIsUnprocessable) {
  Linkage l = VillageLink();
  l.to_ms = Day(2026, 3, 31);
  for (int64_t day : {Day(2025, 12, 31), Day(2026, 4, 1)}) {
    const Status st = CheckVisit(l, Visit(day), kNow);
    EXPECT_EQ(CodeOf(st), "unprocessable") << DateOfMs(day).ToString();
    EXPECT_EQ(st.field(), "visited_on");
    EXPECT_NE(st.message_zh().find("2026-01-01"), std::string::npos) << st.message_zh();
  }
}

TEST(LinkageVisit, BadInputNamesTheField) {
  const Linkage l = VillageLink();
  LinkageVisit blank = Visit(Day(2026, 3, 3));
  blank.notes = " \u3000 ";
  EXPECT_EQ(CheckVisit(l, blank, kNow).field(), "notes");
  LinkageVisit future = Visit(Day(2026, 5, 29));
  const Status st = CheckVisit(l, future, kNow);
  EXPECT_EQ(CodeOf(st), "invalid_argument");
  EXPECT_EQ(st.field(), "visited_on");
  LinkageVisit long_results = Visit(Day(2026, 3, 3));
  long_results.results = Repeat("果", 2001);
  EXPECT_EQ(CheckVisit(l, long_results, kNow).field(), "results");
}

// --- Coverage --------------------------------------------------------------------------------

TEST(LinkageMonths, MonthsBeforeKeepsTheDayOrTheMonthsEnd) {
  EXPECT_EQ(MonthsBefore(Day(2026, 5, 28), 3), Day(2026, 2, 28));
  EXPECT_EQ(MonthsBefore(Day(2026, 5, 31), 3), Day(2026, 2, 28));   // February has 28 days.
  EXPECT_EQ(MonthsBefore(Day(2024, 5, 31), 3), Day(2024, 2, 29));   // A leap year.
  EXPECT_EQ(MonthsBefore(Day(2026, 2, 15), 3), Day(2025, 11, 15));  // Across the year.
  EXPECT_EQ(MonthsBefore(Day(2026, 1, 1), 12), Day(2025, 1, 1));
}

LinkageActivity Activity(Linkage l, std::string place, int64_t visits,
                         std::optional<int64_t> last) {
  return {std::move(l), std::move(place), visits, last};
}

TEST(LinkageCoverage, VillagesWithoutAnActiveLinkAndLinksWithoutRecentVisits) {
  // Given four villages and, for the first half of 2026 looked at on 2026-05-28:
  const std::vector<std::string> villages = {"350921101001", "350921101201", "350921102201",
                                             "350921102202"};
  const int64_t from = Day(2026, 1, 1), to = Day(2026, 7, 1), as_of = Day(2026, 5, 29);
  // link 1 to village 201, visited in May;
  Linkage l1 = VillageLink(1);
  // link 2 (since mid-2025) to a unit in village 001 (a 村委会), last visited in January;
  Linkage l2 = VillageLink(2);
  l2.village_code.clear();
  l2.unit_id = 30;
  l2.from_ms = Day(2025, 6, 1);
  // link 3 to village 102201, ended in 2025 (reaches nothing this year);
  Linkage l3 = VillageLink(3);
  l3.village_code = "350921102201";
  l3.from_ms = Day(2025, 1, 1);
  l3.to_ms = Day(2025, 12, 31);
  // link 4 (since January) to a township unit, never visited;
  Linkage l4 = VillageLink(4);
  l4.village_code.clear();
  l4.unit_id = 31;
  l4.to_ms.reset();
  // link 5 started three weeks ago, not visited yet (younger than the window);
  Linkage l5 = VillageLink(5);
  l5.from_ms = Day(2026, 5, 7);
  // link 6 ended in April without a visit since January (not running on the as-of day);
  Linkage l6 = VillageLink(6);
  l6.to_ms = Day(2026, 4, 30);
  // link 7 (since March 2025, open) to a township unit, last visited in October 2025.
  Linkage l7 = VillageLink(7);
  l7.village_code.clear();
  l7.unit_id = 31;
  l7.from_ms = Day(2025, 3, 1);
  l7.to_ms.reset();
  const std::vector<LinkageActivity> links = {Activity(l1, "350921101201", 4, Day(2026, 5, 20)),
                                              Activity(l2, "350921101001", 1, Day(2026, 1, 10)),
                                              Activity(l3, "350921102201", 0, Day(2025, 11, 1)),
                                              Activity(l4, "350921102000", 0, std::nullopt),
                                              Activity(l5, "350921101201", 0, std::nullopt),
                                              Activity(l6, "350921101201", 1, Day(2026, 1, 5)),
                                              Activity(l7, "350921102000", 0, Day(2025, 10, 1))};

  // When coverage is computed with N = 3
  auto c = Coverage(villages, links, from, to, as_of, 3);

  // Then six links were active (not the 2025 one), with six visits in the period
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->links_active, 6);
  EXPECT_EQ(c->visits, 6);
  EXPECT_EQ(c->window_from_ms, Day(2026, 2, 28));
  // And villages 102201 and 102202 have no active link (the unit link reaches 001)
  EXPECT_EQ(c->unlinked, (std::vector<std::string>{"350921102201", "350921102202"}));
  // And links 2 (last visit before the window), 4 (never) and 7 went unvisited; 5 is younger
  // than the window, 6 no longer runs
  EXPECT_EQ(c->unvisited, (std::vector<int64_t>{2, 4, 7}));

  // With N = 6 the window starts 2025-11-29: link 2's January visit counts, link 4 (since
  // January) is younger than the window, link 7's October visit is too old
  auto wide = Coverage(villages, links, from, to, as_of, 6);
  ASSERT_TRUE(wide.ok());
  EXPECT_EQ(wide->window_from_ms, Day(2025, 11, 29));
  EXPECT_EQ(wide->unvisited, (std::vector<int64_t>{7}));
  // And without villages (coverage above county level) nothing is listed as unlinked
  EXPECT_TRUE(Coverage({}, links, from, to, as_of, 3)->unlinked.empty());
}

TEST(LinkageCoverage, MonthsOutOfRangeIsRefused) {
  for (int months : {0, -1, 25}) {
    auto c = Coverage({}, {}, Day(2026, 1, 1), Day(2026, 2, 1), Day(2026, 2, 1), months);
    EXPECT_EQ(CodeOf(c.status()), "invalid_argument") << months;
    EXPECT_EQ(c.status().field(), "months");
  }
}

// --- 双报到 -----------------------------------------------------------------------------------

CommunityRegistration Registration() {
  CommunityRegistration r;
  r.id = 7;
  r.community_code = "350921001001";
  r.unit_id = 3;
  r.registered_on_ms = Day(2026, 3, 1);
  return r;
}

CommunityService Service(int64_t day_ms) {
  CommunityService s;
  s.registration_id = 7;
  s.served_on_ms = day_ms;
  s.content = "参加社区环境整治志愿服务";
  s.minutes = 90;
  return s;
}

TEST(CommunityServiceRule, DefaultsToOneAndReadsTheDataFile) {
  CommunityServiceRule rule;
  EXPECT_EQ(rule.min_services_per_year, 1);
  ASSERT_TRUE(
      rule.AddText("# 每名在职党员每年到社区服务次数\n\nmin_services_per_year 4  # 季度一次\n")
          .ok());
  EXPECT_EQ(rule.min_services_per_year, 4);
  ASSERT_TRUE(rule.AddText("min_services_per_year 2\nmin_services_per_year 6\r\n").ok());
  EXPECT_EQ(rule.min_services_per_year, 6);  // The later line wins.
}

TEST(CommunityServiceRule, BadLinesAreRefusedAndChangeNothing) {
  for (const char* text :
       {"min_services_per_year 0", "min_services_per_year -2", "min_services_per_year 367",
        "min_services_per_year", "min_services_per_year 2 3", "min_services_per_year two",
        "max_services_per_year 2", "min_services_per_year 2\nmin_services_per_year 1.5"}) {
    CommunityServiceRule rule;
    rule.min_services_per_year = 3;
    const Status st = rule.AddText(text);
    EXPECT_EQ(CodeOf(st), "invalid_argument") << text;
    EXPECT_NE(st.message_zh().find("行"), std::string::npos) << st.message_zh();
    EXPECT_EQ(rule.min_services_per_year, 3) << text;
  }
}

TEST(CommunityRegistration, NameUnitAndDayAreChecked) {
  const CommunityRegistration r = Registration();
  EXPECT_TRUE(CheckRegistration(r, "欧阳明远", kNow).ok());
  EXPECT_EQ(CheckRegistration(r, "  ", kNow).field(), "member_name");
  EXPECT_EQ(CheckRegistration(r, Repeat("名", 51), kNow).field(), "member_name");
  CommunityRegistration no_unit = r;
  no_unit.unit_id = 0;
  EXPECT_EQ(CheckRegistration(no_unit, "欧阳明远", kNow).field(), "unit_id");
  CommunityRegistration future = r;
  future.registered_on_ms = Day(2026, 5, 29);
  EXPECT_EQ(CheckRegistration(future, "欧阳明远", kNow).field(), "registered_on");
  CommunityRegistration old = r;
  old.registered_on_ms = Day(1999, 1, 1);
  EXPECT_EQ(CheckRegistration(old, "欧阳明远", kNow).field(), "registered_on");
}

TEST(CommunityService, ContentHoursAndDayAreChecked) {
  const CommunityRegistration r = Registration();
  EXPECT_TRUE(
      CheckService(r, Service(Day(2026, 3, 1)), kNow).ok());  // The registration day itself.
  CommunityService no_hours = Service(Day(2026, 5, 28));
  no_hours.minutes.reset();
  EXPECT_TRUE(CheckService(r, no_hours, kNow).ok());
  CommunityService blank = Service(Day(2026, 4, 1));
  blank.content = "\u3000";
  EXPECT_EQ(CheckService(r, blank, kNow).field(), "content");
  CommunityService negative = Service(Day(2026, 4, 1));
  negative.minutes = -30;
  EXPECT_EQ(CheckService(r, negative, kNow).field(), "hours");
  CommunityService future = Service(Day(2026, 5, 29));
  EXPECT_EQ(CodeOf(CheckService(r, future, kNow)), "invalid_argument");
  EXPECT_EQ(CheckService(r, future, kNow).field(), "served_on");
  const Status before = CheckService(r, Service(Day(2026, 2, 28)), kNow);
  EXPECT_EQ(CodeOf(before), "unprocessable");
  EXPECT_EQ(before.field(), "served_on");
}

TEST(CommunityService, HoursBecomeWholeMinutes) {
  EXPECT_EQ(*HoursToMinutes(1.5), 90);
  EXPECT_EQ(*HoursToMinutes(0), 0);
  EXPECT_EQ(*HoursToMinutes(24), 1440);
  EXPECT_EQ(*HoursToMinutes(0.3333), 20);
  for (double bad : {-0.5, 24.01, 1e300}) {
    auto m = HoursToMinutes(bad);
    EXPECT_EQ(CodeOf(m.status()), "invalid_argument") << bad;
    EXPECT_EQ(m.status().field(), "hours");
  }
}

TEST(CommunityService, YearPeriodIsChinaTimeAndBounded) {
  auto y = YearPeriod(2026);
  ASSERT_TRUE(y.ok());
  EXPECT_EQ(y->first, Day(2026, 1, 1));
  EXPECT_EQ(y->second, Day(2027, 1, 1));
  EXPECT_EQ(YearPeriod(1999).status().field(), "year");
  EXPECT_EQ(YearPeriod(2101).status().field(), "year");
}

TEST(CommunityService, ComplianceSplitsAtTheRulesNumber) {
  CommunityServiceRule rule;
  rule.min_services_per_year = 2;
  // Registration 9 has no service (0), 3 has one, 5 has two, 4 has five.
  const auto c = Comply(rule, {{9, 0}, {3, 1}, {5, 2}, {4, 5}});
  EXPECT_EQ(c, (ServiceCompliance{4, 2, {3, 9}}));
  rule.min_services_per_year = 1;
  EXPECT_EQ(Comply(rule, {{9, 0}, {3, 1}, {5, 2}, {4, 5}}), (ServiceCompliance{4, 3, {9}}));
  EXPECT_EQ(Comply(rule, {}), (ServiceCompliance{0, 0, {}}));
}

}  // namespace
}  // namespace sixia::domain

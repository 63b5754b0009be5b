#include "domain/reception.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "domain/calendar.h"

namespace sixia::domain {
namespace {

constexpr int64_t kHour = 3'600'000;

constexpr LeaderPost kPosts[] = {LeaderPost::kCityLeader, LeaderPost::kCountySecretary,
                                 LeaderPost::kCountyHead, LeaderPost::kCountyLeader,
                                 LeaderPost::kTownshipLeader};

std::string CodeOf(const Status& st) { return ErrorCodeName(st.code()); }

int64_t Day(int y, int m, int d) { return StartOfDayMs(Date{y, m, d}); }

// The quota of every post, for "the refused text changed nothing".
std::vector<std::optional<Quota>> Snapshot(const QuotaTable& t) {
  std::vector<std::optional<Quota>> out;
  for (LeaderPost p : kPosts) out.push_back(t.Find(p));
  return out;
}

constexpr Quota kMonthly{1, QuotaPeriod::kMonth};
constexpr Quota kQuarterly{1, QuotaPeriod::kQuarter};

// --- Vocabulary ------------------------------------------------------------------------------

TEST(ReceptionVocabulary, NamesRoundTripAndLabelsAreChinese) {
  for (LeaderPost p : kPosts) EXPECT_EQ(LeaderPostFromName(LeaderPostName(p)), p) << LeaderPostName(p);
  EXPECT_STREQ(LeaderPostName(LeaderPost::kCityLeader), "city_leader");
  EXPECT_STREQ(LeaderPostName(LeaderPost::kCountySecretary), "county_secretary");
  EXPECT_STREQ(LeaderPostName(LeaderPost::kCountyHead), "county_head");
  EXPECT_STREQ(LeaderPostName(LeaderPost::kCountyLeader), "county_leader");
  EXPECT_STREQ(LeaderPostName(LeaderPost::kTownshipLeader), "township_leader");
  EXPECT_EQ(LeaderPostFromName("County_Head"), std::nullopt);
  EXPECT_EQ(LeaderPostFromName(""), std::nullopt);
  EXPECT_STREQ(LeaderPostLabel(LeaderPost::kCityLeader), "市级领导");
  EXPECT_STREQ(LeaderPostLabel(LeaderPost::kCountySecretary), "县委书记");
  EXPECT_STREQ(LeaderPostLabel(LeaderPost::kCountyHead), "县长");
  EXPECT_STREQ(LeaderPostLabel(LeaderPost::kCountyLeader), "县级领导");
  EXPECT_STREQ(LeaderPostLabel(LeaderPost::kTownshipLeader), "乡镇领导");
  EXPECT_STREQ(QuotaPeriodName(QuotaPeriod::kMonth), "month");
  EXPECT_STREQ(QuotaPeriodName(QuotaPeriod::kQuarter), "quarter");
  EXPECT_STREQ(QuotaPeriodName(QuotaPeriod::kYear), "year");
}

// --- Quotas ----------------------------------------------------------------------------------

TEST(ReceptionQuotas, DefaultsFollowThe2009Guidance) {
  const QuotaTable t = DefaultQuotas();
  EXPECT_EQ(t.Find(LeaderPost::kCityLeader), kQuarterly);
  EXPECT_EQ(t.Find(LeaderPost::kCountySecretary), kMonthly);
  EXPECT_EQ(t.Find(LeaderPost::kCountyHead), kMonthly);
  EXPECT_EQ(t.Find(LeaderPost::kCountyLeader), std::nullopt);
  EXPECT_EQ(t.Find(LeaderPost::kTownshipLeader), std::nullopt) << "township leaders: any time, no quota";
}

TEST(ReceptionQuotas, SetReplacesAndNulloptRemoves) {
  QuotaTable t;
  EXPECT_EQ(t.Find(LeaderPost::kCountyHead), std::nullopt);
  t.Set(LeaderPost::kCountyHead, Quota{2, QuotaPeriod::kMonth});
  EXPECT_EQ(t.Find(LeaderPost::kCountyHead), (Quota{2, QuotaPeriod::kMonth}));
  t.Set(LeaderPost::kCountyHead, std::nullopt);
  EXPECT_EQ(t.Find(LeaderPost::kCountyHead), std::nullopt);
}

TEST(ReceptionQuotaText, LinesSetQuotasAndCommentsAreIgnored) {
  // Given the defaults, When a province's file tightens them,
  QuotaTable t = DefaultQuotas();
  const Status st = t.AddText(
      "# 本省规定\n"
      "\n"
      "county_leader 1/quarter\n"
      "county_head 2/month # comment\n"
      "  township_leader\t3/year  \r\n"
      "county_secretary 31/month");
  // Then every line applies and the rest is untouched.
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_EQ(t.Find(LeaderPost::kCountyLeader), kQuarterly);
  EXPECT_EQ(t.Find(LeaderPost::kCountyHead), (Quota{2, QuotaPeriod::kMonth}));
  EXPECT_EQ(t.Find(LeaderPost::kTownshipLeader), (Quota{3, QuotaPeriod::kYear}));
  EXPECT_EQ(t.Find(LeaderPost::kCountySecretary), (Quota{31, QuotaPeriod::kMonth}));
  EXPECT_EQ(t.Find(LeaderPost::kCityLeader), kQuarterly);
}

TEST(ReceptionQuotaText, NoneRemovesAQuotaAndLaterLinesOverride) {
  QuotaTable t = DefaultQuotas();
  ASSERT_TRUE(t.AddText("city_leader none\ncounty_head 1/quarter\ncounty_head 3/month\n").ok());
  EXPECT_EQ(t.Find(LeaderPost::kCityLeader), std::nullopt);
  EXPECT_EQ(t.Find(LeaderPost::kCountyHead), (Quota{3, QuotaPeriod::kMonth}));
  EXPECT_EQ(t.Find(LeaderPost::kCountySecretary), kMonthly);

  ASSERT_TRUE(t.AddText("city_leader 1/year\ncity_leader none").ok());
  EXPECT_EQ(t.Find(LeaderPost::kCityLeader), std::nullopt) << "the later none wins";
}

TEST(ReceptionQuotaText, EmptyOrCommentOnlyTextChangesNothing) {
  QuotaTable t = DefaultQuotas();
  const auto before = Snapshot(t);
  EXPECT_TRUE(t.AddText("").ok());
  EXPECT_TRUE(t.AddText("# nothing\n\n   \n").ok());
  EXPECT_EQ(Snapshot(t), before);
}

TEST(ReceptionQuotaText, BadLineIsRefusedWithItsNumberAndTheTableIsUnchanged) {
  struct Case {
    const char* text;
    int line;  // Expected in the messages: "line N" and "第N行".
  };
  const Case cases[] = {
      {"county_leader 1/quarter\nmayor 1/month", 2},              // Unknown post.
      {"County_Head 1/month", 1},                                 // Names are exact.
      {"county_leader 1/quarter\n# c\ncounty_head 0/month", 3},   // Days 0.
      {"county_head 32/month", 1},                                // Days 32.
      {"county_head -1/month", 1},
      {"county_head x/month", 1},
      {"county_head 1x/month", 1},
      {"county_head /month", 1},
      {"\n\ncounty_head 1/week", 3},                              // Bad period.
      {"county_head 1/Month", 1},
      {"county_head 1/", 1},
      {"county_head 1 month", 1},                                 // Extra token.
      {"county_head 1/month extra", 1},
      {"county_head none please", 1},
      {"county_head", 1},                                         // No spec.
      {"county_head month", 1},
  };
  for (const Case& c : cases) {
    // Given the defaults,
    QuotaTable t = DefaultQuotas();
    const auto before = Snapshot(t);
    // When a text with a bad line is added,
    const Status st = t.AddText(c.text);
    // Then it is refused naming the line, and no line of it applied (not even the good ones).
    EXPECT_EQ(CodeOf(st), "invalid_argument") << c.text;
    EXPECT_EQ(st.field(), "quotas") << c.text;
    const std::string n = std::to_string(c.line);
    EXPECT_NE(st.message().find("line " + n + ":"), std::string::npos) << c.text << " → " << st.message();
    EXPECT_NE(st.message_zh().find("第" + n + "行"), std::string::npos) << c.text << " → " << st.message_zh();
    EXPECT_EQ(Snapshot(t), before) << c.text;
  }
}

// --- Compliance ------------------------------------------------------------------------------

TEST(ReceptionCompliance, CalendarYearHasTwelveMonthlyOrFourQuarterlyWindows) {
  const int64_t from = Day(2026, 1, 1), to = Day(2027, 1, 1);

  const QuotaCompliance monthly = Compliance(kMonthly, {}, from, to);
  ASSERT_EQ(monthly.windows.size(), 12u);
  for (int m = 1; m <= 12; ++m) {
    const QuotaWindow& w = monthly.windows[m - 1];
    EXPECT_EQ(w.from_ms, Day(2026, m, 1)) << m;
    EXPECT_EQ(w.to_ms, m == 12 ? Day(2027, 1, 1) : Day(2026, m + 1, 1)) << m;
    EXPECT_EQ(w.required, 1);
    EXPECT_EQ(w.held, 0);
    EXPECT_FALSE(w.met());
  }
  EXPECT_EQ(monthly.required, 12);
  EXPECT_EQ(monthly.windows_missed, 12);
  EXPECT_EQ(monthly.held, 0);
  EXPECT_EQ(monthly.quota, kMonthly);

  const QuotaCompliance quarterly = Compliance(kQuarterly, {}, from, to);
  ASSERT_EQ(quarterly.windows.size(), 4u);
  EXPECT_EQ(quarterly.windows[0].from_ms, Day(2026, 1, 1));
  EXPECT_EQ(quarterly.windows[1].from_ms, Day(2026, 4, 1));
  EXPECT_EQ(quarterly.windows[2].from_ms, Day(2026, 7, 1));
  EXPECT_EQ(quarterly.windows[3].from_ms, Day(2026, 10, 1));
  EXPECT_EQ(quarterly.windows[3].to_ms, Day(2027, 1, 1));
  EXPECT_EQ(quarterly.required, 4);

  const QuotaCompliance yearly = Compliance(Quota{2, QuotaPeriod::kYear}, {}, from, to);
  ASSERT_EQ(yearly.windows.size(), 1u);
  EXPECT_EQ(yearly.required, 2);
}

TEST(ReceptionCompliance, WindowsStartAtChinaMidnight) {
  const QuotaCompliance c = Compliance(kMonthly, {}, Day(2026, 1, 1), Day(2026, 2, 1));
  ASSERT_EQ(c.windows.size(), 1u);
  // 2026-01-01 00:00 China time is 2025-12-31 16:00 UTC.
  EXPECT_EQ(c.windows[0].from_ms, 1'767'196'800'000);
  EXPECT_EQ(c.windows[0].to_ms, 1'769'875'200'000);  // 2026-01-31 16:00 UTC.
}

TEST(ReceptionCompliance, OnlyWindowsWhollyInsideThePeriodCount) {
  // A period starting mid-month skips the partial first month; one ending mid-month the last.
  const QuotaCompliance mid = Compliance(kMonthly, {}, Day(2026, 1, 15), Day(2026, 4, 10));
  ASSERT_EQ(mid.windows.size(), 2u);
  EXPECT_EQ(mid.windows[0].from_ms, Day(2026, 2, 1));
  EXPECT_EQ(mid.windows[1].from_ms, Day(2026, 3, 1));
  EXPECT_EQ(mid.windows[1].to_ms, Day(2026, 4, 1));
  EXPECT_EQ(mid.required, 2);

  // One hour into the first of the month is already past the month's start.
  const QuotaCompliance late_start = Compliance(kMonthly, {}, Day(2026, 1, 1) + kHour, Day(2026, 3, 1));
  ASSERT_EQ(late_start.windows.size(), 1u);
  EXPECT_EQ(late_start.windows[0].from_ms, Day(2026, 2, 1));

  // Quarterly from February: the first whole quarter is Q2; to mid-December: Q4 is cut.
  const QuotaCompliance q = Compliance(kQuarterly, {}, Day(2026, 2, 1), Day(2026, 12, 15));
  ASSERT_EQ(q.windows.size(), 2u);
  EXPECT_EQ(q.windows[0].from_ms, Day(2026, 4, 1));
  EXPECT_EQ(q.windows[1].from_ms, Day(2026, 7, 1));
  EXPECT_EQ(q.windows[1].to_ms, Day(2026, 10, 1));

  // A period shorter than one window has none.
  EXPECT_TRUE(Compliance(kMonthly, {}, Day(2026, 1, 15), Day(2026, 2, 14)).windows.empty());
  EXPECT_TRUE(Compliance(kQuarterly, {}, Day(2026, 1, 1), Day(2026, 3, 31)).windows.empty());
}

TEST(ReceptionCompliance, WindowsCrossTheYearEnd) {
  const QuotaCompliance c = Compliance(kMonthly, {}, Day(2025, 11, 1), Day(2026, 2, 1));
  ASSERT_EQ(c.windows.size(), 3u);
  EXPECT_EQ(c.windows[0].from_ms, Day(2025, 11, 1));
  EXPECT_EQ(c.windows[1].from_ms, Day(2025, 12, 1));
  EXPECT_EQ(c.windows[1].to_ms, Day(2026, 1, 1));
  EXPECT_EQ(c.windows[2].from_ms, Day(2026, 1, 1));
  EXPECT_EQ(c.windows[2].to_ms, Day(2026, 2, 1));
}

TEST(ReceptionCompliance, HeldDaysAreCountedPerWindowAndMissedWindowsCounted) {
  // Given a county head with 2 days a month over the first quarter of 2026,
  const Quota two_a_month{2, QuotaPeriod::kMonth};
  const std::vector<int64_t> held = {
      Day(2026, 1, 5), Day(2026, 1, 20),                    // January: met.
      Day(2026, 2, 10),                                     // February: 1 of 2.
      Day(2026, 3, 2), Day(2026, 3, 16), Day(2026, 3, 30),  // March: 3, met.
  };
  // When the compliance is computed,
  const QuotaCompliance c = Compliance(two_a_month, held, Day(2026, 1, 1), Day(2026, 4, 1));
  // Then
  ASSERT_EQ(c.windows.size(), 3u);
  EXPECT_EQ(c.windows[0].held, 2);
  EXPECT_TRUE(c.windows[0].met());
  EXPECT_EQ(c.windows[1].held, 1);
  EXPECT_FALSE(c.windows[1].met());
  EXPECT_EQ(c.windows[2].held, 3);
  EXPECT_TRUE(c.windows[2].met());
  EXPECT_EQ(c.required, 6);
  EXPECT_EQ(c.held, 6);
  EXPECT_EQ(c.windows_missed, 1);
}

TEST(ReceptionCompliance, HeldCountsEveryDayInThePeriodEvenOutsideWholeWindows) {
  // Given a period from mid-January to mid-March: only February is a whole window,
  const std::vector<int64_t> held = {
      Day(2026, 1, 10),  // Before the period: not counted at all.
      Day(2026, 1, 20),  // In the period, in the partial January.
      Day(2026, 2, 3),   // February.
      Day(2026, 3, 10),  // In the partial March.
      Day(2026, 3, 15),  // The period's end (exclusive): not counted.
  };
  const QuotaCompliance c = Compliance(kMonthly, held, Day(2026, 1, 15), Day(2026, 3, 15));
  ASSERT_EQ(c.windows.size(), 1u);
  EXPECT_EQ(c.windows[0].held, 1);
  EXPECT_EQ(c.held, 3) << "held counts the whole period [from, to)";
  EXPECT_EQ(c.required, 1);
  EXPECT_EQ(c.windows_missed, 0);
}

TEST(ReceptionCompliance, NoQuotaMeansNoWindowsButDaysAreStillCounted) {
  const std::vector<int64_t> held = {Day(2026, 1, 5), Day(2026, 6, 5), Day(2027, 1, 5)};
  const QuotaCompliance c = Compliance(std::nullopt, held, Day(2026, 1, 1), Day(2027, 1, 1));
  EXPECT_EQ(c.quota, std::nullopt);
  EXPECT_TRUE(c.windows.empty());
  EXPECT_EQ(c.required, 0);
  EXPECT_EQ(c.windows_missed, 0);
  EXPECT_EQ(c.held, 2);
}

TEST(ReceptionCompliance, EmptyOrReversedPeriodHasNoWindows) {
  const std::vector<int64_t> held = {Day(2026, 1, 5)};
  const QuotaCompliance empty = Compliance(kMonthly, held, Day(2026, 1, 1), Day(2026, 1, 1));
  EXPECT_TRUE(empty.windows.empty());
  EXPECT_EQ(empty.held, 0);
  const QuotaCompliance reversed = Compliance(kMonthly, held, Day(2027, 1, 1), Day(2026, 1, 1));
  EXPECT_TRUE(reversed.windows.empty());
  EXPECT_EQ(reversed.required, 0);
  EXPECT_EQ(reversed.held, 0);
}

TEST(ReceptionCompliance, LateEveningChinaTimeBelongsToThatChinaDay) {
  // 2026-01-31 23:30 China time is 2026-01-31 15:30 UTC: a January reception day.
  const int64_t jan31_late = 1'769'873'400'000;
  ASSERT_EQ(jan31_late, Day(2026, 1, 31) + 23 * kHour + 30 * 60'000);
  // 2026-02-01 00:00 China time is 2026-01-31 16:00 UTC (still January in UTC): February.
  const int64_t feb1_midnight = 1'769'875'200'000;

  const QuotaCompliance c =
      Compliance(kMonthly, {jan31_late, feb1_midnight}, Day(2026, 1, 1), Day(2026, 3, 1));
  ASSERT_EQ(c.windows.size(), 2u);
  EXPECT_EQ(c.windows[0].held, 1) << "23:30 on Jan 31 China time is in January";
  EXPECT_EQ(c.windows[1].held, 1) << "00:00 on Feb 1 China time is in February";
  EXPECT_EQ(c.windows_missed, 0);
  EXPECT_EQ(c.held, 2);
}

}  // namespace
}  // namespace sixia::domain

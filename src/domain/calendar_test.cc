#include "domain/calendar.h"

#include <gtest/gtest.h>

namespace sixia::domain {
namespace {

Date D(int y, int m, int d) { return Date{y, m, d}; }

TEST(CalendarDate, ConvertsToAndFromEpochDays) {
  EXPECT_EQ(D(1970, 1, 1).DaysSinceEpoch(), 0);
  EXPECT_EQ(D(1969, 12, 31).DaysSinceEpoch(), -1);
  EXPECT_EQ(D(2024, 3, 1).DaysSinceEpoch() - D(2024, 2, 28).DaysSinceEpoch(), 2);  // Leap year.
  for (int64_t days = -800; days < 30000; days += 37)
    EXPECT_EQ(Date::FromDaysSinceEpoch(days).DaysSinceEpoch(), days);
  EXPECT_EQ(D(2024, 12, 31).AddDays(1), D(2025, 1, 1));
  EXPECT_LT(D(2024, 12, 31), D(2025, 1, 1));
}

TEST(CalendarDate, WeekdayIsIsoMondayFirst) {
  EXPECT_EQ(D(1970, 1, 1).Weekday(), 4);   // Thursday.
  EXPECT_EQ(D(2024, 2, 18).Weekday(), 7);  // Sunday.
  EXPECT_EQ(D(2025, 10, 8).Weekday(), 3);  // Wednesday.
  EXPECT_EQ(D(2026, 2, 14).Weekday(), 6);  // Saturday.
}

TEST(CalendarDate, ParsesOnlyStrictValidDates) {
  EXPECT_EQ(Date::Parse("2024-02-29"), D(2024, 2, 29));
  EXPECT_EQ(D(2024, 2, 9).ToString(), "2024-02-09");
  EXPECT_FALSE(Date::Parse("2025-02-29"));
  EXPECT_FALSE(Date::Parse("2024-2-9"));
  EXPECT_FALSE(Date::Parse("2024-13-01"));
  EXPECT_FALSE(Date::Parse("2024/02/09"));
  EXPECT_FALSE(Date::Parse("2024-02-0a"));
  EXPECT_FALSE(D(2024, 4, 31).IsValid());
}

TEST(ChinaTime, DayBoundaryIsMidnightUtcPlusEight) {
  // Given 2024-02-17 16:00:00 UTC, which is 2024-02-18 00:00 in China.
  const int64_t midnight = 1708185600000;
  EXPECT_EQ(StartOfDayMs(D(2024, 2, 18)), midnight);
  EXPECT_EQ(DateOfMs(midnight), D(2024, 2, 18));
  EXPECT_EQ(DateOfMs(midnight - 1), D(2024, 2, 17));
  EXPECT_EQ(DateOfMs(0), D(1970, 1, 1));
  EXPECT_EQ(DateOfMs(-kChinaUtcOffsetMs - 1), D(1969, 12, 31));
}

TEST(HolidayCalendar, ParsesEntriesCommentsAndBlankLines) {
  const auto calendar = HolidayCalendar::Parse(
      "# 测试\r\n"
      "\n"
      "2024-02-10 holiday 春节\r\n"
      "  2024-02-04   workday   春节调休  # 周日上班\n"
      "2024-06-10 holiday");
  ASSERT_TRUE(calendar.ok()) << calendar.status().ToString();
  EXPECT_EQ(calendar->size(), 3u);
  ASSERT_NE(calendar->Find(D(2024, 2, 4)), nullptr);
  EXPECT_EQ(calendar->Find(D(2024, 2, 4))->name, "春节调休");
  EXPECT_EQ(calendar->Find(D(2024, 2, 4))->kind, DayKind::kWorkday);
  EXPECT_EQ(calendar->Find(D(2024, 6, 10))->name, "");
  EXPECT_EQ(calendar->Find(D(2024, 6, 11)), nullptr);
}

TEST(HolidayCalendar, ParseErrorNamesTheLineInBothLanguages) {
  const auto bad_date =
      HolidayCalendar::Parse("# header\n2024-02-10 holiday 春节\n2024-02-30 holiday x\n");
  ASSERT_FALSE(bad_date.ok());
  EXPECT_EQ(bad_date.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(bad_date.status().message().find("line 3"), std::string::npos);
  EXPECT_NE(bad_date.status().message_zh().find("第3行"), std::string::npos);

  const auto bad_kind = HolidayCalendar::Parse("\n2024-02-10 vacation 春节\n");
  ASSERT_FALSE(bad_kind.ok());
  EXPECT_NE(bad_kind.status().message().find("line 2"), std::string::npos);

  EXPECT_FALSE(HolidayCalendar::Parse("2024-02-10\n").ok());
}

TEST(HolidayCalendar, WorkdayAndHolidayEntriesOverrideWeekends) {
  const auto calendar = HolidayCalendar::Parse("2024-02-18 workday\n2024-02-14 holiday\n").value();
  EXPECT_TRUE(calendar.IsWorkingDay(D(2024, 2, 18)));   // Sunday, make-up workday.
  EXPECT_FALSE(calendar.IsWorkingDay(D(2024, 2, 14)));  // Wednesday, holiday.
  EXPECT_FALSE(calendar.IsWorkingDay(D(2024, 2, 24)));  // Plain Saturday.
  EXPECT_TRUE(calendar.IsWorkingDay(D(2024, 2, 23)));   // Plain Friday.
}

TEST(HolidayCalendar, UncoveredYearFallsBackToPlainWeekends) {
  const HolidayCalendar calendar = DefaultChinaCalendar();
  EXPECT_TRUE(calendar.CoversYear(2026));
  EXPECT_FALSE(calendar.CoversYear(2027));
  EXPECT_FALSE(calendar.IsWorkingDay(D(2027, 1, 2)));  // Saturday.
  EXPECT_TRUE(calendar.IsWorkingDay(D(2027, 1, 1)));   // Friday: no 2027 data loaded.
}

TEST(HolidayCalendar, MergeLetsLaterEntriesOverrideAndCoversNewYears) {
  HolidayCalendar calendar = DefaultChinaCalendar();
  ASSERT_TRUE(calendar.Merge("2027-01-01 holiday 元旦\n2024-10-07 workday 地方调整\n").ok());
  EXPECT_TRUE(calendar.CoversYear(2027));
  EXPECT_FALSE(calendar.IsWorkingDay(D(2027, 1, 1)));
  EXPECT_TRUE(calendar.IsWorkingDay(D(2024, 10, 7)));
  EXPECT_EQ(calendar.Find(D(2024, 10, 7))->name, "地方调整");
}

TEST(HolidayCalendar, FailedMergeChangesNothing) {
  HolidayCalendar calendar = DefaultChinaCalendar();
  const size_t before = calendar.size();
  const Status status = calendar.Merge("2027-01-01 holiday 元旦\n2027-01-02 holday\n");
  EXPECT_EQ(status.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(status.message().find("line 2"), std::string::npos);
  EXPECT_EQ(calendar.size(), before);
  EXPECT_FALSE(calendar.CoversYear(2027));
}

TEST(DefaultChinaCalendar, ParsesAndCoversExactly2024To2026) {
  ASSERT_TRUE(HolidayCalendar::Parse(DefaultChinaCalendarText()).ok());
  EXPECT_EQ(DefaultChinaCalendar().covered_years(), (std::set<int>{2024, 2025, 2026}));
}

TEST(DefaultChinaCalendar, EveryMakeUpWorkdayIsAWeekendDay) {
  const HolidayCalendar calendar = DefaultChinaCalendar();
  int workdays = 0;
  for (Date d = D(2024, 1, 1); d <= D(2026, 12, 31); d = d.AddDays(1)) {
    const CalendarEntry* entry = calendar.Find(d);
    if (entry == nullptr || entry->kind != DayKind::kWorkday) continue;
    ++workdays;
    EXPECT_GE(d.Weekday(), 6) << d.ToString();
  }
  EXPECT_EQ(workdays, 8 + 5 + 6);
}

TEST(DefaultChinaCalendar, Year2024) {
  const HolidayCalendar c = DefaultChinaCalendar();
  EXPECT_FALSE(c.IsWorkingDay(D(2024, 1, 1)));
  EXPECT_TRUE(c.IsWorkingDay(D(2024, 2, 4)));    // Sunday, 春节调休.
  EXPECT_FALSE(c.IsWorkingDay(D(2024, 2, 15)));  // Thursday, 春节.
  EXPECT_TRUE(c.IsWorkingDay(D(2024, 2, 18)));   // Sunday, 春节调休.
  EXPECT_TRUE(c.IsWorkingDay(D(2024, 4, 7)));    // Sunday, 清明调休.
  EXPECT_TRUE(c.IsWorkingDay(D(2024, 5, 11)));   // Saturday, 劳动节调休.
  EXPECT_FALSE(c.IsWorkingDay(D(2024, 6, 10)));  // Monday, 端午.
  EXPECT_TRUE(c.IsWorkingDay(D(2024, 9, 14)));   // Saturday, 中秋调休.
  EXPECT_FALSE(c.IsWorkingDay(D(2024, 9, 16)));  // Monday, 中秋.
  EXPECT_FALSE(c.IsWorkingDay(D(2024, 10, 7)));  // Monday, 国庆.
  EXPECT_TRUE(c.IsWorkingDay(D(2024, 10, 12)));  // Saturday, 国庆调休.
}

TEST(DefaultChinaCalendar, Year2025) {
  const HolidayCalendar c = DefaultChinaCalendar();
  EXPECT_TRUE(c.IsWorkingDay(D(2025, 1, 26)));   // Sunday, 春节调休.
  EXPECT_FALSE(c.IsWorkingDay(D(2025, 2, 4)));   // Tuesday, 春节.
  EXPECT_TRUE(c.IsWorkingDay(D(2025, 2, 8)));    // Saturday, 春节调休.
  EXPECT_TRUE(c.IsWorkingDay(D(2025, 4, 27)));   // Sunday, 劳动节调休.
  EXPECT_FALSE(c.IsWorkingDay(D(2025, 6, 2)));   // Monday, 端午.
  EXPECT_TRUE(c.IsWorkingDay(D(2025, 9, 28)));   // Sunday, 国庆调休.
  EXPECT_FALSE(c.IsWorkingDay(D(2025, 10, 8)));  // Wednesday, 国庆中秋.
  EXPECT_TRUE(c.IsWorkingDay(D(2025, 10, 11)));  // Saturday, 国庆调休.
}

TEST(DefaultChinaCalendar, Year2026) {
  const HolidayCalendar c = DefaultChinaCalendar();
  EXPECT_FALSE(c.IsWorkingDay(D(2026, 1, 2)));   // Friday, 元旦.
  EXPECT_TRUE(c.IsWorkingDay(D(2026, 1, 4)));    // Sunday, 元旦调休.
  EXPECT_TRUE(c.IsWorkingDay(D(2026, 2, 14)));   // Saturday, 春节调休.
  EXPECT_FALSE(c.IsWorkingDay(D(2026, 2, 23)));  // Monday, 春节.
  EXPECT_TRUE(c.IsWorkingDay(D(2026, 2, 28)));   // Saturday, 春节调休.
  EXPECT_TRUE(c.IsWorkingDay(D(2026, 5, 9)));    // Saturday, 劳动节调休.
  EXPECT_FALSE(c.IsWorkingDay(D(2026, 6, 19)));  // Friday, 端午.
  EXPECT_FALSE(c.IsWorkingDay(D(2026, 9, 25)));  // Friday, 中秋.
  EXPECT_TRUE(c.IsWorkingDay(D(2026, 9, 20)));   // Sunday, 国庆调休.
  EXPECT_TRUE(c.IsWorkingDay(D(2026, 10, 10)));  // Saturday, 国庆调休.
}

}  // namespace
}  // namespace sixia::domain

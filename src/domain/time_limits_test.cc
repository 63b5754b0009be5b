#include "domain/time_limits.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <limits>
#include <map>
#include <random>
#include <string>

namespace sixia::domain {
namespace {

Date D(int y, int m, int d) { return Date{y, m, d}; }
// China-time moment.
int64_t At(int y, int mo, int d, int h = 0, int mi = 0) {
  return StartOfDayMs(D(y, mo, d)) + h * kMsPerHour + mi * 60'000;
}
// End of the given day (24:00 China time).
int64_t EndOf(int y, int m, int d) { return StartOfDayMs(D(y, m, d).AddDays(1)); }

constexpr TimeLimit kDays15{15, LimitUnit::kCalendarDays};

// --- names and text -------------------------------------------------------------------------

TEST(ClockKind, WireNamesRoundTrip) {
  for (ClockKind kind : kAllClockKinds) EXPECT_EQ(ClockKindFromName(ClockKindName(kind)), kind);
  EXPECT_STREQ(ClockKindName(ClockKind::kReReviewDecision), "re_review_decision");
  EXPECT_FALSE(ClockKindFromName("Handle"));
}

TEST(TimeLimitText, ParsesHoursDaysAndWorkingDays) {
  EXPECT_EQ(*ParseTimeLimit("2h"), (TimeLimit{2, LimitUnit::kHours}));
  EXPECT_EQ(*ParseTimeLimit("15d"), kDays15);
  EXPECT_EQ(*ParseTimeLimit("5wd"), (TimeLimit{5, LimitUnit::kWorkingDays}));
  EXPECT_EQ(FormatTimeLimit({5, LimitUnit::kWorkingDays}), "5wd");
  EXPECT_EQ(FormatTimeLimit({24, LimitUnit::kHours}), "24h");
  for (const char* bad : {"0d", "15", "d", "wd", "-1d", "+1d", "10000d", "1.5d", "5WD", "3m"}) {
    const auto r = ParseTimeLimit(bad);
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().field(), "limit");
  }
}

TEST(TimeLimitRules, ParsesSelectorsLimitAndNote) {
  const auto rules = ParseTimeLimitRules(
      "# 地方规定\n"
      "handle class=grievance division=350921 30d  # 霞浦县\n"
      "\n"
      "handle channel=hotline_12345 category=12345.emergency 2h\n"
      "objection 5wd note=条例第二十三条\n");
  ASSERT_TRUE(rules.ok()) << rules.status().ToString();
  ASSERT_EQ(rules->size(), 3u);
  const TimeLimitRule& first = (*rules)[0];
  EXPECT_EQ(first.clock, ClockKind::kHandle);
  EXPECT_EQ(first.petition_class, "grievance");
  EXPECT_EQ(first.division_prefix, "350921");
  EXPECT_EQ(first.limit, (TimeLimit{30, LimitUnit::kCalendarDays}));
  EXPECT_EQ((*rules)[1].channel, "hotline_12345");
  EXPECT_EQ((*rules)[1].category_prefix, "12345.emergency");
  EXPECT_EQ((*rules)[1].limit, (TimeLimit{2, LimitUnit::kHours}));
  EXPECT_EQ((*rules)[2].note, "条例第二十三条");
}

TEST(TimeLimitRules, ParseErrorsNameTheLine) {
  const struct {
    const char* text;
    const char* line;
  } cases[] = {
      {"handle 60d\nclose 60d\n", "line 2"},                      // Unknown clock.
      {"handle 60d\n\nhandle colour=red 60d\n", "line 3"},        // Unknown key.
      {"handle class=grievance class=suggestion 60d", "line 1"},  // Duplicate key.
      {"handle class=grievance\n", "line 1"},                     // No limit.
      {"handle 60d 30d\n", "line 1"},                             // Two limits.
      {"handle 60x\n", "line 1"},                                 // Bad limit.
      {"handle class=complaint 60d\n", "line 1"},                 // Not a petition class.
      {"handle division=35ab 60d\n", "line 1"},                   // Not digits.
      {"handle division=3509210000001 60d\n", "line 1"},          // Longer than a code.
      {"handle channel=Hotline 60d\n", "line 1"},                 // Not an identifier.
      {"handle category= 60d\n", "line 1"},                       // Empty value.
  };
  for (const auto& c : cases) {
    const auto r = ParseTimeLimitRules(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.status().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find(c.line), std::string::npos) << r.status().ToString();
    EXPECT_NE(r.status().message_zh().find("第"), std::string::npos);
  }
}

// --- the table ------------------------------------------------------------------------------

TEST(TimeLimitTable, DefaultsFollowTheRegulation) {
  const TimeLimitTable table = DefaultTimeLimits();
  const auto limit = [&](ClockKind clock) {
    return table.Find(clock, "grievance", "visit", "01.02", "350921101201")->limit;
  };
  EXPECT_EQ(limit(ClockKind::kDispose), kDays15);
  EXPECT_EQ(limit(ClockKind::kReceiptNotice), kDays15);
  EXPECT_EQ(limit(ClockKind::kObjection), (TimeLimit{5, LimitUnit::kWorkingDays}));
  EXPECT_EQ(limit(ClockKind::kHandle), (TimeLimit{60, LimitUnit::kCalendarDays}));
  for (ClockKind clock : {ClockKind::kReviewRequest, ClockKind::kReviewDecision,
                          ClockKind::kReReviewRequest, ClockKind::kReReviewDecision})
    EXPECT_EQ(limit(clock), (TimeLimit{30, LimitUnit::kCalendarDays})) << ClockKindName(clock);
}

TEST(TimeLimitTable, HotlineCategoriesHaveTheirOwnHandlingLimits) {
  const TimeLimitTable table = DefaultTimeLimits();
  const auto handle = [&](std::string_view channel, std::string_view category) {
    return table.Find(ClockKind::kHandle, "", channel, category, "350921000000")->limit;
  };
  EXPECT_EQ(handle("hotline_12345", "12345.emergency"), (TimeLimit{2, LimitUnit::kHours}));
  EXPECT_EQ(handle("hotline_12345", "12345.utility"), (TimeLimit{24, LimitUnit::kHours}));
  EXPECT_EQ(handle("hotline_12345", "12345.general"), (TimeLimit{7, LimitUnit::kCalendarDays}));
  EXPECT_EQ(handle("hotline_12345", "12345.complex"), (TimeLimit{15, LimitUnit::kCalendarDays}));
  // The same category through another channel gets the statutory limit.
  EXPECT_EQ(handle("visit", "12345.emergency"), (TimeLimit{60, LimitUnit::kCalendarDays}));
}

TEST(TimeLimitTable, MoreMatchingFieldsWin) {
  TimeLimitTable table;
  const Status added = table.AddText(
      "handle class=grievance division=350921 30d\n"
      "handle 60d\n"
      "handle division=35 45d\n");
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(table.Find(ClockKind::kHandle, "grievance", "", "", "350921101201")->limit.amount, 30);
  EXPECT_EQ(table.Find(ClockKind::kHandle, "suggestion", "", "", "350921101201")->limit.amount, 45);
  EXPECT_EQ(table.Find(ClockKind::kHandle, "grievance", "", "", "110101000000")->limit.amount, 60);
}

TEST(TimeLimitTable, LongerPrefixWinsAmongEqualFieldCounts) {
  TimeLimitTable table;
  const Status added = table.AddText(
      "handle division=350921 20d\n"
      "handle division=3509 25d\n"
      "handle category=01.02 40d\n"
      "handle category=01 50d\n");
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(table.Find(ClockKind::kHandle, "", "", "", "350921101201")->limit.amount, 20);
  EXPECT_EQ(table.Find(ClockKind::kHandle, "", "", "", "350902000000")->limit.amount, 25);
  EXPECT_EQ(table.Find(ClockKind::kHandle, "", "", "01.02.03", "")->limit.amount, 40);
  EXPECT_EQ(table.Find(ClockKind::kHandle, "", "", "01.03", "")->limit.amount, 50);
  // Division length is compared before category length.
  EXPECT_EQ(table.Find(ClockKind::kHandle, "", "", "01.02", "350921000000")->limit.amount, 20);
}

TEST(TimeLimitTable, CategoryPrefixMatchesWholeSegments) {
  TimeLimitTable table;
  ASSERT_TRUE(table.AddText("handle category=01.02 40d\n").ok());
  EXPECT_TRUE(table.Find(ClockKind::kHandle, "", "", "01.02", "").ok());
  EXPECT_TRUE(table.Find(ClockKind::kHandle, "", "", "01.02.03", "").ok());
  EXPECT_FALSE(table.Find(ClockKind::kHandle, "", "", "01.023", "").ok());
  EXPECT_FALSE(table.Find(ClockKind::kHandle, "", "", "", "").ok());
}

TEST(TimeLimitTable, LaterRuleBreaksTiesSoDeploymentsOverrideDefaults) {
  TimeLimitTable table = DefaultTimeLimits();
  ASSERT_TRUE(table.AddText("dispose 10d note=市级规定\n").ok());
  const auto rule = table.Find(ClockKind::kDispose, "grievance", "visit", "", "350921000000");
  EXPECT_EQ(rule->limit.amount, 10);
  EXPECT_EQ(rule->note, "市级规定");
}

TEST(TimeLimitTable, NoMatchingRuleIsNotFound) {
  TimeLimitTable table;
  table.Add({ClockKind::kHandle, "grievance", "", "", "", {60, LimitUnit::kCalendarDays}, ""});
  EXPECT_EQ(table.Find(ClockKind::kHandle, "suggestion", "", "", "").status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(table.Find(ClockKind::kDispose, "grievance", "", "", "").status().code(),
            ErrorCode::kNotFound);
}

TEST(TimeLimitTable, AddTextIsAllOrNothing) {
  TimeLimitTable table;
  EXPECT_FALSE(table.AddText("handle 30d\nhandle thirty\n").ok());
  EXPECT_TRUE(table.rules().empty());
}

// --- the clock engine -----------------------------------------------------------------------

TEST(PetitionClock, CalendarDaysSkipTheStartDay) {
  const HolidayCalendar c = DefaultChinaCalendar();
  // Received Monday 2024-03-04 10:00: days 3-5 … 3-19 count; 3-19 is a Tuesday.
  EXPECT_EQ(DueAtMs(c, kDays15, At(2024, 3, 4, 10), {}), EndOf(2024, 3, 19));
  // Received at the very first millisecond of the day: that day still does not count.
  EXPECT_EQ(DueAtMs(c, {1, LimitUnit::kCalendarDays}, At(2024, 3, 4), {}), EndOf(2024, 3, 5));
  EXPECT_EQ(DueAtMs(c, {1, LimitUnit::kCalendarDays}, At(2024, 3, 4) - 1, {}), EndOf(2024, 3, 4));
}

TEST(PetitionClock, FifteenDaysEndingInNationalDayMoveToNextWorkingDay) {
  const HolidayCalendar c = DefaultChinaCalendar();
  // Received 2024-09-20: the 15th day is 10-05, inside 国庆 10-01…10-07; 10-08 is a Tuesday.
  EXPECT_EQ(DueAtMs(c, kDays15, At(2024, 9, 20, 15), {}), EndOf(2024, 10, 8));
}

TEST(PetitionClock, CalendarDaysEndingOnAWeekendMoveToMonday) {
  const HolidayCalendar c = DefaultChinaCalendar();
  // Friday 2024-03-01 + 1 day = Saturday 03-02 → Monday 03-04.
  EXPECT_EQ(DueAtMs(c, {1, LimitUnit::kCalendarDays}, At(2024, 3, 1, 9), {}), EndOf(2024, 3, 4));
}

TEST(PetitionClock, CalendarDaysEndingOnAMakeUpSaturdayStay) {
  const HolidayCalendar c = DefaultChinaCalendar();
  // 2024-10-12 is a Saturday worked in exchange for 国庆.
  EXPECT_EQ(DueAtMs(c, {10, LimitUnit::kCalendarDays}, At(2024, 10, 2, 9), {}),
            EndOf(2024, 10, 12));
}

TEST(PetitionClock, FiveWorkingDaysAcrossTheSpringFestival) {
  const HolidayCalendar c = DefaultChinaCalendar();
  // From Thursday 2024-02-08: 02-09, then 春节 02-10…02-17 off, Sunday 02-18 worked,
  // then 02-19, 02-20, 02-21.
  EXPECT_EQ(DueAtMs(c, {5, LimitUnit::kWorkingDays}, At(2024, 2, 8, 16), {}), EndOf(2024, 2, 21));
}

TEST(PetitionClock, MakeUpSaturdayCountsAsAWorkingDay) {
  const HolidayCalendar c = DefaultChinaCalendar();
  // From Tuesday 2024-10-08: 10-09, 10-10, 10-11, Saturday 10-12 (调休), 10-14.
  EXPECT_EQ(DueAtMs(c, {5, LimitUnit::kWorkingDays}, At(2024, 10, 8, 10), {}), EndOf(2024, 10, 14));
}

TEST(PetitionClock, ADayTouchedByAPauseIsNotCounted) {
  const HolidayCalendar c = DefaultChinaCalendar();
  const TimeLimit three_days{3, LimitUnit::kCalendarDays};
  const int64_t start = At(2024, 3, 4, 10);  // Monday.
  EXPECT_EQ(DueAtMs(c, three_days, start, {}), EndOf(2024, 3, 7));
  // A two-hour hearing on 03-06 removes that whole day.
  EXPECT_EQ(DueAtMs(c, three_days, start, {{At(2024, 3, 6, 9), At(2024, 3, 6, 11)}}),
            EndOf(2024, 3, 8));
  // A pause ending exactly at midnight does not touch the next day.
  EXPECT_EQ(DueAtMs(c, three_days, start, {{At(2024, 3, 5), At(2024, 3, 6)}}), EndOf(2024, 3, 8));
  // An empty pause touches nothing.
  EXPECT_EQ(DueAtMs(c, three_days, start, {{At(2024, 3, 6, 9), At(2024, 3, 6, 9)}}),
            EndOf(2024, 3, 7));
  // A pause within the start day changes nothing: that day is never counted.
  EXPECT_EQ(DueAtMs(c, three_days, start, {{At(2024, 3, 4, 11), At(2024, 3, 4, 12)}}),
            EndOf(2024, 3, 7));
  // Overlapping pauses count as their union, in any order.
  EXPECT_EQ(
      DueAtMs(c, three_days, start,
              {{At(2024, 3, 6, 9), At(2024, 3, 7, 1)}, {At(2024, 3, 5, 23), At(2024, 3, 6, 10)}}),
      EndOf(2024, 3, 11));  // 03-05…03-07 paused; 03-08, Sat 03-09, Sun 03-10 → Mon 03-11.
}

TEST(PetitionClock, PausedDaysAreSkippedForWorkingDaysToo) {
  const HolidayCalendar c = DefaultChinaCalendar();
  const int64_t start = At(2024, 3, 4, 10);  // Monday.
  EXPECT_EQ(
      DueAtMs(c, {2, LimitUnit::kWorkingDays}, start, {{At(2024, 3, 5, 8), At(2024, 3, 5, 9)}}),
      EndOf(2024, 3, 7));
}

TEST(PetitionClock, HoursAddThePausedTimeInBetween) {
  const HolidayCalendar c = DefaultChinaCalendar();
  const TimeLimit two_hours{2, LimitUnit::kHours};
  const int64_t start = At(2024, 10, 1, 10);  // Holidays do not matter for hours.
  EXPECT_EQ(DueAtMs(c, two_hours, start, {}), At(2024, 10, 1, 12));
  EXPECT_EQ(DueAtMs(c, two_hours, start, {{At(2024, 10, 1, 10, 30), At(2024, 10, 1, 11)}}),
            At(2024, 10, 1, 12, 30));
  // A pause that starts when the limit has already run out changes nothing.
  EXPECT_EQ(DueAtMs(c, two_hours, start, {{At(2024, 10, 1, 12), At(2024, 10, 1, 14)}}),
            At(2024, 10, 1, 12));
  // Time paused before the start is not added.
  EXPECT_EQ(DueAtMs(c, two_hours, start, {{At(2024, 10, 1, 9), At(2024, 10, 1, 10, 15)}}),
            At(2024, 10, 1, 12, 15));
}

TEST(PetitionClock, OpenPauseLeavesTheDueMomentUndefined) {
  const HolidayCalendar c = DefaultChinaCalendar();
  const int64_t start = At(2024, 3, 4, 10);
  EXPECT_EQ(DueAtMs(c, {2, LimitUnit::kHours}, start, {{At(2024, 3, 4, 11), 0}}), std::nullopt);
  EXPECT_EQ(DueAtMs(c, kDays15, start, {{At(2024, 3, 10, 11), 0}}), std::nullopt);
  EXPECT_EQ(DueAtMs(c, {5, LimitUnit::kWorkingDays}, start, {{At(2024, 3, 5), 0}}), std::nullopt);
  // Paused only after the limit ran out: the petition stays overdue.
  EXPECT_EQ(DueAtMs(c, {2, LimitUnit::kHours}, start, {{At(2024, 3, 4, 13), 0}}),
            At(2024, 3, 4, 12));
  EXPECT_EQ(DueAtMs(c, kDays15, start, {{At(2024, 3, 20), 0}}), EndOf(2024, 3, 19));
}

TEST(PetitionClock, ExtensionAddsAtMostThirtyDays) {
  const TimeLimit handle{60, LimitUnit::kCalendarDays};
  EXPECT_EQ(*Extend(handle, 0, 30), (TimeLimit{90, LimitUnit::kCalendarDays}));
  EXPECT_EQ(*Extend(handle, 20, 10), (TimeLimit{70, LimitUnit::kCalendarDays}));
  const auto too_many = Extend(handle, 20, 11);
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(too_many.status().field(), "days");
  EXPECT_NE(too_many.status().message().find("10 left"), std::string::npos);
  EXPECT_NE(too_many.status().message_zh().find("第三十四条"), std::string::npos);
  EXPECT_FALSE(Extend(handle, 0, 31).ok());
}

TEST(PetitionClock, ExtensionMustAddAtLeastOneDay) {
  const TimeLimit handle{60, LimitUnit::kCalendarDays};
  EXPECT_EQ(Extend(handle, 0, 0).status().field(), "days");
  EXPECT_FALSE(Extend(handle, 0, -5).ok());
  EXPECT_FALSE(Extend(handle, -1, 5).ok());
}

TEST(PetitionClock, ExtensionOfHourLimitsAddsWholeDaysAndWorkingDaysCannotBeExtended) {
  EXPECT_EQ(*Extend({24, LimitUnit::kHours}, 0, 2), (TimeLimit{72, LimitUnit::kHours}));
  EXPECT_EQ(Extend({5, LimitUnit::kWorkingDays}, 0, 2).status().field(), "days");
  EXPECT_EQ(*Extend({15, LimitUnit::kCalendarDays}, 0, 7, /*max_total_days=*/7),
            (TimeLimit{22, LimitUnit::kCalendarDays}));
}

TEST(PetitionClock, BandsTurnWarningAtThreeQuartersAndOverdueAfterDue) {
  const int64_t start = 0, due = 100;
  EXPECT_EQ(BandAt(start, due, 74, 0.75), Band::kNormal);
  EXPECT_EQ(BandAt(start, due, 75), Band::kWarning);
  EXPECT_EQ(BandAt(start, due, 100), Band::kWarning);
  EXPECT_EQ(BandAt(start, due, 101), Band::kOverdue);
  EXPECT_EQ(BandAt(start, due, 50, 0.5), Band::kWarning);
  for (Band band : {Band::kNormal, Band::kWarning, Band::kOverdue})
    EXPECT_EQ(BandFromName(BandName(band)), band);
  EXPECT_FALSE(BandFromName("late"));
}

// --- oracle ---------------------------------------------------------------------------------
// An independent, deliberately plain model: its own calendar table parsed with sscanf, civil
// dates from gmtime, a day-by-day walk, and a binary search for hour limits.

struct OracleDay {
  int y, m, d, wday;  // wday: 0 = Sunday (struct tm).
  int64_t begin_ms;
  int64_t end_ms() const { return begin_ms + 86'400'000; }
  int key() const { return y * 10000 + m * 100 + d; }
  void Next() {
    static const int kDaysIn[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    const int days_in_month = kDaysIn[m - 1] + (m == 2 && leap);
    if (++d > days_in_month) d = 1, ++m;
    if (m > 12) m = 1, ++y;
    wday = (wday + 1) % 7;
    begin_ms += 86'400'000;
  }
};

OracleDay OracleDayOf(int64_t ms) {
  const int64_t shifted = ms + 8 * 3'600'000;                  // China time, no DST.
  const time_t seconds = static_cast<time_t>(shifted / 1000);  // Oracle moments are positive.
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_wday, ms - (shifted % 86'400'000)};
}

struct Oracle {
  std::map<int, bool> working_override;  // yyyymmdd → working?

  void AddText(const std::string& text) {
    size_t pos = 0;
    while (pos < text.size()) {
      size_t eol = text.find('\n', pos);
      if (eol == std::string::npos) eol = text.size();
      const std::string line = text.substr(pos, eol - pos);
      pos = eol + 1;
      int y, m, d;
      char kind[16];
      if (std::sscanf(line.c_str(), "%d-%d-%d %15s", &y, &m, &d, kind) == 4)
        working_override[y * 10000 + m * 100 + d] = std::string(kind) == "workday";
    }
  }

  bool Working(const OracleDay& day) const {
    const auto it = working_override.find(day.key());
    if (it != working_override.end()) return it->second;
    return day.wday != 0 && day.wday != 6;
  }

  static bool Touched(const OracleDay& day, const std::vector<Pause>& pauses) {
    for (const Pause& p : pauses) {
      const bool open = p.to_ms == 0;
      if (p.from_ms < day.end_ms() && (open || p.to_ms > day.begin_ms) &&
          (open || p.to_ms > p.from_ms))
        return true;
    }
    return false;
  }

  std::optional<int64_t> DaysDue(TimeLimit limit, int64_t start,
                                 const std::vector<Pause>& pauses) const {
    const bool only_working = limit.unit == LimitUnit::kWorkingDays;
    OracleDay day = OracleDayOf(start);
    int counted = 0;
    // Phase 1: find the N-th counted day. Phase 2: move on to a counted working day.
    for (int guard = 0; guard < 3000; ++guard) {
      day.Next();
      if (Touched(day, pauses)) continue;
      if (only_working && !Working(day)) continue;
      ++counted;
      if (counted == limit.amount) break;
    }
    if (counted < limit.amount) return std::nullopt;
    for (int guard = 0; guard < 3000; ++guard) {
      if (Working(day) && !Touched(day, pauses)) return day.end_ms();
      day.Next();
    }
    return std::nullopt;
  }

  static std::optional<int64_t> HoursDue(TimeLimit limit, int64_t start,
                                         const std::vector<Pause>& pauses) {
    const int64_t need = limit.amount * int64_t{3'600'000};
    const auto ran = [&](int64_t t) {  // Running time in [start, t).
      int64_t paused = 0;
      for (const Pause& p : pauses) {
        const int64_t to = p.to_ms == 0 ? std::numeric_limits<int64_t>::max() : p.to_ms;
        const int64_t a = std::max(p.from_ms, start), b = std::min(to, t);
        if (b > a) paused += b - a;
      }
      return (t - start) - paused;
    };
    int64_t lo = start, hi = start + need;
    for (const Pause& p : pauses)
      hi += p.to_ms == 0 ? 0 : std::max<int64_t>(0, p.to_ms - p.from_ms);
    if (ran(hi) < need) return std::nullopt;
    while (lo < hi) {  // Smallest t with ran(t) >= need.
      const int64_t mid = lo + (hi - lo) / 2;
      if (ran(mid) >= need)
        hi = mid;
      else
        lo = mid + 1;
    }
    return lo;
  }
};

TEST(PetitionClockOracle, HundredThousandRandomPetitionsMatchAPlainDayByDayModel) {
  std::mt19937_64 rng(20240210);
  const auto uniform = [&](int64_t lo, int64_t hi) {  // Inclusive.
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  const int64_t kFirst = At(2024, 1, 1), kLast = At(2027, 1, 1) - 1;
  const int64_t kMinute = 60'000;
  const auto snap =
      [&](int64_t ms) {  // Sometimes exactly on a China-time midnight, or 1 ms before.
        const int64_t r = uniform(0, 9);
        if (r == 0) return StartOfDayMs(DateOfMs(ms));
        if (r == 1) return StartOfDayMs(DateOfMs(ms)) - 1;
        return ms;
      };

  int failures = 0;
  int64_t checked = 0, undefined = 0;
  for (int round = 0; round < 10 && failures < 5; ++round) {
    // Given the default calendar merged with random extra holidays and workdays (also in 2027).
    std::string extra;
    for (int i = 0; i < 40; ++i) {
      const Date date = DateOfMs(uniform(kFirst, At(2027, 12, 31)));
      extra += date.ToString() + (uniform(0, 1) ? " workday 随机\n" : " holiday 随机\n");
    }
    HolidayCalendar calendar = DefaultChinaCalendar();
    ASSERT_TRUE(calendar.Merge(extra).ok());
    Oracle oracle;
    oracle.AddText(std::string(DefaultChinaCalendarText()));
    oracle.AddText(extra);

    for (int i = 0; i < 10'000 && failures < 5; ++i) {
      const int64_t start = snap(uniform(kFirst, kLast));
      TimeLimit limit;
      switch (uniform(0, 2)) {
        case 0: limit = {static_cast<int>(uniform(1, 240)), LimitUnit::kHours}; break;
        case 1: limit = {static_cast<int>(uniform(1, 60)), LimitUnit::kCalendarDays}; break;
        default: limit = {static_cast<int>(uniform(1, 20)), LimitUnit::kWorkingDays}; break;
      }
      if (uniform(0, 2) == 0) {  // An extension request, granted or refused.
        const int already = static_cast<int>(uniform(0, 30));
        const int days = static_cast<int>(uniform(-2, 35));
        const auto extended = Extend(limit, already, days);
        const bool allowed =
            days > 0 && already + days <= 30 && limit.unit != LimitUnit::kWorkingDays;
        ASSERT_EQ(extended.ok(), allowed)
            << FormatTimeLimit(limit) << " " << already << "+" << days;
        if (allowed) {
          ASSERT_EQ(extended->amount,
                    limit.amount + days * (limit.unit == LimitUnit::kHours ? 24 : 1));
          limit = *extended;
        }
      }
      std::vector<Pause> pauses;
      int64_t cursor = start - uniform(0, 2 * kMsPerDay);
      for (int64_t k = uniform(0, 3); k > 0; --k) {
        const int64_t scale = std::array<int64_t, 3>{kMinute, kMsPerHour, kMsPerDay}[uniform(0, 2)];
        const int64_t from =
            std::max(cursor, snap(cursor + uniform(0, 10) * scale + uniform(0, kMinute)));
        const int64_t to = snap(from + uniform(0, 5) * scale + uniform(0, kMinute));
        if (to <= from) continue;
        pauses.push_back({from, to});
        cursor = to;
      }
      if (!pauses.empty() && uniform(0, 29) == 0) pauses.back().to_ms = 0;  // Still paused.
      std::shuffle(pauses.begin(), pauses.end(), rng);

      const auto got = DueAtMs(calendar, limit, start, pauses);
      const auto want = limit.unit == LimitUnit::kHours ? Oracle::HoursDue(limit, start, pauses)
                                                        : oracle.DaysDue(limit, start, pauses);
      ++checked;
      undefined += !want.has_value();
      if (got != want) {
        ++failures;
        ADD_FAILURE() << "round " << round << " petition " << i << ": start " << start << " limit "
                      << FormatTimeLimit(limit) << " pauses " << pauses.size() << " got "
                      << (got ? std::to_string(*got) : "none") << " want "
                      << (want ? std::to_string(*want) : "none");
      }
    }
  }
  EXPECT_EQ(checked, 100'000);
  EXPECT_GT(undefined, 0);  // Open pauses that matter were exercised.
}

}  // namespace
}  // namespace sixia::domain

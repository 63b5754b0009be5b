#include "app/rules.h"

#include <gtest/gtest.h>

namespace sixia::app {
namespace {

TEST(RulesInForce, DataLinesExtendTheShippedRules) {
  auto shipped = TimeLimitsWith("");
  ASSERT_TRUE(shipped.ok());
  auto local = TimeLimitsWith("# 县定\nhandle division=350921 30d\n");
  ASSERT_TRUE(local.ok()) << local.status().ToString();
  EXPECT_EQ(local->rules().size(), shipped->rules().size() + 1);
  auto rule = local->Find(domain::ClockKind::kHandle, "grievance", "visit", "", "350921001001");
  ASSERT_TRUE(rule.ok());
  EXPECT_EQ(rule->limit.amount, 30);

  auto calendar = CalendarWith("2027-02-20 workday 春节调休\n");
  ASSERT_TRUE(calendar.ok()) << calendar.status().ToString();
  EXPECT_TRUE(calendar->IsWorkingDay({2027, 2, 20}));  // A Saturday made a workday.
}

TEST(RulesInForce, BadLinesAreRefusedByLine) {
  auto limits = TimeLimitsWith("handle 30d\nhandle 0d\n");
  ASSERT_FALSE(limits.ok());
  EXPECT_NE(limits.status().message_zh().find("第2行"), std::string::npos);
  auto calendar = CalendarWith("2027-13-01 holiday 错\n");
  ASSERT_FALSE(calendar.ok());
  EXPECT_NE(calendar.status().message_zh().find("第1行"), std::string::npos);
}

TEST(RulesInForce, ReplacingKeepsEarlierTablesAliveForTheirReaders) {
  RulesInForce rules(*TimeLimitsWith(""), "", *CalendarWith(""), "");
  const auto before = rules.Current();
  const size_t shipped = before.limits->rules().size();

  rules.ReplaceLimits(*TimeLimitsWith("handle 30d\n"), "handle 30d\n");
  rules.ReplaceCalendar(*CalendarWith("2027-02-20 workday 春节调休\n"), "2027-02-20 workday 春节调休\n");

  // A reader that took the tables before still has them, whole.
  EXPECT_EQ(before.limits->rules().size(), shipped);
  EXPECT_FALSE(before.calendar->IsWorkingDay({2027, 2, 20}));
  // Readers after the replacement get the new ones, and the texts they came from.
  const auto after = rules.Current();
  EXPECT_EQ(after.limits->rules().size(), shipped + 1);
  EXPECT_TRUE(after.calendar->IsWorkingDay({2027, 2, 20}));
  EXPECT_EQ(rules.DataTexts().limits, "handle 30d\n");
  EXPECT_EQ(rules.DataTexts().holidays, "2027-02-20 workday 春节调休\n");
}

}  // namespace
}  // namespace sixia::app

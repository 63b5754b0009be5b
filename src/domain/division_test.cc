#include "domain/division.h"

#include <gtest/gtest.h>

namespace sixia::domain {
namespace {

TEST(DivisionCode, AcceptsOnlyTwelveDigits) {
  EXPECT_TRUE(IsDivisionCode("350921000000"));
  EXPECT_FALSE(IsDivisionCode("35092100000"));
  EXPECT_FALSE(IsDivisionCode("3509210000000"));
  EXPECT_FALSE(IsDivisionCode("35092100000a"));
  EXPECT_EQ(ValidateDivisionCode("x", "division_code").field(), "division_code");
}

TEST(DivisionCode, PadsSourceCodesByLevel) {
  EXPECT_EQ(*PadDivisionCode("35"), "350000000000");
  EXPECT_EQ(*PadDivisionCode("3509"), "350900000000");
  EXPECT_EQ(*PadDivisionCode("350921"), "350921000000");
  EXPECT_EQ(*PadDivisionCode("350921101"), "350921101000");
  EXPECT_EQ(*PadDivisionCode("350921101201"), "350921101201");
  EXPECT_FALSE(PadDivisionCode("3509211").ok());
  EXPECT_FALSE(PadDivisionCode("35a9").ok());
}

TEST(DivisionCode, AncestorsRunFromNationDown) {
  const auto a = AncestorCodes("350921101201", DivisionLevel::kVillage);
  ASSERT_EQ(a.size(), 5u);
  EXPECT_EQ(a[0], kNationCode);
  EXPECT_EQ(a[1], "350000000000");
  EXPECT_EQ(a[2], "350900000000");
  EXPECT_EQ(a[3], "350921000000");
  EXPECT_EQ(a[4], "350921101000");
}

TEST(DivisionSubtree, TownshipRangeHoldsItsVillagesOnly) {
  const auto r = SubtreeRange("350921101000", DivisionLevel::kTownship);
  EXPECT_EQ(r.first, "350921101000");
  EXPECT_EQ(r.last, "350921101999");
  EXPECT_TRUE(InSubtree("350921101000", DivisionLevel::kTownship, "350921101201"));
  EXPECT_FALSE(InSubtree("350921101000", DivisionLevel::kTownship, "350921102201"));
}

TEST(DivisionSubtree, NationContainsEverything) {
  EXPECT_TRUE(InSubtree(kNationCode, DivisionLevel::kNation, "110101001001"));
  const auto r = SubtreeRange(kNationCode, DivisionLevel::kNation);
  EXPECT_EQ(r.first, "000000000000");
  EXPECT_EQ(r.last, "999999999999");
}

TEST(DivisionSubtree, CountyOfIsEmptyAboveCounty) {
  EXPECT_EQ(CountyOf("350921101201", DivisionLevel::kVillage), "350921000000");
  EXPECT_EQ(CountyOf("350900000000", DivisionLevel::kCity), "");
}

}  // namespace
}  // namespace sixia::domain

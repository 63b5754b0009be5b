#include "domain/password_policy.h"

#include <gtest/gtest.h>

#include "domain/duration.h"

namespace sixia::domain {
namespace {

TEST(PasswordPolicy, DefaultNeedsEightCharactersFromThreeClasses) {
  PasswordPolicy p;
  EXPECT_TRUE(CheckPassword(p, "Abcdef12").ok());
  EXPECT_TRUE(CheckPassword(p, "abcdef1!").ok());
  EXPECT_EQ(CheckPassword(p, "Abcde12").code(), ErrorCode::kUnprocessable);   // 7 chars.
  EXPECT_EQ(CheckPassword(p, "abcdefgh1").code(), ErrorCode::kUnprocessable); // 2 classes.
  EXPECT_EQ(CheckPassword(p, "abcdefgh1").field(), "password");
}

TEST(PasswordPolicy, CountsCodePointsNotBytes) {
  PasswordPolicy p;
  // "信访工作A1" is 14 bytes but only 6 characters.
  EXPECT_FALSE(CheckPassword(p, "信访工作A1").ok());
  EXPECT_TRUE(CheckPassword(p, "信访工作平台A1").ok());
}

TEST(PasswordPolicy, RejectsInvalidUtf8) {
  EXPECT_EQ(CheckPassword({}, std::string("Abcdef12\xff")).code(), ErrorCode::kInvalidArgument);
}

TEST(Duration, ParsesUnits) {
  EXPECT_EQ(*ParseDurationMs("90d"), 90LL * 86'400'000);
  EXPECT_EQ(*ParseDurationMs("12h"), 12LL * 3'600'000);
  EXPECT_EQ(*ParseDurationMs("30m"), 30LL * 60'000);
  EXPECT_EQ(*ParseDurationMs("45s"), 45'000);
  for (const char* bad : {"", "d", "0d", "-1d", "10", "10w", "1.5d", "99999999d"})
    EXPECT_FALSE(ParseDurationMs(bad).ok()) << bad;
}

}  // namespace
}  // namespace sixia::domain

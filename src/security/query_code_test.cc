#include "security/query_code.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

#include "security/crypto.h"
#include "security/rate_limiter.h"

namespace sixia::security {
namespace {

TEST(QueryCode, IsSixteenCrockfordCharactersInFourGroups) {
  const std::string code = NewQueryCode();
  EXPECT_TRUE(
      std::regex_match(code, std::regex("[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}")))
      << code;
  EXPECT_EQ(NormalizeQueryCode(code).size(), 16u);  // 16 × 5 bits = 80 bits.
}

TEST(QueryCode, CodesDoNotRepeat) {
  std::set<std::string> seen;
  for (int i = 0; i < 2000; ++i) EXPECT_TRUE(seen.insert(NewQueryCode()).second);
}

TEST(QueryCode, TypedCodeMatchesWhateverTheCaseSpacingAndLookAlikes) {
  const std::string code = "7KQ2-M9XD-41TB-E0HW";
  const std::string hash = QueryCodeHash(code);
  EXPECT_TRUE(QueryCodeMatches(code, hash));
  EXPECT_TRUE(QueryCodeMatches("7kq2m9xd41tbe0hw", hash));
  EXPECT_TRUE(QueryCodeMatches(" 7KQ2 M9XD 4ITB EOHW ", hash)) << "I → 1, O → 0";
  EXPECT_TRUE(QueryCodeMatches("7KQ2-M9XD-4LTB-E0HW", hash)) << "L → 1";
}

TEST(QueryCode, WrongShortLongOrEmptyCodesDoNotMatch) {
  const std::string hash = QueryCodeHash("7KQ2-M9XD-41TB-E0HW");
  EXPECT_FALSE(QueryCodeMatches("7KQ2-M9XD-41TB-E0HX", hash));
  EXPECT_FALSE(QueryCodeMatches("7KQ2-M9XD-41TB-E0H", hash));
  EXPECT_FALSE(QueryCodeMatches("7KQ2-M9XD-41TB-E0HWW", hash));
  EXPECT_FALSE(QueryCodeMatches("", hash));
  EXPECT_FALSE(QueryCodeMatches(std::string(100000, '7'), hash));
}

TEST(QueryCode, NothingMatchesAnUnknownPetition) {
  // An unknown receipt number has no stored hash: even the dummy's own input is refused.
  EXPECT_FALSE(QueryCodeMatches("7KQ2-M9XD-41TB-E0HW", ""));
  EXPECT_FALSE(QueryCodeMatches("sixia: no such petition", ""));
}

TEST(QueryCode, CodesOfTheEarlierFormatStillMatchExactlyAsTyped) {
  const std::string legacy = "aB3-_x9QzK2p";  // 12 base64url characters (72 bits).
  const std::string hash = Sm3Hex(legacy);
  EXPECT_TRUE(QueryCodeMatches(legacy, hash));
  EXPECT_FALSE(QueryCodeMatches("AB3-_X9QZK2P", hash));
}

// The citizen endpoints peek at the stricter bucket of failed lookups before checking a
// code, and take a token only when the check failed.
TEST(RateLimiter, PeekTellsWhetherATokenIsLeftWithoutTakingIt) {
  RateLimiter limiter(2, 60);  // One token per second.
  EXPECT_TRUE(limiter.Peek("10.0.0.1", 0));
  EXPECT_TRUE(limiter.Peek("10.0.0.1", 0));
  EXPECT_TRUE(limiter.Allow("10.0.0.1", 0));
  EXPECT_TRUE(limiter.Allow("10.0.0.1", 0));
  EXPECT_FALSE(limiter.Peek("10.0.0.1", 0));
  EXPECT_FALSE(limiter.Peek("10.0.0.1", 999));
  EXPECT_TRUE(limiter.Peek("10.0.0.1", 1000));
  EXPECT_TRUE(limiter.Allow("10.0.0.1", 1000));
  EXPECT_FALSE(limiter.Peek("10.0.0.1", 1000));
}

}  // namespace
}  // namespace sixia::security

#include "security/login_rules.h"

#include <gtest/gtest.h>

#include "security/crypto.h"
#include "security/password_hasher.h"
#include "security/rate_limiter.h"

namespace sixia::security {
namespace {

constexpr int64_t kMinute = 60'000;

TEST(Lockout, FiveFailuresWithinFifteenMinutesLockForFifteen) {
  LockoutPolicy policy;
  FailureState s;
  int64_t t = 0;
  for (int i = 0; i < 4; ++i) s = AfterFailure(policy, s, t += kMinute);
  EXPECT_FALSE(IsLocked(s, t));
  s = AfterFailure(policy, s, t += kMinute);
  EXPECT_TRUE(IsLocked(s, t));
  EXPECT_TRUE(IsLocked(s, t + 15 * kMinute - 1));
  EXPECT_FALSE(IsLocked(s, t + 15 * kMinute));
}

TEST(Lockout, FailuresOutsideTheWindowDoNotAccumulate) {
  LockoutPolicy policy;
  FailureState s;
  int64_t t = 0;
  for (int i = 0; i < 4; ++i) s = AfterFailure(policy, s, t += kMinute);
  s = AfterFailure(policy, s, t += 20 * kMinute);  // Window expired: counts as the first.
  EXPECT_FALSE(IsLocked(s, t));
  EXPECT_EQ(s.failures, 1);
}

TEST(Session, EndsAfterThirtyIdleMinutesOrTwelveHours) {
  SessionPolicy p;
  EXPECT_FALSE(SessionExpired(p, 0, 0, 30 * kMinute));
  EXPECT_TRUE(SessionExpired(p, 0, 0, 30 * kMinute + 1));
  // Active all the time, but 12 hours is the absolute limit.
  const int64_t twelve_h = 12 * 60 * kMinute;
  EXPECT_FALSE(SessionExpired(p, 0, twelve_h - kMinute, twelve_h));
  EXPECT_TRUE(SessionExpired(p, 0, twelve_h, twelve_h + 1));
}

TEST(PasswordHasher, VerifiesOnlyTheRightPassword) {
  PasswordHasher h({1, 1024, 1});  // Cheap parameters for the test.
  auto hash = h.Hash("Correct#Horse1");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(h.Verify(*hash, "Correct#Horse1"));
  EXPECT_FALSE(h.Verify(*hash, "Correct#Horse2"));
  EXPECT_FALSE(h.Verify("not a hash", "Correct#Horse1"));
  // Same password, new salt.
  EXPECT_NE(*hash, *h.Hash("Correct#Horse1"));
}

TEST(Crypto, Sm3MatchesTheStandardTestVector) {
  // GB/T 32905-2016, example 1: SM3("abc").
  EXPECT_EQ(Sm3Hex("abc"), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
}

TEST(Crypto, RandomTokensAreUrlSafeAndDistinct) {
  const std::string a = RandomToken(32), b = RandomToken(32);
  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos);
  EXPECT_TRUE(ConstantTimeEquals(a, a));
  EXPECT_FALSE(ConstantTimeEquals(a, b));
  EXPECT_FALSE(ConstantTimeEquals(a, a.substr(1)));
}

TEST(RateLimiter, AllowsABurstThenRefills) {
  RateLimiter limiter(3, 60);  // One token per second.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Allow("10.0.0.1", 0));
  EXPECT_FALSE(limiter.Allow("10.0.0.1", 0));
  EXPECT_TRUE(limiter.Allow("10.0.0.2", 0));  // Per key.
  EXPECT_TRUE(limiter.Allow("10.0.0.1", 1000));
  EXPECT_FALSE(limiter.Allow("10.0.0.1", 1000));
}

TEST(RateLimiter, ForgetsTheOldestKeysBeyondItsBound) {
  RateLimiter limiter(1, 1, 2);
  EXPECT_TRUE(limiter.Allow("a", 0));
  EXPECT_TRUE(limiter.Allow("b", 0));
  EXPECT_TRUE(limiter.Allow("c", 0));  // Evicts "a".
  EXPECT_TRUE(limiter.Allow("a", 0));  // Fresh bucket again.
  EXPECT_FALSE(limiter.Allow("c", 0));
}

}  // namespace
}  // namespace sixia::security

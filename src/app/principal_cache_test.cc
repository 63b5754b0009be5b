#include "app/principal_cache.h"

#include <gtest/gtest.h>

namespace sixia::app {
namespace {

CachedCaller Entry(int64_t epoch, int64_t user_id) {
  CachedCaller c;
  c.epoch = epoch;
  c.principal.user_id = user_id;
  return c;
}

TEST(PrincipalCache, HitsOnlyUnderTheSameEpoch) {
  PrincipalCache cache;
  cache.Put("k", Entry(1, 7));
  ASSERT_TRUE(cache.Get("k", 1, 0).has_value());
  EXPECT_EQ(cache.Get("k", 1, 0)->principal.user_id, 7);
  EXPECT_FALSE(cache.Get("k", 2, 0).has_value());  // A grant or revocation happened.
  EXPECT_FALSE(cache.Get("k", 1, 0).has_value());  // And the old entry is gone for good.
}

TEST(PrincipalCache, IgnoresEntriesResolvedUnderAnOlderEpoch) {
  // A slow request resolved the caller before a revocation bumped the epoch.
  PrincipalCache cache;
  EXPECT_FALSE(cache.Get("other", 5, 0).has_value());
  cache.Put("k", Entry(4, 7));
  EXPECT_FALSE(cache.Get("k", 5, 0).has_value());
}

TEST(PrincipalCache, TracksActivityForIdleTimeouts) {
  PrincipalCache cache;
  auto e = Entry(1, 7);
  e.last_seen_ms = 100;
  cache.Put("k", e);
  EXPECT_EQ(cache.Get("k", 1, 500)->last_seen_ms, 100);  // Returns the state before this hit.
  EXPECT_EQ(cache.Get("k", 1, 900)->last_seen_ms, 500);
  cache.MarkPersisted("k", 900);
  EXPECT_EQ(cache.Get("k", 1, 900)->persisted_seen_ms, 900);
}

TEST(PrincipalCache, StaysBounded) {
  PrincipalCache cache(2);
  cache.Put("a", Entry(1, 1));
  cache.Put("b", Entry(1, 2));
  cache.Put("c", Entry(1, 3));
  EXPECT_TRUE(cache.Get("c", 1, 0).has_value());
  EXPECT_FALSE(cache.Get("a", 1, 0).has_value());
}

}  // namespace
}  // namespace sixia::app

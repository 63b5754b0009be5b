#pragma once
// Account lockout and session lifetime rules (pure). Defaults: 5 failures within 15
// minutes lock the account for 15 minutes; a session ends after 30 idle minutes or
// 12 hours in all.

#include <cstdint>

namespace sixia::security {

struct LockoutPolicy {
  int max_failures = 5;
  int64_t window_ms = 15 * 60'000;
  int64_t lock_ms = 15 * 60'000;
};

struct FailureState {
  int failures = 0;              // Failures counted in the current window.
  int64_t window_start_ms = 0;   // First failure of the current window.
  int64_t locked_until_ms = 0;   // 0 when not locked.
};

bool IsLocked(const FailureState& s, int64_t now_ms);

// The state after one more failed login at `now_ms`.
FailureState AfterFailure(const LockoutPolicy& policy, FailureState s, int64_t now_ms);

struct SessionPolicy {
  int64_t idle_ms = 30 * 60'000;
  int64_t absolute_ms = 12 * 3'600'000;
  // Last-seen times are written back at most this often (saves a write per request).
  int64_t touch_interval_ms = 60'000;
};

// True when a session created at `created_ms` and last seen at `last_seen_ms` is over.
bool SessionExpired(const SessionPolicy& policy, int64_t created_ms, int64_t last_seen_ms,
                    int64_t now_ms);

}  // namespace sixia::security

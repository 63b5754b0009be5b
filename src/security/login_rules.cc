#include "security/login_rules.h"

namespace sixia::security {

bool IsLocked(const FailureState& s, int64_t now_ms) { return s.locked_until_ms > now_ms; }

FailureState AfterFailure(const LockoutPolicy& policy, FailureState s, int64_t now_ms) {
  if (s.failures == 0 || now_ms - s.window_start_ms > policy.window_ms) {
    s.failures = 0;
    s.window_start_ms = now_ms;
  }
  ++s.failures;
  if (s.failures >= policy.max_failures) {
    s.locked_until_ms = now_ms + policy.lock_ms;
    s.failures = 0;  // A fresh window starts once the lock ends.
  }
  return s;
}

bool SessionExpired(const SessionPolicy& policy, int64_t created_ms, int64_t last_seen_ms,
                    int64_t now_ms) {
  return now_ms - last_seen_ms > policy.idle_ms || now_ms - created_ms > policy.absolute_ms;
}

}  // namespace sixia::security

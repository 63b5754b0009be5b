#pragma once
// Resolved callers by credential hash, so that an authenticated request costs one cheap
// read (the auth epoch) instead of five queries. Entries are valid only for the auth
// epoch they were resolved under: the database bumps the epoch (triggers) whenever a
// session or token ends, a user changes, or a grant or role changes, and every entry of
// an older epoch is then ignored and dropped. Thread-safe; bounded in size.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "security/policy.h"

namespace sixia::app {

struct CachedCaller {
  security::Principal principal;
  int64_t epoch = 0;
  bool is_session = false;
  // Sessions:
  std::string csrf_hash;
  int64_t created_at_ms = 0;
  int64_t last_seen_ms = 0;       // Latest activity seen by this process.
  int64_t persisted_seen_ms = 0;  // Latest last_seen written to the database.
  // Tokens:
  int64_t expires_at_ms = 0;
};

class PrincipalCache {
 public:
  explicit PrincipalCache(size_t max_entries = 50'000) : max_entries_(max_entries) {}

  // The entry for `key` if it was resolved under `epoch`; updates last_seen to `now_ms`
  // and returns the entry as it was before that update.
  std::optional<CachedCaller> Get(const std::string& key, int64_t epoch, int64_t now_ms);

  // Stores an entry resolved under entry.epoch (ignored if the cache moved past it).
  void Put(const std::string& key, CachedCaller entry);

  // Records that last_seen up to `seen_ms` is now in the database.
  void MarkPersisted(const std::string& key, int64_t seen_ms);

  void Erase(const std::string& key);

 private:
  void AdvanceLocked(int64_t epoch);

  const size_t max_entries_;
  std::mutex mu_;
  int64_t epoch_ = -1;                                   // Guarded by mu_.
  std::unordered_map<std::string, CachedCaller> map_;   // Guarded by mu_.
};

}  // namespace sixia::app

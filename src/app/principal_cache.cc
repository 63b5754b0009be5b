#include "app/principal_cache.h"

namespace sixia::app {

void PrincipalCache::AdvanceLocked(int64_t epoch) {
  if (epoch > epoch_) {
    map_.clear();
    epoch_ = epoch;
  }
}

std::optional<CachedCaller> PrincipalCache::Get(const std::string& key, int64_t epoch,
                                                int64_t now_ms) {
  std::lock_guard lock(mu_);
  AdvanceLocked(epoch);
  auto it = map_.find(key);
  if (it == map_.end() || it->second.epoch != epoch) return std::nullopt;
  CachedCaller before = it->second;
  if (now_ms > it->second.last_seen_ms) it->second.last_seen_ms = now_ms;
  return before;
}

void PrincipalCache::Put(const std::string& key, CachedCaller entry) {
  std::lock_guard lock(mu_);
  AdvanceLocked(entry.epoch);
  if (entry.epoch != epoch_) return;  // Resolved under an epoch that is already over.
  if (map_.size() >= max_entries_) map_.clear();  // Rare; a refill costs one query each.
  map_[key] = std::move(entry);
}

void PrincipalCache::MarkPersisted(const std::string& key, int64_t seen_ms) {
  std::lock_guard lock(mu_);
  auto it = map_.find(key);
  if (it != map_.end() && seen_ms > it->second.persisted_seen_ms)
    it->second.persisted_seen_ms = seen_ms;
}

void PrincipalCache::Erase(const std::string& key) {
  std::lock_guard lock(mu_);
  map_.erase(key);
}

}  // namespace sixia::app

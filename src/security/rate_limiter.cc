#include "security/rate_limiter.h"

#include <algorithm>

namespace sixia::security {

bool RateLimiter::Allow(const std::string& key, int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) {
      buckets_.erase(order_.front());
      order_.pop_front();
    }
    order_.push_back(key);
    it = buckets_.emplace(key, Bucket{static_cast<double>(burst_), now_ms, std::prev(order_.end())})
             .first;
  }
  Bucket& b = it->second;
  const double refill = static_cast<double>(now_ms - b.updated_ms) * per_minute_ / 60'000.0;
  b.tokens = std::min<double>(burst_, b.tokens + std::max(0.0, refill));
  b.updated_ms = now_ms;
  order_.splice(order_.end(), order_, b.order);
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

bool RateLimiter::Peek(const std::string& key, int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) return burst_ >= 1;
  const Bucket& b = it->second;
  const double refill = static_cast<double>(now_ms - b.updated_ms) * per_minute_ / 60'000.0;
  return std::min<double>(burst_, b.tokens + std::max(0.0, refill)) >= 1.0;
}

}  // namespace sixia::security

#pragma once
// Per-key token bucket (e.g. login attempts per source address). Thread-safe.
// Memory is bounded: at most `max_keys` buckets; the oldest are dropped first.

#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

namespace sixia::security {

class RateLimiter {
 public:
  // `burst` requests at once, refilled at `per_minute` per minute.
  RateLimiter(int burst, int per_minute, size_t max_keys = 100'000)
      : burst_(burst), per_minute_(per_minute), max_keys_(max_keys) {}

  // True when a request for `key` at `now_ms` may proceed (and takes a token).
  bool Allow(const std::string& key, int64_t now_ms);

  // True when `key` has a token at `now_ms`, without taking it (a check before work whose
  // outcome decides whether a token is then taken with Allow).
  bool Peek(const std::string& key, int64_t now_ms);

 private:
  struct Bucket {
    double tokens;
    int64_t updated_ms;
    std::list<std::string>::iterator order;
  };
  const int burst_;
  const int per_minute_;
  const size_t max_keys_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;  // Guarded by mu_.
  std::list<std::string> order_;                     // Guarded by mu_; oldest first.
};

}  // namespace sixia::security

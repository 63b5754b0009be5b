#pragma once
// Serialized response bodies of reads that depend only on a version counter and a key
// (e.g. the division tree: a township's children change only when the tree's version
// moves). Thread-safe; bounded (cleared when full).

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace sixia::http {

class BodyCache {
 public:
  explicit BodyCache(size_t max_entries = 20'000) : max_entries_(max_entries) {}

  std::optional<std::string> Get(const std::string& key, int64_t version) {
    std::lock_guard lock(mu_);
    auto it = map_.find(key);
    if (it == map_.end() || it->second.first != version) return std::nullopt;
    return it->second.second;
  }

  void Put(const std::string& key, int64_t version, std::string body) {
    std::lock_guard lock(mu_);
    if (map_.size() >= max_entries_) map_.clear();
    map_[key] = {version, std::move(body)};
  }

 private:
  const size_t max_entries_;
  std::mutex mu_;
  std::unordered_map<std::string, std::pair<int64_t, std::string>> map_;  // Guarded by mu_.
};

}  // namespace sixia::http

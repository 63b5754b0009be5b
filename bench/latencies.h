#pragma once
// Per-iteration latencies of a Google Benchmark loop, reported as percentile counters
// (p50_ms, p95_ms, p99_ms, max_ms) beside the benchmark's mean.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <vector>

namespace sixia::bench {

class Latencies {
 public:
  template <typename Fn>
  void Time(Fn&& fn) {
    const auto t0 = std::chrono::steady_clock::now();
    fn();
    ms_.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  void Report(benchmark::State& state) {
    if (ms_.empty()) return;
    std::sort(ms_.begin(), ms_.end());
    auto at = [&](double q) { return ms_[std::min(ms_.size() - 1, static_cast<size_t>(q * ms_.size()))]; };
    state.counters["p50_ms"] = at(0.50);
    state.counters["p95_ms"] = at(0.95);
    state.counters["p99_ms"] = at(0.99);
    state.counters["max_ms"] = ms_.back();
  }

 private:
  std::vector<double> ms_;
};

}  // namespace sixia::bench

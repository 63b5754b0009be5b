#pragma once
// Runs a task on its own thread every `interval` until destroyed (the destructor stops and
// joins the thread; a task in progress finishes first). Used by `sixia serve` for the
// overdue sweep of statutory clocks. Not copyable.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace sixia::app {

class Periodic {
 public:
  Periodic(std::chrono::milliseconds interval, std::function<void()> task)
      : interval_(interval), task_(std::move(task)), thread_([this] { Loop(); }) {}
  ~Periodic() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  Periodic(const Periodic&) = delete;
  Periodic& operator=(const Periodic&) = delete;

 private:
  void Loop() {
    std::unique_lock lock(mu_);
    while (!stop_) {
      lock.unlock();
      task_();
      lock.lock();
      cv_.wait_for(lock, interval_, [this] { return stop_; });
    }
  }

  const std::chrono::milliseconds interval_;
  const std::function<void()> task_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // Guarded by mu_.
  std::thread thread_;  // Last: starts once the members above exist.
};

}  // namespace sixia::app

#pragma once
// argon2id password hashing (libargon2), PHC string format. Slow on purpose: never call
// on an Asio I/O thread. Thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sixia::security {

struct Argon2Params {
  uint32_t time_cost = 2;          // Iterations (OWASP 2023 minimum with 19 MiB).
  uint32_t memory_kib = 19 * 1024;
  uint32_t parallelism = 1;
};

class PasswordHasher {
 public:
  explicit PasswordHasher(Argon2Params params = {}) : params_(params) {}

  // "$argon2id$v=19$m=…,t=…,p=…$salt$hash" with a fresh random salt.
  Result<std::string> Hash(std::string_view password) const;

  // True when `password` matches `encoded`; false also for a malformed `encoded`.
  bool Verify(std::string_view encoded, std::string_view password) const;

  // Burns the same time as a Verify, so an unknown user name cannot be told by timing.
  void VerifyDummy(std::string_view password) const;

 private:
  const Argon2Params params_;  // Constant after construction.
};

}  // namespace sixia::security

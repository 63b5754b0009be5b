#pragma once
// Password strength rules (pure). The default follows 等保 practice: at least 8
// characters drawn from at least 3 of the 4 classes (lower, upper, digit, symbol).

#include <string_view>

#include "common/status.h"

namespace sixia::domain {

struct PasswordPolicy {
  int min_length = 8;          // Code points, not bytes.
  int max_length = 128;        // Guards the hash cost.
  int min_classes = 3;         // Of lower / upper / digit / other.
};

// OK, or kUnprocessable naming what is missing (field "password").
Status CheckPassword(const PasswordPolicy& policy, std::string_view password);

}  // namespace sixia::domain

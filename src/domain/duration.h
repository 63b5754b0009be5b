#pragma once
#include <cstdint>
#include <string_view>

#include "common/status.h"

namespace sixia::domain {

// Parses "90d", "12h", "30m", "45s" into milliseconds. Positive amounts only.
Result<int64_t> ParseDurationMs(std::string_view text);

}  // namespace sixia::domain

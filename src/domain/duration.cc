#include "domain/duration.h"

#include <charconv>

namespace sixia::domain {

Result<int64_t> ParseDurationMs(std::string_view text) {
  const Status bad = InvalidArgument("duration must look like 90d, 12h, 30m or 45s",
                                     "时长格式应为 90d、12h、30m 或 45s");
  if (text.size() < 2) return bad;
  int64_t unit = 0;
  switch (text.back()) {
    case 'd': unit = 86'400'000; break;
    case 'h': unit = 3'600'000; break;
    case 'm': unit = 60'000; break;
    case 's': unit = 1'000; break;
    default: return bad;
  }
  int64_t amount = 0;
  const auto digits = text.substr(0, text.size() - 1);
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), amount);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || amount <= 0 ||
      amount > 3650LL * 86'400'000 / unit)
    return bad;
  return amount * unit;
}

}  // namespace sixia::domain

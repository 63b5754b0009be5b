#pragma once
// Internal to src/domain: tokenising the line-based data files (holiday calendar, time-limit
// rules). Not part of any module's public face.

#include <algorithm>
#include <string_view>

namespace sixia::domain::detail {

// `s` without leading and trailing spaces, tabs and carriage returns.
inline std::string_view Trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

// Splits off the first whitespace-delimited token of `s`.
inline std::string_view NextToken(std::string_view& s) {
  s = Trim(s);
  const auto end = std::min(s.find_first_of(" \t"), s.size());
  const auto token = s.substr(0, end);
  s.remove_prefix(end);
  return token;
}

}  // namespace sixia::domain::detail

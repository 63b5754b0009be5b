#include "common/utf8.h"

#include <cstdint>

namespace sixia {

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<uint8_t>(s[i]);
    if (c < 0x80) { ++i; continue; }
    int len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return false;
    if (i + len > n) return false;
    for (int k = 1; k < len; ++k) {
      const auto cc = static_cast<uint8_t>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000))
      return false;  // Overlong.
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

size_t Utf8Length(std::string_view s) {
  size_t count = 0;
  for (char ch : s)
    if ((static_cast<uint8_t>(ch) & 0xC0) != 0x80) ++count;
  return count;
}

std::string_view TrimBlank(std::string_view v) {
  static constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  auto ascii_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
  for (bool changed = true; changed;) {
    changed = false;
    while (!v.empty() && ascii_space(v.front())) v.remove_prefix(1), changed = true;
    while (!v.empty() && ascii_space(v.back())) v.remove_suffix(1), changed = true;
    if (v.substr(0, 3) == kIdeographicSpace) v.remove_prefix(3), changed = true;
    if (v.size() >= 3 && v.substr(v.size() - 3) == kIdeographicSpace) v.remove_suffix(3), changed = true;
  }
  return v;
}

}  // namespace sixia

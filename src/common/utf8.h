#pragma once
#include <string_view>

namespace sixia {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Number of code points in well-formed UTF-8 `s`.
size_t Utf8Length(std::string_view s);

// `s` without leading and trailing white space: ASCII spaces, tabs, line breaks and the
// full-width space U+3000 that Chinese input methods type.
std::string_view TrimBlank(std::string_view s);
// True when `s` is empty or only such white space.
inline bool IsBlank(std::string_view s) { return TrimBlank(s).empty(); }

}  // namespace sixia

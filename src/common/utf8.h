#pragma once
#include <string_view>

namespace sixia {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool IsValidUtf8(std::string_view s);

// Number of code points in well-formed UTF-8 `s`.
size_t Utf8Length(std::string_view s);

}  // namespace sixia

#pragma once
// Input checks that several use cases share. Internal to src/app.

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/status.h"

namespace sixia::app {

// A reporting period [from_ms, to_ms) must not be empty: kInvalidArgument on field "to".
Status CheckPeriod(int64_t from_ms, int64_t to_ms);

// Trims `value` of surrounding blanks in place, then requires valid UTF-8 of min..max
// characters: kInvalidArgument naming `field`, with `zh` as the field's Chinese name.
Status TrimText(std::string& value, const char* field, const char* zh, size_t min_chars, size_t max_chars);

}  // namespace sixia::app

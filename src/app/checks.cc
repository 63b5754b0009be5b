#include "app/checks.h"

#include "common/utf8.h"

namespace sixia::app {

Status CheckPeriod(int64_t from_ms, int64_t to_ms) {
  if (to_ms <= from_ms)
    return InvalidArgument("the period is empty (to must be after from)", "统计区间为空（截止日期须晚于起始日期）", "to");
  return Status::Ok();
}

Status TrimText(std::string& value, const char* field, const char* zh, size_t min_chars, size_t max_chars) {
  value = std::string(TrimBlank(value));
  const size_t n = Utf8Length(value);
  if (!IsValidUtf8(value) || n < min_chars || n > max_chars)
    return InvalidArgument(std::string(field) + " must be " + std::to_string(min_chars) + ".." +
                               std::to_string(max_chars) + " characters",
                           std::string(zh) + "应为" + std::to_string(min_chars) + "至" + std::to_string(max_chars) +
                               "字",
                           field);
  return Status::Ok();
}

}  // namespace sixia::app

#include "domain/calendar.h"

#include "domain/text_lines.h"

#include <chrono>
#include <cstdio>

namespace sixia::domain {
namespace {

std::chrono::year_month_day ToYmd(const Date& d) {
  return std::chrono::year{d.year} / std::chrono::month{static_cast<unsigned>(d.month)} /
         std::chrono::day{static_cast<unsigned>(d.day)};
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

using detail::NextToken;
using detail::Trim;

Status LineError(int line, const std::string& en, const std::string& zh) {
  return InvalidArgument("calendar line " + std::to_string(line) + ": " + en,
                         "日历第" + std::to_string(line) + "行：" + zh);
}

}  // namespace

bool Date::IsValid() const { return ToYmd(*this).ok(); }

int64_t Date::DaysSinceEpoch() const {
  return std::chrono::sys_days{ToYmd(*this)}.time_since_epoch().count();
}

Date Date::FromDaysSinceEpoch(int64_t days) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

int Date::Weekday() const {
  return static_cast<int>(std::chrono::weekday{std::chrono::sys_days{ToYmd(*this)}}.iso_encoding());
}

std::string Date::ToString() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::optional<Date> Date::Parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int fields[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8};
  const int lengths[3] = {4, 2, 2};
  for (int i = 0; i < 3; ++i) {
    for (int k = 0; k < lengths[i]; ++k) {
      const char c = text[starts[i] + k];
      if (c < '0' || c > '9') return std::nullopt;
      fields[i] = fields[i] * 10 + (c - '0');
    }
  }
  const Date date{fields[0], fields[1], fields[2]};
  if (!date.IsValid()) return std::nullopt;
  return date;
}

Date DateOfMs(int64_t ms) {
  return Date::FromDaysSinceEpoch(FloorDiv(ms + kChinaUtcOffsetMs, kMsPerDay));
}

int64_t StartOfDayMs(Date date) { return date.DaysSinceEpoch() * kMsPerDay - kChinaUtcOffsetMs; }

const char* DayKindName(DayKind kind) {
  switch (kind) {
    case DayKind::kHoliday: return "holiday";
    case DayKind::kWorkday: return "workday";
  }
  return "holiday";
}

Result<HolidayCalendar> HolidayCalendar::Parse(std::string_view text) {
  HolidayCalendar calendar;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 BOM.
  int line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const auto eol = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(std::min(eol + 1, text.size()));
    line = Trim(line.substr(0, line.find('#')));
    if (line.empty()) continue;

    const auto date_text = NextToken(line);
    const auto kind_text = NextToken(line);
    const auto date = Date::Parse(date_text);
    if (!date)
      return LineError(line_number, "'" + std::string(date_text) + "' is not a YYYY-MM-DD date",
                       "“" + std::string(date_text) + "”不是有效的日期（应为YYYY-MM-DD）");
    CalendarEntry entry{*date, DayKind::kHoliday, std::string(Trim(line))};
    if (kind_text == "holiday") {
      entry.kind = DayKind::kHoliday;
    } else if (kind_text == "workday") {
      entry.kind = DayKind::kWorkday;
    } else {
      return LineError(line_number, "expected 'holiday' or 'workday' after the date",
                       "日期后应为 holiday（放假）或 workday（调休上班）");
    }
    calendar.years_.insert(date->year);
    calendar.entries_[date->DaysSinceEpoch()] = std::move(entry);
  }
  return calendar;
}

Status HolidayCalendar::Merge(std::string_view text) {
  SIXIA_ASSIGN_OR_RETURN(HolidayCalendar other, Parse(text));
  Merge(other);
  return Status::Ok();
}

void HolidayCalendar::Merge(const HolidayCalendar& other) {
  for (const auto& [days, entry] : other.entries_) entries_[days] = entry;
  years_.insert(other.years_.begin(), other.years_.end());
}

bool HolidayCalendar::IsWorkingDay(Date date) const {
  if (const CalendarEntry* entry = Find(date)) {
    switch (entry->kind) {
      case DayKind::kHoliday: return false;
      case DayKind::kWorkday: return true;
    }
  }
  return date.Weekday() <= 5;
}

const CalendarEntry* HolidayCalendar::Find(Date date) const {
  const auto it = entries_.find(date.DaysSinceEpoch());
  return it == entries_.end() ? nullptr : &it->second;
}

}  // namespace sixia::domain

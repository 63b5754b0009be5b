#pragma once
// Chinese working days: weekends, public holidays and 调休 make-up workdays (pure, no I/O).
//
// All dates are civil dates in China time (UTC+8, no daylight saving). Moments are Unix
// milliseconds, as everywhere in sixia.
//
// Calendar text format, one entry per line; `#` starts a comment; blank lines are ignored:
//   2024-02-10 holiday 春节
//   2024-02-04 workday 春节调休
// The name after the kind is optional free text. A later line for the same date replaces an
// earlier one.

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sixia::domain {

inline constexpr int64_t kMsPerHour = 3'600'000;
inline constexpr int64_t kMsPerDay = 24 * kMsPerHour;
inline constexpr int64_t kChinaUtcOffsetMs = 8 * kMsPerHour;

// A proleptic Gregorian civil date. Members are only meaningful when IsValid().
struct Date {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31

  auto operator<=>(const Date&) const = default;

  bool IsValid() const;
  // Days since 1970-01-01 (which is day 0); negative before it.
  int64_t DaysSinceEpoch() const;
  static Date FromDaysSinceEpoch(int64_t days);
  Date AddDays(int64_t days) const { return FromDaysSinceEpoch(DaysSinceEpoch() + days); }
  // ISO weekday: 1 = Monday … 7 = Sunday.
  int Weekday() const;
  // "2024-02-10".
  std::string ToString() const;
  // Strict "YYYY-MM-DD" of a valid date, else nullopt.
  static std::optional<Date> Parse(std::string_view text);
};

// The China-time civil date of an instant.
Date DateOfMs(int64_t ms);
// 00:00 China time of `date`, in epoch milliseconds; the end of a day is StartOfDayMs(next day).
int64_t StartOfDayMs(Date date);

enum class DayKind { kHoliday, kWorkday };
const char* DayKindName(DayKind kind);  // "holiday", "workday"

struct CalendarEntry {
  Date date;
  DayKind kind = DayKind::kHoliday;
  std::string name;  // "春节", "国庆节调休"; may be empty.
};

// Which days are working days. Immutable once built, so const methods are safe to call from
// many threads; Merge needs exclusive access.
class HolidayCalendar {
 public:
  // No entries: Monday to Friday are working days everywhere.
  HolidayCalendar() = default;

  // Parses calendar text (format above). InvalidArgument naming the first bad line.
  static Result<HolidayCalendar> Parse(std::string_view text);

  // Adds the entries of another calendar file; its entries replace existing ones of the same
  // date. On a parse error (InvalidArgument naming the line) the calendar is left unchanged.
  Status Merge(std::string_view text);
  void Merge(const HolidayCalendar& other);

  // A `workday` entry → true; a `holiday` entry → false; otherwise Monday to Friday.
  // A date in a year the data does not cover therefore gets plain weekends (Sat/Sun off): load
  // the State Council notice for that year before relying on it (see CoversYear).
  bool IsWorkingDay(Date date) const;

  // The entry for `date`, or nullptr. The pointer is valid until the next Merge.
  const CalendarEntry* Find(Date date) const;

  // A year is covered when the data has at least one line dated in it.
  bool CoversYear(int year) const { return years_.count(year) > 0; }
  const std::set<int>& covered_years() const { return years_; }
  size_t size() const { return entries_.size(); }

 private:
  std::map<int64_t, CalendarEntry> entries_;  // Keyed by Date::DaysSinceEpoch().
  std::set<int> years_;
};

// The shipped calendar file (State Council holiday notices for 2024, 2025 and 2026).
std::string_view DefaultChinaCalendarText();
// DefaultChinaCalendarText() parsed. Deployments Merge their own files for later years.
HolidayCalendar DefaultChinaCalendar();

}  // namespace sixia::domain

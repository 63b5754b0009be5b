#pragma once
// The statutory rules in force — the time-limit table (办理时限) and the holiday calendar
// (节假日与调休) — as the shipped defaults plus a data folder's own lines (time_limits.txt,
// holidays.txt), replaceable while serving (系统管理, ConfigService).
//
// Thread-safe. Readers take the current tables: immutable tables kept alive by their shared_ptr, so
// a clock computed during a replacement uses either the old rules or the new, never a mix.

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "common/status.h"
#include "domain/calendar.h"
#include "domain/time_limits.h"

namespace sixia::app {

// The shipped defaults extended by `data_text` (a data file's content; may be empty).
// InvalidArgument naming the first bad line otherwise.
Result<domain::TimeLimitTable> TimeLimitsWith(std::string_view data_text);
Result<domain::HolidayCalendar> CalendarWith(std::string_view data_text);

class RulesInForce {
 public:
  struct Tables {
    std::shared_ptr<const domain::TimeLimitTable> limits;
    std::shared_ptr<const domain::HolidayCalendar> calendar;
  };
  // The data folder's lines over the defaults ("" = none), as last loaded or replaced.
  struct Texts {
    std::string limits;
    std::string holidays;
  };

  RulesInForce(domain::TimeLimitTable limits, std::string limits_text,
               domain::HolidayCalendar calendar, std::string holidays_text);

  Tables Current() const;
  Texts DataTexts() const;
  void ReplaceLimits(domain::TimeLimitTable limits, std::string text);
  void ReplaceCalendar(domain::HolidayCalendar calendar, std::string text);

 private:
  mutable std::mutex mu_;
  Tables tables_;  // Guarded by mu_; the tables are never changed, only replaced.
  Texts texts_;    // Guarded by mu_.
};

}  // namespace sixia::app

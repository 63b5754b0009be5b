#include "app/rules.h"

#include <utility>

namespace sixia::app {

Result<domain::TimeLimitTable> TimeLimitsWith(std::string_view data_text) {
  domain::TimeLimitTable limits = domain::DefaultTimeLimits();
  SIXIA_RETURN_IF_ERROR(limits.AddText(data_text));
  return limits;
}

Result<domain::HolidayCalendar> CalendarWith(std::string_view data_text) {
  domain::HolidayCalendar calendar = domain::DefaultChinaCalendar();
  SIXIA_RETURN_IF_ERROR(calendar.Merge(data_text));
  return calendar;
}

RulesInForce::RulesInForce(domain::TimeLimitTable limits, std::string limits_text,
                           domain::HolidayCalendar calendar, std::string holidays_text)
    : tables_{std::make_shared<const domain::TimeLimitTable>(std::move(limits)),
              std::make_shared<const domain::HolidayCalendar>(std::move(calendar))},
      texts_{std::move(limits_text), std::move(holidays_text)} {}

RulesInForce::Tables RulesInForce::Current() const {
  std::lock_guard lock(mu_);
  return tables_;
}

RulesInForce::Texts RulesInForce::DataTexts() const {
  std::lock_guard lock(mu_);
  return texts_;
}

void RulesInForce::ReplaceLimits(domain::TimeLimitTable limits, std::string text) {
  auto table = std::make_shared<const domain::TimeLimitTable>(std::move(limits));
  std::lock_guard lock(mu_);
  tables_.limits = std::move(table);
  texts_.limits = std::move(text);
}

void RulesInForce::ReplaceCalendar(domain::HolidayCalendar calendar, std::string text) {
  auto table = std::make_shared<const domain::HolidayCalendar>(std::move(calendar));
  std::lock_guard lock(mu_);
  tables_.calendar = std::move(table);
  texts_.holidays = std::move(text);
}

}  // namespace sixia::app

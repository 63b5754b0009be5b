// The shipped holiday calendar, in the calendar file format of calendar.h.
// Source: the State Council General Office notices on public holiday arrangements
// (国务院办公厅关于部分节假日安排的通知) for 2024, 2025 and 2026. Add a year by appending its
// notice here, or by merging a deployment's own file at start-up.

#include "domain/calendar.h"

namespace sixia::domain {
namespace {

constexpr std::string_view kDefaultChinaCalendar = R"cal(
# 国务院办公厅关于2024年部分节假日安排的通知
2024-01-01 holiday 元旦
2024-02-04 workday 春节调休  # 周日上班
2024-02-10 holiday 春节
2024-02-11 holiday 春节
2024-02-12 holiday 春节
2024-02-13 holiday 春节
2024-02-14 holiday 春节
2024-02-15 holiday 春节
2024-02-16 holiday 春节
2024-02-17 holiday 春节
2024-02-18 workday 春节调休  # 周日上班
2024-04-04 holiday 清明节
2024-04-05 holiday 清明节
2024-04-06 holiday 清明节
2024-04-07 workday 清明节调休  # 周日上班
2024-04-28 workday 劳动节调休  # 周日上班
2024-05-01 holiday 劳动节
2024-05-02 holiday 劳动节
2024-05-03 holiday 劳动节
2024-05-04 holiday 劳动节
2024-05-05 holiday 劳动节
2024-05-11 workday 劳动节调休  # 周六上班
2024-06-10 holiday 端午节
2024-09-14 workday 中秋节调休  # 周六上班
2024-09-15 holiday 中秋节
2024-09-16 holiday 中秋节
2024-09-17 holiday 中秋节
2024-09-29 workday 国庆节调休  # 周日上班
2024-10-01 holiday 国庆节
2024-10-02 holiday 国庆节
2024-10-03 holiday 国庆节
2024-10-04 holiday 国庆节
2024-10-05 holiday 国庆节
2024-10-06 holiday 国庆节
2024-10-07 holiday 国庆节
2024-10-12 workday 国庆节调休  # 周六上班

# 国务院办公厅关于2025年部分节假日安排的通知
2025-01-01 holiday 元旦
2025-01-26 workday 春节调休  # 周日上班
2025-01-28 holiday 春节
2025-01-29 holiday 春节
2025-01-30 holiday 春节
2025-01-31 holiday 春节
2025-02-01 holiday 春节
2025-02-02 holiday 春节
2025-02-03 holiday 春节
2025-02-04 holiday 春节
2025-02-08 workday 春节调休  # 周六上班
2025-04-04 holiday 清明节
2025-04-05 holiday 清明节
2025-04-06 holiday 清明节
2025-04-27 workday 劳动节调休  # 周日上班
2025-05-01 holiday 劳动节
2025-05-02 holiday 劳动节
2025-05-03 holiday 劳动节
2025-05-04 holiday 劳动节
2025-05-05 holiday 劳动节
2025-05-31 holiday 端午节
2025-06-01 holiday 端午节
2025-06-02 holiday 端午节
2025-09-28 workday 国庆节、中秋节调休  # 周日上班
2025-10-01 holiday 国庆节、中秋节
2025-10-02 holiday 国庆节、中秋节
2025-10-03 holiday 国庆节、中秋节
2025-10-04 holiday 国庆节、中秋节
2025-10-05 holiday 国庆节、中秋节
2025-10-06 holiday 国庆节、中秋节
2025-10-07 holiday 国庆节、中秋节
2025-10-08 holiday 国庆节、中秋节
2025-10-11 workday 国庆节、中秋节调休  # 周六上班

# 国务院办公厅关于2026年部分节假日安排的通知
2026-01-01 holiday 元旦
2026-01-02 holiday 元旦
2026-01-03 holiday 元旦
2026-01-04 workday 元旦调休  # 周日上班
2026-02-14 workday 春节调休  # 周六上班
2026-02-15 holiday 春节
2026-02-16 holiday 春节
2026-02-17 holiday 春节
2026-02-18 holiday 春节
2026-02-19 holiday 春节
2026-02-20 holiday 春节
2026-02-21 holiday 春节
2026-02-22 holiday 春节
2026-02-23 holiday 春节
2026-02-28 workday 春节调休  # 周六上班
2026-04-04 holiday 清明节
2026-04-05 holiday 清明节
2026-04-06 holiday 清明节
2026-05-01 holiday 劳动节
2026-05-02 holiday 劳动节
2026-05-03 holiday 劳动节
2026-05-04 holiday 劳动节
2026-05-05 holiday 劳动节
2026-05-09 workday 劳动节调休  # 周六上班
2026-06-19 holiday 端午节
2026-06-20 holiday 端午节
2026-06-21 holiday 端午节
2026-09-25 holiday 中秋节
2026-09-26 holiday 中秋节
2026-09-27 holiday 中秋节
2026-09-20 workday 国庆节调休  # 周日上班
2026-10-01 holiday 国庆节
2026-10-02 holiday 国庆节
2026-10-03 holiday 国庆节
2026-10-04 holiday 国庆节
2026-10-05 holiday 国庆节
2026-10-06 holiday 国庆节
2026-10-07 holiday 国庆节
2026-10-10 workday 国庆节调休  # 周六上班
)cal";

}  // namespace

std::string_view DefaultChinaCalendarText() { return kDefaultChinaCalendar; }

HolidayCalendar DefaultChinaCalendar() {
  // The shipped text parses (calendar_test checks it), so value() cannot fail.
  return HolidayCalendar::Parse(kDefaultChinaCalendar).value();
}

}  // namespace sixia::domain

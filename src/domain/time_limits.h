#pragma once
// Statutory time limits (《信访工作条例》2022, MISSION §3) as data, and the clock engine that turns
// a limit, a start moment and pauses into a due moment (pure, no I/O).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "domain/calendar.h"

namespace sixia::domain {

// The clocks the law runs on a petition: wire name, article, and what starts the clock.
enum class ClockKind {
  kDispose,           // "dispose", Art. 22 转送交办; from receipt.
  kReceiptNotice,     // "receipt_notice", Art. 23 告知; from receipt.
  kObjection,         // "objection", Art. 23 ¶3 异议; from receipt of the transfer.
  kHandle,            // "handle", Art. 34 办理; from acceptance.
  kReviewRequest,     // "review_request", Art. 35; from delivery of the decision notice.
  kReviewDecision,    // "review_decision", Art. 35 复查; from receipt of the request.
  kReReviewRequest,   // "re_review_request", Art. 36; from delivery of the review.
  kReReviewDecision,  // "re_review_decision", Art. 36 复核; from receipt; hearings pause it.
};
inline constexpr ClockKind kAllClockKinds[] = {
    ClockKind::kDispose,         ClockKind::kReceiptNotice,   ClockKind::kObjection,
    ClockKind::kHandle,          ClockKind::kReviewRequest,   ClockKind::kReviewDecision,
    ClockKind::kReReviewRequest, ClockKind::kReReviewDecision};
const char* ClockKindName(ClockKind kind);
std::optional<ClockKind> ClockKindFromName(std::string_view name);

enum class LimitUnit { kHours, kCalendarDays, kWorkingDays };

struct TimeLimit {
  int amount = 0;  // Positive; ParseTimeLimit and Extend guarantee 1..kMaxLimitAmount.
  LimitUnit unit = LimitUnit::kCalendarDays;
  bool operator==(const TimeLimit&) const = default;
};
inline constexpr int kMaxLimitAmount = 9999;

// "2h", "15d", "5wd" (hours, calendar days 日, working days 工作日).
std::string FormatTimeLimit(TimeLimit limit);
// Inverse of FormatTimeLimit; InvalidArgument with field "limit" otherwise.
Result<TimeLimit> ParseTimeLimit(std::string_view text);

// One row of the time-limit table. Empty selector fields match anything.
struct TimeLimitRule {
  ClockKind clock = ClockKind::kHandle;
  std::string petition_class;   // "suggestion", "accusation", "grievance"; exact match.
  std::string channel;          // "visit", "hotline_12345" …; exact match.
  std::string category_prefix;  // Category codes are dotted ("01.02.03"); the prefix matches
                                // whole segments: "01.02" matches "01.02" and "01.02.03",
                                // not "01.023".
  std::string division_prefix;  // Leading digits of the 12-digit division code ("3509": a city).
  TimeLimit limit;
  std::string note;  // Legal basis or source, shown to staff.
};

// Rule text, one rule per line, `#` comments, blank lines ignored:
//   <clock> [class=…] [channel=…] [category=…] [division=…] [note=…] <limit>
// e.g. `handle class=grievance division=350921 30d`, `objection 5wd`,
//      `handle channel=hotline_12345 category=12345.emergency 2h`.
// Values contain no spaces. InvalidArgument naming the first bad line.
Result<std::vector<TimeLimitRule>> ParseTimeLimitRules(std::string_view text);

// A set of rules. Immutable once built, so const methods are safe from many threads.
class TimeLimitTable {
 public:
  void Add(TimeLimitRule rule) { rules_.push_back(std::move(rule)); }
  // Parses rule text and adds all its rules, or none on error.
  Status AddText(std::string_view text);

  // The most specific rule of `clock` whose non-empty fields all match: the most matching
  // fields wins, then the longer division_prefix, then the longer category_prefix, then the
  // rule added last. NotFound when no rule matches.
  Result<TimeLimitRule> Find(ClockKind clock, std::string_view petition_class,
                             std::string_view channel, std::string_view category_code,
                             std::string_view division_code) const;

  const std::vector<TimeLimitRule>& rules() const { return rules_; }

 private:
  std::vector<TimeLimitRule> rules_;  // In the order added.
};

// The statutory limits of MISSION §3 plus the 12345 hotline handling limits by category
// (category codes "12345.emergency" 2h, "12345.utility" 24h, "12345.general" 7d,
// "12345.complex" 15d). Deployments add their own rules on top with AddText.
std::string_view DefaultTimeLimitsText();
TimeLimitTable DefaultTimeLimits();

// An interval [from_ms, to_ms) during which the clock stands still (中止, hearing time …).
struct Pause {
  int64_t from_ms = 0;
  int64_t to_ms = 0;  // 0: still paused. A closed pause with to_ms <= from_ms is empty.
};

// The moment a limit running from `start_ms` expires.
//  * kHours: the moment at which the clock has run `amount` hours since start, not counting
//    paused time (start + amount hours + the paused time in between).
//  * kCalendarDays: the start day is not counted (期间开始的日，不计算在期间内), nor is
//    any day that a pause overlaps, even for a minute. The due moment is the end (24:00
//    China time) of the N-th counted day; if that day is not a working day of `calendar`,
//    the period ends instead at the end of the next counted day that is (cf. 民事诉讼法
//    第八十五条: 期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期).
//  * kWorkingDays: as kCalendarDays, but only working days are counted.
// nullopt while the due moment depends on an open pause (to_ms = 0), i.e. unless the limit
// expired before that pause began. Pauses may be in any order and may overlap.
// An amount <= 0 yields start_ms.
std::optional<int64_t> DueAtMs(const HolidayCalendar& calendar, TimeLimit limit, int64_t start_ms,
                               const std::vector<Pause>& pauses);

// Art. 34: an extension adds at most 30 calendar days in total.
inline constexpr int kStatutoryMaxExtensionDays = 30;

// `base` extended by `extra_days` calendar days after `already_extended_days` granted before;
// the result is still counted as one period from the original start. Hour limits grow by
// 24 h a day. InvalidArgument (field "days") when extra_days <= 0, the total would exceed
// `max_total_days`, or `base` is in working days.
Result<TimeLimit> Extend(TimeLimit base, int already_extended_days, int extra_days,
                         int max_total_days = kStatutoryMaxExtensionDays);

// Traffic-light state of a running clock (wall time, pauses ignored).
enum class Band { kNormal, kWarning, kOverdue };
const char* BandName(Band band);  // "normal", "warning", "overdue"
std::optional<Band> BandFromName(std::string_view name);

// kOverdue when now > due; kWarning when now − start ≥ warning_fraction × (due − start);
// otherwise kNormal.
Band BandAt(int64_t start_ms, int64_t due_ms, int64_t now_ms, double warning_fraction = 0.75);

}  // namespace sixia::domain

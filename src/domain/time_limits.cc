#include "domain/time_limits.h"

#include "domain/text_lines.h"

#include <algorithm>
#include <limits>
#include <tuple>

namespace sixia::domain {
namespace {

constexpr std::string_view kDefaultTimeLimits = R"rules(
# 《信访工作条例》(2022): 日 are calendar days unless 工作日.
dispose 15d note=条例第二十二条
receipt_notice 15d note=条例第二十三条
objection 5wd note=条例第二十三条第三款
handle 60d note=条例第三十四条
review_request 30d note=条例第三十五条
review_decision 30d note=条例第三十五条
re_review_request 30d note=条例第三十六条
re_review_decision 30d note=条例第三十六条（听证时间不计算在内）

# 12345 接诉即办: handling limits by dispatch category.
handle channel=hotline_12345 category=12345.emergency 2h note=紧急类
handle channel=hotline_12345 category=12345.utility 24h note=水电气热等公共服务类
handle channel=hotline_12345 category=12345.general 7d note=一般类
handle channel=hotline_12345 category=12345.complex 15d note=疑难复杂类
)rules";

constexpr int64_t kOpenEnd = std::numeric_limits<int64_t>::max();

using detail::NextToken;
using detail::Trim;

bool AllOf(std::string_view s, bool (*pred)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentifierChar(char c) { return (c >= 'a' && c <= 'z') || IsDigit(c) || c == '_'; }

Status LineError(int line, const std::string& en, const std::string& zh) {
  return InvalidArgument("time limit rules line " + std::to_string(line) + ": " + en,
                         "时限规则第" + std::to_string(line) + "行：" + zh);
}

// Parses one non-empty rule line (comments already stripped).
Result<TimeLimitRule> ParseRuleLine(int n, std::string_view line) {
  TimeLimitRule rule;
  const auto clock_name = NextToken(line);
  const auto clock = ClockKindFromName(clock_name);
  if (!clock)
    return LineError(n, "unknown clock '" + std::string(clock_name) + "'",
                     "未知的时限类型“" + std::string(clock_name) + "”");
  rule.clock = *clock;
  bool have_limit = false;
  for (auto token = NextToken(line); !token.empty(); token = NextToken(line)) {
    const auto eq = token.find('=');
    if (eq == std::string_view::npos) {
      const auto limit = ParseTimeLimit(token);
      if (!limit.ok()) return LineError(n, limit.status().message(), limit.status().message_zh());
      if (have_limit) return LineError(n, "more than one limit", "只能有一个时限");
      rule.limit = *limit;
      have_limit = true;
      continue;
    }
    const auto key = token.substr(0, eq);
    const std::string value(token.substr(eq + 1));
    std::string* field = key == "class"      ? &rule.petition_class
                         : key == "channel"  ? &rule.channel
                         : key == "category" ? &rule.category_prefix
                         : key == "division" ? &rule.division_prefix
                         : key == "note"     ? &rule.note
                                             : nullptr;
    if (field == nullptr)
      return LineError(n, "unknown key '" + std::string(key) + "'",
                       "未知的字段“" + std::string(key) + "”");
    if (!field->empty())
      return LineError(n, "key '" + std::string(key) + "' given twice",
                       "字段“" + std::string(key) + "”重复");
    if (value.empty())
      return LineError(n, "key '" + std::string(key) + "' has no value",
                       "字段“" + std::string(key) + "”缺少取值");
    *field = value;
  }
  if (!have_limit)
    return LineError(n, "missing limit such as 15d, 5wd or 2h", "缺少时限（如 15d、5wd、2h）");
  if (!rule.petition_class.empty() && rule.petition_class != "suggestion" &&
      rule.petition_class != "accusation" && rule.petition_class != "grievance")
    return LineError(
        n, "class must be suggestion, accusation or grievance",
        "class 应为 suggestion（建议意见）、accusation（检举控告）或 grievance（申诉求决）");
  if (!rule.channel.empty() && !AllOf(rule.channel, IsIdentifierChar))
    return LineError(n, "channel must be lower-case letters, digits and '_'",
                     "channel 只能包含小写字母、数字和下划线");
  if (!rule.division_prefix.empty() &&
      (rule.division_prefix.size() > 12 || !AllOf(rule.division_prefix, IsDigit)))
    return LineError(n, "division must be 1 to 12 leading digits of a division code",
                     "division 应为行政区划代码的前1至12位数字");
  return rule;
}

bool CategoryMatches(std::string_view prefix, std::string_view code) {
  if (prefix.empty() || prefix == code) return true;
  return code.size() > prefix.size() && code.substr(0, prefix.size()) == prefix &&
         (prefix.back() == '.' || code[prefix.size()] == '.');
}

struct Interval {
  int64_t from;
  int64_t to;  // kOpenEnd for an open pause.
};

// Non-empty pauses, sorted, overlapping or touching ones joined.
std::vector<Interval> MergePauses(const std::vector<Pause>& pauses) {
  std::vector<Interval> sorted;
  for (const Pause& p : pauses) {
    const int64_t to = p.to_ms == 0 ? kOpenEnd : p.to_ms;
    if (to > p.from_ms) sorted.push_back({p.from_ms, to});
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const Interval& a, const Interval& b) { return a.from < b.from; });
  std::vector<Interval> merged;
  for (const Interval& iv : sorted) {
    if (!merged.empty() && iv.from <= merged.back().to) {
      merged.back().to = std::max(merged.back().to, iv.to);
    } else {
      merged.push_back(iv);
    }
  }
  return merged;
}

std::optional<int64_t> DueAfterHours(int64_t hours, int64_t start_ms,
                                     const std::vector<Interval>& pauses) {
  int64_t t = start_ms;
  int64_t remaining = hours * kMsPerHour;
  for (const Interval& p : pauses) {
    if (p.to <= t) continue;
    if (p.from > t) {
      if (remaining <= p.from - t) return t + remaining;
      remaining -= p.from - t;
    }
    if (p.to == kOpenEnd) return std::nullopt;
    t = p.to;
  }
  return t + remaining;
}

std::optional<int64_t> DueAfterDays(const HolidayCalendar& calendar, int amount,
                                    bool working_days_only, int64_t start_ms,
                                    const std::vector<Interval>& pauses) {
  size_t next_pause = 0;
  int counted = 0;
  for (int64_t day = DateOfMs(start_ms).DaysSinceEpoch() + 1;; ++day) {
    const int64_t begin = day * kMsPerDay - kChinaUtcOffsetMs;
    const int64_t end = begin + kMsPerDay;
    while (next_pause < pauses.size() && pauses[next_pause].to <= begin) ++next_pause;
    if (next_pause < pauses.size() && pauses[next_pause].from < end) {
      if (pauses[next_pause].to == kOpenEnd) return std::nullopt;
      continue;  // Paused during this day: not counted.
    }
    const bool working = calendar.IsWorkingDay(Date::FromDaysSinceEpoch(day));
    if (working_days_only && !working) continue;
    if (counted < amount) ++counted;
    if (counted == amount && working) return end;
  }
}

}  // namespace

const char* ClockKindName(ClockKind kind) {
  switch (kind) {
    case ClockKind::kDispose: return "dispose";
    case ClockKind::kReceiptNotice: return "receipt_notice";
    case ClockKind::kObjection: return "objection";
    case ClockKind::kHandle: return "handle";
    case ClockKind::kReviewRequest: return "review_request";
    case ClockKind::kReviewDecision: return "review_decision";
    case ClockKind::kReReviewRequest: return "re_review_request";
    case ClockKind::kReReviewDecision: return "re_review_decision";
  }
  return "handle";
}

std::optional<ClockKind> ClockKindFromName(std::string_view name) {
  for (ClockKind kind : kAllClockKinds)
    if (name == ClockKindName(kind)) return kind;
  return std::nullopt;
}

std::string FormatTimeLimit(TimeLimit limit) {
  std::string s = std::to_string(limit.amount);
  switch (limit.unit) {
    case LimitUnit::kHours: return s + "h";
    case LimitUnit::kCalendarDays: return s + "d";
    case LimitUnit::kWorkingDays: return s + "wd";
  }
  return s;
}

Result<TimeLimit> ParseTimeLimit(std::string_view text) {
  TimeLimit limit;
  std::string_view digits;
  if (text.ends_with("wd")) {
    limit.unit = LimitUnit::kWorkingDays;
    digits = text.substr(0, text.size() - 2);
  } else if (text.ends_with("h") || text.ends_with("d")) {
    limit.unit = text.back() == 'h' ? LimitUnit::kHours : LimitUnit::kCalendarDays;
    digits = text.substr(0, text.size() - 1);
  }
  if (AllOf(digits, IsDigit) && digits.size() <= 4) limit.amount = std::stoi(std::string(digits));
  if (limit.amount < 1)
    return InvalidArgument("limit '" + std::string(text) +
                               "' must be 1 to 9999 followed by h, d or wd (e.g. 15d, 5wd, 2h)",
                           "时限“" + std::string(text) +
                               "”应为1至9999的整数加单位 h（小时）、d（日）或 wd（工作日），如 15d",
                           "limit");
  return limit;
}

Result<std::vector<TimeLimitRule>> ParseTimeLimitRules(std::string_view text) {
  std::vector<TimeLimitRule> rules;
  int line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const auto eol = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(std::min(eol + 1, text.size()));
    line = Trim(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    SIXIA_ASSIGN_OR_RETURN(TimeLimitRule rule, ParseRuleLine(line_number, line));
    rules.push_back(std::move(rule));
  }
  return rules;
}

Status TimeLimitTable::AddText(std::string_view text) {
  SIXIA_ASSIGN_OR_RETURN(auto rules, ParseTimeLimitRules(text));
  for (auto& rule : rules) Add(std::move(rule));
  return Status::Ok();
}

Result<TimeLimitRule> TimeLimitTable::Find(ClockKind clock, std::string_view petition_class,
                                           std::string_view channel, std::string_view category_code,
                                           std::string_view division_code) const {
  const TimeLimitRule* best = nullptr;
  std::tuple<int, size_t, size_t> best_score;
  for (const TimeLimitRule& rule : rules_) {
    if (rule.clock != clock) continue;
    if (!rule.petition_class.empty() && rule.petition_class != petition_class) continue;
    if (!rule.channel.empty() && rule.channel != channel) continue;
    if (!CategoryMatches(rule.category_prefix, category_code)) continue;
    if (!division_code.starts_with(rule.division_prefix)) continue;
    const int fields = !rule.petition_class.empty() + !rule.channel.empty() +
                       !rule.category_prefix.empty() + !rule.division_prefix.empty();
    const auto score =
        std::make_tuple(fields, rule.division_prefix.size(), rule.category_prefix.size());
    if (best == nullptr || score >= best_score) {
      best = &rule;
      best_score = score;
    }
  }
  if (best == nullptr)
    return NotFound(std::string("no time limit rule for clock '") + ClockKindName(clock) + "'",
                    std::string("没有适用的时限规则（") + ClockKindName(clock) + "）");
  return *best;
}

std::string_view DefaultTimeLimitsText() { return kDefaultTimeLimits; }

TimeLimitTable DefaultTimeLimits() {
  // The shipped text parses (time_limits_test checks it), so value() cannot fail.
  std::vector<TimeLimitRule> rules = ParseTimeLimitRules(kDefaultTimeLimits).value();
  TimeLimitTable table;
  for (auto& rule : rules) table.Add(std::move(rule));
  return table;
}

std::optional<int64_t> DueAtMs(const HolidayCalendar& calendar, TimeLimit limit, int64_t start_ms,
                               const std::vector<Pause>& pauses) {
  if (limit.amount <= 0) return start_ms;
  const std::vector<Interval> merged = MergePauses(pauses);
  switch (limit.unit) {
    case LimitUnit::kHours: return DueAfterHours(limit.amount, start_ms, merged);
    case LimitUnit::kCalendarDays:
      return DueAfterDays(calendar, limit.amount, false, start_ms, merged);
    case LimitUnit::kWorkingDays:
      return DueAfterDays(calendar, limit.amount, true, start_ms, merged);
  }
  return std::nullopt;
}

Result<TimeLimit> Extend(TimeLimit base, int already_extended_days, int extra_days,
                         int max_total_days) {
  if (extra_days <= 0 || already_extended_days < 0)
    return InvalidArgument("an extension must add at least one day", "延期天数必须为正整数",
                           "days");
  if (extra_days > max_total_days - already_extended_days) {
    const int left = std::max(0, max_total_days - already_extended_days);
    return InvalidArgument("extensions may add at most " + std::to_string(max_total_days) +
                               " days in total; " + std::to_string(left) + " left",
                           "延期累计不得超过" + std::to_string(max_total_days) +
                               "日（《信访工作条例》第三十四条），还可延长" + std::to_string(left) +
                               "日",
                           "days");
  }
  TimeLimit extended = base;
  switch (base.unit) {
    case LimitUnit::kHours: extended.amount += 24 * extra_days; break;
    case LimitUnit::kCalendarDays: extended.amount += extra_days; break;
    case LimitUnit::kWorkingDays:
      return InvalidArgument("a limit in working days cannot be extended by calendar days",
                             "以工作日计算的时限不能按日延期", "days");
  }
  if (extended.amount > kMaxLimitAmount)
    return InvalidArgument("the extended limit is too long", "延期后的时限过长", "days");
  return extended;
}

const char* BandName(Band band) {
  switch (band) {
    case Band::kNormal: return "normal";
    case Band::kWarning: return "warning";
    case Band::kOverdue: return "overdue";
  }
  return "normal";
}

std::optional<Band> BandFromName(std::string_view name) {
  for (Band band : {Band::kNormal, Band::kWarning, Band::kOverdue})
    if (name == BandName(band)) return band;
  return std::nullopt;
}

Band BandAt(int64_t start_ms, int64_t due_ms, int64_t now_ms, double warning_fraction) {
  if (now_ms > due_ms) return Band::kOverdue;
  const auto elapsed = static_cast<double>(now_ms - start_ms);
  if (elapsed >= warning_fraction * static_cast<double>(due_ms - start_ms)) return Band::kWarning;
  return Band::kNormal;
}

}  // namespace sixia::domain

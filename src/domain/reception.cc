#include "domain/reception.h"

#include <charconv>

#include "domain/calendar.h"
#include "domain/text_lines.h"

namespace sixia::domain {
namespace {

constexpr LeaderPost kAllPosts[] = {LeaderPost::kCityLeader, LeaderPost::kCountySecretary,
                                    LeaderPost::kCountyHead, LeaderPost::kCountyLeader,
                                    LeaderPost::kTownshipLeader};

int MonthsOf(QuotaPeriod p) {
  switch (p) {
    case QuotaPeriod::kMonth: return 1;
    case QuotaPeriod::kQuarter: return 3;
    case QuotaPeriod::kYear: return 12;
  }
  return 1;
}

// The first day of the window of `period` that contains `d`.
Date WindowStart(Date d, QuotaPeriod period) {
  const int months = MonthsOf(period);
  return Date{d.year, (d.month - 1) / months * months + 1, 1};
}

Date AddMonths(Date d, int months) {
  const int index = d.year * 12 + (d.month - 1) + months;
  return Date{index / 12, index % 12 + 1, 1};
}

}  // namespace

const char* LeaderPostName(LeaderPost p) {
  switch (p) {
    case LeaderPost::kCityLeader: return "city_leader";
    case LeaderPost::kCountySecretary: return "county_secretary";
    case LeaderPost::kCountyHead: return "county_head";
    case LeaderPost::kCountyLeader: return "county_leader";
    case LeaderPost::kTownshipLeader: return "township_leader";
  }
  return "county_leader";
}

std::optional<LeaderPost> LeaderPostFromName(std::string_view name) {
  for (LeaderPost p : kAllPosts)
    if (name == LeaderPostName(p)) return p;
  return std::nullopt;
}

const char* LeaderPostLabel(LeaderPost p) {
  switch (p) {
    case LeaderPost::kCityLeader: return "市级领导";
    case LeaderPost::kCountySecretary: return "县委书记";
    case LeaderPost::kCountyHead: return "县长";
    case LeaderPost::kCountyLeader: return "县级领导";
    case LeaderPost::kTownshipLeader: return "乡镇领导";
  }
  return "县级领导";
}

const char* QuotaPeriodName(QuotaPeriod p) {
  switch (p) {
    case QuotaPeriod::kMonth: return "month";
    case QuotaPeriod::kQuarter: return "quarter";
    case QuotaPeriod::kYear: return "year";
  }
  return "month";
}

std::optional<Quota> QuotaTable::Find(LeaderPost post) const {
  auto it = quotas_.find(post);
  if (it == quotas_.end()) return std::nullopt;
  return it->second;
}

void QuotaTable::Set(LeaderPost post, std::optional<Quota> quota) {
  if (quota)
    quotas_[post] = *quota;
  else
    quotas_.erase(post);
}

Status QuotaTable::AddText(std::string_view text) {
  QuotaTable next = *this;
  int line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    if (const size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = detail::Trim(line);
    if (line.empty()) continue;
    auto bad = [&](const std::string& what, const std::string& what_zh) {
      return InvalidArgument("line " + std::to_string(line_no) + ": " + what,
                             "第" + std::to_string(line_no) + "行：" + what_zh, "quotas");
    };
    const auto post = LeaderPostFromName(detail::NextToken(line));
    if (!post) return bad("unknown leader post", "未知的领导职务");
    const std::string_view spec = detail::NextToken(line);
    if (!detail::Trim(line).empty()) return bad("expected \"post days/period\"", "格式应为“职务 天数/周期”");
    if (spec == "none") {
      next.Set(*post, std::nullopt);
      continue;
    }
    const size_t slash = spec.find('/');
    if (slash == std::string_view::npos) return bad("expected days/period, e.g. 1/month", "应为 天数/周期，如 1/month");
    int days = 0;
    const auto days_text = spec.substr(0, slash);
    auto [end, ec] = std::from_chars(days_text.data(), days_text.data() + days_text.size(), days);
    if (ec != std::errc() || end != days_text.data() + days_text.size() || days < 1 || days > 31)
      return bad("days must be 1..31", "天数应为1至31");
    const auto period_text = spec.substr(slash + 1);
    std::optional<QuotaPeriod> period;
    for (QuotaPeriod p : {QuotaPeriod::kMonth, QuotaPeriod::kQuarter, QuotaPeriod::kYear})
      if (period_text == QuotaPeriodName(p)) period = p;
    if (!period) return bad("period must be month, quarter or year", "周期应为 month、quarter 或 year");
    next.Set(*post, Quota{days, *period});
  }
  *this = std::move(next);
  return Status::Ok();
}

QuotaTable DefaultQuotas() {
  QuotaTable t;
  t.Set(LeaderPost::kCityLeader, Quota{1, QuotaPeriod::kQuarter});
  t.Set(LeaderPost::kCountySecretary, Quota{1, QuotaPeriod::kMonth});
  t.Set(LeaderPost::kCountyHead, Quota{1, QuotaPeriod::kMonth});
  return t;
}

QuotaCompliance Compliance(std::optional<Quota> quota, const std::vector<int64_t>& held_days_ms,
                           int64_t from_ms, int64_t to_ms) {
  QuotaCompliance c;
  c.quota = quota;
  for (int64_t day : held_days_ms)
    if (day >= from_ms && day < to_ms) ++c.held;
  if (!quota || to_ms <= from_ms) return c;
  const int months = MonthsOf(quota->period);
  // The first window starting at or after from_ms.
  Date start = WindowStart(DateOfMs(from_ms), quota->period);
  if (StartOfDayMs(start) < from_ms) start = AddMonths(start, months);
  for (;;) {
    const Date end = AddMonths(start, months);
    QuotaWindow w{StartOfDayMs(start), StartOfDayMs(end), quota->days, 0};
    if (w.to_ms > to_ms) break;
    for (int64_t day : held_days_ms)
      if (day >= w.from_ms && day < w.to_ms) ++w.held;
    c.required += w.required;
    if (!w.met()) ++c.windows_missed;
    c.windows.push_back(w);
    start = end;
  }
  return c;
}

}  // namespace sixia::domain

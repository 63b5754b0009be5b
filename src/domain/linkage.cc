#include "domain/linkage.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "common/utf8.h"
#include "domain/calendar.h"
#include "domain/text_lines.h"

namespace sixia::domain {
namespace {

constexpr int64_t kDayMs = 86'400'000;

int64_t Today(int64_t now_ms) { return StartOfDayMs(DateOfMs(now_ms)); }

int64_t Year2000() { return StartOfDayMs(Date{2000, 1, 1}); }

Status RequiredText(std::string_view text, const char* field, const char* zh, size_t max) {
  if (IsBlank(text) || Utf8Length(text) > max)
    return InvalidArgument(
        std::string(field) + " is required (at most " + std::to_string(max) + " characters)",
        std::string(zh) + "为必填项（不超过" + std::to_string(max) + "字）", field);
  return Status::Ok();
}

Status OptionalText(std::string_view text, const char* field, const char* zh, size_t max) {
  if (Utf8Length(text) > max)
    return InvalidArgument(
        std::string(field) + " is at most " + std::to_string(max) + " characters",
        std::string(zh) + "不超过" + std::to_string(max) + "字", field);
  return Status::Ok();
}

}  // namespace

Status CheckLinkage(const Linkage& l, int64_t now_ms) {
  if (l.leader_user_id <= 0)
    return InvalidArgument("leader_user_id names the linked leader", "须指定挂钩领导",
                           "leader_user_id");
  const bool unit = l.unit_id.has_value();
  const bool village = !l.village_code.empty();
  if (!unit && !village)
    return InvalidArgument("a linkage names a unit (unit_id) or a village (village_code)",
                           "挂钩对象须为一个单位（unit_id）或一个村（社区）（village_code）",
                           "unit_id");
  if (unit && village)
    return InvalidArgument("a linkage names a unit or a village, not both",
                           "挂钩对象只能是单位或村（社区）之一，不能同时指定", "village_code");
  if (l.from_ms < Year2000())
    return InvalidArgument("the first day is before 2000", "挂钩起始日期早于2000年", "from");
  if (l.from_ms > Today(now_ms) + 366 * kDayMs)
    return InvalidArgument("the first day must be within 366 days from today",
                           "挂钩起始日期不能晚于今天起366天", "from");
  if (l.to_ms && *l.to_ms < l.from_ms)
    return InvalidArgument("the last day (to) is before the first day (from)",
                           "挂钩截止日期早于起始日期", "to");
  return OptionalText(l.notes, "notes", "挂钩联系事项", 2000);
}

bool CoversDay(const Linkage& l, int64_t day_ms) {
  return day_ms >= l.from_ms && (!l.to_ms || day_ms <= *l.to_ms);
}

bool ActiveIn(const Linkage& l, int64_t from_ms, int64_t to_ms) {
  return l.from_ms < to_ms && (!l.to_ms || *l.to_ms + kDayMs > from_ms);
}

Status CheckVisit(const Linkage& l, const LinkageVisit& v, int64_t now_ms) {
  SIXIA_RETURN_IF_ERROR(RequiredText(v.notes, "notes", "走访情况", 2000));
  SIXIA_RETURN_IF_ERROR(OptionalText(v.results, "results", "工作成效", 2000));
  if (v.visited_on_ms > Today(now_ms))
    return InvalidArgument("the visit cannot be in the future", "走访日期不能晚于今天",
                           "visited_on");
  if (!CoversDay(l, v.visited_on_ms)) {
    const std::string period = DateOfMs(l.from_ms).ToString() + " – " +
                               (l.to_ms ? DateOfMs(*l.to_ms).ToString() : std::string("…"));
    return Unprocessable("the visit lies outside the linkage's period (" + period + ")",
                         "走访日期不在挂钩期限内（" + period + "）", "visited_on");
  }
  return Status::Ok();
}

int64_t MonthsBefore(int64_t day_ms, int months) {
  const Date d = DateOfMs(day_ms);
  const int index = d.year * 12 + (d.month - 1) - months;
  const Date first{index / 12, index % 12 + 1, 1};
  const int next_index = index + 1;
  const Date next_first{next_index / 12, next_index % 12 + 1, 1};
  const int last_day = next_first.AddDays(-1).day;
  return StartOfDayMs(Date{first.year, first.month, std::min(d.day, last_day)});
}

Result<LinkageCoverage> Coverage(const std::vector<std::string>& villages,
                                 const std::vector<LinkageActivity>& links, int64_t from_ms,
                                 int64_t to_ms, int64_t as_of_ms, int months) {
  if (months < 1 || months > 24)
    return InvalidArgument("months must be 1..24", "months 取值范围为1到24", "months");
  LinkageCoverage c;
  c.window_from_ms = MonthsBefore(as_of_ms, months);
  const int64_t last_day = StartOfDayMs(DateOfMs(as_of_ms - 1));
  std::set<std::string> reached;
  for (const auto& a : links) {
    if (!ActiveIn(a.link, from_ms, to_ms)) continue;
    ++c.links_active;
    c.visits += a.visits;
    reached.insert(a.place);
    const bool running = CoversDay(a.link, last_day);
    const bool old_enough = a.link.from_ms <= c.window_from_ms;
    const bool visited = a.last_visit_ms && *a.last_visit_ms >= c.window_from_ms;
    if (running && old_enough && !visited) c.unvisited.push_back(a.link.id);
  }
  std::sort(c.unvisited.begin(), c.unvisited.end());
  for (const auto& v : villages)
    if (!reached.count(v)) c.unlinked.push_back(v);
  return c;
}

// ---- 双报到 ------------------------------------------------------------------------------

Status CommunityServiceRule::AddText(std::string_view text) {
  CommunityServiceRule next = *this;
  int line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    if (const size_t hash = line.find('#'); hash != std::string_view::npos)
      line = line.substr(0, hash);
    line = detail::Trim(line);
    if (line.empty()) continue;
    auto bad = [&](const std::string& what, const std::string& what_zh) {
      return InvalidArgument("line " + std::to_string(line_no) + ": " + what,
                             "第" + std::to_string(line_no) + "行：" + what_zh,
                             "community_service_rule");
    };
    const std::string_view key = detail::NextToken(line);
    if (key != "min_services_per_year")
      return bad("expected \"min_services_per_year K\"", "格式应为“min_services_per_year 次数”");
    const std::string_view value = detail::NextToken(line);
    if (!detail::Trim(line).empty())
      return bad("expected \"min_services_per_year K\"", "格式应为“min_services_per_year 次数”");
    int k = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), k);
    if (value.empty() || ec != std::errc() || end != value.data() + value.size() || k < 1 ||
        k > 366)
      return bad("K must be an integer from 1 to 366", "次数应为1至366的整数");
    next.min_services_per_year = k;
  }
  *this = next;
  return Status::Ok();
}

Status CheckRegistration(const CommunityRegistration& r, std::string_view member_name,
                         int64_t now_ms) {
  SIXIA_RETURN_IF_ERROR(RequiredText(member_name, "member_name", "党员姓名", 50));
  if (r.unit_id <= 0)
    return InvalidArgument("unit_id names the member's work unit", "须指定党员所在单位", "unit_id");
  if (r.registered_on_ms < Year2000())
    return InvalidArgument("the registration day is before 2000", "报到日期早于2000年",
                           "registered_on");
  if (r.registered_on_ms > Today(now_ms))
    return InvalidArgument("the registration day cannot be in the future", "报到日期不能晚于今天",
                           "registered_on");
  return Status::Ok();
}

Status CheckService(const CommunityRegistration& r, const CommunityService& s, int64_t now_ms) {
  SIXIA_RETURN_IF_ERROR(RequiredText(s.content, "content", "服务内容", 2000));
  if (s.minutes && (*s.minutes < 0 || *s.minutes > 24 * 60))
    return InvalidArgument("hours must be from 0 to 24", "服务时长应为0至24小时", "hours");
  if (s.served_on_ms > Today(now_ms))
    return InvalidArgument("the service day cannot be in the future", "服务日期不能晚于今天",
                           "served_on");
  if (s.served_on_ms < r.registered_on_ms)
    return Unprocessable("the service day is before the registration (" +
                             DateOfMs(r.registered_on_ms).ToString() + ")",
                         "服务日期早于报到日期（" + DateOfMs(r.registered_on_ms).ToString() + "）",
                         "served_on");
  return Status::Ok();
}

Result<int64_t> HoursToMinutes(double hours) {
  if (!std::isfinite(hours) || hours < 0 || hours > 24)
    return InvalidArgument("hours must be from 0 to 24", "服务时长应为0至24小时", "hours");
  return static_cast<int64_t>(std::llround(hours * 60));
}

Result<std::pair<int64_t, int64_t>> YearPeriod(int64_t year) {
  if (year < 2000 || year > 2100)
    return InvalidArgument("year must be 2000..2100", "年份应为2000至2100", "year");
  const int y = static_cast<int>(year);
  return std::make_pair(StartOfDayMs(Date{y, 1, 1}), StartOfDayMs(Date{y + 1, 1, 1}));
}

ServiceCompliance Comply(const CommunityServiceRule& rule,
                         const std::vector<std::pair<int64_t, int64_t>>& services_by_registration) {
  ServiceCompliance c;
  std::map<int64_t, int64_t> services;  // One entry per registration, counts summed.
  for (const auto& [id, n] : services_by_registration) services[id] += n;
  for (const auto& [id, n] : services) {
    ++c.registered;
    if (n >= rule.min_services_per_year)
      ++c.compliant;
    else
      c.below.push_back(id);
  }
  return c;
}

}  // namespace sixia::domain

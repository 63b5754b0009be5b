#include "domain/petition_metrics.h"

#include <algorithm>

#include "domain/calendar.h"

namespace sixia::domain {
namespace {

bool IsDisposal(Action a) {
  return a == Action::kAccept || a == Action::kDecline || a == Action::kTransfer ||
         a == Action::kAssign;
}

const ClockView* FindClock(const MetricsPetition& p, ClockKind kind) {
  for (const auto& c : p.clocks)
    if (c.kind == kind) return &c;
  return nullptr;
}

std::string MonthOf(int64_t ms) {
  const Date d = DateOfMs(ms);
  std::string out = std::to_string(d.year) + "-";
  if (d.month < 10) out += "0";
  return out + std::to_string(d.month);
}

Counts Count(const MetricsPetition& p, int64_t now_ms, int backlog_days) {
  Counts c;
  c.received = 1;
  c.people = p.group_size;
  const State s = p.state.state;
  if (s == State::kMerged) {
    c.merged = 1;
    return c;
  }
  // First disposal and whether it met the dispose clock.
  std::optional<int64_t> disposed;
  bool declined = false, decided = false, redone = false;
  std::optional<int64_t> first_decision;
  for (const auto& e : p.events) {
    if (!disposed && IsDisposal(e.type)) disposed = e.at_ms;
    if (e.type == Action::kDecline) declined = true;
    if (e.type == Action::kIssueDecision || e.type == Action::kRecordMediation) {
      decided = true;
      if (!first_decision) first_decision = e.at_ms;
    }
    if (e.type == Action::kRedo) redone = true;
  }
  if (const ClockView* dispose = FindClock(p, ClockKind::kDispose);
      dispose && disposed && dispose->due_ms && *disposed <= *dispose->due_ms)
    c.disposed_on_time = 1;
  if (p.state.accepted_at_ms) c.accepted = 1;
  if (decided) c.decided = 1;
  if (const ClockView* handle = FindClock(p, ClockKind::kHandle); handle && handle->due_ms) {
    if (first_decision || *handle->due_ms <= now_ms) c.handle_due = 1;
    if (first_decision && *first_decision <= *handle->due_ms) c.decided_on_time = 1;
  }
  if (decided || declined) c.replied = 1;
  for (const auto& e : p.events)
    if (e.type == Action::kDeliver || e.type == Action::kRecordMediation) c.delivered = 1;
  // Ratings: the latest one counts (a redo clears the earlier result).
  std::optional<Rating> rating;
  for (const auto& e : p.events)
    if (e.type == Action::kRate && e.resolution && e.satisfaction)
      rating = Rating{*e.resolution, *e.satisfaction};
  if (rating) {
    c.rated = 1;
    c.satisfied = rating->satisfaction != Satisfaction::kUnsatisfied ? 1 : 0;
    c.solved = rating->resolution == Resolution::kSolved ? 1 : 0;
    c.redone = redone ? 1 : 0;
    if (c.solved && first_decision && DateOfMs(*first_decision) == DateOfMs(p.received_at_ms))
      c.solved_same_day = 1;
  }
  if (s == State::kClosed || s == State::kFinal) {
    c.closed = 1;
    if (p.state.ended_at_ms && *p.state.ended_at_ms - p.received_at_ms <= 30LL * 86'400'000)
      c.closed_within_30d = 1;
  }
  if (IsOpen(s)) {
    for (const auto& clock : p.clocks)
      if (clock.duty && clock.running() && clock.due_ms && *clock.due_ms < now_ms) {
        c.overdue_now = 1;
        break;
      }
    if (now_ms - p.received_at_ms > int64_t{backlog_days} * 86'400'000 || p.merged_in >= 2)
      c.backlog = 1;
  }
  if (decided && p.lead_unit_level) {
    switch (*p.lead_unit_level) {
      case DivisionLevel::kVillage: c.tier_village = 1; break;
      case DivisionLevel::kTownship: c.tier_township = 1; break;
      case DivisionLevel::kNation:
      case DivisionLevel::kProvince:
      case DivisionLevel::kCity:
      case DivisionLevel::kCounty: c.tier_county = 1; break;
    }
  }
  return c;
}

}  // namespace

void Counts::Add(const Counts& o) {
  received += o.received;
  people += o.people;
  merged += o.merged;
  disposed_on_time += o.disposed_on_time;
  accepted += o.accepted;
  decided += o.decided;
  decided_on_time += o.decided_on_time;
  handle_due += o.handle_due;
  replied += o.replied;
  delivered += o.delivered;
  rated += o.rated;
  satisfied += o.satisfied;
  solved += o.solved;
  redone += o.redone;
  closed += o.closed;
  overdue_now += o.overdue_now;
  backlog += o.backlog;
  solved_same_day += o.solved_same_day;
  closed_within_30d += o.closed_within_30d;
  tier_village += o.tier_village;
  tier_township += o.tier_township;
  tier_county += o.tier_county;
}

double Rate(int64_t numerator, int64_t denominator) {
  return denominator == 0 ? 0.0 : static_cast<double>(numerator) / static_cast<double>(denominator);
}

DivisionLevel LevelOfCode(std::string_view code) {
  if (code.size() != 12) return DivisionLevel::kNation;
  auto zeros = [&](size_t from, size_t to) {
    return std::all_of(code.begin() + from, code.begin() + to, [](char ch) { return ch == '0'; });
  };
  if (!zeros(9, 12)) return DivisionLevel::kVillage;
  if (!zeros(6, 9)) return DivisionLevel::kTownship;
  if (!zeros(4, 6)) return DivisionLevel::kCounty;
  if (!zeros(2, 4)) return DivisionLevel::kCity;
  if (!zeros(0, 2)) return DivisionLevel::kProvince;
  return DivisionLevel::kNation;
}

PetitionMetrics ComputeMetrics(const std::vector<MetricsPetition>& petitions, int64_t now_ms,
                               int backlog_days) {
  PetitionMetrics m;
  for (const auto& p : petitions) {
    const Counts c = Count(p, now_ms, backlog_days);
    m.total.Add(c);
    const std::string top = p.category_code.substr(0, p.category_code.find('.'));
    m.by_category[top].Add(c);
    m.by_unit[p.lead_unit_id.value_or(0)].Add(c);
    m.by_month[MonthOf(p.received_at_ms)].Add(c);
  }
  return m;
}

}  // namespace sixia::domain

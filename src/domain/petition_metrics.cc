#include "domain/petition_metrics.h"

#include <algorithm>

#include "domain/calendar.h"

namespace sixia::domain {
namespace {

bool IsDisposal(Action a) {
  return a == Action::kAccept || a == Action::kDecline || a == Action::kTransfer ||
         a == Action::kAssign;
}

const ClockView* FindClock(const std::vector<ClockView>& clocks, ClockKind kind) {
  for (const auto& c : clocks)
    if (c.kind == kind) return &c;
  return nullptr;
}

std::string MonthOf(int64_t ms) {
  const Date d = DateOfMs(ms);
  std::string out = std::to_string(d.year) + "-";
  if (d.month < 10) out += "0";
  return out + std::to_string(d.month);
}

bool Has(uint32_t flags, CountedFlag f) { return (flags & f) != 0; }

}  // namespace

CountedFacts CountFacts(const PetitionState& state, const std::vector<PetitionEvent>& events,
                        const std::vector<ClockView>& clocks, int64_t received_at_ms,
                        std::optional<DivisionLevel> lead_unit_level) {
  CountedFacts out;
  uint32_t& f = out.flags;
  const State s = state.state;
  if (s == State::kMerged) {
    f |= kCountedMerged;
    return out;
  }
  // First disposal and whether it met the dispose clock.
  std::optional<int64_t> disposed;
  bool declined = false, decided = false, redone = false, delivered = false;
  std::optional<int64_t> first_decision;
  std::optional<Rating> rating;  // The latest one counts (a redo clears the earlier result).
  for (const auto& e : events) {
    if (!disposed && IsDisposal(e.type)) disposed = e.at_ms;
    if (e.type == Action::kDecline) declined = true;
    if (e.type == Action::kIssueDecision || e.type == Action::kRecordMediation) {
      decided = true;
      if (!first_decision) first_decision = e.at_ms;
    }
    if (e.type == Action::kRedo) redone = true;
    if (e.type == Action::kDeliver || e.type == Action::kRecordMediation) delivered = true;
    if (e.type == Action::kRate && e.resolution && e.satisfaction)
      rating = Rating{*e.resolution, *e.satisfaction};
  }
  if (const ClockView* dispose = FindClock(clocks, ClockKind::kDispose);
      dispose && disposed && dispose->due_ms && *disposed <= *dispose->due_ms)
    f |= kCountedDisposedOnTime;
  if (state.accepted_at_ms) f |= kCountedAccepted;
  if (decided) f |= kCountedDecided;
  if (const ClockView* handle = FindClock(clocks, ClockKind::kHandle); handle && handle->due_ms) {
    out.handle_due_ms = handle->due_ms;
    if (first_decision && *first_decision <= *handle->due_ms) f |= kCountedDecidedOnTime;
  }
  if (decided || declined) f |= kCountedReplied;
  if (delivered) f |= kCountedDelivered;
  if (rating) {
    f |= kCountedRated;
    if (rating->satisfaction != Satisfaction::kUnsatisfied) f |= kCountedSatisfied;
    if (rating->resolution == Resolution::kSolved) {
      f |= kCountedSolved;
      if (first_decision && DateOfMs(*first_decision) == DateOfMs(received_at_ms))
        f |= kCountedSolvedSameDay;
    }
    if (redone) f |= kCountedRedone;
  }
  if (s == State::kClosed || s == State::kFinal) {
    f |= kCountedClosed;
    if (state.ended_at_ms && *state.ended_at_ms - received_at_ms <= 30LL * 86'400'000)
      f |= kCountedClosedWithin30d;
  }
  if (IsOpen(s)) f |= kCountedOpen;
  if (decided && lead_unit_level) {
    switch (*lead_unit_level) {
      case DivisionLevel::kVillage: f |= kCountedTierVillage; break;
      case DivisionLevel::kTownship: f |= kCountedTierTownship; break;
      case DivisionLevel::kNation:
      case DivisionLevel::kProvince:
      case DivisionLevel::kCity:
      case DivisionLevel::kCounty: f |= kCountedTierCounty; break;
    }
  }
  return out;
}

Counts CountNow(const CountedPetition& p, int64_t now_ms, int backlog_days) {
  const uint32_t f = p.facts.flags;
  Counts c;
  c.received = 1;
  c.people = p.group_size;
  if (Has(f, kCountedMerged)) {
    c.merged = 1;
    return c;
  }
  c.disposed_on_time = Has(f, kCountedDisposedOnTime);
  c.accepted = Has(f, kCountedAccepted);
  c.decided = Has(f, kCountedDecided);
  // 按期办结 counts a petition once its handle clock stopped (decided) or fell due.
  if (p.facts.handle_due_ms && (c.decided || *p.facts.handle_due_ms <= now_ms)) c.handle_due = 1;
  c.decided_on_time = Has(f, kCountedDecidedOnTime);
  c.replied = Has(f, kCountedReplied);
  c.delivered = Has(f, kCountedDelivered);
  c.rated = Has(f, kCountedRated);
  c.satisfied = Has(f, kCountedSatisfied);
  c.solved = Has(f, kCountedSolved);
  c.redone = Has(f, kCountedRedone);
  c.solved_same_day = Has(f, kCountedSolvedSameDay);
  c.closed = Has(f, kCountedClosed);
  c.closed_within_30d = Has(f, kCountedClosedWithin30d);
  if (Has(f, kCountedOpen)) {
    if (p.next_due_ms && *p.next_due_ms < now_ms) c.overdue_now = 1;
    if (now_ms - p.received_at_ms > int64_t{backlog_days} * 86'400'000 || p.merged_in >= 2)
      c.backlog = 1;
  }
  c.tier_village = Has(f, kCountedTierVillage);
  c.tier_township = Has(f, kCountedTierTownship);
  c.tier_county = Has(f, kCountedTierCounty);
  return c;
}


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

PetitionMetrics ComputeMetrics(const std::vector<CountedPetition>& petitions, int64_t now_ms,
                               int backlog_days) {
  PetitionMetrics m;
  for (const auto& p : petitions) {
    const Counts c = CountNow(p, now_ms, backlog_days);
    m.total.Add(c);
    const std::string top = p.category_code.substr(0, p.category_code.find('.'));
    m.by_category[top].Add(c);
    m.by_unit[p.lead_unit_id.value_or(0)].Add(c);
    m.by_month[MonthOf(p.received_at_ms)].Add(c);
  }
  return m;
}

}  // namespace sixia::domain

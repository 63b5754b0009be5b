#include "domain/petition_metrics.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/calendar.h"
#include "domain/petition.h"

namespace sixia::domain {
namespace {

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;
// 2026-03-02 09:00 China time (01:00 UTC).
constexpr int64_t kT0 = 1'772'413'200'000;

using A = Action;

// An event of `action` at `at_ms` with the payload its rules require (see
// petition_workflow_test.cc ValidEvent). Ratings default to unsolved and unsatisfied.
PetitionEvent Ev(Action action, int64_t at_ms) {
  PetitionEvent e;
  e.type = action;
  e.at_ms = at_ms;
  switch (action) {
    case A::kRegister:
      e.channel = Channel::kVisit;
      e.petition_class = PetitionClass::kGrievance;
      break;
    case A::kAccept:
      e.lead_unit_id = 100;
      break;
    case A::kDecline:
      e.reason = "属于民事纠纷";
      e.route = "霞浦县人民法院";
      break;
    case A::kTransfer:
    case A::kAssign:
      e.lead_unit_id = 200;
      break;
    case A::kIssueDecision:
    case A::kIssueReview:
    case A::kIssueReReview:
      e.request = "要求补发补偿款";
      e.facts = "补偿款已足额发放";
      e.reasons = "符合补偿方案";
      e.legal_basis = "《土地管理法》第四十八条";
      e.outcome = DecisionOutcome::kExplain;
      break;
    case A::kRecordMediation:
      e.agreement = "双方同意按评估价补偿";
      break;
    case A::kRate:
      e.resolution = Resolution::kUnsolved;
      e.satisfaction = Satisfaction::kUnsatisfied;
      break;
    case A::kRedo:
      e.reason = "回访不满意";
      break;
    case A::kMerge:
      e.into_petition_id = 42;
      break;
    default:
      break;
  }
  return e;
}

PetitionEvent Rated(int64_t at_ms, Resolution resolution, Satisfaction satisfaction) {
  PetitionEvent e = Ev(A::kRate, at_ms);
  e.resolution = resolution;
  e.satisfaction = satisfaction;
  return e;
}

std::vector<PetitionEvent> Seq(std::initializer_list<std::pair<Action, int64_t>> steps) {
  std::vector<PetitionEvent> out;
  for (const auto& [action, at] : steps) out.push_back(Ev(action, at));
  return out;
}

// register t, accept t+1h, sign t+2h, issue_decision at `decided_at`.
std::vector<PetitionEvent> DecidedAt(int64_t t, int64_t decided_at) {
  return Seq({{A::kRegister, t}, {A::kAccept, t + kHour}, {A::kSign, t + 2 * kHour},
              {A::kIssueDecision, decided_at}});
}

PetitionState FoldOk(const std::vector<PetitionEvent>& events) {
  Result<PetitionState> r = Fold(events);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : PetitionState{};
}

ClockView Clock(ClockKind kind, std::optional<int64_t> due_ms) {
  ClockView c;
  c.kind = kind;
  c.duty = true;
  c.due_ms = due_ms;
  return c;
}

// CountFacts of a real fold, received at the register event.
CountedFacts Facts(const std::vector<PetitionEvent>& events,
                   const std::vector<ClockView>& clocks = {},
                   std::optional<DivisionLevel> lead_unit_level = std::nullopt) {
  return CountFacts(FoldOk(events), events, clocks, events.front().at_ms, lead_unit_level);
}

bool Has(const CountedFacts& f, CountedFlag flag) { return (f.flags & flag) != 0; }

std::vector<int64_t> Fields(const Counts& c) {
  return {c.received,      c.people,          c.merged,       c.disposed_on_time,
          c.accepted,      c.decided,         c.decided_on_time, c.handle_due,
          c.replied,       c.delivered,       c.rated,        c.satisfied,
          c.solved,        c.redone,          c.closed,       c.overdue_now,
          c.backlog,       c.solved_same_day, c.closed_within_30d, c.tier_village,
          c.tier_township, c.tier_county};
}

CountedPetition Stored(const CountedFacts& facts, int64_t received_at_ms) {
  CountedPetition p;
  p.received_at_ms = received_at_ms;
  p.facts = facts;
  return p;
}

// ---- CountFacts ----

TEST(PetitionMetricsTest, MergedCountsOnlyAsReceivedAndMergedWithItsPeople) {
  const auto events = Seq({{A::kRegister, kT0}, {A::kMerge, kT0 + kHour}});
  const CountedFacts facts =
      Facts(events, {Clock(ClockKind::kDispose, kT0 + kDay), Clock(ClockKind::kHandle, kT0)},
            DivisionLevel::kVillage);
  EXPECT_EQ(facts.flags, static_cast<uint32_t>(kCountedMerged));
  EXPECT_FALSE(facts.handle_due_ms.has_value());

  CountedPetition p = Stored(facts, kT0);
  p.group_size = 3;
  p.merged_in = 5;
  p.next_due_ms = kT0;
  Counts expected;
  expected.received = 1;
  expected.people = 3;
  expected.merged = 1;
  EXPECT_EQ(Fields(CountNow(p, kT0 + 400 * kDay, 90)), Fields(expected));
}

TEST(PetitionMetricsTest, DisposedOnTimeWhenFirstDisposalIsNotAfterDisposeDue) {
  // Accepted at kT0+2d; a later assign beyond the due moment does not matter.
  const auto events = Seq({{A::kRegister, kT0}, {A::kAccept, kT0 + 2 * kDay},
                           {A::kAssign, kT0 + 20 * kDay}});
  EXPECT_TRUE(Has(Facts(events, {Clock(ClockKind::kDispose, kT0 + 2 * kDay)}),
                  kCountedDisposedOnTime));
  EXPECT_FALSE(Has(Facts(events, {Clock(ClockKind::kDispose, kT0 + 2 * kDay - 1)}),
                   kCountedDisposedOnTime));
  // No dispose clock, or one without a due moment: not counted on time.
  EXPECT_FALSE(Has(Facts(events), kCountedDisposedOnTime));
  EXPECT_FALSE(Has(Facts(events, {Clock(ClockKind::kDispose, std::nullopt)}),
                   kCountedDisposedOnTime));
  // Not disposed at all.
  EXPECT_FALSE(Has(Facts(Seq({{A::kRegister, kT0}}), {Clock(ClockKind::kDispose, kT0 + kDay)}),
                   kCountedDisposedOnTime));
  // A decline is a disposal too.
  EXPECT_TRUE(Has(Facts(Seq({{A::kRegister, kT0}, {A::kDecline, kT0 + kDay}}),
                        {Clock(ClockKind::kDispose, kT0 + kDay)}),
                  kCountedDisposedOnTime));
}

TEST(PetitionMetricsTest, AcceptedWhenAcceptedOrSignedForByHandlingUnit) {
  EXPECT_TRUE(Has(Facts(Seq({{A::kRegister, kT0}, {A::kAccept, kT0 + kHour}})), kCountedAccepted));
  EXPECT_TRUE(Has(Facts(Seq({{A::kRegister, kT0}, {A::kTransfer, kT0 + kHour},
                             {A::kSign, kT0 + 2 * kHour}})),
                  kCountedAccepted));
  EXPECT_FALSE(Has(Facts(Seq({{A::kRegister, kT0}})), kCountedAccepted));
  EXPECT_FALSE(Has(Facts(Seq({{A::kRegister, kT0}, {A::kDecline, kT0 + kHour}})),
                   kCountedAccepted));
}

TEST(PetitionMetricsTest, DecidedOnTimeWhenFirstDecisionIsNotAfterHandleDue) {
  const int64_t decided_at = kT0 + 10 * kDay;
  const auto events = DecidedAt(kT0, decided_at);
  const CountedFacts on_time = Facts(events, {Clock(ClockKind::kHandle, decided_at)});
  EXPECT_TRUE(Has(on_time, kCountedDecided));
  EXPECT_TRUE(Has(on_time, kCountedDecidedOnTime));
  EXPECT_EQ(on_time.handle_due_ms, decided_at);

  const CountedFacts late = Facts(events, {Clock(ClockKind::kHandle, decided_at - 1)});
  EXPECT_TRUE(Has(late, kCountedDecided));
  EXPECT_FALSE(Has(late, kCountedDecidedOnTime));
  EXPECT_EQ(late.handle_due_ms, decided_at - 1);

  // Without a handle clock nothing falls due and nothing is on time.
  const CountedFacts no_clock = Facts(events);
  EXPECT_TRUE(Has(no_clock, kCountedDecided));
  EXPECT_FALSE(Has(no_clock, kCountedDecidedOnTime));
  EXPECT_FALSE(no_clock.handle_due_ms.has_value());

  // Undecided: not decided, not on time, but the due moment is kept for CountNow.
  const auto handling = Seq({{A::kRegister, kT0}, {A::kAccept, kT0 + kHour}});
  const CountedFacts undecided = Facts(handling, {Clock(ClockKind::kHandle, kT0 + 60 * kDay)});
  EXPECT_FALSE(Has(undecided, kCountedDecided));
  EXPECT_FALSE(Has(undecided, kCountedDecidedOnTime));
  EXPECT_EQ(undecided.handle_due_ms, kT0 + 60 * kDay);
}

TEST(PetitionMetricsTest, DecidedOnTimeLooksAtTheFirstDecisionNotARedoneOne) {
  auto events = DecidedAt(kT0, kT0 + 10 * kDay);
  events.push_back(Ev(A::kDeliver, kT0 + 11 * kDay));
  events.push_back(Ev(A::kRate, kT0 + 12 * kDay));  // unsatisfied
  events.push_back(Ev(A::kRedo, kT0 + 13 * kDay));
  events.push_back(Ev(A::kIssueDecision, kT0 + 40 * kDay));  // after the due moment
  EXPECT_TRUE(Has(Facts(events, {Clock(ClockKind::kHandle, kT0 + 20 * kDay)}),
                  kCountedDecidedOnTime));
}

TEST(PetitionMetricsTest, HandleDueCountsOnceDecidedOrOnceHandleClockFellDue) {
  const int64_t due = kT0 + 60 * kDay;
  CountedFacts undecided;
  undecided.flags = kCountedAccepted | kCountedOpen;
  undecided.handle_due_ms = due;
  EXPECT_EQ(CountNow(Stored(undecided, kT0), due - 1, 90).handle_due, 0);
  EXPECT_EQ(CountNow(Stored(undecided, kT0), due, 90).handle_due, 1);
  EXPECT_EQ(CountNow(Stored(undecided, kT0), due + kDay, 90).handle_due, 1);

  // Decided long before the clock would fall due: counted already.
  const auto events = DecidedAt(kT0, kT0 + 5 * kDay);
  const CountedFacts decided = Facts(events, {Clock(ClockKind::kHandle, due)});
  const Counts now = CountNow(Stored(decided, kT0), kT0 + 6 * kDay, 90);
  EXPECT_EQ(now.handle_due, 1);
  EXPECT_EQ(now.decided_on_time, 1);
  EXPECT_EQ(now.decided, 1);

  // No handle clock (never accepted): never due.
  CountedFacts no_clock;
  no_clock.flags = kCountedDecided;
  EXPECT_EQ(CountNow(Stored(no_clock, kT0), kT0 + 400 * kDay, 90).handle_due, 0);
}

TEST(PetitionMetricsTest, RepliedWhenDecidedOrDeclinedWithRoute) {
  const CountedFacts declined = Facts(Seq({{A::kRegister, kT0}, {A::kDecline, kT0 + kHour}}));
  EXPECT_TRUE(Has(declined, kCountedReplied));
  EXPECT_FALSE(Has(declined, kCountedDecided));
  EXPECT_FALSE(Has(declined, kCountedOpen));
  EXPECT_FALSE(Has(declined, kCountedClosed));  // Declined is terminal but not 办结.

  EXPECT_TRUE(Has(Facts(DecidedAt(kT0, kT0 + kDay)), kCountedReplied));
  EXPECT_FALSE(Has(Facts(Seq({{A::kRegister, kT0}, {A::kAccept, kT0 + kHour},
                              {A::kSign, kT0 + 2 * kHour}})),
                   kCountedReplied));
}

TEST(PetitionMetricsTest, DeliveredWhenDecisionDeliveredOrAgreementRecorded) {
  auto events = DecidedAt(kT0, kT0 + kDay);
  EXPECT_FALSE(Has(Facts(events), kCountedDelivered));
  events.push_back(Ev(A::kDeliver, kT0 + 2 * kDay));
  EXPECT_TRUE(Has(Facts(events), kCountedDelivered));

  const CountedFacts mediated =
      Facts(Seq({{A::kRegister, kT0}, {A::kAccept, kT0 + kHour}, {A::kSign, kT0 + 2 * kHour},
                 {A::kRecordMediation, kT0 + kDay}}));
  EXPECT_TRUE(Has(mediated, kCountedDelivered));
  EXPECT_TRUE(Has(mediated, kCountedDecided));
}

TEST(PetitionMetricsTest, LatestRatingCountsAfterRedo) {
  auto events = DecidedAt(kT0, kT0 + kDay);
  events.push_back(Ev(A::kDeliver, kT0 + 2 * kDay));
  events.push_back(Rated(kT0 + 3 * kDay, Resolution::kUnsolved, Satisfaction::kUnsatisfied));
  const CountedFacts before = Facts(events);
  EXPECT_TRUE(Has(before, kCountedRated));
  EXPECT_FALSE(Has(before, kCountedSatisfied));
  EXPECT_FALSE(Has(before, kCountedSolved));
  EXPECT_FALSE(Has(before, kCountedRedone));

  events.push_back(Ev(A::kRedo, kT0 + 4 * kDay));
  events.push_back(Ev(A::kIssueDecision, kT0 + 5 * kDay));
  events.push_back(Ev(A::kDeliver, kT0 + 6 * kDay));
  events.push_back(Rated(kT0 + 7 * kDay, Resolution::kSolved, Satisfaction::kSatisfied));
  const CountedFacts after = Facts(events);
  EXPECT_TRUE(Has(after, kCountedRated));
  EXPECT_TRUE(Has(after, kCountedSatisfied));
  EXPECT_TRUE(Has(after, kCountedSolved));
  EXPECT_TRUE(Has(after, kCountedRedone));
}

TEST(PetitionMetricsTest, LatestRatingCountsWhenRatedAgainWithoutRedo) {
  auto events = DecidedAt(kT0, kT0 + kDay);
  events.push_back(Ev(A::kDeliver, kT0 + 2 * kDay));
  events.push_back(Rated(kT0 + 3 * kDay, Resolution::kSolved, Satisfaction::kSatisfied));
  events.push_back(Rated(kT0 + 4 * kDay, Resolution::kPartlySolved, Satisfaction::kUnsatisfied));
  const CountedFacts f = Facts(events);
  EXPECT_TRUE(Has(f, kCountedRated));
  EXPECT_FALSE(Has(f, kCountedSatisfied));
  EXPECT_FALSE(Has(f, kCountedSolved));
  EXPECT_FALSE(Has(f, kCountedRedone));

  // 基本满意 counts as satisfied.
  events.push_back(
      Rated(kT0 + 5 * kDay, Resolution::kPartlySolved, Satisfaction::kBasicallySatisfied));
  EXPECT_TRUE(Has(Facts(events), kCountedSatisfied));
  EXPECT_FALSE(Has(Facts(events), kCountedSolved));
}

TEST(PetitionMetricsTest, SolvedSameDayOnlyWhenFirstDecisionOnReceiptDayInChinaTime) {
  // Received 2026-03-02 08:30 China (00:30 UTC).
  const int64_t received = 1'772'411'400'000;
  auto solved_after = [&](int64_t decided_at, Resolution resolution) {
    auto events = Seq({{A::kRegister, received}, {A::kAccept, received + 1000},
                       {A::kSign, received + 2000}, {A::kIssueDecision, decided_at},
                       {A::kDeliver, decided_at + 1}});
    events.push_back(Rated(decided_at + 2, resolution, Satisfaction::kSatisfied));
    return Facts(events);
  };
  // 23:59 China on the receipt day (15:59 UTC).
  const int64_t late_evening = received + 15 * kHour + 29 * 60'000;
  EXPECT_TRUE(Has(solved_after(late_evening, Resolution::kSolved), kCountedSolvedSameDay));
  // 00:30 China the next day: still the same UTC date, but another China day.
  const int64_t next_china_day = received + 16 * kHour;
  ASSERT_EQ(DateOfMs(next_china_day), (Date{2026, 3, 3}));
  EXPECT_FALSE(Has(solved_after(next_china_day, Resolution::kSolved), kCountedSolvedSameDay));
  EXPECT_TRUE(Has(solved_after(next_china_day, Resolution::kSolved), kCountedSolved));
  // Decided the same day but only partly solved.
  EXPECT_FALSE(
      Has(solved_after(late_evening, Resolution::kPartlySolved), kCountedSolvedSameDay));
}

TEST(PetitionMetricsTest, ClosedWithin30DaysOfReceiptAtMost) {
  auto closed_at = [&](int64_t at) {
    auto events = DecidedAt(kT0, kT0 + kDay);
    events.push_back(Ev(A::kDeliver, kT0 + 2 * kDay));
    events.push_back(Ev(A::kClose, at));
    return Facts(events);
  };
  const CountedFacts on_boundary = closed_at(kT0 + 30 * kDay);
  EXPECT_TRUE(Has(on_boundary, kCountedClosed));
  EXPECT_TRUE(Has(on_boundary, kCountedClosedWithin30d));
  EXPECT_FALSE(Has(on_boundary, kCountedOpen));
  const CountedFacts after = closed_at(kT0 + 30 * kDay + 1);
  EXPECT_TRUE(Has(after, kCountedClosed));
  EXPECT_FALSE(Has(after, kCountedClosedWithin30d));
  // Not closed yet.
  auto open = DecidedAt(kT0, kT0 + kDay);
  EXPECT_FALSE(Has(Facts(open), kCountedClosed));
  EXPECT_TRUE(Has(Facts(open), kCountedOpen));
}

TEST(PetitionMetricsTest, FinalAfterReReviewCountsAsClosed) {
  auto events = DecidedAt(kT0, kT0 + kDay);
  for (const auto& [action, at] : std::vector<std::pair<Action, int64_t>>{
           {A::kDeliver, kT0 + 2 * kDay},
           {A::kRequestReview, kT0 + 3 * kDay},
           {A::kIssueReview, kT0 + 4 * kDay},
           {A::kDeliver, kT0 + 5 * kDay},
           {A::kRequestReReview, kT0 + 6 * kDay},
           {A::kIssueReReview, kT0 + 7 * kDay}})
    events.push_back(Ev(action, at));
  ASSERT_EQ(FoldOk(events).state, State::kFinal);
  const CountedFacts f = Facts(events);
  EXPECT_TRUE(Has(f, kCountedClosed));
  EXPECT_TRUE(Has(f, kCountedClosedWithin30d));
  EXPECT_FALSE(Has(f, kCountedOpen));
}

// ---- CountNow: open petitions ----

TEST(PetitionMetricsTest, OverdueNowOnlyWhenOpenAndNextDueBeforeNow) {
  const CountedFacts open = Facts(Seq({{A::kRegister, kT0}, {A::kAccept, kT0 + kHour}}));
  ASSERT_TRUE(Has(open, kCountedOpen));
  CountedPetition p = Stored(open, kT0);
  p.next_due_ms = kT0 + 10 * kDay;
  EXPECT_EQ(CountNow(p, kT0 + 10 * kDay, 90).overdue_now, 0);  // at due: not yet overdue
  EXPECT_EQ(CountNow(p, kT0 + 10 * kDay + 1, 90).overdue_now, 1);
  p.next_due_ms.reset();
  EXPECT_EQ(CountNow(p, kT0 + 100 * kDay, 90).overdue_now, 0);
}

TEST(PetitionMetricsTest, BacklogWhenOpenOlderThanBacklogDaysOrTwoRepeatsMerged) {
  const CountedFacts open = Facts(Seq({{A::kRegister, kT0}, {A::kAccept, kT0 + kHour}}));
  CountedPetition p = Stored(open, kT0);
  EXPECT_EQ(CountNow(p, kT0 + 90 * kDay, 90).backlog, 0);  // exactly 90 days: not older
  EXPECT_EQ(CountNow(p, kT0 + 90 * kDay + 1, 90).backlog, 1);
  EXPECT_EQ(CountNow(p, kT0 + 31 * kDay, 30).backlog, 1);  // backlog_days is honoured
  p.merged_in = 1;
  EXPECT_EQ(CountNow(p, kT0 + kDay, 90).backlog, 0);
  p.merged_in = 2;
  EXPECT_EQ(CountNow(p, kT0 + kDay, 90).backlog, 1);
}

TEST(PetitionMetricsTest, ClosedPetitionIsNeverOverdueOrBacklog) {
  auto events = DecidedAt(kT0, kT0 + kDay);
  events.push_back(Ev(A::kDeliver, kT0 + 2 * kDay));
  events.push_back(Ev(A::kClose, kT0 + 3 * kDay));
  CountedPetition p = Stored(Facts(events), kT0);
  p.next_due_ms = kT0 + kDay;
  p.merged_in = 3;
  const Counts c = CountNow(p, kT0 + 400 * kDay, 90);
  EXPECT_EQ(c.closed, 1);
  EXPECT_EQ(c.overdue_now, 0);
  EXPECT_EQ(c.backlog, 0);

  // A declined petition is not open either.
  CountedPetition declined =
      Stored(Facts(Seq({{A::kRegister, kT0}, {A::kDecline, kT0 + kHour}})), kT0);
  declined.next_due_ms = kT0 + kDay;
  const Counts d = CountNow(declined, kT0 + 400 * kDay, 90);
  EXPECT_EQ(d.overdue_now, 0);
  EXPECT_EQ(d.backlog, 0);
}

// ---- Tier ----

TEST(PetitionMetricsTest, TierFollowsLeadUnitLevelOnlyOnceDecided) {
  const auto decided = DecidedAt(kT0, kT0 + kDay);
  auto tier = [](const CountedFacts& f) {
    return f.flags & (kCountedTierVillage | kCountedTierTownship | kCountedTierCounty);
  };
  EXPECT_EQ(tier(Facts(decided, {}, DivisionLevel::kVillage)),
            static_cast<uint32_t>(kCountedTierVillage));
  EXPECT_EQ(tier(Facts(decided, {}, DivisionLevel::kTownship)),
            static_cast<uint32_t>(kCountedTierTownship));
  for (DivisionLevel level : {DivisionLevel::kCounty, DivisionLevel::kCity,
                              DivisionLevel::kProvince, DivisionLevel::kNation})
    EXPECT_EQ(tier(Facts(decided, {}, level)), static_cast<uint32_t>(kCountedTierCounty))
        << DivisionLevelName(level);
  EXPECT_EQ(tier(Facts(decided, {}, std::nullopt)), 0u);
  const auto undecided = Seq({{A::kRegister, kT0}, {A::kAccept, kT0 + kHour}});
  EXPECT_EQ(tier(Facts(undecided, {}, DivisionLevel::kVillage)), 0u);

  const Counts c = CountNow(Stored(Facts(decided, {}, DivisionLevel::kTownship), kT0), kT0, 90);
  EXPECT_EQ(c.tier_village, 0);
  EXPECT_EQ(c.tier_township, 1);
  EXPECT_EQ(c.tier_county, 0);
}

// ---- ComputeMetrics ----

TEST(PetitionMetricsTest, ComputeMetricsGroupsByLevelOneCategoryUnitAndChinaMonth) {
  // 2026-01-31T16:00:00Z is 2026-02-01 00:00 in China.
  const int64_t feb_china = 1'769'875'200'000;
  const CountedFacts decided = Facts(DecidedAt(feb_china, feb_china + kDay));
  const CountedFacts merged =
      Facts(Seq({{A::kRegister, feb_china}, {A::kMerge, feb_china + kHour}}));

  std::vector<CountedPetition> ps(4);
  ps[0] = Stored(decided, feb_china - 1);  // 2026-01-31 23:59:59.999 China
  ps[0].category_code = "01.02.03";
  ps[0].lead_unit_id = 5;
  ps[0].group_size = 2;
  ps[1] = Stored(decided, feb_china);
  ps[1].category_code = "01";
  ps[2] = Stored(merged, feb_china + 9 * kDay);
  ps[2].category_code = "02.01";
  ps[2].lead_unit_id = 5;
  ps[3] = Stored(decided, feb_china + 40 * kDay);  // 2026-03-13
  ps[3].lead_unit_id = 7;

  const int64_t now = feb_china + 50 * kDay;
  const PetitionMetrics m = ComputeMetrics(ps, now);

  EXPECT_EQ(m.total.received, 4);
  EXPECT_EQ(m.total.people, 5);
  EXPECT_EQ(m.total.merged, 1);
  EXPECT_EQ(m.total.decided, 3);

  ASSERT_EQ(m.by_category.size(), 3u);
  EXPECT_EQ(m.by_category.at("01").received, 2);
  EXPECT_EQ(m.by_category.at("01").people, 3);
  EXPECT_EQ(m.by_category.at("02").merged, 1);
  EXPECT_EQ(m.by_category.at("").received, 1);

  ASSERT_EQ(m.by_unit.size(), 3u);
  EXPECT_EQ(m.by_unit.at(5).received, 2);
  EXPECT_EQ(m.by_unit.at(5).decided, 1);
  EXPECT_EQ(m.by_unit.at(0).received, 1);
  EXPECT_EQ(m.by_unit.at(7).received, 1);

  ASSERT_EQ(m.by_month.size(), 3u);
  EXPECT_EQ(m.by_month.at("2026-01").received, 1);
  EXPECT_EQ(m.by_month.at("2026-01").people, 2);
  EXPECT_EQ(m.by_month.at("2026-02").received, 2);
  EXPECT_EQ(m.by_month.at("2026-03").received, 1);

  // Each grouping splits the total exactly.
  auto sum = [](const auto& groups) {
    Counts s;
    for (const auto& [key, c] : groups) s.Add(c);
    return Fields(s);
  };
  EXPECT_EQ(sum(m.by_category), Fields(m.total));
  EXPECT_EQ(sum(m.by_unit), Fields(m.total));
  EXPECT_EQ(sum(m.by_month), Fields(m.total));

  // And the total is the sum of what each petition counts now.
  Counts each;
  for (const auto& p : ps) each.Add(CountNow(p, now, 90));
  EXPECT_EQ(Fields(each), Fields(m.total));
}

TEST(PetitionMetricsTest, ComputeMetricsPassesBacklogDays) {
  const CountedFacts open = Facts(Seq({{A::kRegister, kT0}, {A::kAccept, kT0 + kHour}}));
  const std::vector<CountedPetition> ps = {Stored(open, kT0)};
  EXPECT_EQ(ComputeMetrics(ps, kT0 + 40 * kDay).total.backlog, 0);  // default 90
  EXPECT_EQ(ComputeMetrics(ps, kT0 + 40 * kDay, 30).total.backlog, 1);
  EXPECT_TRUE(ComputeMetrics({}, kT0).by_month.empty());
}

// ---- LevelOfCode, Rate ----

TEST(PetitionMetricsTest, LevelOfCodeReadsTheDigits) {
  EXPECT_EQ(LevelOfCode("350921101201"), DivisionLevel::kVillage);
  EXPECT_EQ(LevelOfCode("350921101000"), DivisionLevel::kTownship);
  EXPECT_EQ(LevelOfCode("350921000000"), DivisionLevel::kCounty);
  EXPECT_EQ(LevelOfCode("350900000000"), DivisionLevel::kCity);
  EXPECT_EQ(LevelOfCode("350000000000"), DivisionLevel::kProvince);
  EXPECT_EQ(LevelOfCode("000000000000"), DivisionLevel::kNation);
  EXPECT_EQ(LevelOfCode("3509"), DivisionLevel::kNation);  // not 12 digits
}

TEST(PetitionMetricsTest, RateIsZeroWithoutDenominator) {
  EXPECT_EQ(Rate(3, 0), 0.0);
  EXPECT_EQ(Rate(0, 0), 0.0);
  EXPECT_DOUBLE_EQ(Rate(1, 4), 0.25);
  EXPECT_DOUBLE_EQ(Rate(4, 4), 1.0);
}

}  // namespace
}  // namespace sixia::domain

// The statutory clocks of one petition (domain/petition_clocks.h), derived from real event
// histories built with domain::Apply: what starts and stops each clock, its due moment, its
// warning band, and what the workflow and the overdue sweep read from it.
#include "domain/petition_clocks.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/calendar.h"
#include "domain/petition.h"
#include "domain/petition_workflow.h"
#include "domain/time_limits.h"

namespace sixia::domain {
namespace {

constexpr int64_t kMinute = 60'000;
constexpr int64_t kHour = kMsPerHour;
constexpr int64_t kDay = kMsPerDay;

// `hour`:00 China time on the given civil date.
int64_t At(int year, int month, int day, int hour) {
  return StartOfDayMs(Date{year, month, day}) + hour * kHour;
}

// 10:00 on Monday 2024-03-04: March 2024 has no public holiday, so hand-counted days hold.
const int64_t kT0 = At(2024, 3, 4, 10);

// An event of type `action` at `at_ms` whose payload satisfies every rule of that action.
PetitionEvent ValidEvent(Action action, int64_t at_ms) {
  PetitionEvent e;
  e.type = action;
  e.at_ms = at_ms;
  e.actor_user_id = 7;
  switch (action) {
    case Action::kRegister:
      e.channel = Channel::kVisit;
      e.petition_class = PetitionClass::kGrievance;
      break;
    case Action::kAccept:
      e.lead_unit_id = 100;
      break;
    case Action::kDecline:
      e.reason = "属于民事纠纷";
      e.route = "霞浦县人民法院";
      break;
    case Action::kTransfer:
      e.lead_unit_id = 200;
      break;
    case Action::kAssign:
      e.lead_unit_id = 300;
      break;
    case Action::kReassign:
      e.lead_unit_id = 400;
      break;
    case Action::kObject:
      e.reason = "不属于本单位职责";
      break;
    case Action::kOverruleObjection:
      e.reason = "依三定方案属该单位职责";
      break;
    case Action::kExtend:
      e.days = 10;
      e.reason = "需现场勘测";
      e.approver_user_id = 11;
      e.approver_is_agency_head = true;
      break;
    case Action::kIssueDecision:
    case Action::kIssueReview:
    case Action::kIssueReReview:
      e.request = "要求补发土地征收补偿款";
      e.facts = "补偿款已于2023年3月足额发放";
      e.reasons = "补偿标准符合县政府公布的方案";
      e.outcome = DecisionOutcome::kExplain;
      e.legal_basis = "《土地管理法》第四十八条";
      break;
    case Action::kRecordMediation:
      e.agreement = "双方同意按评估价补偿";
      break;
    case Action::kRate:
      e.resolution = Resolution::kUnsolved;
      e.satisfaction = Satisfaction::kUnsatisfied;
      break;
    case Action::kRedo:
      e.reason = "回访不满意";
      break;
    case Action::kPauseHearing:
      e.reason = "组织听证";
      break;
    case Action::kMerge:
      e.into_petition_id = 42;
      break;
    case Action::kSetOwningLeader:
      e.owning_leader_user_id = 9;
      break;
    case Action::kSign:
    case Action::kDeliver:
    case Action::kRequestReview:
    case Action::kRequestReReview:
    case Action::kResumeHearing:
    case Action::kClose:
      break;
  }
  return e;
}

std::vector<std::string> Names(const std::vector<ClockView>& clocks) {
  std::vector<std::string> out;
  for (const auto& c : clocks) out.push_back(ClockKindName(c.kind));
  return out;
}

// The clock of `kind`, or nullptr when it has not started.
const ClockView* Find(const std::vector<ClockView>& clocks, ClockKind kind) {
  for (const auto& c : clocks)
    if (c.kind == kind) return &c;
  return nullptr;
}

class PetitionClocksTest : public ::testing::Test {
 protected:
  PetitionClocksTest() {
    subject_.division_code = "350921101201";
    subject_.category_code = "01.01.01";
  }

  // Applies a valid event of `action` at `at_ms`, after `edit` adjusted its payload.
  template <typename Edit>
  ::testing::AssertionResult Record(Action action, int64_t at_ms, Edit edit) {
    PetitionEvent e = ValidEvent(action, at_ms);
    edit(e);
    const Status s = Apply(state_, e);
    if (!s.ok()) return ::testing::AssertionFailure() << ActionName(action) << ": " << s.ToString();
    events_.push_back(e);
    return ::testing::AssertionSuccess();
  }
  ::testing::AssertionResult Record(Action action, int64_t at_ms) {
    return Record(action, at_ms, [](PetitionEvent&) {});
  }

  std::vector<ClockView> ClocksAt(int64_t now_ms) const {
    auto r = PetitionClocks(events_, state_, subject_, limits_, calendar_, now_ms);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : std::vector<ClockView>{};
  }

  std::optional<int64_t> Due(TimeLimit limit, int64_t start,
                             const std::vector<Pause>& pauses = {}) const {
    return DueAtMs(calendar_, limit, start, pauses);
  }

  // register at kT0, then accept, sign, decision, delivery, 复查 request, 复查 opinion, its
  // delivery and the 复核 request, one day apart. Returns the moment of the 复核 request.
  int64_t ReachReReviewRequested() {
    const Action steps[] = {Action::kRegister,      Action::kAccept,  Action::kSign,
                            Action::kIssueDecision, Action::kDeliver, Action::kRequestReview,
                            Action::kIssueReview,   Action::kDeliver, Action::kRequestReReview};
    int64_t t = kT0;
    for (Action a : steps) {
      EXPECT_TRUE(Record(a, t));
      t += kDay;
    }
    return t - kDay;
  }

  ClockSubject subject_;
  TimeLimitTable limits_ = DefaultTimeLimits();
  HolidayCalendar calendar_ = DefaultChinaCalendar();
  PetitionState state_;
  std::vector<PetitionEvent> events_;
};

// ---- Registration: dispose and receipt notice -------------------------------------------

TEST_F(PetitionClocksTest, NoClockRunsBeforeRegistration) {
  // Given no events
  // When the clocks are computed
  auto clocks = PetitionClocks({}, PetitionState{}, subject_, limits_, calendar_, kT0);

  // Then there are none
  ASSERT_TRUE(clocks.ok());
  EXPECT_TRUE(clocks->empty());
}

TEST_F(PetitionClocksTest, DisposeAndReceiptNoticeRunFifteenDaysFromRegistration) {
  // Given a petition registered on Monday 2024-03-04 10:00
  ASSERT_TRUE(Record(Action::kRegister, kT0));

  // When its clocks are read a day later
  const auto clocks = ClocksAt(kT0 + kDay);

  // Then exactly the two registration duties run, due at the end of 2024-03-19 (the start
  // day is not counted: 03-05 … 03-19 are the 15 days)
  ASSERT_EQ(Names(clocks), (std::vector<std::string>{"dispose", "receipt_notice"}));
  for (const auto& c : clocks) {
    EXPECT_TRUE(c.duty) << ClockKindName(c.kind);
    EXPECT_TRUE(c.running()) << ClockKindName(c.kind);
    EXPECT_EQ(c.start_ms, kT0);
    EXPECT_EQ(c.limit, (TimeLimit{15, LimitUnit::kCalendarDays}));
    EXPECT_EQ(c.due_ms, StartOfDayMs(Date{2024, 3, 20}));
    EXPECT_EQ(c.band, Band::kNormal);
    EXPECT_FALSE(c.note.empty()) << "the legal basis is shown to staff";
  }
  EXPECT_EQ(Find(clocks, ClockKind::kDispose)->note, "条例第二十二条");
  EXPECT_EQ(Find(clocks, ClockKind::kReceiptNotice)->note, "条例第二十三条");
}

TEST_F(PetitionClocksTest, EveryKindOfFirstDisposalStopsDisposeAndReceiptNotice) {
  for (Action disposal :
       {Action::kAccept, Action::kDecline, Action::kTransfer, Action::kAssign, Action::kMerge}) {
    SCOPED_TRACE(ActionName(disposal));
    // Given a registered petition
    state_ = {};
    events_.clear();
    ASSERT_TRUE(Record(Action::kRegister, kT0));

    // When it is disposed of two days later
    const int64_t disposed = kT0 + 2 * kDay;
    ASSERT_TRUE(Record(disposal, disposed));

    // Then both registration duties stopped then, in time, and are no longer due
    const auto clocks = ClocksAt(disposed + 30 * kDay);
    for (ClockKind kind : {ClockKind::kDispose, ClockKind::kReceiptNotice}) {
      const ClockView* c = Find(clocks, kind);
      ASSERT_NE(c, nullptr) << ClockKindName(kind);
      EXPECT_EQ(c->stopped_at_ms, disposed) << ClockKindName(kind);
      EXPECT_EQ(c->band, Band::kNormal) << ClockKindName(kind);
      EXPECT_FALSE(c->Overdue()) << ClockKindName(kind);
    }
  }
}

TEST_F(PetitionClocksTest, LaterRoutingDoesNotMoveTheStopOfTheFirstDisposal) {
  // Given a petition accepted on day 1
  ASSERT_TRUE(Record(Action::kRegister, kT0));
  ASSERT_TRUE(Record(Action::kAccept, kT0 + kDay));

  // When it is assigned to a unit on day 20 (after the 15 days)
  ASSERT_TRUE(Record(Action::kAssign, kT0 + 20 * kDay));

  // Then the dispose duty stays met at the acceptance
  const ClockView* dispose = Find(ClocksAt(kT0 + 21 * kDay), ClockKind::kDispose);
  ASSERT_NE(dispose, nullptr);
  EXPECT_EQ(dispose->stopped_at_ms, kT0 + kDay);
  EXPECT_EQ(dispose->band, Band::kNormal);
}

TEST_F(PetitionClocksTest, ReceiptNoticeIsNotOwedForAnonymousPetitions) {
  // Given an anonymous petition
  subject_.anonymous = true;
  ASSERT_TRUE(Record(Action::kRegister, kT0));

  // When its clocks are read
  const auto clocks = ClocksAt(kT0 + kHour);

  // Then only the dispose duty runs: nobody can be told of the receipt (Art. 23)
  EXPECT_EQ(Names(clocks), std::vector<std::string>{"dispose"});
}

// ---- Objection (异议) ----------------------------------------------------------------------

TEST_F(PetitionClocksTest, ObjectionWindowRunsFiveWorkingDaysFromTheAssignment) {
  // Given a petition assigned to a unit on Monday 2024-03-04 10:00
  ASSERT_TRUE(Record(Action::kRegister, kT0));
  ASSERT_TRUE(Record(Action::kAssign, kT0));

  // When its clocks are read the next day
  const ClockView* c = Find(ClocksAt(kT0 + kDay), ClockKind::kObjection);

  // Then the unit may object until the end of Monday 03-11 (Tue … Fri, Mon), and it is the
  // unit's right, not a duty
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->start_ms, kT0);
  EXPECT_EQ(c->limit, (TimeLimit{5, LimitUnit::kWorkingDays}));
  EXPECT_EQ(c->due_ms, StartOfDayMs(Date{2024, 3, 12}));
  EXPECT_TRUE(c->running());
  EXPECT_FALSE(c->duty);
}

TEST_F(PetitionClocksTest, ObjectionWindowStopsAtTheSignature) {
  // Given an assigned petition
  ASSERT_TRUE(Record(Action::kRegister, kT0));
  ASSERT_TRUE(Record(Action::kAssign, kT0 + kHour));

  // When the unit signs for it
  ASSERT_TRUE(Record(Action::kSign, kT0 + kDay));

  // Then the objection window is closed at the signature
  const auto clocks = ClocksAt(kT0 + 2 * kDay);
  const ClockView* c = Find(clocks, ClockKind::kObjection);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->stopped_at_ms, kT0 + kDay);
  EXPECT_FALSE(WindowsOf(clocks).objection_until_ms.has_value());
}

TEST_F(PetitionClocksTest, ObjectionWindowStopsAtTheObjection) {
  // Given a transferred petition
  ASSERT_TRUE(Record(Action::kRegister, kT0));
  ASSERT_TRUE(Record(Action::kTransfer, kT0 + kHour));

  // When the receiving body objects
  ASSERT_TRUE(Record(Action::kObject, kT0 + 2 * kDay));

  // Then the window stopped at the objection
  const ClockView* c = Find(ClocksAt(kT0 + 3 * kDay), ClockKind::kObjection);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->start_ms, kT0 + kHour);
  EXPECT_EQ(c->stopped_at_ms, kT0 + 2 * kDay);
}

TEST_F(PetitionClocksTest, ObjectionWindowRestartsFromTheLatestReassignment) {
  // Given a petition assigned, objected to, then reassigned to another unit
  ASSERT_TRUE(Record(Action::kRegister, kT0));
  ASSERT_TRUE(Record(Action::kAssign, kT0 + kHour));
  ASSERT_TRUE(Record(Action::kObject, kT0 + kDay));
  const int64_t reassigned = kT0 + 2 * kDay;
  ASSERT_TRUE(Record(Action::kReassign, reassigned));

  // When the clocks are read
  const auto clocks = ClocksAt(reassigned + kHour);

  // Then one objection window runs, for the new unit, from the reassignment
  int objection_clocks = 0;
  for (const auto& c : clocks) objection_clocks += c.kind == ClockKind::kObjection ? 1 : 0;
  EXPECT_EQ(objection_clocks, 1);
  const ClockView* c = Find(clocks, ClockKind::kObjection);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->start_ms, reassigned);
  EXPECT_TRUE(c->running());
  EXPECT_EQ(c->due_ms, Due({5, LimitUnit::kWorkingDays}, reassigned));
  EXPECT_EQ(WindowsOf(clocks).objection_until_ms, c->due_ms);
}

TEST_F(PetitionClocksTest, LapsedObjectionWindowIsNeverAnOverdueDuty) {
  // Given an assigned petition nobody signed for in a month
  ASSERT_TRUE(Record(Action::kRegister, kT0));
  ASSERT_TRUE(Record(Action::kAssign, kT0 + kHour));

  // When its clocks are read a month later
  const auto clocks = ClocksAt(kT0 + 30 * kDay);

  // Then the objection window has lapsed but is no compliance event and no next due moment
  const ClockView* c = Find(clocks, ClockKind::kObjection);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->band, Band::kOverdue);
  EXPECT_FALSE(c->Overdue());
  EXPECT_EQ(NextDue(clocks), std::nullopt);
}

// ---- Handling (Art. 34) ------------------------------------------------------------------

TEST_F(PetitionClocksTest, HandleClockRunsSixtyDaysFromAcceptance) {
  // Given a petition accepted a day after registration
  ASSERT_TRUE(Record(Action::kRegister, kT0));
  const int64_t accepted = kT0 + kDay;
  ASSERT_TRUE(Record(Action::kAccept, accepted));

  // When its clocks are read
  const auto clocks = ClocksAt(accepted + kDay);

  // Then the handling duty runs 60 days from the acceptance and is the next due moment
  const ClockView* c = Find(clocks, ClockKind::kHandle);
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->duty);
  EXPECT_EQ(c->start_ms, accepted);
  EXPECT_EQ(c->limit, (TimeLimit{60, LimitUnit::kCalendarDays}));
  EXPECT_EQ(c->due_ms, Due({60, LimitUnit::kCalendarDays}, accepted));
  EXPECT_TRUE(c->running());
  EXPECT_EQ(NextDue(clocks), c->due_ms);
}

TEST_F(PetitionClocksTest, HandleClockStartsAtTheSignatureWhenAssignedStraightFromRegistration) {
  // Given a petition assigned without a formal acceptance
  ASSERT_TRUE(Record(Action::kRegister, kT0));
  ASSERT_TRUE(Record(Action::kAssign, kT0 + kHour));
  EXPECT_EQ(Find(ClocksAt(kT0 + 2 * kHour), ClockKind::kHandle), nullptr);

  // When the unit signs for it
  const int64_t signed_at = kT0 + 2 * kDay;
  ASSERT_TRUE(Record(Action::kSign, signed_at));

  // Then the handling clock starts at the signature
  const ClockView* c = Find(ClocksAt(signed_at + kHour), ClockKind::kHandle);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->start_ms, signed_at);
}

TEST_F(PetitionClocksTest, HandleClockGrowsWithEachExtension) {
  // Given a petition in handling
  ASSERT_TRUE(Record(Action::kRegister, kT0));
  ASSERT_TRUE(Record(Action::kAccept, kT0));
  ASSERT_TRUE(Record(Action::kSign, kT0 + kDay));

  // When the agency head grants 10 and then 20 more days
  ASSERT_TRUE(Record(Action::kExtend, kT0 + 50 * kDay, [](PetitionEvent& e) { e.days = 10; }));
  const ClockView* once = Find(ClocksAt(kT0 + 50 * kDay), ClockKind::kHandle);
  ASSERT_NE(once, nullptr);
  EXPECT_EQ(once->limit, (TimeLimit{70, LimitUnit::kCalendarDays}));
  EXPECT_EQ(once->due_ms, Due({70, LimitUnit::kCalendarDays}, kT0));
  ASSERT_TRUE(Record(Action::kExtend, kT0 + 65 * kDay, [](PetitionEvent& e) { e.days = 20; }));

  // Then the limit is 90 days from the same acceptance, and the clock is not overdue at day 80
  const auto clocks = ClocksAt(kT0 + 80 * kDay);
  const ClockView* c = Find(clocks, ClockKind::kHandle);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->start_ms, kT0);
  EXPECT_EQ(c->limit, (TimeLimit{90, LimitUnit::kCalendarDays}));
  EXPECT_EQ(c->due_ms, Due({90, LimitUnit::kCalendarDays}, kT0));
  EXPECT_NE(c->band, Band::kOverdue);
}

TEST_F(PetitionClocksTest, HandleClockStopsAtTheDecisionNotice) {
  // Given a petition in handling
  ASSERT_TRUE(Record(Action::kRegister, kT0));
  ASSERT_TRUE(Record(Action::kAccept, kT0));
  ASSERT_TRUE(Record(Action::kSign, kT0 + kDay));

  // When the decision notice is issued on day 20 and delivered on day 22
  const int64_t decided = kT0 + 20 * kDay;
  ASSERT_TRUE(Record(Action::kIssueDecision, decided));
  ASSERT_TRUE(Record(Action::kDeliver, kT0 + 22 * kDay));

  // Then the handling duty was met at the decision, even read long after its due moment
  const auto clocks = ClocksAt(kT0 + 100 * kDay);
  const ClockView* c = Find(clocks, ClockKind::kHandle);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->stopped_at_ms, decided);
  EXPECT_EQ(c->band, Band::kNormal);
  EXPECT_FALSE(c->Overdue());
}

TEST_F(PetitionClocksTest, HandleClockStopsAtAMediationAgreement) {
  // Given a petition in handling
  ASSERT_TRUE(Record(Action::kRegister, kT0));
  ASSERT_TRUE(Record(Action::kAccept, kT0));
  ASSERT_TRUE(Record(Action::kSign, kT0 + kDay));

  // When an agreement is recorded on day 10
  ASSERT_TRUE(Record(Action::kRecordMediation, kT0 + 10 * kDay));

  // Then the handling duty stopped there
  const ClockView* c = Find(ClocksAt(kT0 + 11 * kDay), ClockKind::kHandle);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->stopped_at_ms, kT0 + 10 * kDay);
}

TEST_F(PetitionClocksTest, HandleClockRunsAgainAfterARedoAndStopsAtTheNewDecision) {
  // Given a decision delivered and rated unsatisfied
  ASSERT_TRUE(Record(Action::kRegister, kT0));
  ASSERT_TRUE(Record(Action::kAccept, kT0));
  ASSERT_TRUE(Record(Action::kSign, kT0 + kDay));
  ASSERT_TRUE(Record(Action::kIssueDecision, kT0 + 10 * kDay));
  ASSERT_TRUE(Record(Action::kDeliver, kT0 + 11 * kDay));
  ASSERT_TRUE(Record(Action::kRate, kT0 + 12 * kDay));

  // When the matter is redone (重办)
  ASSERT_TRUE(Record(Action::kRedo, kT0 + 13 * kDay));

  // Then the handling duty runs again, still counted from the acceptance
  auto clocks = ClocksAt(kT0 + 14 * kDay);
  const ClockView* reopened = Find(clocks, ClockKind::kHandle);
  ASSERT_NE(reopened, nullptr);
  EXPECT_TRUE(reopened->running());
  EXPECT_EQ(reopened->start_ms, kT0);
  EXPECT_EQ(NextDue(clocks), reopened->due_ms);

  // And a new decision stops it again
  ASSERT_TRUE(Record(Action::kIssueDecision, kT0 + 20 * kDay));
  clocks = ClocksAt(kT0 + 21 * kDay);
  const ClockView* again = Find(clocks, ClockKind::kHandle);
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->stopped_at_ms, kT0 + 20 * kDay);
}

TEST_F(PetitionClocksTest, DecisionAfterTheDueMomentLeavesTheHandlingDutyOverdue) {
  // Given a petition accepted and in handling
  ASSERT_TRUE(Record(Action::kRegister, kT0));
  ASSERT_TRUE(Record(Action::kAccept, kT0));
  ASSERT_TRUE(Record(Action::kSign, kT0 + kDay));
  const int64_t due = *Due({60, LimitUnit::kCalendarDays}, kT0);

  // When the decision notice comes one minute after the due moment
  ASSERT_TRUE(Record(Action::kIssueDecision, due + kMinute));

  // Then the duty is met late: stopped, yet overdue for good
  const auto clocks = ClocksAt(due + 2 * kDay);
  const ClockView* c = Find(clocks, ClockKind::kHandle);
  ASSERT_NE(c, nullptr);
  EXPECT_FALSE(c->running());
  EXPECT_EQ(c->band, Band::kOverdue);
  EXPECT_TRUE(c->Overdue());
  EXPECT_EQ(NextDue(clocks), std::nullopt) << "a stopped clock is no longer due";
}

TEST_F(PetitionClocksTest, DecisionExactlyAtTheDueMomentIsInTime) {
  // Given a petition in handling
  ASSERT_TRUE(Record(Action::kRegister, kT0));
  ASSERT_TRUE(Record(Action::kAccept, kT0));
  ASSERT_TRUE(Record(Action::kSign, kT0 + kDay));
  const int64_t due = *Due({60, LimitUnit::kCalendarDays}, kT0);

  // When the decision notice is issued exactly at the due moment
  ASSERT_TRUE(Record(Action::kIssueDecision, due));

  // Then the duty was met in time
  const ClockView* c = Find(ClocksAt(due + kDay), ClockKind::kHandle);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->band, Band::kNormal);
  EXPECT_FALSE(c->Overdue());
}

// ---- Bands ------------------------------------------------------------------------------

TEST_F(PetitionClocksTest, RunningDutyTurnsWarningAtThreeQuartersAndOverdueAfterDue) {
  // Given a petition registered and not disposed of
  ASSERT_TRUE(Record(Action::kRegister, kT0));
  const int64_t due = StartOfDayMs(Date{2024, 3, 20});
  const int64_t three_quarters = kT0 + (due - kT0) * 3 / 4;

  // When the dispose clock is read over time, then its band follows the traffic light
  auto band = [&](int64_t now) { return Find(ClocksAt(now), ClockKind::kDispose)->band; };
  EXPECT_EQ(band(kT0), Band::kNormal);
  EXPECT_EQ(band(three_quarters - kMinute), Band::kNormal);
  EXPECT_EQ(band(three_quarters + kMinute), Band::kWarning);
  EXPECT_EQ(band(due), Band::kWarning) << "the due moment itself is still in time";
  EXPECT_EQ(band(due + 1), Band::kOverdue);

  // And once overdue it is a compliance event and the next due moment is the one missed
  const auto late = ClocksAt(due + kDay);
  const ClockView* dispose = Find(late, ClockKind::kDispose);
  EXPECT_TRUE(dispose->running());
  EXPECT_TRUE(dispose->Overdue());
  EXPECT_EQ(NextDue(late), due);
}

// ---- Review (复查, Art. 35) and re-review (复核, Art. 36) ----------------------------------

TEST_F(PetitionClocksTest, ReviewRequestWindowRunsThirtyDaysFromTheActualDelivery) {
  // Given a decision notice handed over at 08:00 and recorded at 10:00 the same day
  ASSERT_TRUE(Record(Action::kRegister, kT0));
  ASSERT_TRUE(Record(Action::kAccept, kT0));
  ASSERT_TRUE(Record(Action::kSign, kT0));
  ASSERT_TRUE(Record(Action::kIssueDecision, kT0 + 5 * kDay - 3 * kHour));
  const int64_t handed_over = kT0 + 5 * kDay - 2 * kHour;
  ASSERT_TRUE(Record(Action::kDeliver, kT0 + 5 * kDay,
                     [&](PetitionEvent& e) { e.delivered_at_ms = handed_over; }));

  // When the clocks are read
  const auto clocks = ClocksAt(kT0 + 6 * kDay);

  // Then the petitioner's 复查 window runs 30 days from the handing over; it is no duty
  const ClockView* c = Find(clocks, ClockKind::kReviewRequest);
  ASSERT_NE(c, nullptr);
  EXPECT_FALSE(c->duty);
  EXPECT_EQ(c->start_ms, handed_over);
  EXPECT_EQ(c->limit, (TimeLimit{30, LimitUnit::kCalendarDays}));
  EXPECT_EQ(c->due_ms, Due({30, LimitUnit::kCalendarDays}, handed_over));
  EXPECT_EQ(WindowsOf(clocks).review_request_until_ms, c->due_ms);
  EXPECT_EQ(NextDue(clocks), std::nullopt) << "no duty of the authority runs now";
}

TEST_F(PetitionClocksTest, ReviewRequestStartsTheReviewDecisionDuty) {
  // Given a delivered decision
  ASSERT_TRUE(Record(Action::kRegister, kT0));
  ASSERT_TRUE(Record(Action::kAccept, kT0));
  ASSERT_TRUE(Record(Action::kSign, kT0));
  ASSERT_TRUE(Record(Action::kIssueDecision, kT0 + kDay));
  ASSERT_TRUE(Record(Action::kDeliver, kT0 + 2 * kDay));

  // When the petitioner asks for a 复查
  const int64_t requested = kT0 + 10 * kDay;
  ASSERT_TRUE(Record(Action::kRequestReview, requested));

  // Then the window closed and the reviewing body must decide within 30 days
  const auto clocks = ClocksAt(requested + kDay);
  const ClockView* window = Find(clocks, ClockKind::kReviewRequest);
  ASSERT_NE(window, nullptr);
  EXPECT_EQ(window->stopped_at_ms, requested);
  EXPECT_FALSE(WindowsOf(clocks).review_request_until_ms.has_value());
  const ClockView* decision = Find(clocks, ClockKind::kReviewDecision);
  ASSERT_NE(decision, nullptr);
  EXPECT_TRUE(decision->duty);
  EXPECT_EQ(decision->start_ms, requested);
  EXPECT_EQ(decision->due_ms, Due({30, LimitUnit::kCalendarDays}, requested));
  EXPECT_EQ(NextDue(clocks), decision->due_ms);
}

TEST_F(PetitionClocksTest, ReviewOpinionStopsTheDutyAndItsDeliveryOpensTheReReviewWindow) {
  // Given a 复查 requested
  ASSERT_TRUE(Record(Action::kRegister, kT0));
  ASSERT_TRUE(Record(Action::kAccept, kT0));
  ASSERT_TRUE(Record(Action::kSign, kT0));
  ASSERT_TRUE(Record(Action::kIssueDecision, kT0 + kDay));
  ASSERT_TRUE(Record(Action::kDeliver, kT0 + 2 * kDay));
  ASSERT_TRUE(Record(Action::kRequestReview, kT0 + 3 * kDay));

  // When the 复查意见 is issued and delivered
  const int64_t reviewed = kT0 + 20 * kDay;
  const int64_t delivered = kT0 + 21 * kDay;
  ASSERT_TRUE(Record(Action::kIssueReview, reviewed));
  ASSERT_TRUE(Record(Action::kDeliver, delivered));

  // Then the review duty was met and the petitioner's 复核 window runs 30 days
  const auto clocks = ClocksAt(delivered + kDay);
  const ClockView* review = Find(clocks, ClockKind::kReviewDecision);
  ASSERT_NE(review, nullptr);
  EXPECT_EQ(review->stopped_at_ms, reviewed);
  EXPECT_EQ(review->band, Band::kNormal);
  const ClockView* window = Find(clocks, ClockKind::kReReviewRequest);
  ASSERT_NE(window, nullptr);
  EXPECT_FALSE(window->duty);
  EXPECT_EQ(window->start_ms, delivered);
  EXPECT_EQ(window->due_ms, Due({30, LimitUnit::kCalendarDays}, delivered));
  EXPECT_EQ(WindowsOf(clocks).re_review_request_until_ms, window->due_ms);
}

TEST_F(PetitionClocksTest, ReReviewRequestStartsTheReReviewDecisionDuty) {
  // Given a 复核 requested
  const int64_t requested = ReachReReviewRequested();

  // When the clocks are read
  const auto clocks = ClocksAt(requested + kDay);

  // Then the 复核 window closed and the decision duty runs 30 days
  const ClockView* window = Find(clocks, ClockKind::kReReviewRequest);
  ASSERT_NE(window, nullptr);
  EXPECT_EQ(window->stopped_at_ms, requested);
  const ClockView* c = Find(clocks, ClockKind::kReReviewDecision);
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->duty);
  EXPECT_EQ(c->start_ms, requested);
  EXPECT_EQ(c->due_ms, Due({30, LimitUnit::kCalendarDays}, requested));
  EXPECT_EQ(NextDue(clocks), c->due_ms);
  EXPECT_EQ(WindowsOf(clocks).re_review_request_until_ms, std::nullopt);
}

TEST_F(PetitionClocksTest, ReReviewDueIsUndefinedWhileAHearingIsOpen) {
  // Given a 复核 requested
  const int64_t requested = ReachReReviewRequested();

  // When a hearing starts two days later and is still going on
  ASSERT_TRUE(Record(Action::kPauseHearing, requested + 2 * kDay));
  const auto clocks = ClocksAt(requested + 40 * kDay);

  // Then the 复核 clock still runs but has no due moment, so it is neither overdue nor due
  const ClockView* c = Find(clocks, ClockKind::kReReviewDecision);
  ASSERT_NE(c, nullptr);
  EXPECT_TRUE(c->running());
  EXPECT_EQ(c->due_ms, std::nullopt);
  EXPECT_EQ(c->band, Band::kNormal);
  EXPECT_FALSE(c->Overdue());
  EXPECT_EQ(NextDue(clocks), std::nullopt);
}

TEST_F(PetitionClocksTest, HearingTimeIsNotCountedInTheReReviewDecision) {
  // Given a 复核 requested
  const int64_t requested = ReachReReviewRequested();

  // When a hearing runs from day 2 to day 7
  const int64_t from = requested + 2 * kDay;
  const int64_t to = requested + 7 * kDay;
  ASSERT_TRUE(Record(Action::kPauseHearing, from));
  ASSERT_TRUE(Record(Action::kResumeHearing, to));

  // Then the due moment moves by the hearing days (the engine's rule for paused days)
  const auto clocks = ClocksAt(to + kHour);
  const ClockView* c = Find(clocks, ClockKind::kReReviewDecision);
  ASSERT_NE(c, nullptr);
  const auto unpaused = Due({30, LimitUnit::kCalendarDays}, requested);
  const auto paused = Due({30, LimitUnit::kCalendarDays}, requested, {{from, to}});
  ASSERT_TRUE(c->due_ms.has_value());
  EXPECT_EQ(c->due_ms, paused);
  EXPECT_GE(*c->due_ms, *unpaused + 5 * kDay);
  EXPECT_EQ(NextDue(clocks), c->due_ms);
}

TEST_F(PetitionClocksTest, ReReviewOpinionMakesTheMatterFinalAndStopsItsDuty) {
  // Given a 复核 requested
  const int64_t requested = ReachReReviewRequested();

  // When the 复核意见 is issued
  const int64_t final_at = requested + 20 * kDay;
  ASSERT_TRUE(Record(Action::kIssueReReview, final_at));

  // Then every clock has stopped and nothing is due any more
  const auto clocks = ClocksAt(final_at + 100 * kDay);
  for (const auto& c : clocks) EXPECT_FALSE(c.running()) << ClockKindName(c.kind);
  const ClockView* c = Find(clocks, ClockKind::kReReviewDecision);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->stopped_at_ms, final_at);
  EXPECT_FALSE(c->Overdue());
  EXPECT_EQ(NextDue(clocks), std::nullopt);
}

// ---- Terminal states ----------------------------------------------------------------------

TEST_F(PetitionClocksTest, MergingStopsTheHandlingClockAndTheObjectionWindow) {
  // Given a petition assigned (objection window running) after being accepted (handling
  // clock running)
  ASSERT_TRUE(Record(Action::kRegister, kT0));
  ASSERT_TRUE(Record(Action::kAccept, kT0));
  ASSERT_TRUE(Record(Action::kAssign, kT0 + kHour));

  // When it is merged into another petition
  const int64_t merged = kT0 + 2 * kDay;
  ASSERT_TRUE(Record(Action::kMerge, merged));

  // Then the running clocks stopped at the merge and nothing is overdue afterwards
  const auto clocks = ClocksAt(kT0 + 200 * kDay);
  for (ClockKind kind : {ClockKind::kHandle, ClockKind::kObjection}) {
    const ClockView* c = Find(clocks, kind);
    ASSERT_NE(c, nullptr) << ClockKindName(kind);
    EXPECT_EQ(c->stopped_at_ms, merged) << ClockKindName(kind);
    EXPECT_EQ(c->band, Band::kNormal) << ClockKindName(kind);
  }
  EXPECT_EQ(NextDue(clocks), std::nullopt);
  EXPECT_EQ(WindowsOf(clocks).objection_until_ms, std::nullopt);
}

TEST_F(PetitionClocksTest, ClosingStopsThePetitionersReviewWindow) {
  // Given a delivered decision (复查 window running)
  ASSERT_TRUE(Record(Action::kRegister, kT0));
  ASSERT_TRUE(Record(Action::kAccept, kT0));
  ASSERT_TRUE(Record(Action::kSign, kT0));
  ASSERT_TRUE(Record(Action::kIssueDecision, kT0 + kDay));
  ASSERT_TRUE(Record(Action::kDeliver, kT0 + 2 * kDay));

  // When the case is closed
  const int64_t closed = kT0 + 3 * kDay;
  ASSERT_TRUE(Record(Action::kClose, closed));

  // Then the window stopped at the closing and CheckTransition gets no window any more
  const auto clocks = ClocksAt(kT0 + 4 * kDay);
  const ClockView* c = Find(clocks, ClockKind::kReviewRequest);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->stopped_at_ms, closed);
  EXPECT_EQ(WindowsOf(clocks).review_request_until_ms, std::nullopt);
}

TEST_F(PetitionClocksTest, DeclinedPetitionHasNothingRunning) {
  // Given a petition declined (涉法涉诉)
  ASSERT_TRUE(Record(Action::kRegister, kT0));
  ASSERT_TRUE(Record(Action::kDecline, kT0 + kDay));

  // When its clocks are read much later
  const auto clocks = ClocksAt(kT0 + 365 * kDay);

  // Then nothing runs and nothing is overdue
  ASSERT_FALSE(clocks.empty());
  for (const auto& c : clocks) {
    EXPECT_FALSE(c.running()) << ClockKindName(c.kind);
    EXPECT_FALSE(c.Overdue()) << ClockKindName(c.kind);
  }
  EXPECT_EQ(NextDue(clocks), std::nullopt);
}

// ---- The table as data ---------------------------------------------------------------------

TEST_F(PetitionClocksTest, NextDueIsTheEarliestRunningDutyUnderALocalRule) {
  // Given a county rule giving 10 days for the receipt notice
  ASSERT_TRUE(limits_.AddText("receipt_notice division=350921 note=县规定 10d").ok());
  ASSERT_TRUE(Record(Action::kRegister, kT0));

  // When the clocks are read
  const auto clocks = ClocksAt(kT0 + kHour);

  // Then the receipt notice is due first (end of 03-14) and is the next due moment
  const ClockView* notice = Find(clocks, ClockKind::kReceiptNotice);
  ASSERT_NE(notice, nullptr);
  EXPECT_EQ(notice->limit, (TimeLimit{10, LimitUnit::kCalendarDays}));
  EXPECT_EQ(notice->note, "县规定");
  EXPECT_EQ(notice->due_ms, StartOfDayMs(Date{2024, 3, 15}));
  EXPECT_EQ(Find(clocks, ClockKind::kDispose)->limit, (TimeLimit{15, LimitUnit::kCalendarDays}));
  EXPECT_EQ(NextDue(clocks), notice->due_ms);
}

TEST_F(PetitionClocksTest, HotlineEmergencyIsHandledWithinTwoHours) {
  // Given a 12345 hotline call filed under the emergency category, accepted ten minutes later
  subject_.channel = Channel::kHotline12345;
  subject_.category_code = "12345.emergency";
  ASSERT_TRUE(
      Record(Action::kRegister, kT0, [](PetitionEvent& e) { e.channel = Channel::kHotline12345; }));
  const int64_t accepted = kT0 + 10 * kMinute;
  ASSERT_TRUE(Record(Action::kAccept, accepted));

  // When the clocks are read along the way
  const auto early = ClocksAt(accepted + 30 * kMinute);
  const auto late = ClocksAt(accepted + 2 * kHour + 1);

  // Then the handling clock is two hours from the acceptance, warning at 90 minutes, then
  // overdue
  const ClockView* c = Find(early, ClockKind::kHandle);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->limit, (TimeLimit{2, LimitUnit::kHours}));
  EXPECT_EQ(c->due_ms, accepted + 2 * kHour);
  EXPECT_EQ(c->band, Band::kNormal);
  EXPECT_EQ(c->note, "紧急类");
  EXPECT_EQ(NextDue(early), accepted + 2 * kHour);
  EXPECT_EQ(Find(ClocksAt(accepted + 90 * kMinute), ClockKind::kHandle)->band, Band::kWarning);
  EXPECT_TRUE(Find(late, ClockKind::kHandle)->Overdue());
}

TEST_F(PetitionClocksTest, EmergencyCategoryShortensHandlingOnlyOnTheHotline) {
  // Given the emergency category on a petition that came as a letter
  subject_.channel = Channel::kLetter;
  subject_.category_code = "12345.emergency";
  ASSERT_TRUE(Record(Action::kRegister, kT0));
  ASSERT_TRUE(Record(Action::kAccept, kT0));

  // When the clocks are read
  const ClockView* c = Find(ClocksAt(kT0 + kHour), ClockKind::kHandle);

  // Then the statutory 60 days apply
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->limit, (TimeLimit{60, LimitUnit::kCalendarDays}));
}

TEST_F(PetitionClocksTest, MissingRuleIsNotFoundNamingTheClock) {
  // Given a table without any handling rule
  limits_ = TimeLimitTable();
  ASSERT_TRUE(limits_.AddText("dispose 15d\nreceipt_notice 15d").ok());
  ASSERT_TRUE(Record(Action::kRegister, kT0));
  ASSERT_TRUE(Record(Action::kAccept, kT0));

  // When the clocks are computed
  auto clocks = PetitionClocks(events_, state_, subject_, limits_, calendar_, kT0 + kHour);

  // Then the error names the clock that has no rule
  ASSERT_FALSE(clocks.ok());
  EXPECT_EQ(clocks.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(clocks.status().message().find("handle"), std::string::npos)
      << clocks.status().message();
}

}  // namespace
}  // namespace sixia::domain

#include "domain/field_session.h"

#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <vector>

#include "domain/calendar.h"

namespace sixia::domain {
namespace {

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 86'400'000;
// 2026-05-28 10:00 China time.
const int64_t kNow = StartOfDayMs(Date{2026, 5, 28}) + 10 * kHour;

std::string CodeOf(const Status& st) { return ErrorCodeName(st.code()); }

// Every field of an issue, for "the refused call changed nothing".
auto Fields(const FieldIssue& i) {
  return std::tie(i.id, i.session_id, i.content, i.people, i.service_items, i.raised_at_ms, i.end,
                  i.ended_at_ms, i.action, i.solved_by, i.evidence, i.unit_id, i.person_user_id,
                  i.deadline_ms, i.closed_at_ms, i.petition_id, i.reason);
}

FieldIssue Raised(int64_t id, int people = 1) {
  FieldIssue i;
  i.id = id;
  i.session_id = 3;
  i.content = "村里自来水管老化，夏季经常停水";
  i.people = people;
  i.service_items = {"water_supply"};
  i.raised_at_ms = kNow - kHour;
  return i;
}

IssueResolution SolvedOnSpot() {
  IssueResolution r;
  r.end = IssueEnd::kSolvedOnSpot;
  r.action = "水利站当场派人检修阀门";
  r.solved_by = 21;
  r.evidence = "维修单一份";
  return r;
}

IssueResolution Assigned(int64_t deadline_ms) {
  IssueResolution r;
  r.end = IssueEnd::kAssigned;
  r.unit_id = 7;
  r.person_user_id = 9;
  r.deadline_ms = deadline_ms;
  return r;
}

IssueResolution ToPetition() {
  IssueResolution r;
  r.end = IssueEnd::kPetition;
  r.petition_id = 501;
  return r;
}

IssueResolution DeclinedWith(std::string reason) {
  IssueResolution r;
  r.end = IssueEnd::kDeclined;
  r.reason = std::move(reason);
  return r;
}

// An issue assigned at `now` with `deadline`.
FieldIssue AssignedIssue(int64_t id, int64_t deadline) {
  FieldIssue i = Raised(id);
  EXPECT_TRUE(Resolve(i, Assigned(deadline), kNow).ok());
  return i;
}

// Given a pending issue and a resolution that is refused, Then the error is
// invalid_argument on `field` and the issue is unchanged.
void ExpectRefused(const IssueResolution& r, const std::string& field) {
  FieldIssue issue = Raised(1);
  const FieldIssue before = issue;
  const Status st = Resolve(issue, r, kNow);
  EXPECT_EQ(CodeOf(st), "invalid_argument") << field;
  EXPECT_EQ(st.field(), field);
  EXPECT_TRUE(Fields(issue) == Fields(before)) << "a refused end changed the issue (" << field << ")";
  EXPECT_EQ(issue.end, IssueEnd::kPending);
}

TEST(FieldSessionVocabulary, NamesRoundTripAndLabelsAreChinese) {
  for (IssueEnd e : {IssueEnd::kPending, IssueEnd::kSolvedOnSpot, IssueEnd::kAssigned,
                     IssueEnd::kPetition, IssueEnd::kDeclined})
    EXPECT_EQ(IssueEndFromName(IssueEndName(e)), e) << IssueEndName(e);
  EXPECT_STREQ(IssueEndName(IssueEnd::kSolvedOnSpot), "solved_on_spot");
  EXPECT_EQ(IssueEndFromName("Solved_On_Spot"), std::nullopt);
  EXPECT_EQ(IssueEndFromName(""), std::nullopt);
  EXPECT_STREQ(IssueEndLabel(IssueEnd::kPending), "待处理");
  EXPECT_STREQ(IssueEndLabel(IssueEnd::kSolvedOnSpot), "当场解决");
  EXPECT_STREQ(IssueEndLabel(IssueEnd::kAssigned), "交办");
  EXPECT_STREQ(IssueEndLabel(IssueEnd::kPetition), "转信访");
  EXPECT_STREQ(IssueEndLabel(IssueEnd::kDeclined), "不予办理");
}

// --- CheckNewIssue ---------------------------------------------------------------------------

TEST(FieldSessionPhotos, PhotosComeOffOnlyWhilePending) {
  FieldIssue issue;
  EXPECT_TRUE(CanRemovePhoto(issue).ok());
  for (IssueEnd end : {IssueEnd::kSolvedOnSpot, IssueEnd::kAssigned, IssueEnd::kPetition, IssueEnd::kDeclined}) {
    issue.end = end;
    const Status st = CanRemovePhoto(issue);
    EXPECT_EQ(st.code(), ErrorCode::kUnprocessable) << IssueEndName(end);
    EXPECT_EQ(st.field(), "photo_id");
    EXPECT_NE(st.message_zh().find(IssueEndLabel(end)), std::string::npos);
  }
}

TEST(FieldSessionNewIssue, CompleteIssueIsAccepted) {
  EXPECT_TRUE(CheckNewIssue(Raised(1)).ok());
}

TEST(FieldSessionNewIssue, ContentIsOneToTwoThousandCharacters) {
  FieldIssue blank = Raised(1);
  blank.content = " \t\r\n";
  const Status st = CheckNewIssue(blank);
  EXPECT_EQ(CodeOf(st), "invalid_argument");
  EXPECT_EQ(st.field(), "content");

  FieldIssue longest = Raised(1);
  longest.content.clear();
  for (int k = 0; k < 2000; ++k) longest.content += "水";  // 2000 characters, 6000 bytes.
  EXPECT_TRUE(CheckNewIssue(longest).ok()) << "the limit counts characters, not bytes";

  FieldIssue too_long = longest;
  too_long.content += "水";
  EXPECT_EQ(CheckNewIssue(too_long).field(), "content");
  EXPECT_EQ(CodeOf(CheckNewIssue(too_long)), "invalid_argument");
}

TEST(FieldSessionNewIssue, PeopleAreOneToOneHundredThousand) {
  for (int people : {1, 100000}) {
    FieldIssue ok = Raised(1, people);
    EXPECT_TRUE(CheckNewIssue(ok).ok()) << people;
  }
  for (int people : {0, -1, 100001}) {
    const Status st = CheckNewIssue(Raised(1, people));
    EXPECT_EQ(CodeOf(st), "invalid_argument") << people;
    EXPECT_EQ(st.field(), "people") << people;
  }
}

TEST(FieldSessionNewIssue, AtMostTwentyServiceItems) {
  FieldIssue twenty = Raised(1);
  twenty.service_items.assign(20, "social_security");
  EXPECT_TRUE(CheckNewIssue(twenty).ok());
  FieldIssue twenty_one = twenty;
  twenty_one.service_items.push_back("housing");
  const Status st = CheckNewIssue(twenty_one);
  EXPECT_EQ(CodeOf(st), "invalid_argument");
  EXPECT_EQ(st.field(), "service_items");
}

// --- Resolve: each end and its required fields -----------------------------------------------

TEST(FieldSessionResolve, SolvedOnSpotRecordsActionSolverAndEvidence) {
  FieldIssue issue = Raised(1);
  ASSERT_TRUE(Resolve(issue, SolvedOnSpot(), kNow).ok());
  EXPECT_EQ(issue.end, IssueEnd::kSolvedOnSpot);
  EXPECT_EQ(issue.ended_at_ms, kNow);
  EXPECT_EQ(issue.action, "水利站当场派人检修阀门");
  EXPECT_EQ(issue.solved_by, 21);
  EXPECT_EQ(issue.evidence, "维修单一份");
  EXPECT_FALSE(IsOverdue(issue, kNow + 365 * kDay)) << "only assignments can be overdue";
}

TEST(FieldSessionResolve, SolvedOnSpotNeedsActionAndSolvedBy) {
  IssueResolution no_action = SolvedOnSpot();
  no_action.action = "  ";
  ExpectRefused(no_action, "action");
  IssueResolution no_solver = SolvedOnSpot();
  no_solver.solved_by.reset();
  ExpectRefused(no_solver, "solved_by");
  IssueResolution long_evidence = SolvedOnSpot();
  long_evidence.evidence = std::string(2001, 'x');
  ExpectRefused(long_evidence, "evidence");
}

TEST(FieldSessionResolve, SolvedOnSpotEvidenceIsOptional) {
  FieldIssue issue = Raised(1);
  IssueResolution r = SolvedOnSpot();
  r.evidence.clear();
  EXPECT_TRUE(Resolve(issue, r, kNow).ok());
  EXPECT_EQ(issue.end, IssueEnd::kSolvedOnSpot);
}

TEST(FieldSessionResolve, AssignedRecordsUnitPersonAndDeadline) {
  FieldIssue issue = Raised(1);
  ASSERT_TRUE(Resolve(issue, Assigned(kNow + 30 * kDay), kNow).ok());
  EXPECT_EQ(issue.end, IssueEnd::kAssigned);
  EXPECT_EQ(issue.ended_at_ms, kNow);
  EXPECT_EQ(issue.unit_id, 7);
  EXPECT_EQ(issue.person_user_id, 9);
  EXPECT_EQ(issue.deadline_ms, kNow + 30 * kDay);
  EXPECT_EQ(issue.closed_at_ms, std::nullopt) << "assigned is open until closed with evidence";
}

TEST(FieldSessionResolve, AssignedNeedsUnitPersonAndADeadlineAfterNow) {
  IssueResolution no_unit = Assigned(kNow + kDay);
  no_unit.unit_id.reset();
  ExpectRefused(no_unit, "unit_id");
  IssueResolution no_person = Assigned(kNow + kDay);
  no_person.person_user_id.reset();
  ExpectRefused(no_person, "person_user_id");
  IssueResolution no_deadline = Assigned(kNow + kDay);
  no_deadline.deadline_ms.reset();
  ExpectRefused(no_deadline, "deadline");
  ExpectRefused(Assigned(kNow), "deadline");  // Not after now.
  ExpectRefused(Assigned(kNow - kDay), "deadline");

  FieldIssue issue = Raised(1);
  EXPECT_TRUE(Resolve(issue, Assigned(kNow + 1), kNow).ok()) << "one millisecond after now is after now";
}

TEST(FieldSessionResolve, PetitionNeedsThePetitionId) {
  FieldIssue issue = Raised(1);
  ASSERT_TRUE(Resolve(issue, ToPetition(), kNow).ok());
  EXPECT_EQ(issue.end, IssueEnd::kPetition);
  EXPECT_EQ(issue.petition_id, 501);
  EXPECT_EQ(issue.ended_at_ms, kNow);

  IssueResolution no_id = ToPetition();
  no_id.petition_id.reset();
  ExpectRefused(no_id, "petition_id");
}

TEST(FieldSessionResolve, DeclinedNeedsTheReasonToldToThePerson) {
  FieldIssue issue = Raised(1);
  ASSERT_TRUE(Resolve(issue, DeclinedWith("属于民事纠纷，已告知通过诉讼途径解决"), kNow).ok());
  EXPECT_EQ(issue.end, IssueEnd::kDeclined);
  EXPECT_EQ(issue.reason, "属于民事纠纷，已告知通过诉讼途径解决");

  ExpectRefused(DeclinedWith(""), "reason");
  ExpectRefused(DeclinedWith(" \n "), "reason");
  ExpectRefused(DeclinedWith(std::string(2001, 'x')), "reason");
}

TEST(FieldSessionResolve, PendingIsNotAnEnd) {
  IssueResolution pending;
  pending.end = IssueEnd::kPending;
  ExpectRefused(pending, "end");
}

TEST(FieldSessionResolve, IssueEndsExactlyOnce) {
  // Given an issue solved on the spot,
  FieldIssue issue = Raised(1);
  ASSERT_TRUE(Resolve(issue, SolvedOnSpot(), kNow).ok());
  const FieldIssue after_first = issue;
  // When any second end is recorded later,
  for (const IssueResolution& again :
       {SolvedOnSpot(), Assigned(kNow + 30 * kDay), ToPetition(), DeclinedWith("重复")}) {
    const Status st = Resolve(issue, again, kNow + kDay);
    // Then it is a conflict on `end` and the first end stands untouched.
    EXPECT_EQ(CodeOf(st), "conflict") << IssueEndName(again.end);
    EXPECT_EQ(st.field(), "end");
    EXPECT_TRUE(Fields(issue) == Fields(after_first)) << IssueEndName(again.end);
  }
  EXPECT_EQ(issue.end, IssueEnd::kSolvedOnSpot);
  EXPECT_EQ(issue.ended_at_ms, kNow);
}

TEST(FieldSessionResolve, ConflictWinsOverABadSecondResolution) {
  FieldIssue issue = AssignedIssue(1, kNow + kDay);
  const FieldIssue before = issue;
  IssueResolution pending;
  pending.end = IssueEnd::kPending;
  EXPECT_EQ(CodeOf(Resolve(issue, pending, kNow)), "conflict");
  EXPECT_EQ(CodeOf(Resolve(issue, DeclinedWith(""), kNow)), "conflict");
  EXPECT_TRUE(Fields(issue) == Fields(before));
}

// --- CloseAssignment -------------------------------------------------------------------------

TEST(FieldSessionClose, AssignmentClosesWithEvidence) {
  FieldIssue issue = AssignedIssue(1, kNow + 30 * kDay);
  ASSERT_TRUE(CloseAssignment(issue, "管网已更换，村民签字确认", kNow + 10 * kDay).ok());
  EXPECT_EQ(issue.closed_at_ms, kNow + 10 * kDay);
  EXPECT_EQ(issue.evidence, "管网已更换，村民签字确认");
  EXPECT_EQ(issue.end, IssueEnd::kAssigned) << "closing does not change the end";
  EXPECT_EQ(issue.ended_at_ms, kNow);
}

TEST(FieldSessionClose, ClosingWithoutEvidenceIsRefusedAndLeavesItOpen) {
  FieldIssue issue = AssignedIssue(1, kNow + 30 * kDay);
  const FieldIssue before = issue;
  for (std::string_view evidence : {std::string_view(""), std::string_view(" \t\n")}) {
    const Status st = CloseAssignment(issue, evidence, kNow + kDay);
    EXPECT_EQ(CodeOf(st), "invalid_argument");
    EXPECT_EQ(st.field(), "evidence");
    EXPECT_TRUE(Fields(issue) == Fields(before));
  }
  const std::string too_long(2001, 'x');
  EXPECT_EQ(CloseAssignment(issue, too_long, kNow + kDay).field(), "evidence");
  EXPECT_EQ(issue.closed_at_ms, std::nullopt);
}

TEST(FieldSessionClose, OnlyAnOpenAssignmentCloses) {
  // Not assigned: pending, solved on the spot, petition, declined.
  std::vector<FieldIssue> others(4, Raised(1));
  ASSERT_TRUE(Resolve(others[1], SolvedOnSpot(), kNow).ok());
  ASSERT_TRUE(Resolve(others[2], ToPetition(), kNow).ok());
  ASSERT_TRUE(Resolve(others[3], DeclinedWith("不属于受理范围"), kNow).ok());
  for (FieldIssue& issue : others) {
    const FieldIssue before = issue;
    const Status st = CloseAssignment(issue, "已办结", kNow + kDay);
    EXPECT_EQ(CodeOf(st), "conflict") << IssueEndName(issue.end);
    EXPECT_EQ(st.field(), "end");
    EXPECT_TRUE(Fields(issue) == Fields(before)) << IssueEndName(issue.end);
  }
  // An assignment closes once.
  FieldIssue assigned = AssignedIssue(2, kNow + 30 * kDay);
  ASSERT_TRUE(CloseAssignment(assigned, "第一次办结", kNow + kDay).ok());
  const FieldIssue closed = assigned;
  const Status again = CloseAssignment(assigned, "第二次办结", kNow + 2 * kDay);
  EXPECT_EQ(CodeOf(again), "conflict");
  EXPECT_EQ(again.field(), "end");
  EXPECT_TRUE(Fields(assigned) == Fields(closed));
  EXPECT_EQ(assigned.evidence, "第一次办结");
  EXPECT_EQ(assigned.closed_at_ms, kNow + kDay);
}

// --- IsOverdue -------------------------------------------------------------------------------

TEST(FieldSessionOverdue, OpenAssignmentIsOverdueOnlyPastItsDeadline) {
  const int64_t deadline = kNow + 30 * kDay;
  const FieldIssue issue = AssignedIssue(1, deadline);
  EXPECT_FALSE(IsOverdue(issue, kNow));
  EXPECT_FALSE(IsOverdue(issue, deadline)) << "at the deadline it is not yet late";
  EXPECT_TRUE(IsOverdue(issue, deadline + 1));
  EXPECT_TRUE(IsOverdue(issue, deadline + 365 * kDay));
}

TEST(FieldSessionOverdue, ClosedLateStaysOverdueAndClosedOnTimeIsNot) {
  const int64_t deadline = kNow + 30 * kDay;
  FieldIssue late = AssignedIssue(1, deadline);
  ASSERT_TRUE(CloseAssignment(late, "逾期办结", deadline + kHour).ok());
  EXPECT_TRUE(IsOverdue(late, deadline + kHour));
  EXPECT_TRUE(IsOverdue(late, deadline + 365 * kDay)) << "closing late does not clear the record";

  FieldIssue on_time = AssignedIssue(2, deadline);
  ASSERT_TRUE(CloseAssignment(on_time, "按期办结", deadline - kDay).ok());
  EXPECT_FALSE(IsOverdue(on_time, deadline + 365 * kDay)) << "closed in time, however long ago";

  FieldIssue at_deadline = AssignedIssue(3, deadline);
  ASSERT_TRUE(CloseAssignment(at_deadline, "到期当刻办结", deadline).ok());
  EXPECT_FALSE(IsOverdue(at_deadline, deadline + kDay)) << "closed exactly at the deadline is on time";
}

TEST(FieldSessionOverdue, OtherEndsAreNeverOverdue) {
  std::vector<FieldIssue> issues(4, Raised(1));
  ASSERT_TRUE(Resolve(issues[1], SolvedOnSpot(), kNow).ok());
  ASSERT_TRUE(Resolve(issues[2], ToPetition(), kNow).ok());
  ASSERT_TRUE(Resolve(issues[3], DeclinedWith("不属于受理范围"), kNow).ok());
  for (const FieldIssue& issue : issues)
    EXPECT_FALSE(IsOverdue(issue, kNow + 1000 * kDay)) << IssueEndName(issue.end);
}

// --- Summarize -------------------------------------------------------------------------------

TEST(FieldSessionSummary, EmptySessionSummarizesToZeros) {
  EXPECT_EQ(Summarize({}, kNow), SessionSummary{});
}

TEST(FieldSessionSummary, EveryEndIsCountedOnceAndPeopleAreSummed) {
  // Given a session with one issue of each kind, assignments open/closed early/closed late,
  const int64_t deadline = kNow + 10 * kDay;
  std::vector<FieldIssue> issues;
  issues.push_back(Raised(1, 3));                                       // pending
  issues.push_back(Raised(2, 1));
  ASSERT_TRUE(Resolve(issues.back(), SolvedOnSpot(), kNow).ok());       // solved
  issues.push_back(Raised(3, 5));
  ASSERT_TRUE(Resolve(issues.back(), ToPetition(), kNow).ok());         // petition
  issues.push_back(Raised(4, 2));
  ASSERT_TRUE(Resolve(issues.back(), DeclinedWith("不属于受理范围"), kNow).ok());  // declined
  issues.push_back(AssignedIssue(5, deadline));                         // open, overdue later
  issues.push_back(AssignedIssue(6, deadline));
  ASSERT_TRUE(CloseAssignment(issues.back(), "按期", deadline - kDay).ok());   // on time
  issues.push_back(AssignedIssue(7, deadline));
  ASSERT_TRUE(CloseAssignment(issues.back(), "逾期", deadline + kDay).ok());   // late
  issues.push_back(AssignedIssue(8, deadline + 100 * kDay));            // open, not yet due

  // When summarized after the deadline,
  const SessionSummary s = Summarize(issues, deadline + 2 * kDay);

  // Then
  SessionSummary want;
  want.raised = 8;
  want.people = 3 + 1 + 5 + 2 + 1 + 1 + 1 + 1;
  want.solved_on_spot = 1;
  want.assigned = 4;
  want.assigned_closed = 2;
  want.closed_on_time = 1;
  want.overdue = 2;  // Issue 5 open past its deadline, issue 7 closed late.
  want.to_petition = 1;
  want.declined = 1;
  want.pending = 1;
  EXPECT_EQ(s, want);

  // An open assignment turns overdue only once its deadline has passed.
  EXPECT_EQ(Summarize({issues[4]}, deadline).overdue, 0);
  EXPECT_EQ(Summarize({issues[4]}, deadline + 1).overdue, 1);
}

TEST(FieldSessionSummary, ReplayOfThe1988XiapuReceptionDay) {
  // A reception day held in Xiapu county in 1988: 86 issues raised by 102 people in all;
  // 12 were solved on the spot, the other 74 assigned with a one-month deadline, and every
  // assignment was closed within its month. (Only the counts matter here; the day is set to
  // 1988-12-20 for concreteness.)
  const int64_t day = StartOfDayMs(Date{1988, 12, 20});
  const int64_t morning = day + 9 * kHour;
  const int64_t deadline = StartOfDayMs(Date{1989, 1, 20});  // One month.
  std::vector<FieldIssue> issues;
  for (int k = 0; k < 86; ++k) {
    FieldIssue i;
    i.id = k + 1;
    i.session_id = 1988;
    i.content = "群众反映问题" + std::to_string(k + 1);
    i.people = k < 16 ? 2 : 1;  // 16 joint issues of 2 people, 70 raised alone: 102 people.
    i.raised_at_ms = morning + k * 5 * 60'000;
    ASSERT_TRUE(CheckNewIssue(i).ok()) << k;
    const int64_t now = i.raised_at_ms + 60'000;
    if (k < 12) {
      IssueResolution r;
      r.end = IssueEnd::kSolvedOnSpot;
      r.action = "当场答复并解决";
      r.solved_by = 1;
      ASSERT_TRUE(Resolve(i, r, now).ok()) << k;
    } else {
      IssueResolution r;
      r.end = IssueEnd::kAssigned;
      r.unit_id = 100 + k % 9;
      r.person_user_id = 200 + k;
      r.deadline_ms = deadline;
      ASSERT_TRUE(Resolve(i, r, now).ok()) << k;
      // Closed on a day within the month; the last one on the deadline itself.
      const int64_t closed = k == 85 ? deadline : day + (1 + k % 30) * kDay;
      ASSERT_TRUE(CloseAssignment(i, "已办结，答复当事人", closed).ok()) << k;
    }
    issues.push_back(std::move(i));
  }

  // Summarized long after (the record does not decay), and right after the deadline.
  for (int64_t now : {deadline + 1, StartOfDayMs(Date{1989, 6, 1})}) {
    const SessionSummary s = Summarize(issues, now);
    EXPECT_EQ(s.raised, 86);
    EXPECT_EQ(s.people, 102);
    EXPECT_EQ(s.solved_on_spot, 12);
    EXPECT_EQ(s.assigned, 74);
    EXPECT_EQ(s.assigned_closed, 74);
    EXPECT_EQ(s.closed_on_time, 74);
    EXPECT_EQ(s.overdue, 0);
    EXPECT_EQ(s.to_petition, 0);
    EXPECT_EQ(s.declined, 0);
    EXPECT_EQ(s.pending, 0);
  }
}

}  // namespace
}  // namespace sixia::domain

#include "domain/petition_citizen.h"

#include <gtest/gtest.h>

#include <vector>

namespace sixia::domain {
namespace {

constexpr int64_t kDay = 86'400'000;

PetitionEvent Ev(Action type, int64_t at_ms) {
  PetitionEvent e;
  e.type = type;
  e.at_ms = at_ms;
  e.actor_user_id = 7;
  return e;
}

PetitionEvent Register() {
  PetitionEvent e = Ev(Action::kRegister, 0);
  e.channel = Channel::kOnline;
  e.petition_class = PetitionClass::kGrievance;
  e.actor_user_id.reset();
  return e;
}

PetitionEvent Decision(int64_t at_ms) {
  PetitionEvent e = Ev(Action::kIssueDecision, at_ms);
  e.request = "补发征地补偿款";
  e.facts = "补偿款已列入预算";
  e.reasons = "符合补偿方案";
  e.legal_basis = "《土地管理法》第四十八条";
  e.outcome = DecisionOutcome::kSupport;
  e.document_number = "长自然〔2024〕1号";
  return e;
}

PetitionEvent Rate(int64_t at_ms, Satisfaction s = Satisfaction::kSatisfied) {
  PetitionEvent e = Ev(Action::kRate, at_ms);
  e.resolution = Resolution::kSolved;
  e.satisfaction = s;
  return e;
}

// register → accept → assign → sign → issue_decision → deliver, one day apart.
std::vector<PetitionEvent> Delivered() {
  std::vector<PetitionEvent> ev = {Register(), Ev(Action::kAccept, kDay)};
  PetitionEvent assign = Ev(Action::kAssign, 2 * kDay);
  assign.lead_unit_id = 3;
  assign.owning_leader_user_id = 9;
  ev.push_back(assign);
  ev.push_back(Ev(Action::kSign, 3 * kDay));
  ev.push_back(Decision(4 * kDay));
  ev.push_back(Ev(Action::kDeliver, 5 * kDay));
  return ev;
}

PetitionState FoldOk(const std::vector<PetitionEvent>& events) {
  auto s = Fold(events);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? *s : PetitionState{};
}

TEST(PetitionCitizen, TimelineLeavesOutWhatIsInternalToTheAuthorities) {
  // Given a petition objected to, re-routed and owned by a leader
  std::vector<PetitionEvent> ev = {Register()};
  PetitionEvent assign = Ev(Action::kAssign, kDay);
  assign.lead_unit_id = 3;
  ev.push_back(assign);
  PetitionEvent object = Ev(Action::kObject, 2 * kDay);
  object.reason = "不属于本单位职责";
  ev.push_back(object);
  PetitionEvent leader = Ev(Action::kSetOwningLeader, 3 * kDay);
  leader.owning_leader_user_id = 9;
  ev.push_back(leader);
  PetitionEvent overrule = Ev(Action::kOverruleObjection, 4 * kDay);
  overrule.reason = "属于该单位职责";
  ev.push_back(overrule);
  PetitionEvent extend = Ev(Action::kExtend, 5 * kDay);
  extend.days = 20;
  extend.reason = "需委托评估";
  ev.push_back(extend);

  // When the petitioner's timeline is made
  const auto steps = CitizenTimeline(ev);

  // Then the objection, its overruling and the owning leader are not in it, and the
  // extension shows its days and reason (Art. 34)
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0], (CitizenStep{Action::kRegister, 0, 0, ""}));
  EXPECT_EQ(steps[1], (CitizenStep{Action::kAssign, kDay, 0, ""}));
  EXPECT_EQ(steps[2], (CitizenStep{Action::kExtend, 5 * kDay, 20, "需委托评估"}));
}

TEST(PetitionCitizen, DeclineTellsWhereToGo) {
  std::vector<PetitionEvent> ev = {Register()};
  PetitionEvent decline = Ev(Action::kDecline, kDay);
  decline.reason = "属于诉讼程序";
  decline.route = "向霞浦县人民法院提起诉讼";
  ev.push_back(decline);
  const auto steps = CitizenTimeline(ev);
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[1].note, "向霞浦县人民法院提起诉讼");
}

TEST(PetitionCitizen, OpinionIsShownOnlyOnceDelivered) {
  std::vector<PetitionEvent> ev = Delivered();
  ev.pop_back();  // Issued, not delivered.
  EXPECT_TRUE(CitizenOpinions(ev).empty());

  ev = Delivered();
  const auto opinions = CitizenOpinions(ev);
  ASSERT_EQ(opinions.size(), 1u);
  EXPECT_EQ(opinions[0].type, Action::kIssueDecision);
  EXPECT_EQ(opinions[0].issued_at_ms, 4 * kDay);
  EXPECT_EQ(opinions[0].delivered_at_ms, 5 * kDay);
  EXPECT_EQ(opinions[0].outcome, DecisionOutcome::kSupport);
  EXPECT_EQ(opinions[0].legal_basis, "《土地管理法》第四十八条");
  EXPECT_EQ(opinions[0].document_number, "长自然〔2024〕1号");
}

TEST(PetitionCitizen, DeliveredDecisionCanBeRatedOnceAndReviewedWithinItsWindow) {
  // Given a delivered decision notice whose 复查 window ends on day 35
  std::vector<PetitionEvent> ev = Delivered();
  WindowDeadlines w;
  w.review_request_until_ms = 35 * kDay;

  // Then the petitioner may rate it and ask for a 复查 until the window ends
  CitizenChoices c = ChoicesOf(FoldOk(ev), ev, w, 6 * kDay);
  EXPECT_TRUE(c.can_rate);
  EXPECT_TRUE(c.can_request_review);
  EXPECT_EQ(c.review_request_until_ms, 35 * kDay);
  EXPECT_FALSE(c.can_request_re_review);
  EXPECT_TRUE(CheckCitizenAction(FoldOk(ev), ev, Action::kRate).ok());
  EXPECT_TRUE(ChoicesOf(FoldOk(ev), ev, w, 35 * kDay).can_request_review);
  c = ChoicesOf(FoldOk(ev), ev, w, 35 * kDay + 1);
  EXPECT_FALSE(c.can_request_review);
  EXPECT_EQ(c.review_request_until_ms, 35 * kDay) << "the deadline stays shown";

  // When it was rated
  ev.push_back(Rate(6 * kDay));
  c = ChoicesOf(FoldOk(ev), ev, w, 6 * kDay);

  // Then it cannot be rated again, but the 复查 stays open
  EXPECT_FALSE(c.can_rate);
  EXPECT_TRUE(c.can_request_review);
  const Status again = CheckCitizenAction(FoldOk(ev), ev, Action::kRate);
  EXPECT_EQ(again.code(), ErrorCode::kConflict);
  EXPECT_EQ(again.message_zh(), "该处理结果已经评价过");
}

TEST(PetitionCitizen, NothingCanBeRatedOrReviewedBeforeDelivery) {
  std::vector<PetitionEvent> ev = Delivered();
  ev.pop_back();  // decided
  const PetitionState s = FoldOk(ev);
  const CitizenChoices c = ChoicesOf(s, ev, {}, 6 * kDay);
  EXPECT_EQ(c, CitizenChoices{});
  const Status rate = CheckCitizenAction(s, ev, Action::kRate);
  EXPECT_EQ(rate.code(), ErrorCode::kConflict);
  EXPECT_NE(rate.message_zh().find("已出具处理意见书"), std::string::npos) << rate.message_zh();
  EXPECT_EQ(CheckCitizenAction(s, ev, Action::kRequestReview).code(), ErrorCode::kConflict);
  EXPECT_EQ(CheckCitizenAction(s, ev, Action::kRequestReReview).code(), ErrorCode::kConflict);
}

TEST(PetitionCitizen, ASecondReviewRequestIsLeftToTheWorkflowWhichRefusesItWith422) {
  // Given a 复查 already requested
  std::vector<PetitionEvent> ev = Delivered();
  ev.push_back(Ev(Action::kRequestReview, 6 * kDay));
  const PetitionState s = FoldOk(ev);

  // Then the petitioner is not offered another, and the workflow names the rule
  EXPECT_FALSE(ChoicesOf(s, ev, {}, 7 * kDay).can_request_review);
  ASSERT_TRUE(CheckCitizenAction(s, ev, Action::kRequestReview).ok());
  const Status again = CheckTransition(s, Ev(Action::kRequestReview, 7 * kDay));
  EXPECT_EQ(again.code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(again.field(), "review_requested_at_ms");
}

TEST(PetitionCitizen, AfterARedoTheNewResultCanBeRatedAgain) {
  // Given a rated, unsatisfied result sent back for 重办, decided and delivered again
  std::vector<PetitionEvent> ev = Delivered();
  ev.push_back(Rate(6 * kDay, Satisfaction::kUnsatisfied));
  ev.push_back(Ev(Action::kRedo, 7 * kDay));
  ev.push_back(Decision(8 * kDay));
  ev.push_back(Ev(Action::kDeliver, 9 * kDay));

  // Then the new result may be rated, and both opinions were received
  EXPECT_TRUE(ChoicesOf(FoldOk(ev), ev, {}, 10 * kDay).can_rate);
  EXPECT_EQ(CitizenOpinions(ev).size(), 2u);
}

TEST(PetitionCitizen, DeliveredReviewOpinionOpensTheReReviewWindow) {
  std::vector<PetitionEvent> ev = Delivered();
  ev.push_back(Ev(Action::kRequestReview, 6 * kDay));
  PetitionEvent review = Decision(7 * kDay);
  review.type = Action::kIssueReview;
  review.outcome = DecisionOutcome::kReject;
  ev.push_back(review);
  ev.push_back(Ev(Action::kDeliver, 8 * kDay));
  WindowDeadlines w;
  w.re_review_request_until_ms = 38 * kDay;
  const CitizenChoices c = ChoicesOf(FoldOk(ev), ev, w, 9 * kDay);
  EXPECT_TRUE(c.can_rate);
  EXPECT_FALSE(c.can_request_review);
  EXPECT_TRUE(c.can_request_re_review);
  EXPECT_EQ(c.re_review_request_until_ms, 38 * kDay);
  const auto opinions = CitizenOpinions(ev);
  ASSERT_EQ(opinions.size(), 2u);
  EXPECT_EQ(opinions[1].type, Action::kIssueReview);
  EXPECT_EQ(opinions[1].delivered_at_ms, 8 * kDay);
}

TEST(PetitionCitizen, OnlyTheCitizensOwnActionsAreAccepted) {
  const std::vector<PetitionEvent> ev = Delivered();
  const Status st = CheckCitizenAction(FoldOk(ev), ev, Action::kClose);
  EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(st.field(), "action");
}

}  // namespace
}  // namespace sixia::domain

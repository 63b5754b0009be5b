#include "domain/petition_workflow.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "domain/petition.h"

namespace sixia::domain {
namespace {

constexpr int64_t kT0 = 1'700'000'000'000;
constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;

// Every value of an enum, found by casting 0, 1, 2 … and keeping those with a wire name, so
// a value added to the enum shows up here even when nobody updated a kAll… array.
template <typename Enum>
std::vector<Enum> EnumerateByName(const char* (*name_of)(Enum)) {
  std::vector<Enum> out;
  for (int i = 0; i < 256; ++i) {
    const Enum value = static_cast<Enum>(i);
    if (std::string(name_of(value)) != "unknown") out.push_back(value);
  }
  return out;
}

const std::vector<State>& EveryState() {
  static const std::vector<State> kStates = EnumerateByName(StateName);
  return kStates;
}
const std::vector<Action>& EveryAction() {
  static const std::vector<Action> kActions = EnumerateByName(ActionName);
  return kActions;
}

// ---- The specification: the transition table, written out independently of the code ----

using Row = std::map<Action, State>;

const std::map<State, Row>& SpecTable() {
  using A = Action;
  using S = State;
  static const std::map<State, Row> kTable = {
      {S::kRegistered,
       {{A::kAccept, S::kAccepted},
        {A::kDecline, S::kDeclined},
        {A::kTransfer, S::kTransferred},
        {A::kAssign, S::kAssigned},
        {A::kMerge, S::kMerged},
        {A::kSetOwningLeader, S::kRegistered}}},
      {S::kAccepted,
       {{A::kAssign, S::kAssigned},
        {A::kSign, S::kHandling},
        {A::kExtend, S::kAccepted},
        {A::kMerge, S::kMerged},
        {A::kSetOwningLeader, S::kAccepted}}},
      {S::kDeclined, {}},
      {S::kTransferred,
       {{A::kSign, S::kHandling},
        {A::kObject, S::kObjected},
        {A::kDecline, S::kDeclined},
        {A::kMerge, S::kMerged},
        {A::kSetOwningLeader, S::kTransferred}}},
      {S::kAssigned,
       {{A::kSign, S::kHandling},
        {A::kObject, S::kObjected},
        {A::kMerge, S::kMerged},
        {A::kSetOwningLeader, S::kAssigned}}},
      {S::kObjected,
       {{A::kReassign, S::kAssigned},
        {A::kTransfer, S::kTransferred},
        {A::kOverruleObjection, S::kHandling},
        {A::kDecline, S::kDeclined},
        {A::kMerge, S::kMerged},
        {A::kSetOwningLeader, S::kObjected}}},
      {S::kHandling,
       {{A::kExtend, S::kHandling},
        {A::kIssueDecision, S::kDecided},
        {A::kRecordMediation, S::kMediated},
        {A::kMerge, S::kMerged},
        {A::kSetOwningLeader, S::kHandling}}},
      {S::kDecided, {{A::kDeliver, S::kDelivered}, {A::kSetOwningLeader, S::kDecided}}},
      {S::kDelivered,
       {{A::kRate, S::kDelivered},
        {A::kRedo, S::kHandling},
        {A::kRequestReview, S::kReviewRequested},
        {A::kClose, S::kClosed},
        {A::kSetOwningLeader, S::kDelivered}}},
      {S::kMediated,
       {{A::kRate, S::kMediated},
        {A::kRedo, S::kHandling},
        {A::kClose, S::kClosed},
        {A::kSetOwningLeader, S::kMediated}}},
      {S::kReviewRequested,
       {{A::kIssueReview, S::kReviewed}, {A::kSetOwningLeader, S::kReviewRequested}}},
      {S::kReviewed, {{A::kDeliver, S::kReviewDelivered}, {A::kSetOwningLeader, S::kReviewed}}},
      {S::kReviewDelivered,
       {{A::kRate, S::kReviewDelivered},
        {A::kRequestReReview, S::kReReviewRequested},
        {A::kClose, S::kClosed},
        {A::kSetOwningLeader, S::kReviewDelivered}}},
      {S::kReReviewRequested,
       {{A::kPauseHearing, S::kHearing},
        {A::kIssueReReview, S::kFinal},
        {A::kSetOwningLeader, S::kReReviewRequested}}},
      {S::kHearing,
       {{A::kResumeHearing, S::kReReviewRequested}, {A::kSetOwningLeader, S::kHearing}}},
      {S::kFinal, {}},
      {S::kClosed, {}},
      {S::kMerged, {}},
  };
  return kTable;
}

// ---- Builders ----

void FillOpinion(PetitionEvent& e) {
  e.request = "要求补发土地征收补偿款";
  e.facts = "经核查，补偿款已于2023年3月足额发放";
  e.reasons = "补偿标准符合县政府公布的方案";
  e.outcome = DecisionOutcome::kExplain;
  e.legal_basis = "《土地管理法》第四十八条";
  e.document_number = "霞信处〔2024〕12号";
}

// An event of type `action` at `at_ms` whose payload satisfies every rule of that action
// (windows aside). A new action is a -Wswitch warning here until it gets a payload.
PetitionEvent ValidEvent(Action action, int64_t at_ms) {
  PetitionEvent e;
  e.type = action;
  e.at_ms = at_ms;
  e.actor_user_id = 7;
  switch (action) {
    case Action::kRegister:
      e.channel = Channel::kReceptionDay;
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
      e.deadline_note = "15日内告知信访人";
      break;
    case Action::kAssign:
      e.lead_unit_id = 300;
      e.assisting_unit_ids = {301, 302};
      e.owning_leader_user_id = 9;
      e.deadline_note = "60日内办结";
      break;
    case Action::kSign:
      break;
    case Action::kObject:
      e.reason = "不属于本单位职责";
      break;
    case Action::kOverruleObjection:
      e.reason = "依三定方案属该单位职责";
      break;
    case Action::kReassign:
      e.lead_unit_id = 400;
      break;
    case Action::kExtend:
      e.days = 5;
      e.reason = "需现场勘测";
      e.approver_user_id = 11;
      e.approver_is_agency_head = true;
      break;
    case Action::kIssueDecision:
    case Action::kIssueReview:
    case Action::kIssueReReview:
      FillOpinion(e);
      break;
    case Action::kRecordMediation:
      e.agreement = "双方同意按评估价补偿";
      break;
    case Action::kDeliver:
      break;
    case Action::kRate:
      e.resolution = Resolution::kUnsolved;
      e.satisfaction = Satisfaction::kUnsatisfied;
      break;
    case Action::kRedo:
      e.reason = "回访不满意";
      break;
    case Action::kRequestReview:
      e.lead_unit_id = 500;
      break;
    case Action::kRequestReReview:
      e.lead_unit_id = 600;
      break;
    case Action::kPauseHearing:
      e.reason = "举行听证";
      break;
    case Action::kResumeHearing:
      break;
    case Action::kClose:
      break;
    case Action::kMerge:
      e.into_petition_id = 42;
      break;
    case Action::kSetOwningLeader:
      e.owning_leader_user_id = 9;
      break;
  }
  return e;
}

// The shortest documented way into each state. delivered and mediated end with an
// "unsatisfied" rating so that redo is possible there.
std::vector<Action> PathTo(State state) {
  using A = Action;
  const std::vector<A> handling = {A::kRegister, A::kAccept, A::kAssign, A::kSign};
  auto then = [](std::vector<A> path, std::initializer_list<A> more) {
    path.insert(path.end(), more);
    return path;
  };
  const std::vector<A> decided = then(handling, {A::kIssueDecision});
  const std::vector<A> review_requested = then(decided, {A::kDeliver, A::kRequestReview});
  const std::vector<A> re_review_requested =
      then(review_requested, {A::kIssueReview, A::kDeliver, A::kRequestReReview});
  switch (state) {
    case State::kRegistered:
      return {A::kRegister};
    case State::kAccepted:
      return {A::kRegister, A::kAccept};
    case State::kDeclined:
      return {A::kRegister, A::kDecline};
    case State::kTransferred:
      return {A::kRegister, A::kTransfer};
    case State::kAssigned:
      return {A::kRegister, A::kAssign};
    case State::kObjected:
      return {A::kRegister, A::kAssign, A::kObject};
    case State::kHandling:
      return handling;
    case State::kDecided:
      return decided;
    case State::kDelivered:
      return then(decided, {A::kDeliver, A::kRate});
    case State::kMediated:
      return then(handling, {A::kRecordMediation, A::kRate});
    case State::kReviewRequested:
      return review_requested;
    case State::kReviewed:
      return then(review_requested, {A::kIssueReview});
    case State::kReviewDelivered:
      return then(review_requested, {A::kIssueReview, A::kDeliver});
    case State::kReReviewRequested:
      return re_review_requested;
    case State::kHearing:
      return then(re_review_requested, {A::kPauseHearing});
    case State::kFinal:
      return then(re_review_requested, {A::kIssueReReview});
    case State::kClosed:
      return then(decided, {A::kDeliver, A::kRate, A::kClose});
    case State::kMerged:
      return {A::kRegister, A::kMerge};
  }
  return {};
}

// Applies valid events one day apart; fails the test on any refusal.
struct History {
  PetitionState state;
  std::vector<PetitionEvent> events;
  int64_t now = kT0;

  // Applies `e` (its at_ms is overwritten with the next moment) and expects success.
  void Do(PetitionEvent e, const WindowDeadlines& windows = {}) {
    now += kDay;
    e.at_ms = now;
    const Status s = Apply(state, e, windows);
    ASSERT_TRUE(s.ok()) << ActionName(e.type) << ": " << s.ToString();
    events.push_back(std::move(e));
  }
  void Do(Action a) { Do(ValidEvent(a, 0)); }
  PetitionEvent Next(Action a) const { return ValidEvent(a, now + kDay); }
};

History Reach(State target) {
  History h;
  for (Action a : PathTo(target)) h.Do(a);
  return h;
}

std::vector<Action> SpecAllowed(State state) {
  std::vector<Action> out;
  const Row& row = SpecTable().at(state);
  for (Action a : kAllActions)
    if (row.count(a)) out.push_back(a);
  return out;
}

std::string Join(const std::vector<Action>& actions) {
  std::string out;
  for (Action a : actions) out += (out.empty() ? "" : ", ") + std::string(ActionName(a));
  return out.empty() ? "none" : out;
}

// ---- Vocabulary ----

TEST(PetitionVocabulary, AllArraysHoldEveryEnumValueInDeclarationOrder) {
  // Given the values found by their wire names, Then each kAll… array lists exactly them.
  EXPECT_EQ(EnumerateByName(ChannelName),
            std::vector<Channel>(kAllChannels.begin(), kAllChannels.end()));
  EXPECT_EQ(EnumerateByName(PetitionClassName),
            std::vector<PetitionClass>(kAllPetitionClasses.begin(), kAllPetitionClasses.end()));
  EXPECT_EQ(EveryState(), std::vector<State>(kAllStates.begin(), kAllStates.end()));
  EXPECT_EQ(EveryAction(), std::vector<Action>(kAllActions.begin(), kAllActions.end()));
  EXPECT_EQ(EnumerateByName(DecisionOutcomeName),
            std::vector<DecisionOutcome>(kAllDecisionOutcomes.begin(), kAllDecisionOutcomes.end()));
  EXPECT_EQ(EnumerateByName(ResolutionName),
            std::vector<Resolution>(kAllResolutions.begin(), kAllResolutions.end()));
  EXPECT_EQ(EnumerateByName(SatisfactionName),
            std::vector<Satisfaction>(kAllSatisfactions.begin(), kAllSatisfactions.end()));
}

// The wire names are stored and sent to clients: this list may only grow.
TEST(PetitionVocabulary, WireNamesAreStable) {
  auto names = [](const auto& all, auto name_of) {
    std::vector<std::string> out;
    for (auto v : all) out.push_back(name_of(v));
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(names(kAllChannels, ChannelName),
            (V{"visit", "letter", "phone", "online", "outreach_visit", "reception_day",
               "field_session", "hotline_12345"}));
  EXPECT_EQ(names(kAllPetitionClasses, PetitionClassName),
            (V{"suggestion", "accusation", "grievance"}));
  EXPECT_EQ(names(kAllStates, StateName),
            (V{"registered", "accepted", "declined", "transferred", "assigned", "objected",
               "handling", "decided", "delivered", "mediated", "review_requested", "reviewed",
               "review_delivered", "re_review_requested", "hearing", "final", "closed", "merged"}));
  EXPECT_EQ(names(kAllActions, ActionName), (V{"register",
                                               "accept",
                                               "decline",
                                               "transfer",
                                               "assign",
                                               "sign",
                                               "object",
                                               "overrule_objection",
                                               "reassign",
                                               "extend",
                                               "issue_decision",
                                               "record_mediation",
                                               "deliver",
                                               "rate",
                                               "redo",
                                               "request_review",
                                               "issue_review",
                                               "request_re_review",
                                               "pause_hearing",
                                               "resume_hearing",
                                               "issue_re_review",
                                               "close",
                                               "merge",
                                               "set_owning_leader"}));
  EXPECT_EQ(names(kAllDecisionOutcomes, DecisionOutcomeName), (V{"support", "explain", "reject"}));
  EXPECT_EQ(names(kAllResolutions, ResolutionName), (V{"solved", "partly_solved", "unsolved"}));
  EXPECT_EQ(names(kAllSatisfactions, SatisfactionName),
            (V{"satisfied", "basically_satisfied", "unsatisfied"}));
}

// Every name parses back to its value, labels are real Chinese text, names are unique.
template <typename Enum, size_t N>
void ExpectRoundTrip(const std::array<Enum, N>& all, const char* (*name_of)(Enum),
                     std::optional<Enum> (*from_name)(std::string_view),
                     const char* (*label_of)(Enum)) {
  std::set<std::string> names, labels;
  for (Enum v : all) {
    EXPECT_EQ(from_name(name_of(v)), v) << name_of(v);
    EXPECT_STRNE(label_of(v), "未知") << name_of(v);
    EXPECT_TRUE(names.insert(name_of(v)).second) << "duplicate name " << name_of(v);
    EXPECT_TRUE(labels.insert(label_of(v)).second) << "duplicate label " << label_of(v);
  }
  EXPECT_EQ(from_name("unknown"), std::nullopt);
  EXPECT_EQ(from_name(""), std::nullopt);
  EXPECT_EQ(from_name(std::string(name_of(all[0])) + " "), std::nullopt);
}

TEST(PetitionVocabulary, NamesRoundTripAndLabelsAreChinese) {
  ExpectRoundTrip(kAllChannels, ChannelName, ChannelFromName, ChannelLabel);
  ExpectRoundTrip(kAllPetitionClasses, PetitionClassName, PetitionClassFromName,
                  PetitionClassLabel);
  ExpectRoundTrip(kAllStates, StateName, StateFromName, StateLabel);
  ExpectRoundTrip(kAllActions, ActionName, ActionFromName, ActionLabel);
  ExpectRoundTrip(kAllDecisionOutcomes, DecisionOutcomeName, DecisionOutcomeFromName,
                  DecisionOutcomeLabel);
  ExpectRoundTrip(kAllResolutions, ResolutionName, ResolutionFromName, ResolutionLabel);
  ExpectRoundTrip(kAllSatisfactions, SatisfactionName, SatisfactionFromName, SatisfactionLabel);
  EXPECT_STREQ(StateLabel(State::kDecided), "已出具处理意见书");
  EXPECT_STREQ(ActionLabel(Action::kSign), "签收");
}

// ---- The table, exhaustively ----

TEST(PetitionWorkflowTable, EveryStateHasASpecRow) {
  for (State s : EveryState())
    EXPECT_TRUE(SpecTable().count(s)) << "no spec row for state " << StateName(s);
  EXPECT_EQ(SpecTable().size(), EveryState().size());
}

TEST(PetitionWorkflowTable, NextStateIsExactlyTheSpecForEveryStateAndAction) {
  for (State s : EveryState()) {
    ASSERT_TRUE(SpecTable().count(s)) << StateName(s);
    const Row& row = SpecTable().at(s);
    for (Action a : EveryAction()) {
      const auto it = row.find(a);
      const std::optional<State> expected =
          it == row.end() ? std::nullopt : std::optional<State>(it->second);
      EXPECT_EQ(NextState(s, a), expected) << StateName(s) << " × " << ActionName(a);
    }
  }
}

TEST(PetitionWorkflowTable, TerminalStatesAreExactlyThoseWithoutTransitions) {
  for (State s : EveryState()) {
    EXPECT_EQ(IsTerminal(s), SpecTable().at(s).empty()) << StateName(s);
    EXPECT_EQ(IsOpen(s), !IsTerminal(s)) << StateName(s);
  }
  for (State s : {State::kDeclined, State::kFinal, State::kClosed, State::kMerged})
    EXPECT_TRUE(IsTerminal(s)) << StateName(s);
}

TEST(PetitionWorkflowTable, RegisterOnlyStartsAPetitionAndEveryOpenStateAllowsLeaderOwnership) {
  for (State s : EveryState()) {
    EXPECT_EQ(NextState(s, Action::kRegister), std::nullopt) << StateName(s);
    if (IsOpen(s)) {
      EXPECT_EQ(NextState(s, Action::kSetOwningLeader), s) << StateName(s);
    }
  }
}

TEST(PetitionWorkflowTable, EveryStateIsReachableByItsDocumentedPath) {
  for (State s : EveryState()) {
    const History h = Reach(s);
    EXPECT_EQ(h.state.state, s) << StateName(s);
    EXPECT_EQ(h.state.event_count, static_cast<int64_t>(PathTo(s).size()));
  }
}

TEST(PetitionWorkflowTable, AllowedActionsFollowTheSpecInEveryReachedState) {
  EXPECT_EQ(AllowedActions(PetitionState{}), std::vector<Action>{Action::kRegister});
  for (State s : EveryState())
    EXPECT_EQ(AllowedActions(Reach(s).state), SpecAllowed(s)) << StateName(s);
}

// Given a petition in each state, When each action is attempted with a valid payload, Then
// exactly the spec's actions pass and lead to the spec's state; the others answer 409 with
// the allowed list, or 422 when asking again for a 复查/复核 already used.
TEST(PetitionWorkflowTable, CheckTransitionAllowsExactlyTheSpecInEveryStateForEveryAction) {
  for (State s : EveryState()) {
    const History h = Reach(s);
    for (Action a : EveryAction()) {
      SCOPED_TRACE(std::string(StateName(s)) + " × " + ActionName(a));
      const PetitionEvent e = h.Next(a);
      const Status status = CheckTransition(h.state, e);
      const Row& row = SpecTable().at(s);
      if (row.count(a)) {
        ASSERT_TRUE(status.ok()) << status.ToString();
        PetitionState after = h.state;
        ASSERT_TRUE(Apply(after, e).ok());
        EXPECT_EQ(after.state, row.at(a));
        EXPECT_EQ(after.event_count, h.state.event_count + 1);
        continue;
      }
      ASSERT_FALSE(status.ok());
      if (a == Action::kRequestReview && h.state.review_requested_at_ms) {
        EXPECT_EQ(status.code(), ErrorCode::kUnprocessable);
        EXPECT_EQ(status.field(), "review_requested_at_ms");
      } else if (a == Action::kRequestReReview && h.state.re_review_requested_at_ms) {
        EXPECT_EQ(status.code(), ErrorCode::kUnprocessable);
        EXPECT_EQ(status.field(), "re_review_requested_at_ms");
      } else {
        EXPECT_EQ(status.code(), ErrorCode::kConflict) << status.ToString();
        EXPECT_EQ(status.message(), std::string("action '") + ActionName(a) +
                                        "' is not allowed in state '" + StateName(s) +
                                        "'; allowed: " + Join(SpecAllowed(s)));
        EXPECT_NE(status.message_zh().find(std::string("“") + StateLabel(s) + "”"),
                  std::string::npos);
      }
    }
  }
}

TEST(PetitionWorkflowTable, BeforeRegistrationOnlyRegisterIsAllowed) {
  for (Action a : EveryAction()) {
    const Status s = CheckTransition(PetitionState{}, ValidEvent(a, kT0));
    if (a == Action::kRegister) {
      EXPECT_TRUE(s.ok()) << s.ToString();
    } else {
      EXPECT_EQ(s.code(), ErrorCode::kConflict) << ActionName(a);
      EXPECT_EQ(s.message(), std::string("action '") + ActionName(a) +
                                 "' is not allowed before registration; allowed: register");
    }
  }
}

// ---- The 409 message ----

TEST(PetitionWorkflowConflict, MessageListsTheAllowedActionsInEnglishAndChinese) {
  // Given a registered petition
  const History h = Reach(State::kRegistered);
  // When the handling unit tries to sign for it
  const Status s = CheckTransition(h.state, h.Next(Action::kSign));
  // Then 409 names the state and lists what is allowed
  EXPECT_EQ(s.code(), ErrorCode::kConflict);
  EXPECT_EQ(s.message(),
            "action 'sign' is not allowed in state 'registered'; allowed: accept, decline, "
            "transfer, assign, merge, set_owning_leader");
  EXPECT_EQ(s.message_zh(),
            "当前状态“登记”不允许“签收”；允许：受理、不予受理、转送、交办、并单、领导包案");
}

TEST(PetitionWorkflowConflict, TerminalStateAllowsNothing) {
  const History h = Reach(State::kClosed);
  const Status s = CheckTransition(h.state, h.Next(Action::kRate));
  EXPECT_EQ(s.code(), ErrorCode::kConflict);
  EXPECT_EQ(s.message(), "action 'rate' is not allowed in state 'closed'; allowed: none");
  EXPECT_EQ(s.message_zh(), "当前状态“办结”不允许“评价”；允许：无");
}

TEST(PetitionWorkflowConflict, RegisteringTwiceIsAConflict) {
  const History h = Reach(State::kRegistered);
  EXPECT_EQ(CheckTransition(h.state, h.Next(Action::kRegister)).code(), ErrorCode::kConflict);
}

// ---- 422 rules ----

struct FieldCase {
  const char* field;
  void (*clear)(PetitionEvent&);
};

TEST(PetitionWorkflowRules, DecisionNoticeMissingAnyRequiredPartCannotBeIssued) {
  // Art. 32: request, facts, reasons, outcome and legal basis; the same for 复查/复核 opinions.
  const FieldCase cases[] = {
      {"request", [](PetitionEvent& e) { e.request.clear(); }},
      {"facts", [](PetitionEvent& e) { e.facts.clear(); }},
      {"reasons", [](PetitionEvent& e) { e.reasons.clear(); }},
      {"outcome", [](PetitionEvent& e) { e.outcome.reset(); }},
      {"legal_basis", [](PetitionEvent& e) { e.legal_basis.clear(); }},
  };
  const std::pair<State, Action> documents[] = {
      {State::kHandling, Action::kIssueDecision},
      {State::kReviewRequested, Action::kIssueReview},
      {State::kReReviewRequested, Action::kIssueReReview},
  };
  for (const auto& [state, action] : documents) {
    const History h = Reach(state);
    for (const FieldCase& c : cases) {
      SCOPED_TRACE(std::string(ActionName(action)) + " without " + c.field);
      PetitionEvent e = h.Next(action);
      c.clear(e);
      PetitionState after = h.state;
      const Status s = Apply(after, e);
      EXPECT_EQ(s.code(), ErrorCode::kUnprocessable);
      EXPECT_EQ(s.field(), c.field);
      EXPECT_NE(s.message().find("Art. 32"), std::string::npos);
      EXPECT_EQ(after, h.state) << "a refused event changes nothing";
    }
  }
  // The document number is optional.
  const History h = Reach(State::kHandling);
  PetitionEvent e = h.Next(Action::kIssueDecision);
  e.document_number.clear();
  EXPECT_TRUE(CheckTransition(h.state, e).ok());
}

TEST(PetitionWorkflowRules, DecisionNoticeMessageNamesTheDocument) {
  const History h = Reach(State::kReviewRequested);
  PetitionEvent e = h.Next(Action::kIssueReview);
  e.legal_basis.clear();
  const Status s = CheckTransition(h.state, e);
  EXPECT_EQ(s.message_zh(), "复查意见须载明法律法规及政策依据（第三十二条）");
}

TEST(PetitionWorkflowRules, ExtensionsMayTotalThirtyDaysButNotMore) {
  // Given a petition in handling extended by 20 days
  History h = Reach(State::kHandling);
  PetitionEvent first = h.Next(Action::kExtend);
  first.days = 20;
  h.Do(first);
  ASSERT_EQ(h.state.extension_days, 20);
  // When 11 more days are asked, Then Art. 34's 30-day total refuses it
  PetitionEvent too_much = h.Next(Action::kExtend);
  too_much.days = 11;
  const Status s = CheckTransition(h.state, too_much);
  EXPECT_EQ(s.code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(s.field(), "days");
  EXPECT_EQ(s.message(), "extensions may total at most 30 days (Art. 34); 20 already granted");
  EXPECT_EQ(s.message_zh(), "延期累计不得超过30日（第三十四条），已延期20日");
  // But exactly 10 more reach 30 and pass
  PetitionEvent rest = h.Next(Action::kExtend);
  rest.days = 10;
  h.Do(rest);
  EXPECT_EQ(h.state.extension_days, 30);
  PetitionEvent one = h.Next(Action::kExtend);
  one.days = 1;
  EXPECT_EQ(CheckTransition(h.state, one).field(), "days");
}

TEST(PetitionWorkflowRules, ASingleExtensionAboveThirtyDaysIsRefused) {
  const History h = Reach(State::kAccepted);
  PetitionEvent e = h.Next(Action::kExtend);
  e.days = 31;
  EXPECT_EQ(CheckTransition(h.state, e).field(), "days");
  e.days = 0;
  EXPECT_EQ(CheckTransition(h.state, e).field(), "days");
  e.days = -3;
  EXPECT_EQ(CheckTransition(h.state, e).field(), "days");
}

TEST(PetitionWorkflowRules, ExtensionNeedsReasonAndTheAgencyHeadsApproval) {
  const History h = Reach(State::kHandling);
  const FieldCase cases[] = {
      {"reason", [](PetitionEvent& e) { e.reason.clear(); }},
      {"approver_user_id", [](PetitionEvent& e) { e.approver_user_id.reset(); }},
      {"approver_is_agency_head", [](PetitionEvent& e) { e.approver_is_agency_head = false; }},
  };
  for (const FieldCase& c : cases) {
    PetitionEvent e = h.Next(Action::kExtend);
    c.clear(e);
    const Status s = CheckTransition(h.state, e);
    EXPECT_EQ(s.code(), ErrorCode::kUnprocessable) << c.field;
    EXPECT_EQ(s.field(), c.field);
  }
}

TEST(PetitionWorkflowRules, ALocalExtensionCapMayBeStricterButNeverLooserThanTheLaw) {
  const History h = Reach(State::kHandling);
  PetitionEvent e = h.Next(Action::kExtend);
  e.days = 20;
  WindowDeadlines strict;
  strict.max_extension_days = 15;
  EXPECT_EQ(CheckTransition(h.state, e, strict).field(), "days");
  WindowDeadlines loose;
  loose.max_extension_days = 45;
  EXPECT_TRUE(CheckTransition(h.state, e, loose).ok());
  e.days = 31;
  EXPECT_EQ(CheckTransition(h.state, e, loose).field(), "days");
}

TEST(PetitionWorkflowRules, ExtensionTotalCarriesOverARedo) {
  // Given 30 days already granted, then an unsatisfied rating and a redo
  History h = Reach(State::kHandling);
  PetitionEvent ext = h.Next(Action::kExtend);
  ext.days = 30;
  h.Do(ext);
  for (Action a : {Action::kIssueDecision, Action::kDeliver, Action::kRate, Action::kRedo}) h.Do(a);
  // When the redo is to be extended, Then the statutory total is already used up
  ASSERT_EQ(h.state.state, State::kHandling);
  EXPECT_EQ(CheckTransition(h.state, h.Next(Action::kExtend)).field(), "days");
}

TEST(PetitionWorkflowRules, ObjectionAfterItsWindowIsRefused) {
  const History h = Reach(State::kAssigned);
  const PetitionEvent e = h.Next(Action::kObject);
  WindowDeadlines w;
  w.objection_until_ms = e.at_ms - 1;
  const Status late = CheckTransition(h.state, e, w);
  EXPECT_EQ(late.code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(late.field(), "objection_until_ms");
  w.objection_until_ms = e.at_ms;  // The last moment is still in time.
  EXPECT_TRUE(CheckTransition(h.state, e, w).ok());
  EXPECT_TRUE(CheckTransition(h.state, e, {}).ok());  // Not checked when absent.
}

TEST(PetitionWorkflowRules, ObjectionAndOverruleNeedReasons) {
  History h = Reach(State::kTransferred);
  PetitionEvent object = h.Next(Action::kObject);
  object.reason.clear();
  EXPECT_EQ(CheckTransition(h.state, object).field(), "reason");
  h.Do(Action::kObject);
  PetitionEvent overrule = h.Next(Action::kOverruleObjection);
  overrule.reason.clear();
  EXPECT_EQ(CheckTransition(h.state, overrule).field(), "reason");
}

TEST(PetitionWorkflowRules, ReviewRequestAfterItsWindowIsRefused) {
  const History h = Reach(State::kDelivered);
  const PetitionEvent e = h.Next(Action::kRequestReview);
  WindowDeadlines w;
  w.review_request_until_ms = e.at_ms - 1;
  const Status late = CheckTransition(h.state, e, w);
  EXPECT_EQ(late.code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(late.field(), "review_request_until_ms");
  EXPECT_NE(late.message().find("Art. 35"), std::string::npos);
  w.review_request_until_ms = e.at_ms;
  EXPECT_TRUE(CheckTransition(h.state, e, w).ok());
}

TEST(PetitionWorkflowRules, ReReviewRequestAfterItsWindowIsRefused) {
  const History h = Reach(State::kReviewDelivered);
  const PetitionEvent e = h.Next(Action::kRequestReReview);
  WindowDeadlines w;
  w.re_review_request_until_ms = e.at_ms - 1;
  const Status late = CheckTransition(h.state, e, w);
  EXPECT_EQ(late.code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(late.field(), "re_review_request_until_ms");
  w.re_review_request_until_ms = e.at_ms;
  EXPECT_TRUE(CheckTransition(h.state, e, w).ok());
}

TEST(PetitionWorkflowRules, WindowsOfOtherActionsAreIgnored) {
  // Given every window long past, Then actions they do not govern still pass.
  const History h = Reach(State::kHandling);
  WindowDeadlines past{kT0, kT0, kT0, std::nullopt};
  EXPECT_TRUE(CheckTransition(h.state, h.Next(Action::kIssueDecision), past).ok());
}

TEST(PetitionWorkflowRules, SecondReReviewIsRefusedCitingFinality) {
  // Given a petition whose 复核 was decided (终结)
  const History h = Reach(State::kFinal);
  ASSERT_TRUE(IsFinal(h.state));
  // When the petitioner asks for 复核 again
  const Status s = CheckTransition(h.state, h.Next(Action::kRequestReReview));
  // Then 422: after the 复核 the matter is final (Art. 36)
  EXPECT_EQ(s.code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(s.field(), "re_review_requested_at_ms");
  EXPECT_NE(s.message().find("Art. 36"), std::string::npos);
  EXPECT_EQ(s.message_zh(), "该信访事项已申请过复核，复核后即终结，不再受理（第三十六条）");
}

TEST(PetitionWorkflowRules, ReReviewRequestedTwiceWhilePendingIsRefused) {
  for (State s : {State::kReReviewRequested, State::kHearing}) {
    const History h = Reach(s);
    EXPECT_EQ(CheckTransition(h.state, h.Next(Action::kRequestReReview)).field(),
              "re_review_requested_at_ms")
        << StateName(s);
  }
}

TEST(PetitionWorkflowRules, ReviewRequestedTwiceIsRefused) {
  for (State s :
       {State::kReviewRequested, State::kReviewed, State::kReviewDelivered, State::kFinal}) {
    const History h = Reach(s);
    const Status st = CheckTransition(h.state, h.Next(Action::kRequestReview));
    EXPECT_EQ(st.code(), ErrorCode::kUnprocessable) << StateName(s);
    EXPECT_EQ(st.field(), "review_requested_at_ms");
  }
}

TEST(PetitionWorkflowRules, RedoNeedsAnUnsatisfiedLatestRating) {
  // Given a delivered decision that was not rated yet
  History h = Reach(State::kDecided);
  h.Do(Action::kDeliver);
  // Then a redo is refused
  EXPECT_EQ(CheckTransition(h.state, h.Next(Action::kRedo)).field(), "satisfaction");
  // And after a "basically satisfied" rating, even with the problem unsolved
  PetitionEvent rate = h.Next(Action::kRate);
  rate.resolution = Resolution::kUnsolved;
  rate.satisfaction = Satisfaction::kBasicallySatisfied;
  h.Do(rate);
  const Status s = CheckTransition(h.state, h.Next(Action::kRedo));
  EXPECT_EQ(s.code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(s.field(), "satisfaction");
  // But the latest rating counts: a second, unsatisfied rating opens the redo
  h.Do(Action::kRate);
  EXPECT_TRUE(CheckTransition(h.state, h.Next(Action::kRedo)).ok());
}

TEST(PetitionWorkflowRules, EventDatedBeforeThePreviousOneIsRefused) {
  const History h = Reach(State::kAccepted);
  PetitionEvent e = ValidEvent(Action::kAssign, h.state.last_event_at_ms - 1);
  const Status s = CheckTransition(h.state, e);
  EXPECT_EQ(s.code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(s.field(), "at_ms");
  e.at_ms = h.state.last_event_at_ms;  // The same moment is fine.
  EXPECT_TRUE(CheckTransition(h.state, e).ok());
}

TEST(PetitionWorkflowRules, RegistrationNeedsChannelAndClass) {
  PetitionEvent e = ValidEvent(Action::kRegister, kT0);
  e.channel.reset();
  EXPECT_EQ(CheckTransition(PetitionState{}, e).field(), "channel");
  e = ValidEvent(Action::kRegister, kT0);
  e.petition_class.reset();
  EXPECT_EQ(CheckTransition(PetitionState{}, e).field(), "petition_class");
}

TEST(PetitionWorkflowRules, DeclineNeedsReasonAndRoute) {
  const History h = Reach(State::kRegistered);
  PetitionEvent e = h.Next(Action::kDecline);
  e.reason.clear();
  EXPECT_EQ(CheckTransition(h.state, e).field(), "reason");
  e = h.Next(Action::kDecline);
  e.route.clear();
  EXPECT_EQ(CheckTransition(h.state, e).field(), "route");
}

TEST(PetitionWorkflowRules, RoutingNeedsALeadUnitAndDistinctAssistingUnits) {
  for (Action a : {Action::kTransfer, Action::kAssign}) {
    const History h = Reach(State::kRegistered);
    PetitionEvent e = h.Next(a);
    e.lead_unit_id.reset();
    EXPECT_EQ(CheckTransition(h.state, e).field(), "lead_unit_id") << ActionName(a);
    e = h.Next(a);
    e.lead_unit_id = 0;
    EXPECT_EQ(CheckTransition(h.state, e).field(), "lead_unit_id");
    e = h.Next(a);
    e.assisting_unit_ids = {301, 301};
    EXPECT_EQ(CheckTransition(h.state, e).field(), "assisting_unit_ids");
    e.assisting_unit_ids = {*e.lead_unit_id};
    EXPECT_EQ(CheckTransition(h.state, e).field(), "assisting_unit_ids");
    e.assisting_unit_ids = {-1};
    EXPECT_EQ(CheckTransition(h.state, e).field(), "assisting_unit_ids");
  }
  const History h = Reach(State::kObjected);
  PetitionEvent e = h.Next(Action::kReassign);
  e.lead_unit_id.reset();
  EXPECT_EQ(CheckTransition(h.state, e).field(), "lead_unit_id");
}

TEST(PetitionWorkflowRules, MediationNeedsItsTerms) {
  const History h = Reach(State::kHandling);
  PetitionEvent e = h.Next(Action::kRecordMediation);
  e.agreement.clear();
  EXPECT_EQ(CheckTransition(h.state, e).field(), "agreement");
}

TEST(PetitionWorkflowRules, DeliveryLiesBetweenIssueAndRecording) {
  const History h = Reach(State::kDecided);
  PetitionEvent e = h.Next(Action::kDeliver);
  e.delivered_at_ms = *h.state.decided_at_ms - 1;
  EXPECT_EQ(CheckTransition(h.state, e).field(), "delivered_at_ms");
  e.delivered_at_ms = e.at_ms + 1;
  EXPECT_EQ(CheckTransition(h.state, e).field(), "delivered_at_ms");
  e.delivered_at_ms = *h.state.decided_at_ms;
  EXPECT_TRUE(CheckTransition(h.state, e).ok());

  const History r = Reach(State::kReviewed);
  PetitionEvent d = r.Next(Action::kDeliver);
  d.delivered_at_ms = *r.state.reviewed_at_ms - 1;
  EXPECT_EQ(CheckTransition(r.state, d).field(), "delivered_at_ms");
}

TEST(PetitionWorkflowRules, RatingNeedsBothAnswers) {
  const History h = Reach(State::kDelivered);
  PetitionEvent e = h.Next(Action::kRate);
  e.resolution.reset();
  EXPECT_EQ(CheckTransition(h.state, e).field(), "resolution");
  e = h.Next(Action::kRate);
  e.satisfaction.reset();
  EXPECT_EQ(CheckTransition(h.state, e).field(), "satisfaction");
}

TEST(PetitionWorkflowRules, MergeLeaderAndHearingNeedTheirFields) {
  const History h = Reach(State::kRegistered);
  PetitionEvent merge = h.Next(Action::kMerge);
  merge.into_petition_id.reset();
  EXPECT_EQ(CheckTransition(h.state, merge).field(), "into_petition_id");
  PetitionEvent leader = h.Next(Action::kSetOwningLeader);
  leader.owning_leader_user_id.reset();
  EXPECT_EQ(CheckTransition(h.state, leader).field(), "owning_leader_user_id");
  const History r = Reach(State::kReReviewRequested);
  PetitionEvent pause = r.Next(Action::kPauseHearing);
  pause.reason.clear();
  EXPECT_EQ(CheckTransition(r.state, pause).field(), "reason");
}

// ---- What the fold records ----

TEST(PetitionWorkflowFold, HappyPathToFinalRecordsEveryKeyMoment) {
  // Given a grievance received on a reception day
  History h;
  h.Do(Action::kRegister);
  const int64_t registered = h.now;
  h.Do(Action::kAccept);
  const int64_t accepted = h.now;
  h.Do(Action::kAssign);
  const int64_t assigned = h.now;
  h.Do(Action::kSign);
  const int64_t signed_at = h.now;
  h.Do(Action::kExtend);
  h.Do(Action::kIssueDecision);
  const int64_t decided = h.now;
  PetitionEvent deliver = h.Next(Action::kDeliver);
  deliver.delivered_at_ms = decided + kHour;  // Received before it was recorded.
  h.Do(deliver);
  PetitionEvent rate = h.Next(Action::kRate);
  rate.resolution = Resolution::kPartlySolved;
  rate.satisfaction = Satisfaction::kBasicallySatisfied;
  h.Do(rate);
  h.Do(Action::kRequestReview);
  const int64_t review_requested = h.now;
  h.Do(Action::kIssueReview);
  const int64_t reviewed = h.now;
  h.Do(Action::kDeliver);
  const int64_t review_delivered = h.now;
  h.Do(Action::kRequestReReview);
  const int64_t re_review_requested = h.now;
  h.Do(Action::kPauseHearing);
  const int64_t pause_from = h.now;
  h.Do(Action::kResumeHearing);
  const int64_t pause_to = h.now;
  h.Do(Action::kIssueReReview);
  const int64_t final_at = h.now;

  // Then the state is final and every moment the clocks need is there
  const PetitionState& s = h.state;
  EXPECT_EQ(s.state, State::kFinal);
  EXPECT_EQ(s.event_count, 15);
  EXPECT_EQ(s.channel, Channel::kReceptionDay);
  EXPECT_EQ(s.petition_class, PetitionClass::kGrievance);
  EXPECT_EQ(s.registered_at_ms, registered);
  EXPECT_EQ(s.accepted_at_ms, accepted);
  EXPECT_EQ(s.assigned_at_ms, assigned);
  EXPECT_EQ(s.signed_at_ms, signed_at);
  EXPECT_EQ(s.decided_at_ms, decided);
  EXPECT_EQ(s.delivered_at_ms, decided + kHour);
  EXPECT_EQ(s.review_requested_at_ms, review_requested);
  EXPECT_EQ(s.reviewed_at_ms, reviewed);
  EXPECT_EQ(s.review_delivered_at_ms, review_delivered);
  EXPECT_EQ(s.re_review_requested_at_ms, re_review_requested);
  EXPECT_EQ(s.final_at_ms, final_at);
  EXPECT_EQ(s.ended_at_ms, final_at);
  EXPECT_EQ(s.extension_days, 5);
  EXPECT_EQ(s.hearing_pauses, (std::vector<HearingPause>{{pause_from, pause_to}}));
  EXPECT_EQ(s.lead_unit_id, 300);
  EXPECT_EQ(s.assisting_unit_ids, (std::vector<int64_t>{301, 302}));
  EXPECT_EQ(s.owning_leader_user_id, 9);
  EXPECT_EQ(s.review_unit_id, 500);
  EXPECT_EQ(s.re_review_unit_id, 600);
  EXPECT_EQ(s.latest_rating,
            (Rating{Resolution::kPartlySolved, Satisfaction::kBasicallySatisfied}));
  EXPECT_EQ(s.decision_outcome, DecisionOutcome::kExplain);
  EXPECT_EQ(s.re_review_outcome, DecisionOutcome::kExplain);
  EXPECT_TRUE(IsFinal(s));
  EXPECT_FALSE(IsInHandling(s));
  EXPECT_TRUE(AllowedActions(s).empty());
  // And folding the stored events gives the same state
  const Result<PetitionState> folded = Fold(h.events);
  ASSERT_TRUE(folded.ok()) << folded.status().ToString();
  EXPECT_EQ(*folded, s);
}

TEST(PetitionWorkflowFold, RedoAfterUnsatisfiedRatingStartsANewRound) {
  // Given a delivered decision rated unsatisfied
  History h = Reach(State::kDelivered);
  const int64_t first_delivery = *h.state.delivered_at_ms;
  // When it is redone
  h.Do(Action::kRedo);
  // Then handling starts again and the superseded result no longer counts
  EXPECT_EQ(h.state.state, State::kHandling);
  EXPECT_EQ(h.state.redo_count, 1);
  EXPECT_EQ(h.state.latest_rating, std::nullopt);
  EXPECT_EQ(h.state.decided_at_ms, std::nullopt);
  EXPECT_EQ(h.state.delivered_at_ms, std::nullopt);
  EXPECT_EQ(h.state.decision_outcome, std::nullopt);
  EXPECT_TRUE(h.state.accepted_at_ms.has_value()) << "Art. 34's clock keeps its start";
  // And once decided and delivered again, the new delivery starts the 复查 window
  h.Do(Action::kIssueDecision);
  h.Do(Action::kDeliver);
  EXPECT_GT(*h.state.delivered_at_ms, first_delivery);
  EXPECT_TRUE(CheckTransition(h.state, h.Next(Action::kRequestReview)).ok());
  // And a second unsatisfied rating allows a second redo
  h.Do(Action::kRate);
  h.Do(Action::kRedo);
  EXPECT_EQ(h.state.redo_count, 2);
}

TEST(PetitionWorkflowFold, MediationEndsHandlingWithoutAReviewPath) {
  History h = Reach(State::kHandling);
  PetitionEvent e = h.Next(Action::kRecordMediation);
  e.settlement = true;
  h.Do(e);
  EXPECT_EQ(h.state.state, State::kMediated);
  EXPECT_TRUE(h.state.decided_at_ms.has_value());
  EXPECT_EQ(h.state.decision_outcome, std::nullopt);
  EXPECT_EQ(CheckTransition(h.state, h.Next(Action::kRequestReview)).code(), ErrorCode::kConflict);
  h.Do(Action::kClose);
  EXPECT_EQ(h.state.state, State::kClosed);
  EXPECT_EQ(h.state.ended_at_ms, h.now);
}

TEST(PetitionWorkflowFold, SigningATransferredMatterAcceptsIt) {
  // Given a matter transferred straight from registration (never accepted before)
  History h = Reach(State::kTransferred);
  EXPECT_FALSE(h.state.accepted_at_ms.has_value());
  EXPECT_EQ(h.state.assigned_at_ms, h.now);
  EXPECT_EQ(h.state.lead_unit_id, 200);
  // When the competent body signs for it, Then Art. 34's clock starts at the signature
  h.Do(Action::kSign);
  EXPECT_EQ(h.state.accepted_at_ms, h.now);
  EXPECT_EQ(h.state.signed_at_ms, h.now);
}

TEST(PetitionWorkflowFold, SigningKeepsAnEarlierAcceptance) {
  History h = Reach(State::kAccepted);
  const int64_t accepted = h.now;
  EXPECT_EQ(h.state.lead_unit_id, 100);
  h.Do(Action::kSign);  // The accepting body handles it itself.
  EXPECT_EQ(h.state.state, State::kHandling);
  EXPECT_EQ(h.state.accepted_at_ms, accepted);
  EXPECT_EQ(h.state.lead_unit_id, 100);
}

TEST(PetitionWorkflowFold, ReassignAfterObjectionRestartsTheObjectionWindow) {
  History h = Reach(State::kObjected);
  h.Do(Action::kReassign);
  EXPECT_EQ(h.state.state, State::kAssigned);
  EXPECT_EQ(h.state.assigned_at_ms, h.now);
  EXPECT_EQ(h.state.lead_unit_id, 400);
  EXPECT_TRUE(h.state.assisting_unit_ids.empty());
  EXPECT_EQ(h.state.owning_leader_user_id, 9) << "the owning leader stays when not given";
}

TEST(PetitionWorkflowFold, OverruledObjectionPutsTheUnitToWork) {
  History h = Reach(State::kObjected);
  h.Do(Action::kOverruleObjection);
  EXPECT_EQ(h.state.state, State::kHandling);
  EXPECT_EQ(h.state.lead_unit_id, 300);
  EXPECT_EQ(h.state.signed_at_ms, h.now);
  EXPECT_EQ(h.state.accepted_at_ms, h.now);
}

TEST(PetitionWorkflowFold, DeclineRecordsTheLegalLitigationRoute) {
  History h = Reach(State::kRegistered);
  PetitionEvent e = h.Next(Action::kDecline);
  e.legal_litigation = true;
  e.route = "霞浦县人民法院";
  h.Do(e);
  EXPECT_EQ(h.state.state, State::kDeclined);
  EXPECT_TRUE(h.state.legal_litigation);
  EXPECT_EQ(h.state.ended_at_ms, h.now);
}

TEST(PetitionWorkflowFold, MergeRecordsTheTargetAndEndsThePetition) {
  History h = Reach(State::kHandling);
  h.Do(Action::kMerge);
  EXPECT_EQ(h.state.state, State::kMerged);
  EXPECT_EQ(h.state.merged_into_petition_id, 42);
  EXPECT_TRUE(AllowedActions(h.state).empty());
}

TEST(PetitionWorkflowFold, HearingPausesAreRecordedForTheReReviewClock) {
  History h = Reach(State::kReReviewRequested);
  h.Do(Action::kPauseHearing);
  const int64_t from1 = h.now;
  ASSERT_EQ(h.state.hearing_pauses.size(), 1u);
  EXPECT_EQ(h.state.hearing_pauses[0].to_ms, 0) << "open while the hearing goes on";
  h.Do(Action::kResumeHearing);
  const int64_t to1 = h.now;
  h.Do(Action::kPauseHearing);
  const int64_t from2 = h.now;
  const std::vector<Pause> pauses = HearingPauses(h.state);
  ASSERT_EQ(pauses.size(), 2u);
  EXPECT_EQ(pauses[0].from_ms, from1);
  EXPECT_EQ(pauses[0].to_ms, to1);
  EXPECT_EQ(pauses[1].from_ms, from2);
  EXPECT_EQ(pauses[1].to_ms, 0);
  EXPECT_EQ(CheckTransition(h.state, h.Next(Action::kIssueReReview)).code(), ErrorCode::kConflict)
      << "no 复核 opinion during a hearing";
}

TEST(PetitionWorkflowFold, OwningLeaderCanBeSetInAnyOpenState) {
  History h = Reach(State::kDelivered);
  PetitionEvent e = h.Next(Action::kSetOwningLeader);
  e.owning_leader_user_id = 77;
  h.Do(e);
  EXPECT_EQ(h.state.state, State::kDelivered);
  EXPECT_EQ(h.state.owning_leader_user_id, 77);
}

TEST(PetitionWorkflowFold, EmptyHistoryIsAnUnregisteredPetition) {
  const Result<PetitionState> s = Fold({});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, PetitionState{});
  EXPECT_FALSE(IsInHandling(*s));
  EXPECT_FALSE(IsFinal(*s));
}

TEST(PetitionWorkflowFold, BrokenHistoryNamesTheOffendingEvent) {
  // Given a stored history whose third event is not allowed where it stands
  std::vector<PetitionEvent> events = {ValidEvent(Action::kRegister, kT0),
                                       ValidEvent(Action::kAccept, kT0 + kDay),
                                       ValidEvent(Action::kDeliver, kT0 + 2 * kDay)};
  const Result<PetitionState> s = Fold(events);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(s.status().message().rfind("event 3 (deliver): action 'deliver'", 0), 0u)
      << s.status().message();
  EXPECT_EQ(s.status().message_zh().rfind("第3条记录（送达）：", 0), 0u);
  // And a rule violation keeps its field
  events[2] = ValidEvent(Action::kAssign, kT0 + 2 * kDay);
  events[2].lead_unit_id.reset();
  EXPECT_EQ(Fold(events).status().field(), "lead_unit_id");
}

TEST(PetitionWorkflowFold, ApplyLeavesTheStateUnchangedOnError) {
  History h = Reach(State::kAssigned);
  const PetitionState before = h.state;
  EXPECT_FALSE(Apply(h.state, h.Next(Action::kIssueDecision)).ok());
  EXPECT_EQ(h.state, before);
}

// ---- Art. 19 and Art. 36 at intake ----

TEST(PetitionWorkflowIntake, InHandlingFromAcceptanceOrRoutingUntilTerminal) {
  for (State s : EveryState()) {
    const bool expected = s != State::kRegistered && IsOpen(s);
    EXPECT_EQ(IsInHandling(Reach(s).state), expected) << StateName(s);
    EXPECT_EQ(IsFinal(Reach(s).state), s == State::kFinal) << StateName(s);
  }
}

// ---- Property: random valid walks fold to the state Apply reached ----

// A payload the rules accept for `a` in `s`, or nullopt when no payload can pass (a redo
// without an unsatisfied rating, an extension with no days left).
std::optional<PetitionEvent> RandomValidEvent(Action a, const PetitionState& s, int64_t at,
                                              std::mt19937& rng) {
  PetitionEvent e = ValidEvent(a, at);
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  if (a == Action::kRedo) {
    if (!s.latest_rating || s.latest_rating->satisfaction != Satisfaction::kUnsatisfied)
      return std::nullopt;
  } else if (a == Action::kExtend) {
    const int left = kStatutoryMaxExtensionDays - s.extension_days;
    if (left <= 0) return std::nullopt;
    e.days = 1 + static_cast<int>(pick(left));
  } else if (a == Action::kRate) {
    e.resolution = kAllResolutions[pick(kAllResolutions.size())];
    e.satisfaction = kAllSatisfactions[pick(kAllSatisfactions.size())];
  } else if (a == Action::kDeliver) {
    if (pick(2) == 0) e.delivered_at_ms = s.last_event_at_ms;
  } else if (a == Action::kAssign || a == Action::kTransfer || a == Action::kReassign) {
    e.lead_unit_id = 1000 + static_cast<int64_t>(pick(50));
    e.assisting_unit_ids.clear();
    if (pick(2) == 0) e.assisting_unit_ids.push_back(2000 + static_cast<int64_t>(pick(50)));
    if (pick(2) == 0) e.owning_leader_user_id.reset();
  } else if (a == Action::kIssueDecision || a == Action::kIssueReview ||
             a == Action::kIssueReReview) {
    e.outcome = kAllDecisionOutcomes[pick(kAllDecisionOutcomes.size())];
  } else if (a == Action::kRegister) {
    e.channel = kAllChannels[pick(kAllChannels.size())];
    e.petition_class = kAllPetitionClasses[pick(kAllPetitionClasses.size())];
  }  // Other actions keep ValidEvent's payload.
  return e;
}

TEST(PetitionWorkflowProperty, RandomValidWalksFoldToTheStateApplyReached) {
  std::set<State> visited;
  std::set<std::pair<State, Action>> taken;
  for (uint32_t seed = 1; seed <= 2000; ++seed) {
    std::mt19937 rng(seed);
    PetitionState state;
    std::vector<PetitionEvent> events;
    int64_t at = kT0;
    for (int step = 0; step < 40; ++step) {
      const std::vector<Action> allowed = AllowedActions(state);
      if (allowed.empty()) break;
      // Every action outside the allowed list is refused, with any payload.
      for (Action a : EveryAction()) {
        if (std::find(allowed.begin(), allowed.end(), a) != allowed.end()) continue;
        ASSERT_FALSE(CheckTransition(state, ValidEvent(a, at + kDay)).ok())
            << "seed " << seed << ": " << ActionName(a);
      }
      std::vector<PetitionEvent> candidates;
      const int64_t step_ms = std::vector<int64_t>{0, 60'000, kDay}[rng() % 3];
      for (Action a : allowed)
        if (auto e = RandomValidEvent(a, state, at + step_ms, rng)) candidates.push_back(*e);
      ASSERT_FALSE(candidates.empty())
          << "seed " << seed << ": stuck in " << StateName(state.state);
      const PetitionEvent e = candidates[rng() % candidates.size()];
      if (state.event_count > 0) taken.insert({state.state, e.type});
      const Status s = Apply(state, e);
      ASSERT_TRUE(s.ok()) << "seed " << seed << " step " << step << ": " << s.ToString();
      at = e.at_ms;
      events.push_back(e);
      visited.insert(state.state);
      const Result<PetitionState> folded = Fold(events);
      ASSERT_TRUE(folded.ok()) << folded.status().ToString();
      ASSERT_EQ(*folded, state) << "seed " << seed << " step " << step;
    }
  }
  // The walks explored the whole table: every state, every transition.
  EXPECT_EQ(visited.size(), EveryState().size());
  size_t transitions = 0;
  for (const auto& [from, row] : SpecTable()) transitions += row.size();
  EXPECT_EQ(taken.size(), transitions);
}

}  // namespace
}  // namespace sixia::domain

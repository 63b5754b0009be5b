#pragma once
// The petition workflow (信访事项办理, 《信访工作条例》2022) as a pure state machine.
//
// A petition is its list of events: each recorded action is one PetitionEvent, and its
// PetitionState is the fold of those events. CheckTransition says whether a new event may
// be recorded; Apply checks it and then adds it to the state. Nothing here reads a clock,
// a calendar or a database: time windows are computed by the caller (domain/time_limits.h)
// and passed in as WindowDeadlines.
//
// Transition table (state → action → next state). Every open state also allows
// set_owning_leader (领导包案), which leaves the state unchanged.
//
//   (none)               register → registered
//   registered           accept → accepted, decline → declined, transfer → transferred,
//                        assign → assigned, merge → merged
//   accepted             assign → assigned, sign → handling (the accepting body handles it
//                        itself), extend → accepted, merge → merged
//   transferred          sign → handling, object → objected, decline → declined,
//                        merge → merged
//   assigned             sign → handling, object → objected, merge → merged
//   objected             reassign → assigned, transfer → transferred,
//                        overrule_objection → handling, decline → declined, merge → merged
//   handling             extend → handling, issue_decision → decided,
//                        record_mediation → mediated, merge → merged
//   decided              deliver → delivered
//   delivered            rate → delivered, redo → handling, request_review → review_requested,
//                        close → closed
//   mediated             rate → mediated, redo → handling, close → closed
//   review_requested     issue_review → reviewed
//   reviewed             deliver → review_delivered
//   review_delivered     rate → review_delivered, request_re_review → re_review_requested,
//                        close → closed
//   re_review_requested  pause_hearing → hearing, issue_re_review → final
//   hearing              resume_hearing → re_review_requested
//   declined, final, closed, merged: terminal, nothing allowed.
//
// Errors of CheckTransition, Apply and Fold:
//   * kConflict (409): the action is not in the table for the current state; the messages
//     name the state and list the allowed actions (AllowedActions).
//   * kUnprocessable (422) with field(): the action is in the table but a rule refuses it —
//     a missing or bad payload field (named by its PetitionEvent member), an event earlier
//     than the previous one ("at_ms"), an extension beyond the limit or not approved by the
//     agency head, a redo without an "unsatisfied" rating ("satisfaction"), a window that
//     has passed (named by its WindowDeadlines member). Asking again for a 复查 or a 复核
//     that was already used is also 422 (fields "review_requested_at_ms",
//     "re_review_requested_at_ms"), in any state, because the petitioner must be told the
//     rule (Arts. 35, 36), not the position in the workflow.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/petition.h"
#include "domain/time_limits.h"

namespace sixia::domain {

// One recorded action: what is stored, one per transition. Plain data, one struct for all
// actions; the comment of each field says which actions read it. Fields an action does not
// read are ignored by it and should be left empty.
struct PetitionEvent {
  Action type = Action::kRegister;
  int64_t at_ms = 0;                     // When it was recorded (Unix ms).
  std::optional<int64_t> actor_user_id;  // Absent for citizens, the system and the CLI.

  // register (both required).
  std::optional<Channel> channel;
  std::optional<PetitionClass> petition_class;

  // transfer, assign, reassign: the unit that must sign (required). accept: the accepting
  // unit (optional). request_review, request_re_review: the body asked (optional).
  std::optional<int64_t> lead_unit_id;
  // transfer, assign, reassign: 协办 units; distinct, positive, never the lead unit.
  std::vector<int64_t> assisting_unit_ids;
  // transfer, assign, reassign: optional, kept from before when absent.
  // set_owning_leader: required.
  std::optional<int64_t> owning_leader_user_id;
  std::string deadline_note;  // transfer, assign, reassign: as told to the unit.

  // decline, object, overrule_objection, extend, pause_hearing: required. Optional for the
  // other actions (e.g. redo, resume_hearing, request_review).
  std::string reason;
  std::string route;              // decline (required): where to go instead.
  bool legal_litigation = false;  // decline: 涉法涉诉, the route is a 政法机关.

  // extend: days (positive; all extensions together at most 30, Art. 34), approver (required)
  // who must be the head of the agency.
  int days = 0;
  std::optional<int64_t> approver_user_id;
  bool approver_is_agency_head = false;

  // issue_decision, issue_review, issue_re_review: the written opinion (Art. 32). All but
  // document_number are required.
  std::string request;      // 信访请求
  std::string facts;        // 事实
  std::string reasons;      // 理由
  std::string legal_basis;  // 法律法规及政策依据
  std::optional<DecisionOutcome> outcome;
  std::string document_number;  // 文号; also record_mediation. Optional.

  // record_mediation (Art. 33): the terms (required); 和解协议 between the parties when
  // settlement is true, else 调解协议 brokered by the agency.
  std::string agreement;
  bool settlement = false;

  // deliver: when the petitioner received the document; absent means at_ms. Not before the
  // document was issued, not after at_ms.
  std::optional<int64_t> delivered_at_ms;

  // rate (both required).
  std::optional<Resolution> resolution;
  std::optional<Satisfaction> satisfaction;

  // merge (required): the petition this one is merged into.
  std::optional<int64_t> into_petition_id;

  bool operator==(const PetitionEvent&) const = default;
};

// A 复核 hearing: the 复核 clock stands still from from_ms until to_ms (Art. 36 ¶2).
struct HearingPause {
  int64_t from_ms = 0;
  int64_t to_ms = 0;  // 0 while the hearing goes on.
  bool operator==(const HearingPause&) const = default;
};

// The fold of a petition's events. Timestamps are Unix ms and hold the latest occurrence;
// a redo clears those of the result it supersedes (decided, delivered, outcome, rating).
struct PetitionState {
  int64_t event_count = 0;           // Events applied; 0: not registered, only register allowed.
  State state = State::kRegistered;  // Meaningful once event_count > 0.
  int64_t last_event_at_ms = 0;      // A new event may not be earlier.
  std::optional<Channel> channel;
  std::optional<PetitionClass> petition_class;

  std::optional<int64_t> registered_at_ms;
  // 受理; for a matter first signed for without an accept (transfer/assign straight from
  // registration, or an overruled objection), the moment of that 签收. Starts Art. 34's clock.
  std::optional<int64_t> accepted_at_ms;
  // Receipt of the latest transfer/assign/reassign by the unit: starts the objection window.
  std::optional<int64_t> assigned_at_ms;
  std::optional<int64_t> signed_at_ms;
  // The latest 处理意见书 issued or 调解/和解协议 recorded: stops Art. 34's clock.
  std::optional<int64_t> decided_at_ms;
  std::optional<int64_t> delivered_at_ms;  // Of the 处理意见书: starts the 复查 window.
  std::optional<int64_t> review_requested_at_ms;     // Set exactly when the 复查 was used.
  std::optional<int64_t> reviewed_at_ms;             // 复查意见 issued.
  std::optional<int64_t> review_delivered_at_ms;     // Starts the 复核 window.
  std::optional<int64_t> re_review_requested_at_ms;  // Set exactly when the 复核 was used.
  std::optional<int64_t> final_at_ms;                // 复核意见 issued: 终结.
  std::optional<int64_t> ended_at_ms;                // Reached a terminal state.

  // Who handles it. lead_unit_id is the accepting unit, then the unit of the latest
  // transfer/assign/reassign; assisting units are replaced with it.
  std::optional<int64_t> lead_unit_id;
  std::vector<int64_t> assisting_unit_ids;
  std::optional<int64_t> owning_leader_user_id;  // 包案领导 (Art. 18).
  std::optional<int64_t> review_unit_id;         // The body asked for the 复查, if given.
  std::optional<int64_t> re_review_unit_id;      // The body asked for the 复核, if given.

  int extension_days = 0;                           // All extensions together (Art. 34).
  std::vector<HearingPause> hearing_pauses;         // In order; the last is open in kHearing.
  int redo_count = 0;                               // 重办 rounds.
  std::optional<Rating> latest_rating;              // Cleared by redo.
  std::optional<DecisionOutcome> decision_outcome;  // Latest 处理意见书; empty after an agreement.
  std::optional<DecisionOutcome> review_outcome;
  std::optional<DecisionOutcome> re_review_outcome;
  bool legal_litigation = false;  // Declined as 涉法涉诉.
  std::optional<int64_t> merged_into_petition_id;

  bool operator==(const PetitionState&) const = default;
};

// Ends of the time windows that apply to the next event, computed by the caller from the
// state's timestamps and the time-limit table. An absent member is not checked. An event
// at exactly the end is in time.
struct WindowDeadlines {
  // object: 5 工作日 from assigned_at_ms (Art. 23 ¶3).
  std::optional<int64_t> objection_until_ms;
  // request_review: 30 日 from delivered_at_ms (Art. 35).
  std::optional<int64_t> review_request_until_ms;
  // request_re_review: 30 日 from review_delivered_at_ms (Art. 36).
  std::optional<int64_t> re_review_request_until_ms;
  // A stricter local cap on all extensions together; absent, or above the statutory
  // kStatutoryMaxExtensionDays, means the statutory cap (Art. 34).
  std::optional<int> max_extension_days;
};

// The state `action` leads to from `from`, or nullopt when the table does not allow it.
// kRegister is never allowed from a state (it only starts a petition).
std::optional<State> NextState(State from, Action action);

// declined, final, closed, merged: nothing can happen any more. IsOpen is the opposite.
bool IsTerminal(State state);
bool IsOpen(State state);

// The actions the table allows now, in declaration order: {register} before registration.
// Rules on payload, history and windows may still refuse one of them with 422.
std::vector<Action> AllowedActions(const PetitionState& state);

// OK when `event` may be recorded next; otherwise kConflict or kUnprocessable as described
// at the top of this file. Does not change anything.
Status CheckTransition(const PetitionState& state, const PetitionEvent& event,
                       const WindowDeadlines& windows = {});

// CheckTransition, then adds the event to `state`. On error `state` is unchanged.
Status Apply(PetitionState& state, const PetitionEvent& event, const WindowDeadlines& windows = {});

// Applies `events` in order to an empty state, checking every rule except the windows
// (they were checked when each event was recorded). An error means the history breaks a
// rule: its message names the offending event ("event 3 (sign): …"), code and field are
// those of the rule. Rules made stricter later must keep accepting stored histories.
Result<PetitionState> Fold(const std::vector<PetitionEvent>& events);

// Art. 36 ¶3: after the 复核 the matter is final; the same facts and reasons are not
// accepted again by any body.
bool IsFinal(const PetitionState& state);

// Art. 19 ¶3: while a matter has been taken up (accepted, routed, handled, decided or under
// 复查/复核) and is not terminal, the same matter raised with a higher body is not accepted.
// False for a petition only registered, and for terminal ones.
bool IsInHandling(const PetitionState& state);

// The hearing pauses as clock-engine pauses, for DueAtMs of ClockKind::kReReviewDecision.
std::vector<Pause> HearingPauses(const PetitionState& state);

}  // namespace sixia::domain

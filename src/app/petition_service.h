#pragma once
// Use cases of petitions (信访事项): registration from every channel with repeat detection,
// the workflow of 《信访工作条例》 (domain/petition_workflow.h) with its statutory clocks
// (domain/petition_clocks.h), masked views, audited reveals of personal data, and the
// category trees. Every call asks security::AccessPolicy, runs in one store transaction
// and, for writes, appends its audit record in the same transaction.
// Thread-safe; call from worker threads (crypto and database).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/audit_log.h"
#include "app/rules.h"
#include "common/clock.h"
#include "domain/calendar.h"
#include "domain/documents.h"
#include "domain/petition_citizen.h"
#include "domain/petition_clocks.h"
#include "domain/petition_metrics.h"
#include "domain/petition_workflow.h"
#include "domain/time_limits.h"
#include "security/field_crypto.h"
#include "security/policy.h"
#include "store/blob_store.h"
#include "store/store.h"

namespace sixia::app {

struct PersonInput {
  std::string name;           // Required, 1..50 characters.
  std::string id_number;      // Optional; 18 characters, GB 11643 check digit.
  std::string phone;          // Optional; mobile or landline.
  std::string address;        // Optional, ≤ 200 characters.
  std::string division_code;  // Optional: where the person lives (down to a village).
};

struct AccusedInput {          // 检举控告 only: one of the three.
  std::optional<int64_t> unit_id;
  std::optional<int64_t> user_id;
  std::string name;            // A person outside the system (sealed at rest).
};

struct PetitionInput {
  domain::Channel channel = domain::Channel::kVisit;
  domain::PetitionClass petition_class = domain::PetitionClass::kGrievance;
  std::string title;                  // 1..100 characters.
  std::string content;                // 1..20,000 characters.
  std::string requests;               // 诉求, 1..5,000 characters.
  std::string category_code;          // In the newest category tree; "" = unclassified.
  std::string division_code;          // The place it concerns; in the registrar's scope.
  bool anonymous = false;             // No petitioners then, and no notices (Art. 23).
  int group_size = 1;                 // People who came; ≥ the petitioners recorded.
  std::vector<PersonInput> petitioners;        // 1..5 (Art. 20: ≤ 5 representatives).
  std::vector<AccusedInput> accused;           // Only for accusations.
  std::vector<int64_t> recused_user_ids;       // Staff with an interest (Art. 28).
  std::optional<int64_t> received_at_ms;       // Letters: when received; default now.
  std::optional<int64_t> reception_day_id;     // Registered at this reception day (channel
                                               // reception_day) or visit down (outreach_visit),
                                               // received on that day.
};

// What the registrar is shown about earlier petitions of the same people.
struct RepeatCandidate {
  int64_t id = 0;
  std::string receipt_no;
  std::string state;
  std::string division_code;
  std::string category_code;
  int64_t received_at_ms = 0;
  bool same_matter = false;   // Same place and category (the text-similarity hook adds more).
  bool final = false;         // After 复核: the same facts are not accepted again (Art. 36).
  bool in_handling = false;   // Taken up and open (Art. 19: not accepted again higher up).
};

struct RepeatQuery {
  std::vector<std::string> id_numbers;
  std::vector<std::string> phones;
  std::string division_code;
  std::string category_code;
};

struct RegisterResult {
  int64_t id = 0;
  std::string receipt_no;
  std::string query_code;  // Shown once, for the citizen's own queries; only its hash is kept.
  std::vector<RepeatCandidate> repeats;
};

struct PersonView {
  int64_t id = 0;
  std::string name, id_number, phone, address;  // Masked unless revealed.
  std::string division_code;
  bool revealed = false;
};

struct PartyView {
  std::string relation;  // "accused" | "recused"
  std::optional<int64_t> unit_id;
  std::optional<int64_t> user_id;
  std::string name;      // Masked.
};

struct AttachmentFile {
  store::AttachmentRow row;
  std::string bytes;
};

struct DocumentView {
  store::DocumentRow row;   // body_sealed is cleared before it leaves the service.
  std::string html;         // Filled by GetDocument only.
};

struct PetitionView {
  store::PetitionRow row;
  std::string category_path;  // "城乡建设 / 安全生产 / 事故处理"
  domain::PetitionState state;
  std::vector<domain::PetitionEvent> events;
  std::vector<domain::ClockView> clocks;
  std::vector<domain::Action> allowed_actions;
  std::vector<PersonView> petitioners;
  std::vector<PartyView> parties;
  std::vector<store::OverdueRow> overdue;  // Compliance events recorded so far.
  std::vector<store::AttachmentRow> attachments;
  std::vector<store::DocumentRow> documents;  // Without their bodies.
};

struct PetitionQuery {
  std::string state;
  std::string petition_class;
  std::string channel;
  std::string category_prefix;
  std::string division_code;          // Narrow to a subtree inside the caller's scope.
  std::optional<int64_t> received_from_ms;
  std::optional<int64_t> received_to_ms;
  std::string band;                   // "overdue" | "warning" | "" (any).
  int64_t unit_id = 0;                // Only petitions this unit handles (lead or
                                      // assisting); 0 = any.
  int limit = 50;                     // 1..200
  int64_t before_id = 0;
};

// What the client sends with an action: the payload fields of domain::PetitionEvent.
// The server sets type, time and actor, and for extensions the approver.
using ActionInput = domain::PetitionEvent;

struct SweepReport {
  int64_t petitions = 0;  // Petitions whose next due moment had passed.
  int64_t recorded = 0;   // New overdue compliance events.
};

struct MetricsQuery {
  std::string division_code;  // Required: the subtree counted; inside the caller's scope.
  int64_t from_ms = 0;        // Receipt time, inclusive.
  int64_t to_ms = 0;          // Exclusive.
  int backlog_days = 90;      // 积案: open longer than this.
};

// What a petitioner sees of their own petition (信访人查询, Art. 21): no staff, no people,
// no internals beyond the handling unit's name (domain/petition_citizen.h).
struct CitizenView {
  std::string receipt_no;
  std::string title;
  domain::PetitionClass petition_class = domain::PetitionClass::kGrievance;
  domain::State state = domain::State::kRegistered;
  int64_t received_at_ms = 0;
  bool anonymous = false;
  std::string handling_unit;  // The lead unit's name; "" while there is none.
  std::vector<domain::CitizenStep> timeline;
  std::vector<domain::CitizenOpinion> opinions;
  std::optional<domain::Rating> latest_rating;
  domain::CitizenChoices choices;
};

struct CategoryTreeView {
  int64_t version = 0;
  std::vector<domain::Category> categories;
};

class PetitionService {
 public:
  // Every reference must outlive the service. Attachments up to `max_attachment_bytes`.
  PetitionService(store::Store& store, const Clock& clock, const security::AccessPolicy& policy,
                  const AuditLog& audit, const security::FieldCipher& cipher,
                  const RulesInForce& rules, const store::BlobStore& blobs,
                  size_t max_attachment_bytes);

  // 登记. kInvalidArgument / kUnprocessable naming the field for bad input; nothing is
  // written then. Earlier petitions of the same people are returned as repeats.
  Result<RegisterResult> Register(const security::Principal& p, const Actor& a,
                                  const PetitionInput& in);
  // Register without holding the calling thread while the write waits for its commit and
  // sync: bad input and failed lookups are answered before it returns; otherwise `done`
  // runs later, on a thread of the store, with what Register would have returned. `done`
  // must be quick and must not call the store (store::Store::WriteAsync).
  void RegisterAsync(const security::Principal& p, const Actor& a, const PetitionInput& in,
                     std::function<void(Result<RegisterResult>)> done);

  // 网上信访: a citizen registers a petition without a staff account, after the same
  // validation as Register. The channel is online; at most one petitioner (none when
  // anonymous); the place must be an existing village or community (社区), anywhere in the
  // country (kUnprocessable "division_code" otherwise); the registering unit is the county
  // petition bureau of that place when the directory has one; registered_by and the
  // event's actor are empty. Parties, recusals, group size, reception day and receipt time
  // of `in` are ignored. No repeats are returned: they would tell a stranger about other
  // people's petitions. Audited under `a` (the citizen), without personal data.
  Result<RegisterResult> SubmitOnline(const Actor& a, PetitionInput in);

  // The petitioner's view of the petition `receipt_no` (case and surrounding blanks do not
  // matter) when `query_code` is its code (security/query_code.h). An unknown receipt
  // number and a wrong code get the same kNotFound without a field, after the same work;
  // kInvalidArgument naming receipt_no or query_code when one is empty or overlong.
  Result<CitizenView> CitizenLookup(const std::string& receipt_no, const std::string& query_code);

  // The petitioner records their own `action` on that petition: rate (input.resolution and
  // input.satisfaction), request_review or request_re_review (input.reason, optional, ≤ 2000
  // characters); other fields of `input` are ignored, and the event has no actor. Errors
  // as CitizenLookup, then kConflict when the petition is not at that point or its result
  // was already rated (domain::CheckCitizenAction), and the workflow's kUnprocessable (a
  // window passed: "review_request_until_ms"; a 复查 already used: "review_requested_at_ms").
  // Audited under `a` with source "citizen".
  Result<CitizenView> CitizenAct(const Actor& a, const std::string& receipt_no,
                                 const std::string& query_code, domain::Action action,
                                 const ActionInput& input);

  // Earlier petitions of the given people (blind-index lookups), marked same_matter when
  // they concern the same place and category. Only petitions the caller may see.
  Result<std::vector<RepeatCandidate>> FindRepeats(const security::Principal& p,
                                                   const RepeatQuery& q);

  // kNotFound when absent or hidden from the caller (scope, accused, recused).
  Result<PetitionView> Get(const security::Principal& p, int64_t id);

  Result<std::vector<store::PetitionRow>> List(const security::Principal& p, const PetitionQuery& q);

  // Records `action` on petition `id`: kConflict (409, allowed actions listed) when the
  // state forbids it or a concurrent action won; kUnprocessable for a rule; kNotFound when
  // hidden; kPermissionDenied without the action's permission.
  Result<PetitionView> Act(const security::Principal& p, const Actor& a, int64_t id,
                           domain::Action action, ActionInput input);

  // The clear personal data of one petitioner of petition `id`, with a stated reason
  // (≥ 4 characters); needs personal_data.reveal and is audited.
  Result<PersonView> Reveal(const security::Principal& p, const Actor& a, int64_t id,
                            int64_t petitioner_id, const std::string& reason);

  // Counted results (domain/petition_metrics.h) for a subtree and period; needs
  // statistics.read. kNotFound for a division outside the caller's scope.
  Result<domain::PetitionMetrics> Metrics(const security::Principal& p, const MetricsQuery& q);

  // Attaches a file (JPEG, PNG or PDF, checked by content; domain/attachment.h) to petition
  // `id`: for staff who see the petition and may register, dispose of or handle it. The
  // bytes are stored by content hash before the row is written; audited.
  Result<store::AttachmentRow> AddAttachment(const security::Principal& p, const Actor& a,
                                             int64_t id, const std::string& name,
                                             const std::string& content_type,
                                             const std::string& bytes);
  // One attachment of petition `id` with its bytes; kNotFound when either is hidden.
  Result<AttachmentFile> GetAttachment(const security::Principal& p, int64_t id,
                                       int64_t attachment_id);

  // Issues a document of `kind` (domain/documents.h) reporting the latest matching event,
  // numbered from the issuing unit's sequence for the kind and year; its HTML (which names
  // the petitioner) is stored sealed and the issue is audited. 处理意见书 and opinions may be
  // issued by the handling unit (petition.handle) or the petition office (petition.dispose);
  // notices by the petition office. kUnprocessable when there is nothing to report yet or
  // the petitioner is anonymous (notices).
  Result<DocumentView> IssueDocument(const security::Principal& p, const Actor& a, int64_t id,
                                     domain::DocumentKind kind);
  // The issued document's printable HTML; kNotFound when hidden or absent.
  Result<DocumentView> GetDocument(const security::Principal& p, int64_t id, int64_t document_id);

  // Records the overdue duties of every open petition whose next due moment has passed.
  // Only petitions whose next due moment lies in [since_ms, now) are looked at: a server
  // sweeping every minute passes the start of its previous sweep (less a margin), so old
  // overdue petitions are not reloaded every minute; 0 looks at all of them.
  Result<SweepReport> SweepOverdue(const Actor& a, int64_t since_ms = 0);

  // Derives the counted facts and the next due moment of stored petitions again from their
  // events: of those that have none (`all` false: rows stored before migration V007; done
  // whenever the application opens), or of all of them (after time_limits.txt or
  // holidays.txt changed). Returns how many were derived; audited when any.
  Result<int64_t> Recount(const Actor& a, bool all);

  // Loads a category tree (TSV: level1, level2, level3) as a new version.
  Result<CategoryTreeView> ImportCategories(const security::Principal& p, const Actor& a,
                                            const std::string& label, const std::string& tsv);
  Result<CategoryTreeView> Categories(const security::Principal& p);

  // Inside another use case's transaction: OK when the petition exists and the caller may
  // see it; the same kNotFound / kPermissionDenied as Get otherwise (ledger sources).
  Status CheckVisible(store::Tx& tx, const security::Principal& p, int64_t id) const {
    return LoadRow(tx, p, id, false).status();
  }

 private:
  // A registration checked and prepared outside the single writer; Insert is what is left
  // for its transaction (people, receipt number, petition, event, audit record).
  struct Registration;
  // Register's checks and lookups, for the registrar `registrar`, or for a citizen online
  // when null (no scope check, no repeats, the county petition bureau as registering unit).
  Result<std::shared_ptr<Registration>> PrepareRegistration(const security::Principal* registrar,
                                                            const Actor& a,
                                                            const PetitionInput& in);
  Status Insert(store::Tx& tx, Registration& r) const;
  // Records `event` (type, time and actor set) on `v`, loaded in `tx` (for update): applies
  // it with the windows of the clocks, then writes the row, the event, overdue duties and
  // the audit record (its detail names `source`, e.g. "citizen", unless null).
  Status Record(store::Tx& tx, const Actor& a, PetitionView& v, const domain::PetitionEvent& event,
                int64_t now, const char* source) const;
  // The petition of `receipt_no` when `query_code` is its code; the same kNotFound otherwise.
  Result<store::PetitionRow> RowForCitizen(store::Tx& tx, const std::string& receipt_no,
                                           const std::string& query_code, bool for_update) const;
  // `v` (events and clocks loaded) as its petitioner sees it at `now`.
  Result<CitizenView> CitizenViewOf(store::Tx& tx, const PetitionView& v, int64_t now) const;
  Result<PetitionView> Load(store::Tx& tx, const security::Principal& p, int64_t id,
                            bool for_update) const;
  // The stored row of a petition the caller may see; kNotFound (as for a missing one)
  // otherwise, kPermissionDenied for a caller without any petition permission.
  Result<store::PetitionRow> LoadRow(store::Tx& tx, const security::Principal& p, int64_t id,
                                     bool for_update) const;
  Result<std::vector<RepeatCandidate>> Repeats(store::Tx& tx, const security::Principal& p,
                                               const std::vector<std::string>& id_indexes,
                                               const std::vector<std::string>& phone_indexes,
                                               const std::string& division_code,
                                               const std::string& category_code,
                                               int64_t exclude_id) const;
  Status CheckAcceptable(store::Tx& tx, const security::Principal& p, const PetitionView& v) const;
  Result<std::vector<domain::ClockView>> Clocks(const PetitionView& v, int64_t now_ms) const;
  // Decodes the stored events of v.row and folds them into v.events and v.state.
  Status LoadEvents(store::Tx& tx, PetitionView& v) const;
  // domain::CountFacts of `v` (state, events and clocks set); reads the lead unit's level.
  Result<domain::CountedFacts> CountedFactsOf(store::Tx& tx, const PetitionView& v) const;
  Result<PersonView> ToPersonView(const store::PetitionerRow& row, bool reveal) const;

  store::Store& store_;
  const Clock& clock_;
  const security::AccessPolicy& policy_;
  const AuditLog& audit_;
  const security::FieldCipher& cipher_;
  const RulesInForce& rules_;  // Time limits and holidays, as in force at each call.
  const store::BlobStore& blobs_;
  const size_t max_attachment_bytes_;
};

// Facts the access policy needs about a stored petition.
security::PetitionFacts FactsOf(const store::PetitionRow& row);

}  // namespace sixia::app

#pragma once
// Storage of petitions (信访事项), their petitioners, events, parties and categories.
// Rows hold personal data only sealed (security/field_crypto.h) plus keyed blind indexes;
// this layer never sees a clear ID number, phone, name or address. Included by store.h.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/category.h"
#include "domain/division.h"
#include "domain/petition_metrics.h"

namespace sixia::store {

class CategoryRepo {
 public:
  virtual ~CategoryRepo() = default;
  // Stores a whole tree as a new version (1, 2, …) and returns it.
  virtual Result<int64_t> AddVersion(const std::string& label, int64_t now_ms,
                                     const std::vector<domain::Category>& categories) = 0;
  // The newest version, or nullopt when no tree was ever loaded.
  virtual Result<std::optional<int64_t>> LatestVersion() = 0;
  // Every category of `version` ordered by code.
  virtual Result<std::vector<domain::Category>> List(int64_t version) = 0;
  virtual Result<std::optional<domain::Category>> Get(int64_t version, const std::string& code) = 0;
};

struct PetitionerRow {
  int64_t id = 0;
  std::string county_code;
  std::string division_code;     // Where the person lives; may be empty.
  std::string name_sealed;
  std::string id_number_sealed;  // Empty when not given.
  std::string phone_sealed;
  std::string address_sealed;
  std::string id_index;          // Blind indexes; empty when the value was not given.
  std::string phone_index;
  int64_t created_at_ms = 0;
};

// A relation fact the access policy consults (accused unit/person, recused staff).
struct PartyRow {
  std::string relation;            // "accused" | "recused"
  std::optional<int64_t> unit_id;
  std::optional<int64_t> user_id;
  std::string name_sealed;         // An accused person outside the system.
};

struct PetitionRow {
  int64_t id = 0;
  std::string county_code;
  std::string receipt_no;
  std::string channel;             // domain::ChannelName
  std::string petition_class;      // domain::PetitionClassName
  std::string title;
  std::string content;
  std::string requests;
  std::optional<int64_t> category_version;
  std::string category_code;       // Empty when unclassified.
  std::string division_code;       // The place the matter concerns.
  bool anonymous = false;
  int group_size = 1;
  std::optional<int64_t> registered_by;
  std::optional<int64_t> registering_unit;
  std::string state;               // domain::StateName, derived from the events.
  std::optional<int64_t> lead_unit_id;
  std::vector<int64_t> assist_unit_ids;
  std::optional<int64_t> owning_leader_id;
  std::optional<int64_t> merged_into;
  int64_t received_at_ms = 0;
  int64_t updated_at_ms = 0;
  int64_t event_count = 0;
  std::optional<int64_t> next_due_ms;
  std::string query_code_hash;
  // Derived from the events like state (domain::CountFacts); nullopt for a row stored before
  // they existed, until PetitionService::Recount derives them.
  std::optional<domain::CountedFacts> counted;
  int merged_in = 0;               // Repeats merged into it; only AddMergedIn changes it.
  std::optional<int64_t> reception_day_id;  // Registered at this reception day (set at insert).
  // Filled by GetPetition (not by List):
  std::vector<int64_t> petitioner_ids;  // In order.
  std::vector<PartyRow> parties;
};

struct PetitionEventRow {
  int64_t petition_id = 0;
  int64_t seq = 0;                 // 1, 2, … per petition.
  std::string type;
  int64_t at_ms = 0;
  std::optional<int64_t> actor_id; // Absent for citizens and the CLI.
  std::string payload_json;
};

// Which petitions a list may return. A petition is a candidate when it lies in one of
// `ranges`, OR is handled by `handling_unit_id`, OR is owned by `owner_user_id`; the
// other fields narrow the candidates. Petitions in which `viewer_unit_id` is an accused
// unit or `viewer_user_id` is an accused or recused person are never returned.
struct PetitionFilter {
  std::vector<domain::CodeRange> ranges;
  std::optional<int64_t> handling_unit_id;
  std::optional<int64_t> owner_user_id;
  int64_t viewer_user_id = 0;
  int64_t viewer_unit_id = 0;
  std::string state;               // Exact; empty for any.
  std::string petition_class;
  std::string channel;
  std::string category_prefix;     // "01.02" matches "01.02" and "01.02.*" (codes are digits
                                   // and dots).
  std::optional<int64_t> received_from_ms;  // Inclusive.
  std::optional<int64_t> received_to_ms;    // Exclusive.
  std::optional<int64_t> due_before_ms;     // Open petitions whose next clock ends before…
  std::optional<int64_t> due_from_ms;       // …and (if set) not before this.
  int64_t unit_id = 0;             // Only petitions this unit handles (lead or assisting);
                                   // 0 = any. Narrows; never widens what the ranges give.
  int limit = 50;
  int64_t before_id = 0;           // Keyset pagination, newest first; 0 = from the newest.
};

enum class PersonIndex { kIdNumber, kPhone };

// Petitions whose place lies in `range` and that were received in [from_ms, to_ms).
struct PetitionScan {
  domain::CodeRange range;
  int64_t from_ms = 0;
  int64_t to_ms = 0;
};

// A file attached to a petition; the bytes live in the BlobStore under content_hash.
struct AttachmentRow {
  int64_t id = 0;
  int64_t petition_id = 0;
  std::string content_hash;
  std::string content_type;
  int64_t size = 0;
  std::string file_name;
  int64_t created_at_ms = 0;
  std::optional<int64_t> created_by;
};

// An issued document (告知书, 处理意见书 …); its HTML body is sealed (it names the petitioner).
struct DocumentRow {
  int64_t id = 0;
  int64_t petition_id = 0;
  std::string kind;         // domain::DocumentKindName
  std::string number;       // 文号, unique.
  std::optional<int64_t> unit_id;
  int64_t issued_at_ms = 0;
  std::optional<int64_t> issued_by;
  std::string body_sealed;
};

struct OverdueRow {
  int64_t petition_id = 0;
  std::string clock;
  int64_t due_at_ms = 0;
  int64_t recorded_at_ms = 0;
};

class PetitionRepo {
 public:
  virtual ~PetitionRepo() = default;
  // The next value (1, 2, …) of the named counter. Write Tx only.
  virtual Result<int64_t> NextSequence(const std::string& name) = 0;

  virtual Result<int64_t> CreatePetitioner(const PetitionerRow& row) = 0;
  // Rows for `ids` (missing ids are skipped), in the order given.
  virtual Result<std::vector<PetitionerRow>> GetPetitioners(const std::vector<int64_t>& ids) = 0;
  // Petitioner ids whose blind index of `kind` equals `index`: the newest 100, ascending.
  virtual Result<std::vector<int64_t>> FindPetitioners(PersonIndex kind, const std::string& index) = 0;
  // Ids of petitions naming any of these petitioners, newest first, at most `limit`.
  virtual Result<std::vector<int64_t>> PetitionsOf(const std::vector<int64_t>& petitioner_ids,
                                                   int limit) = 0;

  // Inserts the petition with its people, parties and handling units; returns the id.
  // kConflict on a duplicate receipt number.
  virtual Result<int64_t> CreatePetition(const PetitionRow& row) = 0;
  // With people and parties. `for_update` locks the row until the transaction ends
  // (PostgreSQL; SQLite's single writer already serialises).
  virtual Result<std::optional<PetitionRow>> GetPetition(int64_t id, bool for_update) = 0;
  virtual Result<std::optional<PetitionRow>> GetByReceipt(const std::string& receipt_no) = 0;
  // Writes the derived columns (state, units, owner, merged_into, updated_at, event_count,
  // next_due) and replaces the handling units, only if the stored event_count still equals
  // `expected_event_count`; kConflict otherwise (a concurrent transition won).
  virtual Status UpdatePetition(const PetitionRow& row, int64_t expected_event_count) = 0;
  // Adds relation facts (e.g. a recusal declared later).
  virtual Status AddParty(int64_t petition_id, const PartyRow& party) = 0;

  // Appends one event; kConflict if (petition_id, seq) exists.
  virtual Status AppendEvent(const PetitionEventRow& event) = 0;
  virtual Result<std::vector<PetitionEventRow>> Events(int64_t petition_id) = 0;

  virtual Result<std::vector<PetitionRow>> List(const PetitionFilter& filter) = 0;

  // Ids of petitions whose next due moment lies in [from_ms, to_ms), ascending, after
  // `after_id`, at most `limit` (the overdue sweep; indexed by next_due_at).
  virtual Result<std::vector<int64_t>> DueBetween(int64_t from_ms, int64_t to_ms, int64_t after_id,
                                                  int limit) = 0;

  // Streams the counted facts of every petition of `scan`, in no particular order (metrics;
  // one covering index entry each). kInternal if one has none yet (see Uncounted).
  virtual Status ScanCounted(const PetitionScan& scan,
                             const std::function<void(const domain::CountedPetition&)>& visit) = 0;
  // Ids of petitions without counted facts, ascending, after `after_id`, at most `limit`.
  virtual Result<std::vector<int64_t>> Uncounted(int64_t after_id, int limit) = 0;
  // Ids of all petitions, ascending, after `after_id`, at most `limit`.
  virtual Result<std::vector<int64_t>> Ids(int64_t after_id, int limit) = 0;
  // One more repeat was merged into `petition_id` (并单; the backlog counts it).
  virtual Status AddMergedIn(int64_t petition_id) = 0;

  virtual Result<int64_t> AddAttachment(const AttachmentRow& row) = 0;
  virtual Result<std::vector<AttachmentRow>> Attachments(int64_t petition_id) = 0;  // By id.

  // kConflict on a duplicate number.
  virtual Result<int64_t> AddDocument(const DocumentRow& row) = 0;
  virtual Result<std::vector<DocumentRow>> Documents(int64_t petition_id) = 0;  // By id.

  // Records that `clock` of a petition ran out at `due_at_ms`, once: true when this call
  // recorded it, false when it was already recorded.
  virtual Result<bool> RecordOverdue(const OverdueRow& row) = 0;
  virtual Result<std::vector<OverdueRow>> OverdueOf(int64_t petition_id) = 0;
};

}  // namespace sixia::store

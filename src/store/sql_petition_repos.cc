// Category and petition repositories shared by the SQLite and PostgreSQL stores. Every
// query is a named constant; the PostgreSQL texts differ only by explicit parameter
// types (libpq sends every parameter as untyped text) and row locks.

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "store/sql_internal.h"

namespace sixia::store::detail {
namespace {

// ---- Categories ---------------------------------------------------------------------

constexpr Query kCategoryLatest{"category.latest", "SELECT max(version) FROM category_versions",
                                nullptr};
constexpr Query kCategoryVersionInsert{
    "category.version_insert",
    "INSERT INTO category_versions(version, label, loaded_at, leaves) VALUES ($1, $2, $3, $4)",
    nullptr};
constexpr Query kCategoryInsert{
    "category.insert",
    "INSERT INTO categories(version, code, name, level, parent_code) VALUES ($1, $2, $3, $4, $5)",
    nullptr};
constexpr Query kCategoryList{
    "category.list",
    "SELECT code, name, level, parent_code FROM categories WHERE version = $1 ORDER BY code",
    nullptr};
constexpr Query kCategoryGet{
    "category.get",
    "SELECT code, name, level, parent_code FROM categories WHERE version = $1 AND code = $2",
    nullptr};

domain::Category ToCategory(const Row& r) {
  domain::Category c;
  c.code = r.Text(0);
  c.name = r.Text(1);
  c.level = static_cast<int>(r.Int(2));
  c.parent_code = r.Text(3);
  return c;
}

SqlValue OptText(const std::string& s) { return s.empty() ? SqlValue{nullptr} : SqlValue{s}; }
SqlValue OptInt(const std::optional<int64_t>& v) { return v ? SqlValue{*v} : SqlValue{nullptr}; }

class SqlCategoryRepo final : public CategoryRepo {
 public:
  explicit SqlCategoryRepo(Conn& c) : c_(c) {}

  Result<int64_t> AddVersion(const std::string& label, int64_t now_ms,
                             const std::vector<domain::Category>& categories) override {
    return Guard("category.add_version", [&]() -> Result<int64_t> {
      const auto latest = c_.One(kCategoryLatest);
      const int64_t version = (latest ? latest->Int(0) : 0) + 1;
      int64_t leaves = 0;
      for (const auto& c : categories) leaves += c.level == 3 ? 1 : 0;
      c_.Exec(kCategoryVersionInsert, {version, label, now_ms, leaves});
      for (const auto& c : categories)
        c_.Exec(kCategoryInsert,
                {version, c.code, c.name, int64_t{c.level}, OptText(c.parent_code)});
      return version;
    });
  }

  Result<std::optional<int64_t>> LatestVersion() override {
    return Guard("category.latest", [&]() -> Result<std::optional<int64_t>> {
      const auto row = c_.One(kCategoryLatest);
      if (!row || row->IsNull(0)) return std::optional<int64_t>();
      return std::optional<int64_t>(row->Int(0));
    });
  }

  Result<std::vector<domain::Category>> List(int64_t version) override {
    return Guard("category.list", [&]() -> Result<std::vector<domain::Category>> {
      std::vector<domain::Category> out;
      c_.Run(kCategoryList, {version}, [&](const Row& r) { out.push_back(ToCategory(r)); });
      return out;
    });
  }

  Result<std::optional<domain::Category>> Get(int64_t version, const std::string& code) override {
    return Guard("category.get", [&]() -> Result<std::optional<domain::Category>> {
      const auto row = c_.One(kCategoryGet, {version, code});
      if (!row) return std::optional<domain::Category>();
      return std::optional<domain::Category>(ToCategory(*row));
    });
  }

 private:
  Conn& c_;
};

// ---- Petitions ----------------------------------------------------------------------

// PostgreSQL takes the new value from RETURNING; SQLite reads it back after the upsert (a
// RETURNING clause costs it a temporary b-tree per statement: see SIXIA_INSERT_RETURNING_ID).
#define SIXIA_SEQUENCE_BUMP                                                              \
  "INSERT INTO sequences(name, value) VALUES ($1, 1) "                                 \
  "ON CONFLICT (name) DO UPDATE SET value = sequences.value + 1"
constexpr Query kSequenceNext{"sequence.next", SIXIA_SEQUENCE_BUMP,
                              SIXIA_SEQUENCE_BUMP " RETURNING value"};
constexpr Query kSequenceValue{"sequence.value", "SELECT value FROM sequences WHERE name = $1",
                               nullptr};

#define SIXIA_PETITIONER_COLUMNS                                                       \
  "id, county_code, division_code, name_sealed, id_number_sealed, phone_sealed, "      \
  "address_sealed, id_index, phone_index, created_at"
constexpr Query kPetitionerInsert = SIXIA_INSERT_RETURNING_ID(
    "petitioner.insert",
    "INSERT INTO petitioners(county_code, division_code, name_sealed, id_number_sealed, "
    "phone_sealed, address_sealed, id_index, phone_index, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)");
constexpr Query kPetitionerGet{
    "petitioner.get", "SELECT " SIXIA_PETITIONER_COLUMNS " FROM petitioners WHERE id = $1",
    nullptr};
constexpr Query kPetitionerByIdIndex{
    "petitioner.by_id_index",
    "SELECT id FROM (SELECT id FROM petitioners WHERE id_index = $1 ORDER BY id DESC LIMIT 100) t "
    "ORDER BY id",
    nullptr};
constexpr Query kPetitionerByPhoneIndex{
    "petitioner.by_phone_index",
    "SELECT id FROM (SELECT id FROM petitioners WHERE phone_index = $1 ORDER BY id DESC LIMIT 100) t "
    "ORDER BY id",
    nullptr};
constexpr Query kPetitionsOfPetitioner{
    "petition.of_petitioner",
    "SELECT petition_id FROM petition_people WHERE petitioner_id = $1 "
    "ORDER BY petition_id DESC LIMIT $2",
    nullptr};

PetitionerRow ToPetitioner(const Row& r) {
  PetitionerRow p;
  p.id = r.Int(0);
  p.county_code = r.Text(1);
  p.division_code = r.Text(2);
  p.name_sealed = r.Text(3);
  p.id_number_sealed = r.Text(4);
  p.phone_sealed = r.Text(5);
  p.address_sealed = r.Text(6);
  p.id_index = r.Text(7);
  p.phone_index = r.Text(8);
  p.created_at_ms = r.Int(9);
  return p;
}

#define SIXIA_PETITION_COLUMNS                                                          \
  "p.id, p.county_code, p.receipt_no, p.channel, p.class, p.title, p.content, "         \
  "p.requests, p.category_version, p.category_code, p.division_code, p.anonymous, "     \
  "p.group_size, p.registered_by, p.registering_unit, p.state, p.lead_unit_id, "        \
  "p.owning_leader_id, p.merged_into, p.received_at, p.updated_at, p.event_count, "     \
  "p.next_due_at, p.query_code_hash, p.counted_flags, p.handle_due_at, p.merged_in, "     \
  "p.reception_day_id"
constexpr Query kPetitionInsert = SIXIA_INSERT_RETURNING_ID(
    "petition.insert",
    "INSERT INTO petitions(county_code, receipt_no, channel, class, title, content, requests, "
    "category_version, category_code, division_code, anonymous, group_size, registered_by, "
    "registering_unit, state, lead_unit_id, owning_leader_id, merged_into, received_at, "
    "updated_at, event_count, next_due_at, query_code_hash, counted_flags, handle_due_at, "
    "reception_day_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
    "$16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)");
constexpr Query kPetitionGet{
    "petition.get", "SELECT " SIXIA_PETITION_COLUMNS " FROM petitions p WHERE p.id = $1",
    nullptr};
constexpr Query kPetitionGetForUpdate{
    "petition.get_for_update",
    "SELECT " SIXIA_PETITION_COLUMNS " FROM petitions p WHERE p.id = $1",
    "SELECT " SIXIA_PETITION_COLUMNS " FROM petitions p WHERE p.id = $1 FOR UPDATE"};
constexpr Query kPetitionByReceipt{
    "petition.by_receipt",
    "SELECT " SIXIA_PETITION_COLUMNS " FROM petitions p WHERE p.receipt_no = $1", nullptr};
constexpr Query kPetitionUpdate{
    "petition.update",
    "UPDATE petitions SET state = $2, lead_unit_id = $3, owning_leader_id = $4, "
    "merged_into = $5, updated_at = $6, event_count = $7, next_due_at = $8, "
    "counted_flags = $10, handle_due_at = $11 WHERE id = $1 AND event_count = $9",
    nullptr};
constexpr Query kPetitionUnitsClear{"petition.units_clear",
                                    "DELETE FROM petition_units WHERE petition_id = $1", nullptr};
constexpr Query kPetitionUnitInsert{
    "petition.unit_insert",
    "INSERT INTO petition_units(petition_id, unit_id, role) VALUES ($1, $2, $3)", nullptr};
constexpr Query kPetitionUnits{
    "petition.units",
    "SELECT unit_id, role FROM petition_units WHERE petition_id = $1 ORDER BY role DESC, unit_id",
    nullptr};
constexpr Query kPetitionPersonInsert{
    "petition.person_insert",
    "INSERT INTO petition_people(petition_id, petitioner_id, ord) VALUES ($1, $2, $3)", nullptr};
constexpr Query kPetitionPeople{
    "petition.people",
    "SELECT petitioner_id FROM petition_people WHERE petition_id = $1 ORDER BY ord", nullptr};
constexpr Query kPetitionPartyInsert{
    "petition.party_insert",
    "INSERT INTO petition_parties(petition_id, relation, unit_id, user_id, name_sealed) "
    "VALUES ($1, $2, $3, $4, $5)",
    nullptr};
constexpr Query kPetitionParties{
    "petition.parties",
    "SELECT relation, unit_id, user_id, name_sealed FROM petition_parties "
    "WHERE petition_id = $1 ORDER BY relation, unit_id, user_id",
    nullptr};
constexpr Query kEventInsert{
    "petition.event_insert",
    "INSERT INTO petition_events(petition_id, seq, type, at, actor_id, payload) "
    "VALUES ($1, $2, $3, $4, $5, $6)",
    nullptr};
constexpr Query kEvents{
    "petition.events",
    "SELECT petition_id, seq, type, at, actor_id, payload FROM petition_events "
    "WHERE petition_id = $1 ORDER BY seq",
    nullptr};
constexpr Query kOverdueInsert{
    "petition.overdue_insert",
    "INSERT INTO petition_overdue(petition_id, clock, due_at, recorded_at) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
    nullptr};
constexpr Query kOverdueOf{
    "petition.overdue_of",
    "SELECT petition_id, clock, due_at, recorded_at FROM petition_overdue "
    "WHERE petition_id = $1 ORDER BY due_at, clock",
    nullptr};

constexpr Query kAttachmentInsert = SIXIA_INSERT_RETURNING_ID(
    "petition.attachment_insert",
    "INSERT INTO petition_attachments(petition_id, content_hash, content_type, size, file_name, "
    "created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)");
constexpr Query kAttachments{
    "petition.attachments",
    "SELECT id, petition_id, content_hash, content_type, size, file_name, created_at, created_by "
    "FROM petition_attachments WHERE petition_id = $1 ORDER BY id",
    nullptr};

constexpr Query kDocumentInsert = SIXIA_INSERT_RETURNING_ID(
    "petition.document_insert",
    "INSERT INTO petition_documents(petition_id, kind, number, unit_id, issued_at, issued_by, body) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)");
constexpr Query kDocuments{
    "petition.documents",
    "SELECT id, petition_id, kind, number, unit_id, issued_at, issued_by, body "
    "FROM petition_documents WHERE petition_id = $1 ORDER BY id",
    nullptr};

// Lists: a petition is a candidate by place ($1..$2), handling unit ($1) or owner ($1);
// each source is its own indexed id query, merged newest first in C++, and only the page's
// rows are read. The narrowing filters are the same in all three ($3…): state, class,
// channel, category code range [$6, $7) ("01.02" → ["01.02", "01.02/"): the code and its
// children), receipt time [$8, $9), next due moment [$15, $10) unless $10 = 0, id < $11;
// relation facts hide petitions from accused units ($12) and accused/recused staff ($13).
#define SIXIA_LIST_NARROWING                                                                 \
  "AND ($3 = '' OR p.state = $3) AND ($4 = '' OR p.class = $4) "                             \
  "AND ($5 = '' OR p.channel = $5) "                                                         \
  "AND ($6 = '' OR (p.category_code >= $6 AND p.category_code < $7)) "                       \
  "AND p.received_at >= $8 AND p.received_at < $9 "                                          \
  "AND ($10 = 0 OR (p.next_due_at IS NOT NULL AND p.next_due_at < $10 AND p.next_due_at >= $15)) " \
  "AND p.id < $11 "                                                                          \
  "AND ($16 = 0 OR EXISTS (SELECT 1 FROM petition_units n WHERE n.petition_id = p.id "       \
  "  AND n.unit_id = $16)) "                                                                 \
  "AND NOT EXISTS (SELECT 1 FROM petition_parties x WHERE x.petition_id = p.id "             \
  "  AND ((x.relation = 'accused' AND x.unit_id = $12) OR x.user_id = $13)) "                \
  "ORDER BY p.id DESC LIMIT $14"
#define SIXIA_LIST_NARROWING_PG                                                              \
  "AND ($3::text = '' OR p.state = $3::text) AND ($4::text = '' OR p.class = $4::text) "     \
  "AND ($5::text = '' OR p.channel = $5::text) "                                             \
  "AND ($6::text = '' OR (p.category_code >= $6::text AND p.category_code < $7::text)) "     \
  "AND p.received_at >= $8::bigint AND p.received_at < $9::bigint "                          \
  "AND ($10::bigint = 0 OR (p.next_due_at IS NOT NULL AND p.next_due_at < $10::bigint "      \
  "     AND p.next_due_at >= $15::bigint)) "                                                 \
  "AND p.id < $11::bigint "                                                                  \
  "AND ($16::bigint = 0 OR EXISTS (SELECT 1 FROM petition_units n WHERE n.petition_id = p.id " \
  "  AND n.unit_id = $16::bigint)) "                                                         \
  "AND NOT EXISTS (SELECT 1 FROM petition_parties x WHERE x.petition_id = p.id "             \
  "  AND ((x.relation = 'accused' AND x.unit_id = $12::bigint) OR x.user_id = $13::bigint)) " \
  "ORDER BY p.id DESC LIMIT $14::bigint"

constexpr Query kListByPlace{
    "petition.list_by_place",
    "SELECT p.id FROM petitions p WHERE p.division_code BETWEEN $1 AND $2 " SIXIA_LIST_NARROWING,
    "SELECT p.id FROM petitions p WHERE p.division_code BETWEEN $1::text AND $2::text "
    SIXIA_LIST_NARROWING_PG};
constexpr Query kListByUnit{
    "petition.list_by_unit",
    "SELECT p.id FROM petition_units pu JOIN petitions p ON p.id = pu.petition_id "
    "WHERE pu.unit_id = $1 AND $2 = $2 " SIXIA_LIST_NARROWING,
    "SELECT p.id FROM petition_units pu JOIN petitions p ON p.id = pu.petition_id "
    "WHERE pu.unit_id = $1::bigint AND $2::text = $2::text " SIXIA_LIST_NARROWING_PG};
constexpr Query kListByOwner{
    "petition.list_by_owner",
    "SELECT p.id FROM petitions p WHERE p.owning_leader_id = $1 AND $2 = $2 " SIXIA_LIST_NARROWING,
    "SELECT p.id FROM petitions p WHERE p.owning_leader_id = $1::bigint AND $2::text = $2::text "
    SIXIA_LIST_NARROWING_PG};

// Open petitions whose next due moment lies in [$1, $2) (the overdue sweep), by id.
constexpr Query kDueBetween{
    "petition.due_between",
    "SELECT id FROM petitions WHERE next_due_at >= $1 AND next_due_at < $2 AND id > $3 "
    "ORDER BY id LIMIT $4",
    nullptr};

constexpr Query kScanCounted{
    "petition.scan_counted",
    "SELECT category_code, lead_unit_id, group_size, received_at, merged_in, counted_flags, "
    "handle_due_at, next_due_at FROM petitions WHERE division_code BETWEEN $1 AND $2 "
    "AND received_at >= $3 AND received_at < $4",
    nullptr};
constexpr Query kUncounted{
    "petition.uncounted",
    "SELECT id FROM petitions WHERE counted_flags IS NULL AND id > $1 ORDER BY id LIMIT $2",
    nullptr};
constexpr Query kIds{"petition.ids", "SELECT id FROM petitions WHERE id > $1 ORDER BY id LIMIT $2",
                     nullptr};
constexpr Query kAddMergedIn{"petition.add_merged_in",
                             "UPDATE petitions SET merged_in = merged_in + 1 WHERE id = $1", nullptr};

PetitionRow ToPetition(const Row& r) {
  PetitionRow p;
  p.id = r.Int(0);
  p.county_code = r.Text(1);
  p.receipt_no = r.Text(2);
  p.channel = r.Text(3);
  p.petition_class = r.Text(4);
  p.title = r.Text(5);
  p.content = r.Text(6);
  p.requests = r.Text(7);
  p.category_version = r.OptInt(8);
  p.category_code = r.Text(9);
  p.division_code = r.Text(10);
  p.anonymous = r.Int(11) != 0;
  p.group_size = static_cast<int>(r.Int(12));
  p.registered_by = r.OptInt(13);
  p.registering_unit = r.OptInt(14);
  p.state = r.Text(15);
  p.lead_unit_id = r.OptInt(16);
  p.owning_leader_id = r.OptInt(17);
  p.merged_into = r.OptInt(18);
  p.received_at_ms = r.Int(19);
  p.updated_at_ms = r.Int(20);
  p.event_count = r.Int(21);
  p.next_due_ms = r.OptInt(22);
  p.query_code_hash = r.Text(23);
  if (auto flags = r.OptInt(24))
    p.counted = domain::CountedFacts{static_cast<uint32_t>(*flags), r.OptInt(25)};
  p.merged_in = static_cast<int>(r.Int(26));
  p.reception_day_id = r.OptInt(27);
  return p;
}

SqlValue CountedFlags(const std::optional<domain::CountedFacts>& c) {
  return c ? SqlValue{int64_t{c->flags}} : SqlValue{nullptr};
}
SqlValue HandleDue(const std::optional<domain::CountedFacts>& c) {
  return c ? OptInt(c->handle_due_ms) : SqlValue{nullptr};
}

class SqlPetitionRepo final : public PetitionRepo {
 public:
  explicit SqlPetitionRepo(Conn& c) : c_(c) {}

  Result<int64_t> NextSequence(const std::string& name) override {
    return Guard("sequence.next",
                 [&]() -> Result<int64_t> {
                   if (c_.is_postgres()) return c_.One(kSequenceNext, {name})->Int(0);
                   c_.Exec(kSequenceNext, {name});
                   return c_.One(kSequenceValue, {name})->Int(0);
                 });
  }

  Result<int64_t> CreatePetitioner(const PetitionerRow& p) override {
    return Guard("petitioner.insert", [&]() -> Result<int64_t> {
      return c_.InsertId(kPetitionerInsert,
               {p.county_code, OptText(p.division_code), p.name_sealed, OptText(p.id_number_sealed),
                OptText(p.phone_sealed), OptText(p.address_sealed), OptText(p.id_index),
                OptText(p.phone_index), p.created_at_ms});
    });
  }

  Result<std::vector<PetitionerRow>> GetPetitioners(const std::vector<int64_t>& ids) override {
    return Guard("petitioner.get", [&]() -> Result<std::vector<PetitionerRow>> {
      std::vector<PetitionerRow> out;
      for (int64_t id : ids)
        if (auto row = c_.One(kPetitionerGet, {id})) out.push_back(ToPetitioner(*row));
      return out;
    });
  }

  Result<std::vector<int64_t>> FindPetitioners(PersonIndex kind, const std::string& index) override {
    return Guard("petitioner.find", [&]() -> Result<std::vector<int64_t>> {
      std::vector<int64_t> out;
      const Query& q = kind == PersonIndex::kIdNumber ? kPetitionerByIdIndex : kPetitionerByPhoneIndex;
      c_.Run(q, {index}, [&](const Row& r) { out.push_back(r.Int(0)); });
      return out;
    });
  }

  Result<std::vector<int64_t>> PetitionsOf(const std::vector<int64_t>& petitioner_ids,
                                           int limit) override {
    return Guard("petition.of_petitioner", [&]() -> Result<std::vector<int64_t>> {
      std::set<int64_t, std::greater<>> ids;
      for (int64_t pid : petitioner_ids)
        c_.Run(kPetitionsOfPetitioner, {pid, int64_t{limit}},
               [&](const Row& r) { ids.insert(r.Int(0)); });
      std::vector<int64_t> out(ids.begin(), ids.end());
      if (out.size() > static_cast<size_t>(limit)) out.resize(limit);
      return out;
    });
  }

  Result<int64_t> CreatePetition(const PetitionRow& p) override {
    return Guard("petition.insert", [&]() -> Result<int64_t> {
      const int64_t id =
          c_.InsertId(kPetitionInsert,
                 {p.county_code, p.receipt_no, p.channel, p.petition_class, p.title, p.content,
                  p.requests, OptInt(p.category_version), OptText(p.category_code),
                  p.division_code, int64_t{p.anonymous ? 1 : 0}, int64_t{p.group_size},
                  OptInt(p.registered_by), OptInt(p.registering_unit), p.state,
                  OptInt(p.lead_unit_id), OptInt(p.owning_leader_id), OptInt(p.merged_into),
                  p.received_at_ms, p.updated_at_ms, p.event_count, OptInt(p.next_due_ms),
                  OptText(p.query_code_hash), CountedFlags(p.counted), HandleDue(p.counted),
                  OptInt(p.reception_day_id)});
      for (size_t i = 0; i < p.petitioner_ids.size(); ++i)
        c_.Exec(kPetitionPersonInsert, {id, p.petitioner_ids[i], static_cast<int64_t>(i)});
      for (const auto& party : p.parties) InsertParty(id, party);
      InsertUnits(id, p);
      return id;
    });
  }

  Result<std::optional<PetitionRow>> GetPetition(int64_t id, bool for_update) override {
    return Guard("petition.get", [&]() -> Result<std::optional<PetitionRow>> {
      auto row = c_.One(for_update ? kPetitionGetForUpdate : kPetitionGet, {id});
      if (!row) return std::optional<PetitionRow>();
      return std::optional<PetitionRow>(Complete(ToPetition(*row)));
    });
  }

  Result<std::optional<PetitionRow>> GetByReceipt(const std::string& receipt_no) override {
    return Guard("petition.by_receipt", [&]() -> Result<std::optional<PetitionRow>> {
      auto row = c_.One(kPetitionByReceipt, {receipt_no});
      if (!row) return std::optional<PetitionRow>();
      return std::optional<PetitionRow>(Complete(ToPetition(*row)));
    });
  }

  Status UpdatePetition(const PetitionRow& p, int64_t expected_event_count) override {
    return Guard("petition.update", [&]() -> Status {
      c_.Exec(kPetitionUpdate, {p.id, p.state, OptInt(p.lead_unit_id), OptInt(p.owning_leader_id),
                                OptInt(p.merged_into), p.updated_at_ms, p.event_count,
                                OptInt(p.next_due_ms), expected_event_count,
                                CountedFlags(p.counted), HandleDue(p.counted)});
      if (c_.Changes() != 1)
        return Conflict("the petition was changed by someone else meanwhile; reload it",
                        "该信访事项已被他人同时修改，请刷新后重试");
      c_.Exec(kPetitionUnitsClear, {p.id});
      InsertUnits(p.id, p);
      return Status::Ok();
    });
  }

  Status AddParty(int64_t petition_id, const PartyRow& party) override {
    return Guard("petition.party_insert", [&]() -> Status {
      InsertParty(petition_id, party);
      return Status::Ok();
    });
  }

  Status AppendEvent(const PetitionEventRow& e) override {
    return Guard("petition.event_insert", [&]() -> Status {
      c_.Exec(kEventInsert, {e.petition_id, e.seq, e.type, e.at_ms, OptInt(e.actor_id),
                             e.payload_json});
      return Status::Ok();
    });
  }

  Result<std::vector<PetitionEventRow>> Events(int64_t petition_id) override {
    return Guard("petition.events", [&]() -> Result<std::vector<PetitionEventRow>> {
      std::vector<PetitionEventRow> out;
      c_.Run(kEvents, {petition_id}, [&](const Row& r) {
        out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Int(3), r.OptInt(4), r.Text(5)});
      });
      return out;
    });
  }

  Result<std::vector<PetitionRow>> List(const PetitionFilter& f) override {
    return Guard("petition.list", [&]() -> Result<std::vector<PetitionRow>> {
      constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
      constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
      // The narrowing parameters $3… shared by the three candidate queries.
      auto params = [&](SqlValue first, SqlValue second) -> Params {
        return {std::move(first), std::move(second), f.state, f.petition_class, f.channel,
                f.category_prefix, f.category_prefix + "/",
                f.received_from_ms.value_or(kMin), f.received_to_ms.value_or(kMax),
                f.due_before_ms.value_or(0), f.before_id > 0 ? f.before_id : kMax,
                f.viewer_unit_id, f.viewer_user_id, int64_t{f.limit}, f.due_from_ms.value_or(kMin),
                f.unit_id};
      };
      std::set<int64_t, std::greater<>> ids;
      auto collect = [&](const Row& r) { ids.insert(r.Int(0)); };
      for (const auto& range : f.ranges) c_.Run(kListByPlace, params(range.first, range.last), collect);
      if (f.handling_unit_id && *f.handling_unit_id != 0)
        c_.Run(kListByUnit, params(*f.handling_unit_id, std::string()), collect);
      if (f.owner_user_id && *f.owner_user_id != 0)
        c_.Run(kListByOwner, params(*f.owner_user_id, std::string()), collect);
      std::vector<PetitionRow> out;
      for (int64_t id : ids) {
        if (out.size() == static_cast<size_t>(f.limit)) break;
        if (auto row = c_.One(kPetitionGet, {id})) out.push_back(WithUnits(ToPetition(*row)));
      }
      return out;
    });
  }

  Result<std::vector<int64_t>> DueBetween(int64_t from_ms, int64_t to_ms, int64_t after_id,
                                          int limit) override {
    return Guard("petition.due_between", [&]() -> Result<std::vector<int64_t>> {
      std::vector<int64_t> out;
      c_.Run(kDueBetween, {from_ms, to_ms, after_id, int64_t{limit}},
             [&](const Row& r) { out.push_back(r.Int(0)); });
      return out;
    });
  }

  Status ScanCounted(const PetitionScan& scan,
                     const std::function<void(const domain::CountedPetition&)>& visit) override {
    return Guard("petition.scan_counted", [&]() -> Status {
      bool uncounted = false;
      domain::CountedPetition p;
      c_.Run(kScanCounted, {scan.range.first, scan.range.last, scan.from_ms, scan.to_ms},
             [&](const Row& r) {
               const auto flags = r.OptInt(5);
               if (!flags) {
                 uncounted = true;
                 return;
               }
               p.category_code = r.Text(0);
               p.lead_unit_id = r.OptInt(1);
               p.group_size = static_cast<int>(r.Int(2));
               p.received_at_ms = r.Int(3);
               p.merged_in = static_cast<int>(r.Int(4));
               p.facts = {static_cast<uint32_t>(*flags), r.OptInt(6)};
               p.next_due_ms = r.OptInt(7);
               visit(p);
             });
      if (uncounted)
        return Internal("petitions without counted facts; run `sixia petitions recount`",
                        "部分信访事项尚未生成统计数据，请运行 sixia petitions recount");
      return Status::Ok();
    });
  }

  Result<std::vector<int64_t>> Uncounted(int64_t after_id, int limit) override {
    return Guard("petition.uncounted", [&]() -> Result<std::vector<int64_t>> {
      std::vector<int64_t> out;
      c_.Run(kUncounted, {after_id, int64_t{limit}}, [&](const Row& r) { out.push_back(r.Int(0)); });
      return out;
    });
  }

  Result<std::vector<int64_t>> Ids(int64_t after_id, int limit) override {
    return Guard("petition.ids", [&]() -> Result<std::vector<int64_t>> {
      std::vector<int64_t> out;
      c_.Run(kIds, {after_id, int64_t{limit}}, [&](const Row& r) { out.push_back(r.Int(0)); });
      return out;
    });
  }

  Status AddMergedIn(int64_t petition_id) override {
    return Guard("petition.add_merged_in", [&]() -> Status {
      c_.Exec(kAddMergedIn, {petition_id});
      return Status::Ok();
    });
  }

  Result<int64_t> AddAttachment(const AttachmentRow& a) override {
    return Guard("petition.attachment_insert", [&]() -> Result<int64_t> {
      return c_.InsertId(kAttachmentInsert, {a.petition_id, a.content_hash, a.content_type, a.size,
                                   a.file_name, a.created_at_ms, OptInt(a.created_by)});
    });
  }

  Result<std::vector<AttachmentRow>> Attachments(int64_t petition_id) override {
    return Guard("petition.attachments", [&]() -> Result<std::vector<AttachmentRow>> {
      std::vector<AttachmentRow> out;
      c_.Run(kAttachments, {petition_id}, [&](const Row& r) {
        out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Int(4), r.Text(5), r.Int(6),
                       r.OptInt(7)});
      });
      return out;
    });
  }

  Result<int64_t> AddDocument(const DocumentRow& d) override {
    return Guard("petition.document_insert", [&]() -> Result<int64_t> {
      return c_.InsertId(kDocumentInsert, {d.petition_id, d.kind, d.number, OptInt(d.unit_id), d.issued_at_ms,
                                 OptInt(d.issued_by), d.body_sealed});
    });
  }

  Result<std::vector<DocumentRow>> Documents(int64_t petition_id) override {
    return Guard("petition.documents", [&]() -> Result<std::vector<DocumentRow>> {
      std::vector<DocumentRow> out;
      c_.Run(kDocuments, {petition_id}, [&](const Row& r) {
        out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.OptInt(4), r.Int(5), r.OptInt(6),
                       r.Text(7)});
      });
      return out;
    });
  }

  Result<bool> RecordOverdue(const OverdueRow& o) override {
    return Guard("petition.overdue_insert", [&]() -> Result<bool> {
      c_.Exec(kOverdueInsert, {o.petition_id, o.clock, o.due_at_ms, o.recorded_at_ms});
      return c_.Changes() == 1;
    });
  }

  Result<std::vector<OverdueRow>> OverdueOf(int64_t petition_id) override {
    return Guard("petition.overdue_of", [&]() -> Result<std::vector<OverdueRow>> {
      std::vector<OverdueRow> out;
      c_.Run(kOverdueOf, {petition_id},
             [&](const Row& r) { out.push_back({r.Int(0), r.Text(1), r.Int(2), r.Int(3)}); });
      return out;
    });
  }

 private:
  void InsertParty(int64_t petition_id, const PartyRow& party) {
    c_.Exec(kPetitionPartyInsert, {petition_id, party.relation, OptInt(party.unit_id),
                                   OptInt(party.user_id), OptText(party.name_sealed)});
  }

  void InsertUnits(int64_t id, const PetitionRow& p) {
    if (p.lead_unit_id) c_.Exec(kPetitionUnitInsert, {id, *p.lead_unit_id, std::string("lead")});
    for (int64_t unit : p.assist_unit_ids)
      if (unit != p.lead_unit_id.value_or(0))
        c_.Exec(kPetitionUnitInsert, {id, unit, std::string("assist")});
  }

  PetitionRow WithUnits(PetitionRow p) {
    p.assist_unit_ids.clear();
    c_.Run(kPetitionUnits, {p.id}, [&](const Row& r) {
      if (r.Text(1) == "assist") p.assist_unit_ids.push_back(r.Int(0));
    });
    return p;
  }

  PetitionRow Complete(PetitionRow p) {
    p = WithUnits(std::move(p));
    c_.Run(kPetitionPeople, {p.id}, [&](const Row& r) { p.petitioner_ids.push_back(r.Int(0)); });
    c_.Run(kPetitionParties, {p.id}, [&](const Row& r) {
      p.parties.push_back({r.Text(0), r.OptInt(1), r.OptInt(2), r.Text(3)});
    });
    return p;
  }

  Conn& c_;
};

}  // namespace

std::unique_ptr<CategoryRepo> MakeSqlCategoryRepo(Conn& conn) {
  return std::make_unique<SqlCategoryRepo>(conn);
}
std::unique_ptr<PetitionRepo> MakeSqlPetitionRepo(Conn& conn) {
  return std::make_unique<SqlPetitionRepo>(conn);
}

}  // namespace sixia::store::detail

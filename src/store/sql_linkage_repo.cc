// The linkage repository (挂钩联系 and 双报到) shared by the SQLite and PostgreSQL stores
// (see linkage_repo.h). Every query is a named constant; the PostgreSQL texts differ only by
// explicit parameter types where libpq cannot infer them.

#include <limits>

#include "store/sql_internal.h"

namespace sixia::store::detail {
namespace {

constexpr int64_t kDayMs = 86'400'000;

SqlValue OptInt(const std::optional<int64_t>& v) { return v ? SqlValue{*v} : SqlValue{nullptr}; }
SqlValue TextOrNull(const std::string& s) { return s.empty() ? SqlValue{nullptr} : SqlValue{s}; }
int64_t BeforeId(int64_t before_id) {
  return before_id > 0 ? before_id : std::numeric_limits<int64_t>::max();
}

// ---- Links and visits -----------------------------------------------------------------

#define SIXIA_LINKAGE_COLUMNS                                                                 \
  "id, county_code, leader_user_id, unit_id, village_code, division_code, from_day, to_day, " \
  "notes, created_by, created_at"
constexpr Query kLinkageInsert = SIXIA_INSERT_RETURNING_ID("linkage.insert",
                               "INSERT INTO linkages(county_code, leader_user_id, unit_id, "
                               "village_code, division_code, from_day, "
                               "to_day, notes, created_by, created_at) VALUES ($1, $2, $3, $4, $5, "
                               "$6, $7, $8, $9, $10)");
constexpr Query kLinkageGet{
    "linkage.get", "SELECT " SIXIA_LINKAGE_COLUMNS " FROM linkages WHERE id = $1", nullptr};
// $3: the first day of the period minus one day (a link counts while to_day + 1 day > from).
constexpr Query kLinkageList{
    "linkage.list",
    "SELECT " SIXIA_LINKAGE_COLUMNS
    " FROM linkages WHERE division_code BETWEEN $1 AND $2 "
    "AND (to_day IS NULL OR to_day > $3) AND from_day < $4 AND id < $5 AND ($6 = 0 OR "
    "leader_user_id = $6) "
    "ORDER BY id DESC LIMIT $7",
    "SELECT " SIXIA_LINKAGE_COLUMNS
    " FROM linkages WHERE division_code BETWEEN $1::text AND $2::text "
    "AND (to_day IS NULL OR to_day > $3::bigint) AND from_day < $4::bigint AND id < $5::bigint "
    "AND ($6::bigint = 0 OR leader_user_id = $6::bigint) ORDER BY id DESC LIMIT $7::bigint"};
constexpr Query kVisitInsert = SIXIA_INSERT_RETURNING_ID("linkage.visit_insert",
                             "INSERT INTO linkage_visits(linkage_id, visited_on, division_code, "
                             "notes, results, recorded_by, "
                             "recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)");
constexpr Query kVisitsOf{
    "linkage.visits_of",
    "SELECT id, linkage_id, visited_on, division_code, notes, results, recorded_by, recorded_at "
    "FROM linkage_visits WHERE linkage_id = $1 ORDER BY visited_on, id",
    nullptr};
// $3/$4: the period; $5: as of (exclusive); $6: the period's first day minus one day.
constexpr Query kLinkageActivity{
    "linkage.activity",
    "SELECT " SIXIA_LINKAGE_COLUMNS
    ", "
    "(SELECT count(*) FROM linkage_visits v WHERE v.linkage_id = l.id AND v.visited_on >= $3 "
    "AND v.visited_on < $4), "
    "(SELECT max(v.visited_on) FROM linkage_visits v WHERE v.linkage_id = l.id AND v.visited_on < "
    "$5) "
    "FROM linkages l WHERE l.division_code BETWEEN $1 AND $2 AND l.from_day < $4 "
    "AND (l.to_day IS NULL OR l.to_day > $6) ORDER BY l.id",
    "SELECT " SIXIA_LINKAGE_COLUMNS
    ", "
    "(SELECT count(*) FROM linkage_visits v WHERE v.linkage_id = l.id AND v.visited_on >= "
    "$3::bigint "
    "AND v.visited_on < $4::bigint), "
    "(SELECT max(v.visited_on) FROM linkage_visits v WHERE v.linkage_id = l.id AND v.visited_on < "
    "$5::bigint) "
    "FROM linkages l WHERE l.division_code BETWEEN $1::text AND $2::text AND l.from_day < "
    "$4::bigint "
    "AND (l.to_day IS NULL OR l.to_day > $6::bigint) ORDER BY l.id"};

LinkageRow ToLinkage(const Row& r) {
  LinkageRow row;
  auto& l = row.link;
  l.id = r.Int(0);
  row.county_code = r.Text(1);
  l.leader_user_id = r.Int(2);
  l.unit_id = r.OptInt(3);
  l.village_code = r.Text(4);
  row.division_code = r.Text(5);
  l.from_ms = r.Int(6);
  l.to_ms = r.OptInt(7);
  l.notes = r.Text(8);
  row.created_by = r.OptInt(9);
  row.created_at_ms = r.Int(10);
  return row;
}

LinkageVisitRow ToVisit(const Row& r) {
  LinkageVisitRow row;
  auto& v = row.visit;
  v.id = r.Int(0);
  v.linkage_id = r.Int(1);
  v.visited_on_ms = r.Int(2);
  v.division_code = r.Text(3);
  v.notes = r.Text(4);
  v.results = r.Text(5);
  row.recorded_by = r.OptInt(6);
  row.recorded_at_ms = r.Int(7);
  return row;
}

// ---- Registrations and services -------------------------------------------------------

#define SIXIA_REGISTRATION_COLUMNS                                                            \
  "id, county_code, community_code, unit_id, member_name_sealed, registered_on, created_by, " \
  "created_at"
constexpr Query kRegistrationInsert = SIXIA_INSERT_RETURNING_ID(
    "registration.insert",
    "INSERT INTO community_registrations(county_code, community_code, unit_id, member_name_sealed, "
    "registered_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)");
constexpr Query kRegistrationGet{
    "registration.get",
    "SELECT " SIXIA_REGISTRATION_COLUMNS " FROM community_registrations WHERE id = $1", nullptr};
constexpr Query kRegistrationList{
    "registration.list",
    "SELECT " SIXIA_REGISTRATION_COLUMNS
    " FROM community_registrations WHERE community_code BETWEEN $1 "
    "AND $2 AND ($3 = 0 OR unit_id = $3) AND id < $4 ORDER BY id DESC LIMIT $5",
    "SELECT " SIXIA_REGISTRATION_COLUMNS
    " FROM community_registrations WHERE community_code BETWEEN "
    "$1::text AND $2::text AND ($3::bigint = 0 OR unit_id = $3::bigint) AND id < $4::bigint "
    "ORDER BY id DESC LIMIT $5::bigint"};
constexpr Query kServiceInsert = SIXIA_INSERT_RETURNING_ID(
    "registration.service_insert",
    "INSERT INTO community_services(registration_id, served_on, content, minutes, recorded_by, "
    "recorded_at) VALUES ($1, $2, $3, $4, $5, $6)");
constexpr Query kServicesOf{
    "registration.services_of",
    "SELECT id, registration_id, served_on, content, minutes, recorded_by, recorded_at "
    "FROM community_services WHERE registration_id = $1 ORDER BY served_on, id",
    nullptr};
constexpr Query kServiceCounts{
    "registration.service_counts",
    "SELECT " SIXIA_REGISTRATION_COLUMNS
    ", (SELECT count(*) FROM community_services s WHERE "
    "s.registration_id = r.id AND s.served_on >= $4 AND s.served_on < $5) FROM "
    "community_registrations r "
    "WHERE r.community_code BETWEEN $1 AND $2 AND r.registered_on < $3 ORDER BY r.id",
    "SELECT " SIXIA_REGISTRATION_COLUMNS
    ", (SELECT count(*) FROM community_services s WHERE "
    "s.registration_id = r.id AND s.served_on >= $4::bigint AND s.served_on < $5::bigint) FROM "
    "community_registrations r WHERE r.community_code BETWEEN $1::text AND $2::text AND "
    "r.registered_on < $3::bigint ORDER BY r.id"};

CommunityRegistrationRow ToRegistration(const Row& r) {
  CommunityRegistrationRow row;
  auto& g = row.registration;
  g.id = r.Int(0);
  row.county_code = r.Text(1);
  g.community_code = r.Text(2);
  g.unit_id = r.Int(3);
  row.member_name_sealed = r.Text(4);
  g.registered_on_ms = r.Int(5);
  row.created_by = r.OptInt(6);
  row.created_at_ms = r.Int(7);
  return row;
}

CommunityServiceRow ToService(const Row& r) {
  CommunityServiceRow row;
  auto& s = row.service;
  s.id = r.Int(0);
  s.registration_id = r.Int(1);
  s.served_on_ms = r.Int(2);
  s.content = r.Text(3);
  s.minutes = r.OptInt(4);
  row.recorded_by = r.OptInt(5);
  row.recorded_at_ms = r.Int(6);
  return row;
}

class SqlLinkageRepo final : public LinkageRepo {
 public:
  explicit SqlLinkageRepo(Conn& c) : c_(c) {}

  Result<int64_t> AddLinkage(const LinkageRow& row) override {
    return Guard("linkage.insert", [&]() -> Result<int64_t> {
      const auto& l = row.link;
      return c_.InsertId(kLinkageInsert,
               {row.county_code, l.leader_user_id, OptInt(l.unit_id), TextOrNull(l.village_code),
                row.division_code, l.from_ms, OptInt(l.to_ms), l.notes, OptInt(row.created_by),
                row.created_at_ms});
    });
  }

  Result<std::optional<LinkageRow>> GetLinkage(int64_t id) override {
    return Guard("linkage.get", [&]() -> Result<std::optional<LinkageRow>> {
      auto row = c_.One(kLinkageGet, {id});
      if (!row) return std::optional<LinkageRow>();
      return std::optional<LinkageRow>(ToLinkage(*row));
    });
  }

  Result<std::vector<LinkageRow>> ListLinkages(const LinkageFilter& f) override {
    return Guard("linkage.list", [&]() -> Result<std::vector<LinkageRow>> {
      std::vector<LinkageRow> out;
      c_.Run(kLinkageList,
             {f.range.first, f.range.last, f.from_ms - kDayMs, f.to_ms, BeforeId(f.before_id),
              f.leader_user_id.value_or(0), int64_t{f.limit}},
             [&](const Row& r) { out.push_back(ToLinkage(r)); });
      return out;
    });
  }

  Result<int64_t> AddVisit(const LinkageVisitRow& row) override {
    return Guard("linkage.visit_insert", [&]() -> Result<int64_t> {
      const auto& v = row.visit;
      return c_.InsertId(kVisitInsert, {v.linkage_id, v.visited_on_ms, v.division_code, v.notes, v.results,
                              OptInt(row.recorded_by), row.recorded_at_ms});
    });
  }

  Result<std::vector<LinkageVisitRow>> VisitsOf(int64_t linkage_id) override {
    return Guard("linkage.visits_of", [&]() -> Result<std::vector<LinkageVisitRow>> {
      std::vector<LinkageVisitRow> out;
      c_.Run(kVisitsOf, {linkage_id}, [&](const Row& r) { out.push_back(ToVisit(r)); });
      return out;
    });
  }

  Result<std::vector<LinkageActivityRow>> Activity(const domain::CodeRange& range, int64_t from_ms,
                                                   int64_t to_ms, int64_t as_of_ms) override {
    return Guard("linkage.activity", [&]() -> Result<std::vector<LinkageActivityRow>> {
      std::vector<LinkageActivityRow> out;
      c_.Run(kLinkageActivity,
             {range.first, range.last, from_ms, to_ms, as_of_ms, from_ms - kDayMs},
             [&](const Row& r) {
               out.push_back({ToLinkage(r), r.Int(11), r.OptInt(12)});
             });
      return out;
    });
  }

  Result<int64_t> AddRegistration(const CommunityRegistrationRow& row) override {
    return Guard("registration.insert", [&]() -> Result<int64_t> {
      const auto& g = row.registration;
      return c_.InsertId(kRegistrationInsert,
               {row.county_code, g.community_code, g.unit_id, row.member_name_sealed,
                g.registered_on_ms, OptInt(row.created_by), row.created_at_ms});
    });
  }

  Result<std::optional<CommunityRegistrationRow>> GetRegistration(int64_t id) override {
    return Guard("registration.get", [&]() -> Result<std::optional<CommunityRegistrationRow>> {
      auto row = c_.One(kRegistrationGet, {id});
      if (!row) return std::optional<CommunityRegistrationRow>();
      return std::optional<CommunityRegistrationRow>(ToRegistration(*row));
    });
  }

  Result<std::vector<CommunityRegistrationRow>> ListRegistrations(
      const RegistrationFilter& f) override {
    return Guard("registration.list", [&]() -> Result<std::vector<CommunityRegistrationRow>> {
      std::vector<CommunityRegistrationRow> out;
      c_.Run(kRegistrationList,
             {f.range.first, f.range.last, f.unit_id.value_or(0), BeforeId(f.before_id),
              int64_t{f.limit}},
             [&](const Row& r) { out.push_back(ToRegistration(r)); });
      return out;
    });
  }

  Result<int64_t> AddService(const CommunityServiceRow& row) override {
    return Guard("registration.service_insert", [&]() -> Result<int64_t> {
      const auto& s = row.service;
      return c_.InsertId(kServiceInsert, {s.registration_id, s.served_on_ms, s.content, OptInt(s.minutes),
                                OptInt(row.recorded_by), row.recorded_at_ms});
    });
  }

  Result<std::vector<CommunityServiceRow>> ServicesOf(int64_t registration_id) override {
    return Guard("registration.services_of", [&]() -> Result<std::vector<CommunityServiceRow>> {
      std::vector<CommunityServiceRow> out;
      c_.Run(kServicesOf, {registration_id}, [&](const Row& r) { out.push_back(ToService(r)); });
      return out;
    });
  }

  Result<std::vector<std::pair<CommunityRegistrationRow, int64_t>>> ServiceCounts(
      const domain::CodeRange& range, int64_t registered_before_ms, int64_t from_ms,
      int64_t to_ms) override {
    return Guard("registration.service_counts",
                 [&]() -> Result<std::vector<std::pair<CommunityRegistrationRow, int64_t>>> {
                   std::vector<std::pair<CommunityRegistrationRow, int64_t>> out;
                   c_.Run(kServiceCounts,
                          {range.first, range.last, registered_before_ms, from_ms, to_ms},
                          [&](const Row& r) { out.emplace_back(ToRegistration(r), r.Int(8)); });
                   return out;
                 });
  }

 private:
  Conn& c_;
};

}  // namespace

std::unique_ptr<LinkageRepo> MakeSqlLinkageRepo(Conn& conn) {
  return std::make_unique<SqlLinkageRepo>(conn);
}

}  // namespace sixia::store::detail

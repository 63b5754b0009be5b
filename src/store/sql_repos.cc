// Repositories shared by the SQLite and PostgreSQL stores. Every query is a named
// constant; dialect texts differ only where the databases do.

#include <charconv>
#include <sstream>

#include <spdlog/spdlog.h>

#include "store/migrations.h"
#include "store/sql_internal.h"

namespace sixia::store::detail {

// ---- Row / Conn helpers -------------------------------------------------------------

int64_t Row::Int(size_t i) const {
  const auto& v = values_[i];
  if (const auto* n = std::get_if<int64_t>(&v)) return *n;
  if (const auto* s = std::get_if<std::string>(&v)) {
    int64_t out = 0;
    std::from_chars(s->data(), s->data() + s->size(), out);
    return out;
  }
  return 0;
}

std::optional<int64_t> Row::OptInt(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

std::string Row::Text(size_t i) const {
  const auto& v = values_[i];
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<int64_t>(&v)) return std::to_string(*n);
  return {};
}

std::vector<Row> Conn::All(const Query& q, const Params& params) {
  std::vector<Row> rows;
  Run(q, params, [&](const Row& r) { rows.push_back(r); });
  return rows;
}

std::optional<Row> Conn::One(const Query& q, const Params& params) {
  std::optional<Row> row;
  Run(q, params, [&](const Row& r) {
    if (!row) row = r;
  });
  return row;
}

int64_t Conn::InsertId(const Query& q, const Params& params) {
  auto row = One(q, params);
  if (!row) throw SqlError{ErrorCode::kInternal, std::string(q.name) + ": no id returned"};
  return row->Int(0);
}

Status TranslateException(const char* where) {
  try {
    throw;
  } catch (const SqlError& e) {
    if (e.code == ErrorCode::kConflict) {
      spdlog::info("{}: constraint: {}", where, e.detail);
      return Conflict("the record conflicts with an existing one", "与已有记录冲突");
    }
    spdlog::error("{}: storage error: {}", where, e.detail);
    if (e.code == ErrorCode::kUnavailable)
      return Unavailable("storage unavailable", "存储暂不可用");
    return Internal();
  } catch (const std::exception& e) {
    spdlog::error("{}: unexpected exception: {}", where, e.what());
    return Internal();
  }
}

// ---- Migrations -----------------------------------------------------------------------

namespace {
constexpr Query kMigrationsTable{
    "migrations.create",
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
    "NULL, applied_at INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
    "NULL, applied_at BIGINT NOT NULL)"};
constexpr Query kMigrationsApplied{"migrations.applied",
                                   "SELECT version FROM schema_migrations ORDER BY version",
                                   nullptr};
constexpr Query kMigrationsRecord{
    "migrations.record",
    "INSERT INTO schema_migrations(version, name, applied_at) VALUES ($1, $2, $3)", nullptr};
constexpr Query kBegin{"tx.begin", "BEGIN IMMEDIATE", "BEGIN"};
constexpr Query kCommit{"tx.commit", "COMMIT", nullptr};
constexpr Query kRollback{"tx.rollback", "ROLLBACK", nullptr};
}  // namespace

void Migrate(Conn& conn) {
  conn.Exec(kMigrationsTable);
  std::vector<int64_t> applied;
  for (const auto& r : conn.All(kMigrationsApplied)) applied.push_back(r.Int(0));
  const auto& all = conn.is_postgres() ? postgresMigrations() : sqliteMigrations();
  for (const auto& m : all) {
    if (std::find(applied.begin(), applied.end(), m.version) != applied.end()) continue;
    conn.Exec(kBegin);
    try {
      conn.RunScript(m.sql);
      conn.Exec(kMigrationsRecord,
                {int64_t{m.version}, std::string(m.name),
                 int64_t{std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count()}});
      conn.Exec(kCommit);
      spdlog::info("applied migration {}", m.name);
    } catch (...) {
      try {
        conn.Exec(kRollback);
      } catch (...) {
      }
      throw;
    }
  }
}

// ---- Divisions ------------------------------------------------------------------------

namespace {

constexpr Query kDivisionGet{"division.get",
                             "SELECT code, name, level, parent_code FROM divisions WHERE code = $1",
                             nullptr};
constexpr Query kDivisionChildren{
    "division.children",
    "SELECT code, name, level, parent_code FROM divisions WHERE parent_code = $1 ORDER BY code",
    nullptr};
constexpr Query kDivisionSearch{
    "division.search",
    "SELECT code, name, level, parent_code FROM divisions WHERE code BETWEEN $1 AND $2 "
    "AND name LIKE $3 ESCAPE '\\' ORDER BY level, code LIMIT $4",
    nullptr};
constexpr Query kDivisionCount{"division.count", "SELECT count(*) FROM divisions WHERE level > 0",
                               nullptr};
constexpr Query kDivisionAll{"division.all",
                             "SELECT code, name, level, parent_code FROM divisions WHERE level > 0",
                             nullptr};
constexpr Query kDivisionVersion{"division.version",
                                 "SELECT value FROM division_version WHERE id = 1", nullptr};
constexpr Query kDivisionVersionBump{"division.version_bump",
                                     "UPDATE division_version SET value = value + 1 WHERE id = 1",
                                     nullptr};
constexpr Query kDivisionUpsert{
    "division.upsert",
    "INSERT INTO divisions(code, name, level, parent_code) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT(code) DO UPDATE SET name = excluded.name, level = excluded.level, "
    "parent_code = excluded.parent_code",
    nullptr};

domain::Division ToDivision(const Row& r) {
  domain::Division d;
  d.code = r.Text(0);
  d.name = r.Text(1);
  d.level = domain::DivisionLevelFromInt(static_cast<int>(r.Int(2)))
                .value_or(domain::DivisionLevel::kVillage);
  d.parent_code = r.Text(3);
  return d;
}

std::string LikeLiteral(const std::string& s) {
  std::string out = "%";
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

// Runs `body`, translating store exceptions into a Status.
class SqlDivisionRepo final : public DivisionRepo {
 public:
  explicit SqlDivisionRepo(Conn& c) : c_(c) {}

  Result<std::optional<domain::Division>> Get(const std::string& code) override {
    return Guard("division.get", [&]() -> Result<std::optional<domain::Division>> {
      auto r = c_.One(kDivisionGet, {code});
      if (!r) return std::optional<domain::Division>{};
      return std::optional<domain::Division>{ToDivision(*r)};
    });
  }

  Result<std::vector<domain::Division>> GetMany(const std::vector<std::string>& codes) override {
    return Guard("division.get_many", [&]() -> Result<std::vector<domain::Division>> {
      std::vector<domain::Division> out;
      for (const auto& code : codes)
        if (auto r = c_.One(kDivisionGet, {code})) out.push_back(ToDivision(*r));
      return out;
    });
  }

  Result<std::vector<domain::Division>> Children(const std::string& code) override {
    return Guard("division.children", [&]() -> Result<std::vector<domain::Division>> {
      std::vector<domain::Division> out;
      c_.Run(kDivisionChildren, {code}, [&](const Row& r) { out.push_back(ToDivision(r)); });
      return out;
    });
  }

  Result<std::vector<domain::Division>> Search(const domain::CodeRange& range,
                                               const std::string& name_part,
                                               int limit) override {
    return Guard("division.search", [&]() -> Result<std::vector<domain::Division>> {
      std::vector<domain::Division> out;
      c_.Run(kDivisionSearch, {range.first, range.last, LikeLiteral(name_part), int64_t{limit}},
             [&](const Row& r) { out.push_back(ToDivision(r)); });
      return out;
    });
  }

  Result<int64_t> Count() override {
    return Guard("division.count",
                 [&]() -> Result<int64_t> { return c_.One(kDivisionCount)->Int(0); });
  }

  Status ForEach(const std::function<bool(const domain::Division&)>& fn) override {
    return Guard("division.all", [&]() -> Status {
      bool go = true;
      c_.Run(kDivisionAll, {}, [&](const Row& r) {
        if (go) go = fn(ToDivision(r));
      });
      return Status::Ok();
    });
  }

  Status Upsert(const std::vector<domain::Division>& divisions) override {
    return Guard("division.upsert", [&]() -> Status {
      for (const auto& d : divisions)
        c_.Exec(kDivisionUpsert, {d.code, d.name, int64_t{static_cast<int>(d.level)},
                                  d.parent_code.empty() ? SqlValue{nullptr} : SqlValue{d.parent_code}});
      if (!divisions.empty()) c_.Exec(kDivisionVersionBump);
      return Status::Ok();
    });
  }

  Result<int64_t> Version() override {
    return Guard("division.version",
                 [&]() -> Result<int64_t> { return c_.One(kDivisionVersion)->Int(0); });
  }

 private:
  Conn& c_;
};

// ---- Directory ------------------------------------------------------------------------

constexpr char kUnitColumns[] =
    "id, name, kind, division_code, county_code, parent_id, disabled, created_at";
constexpr Query kUnitInsert = SIXIA_INSERT_RETURNING_ID(
    "unit.insert",
    "INSERT INTO units(name, kind, division_code, county_code, parent_id, disabled, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7)");
constexpr Query kUnitGet{
    "unit.get",
    "SELECT id, name, kind, division_code, county_code, parent_id, disabled, created_at "
    "FROM units WHERE id = $1",
    nullptr};
constexpr Query kUnitListRange{
    "unit.list_range",
    "SELECT id, name, kind, division_code, county_code, parent_id, disabled, created_at "
    "FROM units WHERE division_code BETWEEN $1 AND $2 AND id > $3 ORDER BY id LIMIT $4",
    nullptr};
constexpr Query kUnitUpdate{
    "unit.update",
    "UPDATE units SET name = $2, kind = $3, division_code = $4, county_code = $5, "
    "parent_id = $6, disabled = $7 WHERE id = $1",
    nullptr};

domain::Unit ToUnit(const Row& r) {
  domain::Unit u;
  u.id = r.Int(0);
  u.name = r.Text(1);
  u.kind = domain::UnitKindFromName(r.Text(2)).value_or(domain::UnitKind::kOther);
  u.division_code = r.Text(3);
  u.county_code = r.Text(4);
  u.parent_id = r.OptInt(5);
  u.disabled = r.Int(6) != 0;
  u.created_at_ms = r.Int(7);
  return u;
}

constexpr Query kUserInsert = SIXIA_INSERT_RETURNING_ID(
    "user.insert",
    "INSERT INTO users(username, display_name, unit_id, password_hash, disabled, created_at, "
    "password_changed_at) VALUES ($1, $2, $3, $4, $5, $6, $6)");
#define SIXIA_USER_COLUMNS                                                               \
  "u.id, u.username, u.display_name, u.unit_id, u.disabled, u.failed_logins, "          \
  "u.failure_window_start, u.locked_until, u.created_at, u.password_hash"
constexpr Query kUserGet{"user.get", "SELECT " SIXIA_USER_COLUMNS " FROM users u WHERE u.id = $1",
                         nullptr};
constexpr Query kUserByName{"user.by_name",
                            "SELECT " SIXIA_USER_COLUMNS " FROM users u WHERE u.username = $1",
                            nullptr};
constexpr Query kUserListRange{
    "user.list_range",
    "SELECT " SIXIA_USER_COLUMNS " FROM users u JOIN units n ON n.id = u.unit_id "
    "WHERE n.division_code BETWEEN $1 AND $2 AND u.id > $3 ORDER BY u.id LIMIT $4",
    nullptr};
constexpr Query kUserListNoUnit{
    "user.list_no_unit",
    "SELECT " SIXIA_USER_COLUMNS " FROM users u WHERE u.unit_id IS NULL AND u.id > $1 "
    "ORDER BY u.id LIMIT $2",
    nullptr};
constexpr Query kUserListUnit{
    "user.list_unit",
    "SELECT " SIXIA_USER_COLUMNS " FROM users u WHERE u.unit_id = $1 AND u.id > $2 "
    "ORDER BY u.id LIMIT $3",
    nullptr};
#undef SIXIA_USER_COLUMNS
constexpr Query kUserUpdate{
    "user.update",
    "UPDATE users SET display_name = $2, unit_id = $3, disabled = $4 WHERE id = $1", nullptr};
constexpr Query kUserSetPassword{
    "user.set_password",
    "UPDATE users SET password_hash = $2, password_changed_at = $3, failed_logins = 0, "
    "locked_until = 0 WHERE id = $1",
    nullptr};
constexpr Query kUserSetFailures{
    "user.set_failures",
    "UPDATE users SET failed_logins = $2, failure_window_start = $3, locked_until = $4 "
    "WHERE id = $1",
    nullptr};
constexpr Query kUserRoleNames{
    "user.role_names",
    "SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = $1 "
    "ORDER BY r.name",
    nullptr};
constexpr Query kUserScopeCodes{
    "user.scope_codes",
    "SELECT division_code FROM user_scopes WHERE user_id = $1 ORDER BY division_code", nullptr};

constexpr Query kRoleList{"role.list",
                          "SELECT id, name, title_zh, permissions, builtin FROM roles ORDER BY id",
                          nullptr};
constexpr Query kRoleGet{"role.get",
                         "SELECT id, name, title_zh, permissions, builtin FROM roles WHERE name = $1",
                         nullptr};
constexpr Query kRoleInsert = SIXIA_INSERT_RETURNING_ID(
    "role.insert",
    "INSERT INTO roles(name, title_zh, permissions, builtin) VALUES ($1, $2, $3, $4)");
constexpr Query kRoleUpdate{
    "role.update", "UPDATE roles SET title_zh = $2, permissions = $3, builtin = $4 WHERE name = $1",
    nullptr};
constexpr Query kRoleGrantCount{
    "role.grant_count",
    "SELECT count(*) FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE r.name = $1",
    nullptr};
constexpr Query kRoleDelete{"role.delete", "DELETE FROM roles WHERE name = $1", nullptr};
constexpr Query kGrantRoles{
    "grant.roles",
    "SELECT r.id, r.name, r.title_zh, r.permissions, r.builtin FROM user_roles ur "
    "JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = $1 ORDER BY r.name",
    nullptr};
constexpr Query kGrantScopes{
    "grant.scopes",
    "SELECT d.code, d.name, d.level, d.parent_code FROM user_scopes s "
    "JOIN divisions d ON d.code = s.division_code WHERE s.user_id = $1 ORDER BY d.code",
    nullptr};
constexpr Query kUserRolesClear{"grant.roles_clear", "DELETE FROM user_roles WHERE user_id = $1",
                                nullptr};
constexpr Query kUserRoleAdd{
    "grant.role_add",
    "INSERT INTO user_roles(user_id, role_id) SELECT $1, id FROM roles WHERE name = $2", nullptr};
constexpr Query kUserScopesClear{"grant.scopes_clear", "DELETE FROM user_scopes WHERE user_id = $1",
                                 nullptr};
constexpr Query kUserScopeAdd{
    "grant.scope_add", "INSERT INTO user_scopes(user_id, division_code) VALUES ($1, $2)", nullptr};

std::string JoinWords(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

std::vector<std::string> SplitWords(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

domain::Role ToRole(const Row& r) {
  domain::Role role;
  role.id = r.Int(0);
  role.name = r.Text(1);
  role.title_zh = r.Text(2);
  role.permissions = SplitWords(r.Text(3));
  role.builtin = r.Int(4) != 0;
  return role;
}

class SqlDirectoryRepo final : public DirectoryRepo {
 public:
  explicit SqlDirectoryRepo(Conn& c) : c_(c) {}

  Result<int64_t> CreateUnit(const domain::Unit& u) override {
    return Guard("unit.insert", [&]() -> Result<int64_t> {
      return c_.InsertId(kUnitInsert,
                    {u.name, std::string(domain::UnitKindName(u.kind)), u.division_code,
                     u.county_code, u.parent_id ? SqlValue{*u.parent_id} : SqlValue{nullptr},
                     int64_t{u.disabled}, u.created_at_ms});
    });
  }

  Result<std::optional<domain::Unit>> GetUnit(int64_t id) override {
    return Guard("unit.get", [&]() -> Result<std::optional<domain::Unit>> {
      auto r = c_.One(kUnitGet, {id});
      if (!r) return std::optional<domain::Unit>{};
      return std::optional<domain::Unit>{ToUnit(*r)};
    });
  }

  Result<std::vector<domain::Unit>> ListUnits(const std::vector<domain::CodeRange>& ranges,
                                              int limit, int64_t after_id) override {
    return Guard("unit.list", [&]() -> Result<std::vector<domain::Unit>> {
      std::vector<domain::Unit> out;
      for (const auto& range : ranges)
        c_.Run(kUnitListRange, {range.first, range.last, after_id, int64_t{limit}},
               [&](const Row& r) { out.push_back(ToUnit(r)); });
      SortAndTrim(out, limit);
      return out;
    });
  }

  Status UpdateUnit(const domain::Unit& u) override {
    return Guard("unit.update", [&]() -> Status {
      c_.Exec(kUnitUpdate, {u.id, u.name, std::string(domain::UnitKindName(u.kind)),
                            u.division_code, u.county_code,
                            u.parent_id ? SqlValue{*u.parent_id} : SqlValue{nullptr},
                            int64_t{u.disabled}});
      if (c_.Changes() == 0) return NotFound("unit not found", "单位不存在");
      return Status::Ok();
    });
  }

  Result<int64_t> CreateUser(const domain::User& u, const std::string& hash) override {
    return Guard("user.insert", [&]() -> Result<int64_t> {
      return c_.InsertId(kUserInsert, {u.username, u.display_name,
                                  u.unit_id ? SqlValue{u.unit_id} : SqlValue{nullptr}, hash,
                                  int64_t{u.disabled}, u.created_at_ms});
    });
  }

  Result<std::optional<domain::User>> GetUser(int64_t id) override {
    return Guard("user.get", [&]() -> Result<std::optional<domain::User>> {
      auto r = c_.One(kUserGet, {id});
      if (!r) return std::optional<domain::User>{};
      return std::optional<domain::User>{WithGrants(ToUser(*r))};
    });
  }

  Result<std::optional<UserCredentials>> GetCredentials(const std::string& username) override {
    return Guard("user.by_name", [&]() -> Result<std::optional<UserCredentials>> {
      auto r = c_.One(kUserByName, {username});
      if (!r) return std::optional<UserCredentials>{};
      return std::optional<UserCredentials>{UserCredentials{ToUser(*r), r->Text(9)}};
    });
  }

  Result<std::vector<domain::User>> ListUsers(const UserFilter& f) override {
    return Guard("user.list", [&]() -> Result<std::vector<domain::User>> {
      std::vector<domain::User> out;
      const int64_t limit = f.limit;
      auto add = [&](const Row& r) { out.push_back(ToUser(r)); };
      if (f.unit_id) {
        c_.Run(kUserListUnit, {*f.unit_id, f.after_id, limit}, add);
      } else {
        for (const auto& range : f.ranges) {
          c_.Run(kUserListRange, {range.first, range.last, f.after_id, limit}, add);
          if (range.first == domain::kNationCode &&
              range.last == std::string(12, '9'))
            c_.Run(kUserListNoUnit, {f.after_id, limit}, add);
        }
      }
      SortAndTrim(out, f.limit);
      for (auto& u : out) u = WithGrants(std::move(u));
      return out;
    });
  }

  Status UpdateUser(const domain::User& u) override {
    return Guard("user.update", [&]() -> Status {
      c_.Exec(kUserUpdate, {u.id, u.display_name,
                            u.unit_id ? SqlValue{u.unit_id} : SqlValue{nullptr},
                            int64_t{u.disabled}});
      if (c_.Changes() == 0) return NotFound("user not found", "用户不存在");
      return Status::Ok();
    });
  }

  Status SetPassword(int64_t user_id, const std::string& hash, int64_t now_ms) override {
    return Guard("user.set_password", [&]() -> Status {
      c_.Exec(kUserSetPassword, {user_id, hash, now_ms});
      if (c_.Changes() == 0) return NotFound("user not found", "用户不存在");
      return Status::Ok();
    });
  }

  Status SetLoginFailures(int64_t user_id, int failures, int64_t window_start_ms,
                          int64_t locked_until_ms) override {
    return Guard("user.set_failures", [&]() -> Status {
      c_.Exec(kUserSetFailures, {user_id, int64_t{failures}, window_start_ms, locked_until_ms});
      return Status::Ok();
    });
  }

  Result<std::vector<domain::Role>> ListRoles() override {
    return Guard("role.list", [&]() -> Result<std::vector<domain::Role>> {
      std::vector<domain::Role> out;
      c_.Run(kRoleList, {}, [&](const Row& r) { out.push_back(ToRole(r)); });
      return out;
    });
  }

  Result<std::optional<domain::Role>> GetRole(const std::string& name) override {
    return Guard("role.get", [&]() -> Result<std::optional<domain::Role>> {
      auto r = c_.One(kRoleGet, {name});
      if (!r) return std::optional<domain::Role>{};
      return std::optional<domain::Role>{ToRole(*r)};
    });
  }

  Result<int64_t> CreateRole(const domain::Role& role) override {
    return Guard("role.insert", [&]() -> Result<int64_t> {
      return c_.InsertId(kRoleInsert, {role.name, role.title_zh, JoinWords(role.permissions),
                                  int64_t{role.builtin}});
    });
  }

  Status UpdateRole(const domain::Role& role) override {
    return Guard("role.update", [&]() -> Status {
      c_.Exec(kRoleUpdate,
              {role.name, role.title_zh, JoinWords(role.permissions), int64_t{role.builtin}});
      if (c_.Changes() == 0) return NotFound("role not found", "角色不存在");
      return Status::Ok();
    });
  }

  Status DeleteRole(const std::string& name) override {
    return Guard("role.delete", [&]() -> Status {
      if (c_.One(kRoleGrantCount, {name})->Int(0) > 0)
        return Conflict("the role is still granted to users", "该角色仍有用户在使用");
      c_.Exec(kRoleDelete, {name});
      if (c_.Changes() == 0) return NotFound("role not found", "角色不存在");
      return Status::Ok();
    });
  }

  Result<UserGrants> GetGrants(int64_t user_id) override {
    return Guard("grant.get", [&]() -> Result<UserGrants> {
      UserGrants g;
      c_.Run(kGrantRoles, {user_id}, [&](const Row& r) { g.roles.push_back(ToRole(r)); });
      c_.Run(kGrantScopes, {user_id}, [&](const Row& r) { g.scopes.push_back(ToDivision(r)); });
      return g;
    });
  }

  Status SetUserRoles(int64_t user_id, const std::vector<std::string>& names) override {
    return Guard("grant.roles", [&]() -> Status {
      c_.Exec(kUserRolesClear, {user_id});
      for (const auto& n : names) {
        c_.Exec(kUserRoleAdd, {user_id, n});
        if (c_.Changes() == 0)
          return NotFound("role " + n + " does not exist", "角色不存在：" + n, "roles");
      }
      return Status::Ok();
    });
  }

  Status SetUserScopes(int64_t user_id, const std::vector<std::string>& codes) override {
    return Guard("grant.scopes", [&]() -> Status {
      c_.Exec(kUserScopesClear, {user_id});
      for (const auto& code : codes) c_.Exec(kUserScopeAdd, {user_id, code});
      return Status::Ok();
    });
  }

 private:
  template <typename T>
  static void SortAndTrim(std::vector<T>& v, int limit) {
    std::sort(v.begin(), v.end(), [](const T& a, const T& b) { return a.id < b.id; });
    v.erase(std::unique(v.begin(), v.end(), [](const T& a, const T& b) { return a.id == b.id; }),
            v.end());
    if (static_cast<int>(v.size()) > limit) v.resize(limit);
  }

  static domain::User ToUser(const Row& r) {
    domain::User u;
    u.id = r.Int(0);
    u.username = r.Text(1);
    u.display_name = r.Text(2);
    u.unit_id = r.Int(3);
    u.disabled = r.Int(4) != 0;
    u.failed_logins = static_cast<int>(r.Int(5));
    u.failure_window_start_ms = r.Int(6);
    u.locked_until_ms = r.Int(7);
    u.created_at_ms = r.Int(8);
    return u;
  }

  domain::User WithGrants(domain::User u) {
    c_.Run(kUserRoleNames, {u.id}, [&](const Row& r) { u.roles.push_back(r.Text(0)); });
    c_.Run(kUserScopeCodes, {u.id}, [&](const Row& r) { u.scope_codes.push_back(r.Text(0)); });
    return u;
  }

  Conn& c_;
};

// ---- Sessions and tokens --------------------------------------------------------------

constexpr Query kAuthEpoch{"auth.epoch", "SELECT value FROM auth_epoch WHERE id = 1", nullptr};
constexpr Query kSessionInsert{
    "session.insert",
    "INSERT INTO sessions(token_hash, user_id, csrf_hash, created_at, last_seen_at) "
    "VALUES ($1, $2, $3, $4, $5)",
    nullptr};
constexpr Query kSessionGet{
    "session.get",
    "SELECT token_hash, user_id, csrf_hash, created_at, last_seen_at FROM sessions "
    "WHERE token_hash = $1",
    nullptr};
constexpr Query kSessionTouch{"session.touch",
                              "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1",
                              nullptr};
constexpr Query kSessionDelete{"session.delete", "DELETE FROM sessions WHERE token_hash = $1",
                               nullptr};
constexpr Query kSessionDeleteUser{"session.delete_user", "DELETE FROM sessions WHERE user_id = $1",
                                   nullptr};
constexpr Query kSessionDeleteExpired{
    "session.delete_expired",
    "DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2", nullptr};
constexpr Query kTokenInsert = SIXIA_INSERT_RETURNING_ID(
    "token.insert",
    "INSERT INTO api_tokens(user_id, name, token_hash, created_at, expires_at) "
    "VALUES ($1, $2, $3, $4, $5)");
constexpr Query kTokenByHash{
    "token.by_hash",
    "SELECT id, user_id, name, token_hash, created_at, expires_at, revoked_at FROM api_tokens "
    "WHERE token_hash = $1",
    nullptr};
constexpr Query kTokenList{
    "token.list",
    "SELECT id, user_id, name, token_hash, created_at, expires_at, revoked_at FROM api_tokens "
    "WHERE user_id = $1 ORDER BY id",
    nullptr};
constexpr Query kTokenRevoke{
    "token.revoke", "UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
    nullptr};

ApiToken ToToken(const Row& r) {
  ApiToken t;
  t.id = r.Int(0);
  t.user_id = r.Int(1);
  t.name = r.Text(2);
  t.token_hash = r.Text(3);
  t.created_at_ms = r.Int(4);
  t.expires_at_ms = r.Int(5);
  t.revoked_at_ms = r.OptInt(6);
  return t;
}

class SqlAuthRepo final : public AuthRepo {
 public:
  explicit SqlAuthRepo(Conn& c) : c_(c) {}

  Result<int64_t> Epoch() override {
    return Guard("auth.epoch", [&]() -> Result<int64_t> { return c_.One(kAuthEpoch)->Int(0); });
  }

  Status CreateSession(const SessionRow& s) override {
    return Guard("session.insert", [&]() -> Status {
      c_.Exec(kSessionInsert,
              {s.token_hash, s.user_id, s.csrf_hash, s.created_at_ms, s.last_seen_ms});
      return Status::Ok();
    });
  }

  Result<std::optional<SessionRow>> GetSession(const std::string& token_hash) override {
    return Guard("session.get", [&]() -> Result<std::optional<SessionRow>> {
      auto r = c_.One(kSessionGet, {token_hash});
      if (!r) return std::optional<SessionRow>{};
      return std::optional<SessionRow>{
          SessionRow{r->Text(0), r->Int(1), r->Text(2), r->Int(3), r->Int(4)}};
    });
  }

  Status TouchSession(const std::string& token_hash, int64_t now_ms) override {
    return Guard("session.touch", [&]() -> Status {
      c_.Exec(kSessionTouch, {token_hash, now_ms});
      return Status::Ok();
    });
  }

  Status DeleteSession(const std::string& token_hash) override {
    return Guard("session.delete", [&]() -> Status {
      c_.Exec(kSessionDelete, {token_hash});
      return Status::Ok();
    });
  }

  Status DeleteUserSessions(int64_t user_id) override {
    return Guard("session.delete_user", [&]() -> Status {
      c_.Exec(kSessionDeleteUser, {user_id});
      return Status::Ok();
    });
  }

  Status DeleteExpiredSessions(int64_t idle_before_ms, int64_t created_before_ms) override {
    return Guard("session.delete_expired", [&]() -> Status {
      c_.Exec(kSessionDeleteExpired, {idle_before_ms, created_before_ms});
      return Status::Ok();
    });
  }

  Result<int64_t> CreateToken(const ApiToken& t) override {
    return Guard("token.insert", [&]() -> Result<int64_t> {
      return c_.InsertId(kTokenInsert,
                    {t.user_id, t.name, t.token_hash, t.created_at_ms, t.expires_at_ms});
    });
  }

  Result<std::optional<ApiToken>> GetTokenByHash(const std::string& token_hash) override {
    return Guard("token.by_hash", [&]() -> Result<std::optional<ApiToken>> {
      auto r = c_.One(kTokenByHash, {token_hash});
      if (!r) return std::optional<ApiToken>{};
      return std::optional<ApiToken>{ToToken(*r)};
    });
  }

  Result<std::vector<ApiToken>> ListTokens(int64_t user_id) override {
    return Guard("token.list", [&]() -> Result<std::vector<ApiToken>> {
      std::vector<ApiToken> out;
      c_.Run(kTokenList, {user_id}, [&](const Row& r) { out.push_back(ToToken(r)); });
      return out;
    });
  }

  Status RevokeToken(int64_t id, int64_t now_ms) override {
    return Guard("token.revoke", [&]() -> Status {
      c_.Exec(kTokenRevoke, {id, now_ms});
      if (c_.Changes() == 0)
        return NotFound("token not found or already revoked", "令牌不存在或已吊销");
      return Status::Ok();
    });
  }

 private:
  Conn& c_;
};

// ---- Audit ----------------------------------------------------------------------------

constexpr Query kAuditHeadLock{"audit.head_lock", "SELECT seq, hash FROM audit_head WHERE id = 1",
                               "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE"};
constexpr Query kAuditHead{"audit.head", "SELECT seq, hash FROM audit_head WHERE id = 1", nullptr};
constexpr Query kAuditInsert{
    "audit.insert",
    "INSERT INTO audit_log(seq, at, actor_id, actor, action, object, outcome, source, detail, "
    "prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    nullptr};
constexpr Query kAuditHeadMove{"audit.head_move",
                               "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", nullptr};
#define SIXIA_AUDIT_COLUMNS \
  "seq, at, actor_id, actor, action, object, outcome, source, detail, prev_hash, hash"
constexpr Query kAuditList{"audit.list",
                           "SELECT " SIXIA_AUDIT_COLUMNS
                           " FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2",
                           nullptr};
constexpr Query kAuditListAction{"audit.list_action",
                                 "SELECT " SIXIA_AUDIT_COLUMNS
                                 " FROM audit_log WHERE action = $3 AND seq > $1 "
                                 "ORDER BY seq LIMIT $2",
                                 nullptr};
constexpr Query kAuditAll{"audit.all", "SELECT " SIXIA_AUDIT_COLUMNS " FROM audit_log ORDER BY seq",
                          nullptr};
#undef SIXIA_AUDIT_COLUMNS

domain::AuditRecord ToAudit(const Row& r) {
  domain::AuditRecord a;
  a.seq = r.Int(0);
  a.at_ms = r.Int(1);
  a.actor_id = r.Int(2);
  a.actor = r.Text(3);
  a.action = r.Text(4);
  a.object = r.Text(5);
  const std::string outcome = r.Text(6);
  a.outcome = outcome == "ok"       ? domain::AuditOutcome::kOk
              : outcome == "denied" ? domain::AuditOutcome::kDenied
                                    : domain::AuditOutcome::kFailed;
  a.source = r.Text(7);
  a.detail = r.Text(8);
  a.prev_hash = r.Text(9);
  a.hash = r.Text(10);
  return a;
}

class SqlAuditRepo final : public AuditRepo {
 public:
  explicit SqlAuditRepo(Conn& c) : c_(c) {}

  Result<AuditHead> LockHead() override {
    return Guard("audit.head_lock", [&]() -> Result<AuditHead> {
      auto r = c_.One(kAuditHeadLock);
      return AuditHead{r->Int(0), r->Text(1)};
    });
  }

  Result<AuditHead> Head() override {
    return Guard("audit.head", [&]() -> Result<AuditHead> {
      auto r = c_.One(kAuditHead);
      return AuditHead{r->Int(0), r->Text(1)};
    });
  }

  Status Append(const domain::AuditRecord& a) override {
    return Guard("audit.insert", [&]() -> Status {
      c_.Exec(kAuditInsert, {a.seq, a.at_ms, a.actor_id, a.actor, a.action, a.object,
                             std::string(domain::AuditOutcomeName(a.outcome)), a.source, a.detail,
                             a.prev_hash, a.hash});
      c_.Exec(kAuditHeadMove, {a.seq, a.hash});
      return Status::Ok();
    });
  }

  Result<std::vector<domain::AuditRecord>> List(const AuditFilter& f) override {
    return Guard("audit.list", [&]() -> Result<std::vector<domain::AuditRecord>> {
      std::vector<domain::AuditRecord> out;
      auto add = [&](const Row& r) { out.push_back(ToAudit(r)); };
      if (f.action.empty())
        c_.Run(kAuditList, {f.after_seq, int64_t{f.limit}}, add);
      else
        c_.Run(kAuditListAction, {f.after_seq, int64_t{f.limit}, f.action}, add);
      return out;
    });
  }

  Status ForEach(const std::function<bool(const domain::AuditRecord&)>& fn) override {
    return Guard("audit.all", [&]() -> Status {
      bool go = true;
      c_.Run(kAuditAll, {}, [&](const Row& r) {
        if (go) go = fn(ToAudit(r));
      });
      return Status::Ok();
    });
  }

 private:
  Conn& c_;
};

class SqlTx final : public Tx {
 public:
  explicit SqlTx(Conn& c)
      : divisions_(c),
        directory_(c),
        auth_(c),
        audit_(c),
        categories_(MakeSqlCategoryRepo(c)),
        petitions_(MakeSqlPetitionRepo(c)),
        conn_(c) {}
  DivisionRepo& divisions() override { return divisions_; }
  DirectoryRepo& directory() override { return directory_; }
  AuthRepo& auth() override { return auth_; }
  AuditRepo& audit() override { return audit_; }
  CategoryRepo& categories() override { return *categories_; }
  PetitionRepo& petitions() override { return *petitions_; }
  OutreachRepo& outreach() override {
    if (!outreach_) outreach_ = MakeSqlOutreachRepo(conn_);  // Made when first used.
    return *outreach_;
  }
  ReceptionRepo& reception() override {
    if (!reception_) reception_ = MakeSqlReceptionRepo(conn_);
    return *reception_;
  }
  FieldSessionRepo& field_sessions() override {
    if (!field_sessions_) field_sessions_ = MakeSqlFieldSessionRepo(conn_);
    return *field_sessions_;
  }
  LinkageRepo& linkage() override {
    if (!linkage_) linkage_ = MakeSqlLinkageRepo(conn_);
    return *linkage_;
  }
  ResearchRepo& research() override {
    if (!research_) research_ = MakeSqlResearchRepo(conn_);
    return *research_;
  }

 private:
  SqlDivisionRepo divisions_;
  SqlDirectoryRepo directory_;
  SqlAuthRepo auth_;
  SqlAuditRepo audit_;
  std::unique_ptr<CategoryRepo> categories_;
  std::unique_ptr<PetitionRepo> petitions_;
  Conn& conn_;
  std::unique_ptr<OutreachRepo> outreach_;
  std::unique_ptr<ReceptionRepo> reception_;
  std::unique_ptr<FieldSessionRepo> field_sessions_;
  std::unique_ptr<LinkageRepo> linkage_;
  std::unique_ptr<ResearchRepo> research_;
};

}  // namespace

std::unique_ptr<Tx> MakeSqlTx(Conn& conn) { return std::make_unique<SqlTx>(conn); }

}  // namespace sixia::store::detail

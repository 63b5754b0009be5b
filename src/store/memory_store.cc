// In-memory Store: the whole database is one State value, published through a
// shared_ptr and never changed once published. A Write() copies it, runs the callback on
// the copy and publishes the copy only on OK; a Read() keeps the state it started on.
// Rules mirror the SQL schema (src/store/migrations) and queries (sql_repos.cc).

#include "store/memory_store.h"

#include <algorithm>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <tuple>
#include <utility>

#include <spdlog/spdlog.h>

#include "common/utf8.h"

namespace sixia::store {
namespace {

struct UserRow {
  domain::User user;  // roles and scope_codes stay empty here; they are filled on reads.
  std::string password_hash;
  int64_t password_changed_at_ms = 0;
};

// One container per table of the SQL schema.
struct State {
  std::map<std::string, domain::Division> divisions;      // By code.
  std::map<int64_t, domain::Unit> units;                  // By id.
  std::map<int64_t, UserRow> users;                       // By id; unit_id 0 means none.
  std::map<int64_t, domain::Role> roles;                  // By id.
  std::set<std::pair<int64_t, int64_t>> user_roles;       // (user_id, role_id).
  std::set<std::pair<int64_t, std::string>> user_scopes;  // (user_id, division_code).
  std::map<std::string, SessionRow> sessions;             // By token hash.
  std::map<int64_t, ApiToken> tokens;                     // By id.
  std::map<int64_t, domain::AuditRecord> audit;           // By seq.
  AuditHead head{0, std::string(64, '0')};
  int64_t auth_epoch = 1;
  int64_t division_version = 1;  // Moved where the SQL schema's auth_epoch triggers fire.
  // Last ids handed out (identity columns).
  int64_t last_unit_id = 0;
  int64_t last_user_id = 0;
  int64_t last_role_id = 0;
  int64_t last_token_id = 0;
  // Petitions (V005).
  std::map<int64_t, std::pair<std::string, int64_t>> category_versions;  // version → (label, leaves)
  std::map<std::pair<int64_t, std::string>, domain::Category> categories;
  std::map<std::string, int64_t> sequences;
  std::map<int64_t, PetitionerRow> petitioners;
  std::map<int64_t, PetitionRow> petitions;        // With people, parties and units.
  std::map<std::pair<int64_t, int64_t>, PetitionEventRow> petition_events;
  std::map<std::tuple<int64_t, std::string, int64_t>, OverdueRow> overdue;
  std::map<int64_t, AttachmentRow> attachments;  // By id.
  std::map<int64_t, DocumentRow> documents;      // By id.
  std::map<int64_t, OutreachRow> outreach;       // By id.
  std::map<int64_t, ReceptionDayRow> reception_days;  // By id.
  std::map<int64_t, domain::LeaderPost> leader_posts;  // By user id.
  std::map<int64_t, FieldSessionRow> field_sessions;   // By id.
  std::map<int64_t, FieldIssueRow> field_issues;       // By id.
  std::map<int64_t, FieldIssuePhotoRow> field_issue_photos;  // By id (V015).
  // Linkage and 双报到 (V013), by id.
  std::map<int64_t, LinkageRow> linkages;
  std::map<int64_t, LinkageVisitRow> linkage_visits;
  std::map<int64_t, CommunityRegistrationRow> community_registrations;
  std::map<int64_t, CommunityServiceRow> community_services;
  // Research and the ledger (V012).
  std::map<int64_t, ResearchProjectRow> research_projects;  // By id, with places.
  std::map<int64_t, ResearchVisitRow> research_visits;      // By id.
  std::map<int64_t, LedgerRow> ledger_items;                // By id.
  std::map<int64_t, ReportRow> research_reports;            // By id, with member ids.
  int64_t last_petitioner_id = 0;
  int64_t last_petition_id = 0;
};

State InitialState() {
  State s;
  domain::Division nation;
  nation.code = domain::kNationCode;
  nation.name = "中华人民共和国";
  nation.level = domain::DivisionLevel::kNation;
  s.divisions.emplace(nation.code, nation);
  return s;
}

Status KeyConflict() {
  return Conflict("the record conflicts with an existing one", "与已有记录冲突");
}

Status ReadOnly() { return Internal("write in a read-only transaction", "只读事务中不能写入"); }

bool InRange(const std::string& code, const domain::CodeRange& range) {
  return range.first <= code && code <= range.last;
}

bool IsNationRange(const domain::CodeRange& range) {
  return range.first == domain::kNationCode && range.last == std::string(12, '9');
}

// Permissions are stored as one space-separated text column by the SQL backends.
std::vector<std::string> NormalizedWords(const std::vector<std::string>& words) {
  std::vector<std::string> out;
  for (const auto& w : words) {
    std::istringstream in(w);
    for (std::string part; in >> part;) out.push_back(part);
  }
  return out;
}

// Every repository reads `s_`; one that changes data writes through `w_`, which is null in
// a read transaction and otherwise points at the same State as `s_`.
class MemoryDivisionRepo final : public DivisionRepo {
 public:
  MemoryDivisionRepo(const State& s, State* w) : s_(s), w_(w) {}

  Result<std::optional<domain::Division>> Get(const std::string& code) override {
    auto it = s_.divisions.find(code);
    if (it == s_.divisions.end()) return std::optional<domain::Division>{};
    return std::optional<domain::Division>{it->second};
  }

  Result<std::vector<domain::Division>> GetMany(const std::vector<std::string>& codes) override {
    std::vector<domain::Division> out;
    for (const auto& code : codes)
      if (auto it = s_.divisions.find(code); it != s_.divisions.end()) out.push_back(it->second);
    return out;
  }

  Result<std::vector<domain::Division>> Children(const std::string& code) override {
    std::vector<domain::Division> out;
    for (const auto& [c, d] : s_.divisions)
      if (!d.parent_code.empty() && d.parent_code == code) out.push_back(d);
    return out;
  }

  Result<std::vector<domain::Division>> Search(const domain::CodeRange& range,
                                               const std::string& name_part, int limit) override {
    std::vector<domain::Division> out;
    for (const auto& [c, d] : s_.divisions)
      if (InRange(c, range) && d.name.find(name_part) != std::string::npos) out.push_back(d);
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return static_cast<int>(a.level) < static_cast<int>(b.level);
    });
    if (static_cast<int>(out.size()) > std::max(limit, 0)) out.resize(std::max(limit, 0));
    return out;
  }

  Result<int64_t> Count() override {
    return static_cast<int64_t>(std::count_if(
        s_.divisions.begin(), s_.divisions.end(),
        [](const auto& e) { return e.second.level != domain::DivisionLevel::kNation; }));
  }

  Status ForEach(const std::function<bool(const domain::Division&)>& fn) override {
    for (const auto& [c, d] : s_.divisions)
      if (d.level != domain::DivisionLevel::kNation && !fn(d)) break;
    return Status::Ok();
  }

  Status Upsert(const std::vector<domain::Division>& divisions) override {
    if (!w_) return ReadOnly();
    for (const auto& d : divisions) w_->divisions[d.code] = d;
    if (!divisions.empty()) ++w_->division_version;
    return Status::Ok();
  }

  Result<int64_t> Version() override { return w_ ? w_->division_version : s_.division_version; }

 private:
  const State& s_;
  State* w_;
};

class MemoryDirectoryRepo final : public DirectoryRepo {
 public:
  MemoryDirectoryRepo(const State& s, State* w) : s_(s), w_(w) {}

  Result<int64_t> CreateUnit(const domain::Unit& unit) override {
    if (!w_) return ReadOnly();
    SIXIA_RETURN_IF_ERROR(CheckUnit(unit, 0));
    domain::Unit row = unit;
    row.id = ++w_->last_unit_id;
    w_->units.emplace(row.id, row);
    return row.id;
  }

  Result<std::optional<domain::Unit>> GetUnit(int64_t id) override {
    auto it = s_.units.find(id);
    if (it == s_.units.end()) return std::optional<domain::Unit>{};
    return std::optional<domain::Unit>{it->second};
  }

  Result<std::vector<domain::Unit>> ListUnits(const std::vector<domain::CodeRange>& ranges,
                                              int limit, int64_t after_id) override {
    std::vector<domain::Unit> out;
    for (auto it = s_.units.upper_bound(after_id);
         it != s_.units.end() && static_cast<int>(out.size()) < limit; ++it) {
      const auto& code = it->second.division_code;
      if (std::any_of(ranges.begin(), ranges.end(),
                      [&](const auto& r) { return InRange(code, r); }))
        out.push_back(it->second);
    }
    return out;
  }

  Status UpdateUnit(const domain::Unit& unit) override {
    if (!w_) return ReadOnly();
    auto it = w_->units.find(unit.id);
    if (it == w_->units.end()) return NotFound("unit not found", "单位不存在");
    SIXIA_RETURN_IF_ERROR(CheckUnit(unit, unit.id));
    domain::Unit& row = it->second;
    row.name = unit.name;
    row.kind = unit.kind;
    row.division_code = unit.division_code;
    row.county_code = unit.county_code;
    row.parent_id = unit.parent_id;
    row.disabled = unit.disabled;
    return Status::Ok();
  }

  Result<int64_t> CreateUser(const domain::User& user, const std::string& password_hash) override {
    if (!w_) return ReadOnly();
    if (FindUser(user.username)) return KeyConflict();
    if (user.unit_id != 0 && !s_.units.count(user.unit_id)) return KeyConflict();
    UserRow row;
    row.user.id = ++w_->last_user_id;
    row.user.username = user.username;
    row.user.display_name = user.display_name;
    row.user.unit_id = user.unit_id;
    row.user.disabled = user.disabled;
    row.user.created_at_ms = user.created_at_ms;
    row.password_hash = password_hash;
    row.password_changed_at_ms = user.created_at_ms;
    w_->users.emplace(row.user.id, row);
    return row.user.id;
  }

  Result<std::optional<domain::User>> GetUser(int64_t id) override {
    auto it = s_.users.find(id);
    if (it == s_.users.end()) return std::optional<domain::User>{};
    return std::optional<domain::User>{WithGrants(it->second.user)};
  }

  Result<std::optional<UserCredentials>> GetCredentials(const std::string& username) override {
    const UserRow* row = FindUser(username);
    if (!row) return std::optional<UserCredentials>{};
    return std::optional<UserCredentials>{UserCredentials{row->user, row->password_hash}};
  }

  Result<std::vector<domain::User>> ListUsers(const UserFilter& filter) override {
    std::vector<domain::User> out;
    for (auto it = s_.users.upper_bound(filter.after_id);
         it != s_.users.end() && static_cast<int>(out.size()) < filter.limit; ++it)
      if (Matches(it->second.user, filter)) out.push_back(WithGrants(it->second.user));
    return out;
  }

  Status UpdateUser(const domain::User& user) override {
    if (!w_) return ReadOnly();
    ++w_->auth_epoch;  // Harmless if the call then fails: the Write is discarded.
    auto it = w_->users.find(user.id);
    if (it == w_->users.end()) return NotFound("user not found", "用户不存在");
    if (user.unit_id != 0 && !s_.units.count(user.unit_id)) return KeyConflict();
    it->second.user.display_name = user.display_name;
    it->second.user.unit_id = user.unit_id;
    it->second.user.disabled = user.disabled;
    return Status::Ok();
  }

  Status SetPassword(int64_t user_id, const std::string& hash, int64_t now_ms) override {
    if (!w_) return ReadOnly();
    ++w_->auth_epoch;  // Harmless if the call then fails: the Write is discarded.
    auto it = w_->users.find(user_id);
    if (it == w_->users.end()) return NotFound("user not found", "用户不存在");
    it->second.password_hash = hash;
    it->second.password_changed_at_ms = now_ms;
    it->second.user.failed_logins = 0;
    it->second.user.locked_until_ms = 0;
    return Status::Ok();
  }

  Status SetLoginFailures(int64_t user_id, int failures, int64_t window_start_ms,
                          int64_t locked_until_ms) override {
    if (!w_) return ReadOnly();
    auto it = w_->users.find(user_id);
    if (it == w_->users.end()) return Status::Ok();  // As the SQL UPDATE: no row, no error.
    it->second.user.failed_logins = failures;
    it->second.user.failure_window_start_ms = window_start_ms;
    it->second.user.locked_until_ms = locked_until_ms;
    return Status::Ok();
  }

  Result<std::vector<domain::Role>> ListRoles() override {
    std::vector<domain::Role> out;
    for (const auto& [id, role] : s_.roles) out.push_back(role);
    return out;
  }

  Result<std::optional<domain::Role>> GetRole(const std::string& name) override {
    const domain::Role* role = FindRole(name);
    if (!role) return std::optional<domain::Role>{};
    return std::optional<domain::Role>{*role};
  }

  Result<int64_t> CreateRole(const domain::Role& role) override {
    if (!w_) return ReadOnly();
    if (FindRole(role.name)) return KeyConflict();
    domain::Role row = role;
    row.id = ++w_->last_role_id;
    row.permissions = NormalizedWords(role.permissions);
    w_->roles.emplace(row.id, row);
    return row.id;
  }

  Status UpdateRole(const domain::Role& role) override {
    if (!w_) return ReadOnly();
    ++w_->auth_epoch;  // Harmless if the call then fails: the Write is discarded.
    const domain::Role* found = FindRole(role.name);
    if (!found) return NotFound("role not found", "角色不存在");
    domain::Role& row = w_->roles.at(found->id);
    row.title_zh = role.title_zh;
    row.permissions = NormalizedWords(role.permissions);
    row.builtin = role.builtin;
    return Status::Ok();
  }

  Status DeleteRole(const std::string& name) override {
    if (!w_) return ReadOnly();
    ++w_->auth_epoch;  // Harmless if the call then fails: the Write is discarded.
    const domain::Role* role = FindRole(name);
    if (!role) return NotFound("role not found", "角色不存在");
    for (const auto& [user_id, role_id] : s_.user_roles)
      if (role_id == role->id)
        return Conflict("the role is still granted to users", "该角色仍有用户在使用");
    w_->roles.erase(role->id);
    return Status::Ok();
  }

  Result<UserGrants> GetGrants(int64_t user_id) override {
    UserGrants g;
    g.roles = RolesOf(user_id);
    for (const auto& code : ScopesOf(user_id)) g.scopes.push_back(s_.divisions.at(code));
    return g;
  }

  Status SetUserRoles(int64_t user_id, const std::vector<std::string>& role_names) override {
    if (!w_) return ReadOnly();
    ++w_->auth_epoch;  // Harmless if the call then fails: the Write is discarded.
    std::erase_if(w_->user_roles, [&](const auto& e) { return e.first == user_id; });
    for (const auto& name : role_names) {
      const domain::Role* role = FindRole(name);
      if (!role)
        return NotFound("role " + name + " does not exist", "角色不存在：" + name, "roles");
      if (!s_.users.count(user_id)) return KeyConflict();
      if (!w_->user_roles.emplace(user_id, role->id).second) return KeyConflict();
    }
    return Status::Ok();
  }

  Status SetUserScopes(int64_t user_id, const std::vector<std::string>& codes) override {
    if (!w_) return ReadOnly();
    ++w_->auth_epoch;  // Harmless if the call then fails: the Write is discarded.
    std::erase_if(w_->user_scopes, [&](const auto& e) { return e.first == user_id; });
    for (const auto& code : codes) {
      if (!s_.users.count(user_id) || !s_.divisions.count(code)) return KeyConflict();
      if (!w_->user_scopes.emplace(user_id, code).second) return KeyConflict();
    }
    return Status::Ok();
  }

 private:
  // Unique (division_code, name) among units other than `self_id`; foreign keys.
  Status CheckUnit(const domain::Unit& unit, int64_t self_id) const {
    for (const auto& [id, other] : s_.units)
      if (id != self_id && other.division_code == unit.division_code && other.name == unit.name)
        return KeyConflict();
    if (!s_.divisions.count(unit.division_code)) return KeyConflict();
    if (unit.parent_id && !s_.units.count(*unit.parent_id)) return KeyConflict();
    return Status::Ok();
  }

  bool Matches(const domain::User& user, const UserFilter& filter) const {
    if (filter.unit_id) return user.unit_id != 0 && user.unit_id == *filter.unit_id;
    for (const auto& range : filter.ranges) {
      if (user.unit_id == 0) {
        if (IsNationRange(range)) return true;
      } else if (InRange(s_.units.at(user.unit_id).division_code, range)) {
        return true;
      }
    }
    return false;
  }

  domain::User WithGrants(domain::User user) const {
    for (const auto& role : RolesOf(user.id)) user.roles.push_back(role.name);
    user.scope_codes = ScopesOf(user.id);
    return user;
  }

  // Granted roles ordered by name.
  std::vector<domain::Role> RolesOf(int64_t user_id) const {
    std::vector<domain::Role> out;
    for (auto it = s_.user_roles.lower_bound({user_id, std::numeric_limits<int64_t>::min()});
         it != s_.user_roles.end() && it->first == user_id; ++it)
      out.push_back(s_.roles.at(it->second));
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return out;
  }

  // Scope roots ordered by code.
  std::vector<std::string> ScopesOf(int64_t user_id) const {
    std::vector<std::string> out;
    for (auto it = s_.user_scopes.lower_bound({user_id, std::string()});
         it != s_.user_scopes.end() && it->first == user_id; ++it)
      out.push_back(it->second);
    return out;
  }

  const UserRow* FindUser(const std::string& username) const {
    for (const auto& [id, row] : s_.users)
      if (row.user.username == username) return &row;
    return nullptr;
  }

  const domain::Role* FindRole(const std::string& name) const {
    for (const auto& [id, role] : s_.roles)
      if (role.name == name) return &role;
    return nullptr;
  }

  const State& s_;
  State* w_;
};

class MemoryAuthRepo final : public AuthRepo {
 public:
  MemoryAuthRepo(const State& s, State* w) : s_(s), w_(w) {}

  Result<int64_t> Epoch() override { return w_ ? w_->auth_epoch : s_.auth_epoch; }

  Status CreateSession(const SessionRow& s) override {
    if (!w_) return ReadOnly();
    if (s_.sessions.count(s.token_hash) || !s_.users.count(s.user_id)) return KeyConflict();
    w_->sessions.emplace(s.token_hash, s);
    return Status::Ok();
  }

  Result<std::optional<SessionRow>> GetSession(const std::string& token_hash) override {
    auto it = s_.sessions.find(token_hash);
    if (it == s_.sessions.end()) return std::optional<SessionRow>{};
    return std::optional<SessionRow>{it->second};
  }

  Status TouchSession(const std::string& token_hash, int64_t now_ms) override {
    if (!w_) return ReadOnly();
    if (auto it = w_->sessions.find(token_hash); it != w_->sessions.end())
      it->second.last_seen_ms = now_ms;
    return Status::Ok();
  }

  Status DeleteSession(const std::string& token_hash) override {
    if (!w_) return ReadOnly();
    ++w_->auth_epoch;  // Harmless if the call then fails: the Write is discarded.
    w_->sessions.erase(token_hash);
    return Status::Ok();
  }

  Status DeleteUserSessions(int64_t user_id) override {
    if (!w_) return ReadOnly();
    ++w_->auth_epoch;  // Harmless if the call then fails: the Write is discarded.
    std::erase_if(w_->sessions, [&](const auto& e) { return e.second.user_id == user_id; });
    return Status::Ok();
  }

  Status DeleteExpiredSessions(int64_t idle_before_ms, int64_t created_before_ms) override {
    if (!w_) return ReadOnly();
    ++w_->auth_epoch;  // Harmless if the call then fails: the Write is discarded.
    std::erase_if(w_->sessions, [&](const auto& e) {
      return e.second.last_seen_ms < idle_before_ms || e.second.created_at_ms < created_before_ms;
    });
    return Status::Ok();
  }

  Result<int64_t> CreateToken(const ApiToken& t) override {
    if (!w_) return ReadOnly();
    if (!s_.users.count(t.user_id)) return KeyConflict();
    for (const auto& [id, other] : s_.tokens)
      if (other.token_hash == t.token_hash) return KeyConflict();
    ApiToken row = t;
    row.id = ++w_->last_token_id;
    row.revoked_at_ms.reset();
    w_->tokens.emplace(row.id, row);
    return row.id;
  }

  Result<std::optional<ApiToken>> GetTokenByHash(const std::string& token_hash) override {
    for (const auto& [id, t] : s_.tokens)
      if (t.token_hash == token_hash) return std::optional<ApiToken>{t};
    return std::optional<ApiToken>{};
  }

  Result<std::vector<ApiToken>> ListTokens(int64_t user_id) override {
    std::vector<ApiToken> out;
    for (const auto& [id, t] : s_.tokens)
      if (t.user_id == user_id) out.push_back(t);
    return out;
  }

  Status RevokeToken(int64_t id, int64_t now_ms) override {
    if (!w_) return ReadOnly();
    ++w_->auth_epoch;  // Harmless if the call then fails: the Write is discarded.
    auto it = w_->tokens.find(id);
    if (it == w_->tokens.end() || it->second.revoked_at_ms)
      return NotFound("token not found or already revoked", "令牌不存在或已吊销");
    it->second.revoked_at_ms = now_ms;
    return Status::Ok();
  }

 private:
  const State& s_;
  State* w_;
};

class MemoryAuditRepo final : public AuditRepo {
 public:
  MemoryAuditRepo(const State& s, State* w) : s_(s), w_(w) {}

  // Writers are serialised by the store, so the head is always "locked" in a Write().
  Result<AuditHead> LockHead() override {
    if (!w_) return ReadOnly();
    return s_.head;
  }

  Result<AuditHead> Head() override { return s_.head; }

  Status Append(const domain::AuditRecord& record) override {
    if (!w_) return ReadOnly();
    if (!w_->audit.emplace(record.seq, record).second) return KeyConflict();
    w_->head = AuditHead{record.seq, record.hash};
    return Status::Ok();
  }

  Result<std::vector<domain::AuditRecord>> List(const AuditFilter& filter) override {
    std::vector<domain::AuditRecord> out;
    for (auto it = s_.audit.upper_bound(filter.after_seq);
         it != s_.audit.end() && static_cast<int>(out.size()) < filter.limit; ++it)
      if (filter.action.empty() || it->second.action == filter.action) out.push_back(it->second);
    return out;
  }

  Status ForEach(const std::function<bool(const domain::AuditRecord&)>& fn) override {
    for (const auto& [seq, record] : s_.audit)
      if (!fn(record)) break;
    return Status::Ok();
  }

 private:
  const State& s_;
  State* w_;
};

class MemoryCategoryRepo final : public CategoryRepo {
 public:
  MemoryCategoryRepo(const State& s, State* w) : s_(s), w_(w) {}

  Result<int64_t> AddVersion(const std::string& label, int64_t,
                             const std::vector<domain::Category>& categories) override {
    if (!w_) return ReadOnly();
    const int64_t version = s_.category_versions.empty() ? 1 : s_.category_versions.rbegin()->first + 1;
    int64_t leaves = 0;
    for (const auto& c : categories) {
      leaves += c.level == 3 ? 1 : 0;
      if (!w_->categories.emplace(std::make_pair(version, c.code), c).second) return KeyConflict();
    }
    w_->category_versions[version] = {label, leaves};
    return version;
  }

  Result<std::optional<int64_t>> LatestVersion() override {
    if (s_.category_versions.empty()) return std::optional<int64_t>();
    return std::optional<int64_t>(s_.category_versions.rbegin()->first);
  }

  Result<std::vector<domain::Category>> List(int64_t version) override {
    std::vector<domain::Category> out;
    for (auto it = s_.categories.lower_bound({version, ""});
         it != s_.categories.end() && it->first.first == version; ++it)
      out.push_back(it->second);
    return out;
  }

  Result<std::optional<domain::Category>> Get(int64_t version, const std::string& code) override {
    auto it = s_.categories.find({version, code});
    if (it == s_.categories.end()) return std::optional<domain::Category>();
    return std::optional<domain::Category>(it->second);
  }

 private:
  const State& s_;
  State* w_;
};

class MemoryPetitionRepo final : public PetitionRepo {
 public:
  MemoryPetitionRepo(const State& s, State* w) : s_(s), w_(w) {}

  Result<int64_t> NextSequence(const std::string& name) override {
    if (!w_) return ReadOnly();
    return ++w_->sequences[name];
  }

  Result<int64_t> CreatePetitioner(const PetitionerRow& row) override {
    if (!w_) return ReadOnly();
    if (!row.division_code.empty() && !s_.divisions.count(row.division_code)) return KeyConflict();
    PetitionerRow r = row;
    r.id = ++w_->last_petitioner_id;
    w_->petitioners[r.id] = r;
    return r.id;
  }

  Result<std::vector<PetitionerRow>> GetPetitioners(const std::vector<int64_t>& ids) override {
    std::vector<PetitionerRow> out;
    for (int64_t id : ids)
      if (auto it = s_.petitioners.find(id); it != s_.petitioners.end()) out.push_back(it->second);
    return out;
  }

  Result<std::vector<int64_t>> FindPetitioners(PersonIndex kind, const std::string& index) override {
    std::vector<int64_t> out;
    for (const auto& [id, p] : s_.petitioners)
      if ((kind == PersonIndex::kIdNumber ? p.id_index : p.phone_index) == index && !index.empty())
        out.push_back(id);
    if (out.size() > 100) out.erase(out.begin(), out.end() - 100);  // The newest 100.
    return out;
  }

  Result<std::vector<int64_t>> PetitionsOf(const std::vector<int64_t>& petitioner_ids,
                                           int limit) override {
    std::vector<int64_t> out;
    for (auto it = s_.petitions.rbegin(); it != s_.petitions.rend(); ++it) {
      if (static_cast<int>(out.size()) >= limit) break;
      for (int64_t pid : it->second.petitioner_ids)
        if (std::find(petitioner_ids.begin(), petitioner_ids.end(), pid) != petitioner_ids.end()) {
          out.push_back(it->first);
          break;
        }
    }
    return out;
  }

  Result<int64_t> CreatePetition(const PetitionRow& row) override {
    if (!w_) return ReadOnly();
    for (const auto& [id, p] : s_.petitions)
      if (p.receipt_no == row.receipt_no) return KeyConflict();
    if (!s_.divisions.count(row.division_code)) return KeyConflict();
    for (int64_t pid : row.petitioner_ids)
      if (!s_.petitioners.count(pid)) return KeyConflict();
    if (row.reception_day_id && !s_.reception_days.count(*row.reception_day_id)) return KeyConflict();
    SIXIA_RETURN_IF_ERROR(CheckUnits(row));
    PetitionRow r = row;
    r.id = ++w_->last_petition_id;
    r.merged_in = 0;
    w_->petitions[r.id] = r;
    return r.id;
  }

  Result<std::optional<PetitionRow>> GetPetition(int64_t id, bool) override {
    auto it = s_.petitions.find(id);
    if (it == s_.petitions.end()) return std::optional<PetitionRow>();
    return std::optional<PetitionRow>(it->second);
  }

  Result<std::optional<PetitionRow>> GetByReceipt(const std::string& receipt_no) override {
    for (const auto& [id, p] : s_.petitions)
      if (p.receipt_no == receipt_no) return std::optional<PetitionRow>(p);
    return std::optional<PetitionRow>();
  }

  Status UpdatePetition(const PetitionRow& row, int64_t expected_event_count) override {
    if (!w_) return ReadOnly();
    auto it = w_->petitions.find(row.id);
    if (it == w_->petitions.end() || it->second.event_count != expected_event_count)
      return Conflict("the petition was changed by someone else meanwhile; reload it",
                      "该信访事项已被他人同时修改，请刷新后重试");
    SIXIA_RETURN_IF_ERROR(CheckUnits(row));
    PetitionRow& p = it->second;
    p.state = row.state;
    p.lead_unit_id = row.lead_unit_id;
    p.assist_unit_ids.clear();
    for (int64_t u : row.assist_unit_ids)
      if (u != row.lead_unit_id.value_or(0)) p.assist_unit_ids.push_back(u);
    p.owning_leader_id = row.owning_leader_id;
    p.merged_into = row.merged_into;
    p.updated_at_ms = row.updated_at_ms;
    p.event_count = row.event_count;
    p.next_due_ms = row.next_due_ms;
    p.counted = row.counted;
    return Status::Ok();
  }

  Status AddParty(int64_t petition_id, const PartyRow& party) override {
    if (!w_) return ReadOnly();
    auto it = w_->petitions.find(petition_id);
    if (it == w_->petitions.end()) return KeyConflict();
    it->second.parties.push_back(party);
    return Status::Ok();
  }

  Status AppendEvent(const PetitionEventRow& event) override {
    if (!w_) return ReadOnly();
    if (!s_.petitions.count(event.petition_id)) return KeyConflict();
    if (!w_->petition_events.emplace(std::make_pair(event.petition_id, event.seq), event).second)
      return KeyConflict();
    return Status::Ok();
  }

  Result<std::vector<PetitionEventRow>> Events(int64_t petition_id) override {
    std::vector<PetitionEventRow> out;
    for (auto it = s_.petition_events.lower_bound({petition_id, 0});
         it != s_.petition_events.end() && it->first.first == petition_id; ++it)
      out.push_back(it->second);
    return out;
  }

  Result<std::vector<PetitionRow>> List(const PetitionFilter& f) override {
    std::vector<PetitionRow> out;
    for (auto it = s_.petitions.rbegin(); it != s_.petitions.rend(); ++it) {
      if (static_cast<int>(out.size()) >= f.limit) break;
      const PetitionRow& p = it->second;
      if (Matches(p, f)) {
        PetitionRow listed = p;
        listed.petitioner_ids.clear();
        listed.parties.clear();
        out.push_back(std::move(listed));
      }
    }
    return out;
  }

  Status ScanCounted(const PetitionScan& scan,
                     const std::function<void(const domain::CountedPetition&)>& visit) override {
    for (const auto& [id, p] : s_.petitions) {
      if (!InRange(p.division_code, scan.range) || p.received_at_ms < scan.from_ms ||
          p.received_at_ms >= scan.to_ms)
        continue;
      if (!p.counted)
        return Internal("petitions without counted facts; run `sixia petitions recount`",
                        "部分信访事项尚未生成统计数据，请运行 sixia petitions recount");
      visit({p.category_code, p.lead_unit_id, p.group_size, p.received_at_ms, p.merged_in,
             p.next_due_ms, *p.counted});
    }
    return Status::Ok();
  }

  Result<std::vector<int64_t>> Uncounted(int64_t after_id, int limit) override {
    std::vector<int64_t> out;
    for (auto it = s_.petitions.upper_bound(after_id);
         it != s_.petitions.end() && static_cast<int>(out.size()) < limit; ++it)
      if (!it->second.counted) out.push_back(it->first);
    return out;
  }

  Result<std::vector<int64_t>> Ids(int64_t after_id, int limit) override {
    std::vector<int64_t> out;
    for (auto it = s_.petitions.upper_bound(after_id);
         it != s_.petitions.end() && static_cast<int>(out.size()) < limit; ++it)
      out.push_back(it->first);
    return out;
  }

  Status AddMergedIn(int64_t petition_id) override {
    if (!w_) return ReadOnly();
    auto it = w_->petitions.find(petition_id);
    if (it != w_->petitions.end()) ++it->second.merged_in;
    return Status::Ok();
  }

  Result<int64_t> AddAttachment(const AttachmentRow& row) override {
    if (!w_) return ReadOnly();
    if (!s_.petitions.count(row.petition_id)) return KeyConflict();
    AttachmentRow r = row;
    r.id = s_.attachments.empty() ? 1 : s_.attachments.rbegin()->first + 1;
    w_->attachments[r.id] = r;
    return r.id;
  }

  Result<std::vector<AttachmentRow>> Attachments(int64_t petition_id) override {
    std::vector<AttachmentRow> out;
    for (const auto& [id, a] : s_.attachments)
      if (a.petition_id == petition_id) out.push_back(a);
    return out;
  }

  Result<int64_t> AddDocument(const DocumentRow& row) override {
    if (!w_) return ReadOnly();
    if (!s_.petitions.count(row.petition_id)) return KeyConflict();
    for (const auto& [id, d] : s_.documents)
      if (d.number == row.number) return KeyConflict();
    DocumentRow r = row;
    r.id = s_.documents.empty() ? 1 : s_.documents.rbegin()->first + 1;
    w_->documents[r.id] = r;
    return r.id;
  }

  Result<std::vector<DocumentRow>> Documents(int64_t petition_id) override {
    std::vector<DocumentRow> out;
    for (const auto& [id, d] : s_.documents)
      if (d.petition_id == petition_id) out.push_back(d);
    return out;
  }

  Result<std::vector<int64_t>> DueBetween(int64_t from_ms, int64_t to_ms, int64_t after_id,
                                          int limit) override {
    std::vector<int64_t> out;
    for (auto it = s_.petitions.upper_bound(after_id);
         it != s_.petitions.end() && static_cast<int>(out.size()) < limit; ++it)
      if (it->second.next_due_ms && *it->second.next_due_ms >= from_ms &&
          *it->second.next_due_ms < to_ms)
        out.push_back(it->first);
    return out;
  }

  Result<bool> RecordOverdue(const OverdueRow& row) override {
    if (!w_) return ReadOnly();
    if (!s_.petitions.count(row.petition_id)) return KeyConflict();
    return w_->overdue.emplace(std::make_tuple(row.petition_id, row.clock, row.due_at_ms), row).second;
  }

  Result<std::vector<OverdueRow>> OverdueOf(int64_t petition_id) override {
    std::vector<OverdueRow> out;
    for (const auto& [key, row] : s_.overdue)
      if (row.petition_id == petition_id) out.push_back(row);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return std::tie(a.due_at_ms, a.clock) < std::tie(b.due_at_ms, b.clock);
    });
    return out;
  }

 private:
  Status CheckUnits(const PetitionRow& row) const {
    if (row.lead_unit_id && !s_.units.count(*row.lead_unit_id)) return KeyConflict();
    for (int64_t u : row.assist_unit_ids)
      if (!s_.units.count(u)) return KeyConflict();
    return Status::Ok();
  }

  // The same predicate as the SQL query petition.list.
  static bool Matches(const PetitionRow& p, const PetitionFilter& f) {
    bool candidate = false;
    for (const auto& r : f.ranges) candidate = candidate || InRange(p.division_code, r);
    if (f.handling_unit_id && *f.handling_unit_id != 0)
      candidate = candidate || p.lead_unit_id == f.handling_unit_id ||
                  std::count(p.assist_unit_ids.begin(), p.assist_unit_ids.end(), *f.handling_unit_id);
    if (f.owner_user_id && *f.owner_user_id != 0)
      candidate = candidate || p.owning_leader_id == f.owner_user_id;
    if (!candidate) return false;
    if (!f.state.empty() && p.state != f.state) return false;
    if (!f.petition_class.empty() && p.petition_class != f.petition_class) return false;
    if (!f.channel.empty() && p.channel != f.channel) return false;
    if (!f.category_prefix.empty() && p.category_code != f.category_prefix &&
        p.category_code.rfind(f.category_prefix + ".", 0) != 0)
      return false;
    if (f.received_from_ms && p.received_at_ms < *f.received_from_ms) return false;
    if (f.received_to_ms && p.received_at_ms >= *f.received_to_ms) return false;
    if (f.due_before_ms && *f.due_before_ms != 0 &&
        !(p.next_due_ms && *p.next_due_ms < *f.due_before_ms &&
          *p.next_due_ms >= f.due_from_ms.value_or(std::numeric_limits<int64_t>::min())))
      return false;
    if (f.before_id > 0 && p.id >= f.before_id) return false;
    if (f.unit_id != 0 && p.lead_unit_id != f.unit_id &&
        !std::count(p.assist_unit_ids.begin(), p.assist_unit_ids.end(), f.unit_id))
      return false;
    for (const auto& x : p.parties) {
      if (x.relation == "accused" && x.unit_id && *x.unit_id == f.viewer_unit_id) return false;
      if (x.user_id && *x.user_id == f.viewer_user_id) return false;
    }
    return true;
  }

  const State& s_;
  State* w_;
};

class MemoryOutreachRepo final : public OutreachRepo {
 public:
  MemoryOutreachRepo(const State& s, State* w) : s_(s), w_(w) {}

  Result<int64_t> Add(const OutreachRow& row) override {
    if (!w_) return ReadOnly();
    if (!s_.divisions.count(row.event.division_code)) return KeyConflict();
    OutreachRow r = row;
    r.event.id = s_.outreach.empty() ? 1 : s_.outreach.rbegin()->first + 1;
    w_->outreach[r.event.id] = r;
    return r.event.id;
  }

  Result<std::optional<OutreachRow>> Get(int64_t id) override {
    auto it = s_.outreach.find(id);
    if (it == s_.outreach.end()) return std::optional<OutreachRow>();
    return std::optional<OutreachRow>(it->second);
  }

  Result<std::vector<OutreachRow>> List(const OutreachFilter& f) override {
    std::vector<OutreachRow> out;
    for (auto it = s_.outreach.rbegin(); it != s_.outreach.rend(); ++it) {
      if (static_cast<int>(out.size()) >= f.limit) break;
      const auto& e = it->second.event;
      if (f.before_id > 0 && e.id >= f.before_id) continue;
      if (!Matches(e, f)) continue;
      if (!f.form.empty() && f.form != domain::OutreachFormName(e.form)) continue;
      if (!f.topic.empty() && f.topic != e.topic) continue;
      out.push_back(it->second);
    }
    return out;
  }

  Result<std::vector<OutreachGroup>> Totals(const OutreachFilter& f) override {
    std::map<std::tuple<std::string, std::string, bool>, OutreachGroup> groups;
    for (const auto& [id, row] : s_.outreach) {
      const auto& e = row.event;
      if (!Matches(e, f)) continue;
      auto& g = groups[{domain::OutreachFormName(e.form), e.topic, e.reached_estimated}];
      g.form = e.form;
      g.topic = e.topic;
      g.estimated = e.reached_estimated;
      ++g.events;
      g.reached += e.reached;
    }
    std::vector<OutreachGroup> out;
    for (auto& [key, g] : groups) out.push_back(g);
    return out;
  }

  Result<std::vector<std::string>> CoveredPlaces(const OutreachFilter& f) override {
    std::set<std::string> places;
    for (const auto& [id, row] : s_.outreach)
      if (Matches(row.event, f)) places.insert(row.event.division_code);
    return std::vector<std::string>(places.begin(), places.end());
  }

 private:
  static bool Matches(const domain::OutreachEvent& e, const OutreachFilter& f) {
    return InRange(e.division_code, f.range) && e.held_on_ms >= f.from_ms && e.held_on_ms < f.to_ms;
  }
  const State& s_;
  State* w_;
};

// As the SQL stores' foreign keys: a reception day's or field session's place, leaders and
// units exist.
template <typename GatheringRow>
Status CheckGatheringRefs(const State& s, const GatheringRow& row) {
  if (!s.divisions.count(row.division_code)) return KeyConflict();
  for (int64_t u : row.leader_user_ids)
    if (!s.users.count(u)) return KeyConflict();
  for (int64_t u : row.unit_ids)
    if (!s.units.count(u)) return KeyConflict();
  return Status::Ok();
}

class MemoryReceptionRepo final : public ReceptionRepo {
 public:
  MemoryReceptionRepo(const State& s, State* w) : s_(s), w_(w) {}

  Result<int64_t> AddDay(const ReceptionDayRow& row) override {
    if (!w_) return ReadOnly();
    SIXIA_RETURN_IF_ERROR(CheckGatheringRefs(s_, row));
    ReceptionDayRow r = row;
    r.id = s_.reception_days.empty() ? 1 : s_.reception_days.rbegin()->first + 1;
    std::sort(r.leader_user_ids.begin(), r.leader_user_ids.end());
    std::sort(r.unit_ids.begin(), r.unit_ids.end());
    w_->reception_days[r.id] = r;
    return r.id;
  }

  Result<std::optional<ReceptionDayRow>> GetDay(int64_t id) override {
    auto it = s_.reception_days.find(id);
    if (it == s_.reception_days.end()) return std::optional<ReceptionDayRow>();
    return std::optional<ReceptionDayRow>(it->second);
  }

  Result<std::vector<ReceptionDayRow>> ListDays(const ReceptionFilter& f) override {
    std::vector<ReceptionDayRow> out;
    for (auto it = s_.reception_days.rbegin(); it != s_.reception_days.rend(); ++it) {
      if (static_cast<int>(out.size()) >= f.limit) break;
      const auto& d = it->second;
      if (f.before_id > 0 && d.id >= f.before_id) continue;
      if (!InRange(d.division_code, f.range) || d.held_on_ms < f.from_ms || d.held_on_ms >= f.to_ms) continue;
      if (f.leader_user_id && std::find(d.leader_user_ids.begin(), d.leader_user_ids.end(),
                                        *f.leader_user_id) == d.leader_user_ids.end())
        continue;
      out.push_back(d);
    }
    return out;
  }

  Result<std::vector<std::pair<int64_t, int64_t>>> DaysOfLeader(int64_t user_id, int64_t from_ms,
                                                                int64_t to_ms) override {
    std::vector<std::pair<int64_t, int64_t>> out;
    for (const auto& [id, d] : s_.reception_days)
      if (d.held_on_ms >= from_ms && d.held_on_ms < to_ms && !d.visit_down &&
          std::find(d.leader_user_ids.begin(), d.leader_user_ids.end(), user_id) != d.leader_user_ids.end())
        out.emplace_back(id, d.held_on_ms);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return std::tie(a.second, a.first) < std::tie(b.second, b.first);
    });
    return out;
  }

  Status SetLeaderPost(int64_t user_id, std::optional<domain::LeaderPost> post, int64_t) override {
    if (!w_) return ReadOnly();
    if (!s_.users.count(user_id)) return KeyConflict();
    if (post)
      w_->leader_posts[user_id] = *post;
    else
      w_->leader_posts.erase(user_id);
    return Status::Ok();
  }

  Result<std::vector<std::pair<int64_t, domain::LeaderPost>>> LeaderPosts() override {
    return std::vector<std::pair<int64_t, domain::LeaderPost>>(s_.leader_posts.begin(), s_.leader_posts.end());
  }

  Result<ReceptionDayCounts> CountPetitions(const std::vector<int64_t>& day_ids) override {
    ReceptionDayCounts c;
    for (const auto& [id, p] : s_.petitions) {
      if (!p.reception_day_id ||
          std::find(day_ids.begin(), day_ids.end(), *p.reception_day_id) == day_ids.end())
        continue;
      ++c.petitions;
      c.people += p.group_size;
      if (p.counted && (p.counted->flags & domain::kCountedSolvedSameDay)) ++c.solved_on_spot;
    }
    return c;
  }

 private:
  const State& s_;
  State* w_;
};

class MemoryFieldSessionRepo final : public FieldSessionRepo {
 public:
  MemoryFieldSessionRepo(const State& s, State* w) : s_(s), w_(w) {}

  Result<int64_t> AddSession(const FieldSessionRow& row) override {
    if (!w_) return ReadOnly();
    SIXIA_RETURN_IF_ERROR(CheckGatheringRefs(s_, row));
    FieldSessionRow r = row;
    r.id = s_.field_sessions.empty() ? 1 : s_.field_sessions.rbegin()->first + 1;
    std::sort(r.leader_user_ids.begin(), r.leader_user_ids.end());
    std::sort(r.unit_ids.begin(), r.unit_ids.end());
    w_->field_sessions[r.id] = r;
    return r.id;
  }

  Result<std::optional<FieldSessionRow>> GetSession(int64_t id) override {
    auto it = s_.field_sessions.find(id);
    if (it == s_.field_sessions.end()) return std::optional<FieldSessionRow>();
    return std::optional<FieldSessionRow>(it->second);
  }

  Result<std::vector<FieldSessionRow>> ListSessions(const domain::CodeRange& range, int64_t from_ms,
                                                    int64_t to_ms, int limit, int64_t before_id) override {
    std::vector<FieldSessionRow> out;
    for (auto it = s_.field_sessions.rbegin(); it != s_.field_sessions.rend(); ++it) {
      if (static_cast<int>(out.size()) >= limit) break;
      const auto& f = it->second;
      if (before_id > 0 && f.id >= before_id) continue;
      if (InRange(f.division_code, range) && f.held_on_ms >= from_ms && f.held_on_ms < to_ms) out.push_back(f);
    }
    return out;
  }

  Result<int64_t> AddIssue(const FieldIssueRow& row) override {
    if (!w_) return ReadOnly();
    if (!s_.field_sessions.count(row.issue.session_id)) return KeyConflict();
    if (row.issue.petition_id && !s_.petitions.count(*row.issue.petition_id)) return KeyConflict();
    FieldIssueRow r = row;
    r.issue.id = s_.field_issues.empty() ? 1 : s_.field_issues.rbegin()->first + 1;
    w_->field_issues[r.issue.id] = r;
    return r.issue.id;
  }

  Result<std::optional<FieldIssueRow>> GetIssue(int64_t id) override {
    auto it = s_.field_issues.find(id);
    if (it == s_.field_issues.end()) return std::optional<FieldIssueRow>();
    return std::optional<FieldIssueRow>(it->second);
  }

  Result<std::vector<FieldIssueRow>> IssuesOf(int64_t session_id) override {
    std::vector<FieldIssueRow> out;
    for (const auto& [id, r] : s_.field_issues)
      if (r.issue.session_id == session_id) out.push_back(r);
    return out;
  }

  Status UpdateIssue(const FieldIssueRow& row, domain::IssueEnd expected_end, bool was_closed) override {
    if (!w_) return ReadOnly();
    auto it = w_->field_issues.find(row.issue.id);
    if (it == w_->field_issues.end() || it->second.issue.end != expected_end ||
        it->second.issue.closed_at_ms.has_value() != was_closed)
      return Conflict("the issue was changed by someone else meanwhile; reload it",
                      "该问题已被他人同时处理，请刷新后重试");
    if (row.issue.petition_id && !s_.petitions.count(*row.issue.petition_id)) return KeyConflict();
    const std::string sealed = it->second.raised_by_sealed;
    it->second = row;
    it->second.raised_by_sealed = sealed;
    return Status::Ok();
  }

  Result<std::vector<FieldIssueRow>> ClosedAssignmentsToReview(const domain::CodeRange& range, int max_chars,
                                                               int limit) override {
    std::vector<FieldIssueRow> out;
    for (const auto& [id, r] : s_.field_issues) {
      if (static_cast<int>(out.size()) >= limit) break;
      const auto& i = r.issue;
      auto session = s_.field_sessions.find(i.session_id);
      if (session == s_.field_sessions.end() || !InRange(session->second.division_code, range)) continue;
      if (i.end != domain::IssueEnd::kAssigned || !i.closed_at_ms) continue;
      const bool late = i.deadline_ms && *i.closed_at_ms > *i.deadline_ms;
      if (late || Utf8Length(TrimBlank(i.evidence)) < static_cast<size_t>(max_chars)) out.push_back(r);
    }
    return out;
  }

  Result<std::optional<int64_t>> AddPhoto(const FieldIssuePhotoRow& row, int max_per_issue) override {
    if (!w_) return ReadOnly();
    if (!s_.field_issues.count(row.issue_id)) return KeyConflict();
    if (static_cast<int>(PhotosOf(row.issue_id)->size()) >= max_per_issue) return std::optional<int64_t>();
    FieldIssuePhotoRow r = row;
    r.id = s_.field_issue_photos.empty() ? 1 : s_.field_issue_photos.rbegin()->first + 1;
    w_->field_issue_photos[r.id] = r;
    return std::optional<int64_t>(r.id);
  }

  Result<bool> RemovePhoto(int64_t issue_id, int64_t photo_id) override {
    if (!w_) return ReadOnly();
    auto it = w_->field_issue_photos.find(photo_id);
    if (it == w_->field_issue_photos.end() || it->second.issue_id != issue_id) return false;
    w_->field_issue_photos.erase(it);
    return true;
  }

  Result<std::vector<FieldIssuePhotoRow>> PhotosOf(int64_t issue_id) override {
    std::vector<FieldIssuePhotoRow> out;
    for (const auto& [id, p] : s_.field_issue_photos)
      if (p.issue_id == issue_id) out.push_back(p);
    return out;
  }

  Result<std::vector<FieldIssuePhotoRow>> PhotosOfSession(int64_t session_id) override {
    std::vector<FieldIssuePhotoRow> out;
    for (const auto& [id, p] : s_.field_issue_photos) {
      auto issue = s_.field_issues.find(p.issue_id);
      if (issue != s_.field_issues.end() && issue->second.issue.session_id == session_id) out.push_back(p);
    }
    return out;
  }

  Result<std::vector<ServiceItem>> ServiceItems() override {
    return std::vector<ServiceItem>{{"employment", "就业帮扶"},
                                    {"household_registration", "户籍办理"},
                                    {"housing_safety", "农房安全"},
                                    {"land_contract", "土地承包"},
                                    {"medical_remote_claim", "医保异地报销"},
                                    {"rural_pension", "农村养老保险"},
                                    {"straw_burning", "秸秆禁烧"},
                                    {"subsistence_allowance", "低保"}};
  }

 private:
  const State& s_;
  State* w_;
};

class MemoryResearchRepo final : public ResearchRepo {
 public:
  MemoryResearchRepo(const State& s, State* w) : s_(s), w_(w) {}

  Result<int64_t> AddProject(const ResearchProjectRow& row) override {
    if (!w_) return ReadOnly();
    if (!s_.users.count(row.project.lead_user_id) || !s_.divisions.count(row.project.division_code))
      return KeyConflict();
    for (const auto& place : row.project.places)
      if (!s_.divisions.count(place)) return KeyConflict();
    ResearchProjectRow r = row;
    r.project.id = NextId(s_.research_projects);
    std::sort(r.project.places.begin(), r.project.places.end());
    w_->research_projects[r.project.id] = r;
    return r.project.id;
  }

  Result<std::optional<ResearchProjectRow>> GetProject(int64_t id) override { return Find(s_.research_projects, id); }

  Result<std::vector<ResearchProjectRow>> ListProjects(const domain::CodeRange& range, int64_t from_ms,
                                                       int64_t to_ms, int limit, int64_t before_id) override {
    std::vector<ResearchProjectRow> out;
    for (auto it = s_.research_projects.rbegin(); it != s_.research_projects.rend(); ++it) {
      if (static_cast<int>(out.size()) >= limit) break;
      const auto& p = it->second.project;
      if (before_id > 0 && p.id >= before_id) continue;
      if (InRange(p.division_code, range) && p.ends_on_ms >= from_ms && p.starts_on_ms < to_ms)
        out.push_back(it->second);
    }
    return out;
  }

  Result<int64_t> AddVisit(const ResearchVisitRow& row) override {
    if (!w_) return ReadOnly();
    if (!s_.research_projects.count(row.visit.project_id) || !s_.divisions.count(row.visit.division_code))
      return KeyConflict();
    ResearchVisitRow r = row;
    r.visit.id = NextId(s_.research_visits);
    w_->research_visits[r.visit.id] = r;
    return r.visit.id;
  }

  Result<std::optional<ResearchVisitRow>> GetVisit(int64_t id) override { return Find(s_.research_visits, id); }

  Result<std::vector<ResearchVisitRow>> VisitsOf(int64_t project_id) override {
    std::vector<ResearchVisitRow> out;
    for (const auto& [id, v] : s_.research_visits)
      if (v.visit.project_id == project_id) out.push_back(v);
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return a.visit.visited_on_ms < b.visit.visited_on_ms;
    });
    return out;
  }

  Result<int64_t> AddItem(const LedgerRow& row) override {
    if (!w_) return ReadOnly();
    SIXIA_RETURN_IF_ERROR(CheckItemRefs(row));
    LedgerRow r = row;
    r.item.id = NextId(s_.ledger_items);
    w_->ledger_items[r.item.id] = r;
    return r.item.id;
  }

  Result<std::optional<LedgerRow>> GetItem(int64_t id) override { return Find(s_.ledger_items, id); }

  Status UpdateItem(const LedgerRow& row, domain::ItemStatus expected) override {
    if (!w_) return ReadOnly();
    auto it = w_->ledger_items.find(row.item.id);
    if (it == w_->ledger_items.end() || it->second.item.status != expected)
      return Conflict("the item was changed by someone else meanwhile; reload it",
                      "该条目已被他人同时修改，请刷新后重试");
    SIXIA_RETURN_IF_ERROR(CheckItemRefs(row));
    // As the SQL UPDATE: kind, project, source and creation stay.
    LedgerRow next = it->second;
    auto& i = next.item;
    i.division_code = row.item.division_code;
    i.parent_id = row.item.parent_id;
    i.title = row.item.title;
    i.detail = row.item.detail;
    i.unit_id = row.item.unit_id;
    i.person_user_id = row.item.person_user_id;
    i.deadline_ms = row.item.deadline_ms;
    i.task_kind = row.item.task_kind;
    i.status = row.item.status;
    i.done_at_ms = row.item.done_at_ms;
    i.evidence = row.item.evidence;
    i.verified_by = row.item.verified_by;
    next.updated_at_ms = row.updated_at_ms;
    it->second = next;
    return Status::Ok();
  }

  Result<std::vector<LedgerRow>> Children(int64_t parent_id) override {
    return Select([&](const LedgerRow& r) { return r.item.parent_id == parent_id; });
  }

  Result<std::vector<LedgerRow>> Subtree(int64_t root_id) override {
    std::set<int64_t> in;
    if (s_.ledger_items.count(root_id)) in.insert(root_id);
    for (bool grew = true; grew;) {  // Items are few in the fake; a fixpoint is enough.
      grew = false;
      for (const auto& [id, r] : s_.ledger_items)
        if (r.item.parent_id && in.count(*r.item.parent_id) && in.insert(id).second) grew = true;
    }
    return Select([&](const LedgerRow& r) { return in.count(r.item.id) > 0; });
  }

  Result<std::vector<LedgerRow>> ProjectRoots(int64_t project_id) override {
    return Select([&](const LedgerRow& r) { return r.item.project_id == project_id && !r.item.parent_id; });
  }

  Result<std::vector<LedgerRow>> OpenTasks(const OpenTaskFilter& f) override {
    auto all = Select([&](const LedgerRow& r) {
      const auto& i = r.item;
      if (i.kind != domain::ItemKind::kTask || i.status != domain::ItemStatus::kOpen || !i.deadline_ms) return false;
      if (!InRange(i.division_code, f.range)) return false;
      if (f.person_user_id && i.person_user_id != f.person_user_id) return false;
      if (f.unit_id && i.unit_id != f.unit_id) return false;
      if (f.due_before_ms && *i.deadline_ms >= *f.due_before_ms) return false;
      return !f.after || std::pair(*i.deadline_ms, i.id) > *f.after;
    });
    if (!all.ok()) return all.status();
    auto out = std::move(*all);
    std::sort(out.begin(), out.end(), [](const LedgerRow& a, const LedgerRow& b) {
      return std::pair(*a.item.deadline_ms, a.item.id) < std::pair(*b.item.deadline_ms, b.item.id);
    });
    if (static_cast<int>(out.size()) > f.limit) out.resize(f.limit);
    return out;
  }

  Result<std::vector<LedgerRow>> ProblemsWithoutResponsible(const domain::CodeRange& range, int limit) override {
    std::set<int64_t> answered;
    for (const auto& [id, r] : s_.ledger_items)
      if (r.item.kind == domain::ItemKind::kResponsibility && r.item.parent_id) answered.insert(*r.item.parent_id);
    return Select(
        [&](const LedgerRow& r) {
          const auto& i = r.item;
          return i.kind == domain::ItemKind::kProblem && i.status == domain::ItemStatus::kOpen &&
                 InRange(i.division_code, range) && !i.person_user_id && !answered.count(i.id);
        },
        limit);
  }

  Result<std::vector<LedgerRow>> DoneTasksWithShortEvidence(const domain::CodeRange& range, int max_chars,
                                                            int limit) override {
    return Select(
        [&](const LedgerRow& r) {
          const auto& i = r.item;
          return i.kind == domain::ItemKind::kTask && i.status == domain::ItemStatus::kDone &&
                 InRange(i.division_code, range) &&
                 Utf8Length(TrimBlank(i.evidence)) < static_cast<size_t>(max_chars);
        },
        limit);
  }

  Result<std::vector<LedgerRow>> TasksDoneLate(const domain::CodeRange& range, int limit) override {
    return Select(
        [&](const LedgerRow& r) {
          const auto& i = r.item;
          return i.kind == domain::ItemKind::kTask && i.status == domain::ItemStatus::kDone &&
                 InRange(i.division_code, range) && i.done_at_ms && i.deadline_ms && *i.done_at_ms > *i.deadline_ms;
        },
        limit);
  }

  Result<domain::ReportFigures> CountFigures(const FigureFilter& f) override {
    domain::ReportFigures out;
    if (f.project_id) {
      out.projects = 1;
    } else {
      for (const auto& [id, p] : s_.research_projects)
        if (InRange(p.project.division_code, f.range) && p.project.ends_on_ms >= f.from_ms &&
            p.project.starts_on_ms < f.to_ms)
          ++out.projects;
    }
    for (const auto& [id, r] : s_.research_visits) {
      const auto& v = r.visit;
      const bool mine = f.project_id ? v.project_id == *f.project_id : InRange(v.division_code, f.range);
      if (!mine || v.visited_on_ms < f.from_ms || v.visited_on_ms >= f.to_ms) continue;
      ++out.visits;
      out.people_met += v.people_met;
    }
    for (const auto& [id, r] : s_.ledger_items) {
      const auto& i = r.item;
      const bool mine = f.project_id ? i.project_id == f.project_id : InRange(i.division_code, f.range);
      if (!mine || r.created_at_ms < f.from_ms || r.created_at_ms >= f.to_ms) continue;
      if (i.kind == domain::ItemKind::kProblem) ++out.problems;
      if (i.kind == domain::ItemKind::kOutcome) ++out.outcomes;
      if (i.kind != domain::ItemKind::kTask) continue;
      ++out.tasks;
      if (i.status == domain::ItemStatus::kDone) ++out.tasks_done;
      else if (i.deadline_ms && *i.deadline_ms < f.now_ms) ++out.tasks_overdue;
    }
    return out;
  }

  Result<int64_t> AddReport(const ReportRow& row) override {
    if (!w_) return ReadOnly();
    if (!s_.users.count(row.author_user_id) || !s_.divisions.count(row.division_code)) return KeyConflict();
    if (row.project_id && !s_.research_projects.count(*row.project_id)) return KeyConflict();
    for (int64_t m : row.member_ids)
      if (!s_.research_reports.count(m)) return KeyConflict();
    ReportRow r = row;
    r.id = NextId(s_.research_reports);
    std::sort(r.member_ids.begin(), r.member_ids.end());
    w_->research_reports[r.id] = r;
    return r.id;
  }

  Result<std::optional<ReportRow>> GetReport(int64_t id) override { return Find(s_.research_reports, id); }

  Result<std::vector<ReportRow>> ListReports(const domain::CodeRange& range, int64_t from_ms, int64_t to_ms,
                                             std::optional<bool> consolidated, int limit,
                                             int64_t before_id) override {
    std::vector<ReportRow> out;
    for (auto it = s_.research_reports.rbegin(); it != s_.research_reports.rend(); ++it) {
      if (static_cast<int>(out.size()) >= limit) break;
      const auto& r = it->second;
      if (before_id > 0 && r.id >= before_id) continue;
      if (InRange(r.division_code, range) && r.to_ms > from_ms && r.from_ms < to_ms &&
          (!consolidated || r.consolidated == *consolidated))
        out.push_back(r);
    }
    return out;
  }

 private:
  template <typename Map>
  static int64_t NextId(const Map& m) {
    return m.empty() ? 1 : m.rbegin()->first + 1;
  }
  template <typename Map>
  static auto Find(const Map& m, int64_t id) -> Result<std::optional<typename Map::mapped_type>> {
    auto it = m.find(id);
    if (it == m.end()) return std::optional<typename Map::mapped_type>();
    return std::optional<typename Map::mapped_type>(it->second);
  }
  template <typename Pred>
  Result<std::vector<LedgerRow>> Select(Pred pred, int limit = std::numeric_limits<int>::max()) {
    std::vector<LedgerRow> out;
    for (const auto& [id, r] : s_.ledger_items) {
      if (static_cast<int>(out.size()) >= limit) break;
      if (pred(r)) out.push_back(r);
    }
    return out;
  }
  // The foreign keys of the SQL schema.
  Status CheckItemRefs(const LedgerRow& row) const {
    const auto& i = row.item;
    if (!s_.divisions.count(i.division_code)) return KeyConflict();
    if (i.parent_id && !s_.ledger_items.count(*i.parent_id)) return KeyConflict();
    if (i.project_id && !s_.research_projects.count(*i.project_id)) return KeyConflict();
    if (i.unit_id && !s_.units.count(*i.unit_id)) return KeyConflict();
    for (auto user : {i.person_user_id, i.verified_by})
      if (user && !s_.users.count(*user)) return KeyConflict();
    return Status::Ok();
  }
  const State& s_;
  State* w_;
};

// As the SQL schema (V013): the leader, unit, village and places exist; a link names exactly
// one of a unit and a village; visits and services belong to an existing link/registration.
class MemoryLinkageRepo final : public LinkageRepo {
 public:
  MemoryLinkageRepo(const State& s, State* w) : s_(s), w_(w) {}

  Result<int64_t> AddLinkage(const LinkageRow& row) override {
    if (!w_) return ReadOnly();
    const auto& l = row.link;
    if (!s_.users.count(l.leader_user_id) || !s_.divisions.count(row.division_code)) return KeyConflict();
    if (l.unit_id.has_value() == !l.village_code.empty()) return KeyConflict();
    if (l.unit_id && !s_.units.count(*l.unit_id)) return KeyConflict();
    if (!l.village_code.empty() && !s_.divisions.count(l.village_code)) return KeyConflict();
    if (l.to_ms && *l.to_ms < l.from_ms) return KeyConflict();
    LinkageRow r = row;
    r.link.id = s_.linkages.empty() ? 1 : s_.linkages.rbegin()->first + 1;
    w_->linkages[r.link.id] = r;
    return r.link.id;
  }

  Result<std::optional<LinkageRow>> GetLinkage(int64_t id) override {
    auto it = s_.linkages.find(id);
    if (it == s_.linkages.end()) return std::optional<LinkageRow>();
    return std::optional<LinkageRow>(it->second);
  }

  Result<std::vector<LinkageRow>> ListLinkages(const LinkageFilter& f) override {
    std::vector<LinkageRow> out;
    for (auto it = s_.linkages.rbegin(); it != s_.linkages.rend(); ++it) {
      if (static_cast<int>(out.size()) >= f.limit) break;
      const auto& r = it->second;
      if (f.before_id > 0 && r.link.id >= f.before_id) continue;
      if (!InRange(r.division_code, f.range) || !domain::ActiveIn(r.link, f.from_ms, f.to_ms)) continue;
      if (f.leader_user_id && r.link.leader_user_id != *f.leader_user_id) continue;
      out.push_back(r);
    }
    return out;
  }

  Result<int64_t> AddVisit(const LinkageVisitRow& row) override {
    if (!w_) return ReadOnly();
    if (!s_.linkages.count(row.visit.linkage_id) || !s_.divisions.count(row.visit.division_code))
      return KeyConflict();
    LinkageVisitRow r = row;
    r.visit.id = s_.linkage_visits.empty() ? 1 : s_.linkage_visits.rbegin()->first + 1;
    w_->linkage_visits[r.visit.id] = r;
    return r.visit.id;
  }

  Result<std::vector<LinkageVisitRow>> VisitsOf(int64_t linkage_id) override {
    std::vector<LinkageVisitRow> out;
    for (const auto& [id, r] : s_.linkage_visits)
      if (r.visit.linkage_id == linkage_id) out.push_back(r);
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return a.visit.visited_on_ms < b.visit.visited_on_ms;
    });
    return out;
  }

  Result<std::vector<LinkageActivityRow>> Activity(const domain::CodeRange& range, int64_t from_ms, int64_t to_ms,
                                                   int64_t as_of_ms) override {
    std::vector<LinkageActivityRow> out;
    for (const auto& [id, r] : s_.linkages) {
      if (!InRange(r.division_code, range) || !domain::ActiveIn(r.link, from_ms, to_ms)) continue;
      LinkageActivityRow a{r, 0, std::nullopt};
      for (const auto& [vid, v] : s_.linkage_visits) {
        if (v.visit.linkage_id != id) continue;
        const int64_t day = v.visit.visited_on_ms;
        if (day >= from_ms && day < to_ms) ++a.visits;
        if (day < as_of_ms && (!a.last_visit_ms || day > *a.last_visit_ms)) a.last_visit_ms = day;
      }
      out.push_back(std::move(a));
    }
    return out;
  }

  Result<int64_t> AddRegistration(const CommunityRegistrationRow& row) override {
    if (!w_) return ReadOnly();
    const auto& g = row.registration;
    if (!s_.divisions.count(g.community_code) || !s_.units.count(g.unit_id)) return KeyConflict();
    CommunityRegistrationRow r = row;
    r.registration.id = s_.community_registrations.empty() ? 1 : s_.community_registrations.rbegin()->first + 1;
    w_->community_registrations[r.registration.id] = r;
    return r.registration.id;
  }

  Result<std::optional<CommunityRegistrationRow>> GetRegistration(int64_t id) override {
    auto it = s_.community_registrations.find(id);
    if (it == s_.community_registrations.end()) return std::optional<CommunityRegistrationRow>();
    return std::optional<CommunityRegistrationRow>(it->second);
  }

  Result<std::vector<CommunityRegistrationRow>> ListRegistrations(const RegistrationFilter& f) override {
    std::vector<CommunityRegistrationRow> out;
    for (auto it = s_.community_registrations.rbegin(); it != s_.community_registrations.rend(); ++it) {
      if (static_cast<int>(out.size()) >= f.limit) break;
      const auto& g = it->second.registration;
      if (f.before_id > 0 && g.id >= f.before_id) continue;
      if (!InRange(g.community_code, f.range)) continue;
      if (f.unit_id && g.unit_id != *f.unit_id) continue;
      out.push_back(it->second);
    }
    return out;
  }

  Result<int64_t> AddService(const CommunityServiceRow& row) override {
    if (!w_) return ReadOnly();
    if (!s_.community_registrations.count(row.service.registration_id)) return KeyConflict();
    if (row.service.minutes && *row.service.minutes < 0) return KeyConflict();
    CommunityServiceRow r = row;
    r.service.id = s_.community_services.empty() ? 1 : s_.community_services.rbegin()->first + 1;
    w_->community_services[r.service.id] = r;
    return r.service.id;
  }

  Result<std::vector<CommunityServiceRow>> ServicesOf(int64_t registration_id) override {
    std::vector<CommunityServiceRow> out;
    for (const auto& [id, r] : s_.community_services)
      if (r.service.registration_id == registration_id) out.push_back(r);
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return a.service.served_on_ms < b.service.served_on_ms;
    });
    return out;
  }

  Result<std::vector<std::pair<CommunityRegistrationRow, int64_t>>> ServiceCounts(const domain::CodeRange& range,
                                                                                  int64_t registered_before_ms,
                                                                                  int64_t from_ms,
                                                                                  int64_t to_ms) override {
    std::vector<std::pair<CommunityRegistrationRow, int64_t>> out;
    for (const auto& [id, r] : s_.community_registrations) {
      const auto& g = r.registration;
      if (!InRange(g.community_code, range) || g.registered_on_ms >= registered_before_ms) continue;
      int64_t n = 0;
      for (const auto& [sid, s] : s_.community_services)
        if (s.service.registration_id == id && s.service.served_on_ms >= from_ms && s.service.served_on_ms < to_ms) ++n;
      out.emplace_back(r, n);
    }
    return out;
  }

 private:
  const State& s_;
  State* w_;
};

class MemoryTx final : public Tx {
 public:
  // `w` is null for a read transaction, else the same object as `s`.
  MemoryTx(const State& s, State* w)
      : divisions_(s, w),
        directory_(s, w),
        auth_(s, w),
        audit_(s, w),
        categories_(s, w),
        petitions_(s, w),
        outreach_(s, w),
        reception_(s, w),
        field_sessions_(s, w),
        linkage_(s, w),
        research_(s, w) {}
  DivisionRepo& divisions() override { return divisions_; }
  DirectoryRepo& directory() override { return directory_; }
  AuthRepo& auth() override { return auth_; }
  AuditRepo& audit() override { return audit_; }
  CategoryRepo& categories() override { return categories_; }
  PetitionRepo& petitions() override { return petitions_; }
  OutreachRepo& outreach() override { return outreach_; }
  ReceptionRepo& reception() override { return reception_; }
  FieldSessionRepo& field_sessions() override { return field_sessions_; }
  LinkageRepo& linkage() override { return linkage_; }
  ResearchRepo& research() override { return research_; }

 private:
  MemoryDivisionRepo divisions_;
  MemoryDirectoryRepo directory_;
  MemoryAuthRepo auth_;
  MemoryAuditRepo audit_;
  MemoryCategoryRepo categories_;
  MemoryPetitionRepo petitions_;
  MemoryOutreachRepo outreach_;
  MemoryReceptionRepo reception_;
  MemoryFieldSessionRepo field_sessions_;
  MemoryLinkageRepo linkage_;
  MemoryResearchRepo research_;
};

class MemoryStore final : public Store {
 public:
  MemoryStore() : state_(std::make_shared<const State>(InitialState())) {}

  Backend backend() const override { return Backend::kMemory; }

  Status Read(const std::function<Status(Tx&)>& fn) override {
    const std::shared_ptr<const State> snapshot = Current();
    MemoryTx tx(*snapshot, nullptr);
    return Guard("memory.read", fn, tx);
  }

  Status Write(const std::function<Status(Tx&)>& fn) override {
    std::lock_guard write_lock(write_mu_);
    auto next = std::make_shared<State>(*Current());
    MemoryTx tx(*next, next.get());
    Status st = Guard("memory.write", fn, tx);
    if (!st.ok()) return st;
    std::lock_guard lock(mu_);
    state_ = std::move(next);
    return Status::Ok();
  }

  Status BackupTo(const std::string&) override {
    return Unprocessable("online backup is for SQLite stores only", "仅 SQLite 存储支持在线备份");
  }

 private:
  std::shared_ptr<const State> Current() {
    std::lock_guard lock(mu_);
    return state_;
  }

  // As the SQL stores: an exception escaping a callback becomes kInternal.
  static Status Guard(const char* where, const std::function<Status(Tx&)>& fn, Tx& tx) {
    try {
      return fn(tx);
    } catch (const std::exception& e) {
      spdlog::error("{}: unexpected exception: {}", where, e.what());
      return Internal();
    }
  }

  std::mutex write_mu_;  // Held for a whole Write(): one writer at a time.
  std::mutex mu_;
  std::shared_ptr<const State> state_;  // Guarded by mu_; never changed once published.
};

}  // namespace

std::unique_ptr<Store> NewMemoryStore() { return std::make_unique<MemoryStore>(); }

}  // namespace sixia::store

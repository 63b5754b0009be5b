#pragma once
// Use cases for units (单位), users and roles, run by the administrators. Every call
// checks the caller in security::AccessPolicy and writes its audit record in the same
// transaction. Thread-safe; call from worker threads (hashing, database).

#include <optional>
#include <string>
#include <vector>

#include "app/audit_log.h"
#include "app/options.h"
#include "common/clock.h"
#include "security/password_hasher.h"
#include "security/policy.h"
#include "store/store.h"

namespace sixia::app {

struct UnitInput {
  std::string name;
  domain::UnitKind kind = domain::UnitKind::kOther;
  std::string division_code;
  std::optional<int64_t> parent_id;
};

struct UnitPatch {
  std::optional<std::string> name;
  std::optional<domain::UnitKind> kind;
  std::optional<std::optional<int64_t>> parent_id;  // Set to nullopt-inside to clear.
  std::optional<bool> disabled;
};

struct UserInput {
  std::string username;
  std::string display_name;
  std::optional<int64_t> unit_id;   // None: a nation-wide account (administrators).
  std::string password;
  std::vector<std::string> roles;   // Only with role.manage (or from the CLI).
  std::vector<std::string> scopes;  // Default: the unit's division, or the nation.
};

struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<int64_t> unit_id;
  std::optional<bool> disabled;
};

struct Grants {
  std::vector<std::string> roles;
  std::vector<std::string> scopes;
};

struct RoleInput {
  std::string name;
  std::string title_zh;
  std::vector<std::string> permissions;
};

struct Page {
  int limit = 100;       // 1..500
  int64_t after_id = 0;  // Keyset cursor: ids greater than this.
};

class DirectoryService {
 public:
  DirectoryService(store::Store& store, const Clock& clock, const security::PasswordHasher& hasher,
                   const security::AccessPolicy& policy, const AuditLog& audit,
                   const Options& options);

  // The all-powerful-but-audited principal of the local CLI (whoever holds the data
  // folder): every non-case permission, nation-wide scope.
  static security::Principal CliPrincipal();

  Result<domain::Unit> CreateUnit(const security::Principal& p, const Actor& a, const UnitInput& in);
  Result<domain::Unit> GetUnit(const security::Principal& p, int64_t id);
  Result<std::vector<domain::Unit>> ListUnits(const security::Principal& p, const Page& page);
  Result<domain::Unit> UpdateUnit(const security::Principal& p, const Actor& a, int64_t id,
                                  const UnitPatch& patch);

  Result<domain::User> CreateUser(const security::Principal& p, const Actor& a, const UserInput& in);
  Result<domain::User> GetUser(const security::Principal& p, int64_t id);
  Result<domain::User> GetUserByName(const security::Principal& p, const std::string& username);
  Result<std::vector<domain::User>> ListUsers(const security::Principal& p, const Page& page,
                                              std::optional<int64_t> unit_id);
  Result<domain::User> UpdateUser(const security::Principal& p, const Actor& a, int64_t id,
                                  const UserPatch& patch);
  // Sets a new password (policy-checked) and ends the user's sessions.
  Status ResetPassword(const security::Principal& p, const Actor& a, int64_t id,
                       const std::string& password);
  Status Unlock(const security::Principal& p, const Actor& a, int64_t id);
  Result<domain::User> SetGrants(const security::Principal& p, const Actor& a, int64_t id,
                                 const Grants& grants);

  Result<std::vector<domain::Role>> ListRoles(const security::Principal& p);
  Result<domain::Role> CreateRole(const security::Principal& p, const Actor& a, const RoleInput& in);
  Result<domain::Role> UpdateRole(const security::Principal& p, const Actor& a, const RoleInput& in);
  Status DeleteRole(const security::Principal& p, const Actor& a, const std::string& name);

  // Installs or refreshes the built-in roles (at every start).
  Status EnsureBuiltinRoles();

 private:
  Status CheckUnitVisible(store::Tx& tx, const security::Principal& p, security::Permission perm,
                          const domain::Unit& unit) const;
  Status CheckUserVisible(store::Tx& tx, const security::Principal& p, security::Permission perm,
                          const domain::User& user) const;
  Result<domain::User> LoadVisibleUser(store::Tx& tx, const security::Principal& p,
                                       security::Permission perm, int64_t id) const;
  Status CheckGrants(store::Tx& tx, const security::Principal& p, const Grants& grants) const;
  Status ValidatePassword(const std::string& password) const;

  store::Store& store_;
  const Clock& clock_;
  const security::PasswordHasher& hasher_;
  const security::AccessPolicy& policy_;
  const AuditLog& audit_;
  const Options& options_;
};

// Scope subtrees of a principal as code ranges (for store filters).
std::vector<domain::CodeRange> ScopeRanges(const security::Principal& p);

}  // namespace sixia::app

#include "app/directory_service.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "domain/password_policy.h"

namespace sixia::app {
namespace {

using domain::AuditOutcome;
using security::AccessPolicy;
using security::Permission;

std::string Ref(const char* kind, int64_t id) { return std::string(kind) + ":" + std::to_string(id); }

Status UnitNotFound() { return NotFound("unit not found", "单位不存在或不在您的管辖范围内"); }
Status UserNotFound() { return NotFound("user not found", "用户不存在或不在您的管辖范围内"); }

Status CheckPage(const Page& page) {
  if (page.limit < 1 || page.limit > 500)
    return InvalidArgument("limit must be between 1 and 500", "limit 应在1至500之间", "limit");
  if (page.after_id < 0)
    return InvalidArgument("after must not be negative", "after 不能为负数", "after");
  return Status::Ok();
}

// Resolves a division code that a write refers to: 400 malformed, 422 unknown.
Result<domain::Division> ExistingDivision(store::Tx& tx, const std::string& code,
                                          const std::string& field) {
  SIXIA_RETURN_IF_ERROR(domain::ValidateDivisionCode(code, field));
  SIXIA_ASSIGN_OR_RETURN(auto d, tx.divisions().Get(code));
  if (!d) return Unprocessable("division " + code + " does not exist", "行政区划不存在：" + code, field);
  return *d;
}

}  // namespace

std::vector<domain::CodeRange> ScopeRanges(const security::Principal& p) {
  std::vector<domain::CodeRange> out;
  for (const auto& s : p.scopes) out.push_back(domain::SubtreeRange(s.code, s.level));
  return out;
}

DirectoryService::DirectoryService(store::Store& store, const Clock& clock,
                                   const security::PasswordHasher& hasher,
                                   const security::AccessPolicy& policy, const AuditLog& audit,
                                   const Options& options)
    : store_(store), clock_(clock), hasher_(hasher), policy_(policy), audit_(audit),
      options_(options) {}

security::Principal DirectoryService::CliPrincipal() {
  security::Principal p;
  p.username = "cli";
  for (Permission perm : security::AllPermissions())
    if (!security::IsCasePermission(perm)) p.permissions.insert(perm);
  p.scopes.push_back({domain::kNationCode, domain::DivisionLevel::kNation});
  return p;
}

Status DirectoryService::ValidatePassword(const std::string& password) const {
  return domain::CheckPassword(options_.password_policy, password);
}

// ---- Units ----------------------------------------------------------------------------

Status DirectoryService::CheckUnitVisible(store::Tx&, const security::Principal& p, Permission perm,
                                          const domain::Unit& unit) const {
  security::ObjectRef ref{"unit", unit.id, unit.division_code, {unit.id}, {}};
  Status st = policy_.CanSee(p, perm, ref);
  if (st.code() == ErrorCode::kNotFound) return UnitNotFound();
  return st;
}

Result<domain::Unit> DirectoryService::CreateUnit(const security::Principal& p, const Actor& a,
                                                  const UnitInput& in) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kUnitManage));
  SIXIA_RETURN_IF_ERROR(domain::ValidateName(in.name, "name"));
  domain::Unit unit;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto division, ExistingDivision(tx, in.division_code, "division_code"));
    if (!AccessPolicy::InScope(p, division.code))
      return PermissionDenied("the division is outside your jurisdiction", "该行政区划不在您的管辖范围内");
    if (in.parent_id) {
      SIXIA_ASSIGN_OR_RETURN(auto parent, tx.directory().GetUnit(*in.parent_id));
      if (!parent || !CheckUnitVisible(tx, p, Permission::kUnitRead, *parent).ok())
        return Unprocessable("parent unit does not exist", "上级单位不存在", "parent_id");
    }
    unit.name = in.name;
    unit.kind = in.kind;
    unit.division_code = division.code;
    unit.county_code = domain::CountyOf(division.code, division.level);
    unit.parent_id = in.parent_id;
    unit.created_at_ms = clock_.NowMs();
    auto id = tx.directory().CreateUnit(unit);
    if (!id.ok() && id.status().code() == ErrorCode::kConflict)
      return Conflict("a unit with this name already exists in the division",
                      "该行政区划下已有同名单位", "name");
    if (!id.ok()) return id.status();
    unit.id = *id;
    return audit_.Append(tx, a, {"unit.create", Ref("unit", unit.id), AuditOutcome::kOk,
                                 nlohmann::json{{"division_code", unit.division_code}}.dump()});
  }));
  return unit;
}

Result<domain::Unit> DirectoryService::GetUnit(const security::Principal& p, int64_t id) {
  domain::Unit unit;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kUnitRead));
    SIXIA_ASSIGN_OR_RETURN(auto u, tx.directory().GetUnit(id));
    if (!u) return UnitNotFound();
    SIXIA_RETURN_IF_ERROR(CheckUnitVisible(tx, p, Permission::kUnitRead, *u));
    unit = *u;
    return Status::Ok();
  }));
  return unit;
}

Result<std::vector<domain::Unit>> DirectoryService::ListUnits(const security::Principal& p,
                                                              const Page& page) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kUnitRead));
  SIXIA_RETURN_IF_ERROR(CheckPage(page));
  std::vector<domain::Unit> out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(out, tx.directory().ListUnits(ScopeRanges(p), page.limit, page.after_id));
    return Status::Ok();
  }));
  return out;
}

Result<domain::Unit> DirectoryService::UpdateUnit(const security::Principal& p, const Actor& a,
                                                  int64_t id, const UnitPatch& patch) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kUnitManage));
  if (patch.name) SIXIA_RETURN_IF_ERROR(domain::ValidateName(*patch.name, "name"));
  domain::Unit unit;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto u, tx.directory().GetUnit(id));
    if (!u) return UnitNotFound();
    SIXIA_RETURN_IF_ERROR(CheckUnitVisible(tx, p, Permission::kUnitManage, *u));
    unit = *u;
    if (patch.name) unit.name = *patch.name;
    if (patch.kind) unit.kind = *patch.kind;
    if (patch.disabled) unit.disabled = *patch.disabled;
    if (patch.parent_id) {
      unit.parent_id = *patch.parent_id;
      if (unit.parent_id) {
        if (*unit.parent_id == unit.id)
          return Unprocessable("a unit cannot be its own parent", "单位不能以自身为上级", "parent_id");
        SIXIA_ASSIGN_OR_RETURN(auto parent, tx.directory().GetUnit(*unit.parent_id));
        if (!parent || !CheckUnitVisible(tx, p, Permission::kUnitRead, *parent).ok())
          return Unprocessable("parent unit does not exist", "上级单位不存在", "parent_id");
      }
    }
    Status st = tx.directory().UpdateUnit(unit);
    if (st.code() == ErrorCode::kConflict)
      return Conflict("a unit with this name already exists in the division",
                      "该行政区划下已有同名单位", "name");
    SIXIA_RETURN_IF_ERROR(st);
    return audit_.Append(tx, a, {"unit.update", Ref("unit", id), AuditOutcome::kOk, "{}"});
  }));
  return unit;
}

// ---- Users ----------------------------------------------------------------------------

Status DirectoryService::CheckUserVisible(store::Tx& tx, const security::Principal& p,
                                          Permission perm, const domain::User& user) const {
  std::string division = domain::kNationCode;  // Users without a unit are nation-wide.
  if (user.unit_id != 0) {
    SIXIA_ASSIGN_OR_RETURN(auto unit, tx.directory().GetUnit(user.unit_id));
    if (unit) division = unit->division_code;
  }
  security::ObjectRef ref{"user", user.id, division, {user.unit_id}, {user.id}};
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, perm));
  // A nation-wide user is visible only to nation-wide principals.
  const bool nation_scope =
      std::any_of(p.scopes.begin(), p.scopes.end(),
                  [](const auto& s) { return s.level == domain::DivisionLevel::kNation; });
  if (user.unit_id == 0 && !nation_scope) return UserNotFound();
  Status st = policy_.CanSee(p, perm, ref);
  if (st.code() == ErrorCode::kNotFound) return UserNotFound();
  return st;
}

Result<domain::User> DirectoryService::LoadVisibleUser(store::Tx& tx, const security::Principal& p,
                                                       Permission perm, int64_t id) const {
  SIXIA_ASSIGN_OR_RETURN(auto u, tx.directory().GetUser(id));
  if (!u) {
    SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, perm));
    return UserNotFound();
  }
  SIXIA_RETURN_IF_ERROR(CheckUserVisible(tx, p, perm, *u));
  return *u;
}

Status DirectoryService::CheckGrants(store::Tx& tx, const security::Principal& p,
                                     const Grants& grants) const {
  std::vector<security::RoleDefinition> defs;
  std::set<std::string> seen;
  for (const auto& name : grants.roles) {
    if (!seen.insert(name).second)
      return InvalidArgument("role " + name + " is listed twice", "角色重复：" + name, "roles");
    SIXIA_ASSIGN_OR_RETURN(auto role, tx.directory().GetRole(name));
    if (!role) return Unprocessable("role " + name + " does not exist", "角色不存在：" + name, "roles");
    security::RoleDefinition def;
    def.name = role->name;
    if (const auto* builtin = security::FindBuiltinRole(name)) def.admin = builtin->admin;
    for (const auto& perm : role->permissions)
      if (auto pp = security::PermissionFromName(perm)) def.permissions.insert(*pp);
    defs.push_back(std::move(def));
  }
  std::vector<const security::RoleDefinition*> ptrs;
  for (const auto& d : defs) ptrs.push_back(&d);
  SIXIA_RETURN_IF_ERROR(AccessPolicy::CheckRoleSet(ptrs));
  std::set<std::string> seen_scopes;
  for (const auto& code : grants.scopes) {
    if (!seen_scopes.insert(code).second)
      return InvalidArgument("scope " + code + " is listed twice", "管辖范围重复：" + code, "scopes");
    SIXIA_ASSIGN_OR_RETURN(auto d, ExistingDivision(tx, code, "scopes"));
    if (!AccessPolicy::InScope(p, d.code))
      return PermissionDenied("you cannot grant a scope outside your own jurisdiction",
                              "不能授予超出本人管辖范围的数据范围");
  }
  return Status::Ok();
}

Result<domain::User> DirectoryService::CreateUser(const security::Principal& p, const Actor& a,
                                                  const UserInput& in) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kUserManage));
  SIXIA_RETURN_IF_ERROR(domain::ValidateUsername(in.username));
  SIXIA_RETURN_IF_ERROR(domain::ValidateName(in.display_name, "display_name"));
  SIXIA_RETURN_IF_ERROR(ValidatePassword(in.password));
  if (!in.roles.empty() && !AccessPolicy::Has(p, Permission::kRoleManage))
    return PermissionDenied("granting roles needs the security administrator",
                            "授予角色须由安全管理员操作");
  SIXIA_ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(in.password));  // Outside the writer.
  domain::User user;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    std::vector<std::string> scopes = in.scopes;
    if (in.unit_id) {
      SIXIA_ASSIGN_OR_RETURN(auto unit, tx.directory().GetUnit(*in.unit_id));
      if (!unit || !CheckUnitVisible(tx, p, Permission::kUnitRead, *unit).ok())
        return Unprocessable("unit does not exist", "单位不存在", "unit_id");
      if (unit->disabled) return Unprocessable("the unit is disabled", "该单位已停用", "unit_id");
      if (scopes.empty()) scopes.push_back(unit->division_code);
    } else {
      if (!AccessPolicy::InScope(p, domain::kNationCode))
        return Unprocessable("unit_id is required", "必须指定所属单位", "unit_id");
      if (scopes.empty()) scopes.push_back(domain::kNationCode);
    }
    SIXIA_RETURN_IF_ERROR(CheckGrants(tx, p, {in.roles, scopes}));
    user.username = in.username;
    user.display_name = in.display_name;
    user.unit_id = in.unit_id.value_or(0);
    user.created_at_ms = clock_.NowMs();
    auto id = tx.directory().CreateUser(user, hash);
    if (!id.ok() && id.status().code() == ErrorCode::kConflict)
      return Conflict("the user name is taken", "用户名已存在", "username");
    if (!id.ok()) return id.status();
    user.id = *id;
    SIXIA_RETURN_IF_ERROR(tx.directory().SetUserRoles(user.id, in.roles));
    SIXIA_RETURN_IF_ERROR(tx.directory().SetUserScopes(user.id, scopes));
    user.roles = in.roles;
    user.scope_codes = scopes;
    return audit_.Append(tx, a, {"user.create", Ref("user", user.id), AuditOutcome::kOk,
                                 nlohmann::json{{"roles", in.roles}, {"scopes", scopes}}.dump()});
  }));
  return user;
}

Result<domain::User> DirectoryService::GetUser(const security::Principal& p, int64_t id) {
  domain::User user;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(user, LoadVisibleUser(tx, p, Permission::kUserRead, id));
    return Status::Ok();
  }));
  return user;
}

Result<domain::User> DirectoryService::GetUserByName(const security::Principal& p,
                                                     const std::string& username) {
  domain::User user;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto creds, tx.directory().GetCredentials(username));
    if (!creds) return UserNotFound();
    SIXIA_ASSIGN_OR_RETURN(user, LoadVisibleUser(tx, p, Permission::kUserRead, creds->user.id));
    return Status::Ok();
  }));
  return user;
}

Result<std::vector<domain::User>> DirectoryService::ListUsers(const security::Principal& p,
                                                              const Page& page,
                                                              std::optional<int64_t> unit_id) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kUserRead));
  SIXIA_RETURN_IF_ERROR(CheckPage(page));
  std::vector<domain::User> out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    if (unit_id) {
      SIXIA_ASSIGN_OR_RETURN(auto unit, tx.directory().GetUnit(*unit_id));
      if (!unit) return UnitNotFound();
      SIXIA_RETURN_IF_ERROR(CheckUnitVisible(tx, p, Permission::kUnitRead, *unit));
    }
    store::UserFilter f;
    f.ranges = ScopeRanges(p);
    f.unit_id = unit_id;
    f.limit = page.limit;
    f.after_id = page.after_id;
    SIXIA_ASSIGN_OR_RETURN(out, tx.directory().ListUsers(f));
    return Status::Ok();
  }));
  return out;
}

Result<domain::User> DirectoryService::UpdateUser(const security::Principal& p, const Actor& a,
                                                  int64_t id, const UserPatch& patch) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kUserManage));
  if (patch.display_name) SIXIA_RETURN_IF_ERROR(domain::ValidateName(*patch.display_name, "display_name"));
  if (patch.disabled && *patch.disabled && id == p.user_id)
    return Unprocessable("you cannot disable your own account", "不能停用本人账号", "disabled");
  domain::User user;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(user, LoadVisibleUser(tx, p, Permission::kUserManage, id));
    if (patch.display_name) user.display_name = *patch.display_name;
    if (patch.unit_id) {
      SIXIA_ASSIGN_OR_RETURN(auto unit, tx.directory().GetUnit(*patch.unit_id));
      if (!unit || !CheckUnitVisible(tx, p, Permission::kUnitRead, *unit).ok())
        return Unprocessable("unit does not exist", "单位不存在", "unit_id");
      if (unit->disabled) return Unprocessable("the unit is disabled", "该单位已停用", "unit_id");
      user.unit_id = unit->id;
    }
    if (patch.disabled) user.disabled = *patch.disabled;
    SIXIA_RETURN_IF_ERROR(tx.directory().UpdateUser(user));
    if (user.disabled) SIXIA_RETURN_IF_ERROR(tx.auth().DeleteUserSessions(id));
    return audit_.Append(tx, a,
                         {patch.disabled && *patch.disabled ? "user.disable" : "user.update",
                          Ref("user", id), AuditOutcome::kOk, "{}"});
  }));
  return user;
}

Status DirectoryService::ResetPassword(const security::Principal& p, const Actor& a, int64_t id,
                                       const std::string& password) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kUserManage));
  SIXIA_RETURN_IF_ERROR(ValidatePassword(password));
  SIXIA_ASSIGN_OR_RETURN(std::string hash, hasher_.Hash(password));
  return store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_RETURN_IF_ERROR(LoadVisibleUser(tx, p, Permission::kUserManage, id).status());
    SIXIA_RETURN_IF_ERROR(tx.directory().SetPassword(id, hash, clock_.NowMs()));
    SIXIA_RETURN_IF_ERROR(tx.auth().DeleteUserSessions(id));
    return audit_.Append(tx, a, {"user.reset_password", Ref("user", id), AuditOutcome::kOk, "{}"});
  });
}

Status DirectoryService::Unlock(const security::Principal& p, const Actor& a, int64_t id) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kAccountUnlock));
  return store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_RETURN_IF_ERROR(LoadVisibleUser(tx, p, Permission::kAccountUnlock, id).status());
    SIXIA_RETURN_IF_ERROR(tx.directory().SetLoginFailures(id, 0, 0, 0));
    return audit_.Append(tx, a, {"user.unlock", Ref("user", id), AuditOutcome::kOk, "{}"});
  });
}

Result<domain::User> DirectoryService::SetGrants(const security::Principal& p, const Actor& a,
                                                 int64_t id, const Grants& grants) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::CanGrantRoles(p, id));
  if (grants.scopes.empty())
    return InvalidArgument("at least one scope is required", "至少需要一个管辖范围", "scopes");
  domain::User user;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(user, LoadVisibleUser(tx, p, Permission::kRoleManage, id));
    SIXIA_RETURN_IF_ERROR(CheckGrants(tx, p, grants));
    SIXIA_RETURN_IF_ERROR(tx.directory().SetUserRoles(id, grants.roles));
    SIXIA_RETURN_IF_ERROR(tx.directory().SetUserScopes(id, grants.scopes));
    user.roles = grants.roles;
    std::sort(user.roles.begin(), user.roles.end());
    user.scope_codes = grants.scopes;
    return audit_.Append(tx, a, {"user.grants", Ref("user", id), AuditOutcome::kOk,
                                 nlohmann::json{{"roles", grants.roles},
                                                {"scopes", grants.scopes}}.dump()});
  }));
  return user;
}

// ---- Roles ----------------------------------------------------------------------------

namespace {
Status ValidateRole(const RoleInput& in) {
  SIXIA_RETURN_IF_ERROR(domain::ValidateRoleName(in.name));
  SIXIA_RETURN_IF_ERROR(domain::ValidateName(in.title_zh, "title_zh"));
  if (in.permissions.empty())
    return InvalidArgument("a role needs at least one permission", "角色至少需要一项权限", "permissions");
  for (const auto& perm : in.permissions)
    if (!security::PermissionFromName(perm))
      return InvalidArgument("unknown permission " + perm, "未知权限：" + perm, "permissions");
  return Status::Ok();
}
}  // namespace

Result<std::vector<domain::Role>> DirectoryService::ListRoles(const security::Principal& p) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kRoleRead));
  std::vector<domain::Role> out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(out, tx.directory().ListRoles());
    return Status::Ok();
  }));
  return out;
}

Result<domain::Role> DirectoryService::CreateRole(const security::Principal& p, const Actor& a,
                                                  const RoleInput& in) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kRoleManage));
  SIXIA_RETURN_IF_ERROR(ValidateRole(in));
  domain::Role role{0, in.name, in.title_zh, in.permissions, false};
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    auto id = tx.directory().CreateRole(role);
    if (!id.ok() && id.status().code() == ErrorCode::kConflict)
      return Conflict("a role with this name exists", "角色名已存在", "name");
    if (!id.ok()) return id.status();
    role.id = *id;
    return audit_.Append(tx, a, {"role.create", "role:" + role.name, AuditOutcome::kOk,
                                 nlohmann::json{{"permissions", role.permissions}}.dump()});
  }));
  return role;
}

Result<domain::Role> DirectoryService::UpdateRole(const security::Principal& p, const Actor& a,
                                                  const RoleInput& in) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kRoleManage));
  SIXIA_RETURN_IF_ERROR(ValidateRole(in));
  domain::Role role;
  SIXIA_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto existing, tx.directory().GetRole(in.name));
    if (!existing) return NotFound("role not found", "角色不存在");
    if (existing->builtin)
      return Conflict("built-in roles cannot be changed", "内置角色不可修改", "name");
    role = *existing;
    role.title_zh = in.title_zh;
    role.permissions = in.permissions;
    SIXIA_RETURN_IF_ERROR(tx.directory().UpdateRole(role));
    return audit_.Append(tx, a, {"role.update", "role:" + role.name, AuditOutcome::kOk,
                                 nlohmann::json{{"permissions", role.permissions}}.dump()});
  }));
  return role;
}

Status DirectoryService::DeleteRole(const security::Principal& p, const Actor& a,
                                    const std::string& name) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kRoleManage));
  return store_.Write([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto existing, tx.directory().GetRole(name));
    if (!existing) return NotFound("role not found", "角色不存在");
    if (existing->builtin)
      return Conflict("built-in roles cannot be deleted", "内置角色不可删除", "name");
    SIXIA_RETURN_IF_ERROR(tx.directory().DeleteRole(name));
    return audit_.Append(tx, a, {"role.delete", "role:" + name, AuditOutcome::kOk, "{}"});
  });
}

Status DirectoryService::EnsureBuiltinRoles() {
  return store_.Write([&](store::Tx& tx) -> Status {
    for (const auto& def : security::BuiltinRoles()) {
      domain::Role role{0, def.name, def.title_zh, {}, true};
      for (Permission perm : def.permissions) role.permissions.push_back(security::PermissionName(perm));
      SIXIA_ASSIGN_OR_RETURN(auto existing, tx.directory().GetRole(def.name));
      if (!existing) {
        SIXIA_RETURN_IF_ERROR(tx.directory().CreateRole(role).status());
      } else if (existing->permissions != role.permissions || !existing->builtin ||
                 existing->title_zh != role.title_zh) {
        SIXIA_RETURN_IF_ERROR(tx.directory().UpdateRole(role));
      }
    }
    return Status::Ok();
  });
}

}  // namespace sixia::app

#include "security/policy.h"

namespace sixia::security {

void AccessPolicy::AddRelationRule(std::string name, RelationRule rule) {
  rules_.emplace_back(std::move(name), std::move(rule));
}

Status AccessPolicy::Require(const Principal& p, Permission perm) {
  if (Has(p, perm)) return Status::Ok();
  return PermissionDenied(std::string("missing permission ") + PermissionName(perm),
                          std::string("缺少权限：") + PermissionName(perm));
}

bool AccessPolicy::InScope(const Principal& p, std::string_view division_code) {
  for (const auto& s : p.scopes)
    if (domain::InSubtree(s.code, s.level, division_code)) return true;
  return false;
}

Status AccessPolicy::CanSee(const Principal& p, Permission perm, const ObjectRef& obj) const {
  SIXIA_RETURN_IF_ERROR(Require(p, perm));
  const Status hidden = NotFound(obj.kind + " not found", "对象不存在或不在您的管辖范围内");
  if (!InScope(p, obj.division_code)) return hidden;
  for (const auto& [name, rule] : rules_)
    if (!rule(p, obj)) return hidden;
  return Status::Ok();
}

Status AccessPolicy::CheckRoleSet(const std::vector<const RoleDefinition*>& roles) {
  int admin_roles = 0;
  bool case_permissions = false;
  for (const auto* r : roles) {
    if (r->admin != AdminKind::kNone) ++admin_roles;
    for (Permission perm : r->permissions)
      if (IsCasePermission(perm)) case_permissions = true;
  }
  if (admin_roles > 1)
    return Unprocessable("one person may hold only one of system_admin, security_admin, audit_admin",
                         "三员分立：系统管理员、安全管理员、审计管理员不得由同一人兼任", "roles");
  if (admin_roles == 1 && case_permissions)
    return Unprocessable("administrators may not hold roles that read cases",
                         "三员不得兼任可查阅信访事项的角色", "roles");
  return Status::Ok();
}

Status AccessPolicy::CanGrantRoles(const Principal& actor, int64_t target_user_id) {
  SIXIA_RETURN_IF_ERROR(Require(actor, Permission::kRoleManage));
  if (actor.user_id == target_user_id)
    return PermissionDenied("you may not change your own roles", "不得修改本人的角色");
  return Status::Ok();
}

}  // namespace sixia::security

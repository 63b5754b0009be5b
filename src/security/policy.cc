#include "security/policy.h"

#include <algorithm>

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

namespace {

bool Contains(const std::vector<int64_t>& ids, int64_t id) {
  return id != 0 && std::find(ids.begin(), ids.end(), id) != ids.end();
}

ObjectRef PetitionRef(const PetitionFacts& f) {
  ObjectRef ref{"petition", f.id, f.division_code, f.accused_unit_ids, f.accused_user_ids};
  ref.related_user_ids.insert(ref.related_user_ids.end(), f.recused_user_ids.begin(),
                              f.recused_user_ids.end());
  return ref;
}

}  // namespace

Status AccessPolicy::CanSeePetition(const Principal& p, const PetitionFacts& facts) const {
  const bool reader = Has(p, Permission::kPetitionRead);
  const bool handler = Has(p, Permission::kPetitionHandle);
  const bool owner = facts.owner_user_id && *facts.owner_user_id == p.user_id;
  if (!reader && !handler && !owner)
    return PermissionDenied("missing permission petition.read", "缺少权限：petition.read");
  const Status hidden = NotFound("petition not found", "信访事项不存在或不在您的管辖范围内");
  const ObjectRef ref = PetitionRef(facts);
  for (const auto& [name, rule] : rules_)
    if (!rule(p, ref)) return hidden;
  if (owner) return Status::Ok();
  if (reader && InScope(p, facts.division_code)) return Status::Ok();
  if (handler && Contains(facts.handling_unit_ids, p.unit_id)) return Status::Ok();
  return hidden;
}

Status AccessPolicy::CanActOnPetition(const Principal& p, const PetitionFacts& facts,
                                      Permission perm) const {
  SIXIA_RETURN_IF_ERROR(CanSeePetition(p, facts));
  SIXIA_RETURN_IF_ERROR(Require(p, perm));
  if (perm == Permission::kPetitionHandle && !Contains(facts.handling_unit_ids, p.unit_id))
    return PermissionDenied("only the handling units may do this",
                            "只有承办单位可以办理该信访事项");
  return Status::Ok();
}

bool HiddenByRelation(const Principal& p, const ObjectRef& obj) {
  return Contains(obj.related_unit_ids, p.unit_id) || Contains(obj.related_user_ids, p.user_id);
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

#include "security/permissions.h"

namespace sixia::security {

const char* PermissionName(Permission p) {
  switch (p) {
    case Permission::kDivisionRead: return "division.read";
    case Permission::kUnitRead: return "unit.read";
    case Permission::kUnitManage: return "unit.manage";
    case Permission::kUserRead: return "user.read";
    case Permission::kUserManage: return "user.manage";
    case Permission::kRoleRead: return "role.read";
    case Permission::kRoleManage: return "role.manage";
    case Permission::kAccountUnlock: return "account.unlock";
    case Permission::kConfigManage: return "config.manage";
    case Permission::kAuditRead: return "audit.read";
    case Permission::kPetitionRegister: return "petition.register";
    case Permission::kPetitionRead: return "petition.read";
    case Permission::kPetitionHandle: return "petition.handle";
    case Permission::kPetitionDispose: return "petition.dispose";
    case Permission::kPetitionApprove: return "petition.approve";
    case Permission::kPetitionSupervise: return "petition.supervise";
    case Permission::kPersonalDataReveal: return "personal_data.reveal";
    case Permission::kStatisticsRead: return "statistics.read";
    case Permission::kActivityRead: return "activity.read";
    case Permission::kOutreachRecord: return "outreach.record";
    case Permission::kReceptionManage: return "reception.manage";
    case Permission::kFieldSessionManage: return "field_session.manage";
    case Permission::kResearchManage: return "research.manage";
    case Permission::kLinkageManage: return "linkage.manage";
  }
  return "unknown";
}

const std::vector<Permission>& AllPermissions() {
  static const std::vector<Permission> kAll = {
      Permission::kDivisionRead,     Permission::kUnitRead,          Permission::kUnitManage,
      Permission::kUserRead,         Permission::kUserManage,        Permission::kRoleRead,
      Permission::kRoleManage,       Permission::kAccountUnlock,     Permission::kConfigManage,
      Permission::kAuditRead,        Permission::kPetitionRegister,  Permission::kPetitionRead,
      Permission::kPetitionHandle,   Permission::kPetitionDispose,   Permission::kPetitionApprove,
      Permission::kPetitionSupervise, Permission::kPersonalDataReveal, Permission::kStatisticsRead,
      Permission::kActivityRead,     Permission::kOutreachRecord,    Permission::kReceptionManage,
      Permission::kFieldSessionManage, Permission::kResearchManage,  Permission::kLinkageManage,
  };
  return kAll;
}

std::optional<Permission> PermissionFromName(std::string_view name) {
  for (Permission p : AllPermissions())
    if (name == PermissionName(p)) return p;
  return std::nullopt;
}

bool IsCasePermission(Permission p) {
  switch (p) {
    case Permission::kPetitionRegister:
    case Permission::kPetitionRead:
    case Permission::kPetitionHandle:
    case Permission::kPetitionDispose:
    case Permission::kPetitionApprove:
    case Permission::kPetitionSupervise:
    case Permission::kPersonalDataReveal:
      return true;
    case Permission::kDivisionRead:
    case Permission::kUnitRead:
    case Permission::kUnitManage:
    case Permission::kUserRead:
    case Permission::kUserManage:
    case Permission::kRoleRead:
    case Permission::kRoleManage:
    case Permission::kAccountUnlock:
    case Permission::kConfigManage:
    case Permission::kAuditRead:
    case Permission::kStatisticsRead:
    case Permission::kActivityRead:
    case Permission::kOutreachRecord:
    case Permission::kReceptionManage:
    case Permission::kFieldSessionManage:
    case Permission::kResearchManage:
    case Permission::kLinkageManage:
      return false;
  }
  return true;
}

const std::vector<RoleDefinition>& BuiltinRoles() {
  using P = Permission;
  static const std::vector<RoleDefinition> kRoles = {
      {"leader", "领导",
       {P::kDivisionRead, P::kUnitRead, P::kUserRead, P::kPetitionRead, P::kPetitionApprove,
        P::kPetitionDispose, P::kStatisticsRead, P::kActivityRead, P::kOutreachRecord,
        P::kReceptionManage, P::kFieldSessionManage, P::kResearchManage, P::kLinkageManage},
       AdminKind::kNone},
      {"petition_officer", "信访工作人员",
       {P::kDivisionRead, P::kUnitRead, P::kUserRead, P::kPetitionRegister, P::kPetitionRead,
        P::kPetitionDispose, P::kPetitionHandle, P::kPersonalDataReveal, P::kStatisticsRead,
        P::kActivityRead, P::kReceptionManage, P::kFieldSessionManage, P::kResearchManage,
        P::kLinkageManage},
       AdminKind::kNone},
      // Handling units see only what is assigned to them (policy.h: CanSeePetition).
      {"unit_handler", "承办单位经办人",
       {P::kDivisionRead, P::kUnitRead, P::kPetitionHandle},
       AdminKind::kNone},
      {"village_cadre", "村（社区）干部",
       {P::kDivisionRead, P::kUnitRead, P::kPetitionRegister, P::kPetitionRead,
        P::kPetitionHandle, P::kActivityRead, P::kOutreachRecord, P::kFieldSessionManage,
        P::kResearchManage, P::kLinkageManage},
       AdminKind::kNone},
      {"supervisor", "督查人员",
       {P::kDivisionRead, P::kUnitRead, P::kUserRead, P::kPetitionRead, P::kPetitionSupervise,
        P::kStatisticsRead, P::kActivityRead},
       AdminKind::kNone},
      {"viewer", "查阅人员", {P::kDivisionRead, P::kUnitRead, P::kStatisticsRead, P::kActivityRead},
       AdminKind::kNone},
      {"system_admin", "系统管理员",
       {P::kDivisionRead, P::kUnitRead, P::kUnitManage, P::kUserRead, P::kUserManage,
        P::kRoleRead, P::kConfigManage},
       AdminKind::kSystem},
      {"security_admin", "安全管理员",
       {P::kDivisionRead, P::kUnitRead, P::kUserRead, P::kRoleRead, P::kRoleManage,
        P::kAccountUnlock},
       AdminKind::kSecurity},
      {"audit_admin", "审计管理员", {P::kAuditRead}, AdminKind::kAudit},
  };
  return kRoles;
}

const RoleDefinition* FindBuiltinRole(std::string_view name) {
  for (const auto& r : BuiltinRoles())
    if (r.name == name) return &r;
  return nullptr;
}

Permission PermissionForAction(domain::Action a) {
  using domain::Action;
  switch (a) {
    case Action::kSign:
    case Action::kObject:
    case Action::kIssueDecision:
    case Action::kRecordMediation:
      return Permission::kPetitionHandle;
    case Action::kExtend:
    case Action::kSetOwningLeader:
      return Permission::kPetitionApprove;
    case Action::kRegister:
      return Permission::kPetitionRegister;
    case Action::kAccept:
    case Action::kDecline:
    case Action::kTransfer:
    case Action::kAssign:
    case Action::kOverruleObjection:
    case Action::kReassign:
    case Action::kDeliver:
    case Action::kRate:
    case Action::kRedo:
    case Action::kRequestReview:
    case Action::kIssueReview:
    case Action::kRequestReReview:
    case Action::kPauseHearing:
    case Action::kResumeHearing:
    case Action::kIssueReReview:
    case Action::kClose:
    case Action::kMerge:
      return Permission::kPetitionDispose;
  }
  return Permission::kPetitionDispose;
}

}  // namespace sixia::security

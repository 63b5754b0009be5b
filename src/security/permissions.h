#pragma once
// Permissions and the built-in roles. A user's permissions are the union of their
// roles' permissions; what they may see is further limited by their division scope
// (see policy.h). Role definitions are data in the database; the built-in ones below
// are installed by the migrations' seed step and kept in sync at start.

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "domain/petition.h"

namespace sixia::security {

enum class Permission {
  kDivisionRead,      // Read the administrative division tree.
  kUnitRead,          // Read units in scope.
  kUnitManage,        // Create / edit / disable units in scope.
  kUserRead,          // Read users in scope.
  kUserManage,        // Create / edit / disable users, reset passwords (not roles).
  kRoleRead,          // Read role definitions and users' grants.
  kRoleManage,        // Define roles, grant roles and scopes to users.
  kAccountUnlock,     // Unlock locked accounts.
  kConfigManage,      // Change system configuration.
  kAuditRead,         // Read and verify the audit log.
  kPetitionRegister,  // Register petitions (信访登记).
  kPetitionRead,      // Read petitions in scope (masked personal data).
  kPetitionHandle,    // Work on petitions assigned to the user's unit.
  kPetitionDispose,   // Accept, decline, transfer, assign (信访部门).
  kPetitionApprove,   // Approve extensions, own cases (领导).
  kPetitionSupervise, // Supervise, flag overdue and formalism (督查).
  kPersonalDataReveal,// Reveal masked personal data with a stated reason (audited).
  kStatisticsRead,    // Read counted figures for the scope.
  kActivityRead,      // Read reception days, field sessions, research, outreach in scope.
  kOutreachRecord,    // Record policy outreach events (宣传活动) in scope.
  kReceptionManage,   // Schedule leaders' reception days (接访日) in scope.
  kFieldSessionManage,// Hold field office sessions (现场办公) in scope: issues and their ends.
  kResearchManage,    // Research projects (调查研究), visits, reports and the ledger (清单) in scope.
  kLinkageManage,     // Leaders' linkage (挂钩联系) and party members' 双报到 records in scope.
};

// Stable wire name, e.g. "unit.manage".
const char* PermissionName(Permission p);
std::optional<Permission> PermissionFromName(std::string_view name);
const std::vector<Permission>& AllPermissions();

// True for permissions that touch case content (信访事项); the three administrators
// (三员) may never hold them.
bool IsCasePermission(Permission p);

enum class AdminKind { kNone, kSystem, kSecurity, kAudit };

struct RoleDefinition {
  std::string name;        // "petition_officer"
  std::string title_zh;    // "信访工作人员"
  std::set<Permission> permissions;
  AdminKind admin = AdminKind::kNone;
};

// The permission a petition workflow action needs, beyond seeing the petition: the
// handling unit's actions need petition.handle (and the policy then checks the unit), an
// extension or a 包案 petition.approve, the petition office's routing and follow-up
// petition.dispose.
Permission PermissionForAction(domain::Action action);

// The roles shipped with sixia: leader, petition_officer, unit_handler, village_cadre,
// supervisor, viewer, system_admin, security_admin, audit_admin.
const std::vector<RoleDefinition>& BuiltinRoles();
const RoleDefinition* FindBuiltinRole(std::string_view name);

}  // namespace sixia::security

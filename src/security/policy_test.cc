#include "security/policy.h"

#include <gtest/gtest.h>

namespace sixia::security {
namespace {

Principal TownshipOfficer() {
  Principal p;
  p.user_id = 7;
  p.permissions = FindBuiltinRole("petition_officer")->permissions;
  p.scopes = {{"350921101000", domain::DivisionLevel::kTownship}};
  return p;
}

TEST(AccessPolicy, SeesObjectsInsideItsTownshipOnly) {
  AccessPolicy policy;
  const Principal p = TownshipOfficer();
  EXPECT_TRUE(policy.CanSee(p, Permission::kUnitRead, {"unit", 1, "350921101201", {}, {}}).ok());
  // Another township of the same county: hidden as if it did not exist.
  EXPECT_EQ(policy.CanSee(p, Permission::kUnitRead, {"unit", 2, "350921102201", {}, {}}).code(),
            ErrorCode::kNotFound);
  // The county itself lies above the township scope.
  EXPECT_EQ(policy.CanSee(p, Permission::kUnitRead, {"unit", 3, "350921000000", {}, {}}).code(),
            ErrorCode::kNotFound);
}

TEST(AccessPolicy, MissingPermissionIsForbiddenNotHidden) {
  AccessPolicy policy;
  const Principal p = TownshipOfficer();
  EXPECT_EQ(policy.CanSee(p, Permission::kAuditRead, {"audit", 1, "350921101201", {}, {}}).code(),
            ErrorCode::kPermissionDenied);
}

TEST(AccessPolicy, CountyScopeCoversItsTownships) {
  Principal p = TownshipOfficer();
  p.scopes = {{"350921000000", domain::DivisionLevel::kCounty}};
  EXPECT_TRUE(AccessPolicy::InScope(p, "350921102201"));
  EXPECT_FALSE(AccessPolicy::InScope(p, "350922102201"));
}

TEST(AccessPolicy, RelationRulesCanHideAnObjectInScope) {
  // The shape later used for 检举控告: the accused unit never sees the accusation.
  AccessPolicy policy;
  policy.AddRelationRule("accused_never_sees", [](const Principal& p, const ObjectRef& o) {
    for (int64_t unit : o.related_unit_ids)
      if (unit == p.unit_id) return false;
    return true;
  });
  Principal p = TownshipOfficer();
  p.unit_id = 42;
  ObjectRef accusation{"petition", 9, "350921101201", {42}, {}};
  EXPECT_EQ(policy.CanSee(p, Permission::kPetitionRead, accusation).code(), ErrorCode::kNotFound);
  accusation.related_unit_ids = {43};
  EXPECT_TRUE(policy.CanSee(p, Permission::kPetitionRead, accusation).ok());
}

TEST(SeparationOfDuties, OnePersonHoldsAtMostOneAdminRole) {
  const auto* sys = FindBuiltinRole("system_admin");
  const auto* sec = FindBuiltinRole("security_admin");
  const auto* aud = FindBuiltinRole("audit_admin");
  EXPECT_TRUE(AccessPolicy::CheckRoleSet({sys}).ok());
  EXPECT_EQ(AccessPolicy::CheckRoleSet({sys, sec}).code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(AccessPolicy::CheckRoleSet({sec, aud}).code(), ErrorCode::kUnprocessable);
}

TEST(SeparationOfDuties, AdministratorsNeverReadCases) {
  for (const auto& role : BuiltinRoles()) {
    if (role.admin == AdminKind::kNone) continue;
    for (Permission p : role.permissions) EXPECT_FALSE(IsCasePermission(p)) << role.name;
  }
  const auto* sys = FindBuiltinRole("system_admin");
  const auto* officer = FindBuiltinRole("petition_officer");
  EXPECT_EQ(AccessPolicy::CheckRoleSet({sys, officer}).code(), ErrorCode::kUnprocessable);
  // Only the audit administrator reads the audit log.
  for (const auto& role : BuiltinRoles())
    EXPECT_EQ(role.permissions.count(Permission::kAuditRead) > 0, role.name == "audit_admin")
        << role.name;
}

TEST(SeparationOfDuties, NobodyChangesTheirOwnRoles) {
  Principal sec;
  sec.user_id = 3;
  sec.permissions = FindBuiltinRole("security_admin")->permissions;
  EXPECT_EQ(AccessPolicy::CanGrantRoles(sec, 3).code(), ErrorCode::kPermissionDenied);
  EXPECT_TRUE(AccessPolicy::CanGrantRoles(sec, 4).ok());
}

TEST(Permissions, NamesRoundTrip) {
  for (Permission p : AllPermissions()) EXPECT_EQ(PermissionFromName(PermissionName(p)), p);
  EXPECT_FALSE(PermissionFromName("case.everything").has_value());
}

}  // namespace
}  // namespace sixia::security

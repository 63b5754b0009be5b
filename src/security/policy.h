#pragma once
// THE authorization module. Every allow/deny decision in sixia is made here:
//   permission  — from the user's roles (permissions.h);
//   scope       — one or more division subtrees the user may see;
//   relations   — pluggable rules about the user and a specific object (later: an
//                 accused person never sees the accusation; recusal, Art. 28/30).
// A read denied for scope or relation answers kNotFound (404) so that existence does not
// leak; an action the user's roles never allow answers kPermissionDenied (403).
// Pure: no I/O. Thread-safe after construction.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/division.h"
#include "security/permissions.h"

namespace sixia::security {

struct ScopeRoot {
  std::string code;  // 12-digit division code.
  domain::DivisionLevel level = domain::DivisionLevel::kCounty;
};

// Who is asking. Built once per request by the auth layer.
struct Principal {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  int64_t unit_id = 0;
  std::vector<std::string> roles;
  std::set<Permission> permissions;
  std::vector<ScopeRoot> scopes;  // Empty: sees no jurisdiction-bound data.
  bool via_token = false;         // Bearer token (no CSRF) rather than a cookie session.
};

// What a jurisdiction-bound object looks like to the policy.
struct ObjectRef {
  std::string kind;           // "unit", "user", "petition", …
  int64_t id = 0;
  std::string division_code;  // Where the object belongs (12 digits).
  // Relation facts a rule may consult (e.g. accused unit ids); opaque to the core.
  std::vector<int64_t> related_unit_ids;
  std::vector<int64_t> related_user_ids;
};

// What the policy needs to know about one petition (信访事项) to decide who sees it.
struct PetitionFacts {
  int64_t id = 0;
  std::string division_code;               // The place the matter concerns.
  std::vector<int64_t> handling_unit_ids;  // Lead and assisting units now.
  std::optional<int64_t> owner_user_id;    // 包案领导.
  std::vector<int64_t> accused_unit_ids;   // 检举控告: never shown to these units' staff.
  std::vector<int64_t> accused_user_ids;   // Staff accused: never shown to them.
  std::vector<int64_t> recused_user_ids;   // Staff with an interest (Art. 28).
};

// A relation rule: returns false to hide the object from the principal.
using RelationRule = std::function<bool(const Principal&, const ObjectRef&)>;

// The rule of Art. 28/30/46: true when the principal's unit is among the object's related
// units or the principal among its related users (accused, recused). Registered by the
// composition root as the relation rule "accused_and_recused" for kind "petition"
// (other kinds use the related ids for their own rules).
bool HiddenByRelation(const Principal& p, const ObjectRef& obj);

class AccessPolicy {
 public:
  AccessPolicy() = default;

  // Adds a rule consulted by every CanSee. Call before serving; not thread-safe itself.
  void AddRelationRule(std::string name, RelationRule rule);

  static bool Has(const Principal& p, Permission perm) { return p.permissions.count(perm) > 0; }

  // OK, or kPermissionDenied (403) naming nothing internal.
  static Status Require(const Principal& p, Permission perm);

  // True when `code` lies in one of the principal's scope subtrees.
  static bool InScope(const Principal& p, std::string_view division_code);

  // OK when the principal holds `perm` and may see `obj`; kPermissionDenied without the
  // permission; kNotFound when out of scope or hidden by a relation rule.
  Status CanSee(const Principal& p, Permission perm, const ObjectRef& obj) const;

  // Petitions: visible when no relation rule hides it (accused unit or person, recused
  // staff — whatever their roles) and the principal holds petition.read with the place in
  // scope, or petition.handle with their unit among the handling units, or owns the case.
  // kNotFound otherwise, kPermissionDenied when the principal holds no petition permission.
  Status CanSeePetition(const Principal& p, const PetitionFacts& facts) const;

  // CanSeePetition plus `perm`; for handling actions (petition.handle) the principal's unit
  // must also be a handling unit of the petition (kPermissionDenied otherwise).
  Status CanActOnPetition(const Principal& p, const PetitionFacts& facts, Permission perm) const;

  // 三员分立: checks a proposed set of role grants for one user. Administrators hold
  // exactly one admin role and nothing touching case content.
  static Status CheckRoleSet(const std::vector<const RoleDefinition*>& roles);

  // Whether `actor` may change the role grants of user `target_user_id`.
  static Status CanGrantRoles(const Principal& actor, int64_t target_user_id);

 private:
  std::vector<std::pair<std::string, RelationRule>> rules_;
};

}  // namespace sixia::security

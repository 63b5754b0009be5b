#pragma once
// 单位 (units), users and roles: plain data and their validation rules.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace sixia::domain {

enum class UnitKind {
  kPartyCommittee,   // 党委 (县委, 镇党委)
  kGovernment,       // 人民政府
  kPetitionBureau,   // 信访局 / 信访办
  kDepartment,       // 职能部门 (民政局, 人社局 …)
  kTownshipOffice,   // 乡镇站所 (民政所, 派出所 …)
  kVillageCommittee, // 村（居）委会
  kOther,
};
const char* UnitKindName(UnitKind k);
std::optional<UnitKind> UnitKindFromName(std::string_view name);

struct Unit {
  int64_t id = 0;
  std::string name;
  UnitKind kind = UnitKind::kOther;
  std::string division_code;   // Where the unit sits.
  std::string county_code;     // Derived: county it belongs to (distribution key).
  std::optional<int64_t> parent_id;
  bool disabled = false;
  int64_t created_at_ms = 0;
};

struct User {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  int64_t unit_id = 0;
  bool disabled = false;
  int failed_logins = 0;
  int64_t failure_window_start_ms = 0;
  int64_t locked_until_ms = 0;
  int64_t created_at_ms = 0;
  std::vector<std::string> roles;         // Role names.
  std::vector<std::string> scope_codes;   // Division subtree roots.
};

struct Role {
  int64_t id = 0;
  std::string name;
  std::string title_zh;
  std::vector<std::string> permissions;  // Permission wire names.
  bool builtin = false;
};

// Login names: 3–32 chars of a-z, 0-9, '.', '_', '-', starting with a letter.
Status ValidateUsername(std::string_view username, std::string_view field = "username");
// Display and unit names: 1–64 code points, no control characters.
Status ValidateName(std::string_view name, std::string_view field);
// Role names: 3–32 chars of a-z, 0-9, '_', starting with a letter.
Status ValidateRoleName(std::string_view name);

}  // namespace sixia::domain

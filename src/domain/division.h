#pragma once
// 行政区划 (administrative divisions) identified by the 12-digit 统计用区划代码.
// Pure rules: levels, parents and subtree ranges are derived from the code and level;
// no I/O here.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace sixia::domain {

// kNation is the root of the tree (code 000000000000, 中华人民共和国): a scope on it sees everything.
enum class DivisionLevel { kNation = 0, kProvince = 1, kCity = 2, kCounty = 3, kTownship = 4, kVillage = 5 };

const char* DivisionLevelName(DivisionLevel level);  // "nation", "province" … "village"
inline constexpr char kNationCode[] = "000000000000";
std::optional<DivisionLevel> DivisionLevelFromInt(int level);

// Number of leading digits that identify a division of `level` (0, 2, 4, 6, 9, 12).
int SignificantDigits(DivisionLevel level);

struct Division {
  std::string code;         // 12 digits.
  std::string name;
  DivisionLevel level = DivisionLevel::kProvince;
  std::string parent_code;  // kNationCode for provinces, empty for the nation.
};

// True when `code` is exactly 12 ASCII digits.
bool IsDivisionCode(std::string_view code);

// Validates a 12-digit code from user input; `field` names it in the error.
Status ValidateDivisionCode(std::string_view code, std::string_view field = "code");

// Pads a source code of 2/4/6/9/12 digits to 12 digits with zeros. Error if not digits.
Result<std::string> PadDivisionCode(std::string_view short_code);

// The code of the ancestor at `ancestor_level` (must be above `level`).
std::string AncestorCode(std::string_view code, DivisionLevel ancestor_level);

// Codes of all ancestors of a division, the nation first, excluding itself.
std::vector<std::string> AncestorCodes(std::string_view code, DivisionLevel level);

// The inclusive code range [first, last] that holds a division and its whole subtree.
struct CodeRange {
  std::string first;
  std::string last;
};
CodeRange SubtreeRange(std::string_view code, DivisionLevel level);

// True when `code` lies in the subtree rooted at `root` (of `root_level`), itself included.
bool InSubtree(std::string_view root, DivisionLevel root_level, std::string_view code);

// The county (县级) code a division belongs to, for county-keyed storage; empty above county.
std::string CountyOf(std::string_view code, DivisionLevel level);

}  // namespace sixia::domain

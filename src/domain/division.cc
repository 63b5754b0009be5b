#include "domain/division.h"

#include <algorithm>

namespace sixia::domain {

const char* DivisionLevelName(DivisionLevel level) {
  switch (level) {
    case DivisionLevel::kNation: return "nation";
    case DivisionLevel::kProvince: return "province";
    case DivisionLevel::kCity: return "city";
    case DivisionLevel::kCounty: return "county";
    case DivisionLevel::kTownship: return "township";
    case DivisionLevel::kVillage: return "village";
  }
  return "unknown";
}

std::optional<DivisionLevel> DivisionLevelFromInt(int level) {
  if (level < 0 || level > 5) return std::nullopt;
  return static_cast<DivisionLevel>(level);
}

int SignificantDigits(DivisionLevel level) {
  switch (level) {
    case DivisionLevel::kNation: return 0;
    case DivisionLevel::kProvince: return 2;
    case DivisionLevel::kCity: return 4;
    case DivisionLevel::kCounty: return 6;
    case DivisionLevel::kTownship: return 9;
    case DivisionLevel::kVillage: return 12;
  }
  return 12;
}

bool IsDivisionCode(std::string_view code) {
  return code.size() == 12 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Status ValidateDivisionCode(std::string_view code, std::string_view field) {
  if (IsDivisionCode(code)) return Status::Ok();
  return InvalidArgument("division code must be 12 digits (统计用区划代码)",
                         "行政区划代码必须是12位数字", std::string(field));
}

Result<std::string> PadDivisionCode(std::string_view short_code) {
  const size_t n = short_code.size();
  if (n != 2 && n != 4 && n != 6 && n != 9 && n != 12)
    return InvalidArgument("code must have 2, 4, 6, 9 or 12 digits", "代码位数应为2、4、6、9或12位");
  if (!std::all_of(short_code.begin(), short_code.end(),
                   [](char c) { return c >= '0' && c <= '9'; }))
    return InvalidArgument("code must be digits", "代码只能包含数字");
  std::string code(short_code);
  code.append(12 - n, '0');
  return code;
}

std::string AncestorCode(std::string_view code, DivisionLevel ancestor_level) {
  const int keep = SignificantDigits(ancestor_level);
  std::string out(code.substr(0, keep));
  out.append(12 - keep, '0');
  return out;
}

std::vector<std::string> AncestorCodes(std::string_view code, DivisionLevel level) {
  std::vector<std::string> out;
  for (int l = 0; l < static_cast<int>(level); ++l)
    out.push_back(AncestorCode(code, static_cast<DivisionLevel>(l)));
  return out;
}

CodeRange SubtreeRange(std::string_view code, DivisionLevel level) {
  const int keep = SignificantDigits(level);
  std::string prefix(code.substr(0, keep));
  return {prefix + std::string(12 - keep, '0'), prefix + std::string(12 - keep, '9')};
}

bool InSubtree(std::string_view root, DivisionLevel root_level, std::string_view code) {
  const size_t keep = SignificantDigits(root_level);
  return code.size() == 12 && root.size() == 12 && code.substr(0, keep) == root.substr(0, keep);
}

std::string CountyOf(std::string_view code, DivisionLevel level) {
  if (static_cast<int>(level) < static_cast<int>(DivisionLevel::kCounty)) return {};
  return AncestorCode(code, DivisionLevel::kCounty);
}

}  // namespace sixia::domain

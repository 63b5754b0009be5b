#include "domain/directory.h"

#include "common/utf8.h"

namespace sixia::domain {

const char* UnitKindName(UnitKind k) {
  switch (k) {
    case UnitKind::kPartyCommittee: return "party_committee";
    case UnitKind::kGovernment: return "government";
    case UnitKind::kPetitionBureau: return "petition_bureau";
    case UnitKind::kDepartment: return "department";
    case UnitKind::kTownshipOffice: return "township_office";
    case UnitKind::kVillageCommittee: return "village_committee";
    case UnitKind::kOther: return "other";
  }
  return "other";
}

std::optional<UnitKind> UnitKindFromName(std::string_view name) {
  for (auto k : {UnitKind::kPartyCommittee, UnitKind::kGovernment, UnitKind::kPetitionBureau,
                 UnitKind::kDepartment, UnitKind::kTownshipOffice, UnitKind::kVillageCommittee,
                 UnitKind::kOther})
    if (name == UnitKindName(k)) return k;
  return std::nullopt;
}

namespace {
bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

Status CheckIdentifier(std::string_view s, std::string_view extra, std::string_view field,
                       const char* en, const char* zh) {
  bool ok = s.size() >= 3 && s.size() <= 32 && s[0] >= 'a' && s[0] <= 'z';
  for (char c : s)
    if (!IsLowerAlnum(c) && extra.find(c) == std::string_view::npos) ok = false;
  if (ok) return Status::Ok();
  return InvalidArgument(en, zh, std::string(field));
}
}  // namespace

Status ValidateUsername(std::string_view username, std::string_view field) {
  return CheckIdentifier(username, "._-", field,
                         "user name: 3-32 characters a-z, 0-9, '.', '_', '-', starting with a letter",
                         "用户名须为3至32位小写字母、数字、“.”“_”“-”，并以字母开头");
}

Status ValidateRoleName(std::string_view name) {
  return CheckIdentifier(name, "_", "name",
                         "role name: 3-32 characters a-z, 0-9, '_', starting with a letter",
                         "角色名须为3至32位小写字母、数字、下划线，并以字母开头");
}

Status ValidateName(std::string_view name, std::string_view field) {
  const std::string f(field);
  if (!IsValidUtf8(name)) return InvalidArgument(f + " is not valid UTF-8", "文本不是有效的UTF-8", f);
  const size_t n = Utf8Length(name);
  if (n == 0 || n > 64)
    return InvalidArgument(f + " must have 1 to 64 characters", "名称长度应为1至64个字符", f);
  for (char c : name)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
      return InvalidArgument(f + " contains control characters", "名称包含控制字符", f);
  static constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  if (name.front() == ' ' || name.back() == ' ' || name.substr(0, 3) == kIdeographicSpace ||
      (name.size() >= 3 && name.substr(name.size() - 3) == kIdeographicSpace))
    return InvalidArgument(f + " must not start or end with spaces", "名称首尾不能有空格", f);
  return Status::Ok();
}

}  // namespace sixia::domain

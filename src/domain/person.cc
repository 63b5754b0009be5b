#include "domain/person.h"

#include <array>
#include <optional>
#include <vector>

#include "common/utf8.h"

namespace sixia::domain {
namespace {

constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";  // U+3000 全角空格.

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Strips ASCII white space and U+3000 from both ends.
std::string_view TrimSpace(std::string_view s) {
  for (;;) {
    if (!s.empty() && IsAsciiSpace(s.front())) {
      s.remove_prefix(1);
    } else if (s.substr(0, kIdeographicSpace.size()) == kIdeographicSpace) {
      s.remove_prefix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && IsAsciiSpace(s.back())) {
      s.remove_suffix(1);
    } else if (s.size() >= kIdeographicSpace.size() &&
               s.substr(s.size() - kIdeographicSpace.size()) == kIdeographicSpace) {
      s.remove_suffix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  return s;
}

// Splits well-formed UTF-8 into its code points (each a view into `s`).
std::vector<std::string_view> CodePoints(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = i + 1;
    while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) ++j;
    out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

Status BadId(std::string en, std::string zh) {
  return InvalidArgument(std::move(en), std::move(zh), "id_number");
}

Status BadPhone(std::string en, std::string zh) {
  return InvalidArgument(std::move(en), std::move(zh), "phone");
}

bool IsKnownProvinceCode(int code) {
  return (code >= 11 && code <= 15) || (code >= 21 && code <= 23) || (code >= 31 && code <= 37) ||
         (code >= 41 && code <= 46) || (code >= 50 && code <= 54) || (code >= 61 && code <= 65) ||
         code == 71 || code == 81 || code == 82;
}

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

bool IsCalendarDate(int year, int month, int day) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  const int max_day = kDays[month - 1] + (month == 2 && IsLeapYear(year) ? 1 : 0);
  return day <= max_day;
}

int ParseDigits(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

// A phone number split into its parts. For a mobile number only `subscriber` is set.
struct PhoneParts {
  bool mobile = false;
  std::string area;        // "0593", with the trunk 0.
  std::string subscriber;  // 11 digits (mobile) or 7–8 digits (landline).
  std::string extension;   // Empty, or 1–6 digits.
};

// Area code + subscriber number from an all-digit landline string starting with '0'.
std::optional<PhoneParts> SplitLandline(std::string_view digits) {
  if (digits.size() < 3 || digits[0] != '0') return std::nullopt;
  size_t area_len = 0;
  if (digits.substr(0, 3) == "010" || digits[1] == '2') {
    area_len = 3;  // 010 and 020–029: 8-digit local numbers.
  } else if (digits[1] >= '3' && digits[1] <= '9') {
    area_len = 4;  // 03xx–09xx: 7 or 8 digits.
  } else {
    return std::nullopt;
  }
  const std::string_view subscriber = digits.substr(area_len);
  const bool length_ok =
      area_len == 3 ? subscriber.size() == 8 : (subscriber.size() == 7 || subscriber.size() == 8);
  if (!length_ok || subscriber[0] == '0') return std::nullopt;
  PhoneParts parts;
  parts.area = std::string(digits.substr(0, area_len));
  parts.subscriber = std::string(subscriber);
  return parts;
}

// Parses any accepted spelling of a phone number; nullopt when it is not one.
std::optional<PhoneParts> ParsePhone(std::string_view phone) {
  std::string_view s = TrimSpace(phone);
  bool international = false;
  if (s.substr(0, 3) == "+86") {
    international = true;
    s.remove_prefix(3);
  } else if (s.substr(0, 4) == "0086") {
    international = true;
    s.remove_prefix(4);
  }
  // Digit groups between runs of separators.
  std::vector<std::string> groups;
  bool after_separator = international;  // "+86-138…" may separate the country code.
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (IsDigit(c)) {
      if (groups.empty() || after_separator) groups.emplace_back();
      groups.back().push_back(c);
      after_separator = false;
    } else if (c == ' ' || c == '-') {
      if (groups.empty() && !international) return std::nullopt;
      after_separator = true;
    } else {
      return std::nullopt;
    }
  }
  if (groups.empty() || after_separator) return std::nullopt;  // Nothing, or a trailing '-'.
  std::string digits;
  for (const auto& g : groups) digits += g;
  // Written internationally, a landline drops its trunk 0: "+86 593 1234567", "+86 10 …".
  // Mobile numbers are 13x–19x, so a leading "10" is Beijing's area code.
  if (international && digits[0] != '0' && (digits[0] != '1' || digits.substr(0, 2) == "10")) {
    groups[0].insert(0, "0");
    digits.insert(0, "0");
  }
  if (digits.size() > 20) return std::nullopt;

  if (digits[0] == '1') {
    if (digits.size() != 11 || digits[1] < '3') return std::nullopt;
    PhoneParts parts;
    parts.mobile = true;
    parts.subscriber = digits;
    return parts;
  }
  // A short last group after a complete number is an extension: "0593-1234567-801". Otherwise
  // the groups are just a spaced-out number: "0755 8888 8888".
  const std::string& last = groups.back();
  if (groups.size() >= 2 && last.size() <= 6) {
    if (auto parts =
            SplitLandline(std::string_view(digits).substr(0, digits.size() - last.size()))) {
      parts->extension = last;
      return parts;
    }
  }
  return SplitLandline(digits);
}

}  // namespace

// ---- 居民身份证号 --------------------------------------------------------------------------

std::string NormalizeIdNumber(std::string_view id_number) {
  std::string out(TrimSpace(id_number));
  if (!out.empty() && out.back() == 'x') out.back() = 'X';
  return out;
}

char IdNumberCheckChar(std::string_view id_number) {
  static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                   3, 7, 9,  10, 5, 8, 4, 2};
  static constexpr std::string_view kCheckChars = "10X98765432";
  int sum = 0;
  for (size_t i = 0; i < kWeights.size(); ++i) sum += (id_number[i] - '0') * kWeights[i];
  return kCheckChars[sum % 11];
}

Status ValidateIdNumber(std::string_view id_number, int today_yyyymmdd) {
  const std::string id = NormalizeIdNumber(id_number);
  if (id.empty()) return BadId("ID number is required", "请填写身份证号");
  if (id.size() != 18) return BadId("ID number must have 18 characters", "身份证号应为18位");
  for (size_t i = 0; i < 17; ++i) {
    if (!IsDigit(id[i]))
      return BadId("ID number must be 17 digits followed by a digit or X",
                   "身份证号格式错误：前17位应为数字，末位应为数字或X");
  }
  if (!IsDigit(id[17]) && id[17] != 'X')
    return BadId("ID number must be 17 digits followed by a digit or X",
                 "身份证号格式错误：前17位应为数字，末位应为数字或X");
  if (!IsKnownProvinceCode(ParseDigits(std::string_view(id).substr(0, 2))))
    return BadId("ID number has an unknown region code", "身份证号地区码无效");
  const int year = ParseDigits(std::string_view(id).substr(6, 4));
  const int month = ParseDigits(std::string_view(id).substr(10, 2));
  const int day = ParseDigits(std::string_view(id).substr(12, 2));
  if (!IsCalendarDate(year, month, day))
    return BadId("ID number has an invalid birth date", "身份证号出生日期无效");
  if (year < 1900)
    return BadId("ID number has a birth date before 1900", "身份证号出生日期早于1900年");
  if (year * 10000 + month * 100 + day > today_yyyymmdd)
    return BadId("ID number has a birth date in the future", "身份证号出生日期晚于当前日期");
  if (IdNumberCheckChar(id) != id[17])
    return BadId("ID number check digit is wrong", "身份证号校验码错误");
  return Status::Ok();
}

// ---- 电话号码 --------------------------------------------------------------------------------

Status ValidatePhone(std::string_view phone) {
  if (TrimSpace(phone).empty()) return BadPhone("phone number is required", "请填写电话号码");
  if (!ParsePhone(phone))
    return BadPhone(
        "phone must be an 11-digit mobile number or a landline with area code "
        "(e.g. 0593-1234567)",
        "电话号码应为11位手机号或带区号的固定电话（如0593-1234567）");
  return Status::Ok();
}

std::string NormalizePhone(std::string_view phone) {
  const auto parts = ParsePhone(phone);
  if (!parts) return {};
  std::string out = parts->area + parts->subscriber;
  if (!parts->extension.empty()) out += "-" + parts->extension;
  return out;
}

// ---- 显示掩码 --------------------------------------------------------------------------------

std::string MaskName(std::string_view name) {
  name = TrimSpace(name);
  if (!IsValidUtf8(name)) return "*";
  const auto chars = CodePoints(name);
  if (chars.empty()) return {};
  if (chars.size() == 1) return "*";
  return std::string(chars[0]) + std::string(chars.size() - 1, '*');
}

std::string MaskIdNumber(std::string_view id_number) {
  const std::string id = NormalizeIdNumber(id_number);
  if (!IsValidUtf8(id)) return "*";
  bool ascii_alnum = id.size() == 18;
  for (char c : id) ascii_alnum = ascii_alnum && (IsDigit(c) || (c >= 'A' && c <= 'Z'));
  if (!ascii_alnum) return std::string(Utf8Length(id), '*');
  return id.substr(0, 6) + std::string(8, '*') + id.substr(14);
}

std::string MaskPhone(std::string_view phone) {
  const auto parts = ParsePhone(phone);
  if (!parts) return "****";
  const std::string& sub = parts->subscriber;
  if (parts->mobile) return sub.substr(0, 3) + "****" + sub.substr(7);
  std::string out = parts->area + std::string(sub.size() - 2, '*') + sub.substr(sub.size() - 2);
  if (!parts->extension.empty()) out += "-" + std::string(parts->extension.size(), '*');
  return out;
}

std::string MaskAddress(std::string_view address) {
  address = TrimSpace(address);
  if (!IsValidUtf8(address)) return "*";
  const auto chars = CodePoints(address);
  if (chars.empty()) return {};
  const size_t keep = chars.size() > 6 ? 6 : chars.size() / 2;
  std::string out;
  for (size_t i = 0; i < keep; ++i) out += chars[i];
  return out + "****";
}

}  // namespace sixia::domain

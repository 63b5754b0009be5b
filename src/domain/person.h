#pragma once
// Personal data of a petitioner (信访人): validation, normalisation and display masks for the
// 居民身份证号 (GB 11643-1999), phone numbers, names and addresses. Pure: no I/O, no clock (the
// caller passes today's date). Errors never echo the value they reject: it is personal data.
//
// Normalised forms are what gets encrypted and blind-indexed (security/field_crypto.h), so two
// spellings of one number ("138 0013 8000", "+86 13800138000") find the same petitions.

#include <string>
#include <string_view>

#include "common/status.h"

namespace sixia::domain {

// ---- 居民身份证号 --------------------------------------------------------------------------

// Trims ASCII white space and U+3000 (全角空格) and upper-cases the check character 'x'.
// Does not validate.
std::string NormalizeIdNumber(std::string_view id_number);

// OK when NormalizeIdNumber(id_number) is a plausible 18-character 居民身份证号:
//   17 digits and a check character 0-9/X; a known province code (11–15, 21–23, 31–37, 41–46,
//   50–54, 61–65, 71, 81, 82); a real birth date YYYYMMDD at positions 7–14, not before
//   1900-01-01 and not after `today_yyyymmdd` (e.g. 20250301, the caller's local date); and the
//   ISO 7064 MOD 11-2 check character.
// Otherwise kInvalidArgument, field "id_number", naming the first rule that failed
// ("身份证号校验码错误" …). The message never contains the number.
Status ValidateIdNumber(std::string_view id_number, int today_yyyymmdd);

// The ISO 7064 MOD 11-2 check character ('0'-'9' or 'X') of the first 17 digits of
// `id_number`. Precondition: at least 17 characters, the first 17 ASCII digits.
char IdNumberCheckChar(std::string_view id_number);

// ---- 电话号码 --------------------------------------------------------------------------------

// OK for a mainland mobile number (11 digits, 13x–19x) or a landline with its area code
// (010/02x + 8 digits, 0xxx + 7 or 8 digits; "0593-1234567", "05937654321"), optionally
// followed by an extension of 1–6 digits after a separator ("0593-1234567-801"), optionally
// preceded by "+86" or "0086" (then the area code's trunk 0 may be omitted: "+86 593 1234567").
// Spaces and hyphens are allowed as separators. Otherwise kInvalidArgument, field "phone";
// the message never contains the number.
Status ValidatePhone(std::string_view phone);

// The canonical form of a valid phone: digits only, country code removed, area code with its
// leading 0 ("13800138000", "05931234567"); an extension follows after one '-'
// ("05931234567-801"). Returns "" when ValidatePhone(phone) fails.
std::string NormalizePhone(std::string_view phone);

// ---- 显示掩码 (masked by default; revealing is an audited action elsewhere) -------------------
// All masks count Unicode code points, never bytes, and return "*" for input that is not valid
// UTF-8 so that they never emit broken text or leak a value they cannot parse.

// Keeps the first character and replaces each other one by '*': "张三" → "张*",
// "欧阳娜娜" → "欧***", "李" → "*". Surrounding white space is trimmed; "" stays "".
std::string MaskName(std::string_view name);

// First 6 + 8 stars + last 4 of an 18-character number: "350921********1234". Anything else
// (old 15-digit numbers, garbage) becomes one '*' per character.
std::string MaskIdNumber(std::string_view id_number);

// Mobile: first 3 + "****" + last 4 ("138****5678"). Landline: area code, the subscriber number
// starred except its last 2, an extension fully starred ("0593*****67", "0593*****67-***").
// Input need not be normalised. An invalid phone becomes "****".
std::string MaskPhone(std::string_view phone);

// The first 6 characters then "****" ("福建省宁德市****"); an address of 6 characters or fewer
// keeps only its first half. "" stays "".
std::string MaskAddress(std::string_view address);

}  // namespace sixia::domain

#include "security/query_code.h"


#include <cstdlib>

#include "security/crypto.h"

namespace sixia::security {
namespace {

constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // Crockford base32.
constexpr size_t kChars = 16;                                     // 16 × 5 = 80 bits.
constexpr size_t kGroup = 4;
constexpr size_t kMaxTyped = 64;  // Longer input is no code; never hash megabytes.

// The value of a typed character in kAlphabet, or -1.
int ValueOf(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c == 'O') c = '0';
  if (c == 'I' || c == 'L') c = '1';
  for (int i = 0; i < 32; ++i)
    if (kAlphabet[i] == c) return i;
  return -1;
}

// Trimmed of ASCII white space at both ends.
std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string NewQueryCode() {
  unsigned char bytes[kChars];
  RandomBytes(bytes, sizeof bytes);
  std::string out;
  out.reserve(kChars + kChars / kGroup);
  for (size_t i = 0; i < kChars; ++i) {
    if (i > 0 && i % kGroup == 0) out.push_back('-');
    out.push_back(kAlphabet[bytes[i] & 31]);  // 256 is a multiple of 32: no bias.
  }
  return out;
}

std::string NormalizeQueryCode(std::string_view typed) {
  if (typed.size() > kMaxTyped) return {};
  std::string out;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    const int v = ValueOf(c);
    if (v < 0) return {};
    out.push_back(kAlphabet[v]);
  }
  return out.size() == kChars ? out : std::string();
}

std::string QueryCodeHash(std::string_view code) { return Sm3Hex(NormalizeQueryCode(code)); }

bool QueryCodeMatches(std::string_view typed, std::string_view stored_hash) {
  // A fixed dummy when there is nothing to compare with: the same work is done either way.
  static const std::string kDummy = Sm3Hex("sixia: no such petition");
  const std::string_view want = stored_hash.empty() ? std::string_view(kDummy) : stored_hash;
  const std::string_view input = typed.size() > kMaxTyped ? std::string_view() : Trim(typed);
  const std::string canonical = NormalizeQueryCode(input);
  // Both forms are hashed and compared every time: the current format (canonical) and the
  // earlier base64url codes (exactly as typed).
  const bool current = ConstantTimeEquals(Sm3Hex(canonical), want) && !canonical.empty();
  const bool legacy = ConstantTimeEquals(Sm3Hex(input), want) && !input.empty();
  return (current || legacy) && !stored_hash.empty();
}

}  // namespace sixia::security

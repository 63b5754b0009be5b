#pragma once
// The citizen's query code (查询码): shown once when a petition is registered, and asked for
// together with the receipt number whenever the petitioner follows, rates or asks for a
// 复查 of their petition online. Only its SM3 hash is stored (petitions.query_code_hash).
//
// A code is 16 characters of Crockford base32 (80 bits from the OpenSSL CSPRNG), shown in
// four groups "7KQ2-M9XD-4RTB-E0HW": no I, L, O or U, so it can be read aloud and typed on a
// phone. Typed input is normalised before hashing: case, spaces and hyphens do not matter,
// and O/I/L are read as 0/1/1. Codes of petitions registered before this format (12
// characters of base64url, 72 bits) are still recognised, compared exactly as typed.
// Thread-safe.

#include <string>
#include <string_view>

namespace sixia::security {

// A new code "XXXX-XXXX-XXXX-XXXX". Aborts if the RNG fails (there is no safe fallback).
std::string NewQueryCode();

// The 16 canonical characters of a typed code, or "" when it is not a code of the current
// format (wrong length or characters).
std::string NormalizeQueryCode(std::string_view typed);

// What is stored for `code` (as NewQueryCode returned it): SM3 hex of its canonical form.
std::string QueryCodeHash(std::string_view code);

// True when `typed` is the code whose hash is `stored_hash`. Takes the same time whether
// or not it matches and whether or not `stored_hash` is empty (an unknown receipt number
// is checked against a dummy hash), so that timing tells nothing.
bool QueryCodeMatches(std::string_view typed, std::string_view stored_hash);

}  // namespace sixia::security

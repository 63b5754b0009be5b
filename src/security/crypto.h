#pragma once
// Thin wrappers over OpenSSL 3 for the primitives sixia uses: SM3 (国密 hash) and a
// CSPRNG. Hides <openssl/*.h> from callers. Thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

namespace sixia::security {

// SM3 digest of `data`, lower-case hex (64 chars).
std::string Sm3Hex(std::string_view data);

// HMAC-SM3 of `data` under `key`, lower-case hex.
std::string HmacSm3Hex(std::string_view key, std::string_view data);

// Fills out[0, n) from OpenSSL's CSPRNG through a small per-thread buffer: one RAND_bytes
// call per 1 KiB drawn instead of one per IV (each call costs about a microsecond, whatever
// its size). A forked child drops what it inherited, so two processes never share bytes.
// Aborts if the RNG fails.
void RandomBytes(unsigned char* out, size_t n);

// `bytes` random bytes from the OS CSPRNG, base64url without padding. Aborts if the
// RNG fails (there is no safe fallback).
std::string RandomToken(size_t bytes = 32);

// Constant-time comparison of two strings of any length.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace sixia::security

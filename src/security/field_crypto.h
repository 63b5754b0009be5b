#pragma once
// Encryption at rest of personal data (name, 身份证号, phone, address): 国密 SM4 for secrecy,
// HMAC-SM3 for integrity, and a keyed blind index for exact lookups. OpenSSL 3 underneath;
// <openssl/*.h> stays out of this header.
//
// Sealed value format, version 1 (an ASCII string, safe in a TEXT column and in JSON):
//
//   "v1:" base64url_nopad( version ‖ key_id ‖ iv ‖ ciphertext ‖ tag )
//
//   version     1 byte, 0x01 (the MAC covers it, so the "v1:" prefix cannot be swapped).
//   key_id      4 bytes identifying the master key (derived from it, see below); lets a future
//               key ring pick the right key and makes "wrong key" a distinct error.
//   iv          16 random bytes, fresh for every Encrypt call.
//   ciphertext  SM4-CBC with PKCS#7 padding under enc_key: 16..n bytes, a multiple of 16 (the
//               padding hides the exact length of short values such as names).
//   tag         32 bytes HMAC-SM3 under mac_key over
//               version ‖ key_id ‖ iv ‖ ciphertext ‖ associated_data ‖ uint64_be(len(ad)).
//
// Encrypt-then-MAC: Decrypt checks the tag in constant time before touching the ciphertext.
// The associated data (e.g. "petitioner.id_number") is not stored; it binds a value to its
// column so that it cannot be copied into another column or another row's field unnoticed
// (include a row id in it to bind to the row too).
//
// Key derivation: HKDF (RFC 5869) with SM3, from the master key material (≥ 32 bytes),
// salt "sixia/field-crypto/v1", and one info label per sub-key:
//   enc_key   16 bytes  info "sixia/field-crypto/v1/sm4-cbc"
//   mac_key   32 bytes  info "sixia/field-crypto/v1/hmac-sm3"
//   index_key 32 bytes  info "sixia/field-crypto/v1/blind-index"
//   key_id     4 bytes  info "sixia/field-crypto/v1/key-id"
// These labels are part of the stored data format: changing one makes every sealed value and
// every blind index unreadable.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace sixia::security {

// Length of the random master key that LoadOrCreateKeyFile creates.
inline constexpr size_t kFieldKeyBytes = 32;

class FieldCipher {
 public:
  // kInvalidArgument when `key_material` is shorter than kFieldKeyBytes. The material is not
  // kept; only the derived sub-keys are, and they are wiped on destruction.
  static Result<FieldCipher> Create(std::string_view key_material);

  // Copies (and moves, which copy too, so a moved-from FieldCipher stays usable) share the
  // immutable keyed state.
  FieldCipher(const FieldCipher&) noexcept;
  FieldCipher& operator=(const FieldCipher&) noexcept;
  FieldCipher(FieldCipher&&) noexcept;
  FieldCipher& operator=(FieldCipher&&) noexcept;
  ~FieldCipher();

  // Seals `plaintext` (any bytes, "" included) bound to `associated_data`. Never fails: an
  // OpenSSL or RNG failure aborts (there is no safe fallback). Thread-safe.
  std::string Encrypt(std::string_view plaintext, std::string_view associated_data) const;

  // The plaintext of a value sealed by Encrypt with the same key and associated data.
  // kInvalidArgument when `sealed` is not a v1 sealed value at all; kInternal when it was
  // sealed under another key or fails authentication (tampered, truncated, wrong associated
  // data). Messages never contain the plaintext or the sealed value. Thread-safe.
  Result<std::string> Decrypt(std::string_view sealed, std::string_view associated_data) const;

  // Lower-case hex (64 chars) HMAC-SM3 under index_key of uint32_be(len(kind)) ‖ kind ‖
  // normalized_value: deterministic per key, so "all petitions of this 身份证号" is an exact
  // match on the index without storing the value; distinct kinds ("id_number", "phone") never
  // collide. Callers pass the normalised value (domain::NormalizeIdNumber, NormalizePhone).
  // Thread-safe.
  std::string BlindIndex(std::string_view kind, std::string_view normalized_value) const;

  // The 4-byte key id (as 8 hex chars) written into every sealed value, for logs and ops.
  std::string KeyIdHex() const;

 private:
  // The derived keys and the OpenSSL objects built from them once (fetched SM4-CBC, keyed
  // HMAC-SM3 templates); defined in field_crypto.cc. Never modified after Create, hence
  // shared by copies and used from many threads at once without locking.
  struct State;

  explicit FieldCipher(std::shared_ptr<const State> state) noexcept;

  std::shared_ptr<const State> state_;
};

// Reads the master key from `path`, or creates it (kFieldKeyBytes random bytes) when the file
// does not exist. The file holds 64 lower-case hex digits and a newline, mode 0600; it is
// written to a temporary file, fsync'ed and linked into place, so a crash never leaves a
// half-written key and two processes starting at once agree on one key.
// Errors (messages carry no path; the caller logs it): kPermissionDenied when the file is
// readable or writable by group or others; kInvalidArgument when it is not a regular file or
// not exactly 64 hex digits (an optional trailing newline allowed); kUnavailable on I/O errors.
// Returns the raw key bytes. Losing this file loses every sealed value: back it up.
Result<std::string> LoadOrCreateKeyFile(const std::string& path);

namespace detail {

// SM4 (GB/T 32907-2016) encryption of one 16-byte block under a 16-byte key, no padding.
// Exposed so tests can check the cipher against the standard's test vector.
// Precondition: both arguments are exactly 16 bytes.
std::string Sm4EncryptBlock(std::string_view key, std::string_view block);

// base64url without padding, and its strict inverse (rejects padding, characters outside the
// alphabet and non-zero trailing bits, so that every encoded string has one decoding).
std::string Base64UrlEncode(std::string_view bytes);
Result<std::string> Base64UrlDecode(std::string_view text);

}  // namespace detail
}  // namespace sixia::security

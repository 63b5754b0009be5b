#include "security/password_hasher.h"

#include <argon2.h>
#include <openssl/rand.h>

#include <mutex>
#include <vector>

namespace sixia::security {

Result<std::string> PasswordHasher::Hash(std::string_view password) const {
  unsigned char salt[16];
  if (RAND_bytes(salt, sizeof salt) != 1) return Internal();
  const size_t encoded_len = argon2_encodedlen(params_.time_cost, params_.memory_kib,
                                               params_.parallelism, sizeof salt, 32, Argon2_id);
  std::vector<char> encoded(encoded_len);
  const int rc = argon2id_hash_encoded(params_.time_cost, params_.memory_kib, params_.parallelism,
                                       password.data(), password.size(), salt, sizeof salt, 32,
                                       encoded.data(), encoded.size());
  if (rc != ARGON2_OK) return Internal();
  return std::string(encoded.data());
}

bool PasswordHasher::Verify(std::string_view encoded, std::string_view password) const {
  const std::string enc(encoded);  // argon2 wants a NUL-terminated string.
  return argon2id_verify(enc.c_str(), password.data(), password.size()) == ARGON2_OK;
}

void PasswordHasher::VerifyDummy(std::string_view password) const {
  static std::once_flag once;
  static std::string dummy;
  std::call_once(once, [this] { dummy = Hash("dummy-password-for-timing").value(); });
  (void)Verify(dummy, password);
}

}  // namespace sixia::security

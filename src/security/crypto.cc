#include "security/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace sixia::security {
namespace {

std::string ToHex(const unsigned char* data, size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kHex[data[i] >> 4];
    out[2 * i + 1] = kHex[data[i] & 0xF];
  }
  return out;
}

// SM3, fetched from the default provider once per process instead of implicitly on every
// EVP_Digest call (as EVP_sm3() does). Read-only after initialisation, so any number of threads
// may use it at once; deliberately never freed (it lives as long as the process).
const EVP_MD* Sm3() {
  static const EVP_MD* const md = EVP_MD_fetch(nullptr, "SM3", nullptr);
  if (md == nullptr) std::abort();
  return md;
}

}  // namespace

std::string Sm3Hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md, &len, Sm3(), nullptr) != 1) std::abort();
  return ToHex(md, len);
}

std::string HmacSm3Hex(std::string_view key, std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (HMAC(EVP_sm3(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), md, &len) == nullptr)
    std::abort();
  return ToHex(md, len);
}

void RandomBytes(unsigned char* out, size_t n) {
  constexpr size_t kPool = 1024;
  struct Pool {
    unsigned char bytes[kPool];
    size_t used = kPool;  // Empty.
    pid_t owner = 0;      // The process that filled it.
  };
  thread_local Pool pool;
  if (n > kPool / 4) {
    if (RAND_bytes(out, static_cast<int>(n)) != 1) std::abort();
    return;
  }
  const pid_t pid = ::getpid();
  if (pool.owner != pid) pool.used = kPool;  // Inherited across fork(): never hand it out.
  while (n > 0) {
    if (pool.used == kPool) {
      if (RAND_bytes(pool.bytes, static_cast<int>(kPool)) != 1) std::abort();
      pool.used = 0;
      pool.owner = pid;
    }
    const size_t take = std::min(n, kPool - pool.used);
    std::memcpy(out, pool.bytes + pool.used, take);
    // Handed-out bytes do not stay behind in the pool.
    OPENSSL_cleanse(pool.bytes + pool.used, take);
    pool.used += take;
    out += take;
    n -= take;
  }
}

std::string RandomToken(size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  RandomBytes(buf.data(), bytes);
  static constexpr char kB64[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((bytes * 4 + 2) / 3);
  uint32_t acc = 0;
  int bits = 0;
  for (unsigned char b : buf) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kB64[(acc >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kB64[(acc << (6 - bits)) & 0x3F]);
  return out;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace sixia::security

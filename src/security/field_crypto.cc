#include "security/field_crypto.h"

#include <fcntl.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <memory>

#include "security/crypto.h"

namespace sixia::security {
namespace {

constexpr unsigned char kVersion = 0x01;
constexpr std::string_view kTextPrefix = "v1:";
constexpr size_t kKeyIdBytes = 4;
constexpr size_t kIvBytes = 16;
constexpr size_t kBlockBytes = 16;
constexpr size_t kTagBytes = 32;
constexpr size_t kHeaderBytes = 1 + kKeyIdBytes + kIvBytes;
// The smallest sealed value: header, one block of padding, tag.
constexpr size_t kMinSealedBytes = kHeaderBytes + kBlockBytes + kTagBytes;
// Encrypt refuses (aborts on) values that OpenSSL's int lengths cannot hold with room to spare.
constexpr size_t kMaxPlaintextBytes = INT_MAX / 2;

constexpr char kHkdfSalt[] = "sixia/field-crypto/v1";
constexpr char kInfoEnc[] = "sixia/field-crypto/v1/sm4-cbc";
constexpr char kInfoMac[] = "sixia/field-crypto/v1/hmac-sm3";
constexpr char kInfoIndex[] = "sixia/field-crypto/v1/blind-index";
constexpr char kInfoKeyId[] = "sixia/field-crypto/v1/key-id";

[[noreturn]] void Fatal() { std::abort(); }

struct CipherCtxFree {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

struct KdfCtxFree {
  void operator()(EVP_KDF_CTX* ctx) const { EVP_KDF_CTX_free(ctx); }
};

struct CipherFree {
  void operator()(EVP_CIPHER* cipher) const { EVP_CIPHER_free(cipher); }
};
using FetchedCipher = std::unique_ptr<EVP_CIPHER, CipherFree>;

struct MacFree {
  void operator()(EVP_MAC* mac) const { EVP_MAC_free(mac); }
};

struct MacCtxFree {
  void operator()(EVP_MAC_CTX* ctx) const { EVP_MAC_CTX_free(ctx); }
};
using MacCtx = std::unique_ptr<EVP_MAC_CTX, MacCtxFree>;

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::string_view View(const unsigned char* data, size_t n) {
  return {reinterpret_cast<const char*>(data), n};
}

// HKDF-SM3(ikm, salt = kHkdfSalt, info) → out[0..n).
void DeriveKey(std::string_view ikm, const char* info, unsigned char* out, size_t n) {
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
  if (kdf == nullptr) Fatal();
  std::unique_ptr<EVP_KDF_CTX, KdfCtxFree> ctx(EVP_KDF_CTX_new(kdf));
  EVP_KDF_free(kdf);
  if (!ctx) Fatal();
  char digest[] = "SM3";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<char*>(ikm.data()),
                                        ikm.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(kHkdfSalt),
                                        sizeof(kHkdfSalt) - 1),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char*>(info),
                                        std::char_traits<char>::length(info)),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_KDF_derive(ctx.get(), out, n, params) != 1) Fatal();
}

// An HMAC-SM3 context initialised with `key` (the HMAC and SM3 implementations are fetched
// here, once, instead of on every call as the one-shot HMAC() does). Used only as a template:
// see HmacSm3Session.
MacCtx NewHmacSm3Template(EVP_MAC* hmac, const unsigned char* key, size_t key_len) {
  MacCtx ctx(EVP_MAC_CTX_new(hmac));
  if (!ctx) Fatal();
  char digest[] = "SM3";
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_end(),
  };
  if (EVP_MAC_init(ctx.get(), key, key_len, params) != 1 ||
      EVP_MAC_CTX_get_mac_size(ctx.get()) != kTagBytes)
    Fatal();
  return ctx;
}

// One HMAC-SM3 computation, on a private duplicate of a keyed template.
//
// Thread-safety contract: the template is fully initialised (digest and key set, EVP_MAC_init
// done) before the FieldCipher that owns it is published, and is never passed to anything but
// EVP_MAC_CTX_dup afterwards. EVP_MAC_CTX_dup only reads its source (plus atomic reference
// count increments on the fetched algorithms), so any number of threads may duplicate the same
// template at once; every update/final happens on the caller's own duplicate.
class HmacSm3Session {
 public:
  explicit HmacSm3Session(const EVP_MAC_CTX* keyed_template)
      : ctx_(EVP_MAC_CTX_dup(keyed_template)) {
    if (!ctx_) Fatal();
  }

  void Update(const unsigned char* data, size_t n) {
    if (EVP_MAC_update(ctx_.get(), data, n) != 1) Fatal();
  }
  void Update(std::string_view data) { Update(Bytes(data), data.size()); }
  void UpdateUint64(uint64_t v) {
    unsigned char be[8];
    for (int i = 0; i < 8; ++i) be[i] = static_cast<unsigned char>(v >> (56 - 8 * i));
    Update(be, sizeof(be));
  }

  // Writes the 32-byte tag.
  void Final(unsigned char (&out)[kTagBytes]) {
    size_t len = 0;
    if (EVP_MAC_final(ctx_.get(), out, &len, kTagBytes) != 1 || len != kTagBytes) Fatal();
  }

 private:
  MacCtx ctx_;
};

// The tag of a sealed value: HMAC-SM3 under mac_key over
// header ‖ ciphertext ‖ associated_data ‖ uint64_be(len(ad)).
void ComputeTag(const EVP_MAC_CTX* mac_template, std::string_view header_and_ciphertext,
                std::string_view associated_data, unsigned char (&tag)[kTagBytes]) {
  HmacSm3Session mac(mac_template);
  mac.Update(header_and_ciphertext);
  mac.Update(associated_data);
  mac.UpdateUint64(associated_data.size());
  mac.Final(tag);
}

std::string ToHex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    out[2 * i] = kHex[b >> 4];
    out[2 * i + 1] = kHex[b & 0xF];
  }
  return out;
}

constexpr char kB64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Appends base64url without padding of `bytes` to `out`.
void AppendBase64Url(std::string& out, std::string_view bytes) {
  const size_t start = out.size();
  out.resize(start + (bytes.size() * 4 + 2) / 3);
  char* p = out.data() + start;
  const auto* in = Bytes(bytes);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t v = uint32_t{in[i]} << 16 | uint32_t{in[i + 1]} << 8 | in[i + 2];
    *p++ = kB64Url[v >> 18];
    *p++ = kB64Url[(v >> 12) & 0x3F];
    *p++ = kB64Url[(v >> 6) & 0x3F];
    *p++ = kB64Url[v & 0x3F];
  }
  if (bytes.size() - i == 1) {
    const uint32_t v = uint32_t{in[i]} << 16;
    *p++ = kB64Url[v >> 18];
    *p++ = kB64Url[(v >> 12) & 0x3F];
  } else if (bytes.size() - i == 2) {
    const uint32_t v = uint32_t{in[i]} << 16 | uint32_t{in[i + 1]} << 8;
    *p++ = kB64Url[v >> 18];
    *p++ = kB64Url[(v >> 12) & 0x3F];
    *p++ = kB64Url[(v >> 6) & 0x3F];
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Status Malformed() { return InvalidArgument("not a sealed value", "不是有效的加密字段值"); }

Status NotAuthentic() {
  return Internal("encrypted field failed its integrity check (tampered, or wrong context)",
                  "加密字段完整性校验失败（数据可能被篡改或错位）");
}

// ---- key file ------------------------------------------------------------------------------

constexpr size_t kKeyHexChars = kFieldKeyBytes * 2;

Status KeyFileUnavailable() {
  return Unavailable("cannot read or create the field encryption key file",
                     "无法读取或创建字段加密密钥文件");
}

Status KeyFileMalformed() {
  return InvalidArgument("the field encryption key file must be a regular file holding exactly " +
                             std::to_string(kKeyHexChars) + " hex digits",
                         "字段加密密钥文件格式错误：须为仅含" + std::to_string(kKeyHexChars) +
                             "位十六进制数字的普通文件");
}

// Closes a file descriptor on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // Closes now, reporting the error close() reports.
  bool Close() {
    const int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
  }

 private:
  int fd_;
};

Result<std::string> ReadKeyFile(const Fd& fd) {
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return KeyFileUnavailable();
  if (!S_ISREG(st.st_mode)) return KeyFileMalformed();
  if ((st.st_mode & 077) != 0)
    return Status(ErrorCode::kPermissionDenied,
                  "the field encryption key file must not be accessible to group or others "
                  "(chmod 600)",
                  "字段加密密钥文件权限过宽：不得允许同组或其他用户访问（应为 chmod 600）");
  if (st.st_size != static_cast<off_t>(kKeyHexChars) &&
      st.st_size != static_cast<off_t>(kKeyHexChars + 1))
    return KeyFileMalformed();
  char buf[kKeyHexChars + 2];
  size_t got = 0;
  while (got < sizeof(buf)) {
    const ssize_t n = ::read(fd.get(), buf + got, sizeof(buf) - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return KeyFileUnavailable();
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  Status bad;
  if (got == kKeyHexChars + 1 && buf[kKeyHexChars] == '\n') --got;
  std::string key;
  if (got != kKeyHexChars) {
    bad = KeyFileMalformed();
  } else {
    key.resize(kFieldKeyBytes);
    for (size_t i = 0; i < kFieldKeyBytes && bad.ok(); ++i) {
      const int hi = HexValue(buf[2 * i]);
      const int lo = HexValue(buf[2 * i + 1]);
      if (hi < 0 || lo < 0) {
        bad = KeyFileMalformed();
      } else {
        key[i] = static_cast<char>(hi << 4 | lo);
      }
    }
  }
  OPENSSL_cleanse(buf, sizeof(buf));
  if (!bad.ok()) {
    OPENSSL_cleanse(key.data(), key.size());
    return bad;
  }
  return key;
}

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Makes the new directory entry durable. Best effort on file systems without directory fsync.
void SyncParentDirectory(const std::string& path) {
  const auto slash = path.find_last_of('/');
  const std::string dir =
      slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  Fd dfd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dfd.get() >= 0) ::fsync(dfd.get());
}

}  // namespace

// ---- FieldCipher ---------------------------------------------------------------------------

// Everything here is set up in Create and then only read, by any number of threads at once:
// the fetched cipher is used read-only by EVP_{En,De}cryptInit_ex2, and the MAC templates only
// as the source of EVP_MAC_CTX_dup (see HmacSm3Session).
struct FieldCipher::State {
  State() = default;
  State(const State&) = delete;
  State& operator=(const State&) = delete;
  ~State() { OPENSSL_cleanse(enc_key.data(), enc_key.size()); }

  std::array<unsigned char, 16> enc_key{};
  std::array<unsigned char, kKeyIdBytes> key_id{};
  FetchedCipher sm4_cbc;  // "SM4-CBC", fetched once.
  MacCtx mac_template;    // HMAC-SM3 keyed with mac_key (the key lives only in here).
  MacCtx index_template;  // HMAC-SM3 keyed with index_key (likewise).
};

Result<FieldCipher> FieldCipher::Create(std::string_view key_material) {
  if (key_material.size() < kFieldKeyBytes)
    return InvalidArgument(
        "field encryption key must have at least " + std::to_string(kFieldKeyBytes) + " bytes",
        "字段加密密钥长度至少为" + std::to_string(kFieldKeyBytes) + "字节");
  auto state = std::make_shared<State>();
  std::array<unsigned char, 32> mac_key{};
  std::array<unsigned char, 32> index_key{};
  DeriveKey(key_material, kInfoEnc, state->enc_key.data(), state->enc_key.size());
  DeriveKey(key_material, kInfoMac, mac_key.data(), mac_key.size());
  DeriveKey(key_material, kInfoIndex, index_key.data(), index_key.size());
  DeriveKey(key_material, kInfoKeyId, state->key_id.data(), state->key_id.size());

  state->sm4_cbc.reset(EVP_CIPHER_fetch(nullptr, "SM4-CBC", nullptr));
  if (!state->sm4_cbc) Fatal();
  {
    std::unique_ptr<EVP_MAC, MacFree> hmac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    if (!hmac) Fatal();
    // The contexts keep their own reference to the fetched HMAC.
    state->mac_template = NewHmacSm3Template(hmac.get(), mac_key.data(), mac_key.size());
    state->index_template = NewHmacSm3Template(hmac.get(), index_key.data(), index_key.size());
  }
  OPENSSL_cleanse(mac_key.data(), mac_key.size());
  OPENSSL_cleanse(index_key.data(), index_key.size());
  return FieldCipher(std::move(state));
}

FieldCipher::FieldCipher(std::shared_ptr<const State> state) noexcept : state_(std::move(state)) {}
FieldCipher::FieldCipher(const FieldCipher&) noexcept = default;
FieldCipher& FieldCipher::operator=(const FieldCipher&) noexcept = default;
// A move copies the shared pointer so that the source keeps working, as it did when the keys
// were plain arrays.
FieldCipher::FieldCipher(FieldCipher&& other) noexcept : state_(other.state_) {}
FieldCipher& FieldCipher::operator=(FieldCipher&& other) noexcept {
  state_ = other.state_;
  return *this;
}
// The keys are wiped by ~State when the last FieldCipher sharing them goes (the MAC keys by
// EVP_MAC_CTX_free).
FieldCipher::~FieldCipher() = default;

std::string FieldCipher::Encrypt(std::string_view plaintext,
                                 std::string_view associated_data) const {
  if (plaintext.size() > kMaxPlaintextBytes) Fatal();
  const State& st = *state_;
  // blob = version ‖ key_id ‖ iv ‖ ciphertext ‖ tag, built in place.
  std::string blob(kHeaderBytes + plaintext.size() + kBlockBytes + kTagBytes, '\0');
  auto* p = reinterpret_cast<unsigned char*>(blob.data());
  p[0] = kVersion;
  std::copy(st.key_id.begin(), st.key_id.end(), p + 1);
  unsigned char* iv = p + 1 + kKeyIdBytes;
  RandomBytes(iv, kIvBytes);

  CipherCtx ctx(EVP_CIPHER_CTX_new());
  if (!ctx || EVP_EncryptInit_ex2(ctx.get(), st.sm4_cbc.get(), st.enc_key.data(), iv, nullptr) != 1)
    Fatal();
  unsigned char* out = p + kHeaderBytes;
  int len = 0;
  int final_len = 0;
  if (EVP_EncryptUpdate(ctx.get(), out, &len, Bytes(plaintext),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), out + len, &final_len) != 1)
    Fatal();
  const size_t body_len = kHeaderBytes + static_cast<size_t>(len) + static_cast<size_t>(final_len);

  unsigned char tag[kTagBytes];
  ComputeTag(st.mac_template.get(), View(p, body_len), associated_data, tag);
  std::copy(tag, tag + kTagBytes, p + body_len);
  blob.resize(body_len + kTagBytes);

  std::string sealed;
  sealed.reserve(kTextPrefix.size() + (blob.size() * 4 + 2) / 3);
  sealed.append(kTextPrefix);
  AppendBase64Url(sealed, blob);
  return sealed;
}

Result<std::string> FieldCipher::Decrypt(std::string_view sealed,
                                         std::string_view associated_data) const {
  const State& st = *state_;
  if (sealed.substr(0, kTextPrefix.size()) != kTextPrefix) return Malformed();
  auto decoded = detail::Base64UrlDecode(sealed.substr(kTextPrefix.size()));
  if (!decoded.ok()) return Malformed();
  const std::string_view blob = *decoded;
  if (blob.size() < kMinSealedBytes || (blob.size() - kHeaderBytes - kTagBytes) % kBlockBytes != 0)
    return Malformed();
  if (static_cast<unsigned char>(blob[0]) != kVersion) return Malformed();
  if (blob.substr(1, kKeyIdBytes) != View(st.key_id.data(), st.key_id.size()))
    return Internal("encrypted field was sealed under a different key",
                    "加密字段使用了其他密钥，无法解密");

  const std::string_view body = blob.substr(0, blob.size() - kTagBytes);
  const std::string_view tag = blob.substr(blob.size() - kTagBytes);
  unsigned char expected[kTagBytes];
  ComputeTag(st.mac_template.get(), body, associated_data, expected);
  if (!ConstantTimeEquals(View(expected, kTagBytes), tag)) return NotAuthentic();

  const auto* iv = Bytes(blob.substr(1 + kKeyIdBytes, kIvBytes));
  const std::string_view ciphertext = body.substr(kHeaderBytes);
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  if (!ctx || EVP_DecryptInit_ex2(ctx.get(), st.sm4_cbc.get(), st.enc_key.data(), iv, nullptr) != 1)
    Fatal();
  std::string plaintext(ciphertext.size(), '\0');
  auto* out = reinterpret_cast<unsigned char*>(plaintext.data());
  int len = 0;
  int final_len = 0;
  if (EVP_DecryptUpdate(ctx.get(), out, &len, Bytes(ciphertext),
                        static_cast<int>(ciphertext.size())) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), out + len, &final_len) != 1) {
    // Authentic but undecryptable: only a bug or a colliding key id gets here.
    OPENSSL_cleanse(plaintext.data(), plaintext.size());
    return NotAuthentic();
  }
  plaintext.resize(static_cast<size_t>(len) + static_cast<size_t>(final_len));
  return plaintext;
}

std::string FieldCipher::BlindIndex(std::string_view kind,
                                    std::string_view normalized_value) const {
  // HMAC over uint32_be(len(kind)) ‖ kind ‖ normalized_value, fed piecewise so the value is
  // never copied.
  HmacSm3Session mac(state_->index_template.get());
  const auto kind_len = static_cast<uint32_t>(kind.size());
  const unsigned char kind_len_be[4] = {
      static_cast<unsigned char>(kind_len >> 24), static_cast<unsigned char>(kind_len >> 16),
      static_cast<unsigned char>(kind_len >> 8), static_cast<unsigned char>(kind_len)};
  mac.Update(kind_len_be, sizeof(kind_len_be));
  mac.Update(kind);
  mac.Update(normalized_value);
  unsigned char out[kTagBytes];
  mac.Final(out);
  return ToHex(View(out, kTagBytes));
}

std::string FieldCipher::KeyIdHex() const {
  return ToHex(View(state_->key_id.data(), state_->key_id.size()));
}

// ---- key file ------------------------------------------------------------------------------

Result<std::string> LoadOrCreateKeyFile(const std::string& path) {
  {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() >= 0) return ReadKeyFile(fd);
    if (errno != ENOENT) return KeyFileUnavailable();
  }
  // Absent: write a new key beside it, then link it into place. link() never replaces an
  // existing file, so if another process won the race we read its key instead.
  unsigned char key[kFieldKeyBytes];
  if (RAND_bytes(key, sizeof(key)) != 1) Fatal();
  std::string contents = ToHex(View(key, sizeof(key))) + "\n";
  const std::string tmp = path + ".tmp-" + RandomToken(9);
  bool written = false;
  {
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (fd.get() >= 0) {
      written = ::fchmod(fd.get(), 0600) == 0 && WriteAll(fd.get(), contents) &&
                ::fsync(fd.get()) == 0 && fd.Close();
      if (!written) ::unlink(tmp.c_str());
    }
  }
  OPENSSL_cleanse(contents.data(), contents.size());
  if (!written) {
    OPENSSL_cleanse(key, sizeof(key));
    return KeyFileUnavailable();
  }
  const bool linked = ::link(tmp.c_str(), path.c_str()) == 0;
  const int link_errno = errno;
  ::unlink(tmp.c_str());
  if (!linked) {
    OPENSSL_cleanse(key, sizeof(key));
    if (link_errno != EEXIST) return KeyFileUnavailable();
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return KeyFileUnavailable();
    return ReadKeyFile(fd);
  }
  SyncParentDirectory(path);
  std::string result(View(key, sizeof(key)));
  OPENSSL_cleanse(key, sizeof(key));
  return result;
}

// ---- detail --------------------------------------------------------------------------------

namespace detail {

std::string Sm4EncryptBlock(std::string_view key, std::string_view block) {
  if (key.size() != kBlockBytes || block.size() != kBlockBytes) Fatal();
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  unsigned char out[2 * kBlockBytes];
  int len = 0;
  int final_len = 0;
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_sm4_ecb(), nullptr, Bytes(key), nullptr) != 1 ||
      EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1 ||
      EVP_EncryptUpdate(ctx.get(), out, &len, Bytes(block), static_cast<int>(block.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), out + len, &final_len) != 1)
    Fatal();
  return std::string(View(out, static_cast<size_t>(len) + static_cast<size_t>(final_len)));
}

namespace {
int B64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}
}  // namespace

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  AppendBase64Url(out, bytes);
  return out;
}

Result<std::string> Base64UrlDecode(std::string_view text) {
  if (text.size() % 4 == 1) return Malformed();
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const int v = B64Value(c);
    if (v < 0) return Malformed();
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  if ((acc & ((1u << bits) - 1)) != 0) return Malformed();  // Non-canonical trailing bits.
  return out;
}

}  // namespace detail
}  // namespace sixia::security

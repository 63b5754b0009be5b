#include "security/field_crypto.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace sixia::security {
namespace {

namespace fs = std::filesystem;

std::string FromHex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  return out;
}

std::string ToHex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    out.push_back(kHex[static_cast<unsigned char>(c) >> 4]);
    out.push_back(kHex[static_cast<unsigned char>(c) & 0xF]);
  }
  return out;
}

// Key material 00 01 02 … 1f.
std::string TestKey() {
  std::string key;
  for (int i = 0; i < 32; ++i) key.push_back(static_cast<char>(i));
  return key;
}

FieldCipher TestCipher() { return FieldCipher::Create(TestKey()).value(); }

constexpr char kIdColumn[] = "petitioner.id_number";

TEST(Sm4, MatchesTheGbt32907TestVector) {
  const std::string key = FromHex("0123456789abcdeffedcba9876543210");
  EXPECT_EQ(ToHex(detail::Sm4EncryptBlock(key, key)), "681edf34d206965e86b3e94f536e4246");
}

TEST(Base64Url, RoundTripsAndRejectsNonCanonicalText) {
  for (const std::string& s :
       std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\xff\xfe\x00\x01", 4)}) {
    const std::string text = detail::Base64UrlEncode(s);
    EXPECT_EQ(text.find('='), std::string::npos);
    auto back = detail::Base64UrlDecode(text);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, s);
  }
  EXPECT_EQ(detail::Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_FALSE(detail::Base64UrlDecode("YQ==").ok());  // Padding.
  EXPECT_FALSE(detail::Base64UrlDecode("YR").ok());    // "a" with non-zero trailing bits.
  EXPECT_FALSE(detail::Base64UrlDecode("Y").ok());     // Impossible length.
  EXPECT_FALSE(detail::Base64UrlDecode("Y+/A").ok());  // Standard alphabet.
}

TEST(FieldCipher, RefusesShortKeyMaterial) {
  auto cipher = FieldCipher::Create(std::string(31, 'k'));
  ASSERT_FALSE(cipher.ok());
  EXPECT_EQ(cipher.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(FieldCipher::Create(std::string(64, 'k')).ok());
}

TEST(FieldCipher, RoundTripsChineseTextAndEmptyValues) {
  const FieldCipher cipher = TestCipher();
  const std::vector<std::string> values = {"张三",
                                           "福建省宁德市霞浦县松城街道建设路12号",
                                           "",
                                           "0123456789abcdef",
                                           std::string("\0bin\0", 5),
                                           std::string(1000, 'x')};
  for (const std::string& plain : values) {
    const std::string sealed = cipher.Encrypt(plain, "petitioner.address");
    EXPECT_EQ(sealed.rfind("v1:", 0), 0u);
    auto opened = cipher.Decrypt(sealed, "petitioner.address");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    EXPECT_EQ(*opened, plain);
  }
}

TEST(FieldCipher, PadsToWholeBlocksSoShortNamesLookAlike) {
  const FieldCipher cipher = TestCipher();
  EXPECT_EQ(cipher.Encrypt("李", "n").size(), cipher.Encrypt("欧阳娜娜", "n").size());
}

TEST(FieldCipher, UsesAFreshIvEveryTime) {
  const FieldCipher cipher = TestCipher();
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) seen.insert(cipher.Encrypt("350921199003071237", kIdColumn));
  EXPECT_EQ(seen.size(), 100u);
}

TEST(FieldCipher, DecryptsAValueSealedWithTheOpensslCommandLine) {
  // Built independently: sub-keys by HKDF-SM3 in Python (hashlib/hmac), ciphertext by
  // `openssl enc -sm4-cbc`, tag by Python's HMAC-SM3, IV a0..af. Pins the v1 format.
  const std::string sealed =
      "v1:AQYvZR-goaKjpKWmp6ipqqusra6vZpv6grvGuzhV2dmHoxFBkRvkQadANd5_WQB5V8AthHDLGpJw4Y5molMYszH7"
      "RNrr";
  const FieldCipher cipher = TestCipher();
  EXPECT_EQ(cipher.KeyIdHex(), "062f651f");
  auto opened = cipher.Decrypt(sealed, "petitioner.name");
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, "张三丰");
}

TEST(FieldCipher, DetectsTamperingAtEveryPosition) {
  const FieldCipher cipher = TestCipher();
  const std::string sealed = cipher.Encrypt("350921199003071237", kIdColumn);
  for (size_t i = 0; i < sealed.size(); ++i) {
    for (char replacement : {static_cast<char>(sealed[i] ^ 0x01), 'A', '_', '\0'}) {
      if (replacement == sealed[i]) continue;
      std::string tampered = sealed;
      tampered[i] = replacement;
      auto opened = cipher.Decrypt(tampered, kIdColumn);
      ASSERT_FALSE(opened.ok()) << "position " << i;
      EXPECT_EQ(opened.status().message().find("350921"), std::string::npos);
    }
  }
  // Truncated, extended or empty.
  for (size_t n = 0; n < sealed.size(); ++n)
    EXPECT_FALSE(cipher.Decrypt(sealed.substr(0, n), kIdColumn).ok()) << n;
  EXPECT_FALSE(cipher.Decrypt(sealed + "AAAA", kIdColumn).ok());
  EXPECT_FALSE(cipher.Decrypt(sealed + "AAAAAAAAAAAAAAAAAAAAAA", kIdColumn).ok());
}

TEST(FieldCipher, FlippingAnyBitOfTheDecodedBytesFailsAuthentication) {
  const FieldCipher cipher = TestCipher();
  const std::string sealed = cipher.Encrypt("13800138000", "petitioner.phone");
  const std::string blob = detail::Base64UrlDecode(sealed.substr(3)).value();
  for (size_t i = 0; i < blob.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string tampered = blob;
      tampered[i] = static_cast<char>(tampered[i] ^ (1 << bit));
      auto opened = cipher.Decrypt("v1:" + detail::Base64UrlEncode(tampered), "petitioner.phone");
      EXPECT_FALSE(opened.ok()) << "byte " << i << " bit " << bit;
      if (i >= 5) {  // Past version and key id: the MAC is what catches it.
        EXPECT_EQ(opened.status().code(), ErrorCode::kInternal);
      }
    }
  }
}

TEST(FieldCipher, WrongAssociatedDataIsRejected) {
  const FieldCipher cipher = TestCipher();
  const std::string sealed = cipher.Encrypt("350921199003071237", kIdColumn);
  for (const char* other :
       {"petitioner.phone", "", "petitioner.id_numbe", "petitioner.id_number "}) {
    auto opened = cipher.Decrypt(sealed, other);
    ASSERT_FALSE(opened.ok()) << other;
    EXPECT_EQ(opened.status().code(), ErrorCode::kInternal);
  }
}

TEST(FieldCipher, WrongKeyIsRejected) {
  const FieldCipher cipher = TestCipher();
  std::string other_key = TestKey();
  other_key[0] ^= 1;
  const FieldCipher other = FieldCipher::Create(other_key).value();
  const std::string sealed = cipher.Encrypt("张三", "petitioner.name");
  auto opened = other.Decrypt(sealed, "petitioner.name");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), ErrorCode::kInternal);
  EXPECT_NE(cipher.KeyIdHex(), other.KeyIdHex());
}

TEST(FieldCipher, MalformedInputIsInvalidArgumentNotACrash) {
  const FieldCipher cipher = TestCipher();
  for (const char* bad : {"", "v1:", "v2:AAAA", "张三", "v1:!!!!", "v1:AAAAAAAA"}) {
    auto opened = cipher.Decrypt(bad, kIdColumn);
    ASSERT_FALSE(opened.ok()) << bad;
    EXPECT_EQ(opened.status().code(), ErrorCode::kInvalidArgument) << bad;
  }
}

TEST(FieldCipher, BlindIndexIsDeterministicKeyedAndDistinctPerKind) {
  const FieldCipher cipher = TestCipher();
  // Computed independently (Python hmac/hashlib, HKDF-SM3 as documented in the header).
  EXPECT_EQ(cipher.BlindIndex("id_number", "11010519491231002X"),
            "9dbc289dc290b17011904a24edfdb93ecacf8a1dfeb13c284f8451e8f9161d1b");
  EXPECT_EQ(cipher.BlindIndex("phone", "13800138000"),
            TestCipher().BlindIndex("phone", "13800138000"));
  EXPECT_NE(cipher.BlindIndex("phone", "13800138000"),
            cipher.BlindIndex("id_number", "13800138000"));
  EXPECT_NE(cipher.BlindIndex("ab", "c"), cipher.BlindIndex("a", "bc"));
  EXPECT_NE(cipher.BlindIndex("phone", "13800138000"), cipher.BlindIndex("phone", "13800138001"));
  std::string other_key = TestKey();
  other_key[31] ^= 1;
  EXPECT_NE(FieldCipher::Create(other_key)->BlindIndex("phone", "13800138000"),
            cipher.BlindIndex("phone", "13800138000"));
}

TEST(FieldCipher, ConstMethodsAreSafeFromManyThreads) {
  const FieldCipher cipher = TestCipher();
  std::vector<std::thread> threads;
  threads.reserve(8);
  std::vector<int> failures(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&cipher, &failures, t] {
      const std::string value = "信访人" + std::to_string(t);
      for (int i = 0; i < 200; ++i) {
        auto opened = cipher.Decrypt(cipher.Encrypt(value, "ad"), "ad");
        if (!opened.ok() || *opened != value) ++failures[t];
        if (cipher.BlindIndex("name", value) != cipher.BlindIndex("name", value)) ++failures[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int f : failures) EXPECT_EQ(f, 0);
}

// ---- key file ------------------------------------------------------------------------------

class KeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (fs::temp_directory_path() / "sixia_key_test_XXXXXX").string();
    ASSERT_NE(::mkdtemp(templ.data()), nullptr);
    dir_ = templ;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string PathOf(const std::string& name) const { return (dir_ / name).string(); }

  void WriteFile(const std::string& path, const std::string& contents, fs::perms mode) {
    std::ofstream(path, std::ios::binary) << contents;
    fs::permissions(path, mode);
  }

  fs::path dir_;
};

TEST_F(KeyFileTest, CreatesA0600KeyAndReloadsTheSameKey) {
  const std::string path = PathOf("field.key");
  auto created = LoadOrCreateKeyFile(path);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->size(), kFieldKeyBytes);

  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, static_cast<off_t>(2 * kFieldKeyBytes + 1));

  auto reloaded = LoadOrCreateKeyFile(path);
  ASSERT_TRUE(reloaded.ok()) << reloaded.status().ToString();
  EXPECT_EQ(*reloaded, *created);
  // No temporary file left behind.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);

  // The same key file gives a cipher that opens values sealed before the restart.
  const std::string sealed = FieldCipher::Create(*created)->Encrypt("张三", "petitioner.name");
  EXPECT_EQ(*FieldCipher::Create(*reloaded)->Decrypt(sealed, "petitioner.name"), "张三");
}

TEST_F(KeyFileTest, TwoCreatedKeysDiffer) {
  EXPECT_NE(*LoadOrCreateKeyFile(PathOf("a.key")), *LoadOrCreateKeyFile(PathOf("b.key")));
}

TEST_F(KeyFileTest, AcceptsAHandWrittenKeyWithOrWithoutNewline) {
  const std::string hex = "000102030405060708090a0b0c0d0e0f101112131415161718191A1B1C1D1E1F";
  WriteFile(PathOf("nl.key"), hex + "\n", fs::perms::owner_read | fs::perms::owner_write);
  WriteFile(PathOf("plain.key"), hex, fs::perms::owner_read);
  EXPECT_EQ(*LoadOrCreateKeyFile(PathOf("nl.key")), TestKey());
  EXPECT_EQ(*LoadOrCreateKeyFile(PathOf("plain.key")), TestKey());
}

TEST_F(KeyFileTest, RefusesAKeyReadableByOthers) {
  const std::string hex(64, 'a');
  const auto owner = fs::perms::owner_read | fs::perms::owner_write;
  for (fs::perms extra : {fs::perms::group_read, fs::perms::others_read, fs::perms::group_write}) {
    const std::string path = PathOf("open.key");
    WriteFile(path, hex + "\n", owner | extra);
    auto key = LoadOrCreateKeyFile(path);
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.status().code(), ErrorCode::kPermissionDenied);
    EXPECT_EQ(key.status().ToString().find(dir_.string()), std::string::npos);  // No path.
    fs::remove(path);
  }
}

TEST_F(KeyFileTest, RefusesMalformedKeyFiles) {
  const auto owner = fs::perms::owner_read | fs::perms::owner_write;
  for (const std::string& contents :
       {std::string(), std::string(63, 'a'), std::string(63, 'a') + "\n", std::string(65, 'a'),
        std::string(64, 'a') + "\n\n", std::string(64, 'g'), std::string(64, 'a') + " ",
        std::string(32, 'k')}) {
    const std::string path = PathOf("bad.key");
    WriteFile(path, contents, owner);
    auto key = LoadOrCreateKeyFile(path);
    ASSERT_FALSE(key.ok()) << contents;
    EXPECT_EQ(key.status().code(), ErrorCode::kInvalidArgument) << contents;
    fs::remove(path);
  }
  // A directory where the key should be.
  fs::create_directory(PathOf("dir.key"));
  fs::permissions(PathOf("dir.key"), fs::perms::owner_all);
  EXPECT_EQ(LoadOrCreateKeyFile(PathOf("dir.key")).status().code(), ErrorCode::kInvalidArgument);
}

TEST_F(KeyFileTest, MissingDirectoryIsUnavailable) {
  EXPECT_EQ(LoadOrCreateKeyFile(PathOf("no/such/dir/field.key")).status().code(),
            ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace sixia::security

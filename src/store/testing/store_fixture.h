#pragma once
// The fixture shared by the store suites (store_test.cc, petition_store_test.cc): each
// test runs on SQLite (a temporary file), PostgreSQL (a fresh database per test when
// SIXIA_TEST_PG_URL is set; see tests/with_postgres.sh) and the in-memory fake, and
// reaches the repositories only through Store::Read / Store::Write. Test-only header.

#include "store/store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <set>
#include <thread>
#include <type_traits>

#include "store/memory_store.h"
#include "store/testing/pg_test_database.h"

namespace sixia::store::fixture {

using domain::Division;
using domain::DivisionLevel;
namespace fs = std::filesystem;

inline constexpr int64_t kT0 = 1'700'000'000'000;  // Some Unix time in ms.
inline constexpr char kFujian[] = "350000000000";
inline constexpr char kNingde[] = "350900000000";
inline constexpr char kXiapu[] = "350921000000";
inline constexpr char kGutian[] = "350922000000";
inline constexpr char kSongcheng[] = "350921101000";
inline constexpr char kBeijing[] = "110000000000";
inline constexpr char kDongcheng[] = "110101000000";

inline ::testing::AssertionResult IsOk(const Status& st) {
  if (st.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << st.ToString();
}
#define EXPECT_OK(expr) EXPECT_TRUE(IsOk(expr))
#define ASSERT_OK(expr) ASSERT_TRUE(IsOk(expr))

// "conflict", "not_found" … so that failures print readable codes.
inline std::string CodeOf(const Status& st) { return ErrorCodeName(st.code()); }

template <typename R>
inline Status StatusOf(const R& r) {
  if constexpr (std::is_same_v<R, Status>)
    return r;
  else
    return r.status();
}

inline std::string RandomHex(int n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device rd;
  std::string out;
  for (int i = 0; i < n; ++i) out += kHex[rd() % 16];
  return out;
}

// 福建省 › 宁德市 › 霞浦县 (› 松城街道), 古田县; 北京市 › 市辖区 › 东城区; 重庆市.
inline std::vector<Division> SampleDivisions() {
  using L = DivisionLevel;
  return {{kFujian, "福建省", L::kProvince, domain::kNationCode},
          {kNingde, "宁德市", L::kCity, kFujian},
          {kXiapu, "霞浦县", L::kCounty, kNingde},
          {kGutian, "古田县", L::kCounty, kNingde},
          {kSongcheng, "松城街道", L::kTownship, kXiapu},
          {kBeijing, "北京市", L::kProvince, domain::kNationCode},
          {"110100000000", "市辖区", L::kCity, kBeijing},
          {kDongcheng, "东城区", L::kCounty, "110100000000"},
          {"500000000000", "重庆市", L::kProvince, domain::kNationCode}};
}

inline std::vector<std::string> Codes(const std::vector<Division>& ds) {
  std::vector<std::string> out;
  for (const auto& d : ds) out.push_back(d.code);
  return out;
}

inline domain::CodeRange RangeOf(const char* code, DivisionLevel level) {
  return domain::SubtreeRange(code, level);
}
inline const domain::CodeRange kNationRange =
    domain::SubtreeRange(domain::kNationCode, DivisionLevel::kNation);
inline const domain::CodeRange kFujianRange = domain::SubtreeRange(kFujian, DivisionLevel::kProvince);
inline const domain::CodeRange kBeijingRange = domain::SubtreeRange(kBeijing, DivisionLevel::kProvince);

inline domain::Unit MakeUnit(std::string name, std::string division_code) {
  domain::Unit u;
  u.name = std::move(name);
  u.kind = domain::UnitKind::kGovernment;
  u.division_code = std::move(division_code);
  u.county_code = u.division_code;
  u.created_at_ms = kT0;
  return u;
}

inline domain::User MakeUser(std::string username, int64_t unit_id) {
  domain::User u;
  u.username = username;
  u.display_name = "用户 " + username;
  u.unit_id = unit_id;
  u.created_at_ms = kT0;
  return u;
}

inline domain::Role MakeRole(std::string name, std::vector<std::string> permissions) {
  domain::Role r;
  r.name = std::move(name);
  r.title_zh = "角色 " + r.name;
  r.permissions = std::move(permissions);
  return r;
}

template <typename T>
inline std::vector<int64_t> Ids(const std::vector<T>& v) {
  std::vector<int64_t> out;
  for (const auto& x : v) out.push_back(x.id);
  return out;
}

inline std::string BackendName(Backend b) {
  switch (b) {
    case Backend::kSqlite:
      return "Sqlite";
    case Backend::kPostgres:
      return "Postgres";
    case Backend::kMemory:
      return "Memory";
  }
  return "Unknown";
}


class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  // Defined first: the helpers below deduce their return types from it.
  template <typename Fn>
  auto RunValue(Fn& fn, bool write) {
    using T = std::decay_t<decltype(fn(std::declval<Tx&>()).value())>;
    T out{};
    auto body = [&](Tx& tx) -> Status {
      auto r = fn(tx);
      if (!r.ok()) return r.status();
      out = std::move(r).value();
      return Status::Ok();
    };
    const Status st = write ? store_->Write(body) : store_->Read(body);
    EXPECT_OK(st);
    return out;
  }

  void SetUp() override {
    switch (GetParam()) {
      case Backend::kSqlite: {
        sqlite_path_ =
            (fs::temp_directory_path() / ("sixia-store-test-" + RandomHex(16) + ".db")).string();
        auto opened = OpenSqliteStore({.path = sqlite_path_});
        ASSERT_OK(opened.status());
        store_ = std::move(opened).value();
        break;
      }
      case Backend::kPostgres: {
        const char* url = std::getenv("SIXIA_TEST_PG_URL");
        if (url == nullptr || *url == '\0')
          GTEST_SKIP() << "SIXIA_TEST_PG_URL is not set; run under tests/with_postgres.sh";
        auto db = testing::PgTestDatabase::Create(url);
        ASSERT_OK(db.status());
        pg_db_ = std::move(db).value();
        auto opened = OpenPostgresStore({.url = pg_db_->url()});
        ASSERT_OK(opened.status());
        store_ = std::move(opened).value();
        break;
      }
      case Backend::kMemory:
        store_ = NewMemoryStore();
        break;
    }
  }

  void TearDown() override {
    store_.reset();
    pg_db_.reset();
    if (!sqlite_path_.empty()) {
      std::error_code ec;
      for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(sqlite_path_ + suffix, ec);
    }
  }

  Store& store() { return *store_; }

  // Runs `fn` (Tx& → Result<T>) in a read transaction and returns its value; a failure
  // fails the test and yields T{}.
  template <typename Fn>
  auto ReadValue(Fn fn) {
    return RunValue(fn, false);
  }
  // The same in a write transaction.
  template <typename Fn>
  auto WriteValue(Fn fn) {
    return RunValue(fn, true);
  }

  // Runs `fn` (Tx& → Status or Result<T>) in a write transaction; returns its status.
  template <typename Fn>
  Status WriteStatus(Fn fn) {
    return store_->Write([&](Tx& tx) { return StatusOf(fn(tx)); });
  }
  // The same in a read transaction.
  template <typename Fn>
  Status ReadStatus(Fn fn) {
    return store_->Read([&](Tx& tx) { return StatusOf(fn(tx)); });
  }

  void SeedDivisions() {
    ASSERT_OK(WriteStatus([](Tx& tx) { return tx.divisions().Upsert(SampleDivisions()); }));
  }

  int64_t CreateUnit(const domain::Unit& u) {
    return WriteValue([&](Tx& tx) { return tx.directory().CreateUnit(u); });
  }
  int64_t CreateUser(const domain::User& u, const std::string& hash = "hash") {
    return WriteValue([&](Tx& tx) { return tx.directory().CreateUser(u, hash); });
  }
  int64_t CreateRole(const domain::Role& r) {
    return WriteValue([&](Tx& tx) { return tx.directory().CreateRole(r); });
  }
  std::optional<domain::User> GetUser(int64_t id) {
    return ReadValue([&](Tx& tx) { return tx.directory().GetUser(id); });
  }
  std::vector<domain::User> ListUsers(const UserFilter& f) {
    return ReadValue([&](Tx& tx) { return tx.directory().ListUsers(f); });
  }
  std::vector<domain::Unit> ListUnits(const std::vector<domain::CodeRange>& ranges, int limit,
                                      int64_t after_id = 0) {
    return ReadValue([&](Tx& tx) { return tx.directory().ListUnits(ranges, limit, after_id); });
  }
  std::optional<SessionRow> GetSession(const std::string& hash) {
    return ReadValue([&](Tx& tx) { return tx.auth().GetSession(hash); });
  }

 private:
  std::string sqlite_path_;
  std::unique_ptr<testing::PgTestDatabase> pg_db_;
  std::unique_ptr<Store> store_;
};

}  // namespace sixia::store::fixture

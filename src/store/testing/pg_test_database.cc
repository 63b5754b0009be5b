#include "store/testing/pg_test_database.h"

#include <pqxx/pqxx>

#include <random>

#include <spdlog/spdlog.h>

namespace sixia::store::testing {
namespace {

// DDL cannot take parameters; the name is generated here and quoted as an identifier.
constexpr char kCreateDatabase[] = "CREATE DATABASE ";
constexpr char kDropDatabase[] = "DROP DATABASE IF EXISTS ";
constexpr char kDropForce[] = " WITH (FORCE)";  // PostgreSQL 13+: ends leftover sessions.

std::string RandomName() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device rd;
  std::string name = "sixia_t_";
  for (int i = 0; i < 16; ++i) name += kHex[rd() % 16];
  return name;
}

// postgresql://user@host:port/db?opts → the same with `db` replaced by `name`.
std::string WithDatabase(const std::string& url, const std::string& name) {
  const size_t scheme = url.find("://");
  const size_t authority = scheme == std::string::npos ? 0 : scheme + 3;
  const size_t query = url.find('?', authority);
  const size_t slash = url.find('/', authority);
  const size_t path_end = query == std::string::npos ? url.size() : query;
  const size_t db_begin = slash != std::string::npos && slash < path_end ? slash : path_end;
  return url.substr(0, db_begin) + "/" + name + url.substr(path_end);
}

}  // namespace

Result<std::unique_ptr<PgTestDatabase>> PgTestDatabase::Create(const std::string& admin_url) {
  const std::string name = RandomName();
  try {
    pqxx::connection conn(admin_url);
    pqxx::nontransaction tx(conn);  // CREATE DATABASE cannot run inside a transaction.
    tx.exec(kCreateDatabase + tx.quote_name(name));
  } catch (const std::exception& e) {
    spdlog::error("pg test database {}: {}", name, e.what());
    return Unavailable("cannot create a test database", "无法创建测试数据库");
  }
  return std::unique_ptr<PgTestDatabase>(
      new PgTestDatabase(admin_url, name, WithDatabase(admin_url, name)));
}

PgTestDatabase::~PgTestDatabase() {
  try {
    pqxx::connection conn(admin_url_);
    pqxx::nontransaction tx(conn);
    tx.exec(kDropDatabase + tx.quote_name(name_) + kDropForce);
  } catch (const std::exception& e) {
    spdlog::warn("pg test database {} not dropped: {}", name_, e.what());
  }
}

}  // namespace sixia::store::testing

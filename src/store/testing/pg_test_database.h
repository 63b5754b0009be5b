#pragma once
// Test helper: a throw-away PostgreSQL database, so that every store test starts from an
// empty schema. Lives under src/store/ because it holds SQL; linked into tests only.

#include <memory>
#include <string>

#include "common/status.h"

namespace sixia::store::testing {

// A database named sixia_t_<random> on the server of an administrator URL; dropped (with
// its remaining connections) on destruction. Not thread-safe; one per test.
class PgTestDatabase {
 public:
  // `admin_url` names a role allowed to CREATE DATABASE (e.g. SIXIA_TEST_PG_URL).
  // kUnavailable when the server cannot be reached or refuses.
  static Result<std::unique_ptr<PgTestDatabase>> Create(const std::string& admin_url);

  ~PgTestDatabase();
  PgTestDatabase(const PgTestDatabase&) = delete;
  PgTestDatabase& operator=(const PgTestDatabase&) = delete;

  // URL of the new database: the admin URL with its database name replaced.
  const std::string& url() const { return url_; }

 private:
  PgTestDatabase(std::string admin_url, std::string name, std::string url)
      : admin_url_(std::move(admin_url)), name_(std::move(name)), url_(std::move(url)) {}

  const std::string admin_url_;
  const std::string name_;
  const std::string url_;
};

}  // namespace sixia::store::testing

#pragma once
// Numbered schema migrations embedded from src/store/migrations/<dialect>/V*.sql.
#include <string>
#include <vector>

namespace sixia::store::detail {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

const std::vector<Migration>& sqliteMigrations();
const std::vector<Migration>& postgresMigrations();

}  // namespace sixia::store::detail

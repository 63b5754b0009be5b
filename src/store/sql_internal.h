#pragma once
// Internal to src/store: a minimal SQL connection used by the shared repositories.
// Queries are named constants with one text per dialect; parameters are $1, $2, …
// in both (the SQLite connection rewrites them to ?1, ?2, …). Never built from input.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/status.h"
#include "store/store.h"

namespace sixia::store::detail {

struct Query {
  const char* name;      // For logs: "division.get".
  const char* sqlite;    // SQLite text.
  const char* postgres;  // PostgreSQL text; nullptr when the same as sqlite.
  const char* For(bool pg) const { return pg && postgres ? postgres : sqlite; }
};

// An INSERT of one row whose new id the caller reads with Conn::InsertId: PostgreSQL returns
// it (RETURNING id); SQLite reads the connection's last insert rowid instead, since it runs a
// RETURNING clause through a temporary b-tree opened and closed for every statement.
#define SIXIA_INSERT_RETURNING_ID(name, sql) \
  ::sixia::store::detail::Query { name, sql, sql " RETURNING id" }

using SqlValue = std::variant<std::nullptr_t, int64_t, std::string>;
using Params = std::vector<SqlValue>;

// One result row. Values arrive as int64 or text (PostgreSQL: always text, parsed on read).
class Row {
 public:
  explicit Row(std::vector<SqlValue> values) : values_(std::move(values)) {}
  bool IsNull(size_t i) const { return std::holds_alternative<std::nullptr_t>(values_[i]); }
  int64_t Int(size_t i) const;            // 0 for NULL.
  std::optional<int64_t> OptInt(size_t i) const;
  std::string Text(size_t i) const;       // "" for NULL.
  size_t size() const { return values_.size(); }

 private:
  std::vector<SqlValue> values_;
};

// Thrown inside the store only; translated to Status at the Database boundary.
struct SqlError {
  ErrorCode code;        // kConflict for constraint violations, kUnavailable, kInternal.
  std::string detail;    // For the log only.
};

class Conn {
 public:
  virtual ~Conn() = default;
  virtual bool is_postgres() const = 0;
  // Runs a statement; calls `on_row` for each result row. Throws SqlError.
  virtual void Run(const Query& q, const Params& params,
                   const std::function<void(const Row&)>& on_row) = 0;
  // Rows changed by the last statement.
  virtual int64_t Changes() = 0;
  // Runs a SIXIA_INSERT_RETURNING_ID query; returns the new row's id. Throws SqlError.
  // This reads the RETURNING row (PostgreSQL); SQLite overrides it.
  virtual int64_t InsertId(const Query& q, const Params& params);
  // Runs a whole script (migrations). Throws SqlError.
  virtual void RunScript(const std::string& sql) = 0;

  // Helpers over Run.
  void Exec(const Query& q, const Params& params = {}) { Run(q, params, nullptr); }
  std::vector<Row> All(const Query& q, const Params& params = {});
  std::optional<Row> One(const Query& q, const Params& params = {});
};

// Converts a thrown SqlError / std::exception into a Status, logging the detail.
Status TranslateException(const char* where);

// Runs `body`, turning anything it throws into a Status (logged with `where`).
template <typename F>
auto Guard(const char* where, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (...) {
    return TranslateException(where);
  }
}

// Repositories defined in sql_petition_repos.cc.
std::unique_ptr<CategoryRepo> MakeSqlCategoryRepo(Conn& conn);
std::unique_ptr<PetitionRepo> MakeSqlPetitionRepo(Conn& conn);

// Repositories defined in sql_activity_repos.cc.
std::unique_ptr<OutreachRepo> MakeSqlOutreachRepo(Conn& conn);
std::unique_ptr<ReceptionRepo> MakeSqlReceptionRepo(Conn& conn);
std::unique_ptr<FieldSessionRepo> MakeSqlFieldSessionRepo(Conn& conn);

// Defined in sql_research_repo.cc.
std::unique_ptr<ResearchRepo> MakeSqlResearchRepo(Conn& conn);

// Defined in sql_linkage_repo.cc.
std::unique_ptr<LinkageRepo> MakeSqlLinkageRepo(Conn& conn);

// The Tx handed to callbacks: repositories bound to one connection.
std::unique_ptr<Tx> MakeSqlTx(Conn& conn);

// Applies the embedded migrations for the connection's dialect that are not yet applied,
// each in its own transaction. Throws SqlError.
void Migrate(Conn& conn);

}  // namespace sixia::store::detail

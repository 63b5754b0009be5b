// PostgreSQL 15 backend (libpqxx): a fixed pool of connections; each Read/Write is one
// transaction on one pooled connection. Concurrency and durability are PostgreSQL's own
// (its WAL does group commit); the audit head row is locked FOR UPDATE to keep the chain
// in order.

#include <pqxx/pqxx>

#include <condition_variable>
#include <mutex>

#include <spdlog/spdlog.h>

#include "store/sql_internal.h"

namespace sixia::store {
namespace detail {
namespace {

class PgConn final : public Conn {
 public:
  explicit PgConn(const std::string& url) : conn_(url) {}

  bool is_postgres() const override { return true; }

  // Begins a transaction; the Conn is usable until Commit/Abort. A read-only one is one
  // snapshot (REPEATABLE READ) in which any change fails.
  void Begin(bool read_only = false) {
    if (read_only)
      tx_ = std::make_unique<pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>>(conn_);
    else
      tx_ = std::make_unique<pqxx::work>(conn_);
  }
  void Commit() {
    tx_->commit();
    tx_.reset();
  }
  void Abort() {
    if (tx_) tx_->abort();
    tx_.reset();
  }

  void Run(const Query& q, const Params& params,
           const std::function<void(const Row&)>& on_row) override {
    std::vector<std::string> storage(params.size());
    std::vector<const char*> values(params.size());
    for (size_t i = 0; i < params.size(); ++i) {
      if (const auto* n = std::get_if<int64_t>(&params[i])) {
        storage[i] = std::to_string(*n);
        values[i] = storage[i].c_str();
      } else if (const auto* s = std::get_if<std::string>(&params[i])) {
        values[i] = s->c_str();
      } else {
        values[i] = nullptr;
      }
    }
    try {
      pqxx::result r = tx_->exec_params(q.For(true), pqxx::prepare::make_dynamic_params(values));
      changes_ = r.affected_rows();
      if (!on_row) return;
      for (const auto& row : r) {
        std::vector<SqlValue> out;
        out.reserve(row.size());
        for (const auto& field : row) {
          if (field.is_null()) out.emplace_back(nullptr);
          else out.emplace_back(std::string(field.c_str(), field.size()));
        }
        on_row(Row(std::move(out)));
      }
    } catch (const pqxx::integrity_constraint_violation& e) {
      throw SqlError{ErrorCode::kConflict, std::string(q.name) + ": " + e.what()};
    } catch (const pqxx::broken_connection& e) {
      throw SqlError{ErrorCode::kUnavailable, std::string(q.name) + ": " + e.what()};
    } catch (const pqxx::sql_error& e) {
      throw SqlError{ErrorCode::kInternal, std::string(q.name) + ": " + e.what()};
    }
  }

  int64_t Changes() override { return changes_; }

  void RunScript(const std::string& sql) override {
    try {
      tx_->exec(sql);
    } catch (const pqxx::sql_error& e) {
      throw SqlError{ErrorCode::kInternal, std::string("script: ") + e.what()};
    }
  }

 private:
  pqxx::connection conn_;
  std::unique_ptr<pqxx::transaction_base> tx_;
  int64_t changes_ = 0;
};

// Migrate() issues BEGIN/COMMIT itself; on PostgreSQL we drive it through a helper Conn
// whose Exec of those statements maps onto pqxx transactions.
class PgMigrationConn final : public Conn {
 public:
  explicit PgMigrationConn(PgConn& c) : c_(c) {}
  bool is_postgres() const override { return true; }
  void Run(const Query& q, const Params& params,
           const std::function<void(const Row&)>& on_row) override {
    const std::string name = q.name;
    if (name == "tx.begin") {
      c_.Begin();
      in_tx_ = true;
      return;
    }
    if (name == "tx.commit" || name == "tx.rollback") {
      in_tx_ = false;
      return name == "tx.commit" ? c_.Commit() : c_.Abort();
    }
    const bool own = !in_tx_;
    if (own) c_.Begin();
    c_.Run(q, params, on_row);
    if (own) c_.Commit();
  }
  int64_t Changes() override { return c_.Changes(); }
  void RunScript(const std::string& sql) override { c_.RunScript(sql); }

 private:
  PgConn& c_;
  bool in_tx_ = false;
};

class PostgresStore final : public Store {
 public:
  explicit PostgresStore(PostgresOptions options) : options_(std::move(options)) {}

  void Start() {
    for (int i = 0; i < options_.connections; ++i)
      pool_.push_back(std::make_unique<PgConn>(options_.url));
    PgMigrationConn m(*pool_.front());
    Migrate(m);
  }

  Backend backend() const override { return Backend::kPostgres; }

  Status Read(const std::function<Status(Tx&)>& fn) override { return Run(fn, false); }
  Status Write(const std::function<Status(Tx&)>& fn) override { return Run(fn, true); }

  Status BackupTo(const std::string&) override {
    return Unprocessable("use pg_dump to back up a PostgreSQL deployment",
                         "PostgreSQL 部署请使用 pg_dump 备份");
  }

 private:
  Status Run(const std::function<Status(Tx&)>& fn, bool write) {
    std::unique_ptr<PgConn> conn;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return !pool_.empty(); });
      conn = std::move(pool_.back());
      pool_.pop_back();
    }
    Status st;
    try {
      conn->Begin(/*read_only=*/!write);
      auto tx = MakeSqlTx(*conn);
      st = fn(*tx);
      if (st.ok() && write) conn->Commit();
      else conn->Abort();
    } catch (...) {
      st = TranslateException(write ? "pg.write" : "pg.read");
      try {
        conn->Abort();
      } catch (...) {
      }
    }
    {
      std::lock_guard lock(mu_);
      pool_.push_back(std::move(conn));
    }
    cv_.notify_one();
    return st;
  }

  const PostgresOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConn>> pool_;  // Idle connections; guarded by mu_.
};

}  // namespace
}  // namespace detail

Result<std::unique_ptr<Store>> OpenPostgresStore(const PostgresOptions& options) {
  auto store = std::make_unique<detail::PostgresStore>(options);
  try {
    store->Start();
  } catch (const pqxx::broken_connection& e) {
    spdlog::error("postgres connect: {}", e.what());
    return Unavailable("cannot connect to PostgreSQL", "无法连接 PostgreSQL 数据库");
  } catch (...) {
    detail::TranslateException("pg.open");
    return Unavailable("cannot open the PostgreSQL database", "无法打开 PostgreSQL 数据库");
  }
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace sixia::store

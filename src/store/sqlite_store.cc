// SQLite backend: WAL, foreign keys. One writer thread folds concurrent write transactions
// into one commit (group commit), each in its own SAVEPOINT so that one failing request does
// not undo the others. Callers are answered once their commit is on disk, and the writer does
// not wait for the disk: it commits with synchronous=NORMAL (the WAL frames are written, not
// synced) and goes on with the next batch while a syncer thread fdatasyncs the WAL and then
// answers every batch committed before that sync began (pipelined group commit). An answered
// write is therefore as durable as with synchronous=FULL; another connection may read a
// commit during the fraction of a millisecond before its sync completes.
// Nor does the writer copy the WAL back into the database file (checkpoint): its
// auto-checkpoint is off, and a checkpointer thread with a connection of its own copies
// (PASSIVE, syncing the WAL first and the database after, as SQLite does) while the writer
// goes on. The WAL only starts over from its beginning at a write that finds it wholly
// copied, which a background pass racing a steady load seldom leaves; so at
// `wal_restart_frames` the writer checkpoints the little that one more pass left itself.
// Readers use a pool of read-only connections and never wait for the writer (WAL).

#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <future>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <unistd.h>

#include <spdlog/spdlog.h>

#include "store/sql_internal.h"
#include "store/sqlite_wal_vfs.h"

namespace sixia::store {
namespace detail {
namespace {

// Rewrites $N parameters to SQLite's ?N (outside string literals).
std::string ToSqliteParams(const char* sql) {
  std::string out;
  bool in_string = false;
  for (const char* p = sql; *p; ++p) {
    if (*p == '\'') in_string = !in_string;
    if (!in_string && *p == '$' && p[1] >= '0' && p[1] <= '9') {
      out += '?';
      continue;
    }
    out += *p;
  }
  return out;
}

[[noreturn]] void Throw(sqlite3* db, int rc, const char* what) {
  const int primary = rc & 0xFF;
  ErrorCode code = ErrorCode::kInternal;
  if (primary == SQLITE_CONSTRAINT) code = ErrorCode::kConflict;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_CANTOPEN ||
      primary == SQLITE_FULL || primary == SQLITE_IOERR)
    code = ErrorCode::kUnavailable;
  throw SqlError{code, std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc))};
}

class SqliteConn final : public Conn {
 public:
  // `vfs`: nullptr for SQLite's default, or a registered VFS's name (sqlite_wal_vfs.h).
  SqliteConn(const std::string& path, bool read_only, int busy_timeout_ms,
             const char* vfs = nullptr) {
    const int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                      SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, vfs);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      db_ = nullptr;
      throw SqlError{ErrorCode::kUnavailable, "open " + path + ": " + msg};
    }
    sqlite3_busy_timeout(db_, busy_timeout_ms);
    RunScript("PRAGMA foreign_keys = ON; PRAGMA case_sensitive_like = ON;");
    // The writer's durability comes from the syncer (see the top of this file); its savepoint
    // journals stay in memory instead of a temporary file per statement.
    if (!read_only)
      RunScript("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;");
    // Readers do not mmap the file: the growing database would be remapped (with TLB
    // shootdowns across threads) after every checkpoint that extends it.
    if (read_only) RunScript("PRAGMA mmap_size = 0;");
  }
  ~SqliteConn() override {
    for (auto& [q, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  bool is_postgres() const override { return false; }

  void Run(const Query& q, const Params& params,
           const std::function<void(const Row&)>& on_row) override {
    sqlite3_stmt* stmt = Prepare(q);
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{stmt};
    for (size_t i = 0; i < params.size(); ++i) {
      const int idx = static_cast<int>(i + 1);
      int rc = SQLITE_OK;
      if (const auto* n = std::get_if<int64_t>(&params[i]))
        rc = sqlite3_bind_int64(stmt, idx, *n);
      else if (const auto* s = std::get_if<std::string>(&params[i]))
        rc = sqlite3_bind_text(stmt, idx, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
      else
        rc = sqlite3_bind_null(stmt, idx);
      if (rc != SQLITE_OK) Throw(db_, rc, q.name);
    }
    for (;;) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) Throw(db_, rc, q.name);
      if (!on_row) continue;
      const int n = sqlite3_column_count(stmt);
      std::vector<SqlValue> values;
      values.reserve(n);
      for (int c = 0; c < n; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_NULL: values.emplace_back(nullptr); break;
          case SQLITE_INTEGER: values.emplace_back(int64_t{sqlite3_column_int64(stmt, c)}); break;
          default:
            values.emplace_back(std::string(
                reinterpret_cast<const char*>(sqlite3_column_text(stmt, c)),
                static_cast<size_t>(sqlite3_column_bytes(stmt, c))));
        }
      }
      on_row(Row(std::move(values)));
    }
  }

  int64_t Changes() override { return sqlite3_changes64(db_); }

  int64_t InsertId(const Query& q, const Params& params) override {
    Run(q, params, nullptr);
    return sqlite3_last_insert_rowid(db_);
  }

  void RunScript(const std::string& sql) override {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      throw SqlError{(rc & 0xFF) == SQLITE_CONSTRAINT ? ErrorCode::kConflict : ErrorCode::kInternal,
                     "script: " + msg};
    }
  }

  sqlite3* raw() { return db_; }

 private:
  sqlite3_stmt* Prepare(const Query& q) {
    auto it = cache_.find(&q);
    if (it != cache_.end()) return it->second;
    const std::string sql = ToSqliteParams(q.For(false));
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt,
                                      nullptr);
    if (rc != SQLITE_OK) Throw(db_, rc, q.name);
    cache_.emplace(&q, stmt);
    return stmt;
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<const Query*, sqlite3_stmt*> cache_;  // Owned statements.
};

constexpr Query kBeginRead{"tx.begin_read", "BEGIN", nullptr};
constexpr Query kBeginWrite{"tx.begin_write", "BEGIN IMMEDIATE", nullptr};
constexpr Query kCommit{"tx.commit", "COMMIT", nullptr};
constexpr Query kRollback{"tx.rollback", "ROLLBACK", nullptr};
constexpr Query kSavepoint{"tx.savepoint", "SAVEPOINT request", nullptr};
constexpr Query kRelease{"tx.release", "RELEASE request", nullptr};
constexpr Query kRollbackTo{"tx.rollback_to", "ROLLBACK TO request", nullptr};
constexpr Query kIntegrity{"db.integrity", "PRAGMA integrity_check", nullptr};
constexpr Query kHasMigrations{
    "db.has_migrations",
    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
    nullptr};

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(SqliteOptions options) : options_(std::move(options)) {}

  ~SqliteStore() override {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    if (writer_thread_.joinable()) writer_thread_.join();  // Hands its last batches over.
    {
      std::lock_guard lock(sync_mu_);
      sync_stopping_ = true;
    }
    sync_cv_.notify_all();
    if (syncer_thread_.joinable()) syncer_thread_.join();
    if (wal_fd_ >= 0) ::close(wal_fd_);
    {
      std::lock_guard lock(ckpt_mu_);
      ckpt_stopping_ = true;
    }
    ckpt_cv_.notify_all();
    if (checkpointer_thread_.joinable()) checkpointer_thread_.join();
  }

  // Opens the writer connection, migrates, starts the writer thread. Throws SqlError.
  void Start() {
    // The writer's WAL frames of one commit reach the file in one write (sqlite_wal_vfs.h).
    writer_ = std::make_unique<SqliteConn>(options_.path, false, options_.busy_timeout_ms,
                                           CoalescingWalVfs());
    Migrate(*writer_);
    // Replaces SQLite's own hook, which is its auto-checkpoint: see the top of this file.
    sqlite3_wal_hook(
        writer_->raw(),
        [](void* self, sqlite3*, const char*, int frames) {
          static_cast<SqliteStore*>(self)->wal_frames_ = frames;
          return SQLITE_OK;
        },
        this);
    checkpointer_thread_ = std::thread([this] {
      pthread_setname_np(pthread_self(), "sixia-ckpt");
      CheckpointerLoop();
    });
    syncer_thread_ = std::thread([this] {
      pthread_setname_np(pthread_self(), "sixia-syncer");  // Named for top and perf.
      SyncerLoop();
    });
    writer_thread_ = std::thread([this] {
      pthread_setname_np(pthread_self(), "sixia-writer");
      WriterLoop();
    });
  }

  Backend backend() const override { return Backend::kSqlite; }
  bool ReadsLocallyAndQueuesWrites() const override { return true; }

  Status Read(const std::function<Status(Tx&)>& fn) override {
    std::unique_ptr<SqliteConn> conn;
    try {
      conn = AcquireReader();
    } catch (...) {
      return TranslateException("sqlite.read.open");
    }
    Status st;
    try {
      conn->Exec(kBeginRead);
      auto tx = MakeSqlTx(*conn);
      st = fn(*tx);
      conn->Exec(kCommit);
    } catch (...) {
      st = TranslateException("sqlite.read");
      try {
        conn->Exec(kRollback);
      } catch (...) {
        conn.reset();  // Unknown state: do not return it to the pool.
      }
    }
    if (conn) ReleaseReader(std::move(conn));
    return st;
  }

  Status Write(const std::function<Status(Tx&)>& fn) override {
    std::promise<Status> result;
    auto done = result.get_future();
    WriteAsync([&fn](Tx& tx) { return fn(tx); },
               [&result](Status st) { result.set_value(std::move(st)); });
    return done.get();
  }

  void WriteAsync(std::function<Status(Tx&)> fn, std::function<void(Status)> done) override {
    auto job = std::make_unique<Job>(Job{std::move(fn), std::move(done)});
    {
      std::unique_lock lock(mu_);
      if (!stopping_) {
        queue_.push_back(job.release());
        lock.unlock();
        cv_.notify_one();
        return;
      }
    }
    job->done(Unavailable("shutting down", "服务正在停止"));
  }

  Status BackupTo(const std::string& path) override {
    if (std::filesystem::exists(path))
      return Conflict("backup target already exists", "备份目标文件已存在", "to");
    try {
      SqliteConn conn(options_.path, false, options_.busy_timeout_ms);
      // VACUUM INTO reads one consistent snapshot while writers go on (WAL).
      char* quoted = sqlite3_mprintf("VACUUM INTO %Q", path.c_str());
      std::string sql(quoted);
      sqlite3_free(quoted);
      conn.RunScript(sql);
      // The writing connection does not sync (see the top of this file): make the copy durable.
      const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      const bool synced = fd >= 0 && ::fsync(fd) == 0;
      if (fd >= 0) ::close(fd);
      if (!synced) return Unavailable("cannot sync the backup file", "无法同步备份文件");
      return Status::Ok();
    } catch (...) {
      return TranslateException("sqlite.backup");
    }
  }

 private:
  // A queued write; owned by the queue, then the batch, then the syncer, which frees it
  // after calling `done` (Finish).
  struct Job {
    std::function<Status(Tx&)> fn;
    std::function<void(Status)> done;
  };
  static void Finish(Job* job, Status st) {
    std::unique_ptr<Job> owned(job);
    try {
      owned->done(std::move(st));
    } catch (...) {
      // `done` must not throw (its thread is the store's); it is the caller's loss alone.
      spdlog::error("a write's completion threw; ignored");
    }
  }
  // A committed batch waiting for the WAL sync, with each job's own outcome.
  struct Committed {
    std::vector<Job*> jobs;
    std::vector<Status> results;
  };

  std::unique_ptr<SqliteConn> AcquireReader() {
    {
      std::lock_guard lock(pool_mu_);
      if (!readers_.empty()) {
        auto c = std::move(readers_.back());
        readers_.pop_back();
        return c;
      }
    }
    return std::make_unique<SqliteConn>(options_.path, true, options_.busy_timeout_ms);
  }

  void ReleaseReader(std::unique_ptr<SqliteConn> c) {
    std::lock_guard lock(pool_mu_);
    if (static_cast<int>(readers_.size()) < options_.read_connections)
      readers_.push_back(std::move(c));
  }

  void WriterLoop() {
    for (;;) {
      std::vector<Job*> batch;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // Stopping and drained.
        while (!queue_.empty() && static_cast<int>(batch.size()) < options_.max_batch) {
          batch.push_back(queue_.front());
          queue_.pop_front();
        }
      }
      RunBatch(batch);
    }
  }

  void RunBatch(const std::vector<Job*>& batch) {
    std::vector<Status> results(batch.size());
    try {
      writer_->Exec(kBeginWrite);
    } catch (...) {
      const Status st = TranslateException("sqlite.write.begin");
      for (auto* job : batch) Finish(job, st);
      return;
    }
    auto tx = MakeSqlTx(*writer_);
    if (batch.size() == 1) {
      // A lone job is the whole transaction and needs no savepoint: SQLite walks an in-memory
      // savepoint journal from its start at the end of every statement, which is quadratic
      // in a large transaction (a bulk load). A failure rolls the transaction back.
      try {
        results[0] = batch[0]->fn(*tx);
      } catch (...) {
        results[0] = TranslateException("sqlite.write");
      }
      if (!results[0].ok()) {
        try {
          writer_->Exec(kRollback);
        } catch (...) {
        }
        Finish(batch[0], results[0]);
        return;
      }
    }
    for (size_t i = 0; batch.size() > 1 && i < batch.size(); ++i) {
      try {
        writer_->Exec(kSavepoint);
        results[i] = batch[i]->fn(*tx);
        if (!results[i].ok()) writer_->Exec(kRollbackTo);
        writer_->Exec(kRelease);
      } catch (...) {
        results[i] = TranslateException("sqlite.write");
        try {
          writer_->Exec(kRollbackTo);
          writer_->Exec(kRelease);
        } catch (...) {
          // The savepoint is gone with the transaction; the commit below reports it.
        }
      }
    }
    try {
      writer_->Exec(kCommit);
    } catch (...) {
      const Status st = TranslateException("sqlite.write.commit");
      try {
        writer_->Exec(kRollback);
      } catch (...) {
      }
      for (auto* job : batch) Finish(job, st);
      return;
    }
    {
      std::lock_guard lock(sync_mu_);
      to_sync_.push_back({batch, std::move(results)});
    }
    sync_cv_.notify_one();
    AfterCommit();
  }

  // On the writer thread after each commit: wakes the checkpointer every `checkpoint_frames`
  // new WAL pages. From `wal_restart_frames` on, it asks for one more background pass and,
  // once a pass begun after that request has ended, copies what was committed during it
  // itself (see the top of this file): so the writer's own copy is one pass's worth of pages,
  // not up to `checkpoint_frames`. SQLITE_BUSY means another pass is under way: the next
  // commit tries again.
  void AfterCommit() {
    if (wal_frames_ < frames_at_wake_) frames_at_wake_ = 0;  // The WAL started over.
    if (wal_frames_ >= options_.wal_restart_frames) {
      if (restart_ticket_ == 0) {
        restart_ticket_ = passes_begun_.load() + 1;
        WakeCheckpointer();
      } else if (passes_ended_.load() >= restart_ticket_) {
        const int rc = sqlite3_wal_checkpoint_v2(writer_->raw(), nullptr,
                                                 SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        if (rc == SQLITE_OK) restart_ticket_ = 0;
        else if (rc != SQLITE_BUSY)
          spdlog::warn("checkpoint of the write-ahead log failed: {}", sqlite3_errstr(rc));
      }
      return;
    }
    restart_ticket_ = 0;
    if (wal_frames_ - frames_at_wake_ < options_.checkpoint_frames) return;
    frames_at_wake_ = wal_frames_;
    WakeCheckpointer();
  }

  void WakeCheckpointer() {
    {
      std::lock_guard lock(ckpt_mu_);
      ckpt_wanted_ = true;
    }
    ckpt_cv_.notify_one();
  }

  // Background PASSIVE checkpoints on a connection of its own, one pass per wake-up. A
  // failure is logged and left to the next pass (the WAL keeps everything meanwhile).
  void CheckpointerLoop() {
    std::unique_ptr<SqliteConn> conn;
    for (;;) {
      {
        std::unique_lock lock(ckpt_mu_);
        ckpt_cv_.wait(lock, [&] { return ckpt_stopping_ || ckpt_wanted_; });
        if (ckpt_stopping_) return;
        ckpt_wanted_ = false;
      }
      passes_begun_.fetch_add(1);
      try {
        if (!conn) conn = std::make_unique<SqliteConn>(options_.path, false, options_.busy_timeout_ms);
        const int rc = sqlite3_wal_checkpoint_v2(conn->raw(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                                 nullptr, nullptr);
        if (rc != SQLITE_OK && rc != SQLITE_BUSY)
          spdlog::warn("background checkpoint failed: {}", sqlite3_errstr(rc));
      } catch (...) {
        TranslateException("sqlite.checkpoint");
      }
      passes_ended_.fetch_add(1);
    }
  }

  // Answers committed batches once the WAL holding them is on disk. One fdatasync covers
  // every batch committed before it began, however many.
  void SyncerLoop() {
    for (;;) {
      std::deque<Committed> ready;
      {
        std::unique_lock lock(sync_mu_);
        sync_cv_.wait(lock, [&] { return sync_stopping_ || !to_sync_.empty(); });
        if (to_sync_.empty()) return;  // Stopping and drained.
        ready.swap(to_sync_);
      }
      const Status synced = SyncWal();
      for (auto& c : ready)
        for (size_t i = 0; i < c.jobs.size(); ++i)
          Finish(c.jobs[i], synced.ok() ? std::move(c.results[i]) : synced);
    }
  }

  // fdatasync of the WAL file through a descriptor of our own (the file exists while the
  // writer connection is open; its first sync also syncs the folder's entry for it).
  Status SyncWal() {
    if (wal_fd_ < 0) {
      const std::string wal = options_.path + "-wal";
      wal_fd_ = ::open(wal.c_str(), O_RDWR | O_CLOEXEC);
      if (wal_fd_ < 0) {
        spdlog::error("cannot open the write-ahead log for syncing");
        return Unavailable("cannot sync the database log", "无法同步数据库日志");
      }
      const std::string dir = std::filesystem::path(wal).parent_path().string();
      const int dir_fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (dir_fd >= 0) {
        ::fsync(dir_fd);
        ::close(dir_fd);
      }
    }
    if (::fdatasync(wal_fd_) != 0) {
      spdlog::error("fdatasync of the write-ahead log failed");
      return Unavailable("cannot sync the database log", "无法同步数据库日志");
    }
    return Status::Ok();
  }

  const SqliteOptions options_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job*> queue_;  // Guarded by mu_.
  bool stopping_ = false;   // Guarded by mu_.

  std::mutex pool_mu_;
  std::vector<std::unique_ptr<SqliteConn>> readers_;  // Guarded by pool_mu_.

  std::unique_ptr<SqliteConn> writer_;  // Used only by the writer thread after Start().
  std::thread writer_thread_;

  std::mutex sync_mu_;
  std::condition_variable sync_cv_;
  std::deque<Committed> to_sync_;
  bool sync_stopping_ = false;
  std::thread syncer_thread_;
  int wal_fd_ = -1;  // Used only by the syncer thread.

  int wal_frames_ = 0;     // Pages in the WAL after the last commit; writer thread only.
  int frames_at_wake_ = 0; // wal_frames_ when the checkpointer was last woken; writer only.
  uint64_t restart_ticket_ = 0;  // The pass the writer waits for before restarting; or 0.
  std::atomic<uint64_t> passes_begun_{0};  // Background passes, counted by the checkpointer.
  std::atomic<uint64_t> passes_ended_{0};
  std::mutex ckpt_mu_;
  std::condition_variable ckpt_cv_;
  bool ckpt_wanted_ = false;    // Guarded by ckpt_mu_.
  bool ckpt_stopping_ = false;  // Guarded by ckpt_mu_.
  std::thread checkpointer_thread_;
};

}  // namespace
}  // namespace detail

Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options) {
  // Once per process, before SQLite initialises: no global memory statistics, whose mutex
  // every allocation of every connection would otherwise take.
  static const int configured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)configured;
  auto store = std::make_unique<detail::SqliteStore>(options);
  try {
    store->Start();
  } catch (...) {
    Status st = detail::TranslateException("sqlite.open");
    return Unavailable("cannot open the database", "无法打开数据库");
  }
  return std::unique_ptr<Store>(std::move(store));
}

Status RestoreSqliteBackup(const std::string& backup_path, const std::string& db_path) {
  namespace fs = std::filesystem;
  if (!fs::exists(backup_path))
    return NotFound("backup file not found", "备份文件不存在", "from");
  try {
    detail::SqliteConn check(backup_path, true, 1000);
    auto ok = check.One(detail::kIntegrity);
    if (!ok || ok->Text(0) != "ok")
      return InvalidArgument("backup file is damaged (integrity check failed)", "备份文件已损坏",
                             "from");
    if (check.One(detail::kHasMigrations)->Int(0) == 0)
      return InvalidArgument("not a sixia backup", "不是 sixia 的备份文件", "from");
  } catch (...) {
    detail::TranslateException("sqlite.restore.check");
    return InvalidArgument("not a readable SQLite database", "不是可读取的 SQLite 数据库", "from");
  }
  // Copy beside the target, then rename over it, so a crash leaves old or new, never half.
  const std::string tmp = db_path + ".restore-tmp";
  std::error_code ec;
  fs::copy_file(backup_path, tmp, fs::copy_options::overwrite_existing, ec);
  if (ec) return Unavailable("cannot write the data folder", "无法写入数据目录");
  if (FILE* f = std::fopen(tmp.c_str(), "r+")) {
    fflush(f);
    fsync(fileno(f));
    std::fclose(f);
  }
  fs::remove(db_path + "-wal", ec);
  fs::remove(db_path + "-shm", ec);
  fs::rename(tmp, db_path, ec);
  if (ec) return Unavailable("cannot replace the database", "无法替换数据库文件");
  return Status::Ok();
}

}  // namespace sixia::store

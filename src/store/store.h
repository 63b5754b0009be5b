#pragma once
// Storage behind narrow interfaces: one repository per aggregate, reached through a
// transaction (Tx). Two real backends implement them — SQLite (default, embedded) and
// PostgreSQL 15 — over the same named queries (sql_repos.cc), plus an in-memory fake
// for unit tests (memory_store.h). Every SQL string of sixia lives under src/store/.
//
// Threading: Store is thread-safe. A Tx is used by one thread, only inside the callback
// it was passed to. Read() never waits for the writer; Write() returns once the
// transaction is durable (SQLite: group commit with synchronous=FULL).

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "domain/audit.h"
#include "domain/directory.h"
#include "domain/division.h"
#include "store/activity_repo.h"
#include "store/linkage_repo.h"
#include "store/petition_repo.h"
#include "store/research_repo.h"

namespace sixia::store {

class DivisionRepo {
 public:
  virtual ~DivisionRepo() = default;
  virtual Result<std::optional<domain::Division>> Get(const std::string& code) = 0;
  virtual Result<std::vector<domain::Division>> GetMany(const std::vector<std::string>& codes) = 0;
  // Direct children ordered by code.
  virtual Result<std::vector<domain::Division>> Children(const std::string& code) = 0;
  // Divisions in [range.first, range.last] whose name contains `name_part` (literal),
  // ordered by level then code, at most `limit`.
  virtual Result<std::vector<domain::Division>> Search(const domain::CodeRange& range,
                                                       const std::string& name_part,
                                                       int limit) = 0;
  virtual Result<int64_t> Count() = 0;
  // Calls `fn` for every division (import diffing). Stops early when fn returns false.
  virtual Status ForEach(const std::function<bool(const domain::Division&)>& fn) = 0;
  // Inserts or replaces each division (by code); moves Version() when any is given.
  virtual Status Upsert(const std::vector<domain::Division>& divisions) = 0;
  // A counter that changes whenever the tree changes (for caches and ETags).
  virtual Result<int64_t> Version() = 0;
};

// What authentication needs about a user in one read.
struct UserCredentials {
  domain::User user;
  std::string password_hash;
};

// A user's grants, resolved: role names with their permission names, and scope roots.
struct UserGrants {
  std::vector<domain::Role> roles;
  std::vector<domain::Division> scopes;
};

struct UserFilter {
  std::vector<domain::CodeRange> ranges;  // Users whose unit lies in any range; nation-wide
                                          // users without a unit only for a nation range.
  std::optional<int64_t> unit_id;
  int limit = 100;
  int64_t after_id = 0;                   // Keyset pagination.
};

class DirectoryRepo {
 public:
  virtual ~DirectoryRepo() = default;
  // Units.
  virtual Result<int64_t> CreateUnit(const domain::Unit& unit) = 0;  // kConflict on name clash.
  virtual Result<std::optional<domain::Unit>> GetUnit(int64_t id) = 0;
  virtual Result<std::vector<domain::Unit>> ListUnits(const std::vector<domain::CodeRange>& ranges,
                                                      int limit, int64_t after_id) = 0;
  virtual Status UpdateUnit(const domain::Unit& unit) = 0;
  // Users (roles and scopes are filled on reads).
  virtual Result<int64_t> CreateUser(const domain::User& user, const std::string& password_hash) = 0;
  virtual Result<std::optional<domain::User>> GetUser(int64_t id) = 0;
  virtual Result<std::optional<UserCredentials>> GetCredentials(const std::string& username) = 0;
  virtual Result<std::vector<domain::User>> ListUsers(const UserFilter& filter) = 0;
  virtual Status UpdateUser(const domain::User& user) = 0;  // Name, unit, disabled.
  virtual Status SetPassword(int64_t user_id, const std::string& hash, int64_t now_ms) = 0;
  virtual Status SetLoginFailures(int64_t user_id, int failures, int64_t window_start_ms,
                                  int64_t locked_until_ms) = 0;
  // Roles.
  virtual Result<std::vector<domain::Role>> ListRoles() = 0;
  virtual Result<std::optional<domain::Role>> GetRole(const std::string& name) = 0;
  virtual Result<int64_t> CreateRole(const domain::Role& role) = 0;
  virtual Status UpdateRole(const domain::Role& role) = 0;          // By name.
  virtual Status DeleteRole(const std::string& name) = 0;           // kConflict while granted.
  // Grants.
  virtual Result<UserGrants> GetGrants(int64_t user_id) = 0;
  virtual Status SetUserRoles(int64_t user_id, const std::vector<std::string>& role_names) = 0;
  virtual Status SetUserScopes(int64_t user_id, const std::vector<std::string>& codes) = 0;
};

struct SessionRow {
  std::string token_hash;
  int64_t user_id = 0;
  std::string csrf_hash;
  int64_t created_at_ms = 0;
  int64_t last_seen_ms = 0;
};

struct ApiToken {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string name;
  std::string token_hash;
  int64_t created_at_ms = 0;
  int64_t expires_at_ms = 0;
  std::optional<int64_t> revoked_at_ms;
};

class AuthRepo {
 public:
  virtual ~AuthRepo() = default;
  // The auth epoch: moves (by the database's own triggers) whenever a session or token
  // ends, a user's name/unit/status/password changes, a grant changes or a role changes.
  virtual Result<int64_t> Epoch() = 0;
  virtual Status CreateSession(const SessionRow& s) = 0;
  virtual Result<std::optional<SessionRow>> GetSession(const std::string& token_hash) = 0;
  virtual Status TouchSession(const std::string& token_hash, int64_t now_ms) = 0;
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  virtual Status DeleteUserSessions(int64_t user_id) = 0;
  virtual Status DeleteExpiredSessions(int64_t idle_before_ms, int64_t created_before_ms) = 0;
  virtual Result<int64_t> CreateToken(const ApiToken& t) = 0;
  virtual Result<std::optional<ApiToken>> GetTokenByHash(const std::string& token_hash) = 0;
  virtual Result<std::vector<ApiToken>> ListTokens(int64_t user_id) = 0;
  virtual Status RevokeToken(int64_t id, int64_t now_ms) = 0;  // kNotFound if absent.
};

struct AuditHead {
  int64_t seq = 0;
  std::string hash;
};

struct AuditFilter {
  int64_t after_seq = 0;
  int limit = 100;
  std::string action;  // Exact match; empty for all.
};

class AuditRepo {
 public:
  virtual ~AuditRepo() = default;
  // Reads the chain head and locks it until the transaction ends (write Tx only).
  virtual Result<AuditHead> LockHead() = 0;
  virtual Result<AuditHead> Head() = 0;
  // Appends a record whose seq/prev_hash/hash are already set, and moves the head.
  virtual Status Append(const domain::AuditRecord& record) = 0;
  virtual Result<std::vector<domain::AuditRecord>> List(const AuditFilter& filter) = 0;
  // Every record in seq order; stops early when fn returns false.
  virtual Status ForEach(const std::function<bool(const domain::AuditRecord&)>& fn) = 0;
};

class Tx {
 public:
  virtual ~Tx() = default;
  virtual DivisionRepo& divisions() = 0;
  virtual DirectoryRepo& directory() = 0;
  virtual AuthRepo& auth() = 0;
  virtual AuditRepo& audit() = 0;
  virtual CategoryRepo& categories() = 0;
  virtual PetitionRepo& petitions() = 0;
  virtual OutreachRepo& outreach() = 0;
  virtual ReceptionRepo& reception() = 0;
  virtual FieldSessionRepo& field_sessions() = 0;
  virtual LinkageRepo& linkage() = 0;  // 挂钩联系 and 双报到 (linkage_repo.h).
  virtual ResearchRepo& research() = 0;
};

enum class Backend { kSqlite, kPostgres, kMemory };

class Store {
 public:
  virtual ~Store() = default;
  virtual Backend backend() const = 0;
  // Runs `fn` in a read-only snapshot. Its error is returned as is.
  virtual Status Read(const std::function<Status(Tx&)>& fn) = 0;
  // Runs `fn` in a write transaction; commits iff fn returns OK, then returns once durable.
  virtual Status Write(const std::function<Status(Tx&)>& fn) = 0;
  // The same transaction without waiting for it: `done` receives what Write would have
  // returned, once durable. `done` may run on a thread of the store (SQLite: the one that
  // syncs the log) before or after WriteAsync returns: it must be quick and must not wait
  // for the store (no Read or Write inside). This base version runs Write on the calling
  // thread and then `done`; SQLite queues the job, so no thread is held per write in flight.
  virtual void WriteAsync(std::function<Status(Tx&)> fn, std::function<void(Status)> done) {
    done(Write(fn));
  }
  // True when Read runs in this process (no network round trip) and WriteAsync only queues
  // its job, so a thread that must not wait (an HTTP I/O thread) may call both. SQLite; a
  // read may still wait out another process's exclusive lock (busy timeout), which only
  // maintenance commands take.
  virtual bool ReadsLocallyAndQueuesWrites() const { return false; }
  // Online consistent copy to a new file (SQLite only; kUnprocessable elsewhere).
  virtual Status BackupTo(const std::string& path) = 0;
};

struct SqliteOptions {
  std::string path;               // Database file; created with the schema if absent.
  int read_connections = 8;       // Upper bound of the read pool.
  int max_batch = 256;            // Most write transactions folded into one commit.
  int busy_timeout_ms = 10'000;   // Waiting for another process (CLI) holding the lock.
  // Copying the WAL back into the database (checkpoint) is a background thread's work: a pass
  // starts once the writer has added `checkpoint_frames` pages to the WAL since the last one.
  // Each pass ends with an fsync of the database, whose writes queue ahead of the WAL syncs
  // that answer requests: 1,024 pages (4 MiB) kept intake p99 at 13.5 ms where 4,096 gave
  // 25–27 ms at the same throughput (docs/PERFORMANCE.md; config.json "sqlite"
  // "checkpoint_pages" and "wal_restart_pages" set both). When the WAL holds
  // `wal_restart_frames` pages, the writer checkpoints what one more pass left itself between
  // two commits, so that the WAL starts over from its beginning (bounded file).
  int checkpoint_frames = 1024;
  int wal_restart_frames = 16384;
};

// Opens (and migrates) a SQLite store. kUnavailable when the file cannot be opened.
Result<std::unique_ptr<Store>> OpenSqliteStore(const SqliteOptions& options);

struct PostgresOptions {
  std::string url;        // postgresql://user@host:port/db
  int connections = 8;    // Pool size.
};

// Connects (and migrates) a PostgreSQL store. kUnavailable when it cannot connect.
Result<std::unique_ptr<Store>> OpenPostgresStore(const PostgresOptions& options);

// Copies a SQLite backup into place at `db_path` after checking it (integrity, schema).
Status RestoreSqliteBackup(const std::string& backup_path, const std::string& db_path);

}  // namespace sixia::store

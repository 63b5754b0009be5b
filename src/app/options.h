#pragma once
// Every tunable of sixia in one options struct, with defaults and a comment per field.
// Loaded from <data>/config.json when present (unknown keys are an error) and validated
// once at start.

#include <cstdint>
#include <string>

#include "common/status.h"
#include "domain/password_policy.h"
#include "security/login_rules.h"
#include "security/password_hasher.h"

namespace sixia::app {

struct HttpOptions {
  std::string listen = "127.0.0.1:8080";  // host:port to bind.
  int io_threads = 2;                     // Asio threads: parse and write only.
  int worker_threads = 8;                 // Run handlers (database, hashing, exports).
                                          // Registration (POST /api/v1/petitions) does not
                                          // wait here for its commit (answered by the store's
                                          // syncer), so a few threads suffice; other writes
                                          // still hold one each until durable.
  size_t body_limit = 1 << 20;            // Largest JSON body accepted (1 MiB).
  size_t upload_limit = 10 << 20;         // Largest attachment upload (10 MiB; photos).
  size_t header_limit = 8 * 1024;         // Largest request head.
  int json_depth_limit = 32;              // Deepest JSON nesting accepted.
  int read_timeout_ms = 10'000;           // Whole request must arrive within this.
  int idle_timeout_ms = 30'000;           // Keep-alive connection closes after idling.
  int max_connections = 4096;             // Further connections are refused.
  bool cookie_secure = false;             // Add "Secure" to cookies (set behind HTTPS).
  int login_burst = 20;                   // Login attempts per source address at once…
  int login_per_minute = 10;              // …refilled at this rate.
  int public_burst = 20;                  // Citizens' requests (/api/v1/public/*) per
  int public_per_minute = 10;             // source address at once, refilled at this rate.
  int public_failure_burst = 5;           // Wrong receipt numbers or query codes per source
  int public_failure_per_minute = 1;      // address at once, refilled at this rate.
  std::string web_root;                   // Built web app (index.html, assets/). Empty:
                                          // $SIXIA_WEB_ROOT, else <folder of the sixia
                                          // binary>/../web/dist; resolved at start.
};

// The SQLite writer's checkpoints (store::SqliteOptions; docs/architecture.md "Storage").
struct SqliteTuning {
  int checkpoint_pages = 1024;     // A background pass per this many new WAL pages.
  int wal_restart_pages = 16384;   // From here the writer starts the WAL over (64 MiB).
};

struct Options {
  std::string data_dir;                      // Required: the data folder.
  std::string db_url;                        // Empty: SQLite at data_dir/sixia.db.
  HttpOptions http;
  SqliteTuning sqlite;
  domain::PasswordPolicy password_policy;
  security::LockoutPolicy lockout;
  security::SessionPolicy session;
  security::Argon2Params argon2;
  int64_t max_token_ttl_ms = 366LL * 86'400'000;  // Longest bearer token life.
};

// Reads <data_dir>/config.json over the defaults. Missing file: defaults.
Result<Options> LoadOptions(const std::string& data_dir);

// Checks ranges; kInvalidArgument naming the field.
Status ValidateOptions(const Options& o);

}  // namespace sixia::app

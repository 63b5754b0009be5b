// The WAL-coalescing VFS under SQLite itself: a transaction larger than the page cache spills
// frames before its commit and rewrites some in place; everything must read back whole, from
// another connection and after SQLite's own integrity check.
#include "store/sqlite_wal_vfs.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <random>
#include <string>

namespace sixia::store::detail {
namespace {

namespace fs = std::filesystem;

class Db {
 public:
  Db(const std::string& path, const char* vfs) {
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs),
              SQLITE_OK);
  }
  ~Db() { sqlite3_close(db_); }
  void Exec(const std::string& sql) {
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK)
        << sql << ": " << (err ? err : "");
    sqlite3_free(err);
  }
  std::string Text(const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sql;
    std::string out;
    if (st && sqlite3_step(st) == SQLITE_ROW)
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

TEST(SqliteWalVfsUnderSqlite, SpilledAndRewrittenFramesReadBackWhole) {
  const char* vfs = CoalescingWalVfs();
  ASSERT_NE(vfs, nullptr);
  const std::string path =
      (fs::temp_directory_path() / ("sixia-walvfs-raw-" + std::to_string(std::random_device{}()) + ".db"))
          .string();
  const WalWriteCounts before = WalWriteCountsSoFar();
  {
    // Given a writer through the VFS with a page cache of 20 pages and no auto-checkpoint
    Db writer(path, vfs);
    writer.Exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = 20;");
    writer.Exec("PRAGMA wal_autocheckpoint = 0;");
    writer.Exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB NOT NULL)");
    // When one transaction inserts 2,000 rows of 1,000 bytes and then changes every one
    writer.Exec("BEGIN");
    writer.Exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
                "INSERT INTO t SELECT i, zeroblob(1000) FROM n");
    writer.Exec("UPDATE t SET v = CAST(printf('%.*c', 1000, char(65 + id % 26)) AS BLOB)");
    writer.Exec("COMMIT");
    // Then another connection, not through the VFS, reads every row as written
    Db reader(path, nullptr);
    EXPECT_EQ(reader.Text("SELECT count(*) FROM t"), "2000");
    EXPECT_EQ(reader.Text("SELECT count(*) FROM t WHERE v = CAST(printf('%.*c', 1000, "
                          "char(65 + id % 26)) AS BLOB)"),
              "2000");
    EXPECT_EQ(reader.Text("PRAGMA integrity_check"), "ok");
  }
  // And the load did rewrite frames in place (the path under test), and reached the file in
  // fewer writes than SQLite made
  const WalWriteCounts after = WalWriteCountsSoFar();
  EXPECT_GT(after.out_of_order - before.out_of_order, 0u);
  EXPECT_LT(after.writes_issued - before.writes_issued, after.writes_received - before.writes_received);
  // And after the last connection closed (checkpoint, WAL removed) a fresh one agrees
  {
    Db again(path, nullptr);
    EXPECT_EQ(again.Text("SELECT count(*) FROM t"), "2000");
    EXPECT_EQ(again.Text("PRAGMA integrity_check"), "ok");
  }
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix, ec);
}

}  // namespace
}  // namespace sixia::store::detail

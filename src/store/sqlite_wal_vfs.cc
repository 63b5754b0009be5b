#include "store/sqlite_wal_vfs.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <string>

#include <spdlog/spdlog.h>

namespace sixia::store::detail {
namespace {

constexpr char kVfsName[] = "sixia-wal-coalescing";
constexpr int kFrameHeaderBytes = 24;     // WAL format: page number, database size, salts, checksums.
constexpr size_t kMaxBuffered = 4 << 20;  // A larger commit (a bulk load) is written in parts.
// The default unix VFS writes at most 128 KiB - 1 per call (it masks the length with
// 0x1ffff and reports a shorter write as a full disk): larger buffers go in parts.
constexpr size_t kMaxWrite = 124 << 10;

std::atomic<uint64_t> g_received{0};
std::atomic<uint64_t> g_issued{0};
std::atomic<uint64_t> g_out_of_order{0};

// Our file object: the wrapped one is allocated right after it (szOsFile of the VFS).
struct File {
  sqlite3_file base;     // base.pMethods: kWalMethods, kDbMethods or nullptr (open failed).
  sqlite3_file* real;    // The default VFS's file.
  std::string* name;     // Main database files: their path (the registry key); else nullptr.
  File* wal;             // Main database file: its WAL file while open.
  File* db;              // WAL file: its main database file, if open through this VFS.
  std::string* buffer;   // WAL file: bytes not yet written, from buffer_offset.
  sqlite3_int64 buffer_offset;
  bool flush_after_page; // WAL file: the last buffered frame header marked a commit.
};

sqlite3_vfs* Base() { return sqlite3_vfs_find(nullptr); }

// Open main database files by path, so that a WAL file finds its database (xOpen) and the
// database's xShmBarrier finds the WAL's buffer. Guarded by RegistryMutex().
std::mutex& RegistryMutex() {
  static std::mutex mu;
  return mu;
}
std::map<std::string, File*>& Registry() {
  static std::map<std::string, File*> files;
  return files;
}

File* Self(sqlite3_file* f) { return reinterpret_cast<File*>(f); }

int Flush(File* f) {
  if (!f->buffer || f->buffer->empty()) return SQLITE_OK;
  int rc = SQLITE_OK;
  for (size_t done = 0; done < f->buffer->size() && rc == SQLITE_OK; done += kMaxWrite) {
    const size_t n = std::min(kMaxWrite, f->buffer->size() - done);
    g_issued.fetch_add(1, std::memory_order_relaxed);
    rc = f->real->pMethods->xWrite(f->real, f->buffer->data() + done, static_cast<int>(n),
                                   f->buffer_offset + static_cast<sqlite3_int64>(done));
  }
  f->buffer->clear();
  f->flush_after_page = false;
  return rc;
}

// ---- WAL files ------------------------------------------------------------------------------

int WalWrite(sqlite3_file* pf, const void* data, int amount, sqlite3_int64 offset) {
  File* f = Self(pf);
  g_received.fetch_add(1, std::memory_order_relaxed);
  std::string& buf = *f->buffer;
  const bool continues = !buf.empty() &&
                         offset == f->buffer_offset + static_cast<sqlite3_int64>(buf.size());
  if (!buf.empty() && !continues) g_out_of_order.fetch_add(1, std::memory_order_relaxed);
  if (!buf.empty() && (!continues || buf.size() + static_cast<size_t>(amount) > kMaxBuffered)) {
    if (const int rc = Flush(f); rc != SQLITE_OK) return rc;
  }
  if (buf.empty()) f->buffer_offset = offset;
  const bool commit_page = f->flush_after_page;
  buf.append(static_cast<const char*>(data), static_cast<size_t>(amount));
  if (commit_page) return Flush(f);  // The page of the commit frame: the commit's last write.
  if (amount == kFrameHeaderBytes) {
    // A frame header: bytes 4..7 hold the database size after a commit, zero otherwise.
    const auto* h = static_cast<const unsigned char*>(data);
    f->flush_after_page = (h[4] | h[5] | h[6] | h[7]) != 0;
  }
  return SQLITE_OK;
}

int WalClose(sqlite3_file* pf) {
  File* f = Self(pf);
  const int flushed = Flush(f);
  {
    std::lock_guard lock(RegistryMutex());
    if (f->db && f->db->wal == f) f->db->wal = nullptr;
  }
  const int rc = f->real->pMethods->xClose(f->real);
  delete f->buffer;
  f->buffer = nullptr;
  return flushed != SQLITE_OK ? flushed : rc;
}

// Methods that must see the bytes written so far: flush, then pass on.
int WalRead(sqlite3_file* pf, void* out, int amount, sqlite3_int64 offset) {
  File* f = Self(pf);
  if (const int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xRead(f->real, out, amount, offset);
}
int WalTruncate(sqlite3_file* pf, sqlite3_int64 size) {
  File* f = Self(pf);
  if (const int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xTruncate(f->real, size);
}
int WalSync(sqlite3_file* pf, int flags) {
  File* f = Self(pf);
  if (const int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xSync(f->real, flags);
}
int WalFileSize(sqlite3_file* pf, sqlite3_int64* size) {
  File* f = Self(pf);
  if (const int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xFileSize(f->real, size);
}
int WalFileControl(sqlite3_file* pf, int op, void* arg) {
  File* f = Self(pf);
  if (const int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xFileControl(f->real, op, arg);
}
int WalFetch(sqlite3_file* pf, sqlite3_int64 offset, int amount, void** out) {
  File* f = Self(pf);
  if (const int rc = Flush(f); rc != SQLITE_OK) return rc;
  return f->real->pMethods->xFetch(f->real, offset, amount, out);
}

// ---- Main database and other files: passed on -------------------------------------------

int DbClose(sqlite3_file* pf) {
  File* f = Self(pf);
  if (f->name) {
    std::lock_guard lock(RegistryMutex());
    auto it = Registry().find(*f->name);
    if (it != Registry().end() && it->second == f) Registry().erase(it);
    if (f->wal && f->wal->db == f) f->wal->db = nullptr;
    delete f->name;
    f->name = nullptr;
  }
  return f->real->pMethods->xClose(f->real);
}
int DbRead(sqlite3_file* pf, void* out, int amount, sqlite3_int64 offset) {
  return Self(pf)->real->pMethods->xRead(Self(pf)->real, out, amount, offset);
}
int DbWrite(sqlite3_file* pf, const void* data, int amount, sqlite3_int64 offset) {
  return Self(pf)->real->pMethods->xWrite(Self(pf)->real, data, amount, offset);
}
int DbTruncate(sqlite3_file* pf, sqlite3_int64 size) {
  return Self(pf)->real->pMethods->xTruncate(Self(pf)->real, size);
}
int DbSync(sqlite3_file* pf, int flags) {
  return Self(pf)->real->pMethods->xSync(Self(pf)->real, flags);
}
int DbFileSize(sqlite3_file* pf, sqlite3_int64* size) {
  return Self(pf)->real->pMethods->xFileSize(Self(pf)->real, size);
}
int DbFileControl(sqlite3_file* pf, int op, void* arg) {
  return Self(pf)->real->pMethods->xFileControl(Self(pf)->real, op, arg);
}
int DbFetch(sqlite3_file* pf, sqlite3_int64 offset, int amount, void** out) {
  return Self(pf)->real->pMethods->xFetch(Self(pf)->real, offset, amount, out);
}
void DbShmBarrier(sqlite3_file* pf) {
  File* f = Self(pf);
  // SQLite is about to publish a WAL index header: every frame must be in the file first.
  File* wal = nullptr;
  {
    std::lock_guard lock(RegistryMutex());
    wal = f->wal;
  }
  if (wal && Flush(wal) != SQLITE_OK) {
    spdlog::critical("cannot write the write-ahead log; stopping before a torn commit is read");
    std::abort();
  }
  f->real->pMethods->xShmBarrier(f->real);
}

// Shared by both kinds.
int Lock(sqlite3_file* pf, int level) { return Self(pf)->real->pMethods->xLock(Self(pf)->real, level); }
int Unlock(sqlite3_file* pf, int level) {
  return Self(pf)->real->pMethods->xUnlock(Self(pf)->real, level);
}
int CheckReservedLock(sqlite3_file* pf, int* out) {
  return Self(pf)->real->pMethods->xCheckReservedLock(Self(pf)->real, out);
}
int SectorSize(sqlite3_file* pf) { return Self(pf)->real->pMethods->xSectorSize(Self(pf)->real); }
int DeviceCharacteristics(sqlite3_file* pf) {
  return Self(pf)->real->pMethods->xDeviceCharacteristics(Self(pf)->real);
}
int ShmMap(sqlite3_file* pf, int region, int size, int extend, void volatile** out) {
  return Self(pf)->real->pMethods->xShmMap(Self(pf)->real, region, size, extend, out);
}
int ShmLock(sqlite3_file* pf, int offset, int n, int flags) {
  return Self(pf)->real->pMethods->xShmLock(Self(pf)->real, offset, n, flags);
}
int ShmUnmap(sqlite3_file* pf, int delete_flag) {
  return Self(pf)->real->pMethods->xShmUnmap(Self(pf)->real, delete_flag);
}
void ShmBarrier(sqlite3_file* pf) { Self(pf)->real->pMethods->xShmBarrier(Self(pf)->real); }
int Unfetch(sqlite3_file* pf, sqlite3_int64 offset, void* p) {
  return Self(pf)->real->pMethods->xUnfetch(Self(pf)->real, offset, p);
}

const sqlite3_io_methods kWalMethods = {
    3,         WalClose,   WalRead,      WalWrite, WalTruncate, WalSync, WalFileSize,
    Lock,      Unlock,     CheckReservedLock,      WalFileControl,        SectorSize,
    DeviceCharacteristics, ShmMap,       ShmLock,  ShmBarrier,  ShmUnmap, WalFetch, Unfetch};

const sqlite3_io_methods kDbMethods = {
    3,         DbClose,    DbRead,       DbWrite,  DbTruncate,  DbSync,  DbFileSize,
    Lock,      Unlock,     CheckReservedLock,      DbFileControl,         SectorSize,
    DeviceCharacteristics, ShmMap,       ShmLock,  DbShmBarrier, ShmUnmap, DbFetch, Unfetch};

int Open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* pf, int flags, int* out_flags) {
  auto* base = static_cast<sqlite3_vfs*>(vfs->pAppData);
  File* f = Self(pf);
  std::memset(f, 0, sizeof(File));
  f->real = reinterpret_cast<sqlite3_file*>(f + 1);
  const int rc = base->xOpen(base, name, f->real, flags, out_flags);
  if (rc != SQLITE_OK || f->real->pMethods == nullptr) {
    f->base.pMethods = nullptr;
    return rc;
  }
  // Some files (the main database) need the wrapped file's methods of iVersion 3, which the
  // default unix VFS provides; anything older is passed through without a wrapper's extras.
  if (f->real->pMethods->iVersion < 3) {
    f->real->pMethods->xClose(f->real);
    f->base.pMethods = nullptr;
    return SQLITE_CANTOPEN;
  }
  if ((flags & SQLITE_OPEN_WAL) != 0 && name != nullptr) {
    f->base.pMethods = &kWalMethods;
    f->buffer = new std::string();
    f->buffer->reserve(1 << 20);
    std::string db_name(name);
    if (db_name.size() > 4 && db_name.compare(db_name.size() - 4, 4, "-wal") == 0)
      db_name.resize(db_name.size() - 4);
    std::lock_guard lock(RegistryMutex());
    if (auto it = Registry().find(db_name); it != Registry().end()) {
      f->db = it->second;
      it->second->wal = f;
    }
    return SQLITE_OK;
  }
  f->base.pMethods = &kDbMethods;
  if ((flags & SQLITE_OPEN_MAIN_DB) != 0 && name != nullptr) {
    f->name = new std::string(name);
    std::lock_guard lock(RegistryMutex());
    Registry()[*f->name] = f;
  }
  return SQLITE_OK;
}

// The rest of the VFS is the default one's.
int Delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  auto* base = static_cast<sqlite3_vfs*>(vfs->pAppData);
  return base->xDelete(base, name, sync_dir);
}
int Access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  auto* base = static_cast<sqlite3_vfs*>(vfs->pAppData);
  return base->xAccess(base, name, flags, out);
}
int FullPathname(sqlite3_vfs* vfs, const char* name, int n, char* out) {
  auto* base = static_cast<sqlite3_vfs*>(vfs->pAppData);
  return base->xFullPathname(base, name, n, out);
}
void* DlOpen(sqlite3_vfs* vfs, const char* name) {
  auto* base = static_cast<sqlite3_vfs*>(vfs->pAppData);
  return base->xDlOpen(base, name);
}
void DlError(sqlite3_vfs* vfs, int n, char* out) {
  auto* base = static_cast<sqlite3_vfs*>(vfs->pAppData);
  base->xDlError(base, n, out);
}
void (*DlSym(sqlite3_vfs* vfs, void* handle, const char* symbol))(void) {
  auto* base = static_cast<sqlite3_vfs*>(vfs->pAppData);
  return base->xDlSym(base, handle, symbol);
}
void DlClose(sqlite3_vfs* vfs, void* handle) {
  auto* base = static_cast<sqlite3_vfs*>(vfs->pAppData);
  base->xDlClose(base, handle);
}
int Randomness(sqlite3_vfs* vfs, int n, char* out) {
  auto* base = static_cast<sqlite3_vfs*>(vfs->pAppData);
  return base->xRandomness(base, n, out);
}
int Sleep(sqlite3_vfs* vfs, int us) {
  auto* base = static_cast<sqlite3_vfs*>(vfs->pAppData);
  return base->xSleep(base, us);
}
int CurrentTime(sqlite3_vfs* vfs, double* out) {
  auto* base = static_cast<sqlite3_vfs*>(vfs->pAppData);
  return base->xCurrentTime(base, out);
}
int GetLastError(sqlite3_vfs* vfs, int n, char* out) {
  auto* base = static_cast<sqlite3_vfs*>(vfs->pAppData);
  return base->xGetLastError(base, n, out);
}
int CurrentTimeInt64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  auto* base = static_cast<sqlite3_vfs*>(vfs->pAppData);
  return base->xCurrentTimeInt64(base, out);
}

}  // namespace

const char* CoalescingWalVfs() {
  static const char* const name = [] {
    sqlite3_vfs* base = Base();
    static sqlite3_vfs vfs{};
    vfs.iVersion = 2;
    vfs.szOsFile = static_cast<int>(sizeof(File)) + base->szOsFile;
    vfs.mxPathname = base->mxPathname;
    vfs.zName = kVfsName;
    vfs.pAppData = base;
    vfs.xOpen = Open;
    vfs.xDelete = Delete;
    vfs.xAccess = Access;
    vfs.xFullPathname = FullPathname;
    vfs.xDlOpen = DlOpen;
    vfs.xDlError = DlError;
    vfs.xDlSym = DlSym;
    vfs.xDlClose = DlClose;
    vfs.xRandomness = Randomness;
    vfs.xSleep = Sleep;
    vfs.xCurrentTime = CurrentTime;
    vfs.xGetLastError = GetLastError;
    vfs.xCurrentTimeInt64 = CurrentTimeInt64;
    if (sqlite3_vfs_register(&vfs, 0) != SQLITE_OK) return static_cast<const char*>(nullptr);
    return static_cast<const char*>(kVfsName);
  }();
  return name;
}

WalWriteCounts WalWriteCountsSoFar() {
  return {g_received.load(), g_issued.load(), g_out_of_order.load()};
}

}  // namespace sixia::store::detail

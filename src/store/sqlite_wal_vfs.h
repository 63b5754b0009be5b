#pragma once
// Internal to src/store: a SQLite VFS for the single writer connection that gathers the WAL
// frames of one commit into one write (a few, for a large commit).
//
// SQLite writes every WAL frame with two calls (its 24-byte header, then the page), and a
// frame is 4,120 bytes, so each call touches one or two page-cache pages of the WAL file
// again: under the intake load a commit of ~50 frames cost ~100 pwrite calls, a quarter of
// the writer thread's time. This VFS wraps the default one; for a WAL file it appends
// consecutive writes to a buffer and issues them as one pwrite:
//   - when the frame whose header marks a commit (a non-zero "database size" field, as the
//     WAL format defines it) has been buffered — so a write error fails that commit;
//   - before anything that reads, sizes, syncs, truncates, maps or closes the WAL, and before
//     a write that does not continue the buffer;
//   - and, as a safety net, whenever SQLite publishes a new WAL index header (xShmBarrier of
//     the database file, which SQLite calls between the header's two copies): no connection
//     can then see a frame that is not in the file. A write error there (nothing can be
//     returned) aborts the process rather than let readers see a torn commit.
// Everything else is passed to the default VFS unchanged. Used only by the writer connection
// (its thread alone touches its files).

#include <cstdint>

namespace sixia::store::detail {

// The VFS name for sqlite3_open_v2, registered on first use (not as the default).
const char* CoalescingWalVfs();

// Counters over every file opened through the VFS since the process started (tests).
struct WalWriteCounts {
  uint64_t writes_received = 0;  // xWrite calls SQLite made on WAL files.
  uint64_t writes_issued = 0;    // Writes passed on to the default VFS for them.
  uint64_t out_of_order = 0;     // Writes that did not continue the buffer (frames rewritten).
};
WalWriteCounts WalWriteCountsSoFar();

}  // namespace sixia::store::detail

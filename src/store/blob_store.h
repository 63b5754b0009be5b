#pragma once
// Files stored by content: attachments live in a folder of the data folder, named by the
// SM3 hash of their bytes (ab/abcdef…), written once and never changed. Put() is
// idempotent and durable (temporary file, fsync, rename, fsync of the folder), so a file
// named in the database always exists in full. Thread-safe.

#include <string>
#include <string_view>

#include "common/status.h"

namespace sixia::store {

class BlobStore {
 public:
  explicit BlobStore(std::string root) : root_(std::move(root)) {}

  // Stores `bytes`; returns their SM3 hash (64 hex). kUnavailable on I/O errors.
  Result<std::string> Put(std::string_view bytes) const;

  // The bytes stored under `hash`; kNotFound when absent, kInvalidArgument for a malformed
  // hash (never a path outside the folder).
  Result<std::string> Get(const std::string& hash) const;

 private:
  std::string PathOf(const std::string& hash) const;

  const std::string root_;  // Constant after construction.
};

// Replaces the file at `path` with `bytes` durably and atomically: a reader sees the old
// content or the new, and after a crash the new content is there once this returned OK
// (temporary file beside it, fsync, rename, fsync of the folder). kUnavailable on I/O errors.
Status ReplaceFileDurably(const std::string& path, std::string_view bytes);

}  // namespace sixia::store

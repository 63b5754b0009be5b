#pragma once
// In-memory fake of the Store for unit tests: the same repository semantics as the SQL
// backends (unique keys and foreign keys answer kConflict, kNotFound where they answer it,
// the same orderings, the nation division and the audit head present from the start),
// without a database. Nothing is persisted.
//
// Threading: thread-safe. Write() runs callbacks one at a time on a private copy of the
// whole state and publishes the copy only when the callback returns OK, so a failed write
// leaves no trace. Read() runs on the last published state and never waits for a writer;
// repository methods that would change data fail with kInternal inside a Read().

#include <memory>

#include "store/store.h"

namespace sixia::store {

// A fresh, empty store (Backend::kMemory). BackupTo() answers kUnprocessable.
std::unique_ptr<Store> NewMemoryStore();

}  // namespace sixia::store

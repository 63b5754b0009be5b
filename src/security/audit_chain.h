#pragma once
// The SM3 hash chain over audit records: hash_n = SM3(prev_hash || canonical(record_n)).
// Editing, deleting or reordering any record breaks the chain from that record on.

#include <optional>
#include <string>
#include <vector>

#include "domain/audit.h"

namespace sixia::security {

inline const std::string kGenesisHash(64, '0');

// The hash a record must carry, given its fields and prev_hash (record.hash is ignored).
std::string AuditRecordHash(const domain::AuditRecord& record);

struct ChainBreak {
  int64_t seq = 0;      // First record that does not verify (or where one is missing).
  std::string reason;   // "hash mismatch", "sequence gap", "prev_hash mismatch", "head mismatch"
};

// Streaming verifier: feed records in seq order. Keeps O(1) state.
class AuditChainVerifier {
 public:
  // Returns the first break found so far, if any; later records are ignored after a break.
  void Add(const domain::AuditRecord& record);
  // Compares the end of the chain with the separately stored head (seq + hash).
  void Finish(int64_t head_seq, const std::string& head_hash);
  const std::optional<ChainBreak>& broken() const { return break_; }
  int64_t count() const { return count_; }

 private:
  std::optional<ChainBreak> break_;
  int64_t expected_seq_ = 1;
  std::string prev_hash_ = kGenesisHash;
  int64_t count_ = 0;
};

}  // namespace sixia::security

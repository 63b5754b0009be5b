#pragma once
// One record of the tamper-evident audit log. Plain data; the chain hash is computed by
// security/audit_chain.h. Never holds personal data of petitioners: objects are named by
// kind and id, details are codes and counts.

#include <cstdint>
#include <string>

namespace sixia::domain {

enum class AuditOutcome { kOk, kDenied, kFailed };
const char* AuditOutcomeName(AuditOutcome o);  // "ok" | "denied" | "failed"

struct AuditRecord {
  int64_t seq = 0;          // 1, 2, 3 … assigned by the store, no gaps.
  int64_t at_ms = 0;        // Unix ms.
  int64_t actor_id = 0;     // 0 for anonymous / system / CLI.
  std::string actor;        // User name, "cli:<os user>" or "anonymous".
  std::string action;       // "user.create", "session.login", …
  std::string object;       // "user:12", "unit:3", "" when none.
  AuditOutcome outcome = AuditOutcome::kOk;
  std::string source;       // Client IP or "cli".
  std::string detail;       // Short JSON text, no personal data.
  std::string prev_hash;    // Hash of record seq-1 (64 zeros for the first).
  std::string hash;         // SM3 over prev_hash and the fields above.
};

}  // namespace sixia::domain

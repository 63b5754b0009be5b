#pragma once
// Appends to and verifies the SM3-chained audit log. Appends happen inside the caller's
// write transaction, so an action and its audit record commit together or not at all.

#include <optional>
#include <string>

#include "common/clock.h"
#include "security/audit_chain.h"
#include "security/policy.h"
#include "store/store.h"

namespace sixia::app {

// Who did it and from where; built by adapters (HTTP: principal + client IP; CLI).
struct Actor {
  int64_t user_id = 0;
  std::string name = "anonymous";
  std::string source;  // Client IP or "cli".
};

struct AuditEvent {
  std::string action;  // "user.create"
  std::string object;  // "user:12"
  domain::AuditOutcome outcome = domain::AuditOutcome::kOk;
  std::string detail;  // JSON text without personal data; "{}" when empty.
};

struct AuditVerifyReport {
  int64_t records = 0;
  std::optional<security::ChainBreak> broken;
};

class AuditLog {
 public:
  explicit AuditLog(const Clock& clock) : clock_(clock) {}

  // Appends one record in `tx` (locks the head until commit).
  Status Append(store::Tx& tx, const Actor& actor, const AuditEvent& event) const;

  // Appends in a transaction of its own (for failures whose action rolled back).
  Status AppendAlone(store::Store& store, const Actor& actor, const AuditEvent& event) const;

  // Walks the whole chain in one read snapshot.
  static Result<AuditVerifyReport> Verify(store::Store& store);

  // Use cases of the audit administrator (audit.read); others get kPermissionDenied.
  static Result<std::vector<domain::AuditRecord>> List(store::Store& store,
                                                       const security::Principal& p,
                                                       const store::AuditFilter& filter);
  static Result<AuditVerifyReport> VerifyAs(store::Store& store, const security::Principal& p);

 private:
  const Clock& clock_;
};

}  // namespace sixia::app

#include "domain/audit.h"

namespace sixia::domain {

const char* AuditOutcomeName(AuditOutcome o) {
  switch (o) {
    case AuditOutcome::kOk: return "ok";
    case AuditOutcome::kDenied: return "denied";
    case AuditOutcome::kFailed: return "failed";
  }
  return "failed";
}

}  // namespace sixia::domain

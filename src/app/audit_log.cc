#include "app/audit_log.h"

namespace sixia::app {

Status AuditLog::Append(store::Tx& tx, const Actor& actor, const AuditEvent& event) const {
  SIXIA_ASSIGN_OR_RETURN(store::AuditHead head, tx.audit().LockHead());
  domain::AuditRecord r;
  r.seq = head.seq + 1;
  r.at_ms = clock_.NowMs();
  r.actor_id = actor.user_id;
  r.actor = actor.name;
  r.action = event.action;
  r.object = event.object;
  r.outcome = event.outcome;
  r.source = actor.source;
  r.detail = event.detail.empty() ? "{}" : event.detail;
  r.prev_hash = head.hash;
  r.hash = security::AuditRecordHash(r);
  return tx.audit().Append(r);
}

Status AuditLog::AppendAlone(store::Store& store, const Actor& actor,
                             const AuditEvent& event) const {
  return store.Write([&](store::Tx& tx) { return Append(tx, actor, event); });
}

Result<AuditVerifyReport> AuditLog::Verify(store::Store& store) {
  AuditVerifyReport report;
  security::AuditChainVerifier verifier;
  Status st = store.Read([&](store::Tx& tx) -> Status {
    SIXIA_RETURN_IF_ERROR(tx.audit().ForEach([&](const domain::AuditRecord& r) {
      verifier.Add(r);
      return !verifier.broken().has_value();
    }));
    SIXIA_ASSIGN_OR_RETURN(store::AuditHead head, tx.audit().Head());
    verifier.Finish(head.seq, head.hash);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  report.records = verifier.count();
  report.broken = verifier.broken();
  return report;
}

Result<std::vector<domain::AuditRecord>> AuditLog::List(store::Store& store,
                                                        const security::Principal& p,
                                                        const store::AuditFilter& filter) {
  SIXIA_RETURN_IF_ERROR(security::AccessPolicy::Require(p, security::Permission::kAuditRead));
  std::vector<domain::AuditRecord> out;
  SIXIA_RETURN_IF_ERROR(store.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(out, tx.audit().List(filter));
    return Status::Ok();
  }));
  return out;
}

Result<AuditVerifyReport> AuditLog::VerifyAs(store::Store& store, const security::Principal& p) {
  SIXIA_RETURN_IF_ERROR(security::AccessPolicy::Require(p, security::Permission::kAuditRead));
  return Verify(store);
}

}  // namespace sixia::app

#include "security/audit_chain.h"

#include "security/crypto.h"

namespace sixia::security {
namespace {

// Length-prefixed fields so that no two different records serialize alike.
void Put(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ';';
}

}  // namespace

std::string AuditRecordHash(const domain::AuditRecord& r) {
  std::string s;
  s.reserve(256 + r.detail.size());
  Put(s, r.prev_hash);
  Put(s, std::to_string(r.seq));
  Put(s, std::to_string(r.at_ms));
  Put(s, std::to_string(r.actor_id));
  Put(s, r.actor);
  Put(s, r.action);
  Put(s, r.object);
  Put(s, domain::AuditOutcomeName(r.outcome));
  Put(s, r.source);
  Put(s, r.detail);
  return Sm3Hex(s);
}

void AuditChainVerifier::Add(const domain::AuditRecord& r) {
  if (break_) return;
  ++count_;
  if (r.seq != expected_seq_) {
    break_ = ChainBreak{expected_seq_, "sequence gap or reorder (found seq " +
                                           std::to_string(r.seq) + ")"};
    return;
  }
  if (r.prev_hash != prev_hash_) {
    break_ = ChainBreak{r.seq, "prev_hash does not match the previous record"};
    return;
  }
  if (AuditRecordHash(r) != r.hash) {
    break_ = ChainBreak{r.seq, "hash mismatch: the record was altered"};
    return;
  }
  prev_hash_ = r.hash;
  ++expected_seq_;
}

void AuditChainVerifier::Finish(int64_t head_seq, const std::string& head_hash) {
  if (break_) return;
  if (head_seq != expected_seq_ - 1 || head_hash != prev_hash_)
    break_ = ChainBreak{expected_seq_, "records after seq " + std::to_string(expected_seq_ - 1) +
                                           " are missing (head says " + std::to_string(head_seq) +
                                           ")"};
}

}  // namespace sixia::security

#include "security/audit_chain.h"

#include <gtest/gtest.h>

namespace sixia::security {
namespace {

std::vector<domain::AuditRecord> Chain(int n) {
  std::vector<domain::AuditRecord> out;
  std::string prev = kGenesisHash;
  for (int i = 1; i <= n; ++i) {
    domain::AuditRecord r;
    r.seq = i;
    r.at_ms = 1000 + i;
    r.actor = "admin";
    r.action = "unit.create";
    r.object = "unit:" + std::to_string(i);
    r.source = "127.0.0.1";
    r.detail = "{}";
    r.prev_hash = prev;
    r.hash = AuditRecordHash(r);
    prev = r.hash;
    out.push_back(r);
  }
  return out;
}

std::optional<ChainBreak> Verify(const std::vector<domain::AuditRecord>& records, int64_t head_seq,
                                 const std::string& head_hash) {
  AuditChainVerifier v;
  for (const auto& r : records) v.Add(r);
  v.Finish(head_seq, head_hash);
  return v.broken();
}

TEST(AuditChain, IntactChainVerifies) {
  auto c = Chain(5);
  EXPECT_FALSE(Verify(c, 5, c.back().hash).has_value());
}

TEST(AuditChain, EditedRecordIsFound) {
  auto c = Chain(5);
  c[2].object = "unit:99";
  auto b = Verify(c, 5, c.back().hash);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->seq, 3);
}

TEST(AuditChain, EditedRecordWithRecomputedHashBreaksTheNextLink) {
  auto c = Chain(5);
  c[2].outcome = domain::AuditOutcome::kDenied;
  c[2].hash = AuditRecordHash(c[2]);
  auto b = Verify(c, 5, c.back().hash);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->seq, 4);
}

TEST(AuditChain, DeletedRecordIsFound) {
  auto c = Chain(5);
  c.erase(c.begin() + 1);
  auto b = Verify(c, 5, c.back().hash);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->seq, 2);
}

TEST(AuditChain, ReorderedRecordsAreFound) {
  auto c = Chain(5);
  std::swap(c[1], c[2]);
  EXPECT_TRUE(Verify(c, 5, c.back().hash).has_value());
}

TEST(AuditChain, DeletedTailIsFoundThroughTheHead) {
  auto c = Chain(5);
  const std::string head = c.back().hash;
  c.pop_back();
  auto b = Verify(c, 5, head);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->seq, 5);
}

TEST(AuditChain, FieldsCannotBeShiftedBetweenColumns) {
  domain::AuditRecord a;
  a.prev_hash = kGenesisHash;
  a.actor = "ab";
  a.action = "c";
  domain::AuditRecord b = a;
  b.actor = "a";
  b.action = "bc";
  EXPECT_NE(AuditRecordHash(a), AuditRecordHash(b));
}

}  // namespace
}  // namespace sixia::security

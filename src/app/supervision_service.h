#pragma once
// Supervision against formalism (督查, first step): for a jurisdiction and period, the records
// that promise action but show none — tasks and field-session assignments closed without real
// evidence (domain::IsWeakEvidence) or after their deadline, problems nobody answers for,
// leaders who missed their reception-day quota, villages with no outreach, and research
// reports still holding template placeholders ("X余次", "XX人") or stating figures that
// differ from the counted ones. Read-only; needs petition.supervise (the 督查 role) and the
// division in scope. Each list holds at most 200 entries; the counts say how many were found.

#include <cstdint>
#include <string>
#include <vector>

#include "app/outreach_service.h"
#include "app/reception_service.h"
#include "app/research_service.h"

namespace sixia::app {

struct SupervisionFlags {
  domain::Division division;
  std::vector<store::LedgerRow> tasks_weak_evidence;
  std::vector<store::FieldIssueRow> assignments_weak_evidence;
  std::vector<store::LedgerRow> tasks_done_late;
  std::vector<store::FieldIssueRow> assignments_closed_late;
  std::vector<store::LedgerRow> problems_without_responsible;
  std::vector<LeaderCompliance> quota_missed;              // Leaders with a missed window.
  bool coverage_counted = false;                           // Outreach coverage applies.
  std::vector<domain::Division> villages_without_outreach;
  std::vector<ReportView> reports;                         // With placeholders or mismatches.
};

class SupervisionService {
 public:
  SupervisionService(store::Store& store, const ResearchService& research, ReceptionService& reception,
                     OutreachService& outreach);

  Result<SupervisionFlags> Flags(const security::Principal& p, const std::string& division_code, int64_t from_ms,
                                 int64_t to_ms);

 private:
  store::Store& store_;
  const ResearchService& research_;
  ReceptionService& reception_;
  OutreachService& outreach_;
};

}  // namespace sixia::app

#include "app/supervision_service.h"
#include "app/checks.h"

#include "domain/ledger.h"

namespace sixia::app {
namespace {

using security::AccessPolicy;
using security::Permission;

constexpr int kLimit = 200;

}  // namespace

SupervisionService::SupervisionService(store::Store& store, const ResearchService& research,
                                       ReceptionService& reception, OutreachService& outreach)
    : store_(store), research_(research), reception_(reception), outreach_(outreach) {}

Result<SupervisionFlags> SupervisionService::Flags(const security::Principal& p, const std::string& division_code,
                                                   int64_t from_ms, int64_t to_ms) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kPetitionSupervise));
  SIXIA_RETURN_IF_ERROR(CheckPeriod(from_ms, to_ms));
  SIXIA_RETURN_IF_ERROR(domain::ValidateDivisionCode(division_code, "division"));
  if (!AccessPolicy::InScope(p, division_code))
    return NotFound("division outside your jurisdiction", "该区划不在您的管辖范围内", "division");
  SupervisionFlags out;
  SIXIA_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    SIXIA_ASSIGN_OR_RETURN(auto division, tx.divisions().Get(division_code));
    if (!division) return NotFound("division not found", "行政区划不存在", "division");
    out.division = *division;
    const auto range = domain::SubtreeRange(division->code, division->level);
    // Candidates by length in SQL; the domain rule decides (stock phrases too).
    SIXIA_ASSIGN_OR_RETURN(auto done,
                           tx.research().DoneTasksWithShortEvidence(range, domain::kWeakEvidenceChars + 4, kLimit));
    for (auto& t : done)
      if (domain::IsWeakEvidence(t.item.evidence)) out.tasks_weak_evidence.push_back(std::move(t));
    SIXIA_ASSIGN_OR_RETURN(out.tasks_done_late, tx.research().TasksDoneLate(range, kLimit));
    SIXIA_ASSIGN_OR_RETURN(out.problems_without_responsible, tx.research().ProblemsWithoutResponsible(range, kLimit));
    SIXIA_ASSIGN_OR_RETURN(auto assignments, tx.field_sessions().ClosedAssignmentsToReview(
                                                 range, domain::kWeakEvidenceChars + 4, kLimit));
    for (auto& a : assignments) {
      const auto& i = a.issue;
      const bool late = i.deadline_ms && i.closed_at_ms && *i.closed_at_ms > *i.deadline_ms;
      if (domain::IsWeakEvidence(i.evidence)) out.assignments_weak_evidence.push_back(a);
      if (late) out.assignments_closed_late.push_back(std::move(a));
    }
    SIXIA_ASSIGN_OR_RETURN(auto reports, tx.research().ListReports(range, from_ms, to_ms, std::nullopt, kLimit, 0));
    for (auto& r : reports) {
      SIXIA_ASSIGN_OR_RETURN(auto check, research_.Check(tx, r));
      if (!check.placeholders.empty() || !check.mismatches.empty())
        out.reports.push_back({std::move(r), std::move(check)});
    }
    return Status::Ok();
  }));
  SIXIA_ASSIGN_OR_RETURN(auto leaders, reception_.Compliance(p, division_code, from_ms, to_ms));
  for (auto& l : leaders)
    if (l.compliance.windows_missed > 0) out.quota_missed.push_back(std::move(l));
  SIXIA_ASSIGN_OR_RETURN(auto outreach, outreach_.Report(p, division_code, from_ms, to_ms));
  out.coverage_counted = outreach.coverage_counted;
  out.villages_without_outreach = std::move(outreach.uncovered);
  if (out.villages_without_outreach.size() > static_cast<size_t>(kLimit)) out.villages_without_outreach.resize(kLimit);
  return out;
}

}  // namespace sixia::app

#pragma once
// The counted results of petition work (MISSION §3 "measured rates"), computed only from
// recorded events and the clocks derived from them: nothing here can be typed in. Pure.
//
// Definitions (a petition counts in the period by its receipt time):
//   received            petitions received (merged duplicates included); people: their group sizes
//   merged              duplicates merged into another petition (并单); excluded below
//   disposed_on_time    disposed (accept/decline/transfer/assign) within the dispose clock
//                       → 及时受理率 = disposed_on_time / (received − merged)
//   accepted            accepted or taken up by a handling unit
//   decided             处理意见书 issued or agreement recorded (at least once)
//   decided_on_time     first decision within the handle clock (with extensions)
//                       → 按期办结率 = decided_on_time / handle_due (accepted petitions whose
//                         handle clock stopped or fell due before now)
//   replied             decided, or declined with the route told in writing → 回复率 / (received − merged)
//   delivered           a decision notice delivered or an agreement recorded (ever)
//   rated               petitions with a 评价 (ever) → 参评率 = rated / delivered
//   satisfied           latest rating satisfied or basically satisfied → 满意率 = satisfied / rated
//   solved              latest rating "solved" → 解决率 = solved / rated ("closed" ≠ "solved")
//   redone              petitions with at least one 重办 → 重办率 = redone / rated
//   closed              ended as closed (办结) or final (终结)
//   overdue_now         open petitions with a duty clock past due now
//   backlog             积案: open and received more than `backlog_days` ago, or with at least
//                       two repeats merged into them
//   solved_same_day     decided and rated "solved" on the day of receipt (当场解决)
//   closed_within_30d   ended as closed/final within 30 days of receipt
//   tier                the level of the lead unit when decided: village 村 / township 镇 /
//                       county and above 县及以上 ("小事不出村、大事不出镇")

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/division.h"
#include "domain/petition_clocks.h"
#include "domain/petition_workflow.h"

namespace sixia::domain {

// What one petition contributes to the counted results, fixed by its events alone: derived
// whenever an event is written and stored with the petition, so that a report reads one
// narrow entry per petition instead of replaying every event. What depends on "now"
// (按期办结 falling due, overdue now, backlog) is kept as moments and decided when counted.
enum CountedFlag : uint32_t {
  kCountedMerged = 1u << 0,
  kCountedDisposedOnTime = 1u << 1,
  kCountedAccepted = 1u << 2,
  kCountedDecided = 1u << 3,
  kCountedDecidedOnTime = 1u << 4,
  kCountedReplied = 1u << 5,
  kCountedDelivered = 1u << 6,
  kCountedRated = 1u << 7,
  kCountedSatisfied = 1u << 8,
  kCountedSolved = 1u << 9,
  kCountedRedone = 1u << 10,
  kCountedClosed = 1u << 11,
  kCountedSolvedSameDay = 1u << 12,
  kCountedClosedWithin30d = 1u << 13,
  kCountedOpen = 1u << 14,
  kCountedTierVillage = 1u << 15,
  kCountedTierTownship = 1u << 16,
  kCountedTierCounty = 1u << 17,
};

struct CountedFacts {
  uint32_t flags = 0;                    // CountedFlag bits.
  std::optional<int64_t> handle_due_ms;  // The handle clock's due moment (with extensions).
  bool operator==(const CountedFacts&) const = default;
};

// From a petition's folded state, its events and clocks (petition_clocks.h); the level of
// the lead unit's division decides the resolution tier.
CountedFacts CountFacts(const PetitionState& state, const std::vector<PetitionEvent>& events,
                        const std::vector<ClockView>& clocks, int64_t received_at_ms,
                        std::optional<DivisionLevel> lead_unit_level);

// One stored petition as a report reads it.
struct CountedPetition {
  std::string category_code;
  std::optional<int64_t> lead_unit_id;
  int group_size = 1;
  int64_t received_at_ms = 0;
  int merged_in = 0;                     // Repeats merged into this petition (ever).
  std::optional<int64_t> next_due_ms;    // Earliest running duty clock (petition_clocks.h NextDue).
  CountedFacts facts;
};

struct Counts {
  int64_t received = 0, people = 0, merged = 0, disposed_on_time = 0, accepted = 0, decided = 0,
          decided_on_time = 0, handle_due = 0, replied = 0, delivered = 0, rated = 0,
          satisfied = 0, solved = 0, redone = 0, closed = 0, overdue_now = 0, backlog = 0,
          solved_same_day = 0, closed_within_30d = 0;
  int64_t tier_village = 0, tier_township = 0, tier_county = 0;
  void Add(const Counts& o);
  bool operator==(const Counts&) const = default;
};

struct PetitionMetrics {
  Counts total;
  std::map<std::string, Counts> by_category;  // Level-1 category code ("" unclassified).
  std::map<int64_t, Counts> by_unit;          // Lead unit id (0: none yet).
  std::map<std::string, Counts> by_month;     // "YYYY-MM" of receipt (China time).
  bool operator==(const PetitionMetrics&) const = default;
};

// Rates as fractions (0 when the denominator is 0).
double Rate(int64_t numerator, int64_t denominator);

// The level of a 12-digit division code from its digits (village codes end in non-zero
// digits, township codes have non-zero digits 7–9 …).
DivisionLevel LevelOfCode(std::string_view code);

// What one petition counts now.
Counts CountNow(const CountedPetition& p, int64_t now_ms, int backlog_days);

PetitionMetrics ComputeMetrics(const std::vector<CountedPetition>& petitions, int64_t now_ms,
                               int backlog_days = 90);

}  // namespace sixia::domain

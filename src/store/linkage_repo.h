#pragma once
// Repository of leaders' linkage (挂钩联系: links and their visits) and of Party members'
// community registration (双报到: registrations and their services). Part of the Store
// interface (store.h, Tx::linkage()); the SQL backends share the named queries of
// sql_linkage_repo.cc, the fake lives in memory_store.cc.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "domain/division.h"
#include "domain/linkage.h"

namespace sixia::store {

struct LinkageRow {
  domain::Linkage link;
  std::string county_code;    // Distribution key.
  std::string division_code;  // Where the target lies: the village, or the unit's division.
  std::optional<int64_t> created_by;
  int64_t created_at_ms = 0;
};

// Links whose target lies in `range` and whose period overlaps [from_ms, to_ms).
struct LinkageFilter {
  domain::CodeRange range;
  int64_t from_ms = 0;
  int64_t to_ms = INT64_MAX;
  std::optional<int64_t> leader_user_id;
  int limit = 50;
  int64_t before_id = 0;  // Keyset pagination, newest first; 0 = from the newest.
};

struct LinkageVisitRow {
  domain::LinkageVisit visit;
  std::optional<int64_t> recorded_by;
  int64_t recorded_at_ms = 0;
};

// A link with what the coverage report counts about it (domain::LinkageActivity).
struct LinkageActivityRow {
  LinkageRow row;
  int64_t visits = 0;                    // In [from_ms, to_ms) of the query.
  std::optional<int64_t> last_visit_ms;  // The latest visit day before `as_of_ms`.
};

struct CommunityRegistrationRow {
  domain::CommunityRegistration registration;
  std::string county_code;
  std::string member_name_sealed;  // FieldCipher; the clear name is never stored.
  std::optional<int64_t> created_by;
  int64_t created_at_ms = 0;
};

// Registrations at communities in `range`, optionally of one work unit.
struct RegistrationFilter {
  domain::CodeRange range;
  std::optional<int64_t> unit_id;
  int limit = 50;
  int64_t before_id = 0;  // Keyset pagination, newest first.
};

struct CommunityServiceRow {
  domain::CommunityService service;
  std::optional<int64_t> recorded_by;
  int64_t recorded_at_ms = 0;
};

class LinkageRepo {
 public:
  virtual ~LinkageRepo() = default;
  // kConflict when the leader, unit, village or place does not exist (foreign keys).
  virtual Result<int64_t> AddLinkage(const LinkageRow& row) = 0;
  virtual Result<std::optional<LinkageRow>> GetLinkage(int64_t id) = 0;
  // Newest first (by id).
  virtual Result<std::vector<LinkageRow>> ListLinkages(const LinkageFilter& filter) = 0;
  virtual Result<int64_t> AddVisit(const LinkageVisitRow& row) = 0;
  // The visits of a link, by day then id.
  virtual Result<std::vector<LinkageVisitRow>> VisitsOf(int64_t linkage_id) = 0;
  // Every link of `range` whose period overlaps [from_ms, to_ms), by id, with its visits in
  // that period and its latest visit day before `as_of_ms`.
  virtual Result<std::vector<LinkageActivityRow>> Activity(const domain::CodeRange& range,
                                                           int64_t from_ms, int64_t to_ms,
                                                           int64_t as_of_ms) = 0;

  virtual Result<int64_t> AddRegistration(const CommunityRegistrationRow& row) = 0;
  virtual Result<std::optional<CommunityRegistrationRow>> GetRegistration(int64_t id) = 0;
  // Newest first (by id).
  virtual Result<std::vector<CommunityRegistrationRow>> ListRegistrations(
      const RegistrationFilter& filter) = 0;
  virtual Result<int64_t> AddService(const CommunityServiceRow& row) = 0;
  // The services of a registration, by day then id.
  virtual Result<std::vector<CommunityServiceRow>> ServicesOf(int64_t registration_id) = 0;
  // Every registration at a community in `range` made before `registered_before_ms`, by id,
  // with the number of its services in [from_ms, to_ms).
  virtual Result<std::vector<std::pair<CommunityRegistrationRow, int64_t>>> ServiceCounts(
      const domain::CodeRange& range, int64_t registered_before_ms, int64_t from_ms,
      int64_t to_ms) = 0;
};

}  // namespace sixia::store

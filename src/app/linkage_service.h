#pragma once
// Use cases of leaders' linkage (挂钩联系) and Party members' community registration (双报到):
// linking a leader to a unit or a village for a period, recording visits and their results
// under the link, the coverage report of a place (villages no active link reaches, links
// without a visit in the last N months), registering members at their residential
// community (the name is personal data: sealed, shown masked), their services, and the
// yearly compliance with the service rule. Every figure is counted from recorded rows.
//
// Writes need linkage.manage; reads activity.read or linkage.manage; reports also
// statistics.read. Everything is scoped by division: a link or registration outside the
// caller's scope is 404; a leader, unit, village or place outside it is 422 naming the field.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/audit_log.h"
#include "common/clock.h"
#include "domain/division.h"
#include "domain/linkage.h"
#include "security/field_crypto.h"
#include "security/policy.h"
#include "store/store.h"

namespace sixia::app {

struct LinkageInput {
  int64_t leader_user_id = 0;
  std::optional<int64_t> unit_id;  // Exactly one of unit_id and village_code.
  std::string village_code;
  int64_t from_ms = 0;           // Start of the first day.
  std::optional<int64_t> to_ms;  // Start of the last day (counted); nullopt: open.
  std::string notes;
};

struct LinkageVisitInput {
  int64_t visited_on_ms = 0;  // Start of the day.
  std::string division_code;  // Where; "" for the link's own place.
  std::string notes;          // What was done.
  std::string results;
};

struct LinkageView {
  store::LinkageRow link;
  std::vector<store::LinkageVisitRow> visits;  // By day.
};

struct LinkageQuery {
  std::string division_code;  // Required: links whose target lies in this subtree.
  int64_t from_ms = 0;        // Links whose period overlaps [from_ms, to_ms).
  int64_t to_ms = INT64_MAX;
  std::optional<int64_t> leader_user_id;
  int limit = 50;  // 1..200.
  int64_t before_id = 0;
};

struct UnvisitedLink {
  store::LinkageRow link;
  std::optional<int64_t> last_visit_ms;  // Before the as-of day; nullopt: never visited.
};

struct LinkageReport {
  domain::Division division;
  int months = 3;
  int64_t as_of_ms = 0;        // Start of the day after the last day looked at.
  int64_t window_from_ms = 0;  // Start of "the last N months".
  int64_t links_active = 0;
  int64_t visits = 0;
  bool coverage_counted = false;  // Villages counted (county level and below).
  int64_t villages = 0;
  std::vector<domain::Division> unlinked;  // Villages no link active in the period reaches.
  std::vector<UnvisitedLink> unvisited;    // Running links without a visit in the window.
};

struct RegistrationInput {
  std::string member_name;       // Personal data: sealed at rest, shown masked.
  int64_t unit_id = 0;           // Work unit.
  std::string community_code;    // A village-level division in the caller's scope.
  int64_t registered_on_ms = 0;  // Start of the day.
};

struct RegistrationView {
  store::CommunityRegistrationRow row;
  std::string member_name_masked;  // e.g. "欧***".
};

struct RegistrationDetail {
  RegistrationView registration;
  std::vector<store::CommunityServiceRow> services;  // By day.
};

struct CommunityServiceInput {
  int64_t served_on_ms = 0;  // Start of the day.
  std::string content;
  std::optional<double> hours;  // 0..24; whole minutes are kept.
};

struct ServiceComplianceReport {
  domain::Division division;
  int64_t year = 0;
  int min_services_per_year = 1;  // The rule in force (community_service_rule.txt).
  domain::ServiceCompliance compliance;
  int64_t services = 0;  // Services in the year by the members counted.
  std::vector<std::pair<RegistrationView, int64_t>> below;  // With their services, by id.
};

class LinkageService {
 public:
  // `rule` must outlive the service.
  LinkageService(store::Store& store, const Clock& clock, const AuditLog& audit,
                 const security::FieldCipher& cipher, const domain::CommunityServiceRule& rule);

  // Links a leader (an existing user in scope) to a unit or a village (level 5) in scope.
  // kInvalidArgument (domain::CheckLinkage) / kUnprocessable naming the field; kConflict
  // "from" when the same leader is already linked to the same target for an overlapping
  // period. Nothing is written on error. Audited.
  Result<store::LinkageRow> Create(const security::Principal& p, const Actor& a, LinkageInput in);
  // Records a visit under a link (kNotFound outside scope); the day inside the link's period
  // and not after today; the place in scope. Audited.
  Result<store::LinkageVisitRow> AddVisit(const security::Principal& p, const Actor& a,
                                          int64_t linkage_id, LinkageVisitInput in);
  Result<LinkageView> Get(const security::Principal& p, int64_t id);
  Result<std::vector<store::LinkageRow>> List(const security::Principal& p, const LinkageQuery& q);
  // Coverage of [from_ms, to_ms) in `division_code` with "the last `months` months" (1..24).
  Result<LinkageReport> Report(const security::Principal& p, const std::string& division_code,
                               int64_t from_ms, int64_t to_ms, int months);

  // Registers a member at a community. kInvalidArgument / kUnprocessable naming the field.
  // Audited without the name.
  Result<RegistrationView> Register(const security::Principal& p, const Actor& a,
                                    RegistrationInput in);
  // Records a service (kNotFound for a registration outside scope): content required, hours
  // 0..24, a day from the registration to today. Audited.
  Result<store::CommunityServiceRow> AddService(const security::Principal& p, const Actor& a,
                                                int64_t registration_id, CommunityServiceInput in);
  Result<RegistrationDetail> GetRegistration(const security::Principal& p, int64_t id);
  // Registrations at communities in `division_code`, newest first; optionally of one unit.
  Result<std::vector<RegistrationView>> ListRegistrations(const security::Principal& p,
                                                          const std::string& division_code,
                                                          std::optional<int64_t> unit_id, int limit,
                                                          int64_t before_id);
  // Members registered in `division_code` by the end of `year`, with their services that year
  // against the rule.
  Result<ServiceComplianceReport> Compliance(const security::Principal& p,
                                             const std::string& division_code, int64_t year);

  const domain::CommunityServiceRule& rule() const { return rule_; }

 private:
  // The division if valid, existing and in scope; kInvalidArgument / kNotFound on "division".
  Result<domain::Division> ScopedDivision(store::Tx& tx, const security::Principal& p,
                                          const std::string& code) const;
  Result<store::LinkageRow> VisibleLink(store::Tx& tx, const security::Principal& p,
                                        int64_t id) const;
  Result<store::CommunityRegistrationRow> VisibleRegistration(store::Tx& tx,
                                                              const security::Principal& p,
                                                              int64_t id) const;
  RegistrationView View(const store::CommunityRegistrationRow& row) const;

  store::Store& store_;
  const Clock& clock_;
  const AuditLog& audit_;
  const security::FieldCipher& cipher_;
  const domain::CommunityServiceRule& rule_;
};

}  // namespace sixia::app

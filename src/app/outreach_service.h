#pragma once
// Use cases of policy outreach (宣传下基层): recording events, reading them, and the counted
// totals and village coverage of a place and period (nothing here can be typed in).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "app/audit_log.h"
#include "common/clock.h"
#include "domain/division.h"
#include "domain/outreach.h"
#include "security/policy.h"
#include "store/store.h"

namespace sixia::app {

struct OutreachQuery {
  std::string division_code;  // Required: the subtree listed.
  int64_t from_ms = 0;        // Held on or after (start of a day).
  int64_t to_ms = 0;          // Held before.
  std::string form;           // domain::OutreachFormName or empty.
  std::string topic;          // Exact or empty.
  int limit = 50;             // 1..200.
  int64_t before_id = 0;
};

struct OutreachReport {
  domain::Division division;
  domain::OutreachTotals total;
  std::map<domain::OutreachForm, domain::OutreachTotals> by_form;
  std::map<std::string, domain::OutreachTotals> by_topic;
  std::string sentence;                       // "累计开展宣传活动 N 次，惠及 N 人"
  bool coverage_counted = false;              // Villages counted (county level and below).
  int64_t villages = 0;                       // Villages in the division.
  std::vector<domain::Division> uncovered;    // Villages with no event in the period.
};

class OutreachService {
 public:
  OutreachService(store::Store& store, const Clock& clock, const AuditLog& audit);

  // Records an event (needs outreach.record; the place in the caller's scope and existing;
  // the organiser is the caller). kInvalidArgument naming the field for bad input, nothing
  // written then. Returns the stored event.
  Result<store::OutreachRow> Record(const security::Principal& p, const Actor& a,
                                    domain::OutreachEvent event);
  // One event; kNotFound when absent or outside the caller's scope (activity.read or
  // outreach.record).
  Result<store::OutreachRow> Get(const security::Principal& p, int64_t id);
  Result<std::vector<store::OutreachRow>> List(const security::Principal& p, const OutreachQuery& q);
  // Totals by form and topic and, for a county, township or village, the villages without
  // any event (activity.read or statistics.read; the division in scope).
  Result<OutreachReport> Report(const security::Principal& p, const std::string& division_code,
                                int64_t from_ms, int64_t to_ms);

 private:
  // The division `code` if valid, existing and in the caller's scope.
  Result<domain::Division> ScopedDivision(store::Tx& tx, const security::Principal& p,
                                          const std::string& code) const;

  store::Store& store_;
  const Clock& clock_;
  const AuditLog& audit_;
};

}  // namespace sixia::app

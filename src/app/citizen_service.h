#pragma once
// The citizens' side of sixia (网上信访, Art. 21): submit a petition online, follow it by
// receipt number and query code, rate the result, ask for a 复查 or 复核 — without an
// account. The petition rules are PetitionService's; this adds the throttling that keeps
// the public endpoints from being used in bulk:
//   * every public request of a source address takes a token of its public bucket (Admit;
//     options http.public_burst at once, refilled at http.public_per_minute);
//   * a lookup whose receipt number or query code is wrong also takes a token of the
//     stricter bucket of failures (http.public_failure_burst, public_failure_per_minute),
//     and while that bucket is empty no receipt number or code of that address is checked
//     at all, so that neither can be tried in bulk.
// Thread-safe.

#include <string>

#include "app/audit_log.h"
#include "app/options.h"
#include "app/petition_service.h"
#include "common/clock.h"
#include "security/rate_limiter.h"

namespace sixia::app {

class CitizenService {
 public:
  // `petitions` and `clock` must outlive the service.
  CitizenService(PetitionService& petitions, const Clock& clock, const HttpOptions& options);

  // OK when `source` (the client address) may make one more public request now, and takes
  // its token; kTooManyRequests otherwise, with `retry_after_s` set to the seconds after
  // which it may.
  Status Admit(const std::string& source, int& retry_after_s);

  // PetitionService::SubmitOnline, audited as "citizen" from `source`.
  Result<RegisterResult> Submit(const std::string& source, PetitionInput in);

  // PetitionService::CitizenLookup, behind the bucket of failures: kTooManyRequests (and
  // `retry_after_s`) while it is empty; a kNotFound answer takes one of its tokens.
  Result<CitizenView> Lookup(const std::string& source, const std::string& receipt_no,
                             const std::string& query_code, int& retry_after_s);

  // PetitionService::CitizenAct, behind the bucket of failures like Lookup.
  Result<CitizenView> Act(const std::string& source, const std::string& receipt_no,
                          const std::string& query_code, domain::Action action,
                          const ActionInput& input, int& retry_after_s);

 private:
  static Actor CitizenActor(const std::string& source) { return {0, "citizen", source}; }
  // kTooManyRequests while `source` has no failure left.
  Status CheckFailures(const std::string& source, int& retry_after_s);
  // Charges a kNotFound answer to the failures of `source`.
  void CountFailure(const std::string& source, const Status& answer);

  PetitionService& petitions_;
  const Clock& clock_;
  const int public_retry_s_;  // Constant after construction: one token's refill time.
  const int failure_retry_s_;
  security::RateLimiter public_;    // Thread-safe.
  security::RateLimiter failures_;  // Thread-safe.
};

}  // namespace sixia::app

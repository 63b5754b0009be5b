#pragma once
// 系统管理 of the statutory rules: the data folder's own time-limit rules (time_limits.txt)
// and holiday lines (holidays.txt) over the shipped defaults, read and replaced while
// serving (config.manage).
//
// A replacement is checked whole first (a bad line changes nothing: not the file, not the
// rules in force, not the audit log); then the file is replaced durably, the change is
// audited (with the text's SM3 digest), the new rules take effect for every clock computed
// afterwards, and every petition's stored due dates and counted facts are derived again
// (PetitionService::Recount), so lists, bands and the overdue sweep agree with the clocks.
// One replacement at a time.

#include <cstdint>
#include <mutex>
#include <string>

#include "app/audit_log.h"
#include "app/petition_service.h"
#include "app/rules.h"
#include "security/policy.h"
#include "store/store.h"

namespace sixia::app {

enum class RuleFile { kTimeLimits, kHolidays };

struct RulesReplaced {
  int rules = 0;            // Non-comment lines of the new text.
  int64_t recounted = 0;    // Petitions whose due dates and counted facts were derived again.
};

class ConfigService {
 public:
  static constexpr size_t kMaxTextBytes = 256 * 1024;

  // Every reference must outlive the service. `data_dir` holds the rule files.
  ConfigService(store::Store& store, const AuditLog& audit, RulesInForce& rules,
                PetitionService& petitions, std::string data_dir);

  // The data folder's lines of `which` ("" when it has none).
  Result<std::string> DataText(const security::Principal& p, RuleFile which) const;

  // Replaces them with `text` ("" = the shipped defaults only). kInvalidArgument with field
  // "text" naming the first bad line, or when longer than kMaxTextBytes; nothing changes then.
  Result<RulesReplaced> Replace(const security::Principal& p, const Actor& a, RuleFile which,
                                const std::string& text);

 private:
  store::Store& store_;
  const AuditLog& audit_;
  RulesInForce& rules_;
  PetitionService& petitions_;
  const std::string data_dir_;
  std::mutex replace_mu_;  // One replacement at a time (file, rules, recount).
};

}  // namespace sixia::app

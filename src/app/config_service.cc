#include "app/config_service.h"

#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "security/crypto.h"
#include "store/blob_store.h"

namespace sixia::app {
namespace {

using security::AccessPolicy;
using security::Permission;

const char* FileName(RuleFile which) {
  return which == RuleFile::kTimeLimits ? "time_limits.txt" : "holidays.txt";
}

// Lines that say something (not blank, not only a comment).
int RuleLines(const std::string& text) {
  int n = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::string_view line(text.data() + pos, end - pos);
    const size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string_view::npos && line[first] != '#') ++n;
    pos = end + 1;
  }
  return n;
}

}  // namespace

ConfigService::ConfigService(store::Store& store, const AuditLog& audit, RulesInForce& rules,
                             PetitionService& petitions, std::string data_dir)
    : store_(store), audit_(audit), rules_(rules), petitions_(petitions),
      data_dir_(std::move(data_dir)) {}

Result<std::string> ConfigService::DataText(const security::Principal& p, RuleFile which) const {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kConfigManage));
  auto texts = rules_.DataTexts();
  return which == RuleFile::kTimeLimits ? std::move(texts.limits) : std::move(texts.holidays);
}

Result<RulesReplaced> ConfigService::Replace(const security::Principal& p, const Actor& a,
                                             RuleFile which, const std::string& text) {
  SIXIA_RETURN_IF_ERROR(AccessPolicy::Require(p, Permission::kConfigManage));
  if (text.size() > kMaxTextBytes)
    return InvalidArgument("the rules are longer than 256 KiB", "规则文本超过256 KiB", "text");
  // The whole text is checked before anything changes.
  const bool limits = which == RuleFile::kTimeLimits;
  auto bad = [limits](const Status& st) {
    return Status(ErrorCode::kInvalidArgument,
                  std::string(limits ? "time limits: " : "holidays: ") + st.message(),
                  std::string(limits ? "办理时限规则：" : "节假日：") + st.message_zh(), "text");
  };
  std::optional<domain::TimeLimitTable> new_limits;
  std::optional<domain::HolidayCalendar> new_calendar;
  if (limits) {
    auto parsed = TimeLimitsWith(text);
    if (!parsed.ok()) return bad(parsed.status());
    new_limits = std::move(*parsed);
  } else {
    auto parsed = CalendarWith(text);
    if (!parsed.ok()) return bad(parsed.status());
    new_calendar = std::move(*parsed);
  }

  std::lock_guard lock(replace_mu_);
  const auto before = rules_.DataTexts();
  const std::string& old_text = limits ? before.limits : before.holidays;
  const std::string path = DataFile(data_dir_, FileName(which));
  SIXIA_RETURN_IF_ERROR(store::ReplaceFileDurably(path, text));
  RulesReplaced out;
  out.rules = RuleLines(text);
  Status audited = audit_.AppendAlone(
      store_, a,
      {limits ? "config.time_limits.replace" : "config.holidays.replace",
       std::string("file:") + FileName(which), domain::AuditOutcome::kOk,
       nlohmann::json{{"rules", out.rules}, {"bytes", text.size()}, {"sm3", security::Sm3Hex(text)}}
           .dump()});
  if (!audited.ok()) {
    // Unaudited changes do not stay: the file goes back to what the rules in force say.
    (void)store::ReplaceFileDurably(path, old_text);
    return audited;
  }
  if (limits) rules_.ReplaceLimits(std::move(*new_limits), text);
  else rules_.ReplaceCalendar(std::move(*new_calendar), text);
  SIXIA_ASSIGN_OR_RETURN(out.recounted, petitions_.Recount(a, true));
  return out;
}

}  // namespace sixia::app

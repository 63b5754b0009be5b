#pragma once
// The composition root: the one place that builds and wires every service of sixia.
// Adapters (HTTP server, CLI) receive an App and call its services; nothing else
// constructs services or holds globals.

#include <memory>
#include <string>

#include "app/audit_log.h"
#include "app/auth_service.h"
#include "app/citizen_service.h"
#include "app/config_service.h"
#include "app/directory_service.h"
#include "app/division_service.h"
#include "app/field_session_service.h"
#include "app/leader_page.h"
#include "app/linkage_service.h"
#include "app/options.h"
#include "app/outreach_service.h"
#include "app/petition_service.h"
#include "app/reception_service.h"
#include "app/research_service.h"
#include "app/rules.h"
#include "app/supervision_service.h"
#include "common/clock.h"
#include "security/password_hasher.h"
#include "security/policy.h"
#include "store/store.h"

namespace sixia::app {

class App {
 public:
  // Opens the store named by options (SQLite in data_dir, or options.db_url), applies
  // migrations and installs the built-in roles. `clock` defaults to the system clock.
  static Result<std::unique_ptr<App>> Open(Options options,
                                           std::unique_ptr<Clock> clock = nullptr);

  const Options& options() const { return options_; }
  const Clock& clock() const { return *clock_; }
  store::Store& store() { return *store_; }
  const AuditLog& audit() const { return audit_; }
  const security::AccessPolicy& policy() const { return policy_; }
  // The rules in force: shipped defaults plus the data folder's time_limits.txt / holidays.txt
  // (replaced while serving through config()).
  const RulesInForce& rules() const { return rules_; }
  AuthService& auth() { return auth_; }
  DirectoryService& directory() { return directory_; }
  DivisionService& divisions() { return divisions_; }
  PetitionService& petitions() { return petitions_; }
  OutreachService& outreach() { return outreach_; }
  ReceptionService& reception() { return reception_; }
  FieldSessionService& field_sessions() { return field_sessions_; }
  LinkageService& linkage() { return linkage_; }
  ResearchService& research() { return research_; }
  SupervisionService& supervision() { return supervision_; }
  LeaderPageService& leader_pages() { return leader_pages_; }
  CitizenService& citizens() { return citizens_; }
  ConfigService& config() { return config_; }

 private:
  App(Options options, std::unique_ptr<Clock> clock, std::unique_ptr<store::Store> store,
      security::FieldCipher cipher, RulesInForce::Texts rule_texts, domain::TimeLimitTable limits,
      domain::HolidayCalendar calendar, domain::QuotaTable quotas,
      domain::CommunityServiceRule service_rule);

  const Options options_;
  const std::unique_ptr<Clock> clock_;
  const std::unique_ptr<store::Store> store_;
  const security::PasswordHasher hasher_;
  const security::FieldCipher cipher_;
  RulesInForce rules_;
  const domain::QuotaTable quotas_;  // Reception-day quotas (defaults + reception_quotas.txt).
  const domain::CommunityServiceRule service_rule_;  // 双报到 (default + community_service_rule.txt).
  const store::BlobStore blobs_;  // <data>/attachments
  const security::AccessPolicy policy_;
  const AuditLog audit_;
  AuthService auth_;
  DirectoryService directory_;
  DivisionService divisions_;
  PetitionService petitions_;
  OutreachService outreach_;
  ReceptionService reception_;
  FieldSessionService field_sessions_;
  LinkageService linkage_;
  ResearchService research_;
  SupervisionService supervision_;
  LeaderPageService leader_pages_;
  CitizenService citizens_;  // 网上信访: the public endpoints, throttled per address.
  ConfigService config_;
};

// Files of a data folder that extend the shipped rules (absent: defaults only):
//   holidays.txt     extra holiday / 调休 workday lines (domain/calendar.h format)
//   time_limits.txt  extra time-limit rules (domain/time_limits.h format)
//   community_service_rule.txt  services a year per registered Party member (domain/linkage.h)
//   field.key        the master key of personal-data encryption (created on first open)
//   attachments/     attachment files by content hash (store/blob_store.h)
std::string DataFile(const std::string& data_dir, const char* name);

// Path of the SQLite database inside a data folder.
std::string DatabasePath(const std::string& data_dir);

// Creates a new data folder with its database (SQLite in the folder, or the PostgreSQL
// database at `db_url` when not empty) and the first administrator (system_admin,
// nation-wide). kConflict when `data_dir` already holds data.
Status InitDataDir(const std::string& data_dir, const std::string& db_url,
                   const std::string& admin_user, const std::string& admin_password,
                   const Actor& actor);

}  // namespace sixia::app

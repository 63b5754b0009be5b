#include "app/app.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace sixia::app {

std::string DatabasePath(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / "sixia.db").string();
}

std::string DataFile(const std::string& data_dir, const char* name) {
  return (std::filesystem::path(data_dir) / name).string();
}

namespace {

security::AccessPolicy MakePolicy() {
  security::AccessPolicy policy;
  policy.AddRelationRule("accused_and_recused", [](const security::Principal& p,
                                                   const security::ObjectRef& obj) {
    return obj.kind != "petition" || !security::HiddenByRelation(p, obj);
  });
  return policy;
}

// The text of an optional data-folder file; "" when absent.
Result<std::string> ReadOptional(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::string();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Unavailable("cannot read " + path, "无法读取文件 " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

App::App(Options options, std::unique_ptr<Clock> clock, std::unique_ptr<store::Store> store,
         security::FieldCipher cipher, RulesInForce::Texts rule_texts,
         domain::TimeLimitTable limits, domain::HolidayCalendar calendar,
         domain::QuotaTable quotas, domain::CommunityServiceRule service_rule)
    : options_(std::move(options)),
      clock_(std::move(clock)),
      store_(std::move(store)),
      hasher_(options_.argon2),
      cipher_(std::move(cipher)),
      rules_(std::move(limits), std::move(rule_texts.limits), std::move(calendar),
             std::move(rule_texts.holidays)),
      quotas_(std::move(quotas)),
      service_rule_(service_rule),
      blobs_(DataFile(options_.data_dir, "attachments")),
      policy_(MakePolicy()),
      audit_(*clock_),
      auth_(*store_, *clock_, hasher_, audit_, options_),
      directory_(*store_, *clock_, hasher_, policy_, audit_, options_),
      divisions_(*store_),
      petitions_(*store_, *clock_, policy_, audit_, cipher_, rules_, blobs_,
                 options_.http.upload_limit),
      outreach_(*store_, *clock_, audit_),
      reception_(*store_, *clock_, audit_, quotas_),
      field_sessions_(*store_, *clock_, audit_, cipher_, blobs_, options_.http.upload_limit),
      linkage_(*store_, *clock_, audit_, cipher_, service_rule_),
      research_(*store_, *clock_, audit_, petitions_),
      supervision_(*store_, research_, reception_, outreach_),
      leader_pages_(*store_, quotas_, petitions_),
      citizens_(petitions_, *clock_, options_.http),
      config_(*store_, audit_, rules_, petitions_, options_.data_dir) {}

Result<std::unique_ptr<App>> App::Open(Options options, std::unique_ptr<Clock> clock) {
  SIXIA_RETURN_IF_ERROR(ValidateOptions(options));
  if (!clock) clock = std::make_unique<SystemClock>();
  std::unique_ptr<store::Store> store;
  if (options.db_url.empty()) {
    if (!std::filesystem::exists(DatabasePath(options.data_dir)))
      return NotFound("no sixia database in " + options.data_dir + " (run `sixia init` first)",
                      "数据目录中没有数据库（请先运行 sixia init）", "data");
    store::SqliteOptions so;
    so.path = DatabasePath(options.data_dir);
    so.read_connections = options.http.worker_threads + 2;
    so.checkpoint_frames = options.sqlite.checkpoint_pages;
    so.wal_restart_frames = options.sqlite.wal_restart_pages;
    SIXIA_ASSIGN_OR_RETURN(store, store::OpenSqliteStore(so));
  } else {
    store::PostgresOptions po;
    po.url = options.db_url;
    po.connections = options.http.worker_threads + 1;
    SIXIA_ASSIGN_OR_RETURN(store, store::OpenPostgresStore(po));
  }
  // Rules shipped as data, extended by the data folder's own files.
  RulesInForce::Texts rule_texts;
  SIXIA_ASSIGN_OR_RETURN(rule_texts.holidays, ReadOptional(DataFile(options.data_dir, "holidays.txt")));
  auto calendar = CalendarWith(rule_texts.holidays);
  if (!calendar.ok())
    return InvalidArgument("holidays.txt: " + calendar.status().message(),
                           "holidays.txt：" + calendar.status().message_zh(), "holidays.txt");
  SIXIA_ASSIGN_OR_RETURN(rule_texts.limits, ReadOptional(DataFile(options.data_dir, "time_limits.txt")));
  auto limits = TimeLimitsWith(rule_texts.limits);
  if (!limits.ok())
    return InvalidArgument("time_limits.txt: " + limits.status().message(),
                           "time_limits.txt：" + limits.status().message_zh(), "time_limits.txt");
  domain::QuotaTable quotas = domain::DefaultQuotas();
  SIXIA_ASSIGN_OR_RETURN(std::string quota_rules, ReadOptional(DataFile(options.data_dir, "reception_quotas.txt")));
  if (!quota_rules.empty()) {
    Status st = quotas.AddText(quota_rules);
    if (!st.ok()) return InvalidArgument("reception_quotas.txt: " + st.message(), "reception_quotas.txt：" + st.message_zh(), "reception_quotas.txt");
  }
  domain::CommunityServiceRule service_rule;
  SIXIA_ASSIGN_OR_RETURN(std::string service_text, ReadOptional(DataFile(options.data_dir, "community_service_rule.txt")));
  if (!service_text.empty()) {
    Status st = service_rule.AddText(service_text);
    if (!st.ok())
      return InvalidArgument("community_service_rule.txt: " + st.message(), "community_service_rule.txt：" + st.message_zh(),
                             "community_service_rule.txt");
  }
  auto key = security::LoadOrCreateKeyFile(DataFile(options.data_dir, "field.key"));
  if (!key.ok())
    return Status(key.status().code(), "field.key: " + key.status().message(),
                  "field.key：" + key.status().message_zh(), "field.key");
  SIXIA_ASSIGN_OR_RETURN(security::FieldCipher cipher, security::FieldCipher::Create(*key));
  std::unique_ptr<App> app(new App(std::move(options), std::move(clock), std::move(store),
                                   std::move(cipher), std::move(rule_texts), std::move(*limits),
                                   std::move(*calendar),
                                   std::move(quotas), service_rule));
  SIXIA_RETURN_IF_ERROR(app->directory_.EnsureBuiltinRoles());
  // Petitions stored before their counted facts existed (migration V007) get them now.
  SIXIA_RETURN_IF_ERROR(app->petitions_.Recount({0, "system:recount", "startup"}, false).status());
  return app;
}

Status InitDataDir(const std::string& data_dir, const std::string& db_url,
                   const std::string& admin_user, const std::string& admin_password,
                   const Actor& actor) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(data_dir, ec) && !fs::is_empty(data_dir, ec))
    return Conflict("the data folder " + data_dir + " already exists and is not empty; refusing to overwrite",
                    "数据目录 " + data_dir + " 已存在且非空，拒绝覆盖", "data");
  SIXIA_RETURN_IF_ERROR(domain::ValidateUsername(admin_user, "admin-user"));
  Options defaults;
  SIXIA_RETURN_IF_ERROR(domain::CheckPassword(defaults.password_policy, admin_password));
  fs::create_directories(data_dir, ec);
  if (ec) return Unavailable("cannot create the data folder", "无法创建数据目录");
  fs::permissions(data_dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (db_url.empty()) {
    // Creates the database file; App::Open requires it to exist.
    store::SqliteOptions so;
    so.path = DatabasePath(data_dir);
    SIXIA_ASSIGN_OR_RETURN(auto created, store::OpenSqliteStore(so));
  }
  Options options;
  options.data_dir = data_dir;
  options.db_url = db_url;
  SIXIA_ASSIGN_OR_RETURN(auto app, App::Open(options));
  if (app->directory().GetUserByName(DirectoryService::CliPrincipal(), admin_user).ok())
    return Conflict("the database already has user " + admin_user + "; refusing to initialise it again",
                    "数据库中已存在用户 " + admin_user + "，拒绝重复初始化", "admin-user");
  UserInput in;
  in.username = admin_user;
  in.display_name = "系统管理员";
  in.password = admin_password;
  in.roles = {"system_admin"};
  SIXIA_RETURN_IF_ERROR(app->directory().CreateUser(DirectoryService::CliPrincipal(), actor, in).status());
  return app->audit().AppendAlone(app->store(), actor,
                                  {"system.init", "", domain::AuditOutcome::kOk, "{}"});
}

}  // namespace sixia::app

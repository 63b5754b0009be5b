// Use-case tests of src/app on a real SQLite store with a manual clock.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "app/app.h"
#include "app/division_import.h"

namespace sixia::app {
namespace {

namespace fs = std::filesystem;
constexpr char kPassword[] = "Test#Pass2026";
constexpr int64_t kMinute = 60'000;

domain::Division Div(const char* code, const char* name, domain::DivisionLevel level, const char* parent) {
  return {code, name, level, parent};
}

class AppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sixia-app-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    ASSERT_TRUE(InitDataDir(dir_.string(), "", "root", kPassword, cli_).ok());
    Options options;
    options.data_dir = dir_.string();
    options.argon2 = {1, 1024, 1};  // Fast hashing for tests.
    auto clock = std::make_unique<ManualClock>();
    clock_ = clock.get();
    auto app = App::Open(options, std::move(clock));
    ASSERT_TRUE(app.ok()) << app.status().ToString();
    app_ = std::move(app).value();
    using L = domain::DivisionLevel;
    DivisionSource src;
    src.divisions = {Div("350000000000", "福建省", L::kProvince, domain::kNationCode),
                     Div("350900000000", "宁德市", L::kCity, "350000000000"),
                     Div("350921000000", "霞浦县", L::kCounty, "350900000000"),
                     Div("350921101000", "长春镇", L::kTownship, "350921000000"),
                     Div("350921102000", "牙城镇", L::kTownship, "350921000000"),
                     Div("350921101201", "洪江村委会", L::kVillage, "350921101000")};
    src.rows = 6;
    ASSERT_TRUE(ImportDivisions(app_->store(), app_->audit(), cli_, src).ok());
    county_unit_ = MakeUnit("霞浦县人民政府", "350921000000");
    t1_unit_ = MakeUnit("长春镇人民政府", "350921101000");
    t2_unit_ = MakeUnit("牙城镇人民政府", "350921102000");
  }
  void TearDown() override {
    app_.reset();
    fs::remove_all(dir_);
  }

  int64_t MakeUnit(const char* name, const char* division) {
    auto u = app_->directory().CreateUnit(DirectoryService::CliPrincipal(), cli_,
                                          {name, domain::UnitKind::kGovernment, division, {}});
    EXPECT_TRUE(u.ok()) << u.status().ToString();
    return u.ok() ? u->id : 0;
  }

  security::Principal MakeUser(const std::string& name, int64_t unit, const std::string& role) {
    UserInput in{name, name, unit, kPassword, {role}, {}};
    auto u = app_->directory().CreateUser(DirectoryService::CliPrincipal(), cli_, in);
    EXPECT_TRUE(u.ok()) << u.status().ToString();
    security::Principal p;
    EXPECT_TRUE(app_->store().Read([&](store::Tx& tx) -> Status {
      SIXIA_ASSIGN_OR_RETURN(p, app_->auth().LoadPrincipal(tx, u->id));
      return Status::Ok();
    }).ok());
    return p;
  }

  Actor As(const security::Principal& p) { return {p.user_id, p.username, "127.0.0.1"}; }

  int64_t AuditCount() {
    auto r = AuditLog::Verify(app_->store());
    EXPECT_TRUE(r.ok());
    EXPECT_FALSE(r->broken.has_value());
    return r->records;
  }

  fs::path dir_;
  Actor cli_{0, "cli:test", "cli"};
  ManualClock* clock_ = nullptr;
  std::unique_ptr<App> app_;
  int64_t county_unit_ = 0, t1_unit_ = 0, t2_unit_ = 0;
};

TEST_F(AppTest, LoginGivesASessionThatNeedsCsrfForWrites) {
  MakeUser("officer", t1_unit_, "petition_officer");
  auto login = app_->auth().Login("officer", kPassword, "10.0.0.1");
  ASSERT_TRUE(login.ok()) << login.status().ToString();
  EXPECT_EQ(login->principal.scopes.at(0).code, "350921101000");

  Credentials read{login->session_token, "", "", false};
  EXPECT_TRUE(app_->auth().Authenticate(read).ok());
  Credentials write_without{login->session_token, "", "", true};
  EXPECT_EQ(app_->auth().Authenticate(write_without).status().code(), ErrorCode::kPermissionDenied);
  Credentials write_with{login->session_token, "", login->csrf_token, true};
  EXPECT_TRUE(app_->auth().Authenticate(write_with).ok());
}

TEST_F(AppTest, WrongPasswordAndUnknownUserLookTheSame) {
  MakeUser("officer", t1_unit_, "petition_officer");
  auto wrong = app_->auth().Login("officer", "Wrong#Pass2026", "10.0.0.1");
  auto unknown = app_->auth().Login("nobody", kPassword, "10.0.0.1");
  EXPECT_EQ(wrong.status().code(), ErrorCode::kUnauthenticated);
  EXPECT_EQ(wrong.status().message(), unknown.status().message());
}

TEST_F(AppTest, FiveFailuresLockTheAccountForFifteenMinutes) {
  MakeUser("officer", t1_unit_, "petition_officer");
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(app_->auth().Login("officer", "Wrong#Pass2026", "10.0.0.1").status().code(),
              ErrorCode::kUnauthenticated);
  // Locked: even the right password is refused.
  EXPECT_EQ(app_->auth().Login("officer", kPassword, "10.0.0.1").status().code(),
            ErrorCode::kTooManyRequests);
  clock_->Advance(15 * kMinute + 1);
  EXPECT_TRUE(app_->auth().Login("officer", kPassword, "10.0.0.1").ok());
}

TEST_F(AppTest, SecurityAdminUnlocksAnAccount) {
  MakeUser("officer", t1_unit_, "petition_officer");
  auto sec = MakeUser("sec", county_unit_, "security_admin");
  for (int i = 0; i < 5; ++i) (void)app_->auth().Login("officer", "Wrong#Pass2026", "10.0.0.1");
  auto officer = app_->directory().GetUserByName(DirectoryService::CliPrincipal(), "officer");
  ASSERT_TRUE(app_->directory().Unlock(sec, As(sec), officer->id).ok());
  EXPECT_TRUE(app_->auth().Login("officer", kPassword, "10.0.0.1").ok());
}

TEST_F(AppTest, SessionEndsAfterThirtyIdleMinutes) {
  MakeUser("officer", t1_unit_, "petition_officer");
  auto login = app_->auth().Login("officer", kPassword, "10.0.0.1");
  ASSERT_TRUE(login.ok());
  Credentials c{login->session_token, "", "", false};
  clock_->Advance(29 * kMinute);
  EXPECT_TRUE(app_->auth().Authenticate(c).ok());  // Activity moves the idle clock.
  clock_->Advance(29 * kMinute);
  EXPECT_TRUE(app_->auth().Authenticate(c).ok());
  clock_->Advance(31 * kMinute);
  EXPECT_EQ(app_->auth().Authenticate(c).status().code(), ErrorCode::kUnauthenticated);
}

TEST_F(AppTest, SessionEndsAfterTwelveHoursEvenWhenActive) {
  MakeUser("officer", t1_unit_, "petition_officer");
  auto login = app_->auth().Login("officer", kPassword, "10.0.0.1");
  Credentials c{login->session_token, "", "", false};
  for (int i = 0; i < 25; ++i) {
    clock_->Advance(29 * kMinute);
    if (!app_->auth().Authenticate(c).ok()) {
      EXPECT_GT(i, 23);  // Only after 12 hours.
      return;
    }
  }
  FAIL() << "session outlived 12 hours";
}

TEST_F(AppTest, BearerTokensExpireAndCanBeRevoked) {
  MakeUser("client", county_unit_, "viewer");
  auto token = app_->auth().CreateToken(cli_, "client", "test", 60'000);
  ASSERT_TRUE(token.ok());
  EXPECT_TRUE(app_->auth().Authenticate({"", token->token, "", true}).ok());  // No CSRF for bearer.
  clock_->Advance(60'001);
  EXPECT_EQ(app_->auth().Authenticate({"", token->token, "", false}).status().code(),
            ErrorCode::kUnauthenticated);
  auto second = app_->auth().CreateToken(cli_, "client", "test", 60'000);
  ASSERT_TRUE(app_->auth().RevokeToken(cli_, second->id).ok());
  EXPECT_EQ(app_->auth().Authenticate({"", second->token, "", false}).status().message(),
            "the bearer token was revoked");
}

TEST_F(AppTest, UnitOutsideScopeIsNotFoundAndUnknownIdLooksTheSame) {
  auto leader = MakeUser("t1lead", t1_unit_, "leader");
  EXPECT_TRUE(app_->directory().GetUnit(leader, t1_unit_).ok());
  auto other = app_->directory().GetUnit(leader, t2_unit_);
  auto missing = app_->directory().GetUnit(leader, 999999);
  EXPECT_EQ(other.status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(other.status().message(), missing.status().message());
  auto listed = app_->directory().ListUnits(leader, {});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().id, t1_unit_);
}

TEST_F(AppTest, SystemAdminManagesUnitsButCannotGrantRolesOrReadAudit) {
  auto sys = MakeUser("sys", county_unit_, "system_admin");
  auto unit = app_->directory().CreateUnit(sys, As(sys), {"霞浦县民政局", domain::UnitKind::kDepartment, "350921000000", {}});
  EXPECT_TRUE(unit.ok()) << unit.status().ToString();
  // Outside the county: forbidden.
  EXPECT_EQ(app_->directory().CreateUnit(sys, As(sys), {"x", domain::UnitKind::kOther, "350900000000", {}}).status().code(),
            ErrorCode::kPermissionDenied);
  auto user = app_->directory().GetUserByName(sys, "sys");
  EXPECT_EQ(app_->directory().SetGrants(sys, As(sys), user->id, {{"leader"}, {"350921000000"}}).status().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(AuditLog::List(app_->store(), sys, {}).status().code(), ErrorCode::kPermissionDenied);
}

TEST_F(AppTest, SecurityAdminGrantsRolesWithinItsScopeAndKeepsDutiesSeparate) {
  auto sec = MakeUser("sec", county_unit_, "security_admin");
  MakeUser("worker", t1_unit_, "viewer");
  auto worker = app_->directory().GetUserByName(sec, "worker");
  ASSERT_TRUE(worker.ok());
  auto granted = app_->directory().SetGrants(sec, As(sec), worker->id, {{"leader"}, {"350921101000"}});
  ASSERT_TRUE(granted.ok()) << granted.status().ToString();
  EXPECT_EQ(granted->roles, std::vector<std::string>{"leader"});
  EXPECT_EQ(app_->directory().SetGrants(sec, As(sec), worker->id, {{"system_admin", "audit_admin"}, {"350921101000"}}).status().code(),
            ErrorCode::kUnprocessable);
  EXPECT_EQ(app_->directory().SetGrants(sec, As(sec), worker->id, {{"leader"}, {"350900000000"}}).status().code(),
            ErrorCode::kPermissionDenied);  // Wider than the granter's own scope.
  auto self = app_->directory().GetUserByName(sec, "sec");
  EXPECT_EQ(app_->directory().SetGrants(sec, As(sec), self->id, {{"leader"}, {"350921000000"}}).status().code(),
            ErrorCode::kPermissionDenied);
  // Nothing changed by the refused calls.
  EXPECT_EQ(app_->directory().GetUser(sec, worker->id)->roles, std::vector<std::string>{"leader"});
}

TEST_F(AppTest, EveryWriteIsAuditedAndOnlyTheAuditorReadsIt) {
  const int64_t before = AuditCount();
  auto sys = MakeUser("sys", county_unit_, "system_admin");
  auto auditor = MakeUser("auditor", county_unit_, "audit_admin");
  (void)app_->directory().CreateUnit(sys, As(sys), {"霞浦县医疗保障局", domain::UnitKind::kDepartment, "350921000000", {}});
  (void)app_->auth().Login("sys", "Wrong#Pass2026", "10.0.0.9");
  EXPECT_EQ(AuditCount(), before + 4);  // Two users, one unit, one failed login.
  store::AuditFilter f;
  f.action = "session.login";
  auto records = AuditLog::List(app_->store(), auditor, f);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 1u);
  EXPECT_EQ(records->front().outcome, domain::AuditOutcome::kFailed);
  EXPECT_EQ(records->front().source, "10.0.0.9");
  EXPECT_EQ(records->front().detail.find(kPassword), std::string::npos);
}

TEST_F(AppTest, RefusedWritesChangeNothing) {
  auto sys = MakeUser("sys", county_unit_, "system_admin");
  const int64_t before = AuditCount();
  EXPECT_EQ(app_->directory().CreateUnit(sys, As(sys), {"", domain::UnitKind::kOther, "350921000000", {}}).status().field(), "name");
  EXPECT_EQ(app_->directory().CreateUnit(sys, As(sys), {"x", domain::UnitKind::kOther, "350921999999", {}}).status().code(),
            ErrorCode::kUnprocessable);
  EXPECT_EQ(app_->directory().CreateUnit(sys, As(sys), {"霞浦县人民政府", domain::UnitKind::kOther, "350921000000", {}}).status().code(),
            ErrorCode::kConflict);
  UserInput weak{"weakling", "弱", county_unit_, "password", {}, {}};
  EXPECT_EQ(app_->directory().CreateUser(sys, As(sys), weak).status().code(), ErrorCode::kUnprocessable);
  EXPECT_EQ(AuditCount(), before);
  EXPECT_EQ(app_->directory().ListUnits(sys, {})->size(), 3u);
}

}  // namespace
}  // namespace sixia::app

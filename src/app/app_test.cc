// Use-case tests of src/app on a real SQLite store with a manual clock.
#include <gtest/gtest.h>

#include "app/app.h"
#include "app/testing/app_test_base.h"
#include "security/crypto.h"

namespace sixia::app {
namespace {

using testing::kPassword;
constexpr int64_t kMinute = 60'000;

class AppTest : public testing::AppTestBase {
 protected:
  void SetUp() override {
    OpenApp(1'700'000'000'000);
    if (HasFatalFailure()) return;
    county_unit_ = MakeUnit("霞浦县人民政府", testing::kCounty);
    t1_unit_ = MakeUnit("长春镇人民政府", testing::kTown1);
    t2_unit_ = MakeUnit("牙城镇人民政府", testing::kTown2);
  }

  int64_t AuditCount() {
    auto r = AuditLog::Verify(app_->store());
    EXPECT_TRUE(r.ok());
    EXPECT_FALSE(r->broken.has_value());
    return r->records;
  }

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

TEST_F(AppTest, SessionActivityAndExpiryReachTheStoreWithoutBeingWaitedFor) {
  // Authenticate may run on an I/O thread, so its session writes are queued, not awaited.
  MakeUser("officer", t1_unit_, "petition_officer");
  auto login = app_->auth().Login("officer", kPassword, "10.0.0.1");
  ASSERT_TRUE(login.ok());
  const std::string hash = security::Sm3Hex(login->session_token);
  Credentials c{login->session_token, "", "", false};
  auto stored = [&]() {
    // A write queued after the session's is answered after it (one writer, in order).
    EXPECT_TRUE(app_->store().Write([](store::Tx&) { return Status::Ok(); }).ok());
    std::optional<store::SessionRow> row;
    EXPECT_TRUE(app_->store()
                    .Read([&](store::Tx& tx) -> Status {
                      SIXIA_ASSIGN_OR_RETURN(row, tx.auth().GetSession(hash));
                      return Status::Ok();
                    })
                    .ok());
    return row;
  };
  // Given activity two minutes after login, Then the stored last-seen time follows it
  clock_->Advance(2 * kMinute);
  ASSERT_TRUE(app_->auth().Authenticate(c).ok());
  const int64_t active_at = clock_->NowMs();
  auto row = stored();
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->last_seen_ms, active_at);
  // And when the session has been idle too long, Then it is refused and its row removed
  clock_->Advance(31 * kMinute);
  EXPECT_EQ(app_->auth().Authenticate(c).status().code(), ErrorCode::kUnauthenticated);
  EXPECT_FALSE(stored().has_value());
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

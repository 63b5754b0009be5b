#pragma once
// The fixture of the use-case tests (src/app/*_test.cc): a real App on a fresh SQLite data
// folder under a manual clock, the small 霞浦县 division tree, and helpers that create units
// and users through the services (as the CLI would) and return what a request would carry.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "app/app.h"
#include "app/division_import.h"

namespace sixia::app::testing {

inline constexpr char kPassword[] = "Test#Pass2026";
inline constexpr char kCounty[] = "350921000000";   // 霞浦县
inline constexpr char kTown1[] = "350921101000";    // 长春镇
inline constexpr char kTown2[] = "350921102000";    // 牙城镇
inline constexpr char kVillage[] = "350921101201";  // 长春镇洪江村

class AppTestBase : public ::testing::Test {
 protected:
  // Creates the data folder (named after the test), opens the App with its clock at
  // `start_ms` and imports 福建省 › 宁德市 › 霞浦县 › 长春镇 (洪江村), 牙城镇. Call from SetUp,
  // followed by `if (HasFatalFailure()) return;` when more setup follows.
  void OpenApp(int64_t start_ms) {
    dir_ = std::filesystem::temp_directory_path() /
           ("sixia-app-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    ASSERT_TRUE(InitDataDir(dir_.string(), "", "root", kPassword, cli_).ok());
    options_.data_dir = dir_.string();
    options_.argon2 = {1, 1024, 1};  // Fast hashing for tests.
    auto clock = std::make_unique<ManualClock>(start_ms);
    clock_ = clock.get();
    auto app = App::Open(options_, std::move(clock));
    ASSERT_TRUE(app.ok()) << app.status().ToString();
    app_ = std::move(app).value();
    using L = domain::DivisionLevel;
    DivisionSource src;
    src.divisions = {{"350000000000", "福建省", L::kProvince, domain::kNationCode},
                     {"350900000000", "宁德市", L::kCity, "350000000000"},
                     {kCounty, "霞浦县", L::kCounty, "350900000000"},
                     {kTown1, "长春镇", L::kTownship, kCounty},
                     {kTown2, "牙城镇", L::kTownship, kCounty},
                     {kVillage, "洪江村委会", L::kVillage, kTown1}};
    src.rows = 6;
    ASSERT_TRUE(ImportDivisions(app_->store(), app_->audit(), cli_, src).ok());
  }

  void TearDown() override {
    app_.reset();
    std::filesystem::remove_all(dir_);
  }

  // A government unit (0 when refused; the failure is reported).
  int64_t MakeUnit(const char* name, const char* division, std::optional<int64_t> parent = {}) {
    auto u = app_->directory().CreateUnit(DirectoryService::CliPrincipal(), cli_,
                                          {name, domain::UnitKind::kGovernment, division, parent});
    EXPECT_TRUE(u.ok()) << u.status().ToString();
    return u.ok() ? u->id : 0;
  }

  // A user of `unit` with one role, as the server resolves them for a request.
  security::Principal MakeUser(const std::string& name, int64_t unit, const std::string& role) {
    UserInput in{name, name, unit, kPassword, {role}, {}};
    auto u = app_->directory().CreateUser(DirectoryService::CliPrincipal(), cli_, in);
    EXPECT_TRUE(u.ok()) << name << ": " << u.status().ToString();
    security::Principal p;
    if (!u.ok()) return p;
    EXPECT_TRUE(app_->store()
                    .Read([&](store::Tx& tx) -> Status {
                      SIXIA_ASSIGN_OR_RETURN(p, app_->auth().LoadPrincipal(tx, u->id));
                      return Status::Ok();
                    })
                    .ok());
    return p;
  }

  Actor As(const security::Principal& p) { return {p.user_id, p.username, "127.0.0.1"}; }

  std::filesystem::path dir_;
  Options options_;
  Actor cli_{0, "cli:test", "cli"};
  ManualClock* clock_ = nullptr;  // Owned by app_.
  std::unique_ptr<App> app_;
};

}  // namespace sixia::app::testing

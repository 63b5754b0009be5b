// config.json over the defaults: the "sqlite" section (checkpoint tuning) is read, bounded,
// and refuses keys it does not know.
#include "app/options.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace sixia::app {
namespace {

namespace fs = std::filesystem;

class ConfigFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("sixia-options-test-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  Result<Options> Load(const std::string& text) {
    std::ofstream(dir_ / "config.json") << text;
    return LoadOptions(dir_.string());
  }

  fs::path dir_;
};

TEST_F(ConfigFile, SqliteCheckpointTuningHasDefaultsAndIsRead) {
  auto defaults = Load("{}");
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->sqlite.checkpoint_pages, 1024);
  EXPECT_EQ(defaults->sqlite.wal_restart_pages, 16384);
  auto tuned = Load(R"({"sqlite": {"checkpoint_pages": 4096, "wal_restart_pages": 32768}})");
  ASSERT_TRUE(tuned.ok()) << tuned.status().ToString();
  EXPECT_EQ(tuned->sqlite.checkpoint_pages, 4096);
  EXPECT_EQ(tuned->sqlite.wal_restart_pages, 32768);
}

TEST_F(ConfigFile, SqliteCheckpointTuningOutOfRangeOrUnknownIsRefusedNamingTheKey) {
  struct Case {
    const char* text;
    const char* field;
  };
  for (const Case& c : {
           Case{R"({"sqlite": {"checkpoint_pages": 63}})", "sqlite.checkpoint_pages"},
           Case{R"({"sqlite": {"checkpoint_pages": 65537}})", "sqlite.checkpoint_pages"},
           // The restart point below one pass, or past 4 GiB of WAL.
           Case{R"({"sqlite": {"checkpoint_pages": 4096, "wal_restart_pages": 2048}})",
                "sqlite.wal_restart_pages"},
           Case{R"({"sqlite": {"wal_restart_pages": 1048577}})", "sqlite.wal_restart_pages"},
           Case{R"({"sqlite": {"checkpoint_frames": 1024}})", "sqlite.checkpoint_frames"},
           Case{R"({"sqlite": {"checkpoint_pages": "many"}})", "sqlite.checkpoint_pages"},
       }) {
    auto got = Load(c.text);
    ASSERT_FALSE(got.ok()) << c.text;
    EXPECT_EQ(got.status().code(), ErrorCode::kInvalidArgument) << c.text;
    EXPECT_EQ(got.status().field(), c.field) << c.text;
  }
}

}  // namespace
}  // namespace sixia::app

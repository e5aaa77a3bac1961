#include "daemon/service/logging.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/read_file.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;

using ::newswatch::testing::ReadFile;

class LoggingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("nw-logging-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    spdlog::drop_all();
    spdlog::set_default_logger(spdlog::stderr_color_mt("default-after-test"));
    fs::remove_all(dir_);
  }
  fs::path dir_;
};

TEST_F(LoggingTest, ModuleLevelsOverrideTheDefaultInTheLogFile) {
  LoggingSettings s;
  s.level = "info";
  s.module_levels = {{"fetch", "debug"}, {"pipeline", "warn"}};
  s.log_file = dir_ / "newswatchd.log";
  s.allow_journal = false;
  ASSERT_TRUE(ConfigureLogging(s).ok());

  spdlog::debug("default debug: hidden");
  spdlog::info("default info: shown");
  ModuleLogger("fetch")->debug("fetch debug: shown");
  ModuleLogger("pipeline")->info("pipeline info: hidden");
  ModuleLogger("pipeline")->warn("pipeline warn: shown");
  ModuleLogger("publish")->debug("publish debug: hidden");  // unnamed module: default level
  ModuleLogger("publish")->info("publish info: shown");
  spdlog::default_logger()->flush();
  for (const char* m : {"fetch", "pipeline", "publish"}) ModuleLogger(m)->flush();

  const std::string text = ReadFile(s.log_file);
  for (const char* shown : {"default info: shown", "debug [fetch] fetch debug: shown",
                            "warning [pipeline] pipeline warn: shown", "publish info: shown"}) {
    EXPECT_NE(text.find(shown), std::string::npos) << shown << " missing in:\n" << text;
  }
  EXPECT_EQ(text.find("hidden"), std::string::npos) << text;
}

TEST_F(LoggingTest, LogFileRotatesAtTheConfiguredSize) {
  LoggingSettings s;
  s.log_file = dir_ / "d.log";
  s.max_file_bytes = 4096;
  s.max_files = 2;
  s.allow_journal = false;
  ASSERT_TRUE(ConfigureLogging(s).ok());
  for (int i = 0; i < 400; ++i) spdlog::info("line {} of a log that outgrows its file", i);
  spdlog::default_logger()->flush();
  EXPECT_TRUE(fs::exists(dir_ / "d.1.log"));
  EXPECT_TRUE(fs::exists(dir_ / "d.2.log"));
  EXPECT_FALSE(fs::exists(dir_ / "d.3.log"));
  EXPECT_LE(fs::file_size(dir_ / "d.log"), 4096u);
}

TEST_F(LoggingTest, BadLevelsAndUnwritableFilesAreErrorsNamingThem) {
  LoggingSettings s;
  s.allow_journal = false;
  s.level = "loud";
  Status st = ConfigureLogging(s);
  EXPECT_EQ(st.kind(), ErrorKind::kConfig);
  EXPECT_NE(st.message().find("'loud'"), std::string::npos);

  s.level = "info";
  s.module_levels = {{"fetch", "verbose"}};
  st = ConfigureLogging(s);
  EXPECT_EQ(st.kind(), ErrorKind::kConfig);
  EXPECT_NE(st.message().find("log_levels.fetch"), std::string::npos) << st.message();

  s.module_levels.clear();
  s.log_file = dir_ / "missing-dir" / "x" / "d.log";
  fs::permissions(dir_, fs::perms::owner_read | fs::perms::owner_exec);
  st = ConfigureLogging(s);
  fs::permissions(dir_, fs::perms::owner_all);
  if (::geteuid() != 0) {  // root writes anywhere
    EXPECT_EQ(st.kind(), ErrorKind::kIo);
    EXPECT_NE(st.message().find(s.log_file.string()), std::string::npos) << st.message();
  }
}

TEST_F(LoggingTest, JournalFieldsCarryModuleSourceAndUrlInsideAContext) {
  auto fields = JournalFields("newswatchd", "fetch", spdlog::level::warn, "poll failed");
  EXPECT_EQ(fields, (std::vector<std::string>{"MESSAGE=poll failed", "PRIORITY=4",
                                              "SYSLOG_IDENTIFIER=newswatchd", "NW_MODULE=fetch"}));
  {
    LogContext outer("gov-sh", "https://www.sh.gov.cn/feed.xml");
    {
      LogContext inner("gov-bj", "https://www.beijing.gov.cn/rss");
      fields = JournalFields("newswatchd", "newswatchd", spdlog::level::err, "x");
      EXPECT_NE(std::find(fields.begin(), fields.end(), "NW_SOURCE=gov-bj"), fields.end());
      EXPECT_EQ(std::find(fields.begin(), fields.end(), "NW_MODULE=newswatchd"), fields.end());
      EXPECT_EQ(fields[1], "PRIORITY=3");
    }
    fields = JournalFields("newswatchd", "fetch", spdlog::level::info, "x");
    EXPECT_NE(std::find(fields.begin(), fields.end(), "NW_SOURCE=gov-sh"), fields.end());
    EXPECT_NE(std::find(fields.begin(), fields.end(), "NW_URL=https://www.sh.gov.cn/feed.xml"),
              fields.end());
  }
  fields = JournalFields("newswatchd", "fetch", spdlog::level::info, "x");
  EXPECT_EQ(fields.size(), 4u);  // context gone
}

TEST_F(LoggingTest, StderrIsJournalOnlyWhenJournalStreamNamesStderr) {
  unsetenv("JOURNAL_STREAM");
  EXPECT_FALSE(StderrIsJournal());
  struct stat st {};
  ASSERT_EQ(fstat(STDERR_FILENO, &st), 0);
  const std::string match = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  setenv("JOURNAL_STREAM", match.c_str(), 1);
  EXPECT_TRUE(StderrIsJournal());
  setenv("JOURNAL_STREAM", (std::to_string(st.st_dev) + ":1").c_str(), 1);
  EXPECT_FALSE(StderrIsJournal());  // inherited by a child whose stderr was redirected
  unsetenv("JOURNAL_STREAM");
}

TEST_F(LoggingTest, SettingsComeFromTheDaemonOptions) {
  OptionValues o;
  OptionValues::Value file;
  file.scalar = "logs/d.log";
  o.Set("log_file", file);
  OptionValues::Value levels;
  levels.type = OptionType::kStringMap;
  levels.map = {{"fetch", "debug"}};
  o.Set("log_levels", levels);
  const LoggingSettings s = LoggingSettingsFromOptions(o, "warn", "/etc/newswatch");
  EXPECT_EQ(s.level, "warn");
  EXPECT_EQ(s.log_file, fs::path("/etc/newswatch/logs/d.log"));
  ASSERT_EQ(s.module_levels.size(), 1u);
  EXPECT_EQ(s.module_levels[0].second, "debug");
  // Every option this module reads is declared in its table.
  for (const char* name : {"log_file", "log_levels", "log_max_size", "log_max_files"}) {
    const auto& t = LoggingOptions();
    EXPECT_TRUE(std::any_of(t.begin(), t.end(), [&](const OptionSpec& s) {
      return s.name == name;
    })) << name;
  }
}

}  // namespace
}  // namespace newswatch

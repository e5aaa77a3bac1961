// `include:` in the daemon configuration: single files and name patterns, sources from every
// file, and errors that name the included file's own line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "daemon/config/daemon_config.h"
#include "daemon/sources/source_registry.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;

class DaemonConfigIncludeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("newswatch-include-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "sources");
  }
  void TearDown() override { fs::remove_all(dir_); }
  void Write(const fs::path& rel, const std::string& text) { std::ofstream(dir_ / rel) << text; }
  Result<DaemonConfig> Load() {
    return LoadDaemonConfig(dir_ / "newswatch.yaml", SourceOptionTables());
  }
  static std::string Feed(const std::string& id) {
    return "  - id: " + id + "\n    type: feed\n    url: https://example.invalid/" + id + ".xml\n";
  }
  fs::path dir_;
};

TEST_F(DaemonConfigIncludeTest, PatternIncludesEveryMatchingFileInNameOrder) {
  Write("newswatch.yaml", "include:\n  - sources/*.yaml\n  - extra.yaml\nsources:\n" + Feed("own"));
  Write("sources/b.yaml", "sources:\n" + Feed("b1"));
  Write("sources/a.yaml", "# only comments and sources\nsources:\n" + Feed("a1") + Feed("a2"));
  Write("sources/notes.txt", "not yaml: [");
  Write("sources/empty.yaml", "# nothing yet\n");
  Write("extra.yaml", "sources:\n" + Feed("x1"));
  auto config = Load();
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  std::vector<std::string> ids;
  for (const SourceConfig& s : config->sources) ids.push_back(s.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"own", "a1", "a2", "b1", "x1"}));
  ASSERT_EQ(config->includes.size(), 4u);
  // Entries say where they were written.
  EXPECT_EQ(config->sources[1].where, (dir_ / "sources/a.yaml").string() + ":3");
}

TEST_F(DaemonConfigIncludeTest, ErrorsNameTheIncludedFileAndLine) {
  Write("newswatch.yaml", "include: sources/*.yaml\n");
  Write("sources/a.yaml", "sources:\n" + Feed("a1") + "    bogus_option: 1\n");
  auto config = Load();
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find((dir_ / "sources/a.yaml").string() + ":5"),
            std::string::npos)
      << config.status().message();
  EXPECT_NE(config.status().message().find("bogus_option"), std::string::npos);
}

TEST_F(DaemonConfigIncludeTest, DuplicateIdsAcrossFilesAreRefused) {
  Write("newswatch.yaml", "include: [sources/a.yaml, sources/b.yaml]\nsources:\n" + Feed("same"));
  Write("sources/a.yaml", "sources:\n" + Feed("other"));
  Write("sources/b.yaml", "sources:\n" + Feed("same"));
  auto config = Load();
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.status().message().find("b.yaml:2: duplicate source id 'same'"),
            std::string::npos)
      << config.status().message();
}

TEST_F(DaemonConfigIncludeTest, MissingFilesPatternsAndForeignKeysAreRefused) {
  struct Case {
    std::string main, included, expect;
  };
  const std::vector<Case> cases = {
      {"include: sources/missing.yaml\n", "", "newswatch.yaml:1: included file not found"},
      {"include:\n  - srcs/*.yaml\n", "", "newswatch.yaml:2: "},
      {"include:\n  - sources/*.yml\n", "", "no file matches"},
      {"include: sources/a.yaml\n", "daemon:\n  workers: 3\n",
       "a.yaml:1: unknown key 'daemon' in an included file (only sources)"},
      {"include: sources/a.yaml\n", "sources:\n  - id: [\n", "a.yaml:"},
      {"include: {a: b}\n", "", "newswatch.yaml:1: include must be a list of files"},
  };
  for (const Case& c : cases) {
    fs::remove_all(dir_ / "sources");
    fs::create_directories(dir_ / "sources");
    Write("newswatch.yaml", c.main);
    if (!c.included.empty()) Write("sources/a.yaml", c.included);
    auto config = Load();
    ASSERT_FALSE(config.ok()) << c.main;
    EXPECT_NE(config.status().message().find(c.expect), std::string::npos)
        << config.status().message() << "\nwanted: " << c.expect;
  }
}

}  // namespace
}  // namespace newswatch

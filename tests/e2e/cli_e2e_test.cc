// End to end through the binaries a user runs: newswatchd --check, newswatch
// check on the seed documents and on negatives, the demo configuration
// publishing to `newswatch tail`, and SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/e2e/child_process.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::ChildProcess;

const std::string kDaemon = NW_BINARY_DIR "/daemon/app/newswatchd";
const std::string kCli = NW_BINARY_DIR "/daemon/app/newswatch";
const fs::path kShared = NW_SHARED_DIR;

struct Ran {
  int code;
  std::string output;
};

Ran RunBinary(std::vector<std::string> argv) {
  ChildProcess p(std::move(argv));
  auto code = p.WaitForExit(120s);
  return {code.value_or(-1), p.output()};
}

fs::path TempDir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("newswatch-cli-" + std::to_string(::getpid()) + "-" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

TEST(CliE2eTest, EveryShippedConfigurationValidates) {
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(NW_SOURCE_DIR) / "config")) {
    if (entry.path().extension() != ".yaml" || entry.path().filename() == "alert.yaml") continue;
    Ran r = RunBinary({kDaemon, "--config", entry.path().string(), "--check"});
    EXPECT_EQ(r.code, 0) << entry.path() << ":\n" << r.output;
    ++checked;
  }
  EXPECT_GE(checked, 2);
}

TEST(CliE2eTest, ReadmeConfigurationReferenceMatchesTheOptionTables) {
  Ran r = RunBinary({kCli, "config-reference"});
  ASSERT_EQ(r.code, 0) << r.output;
  std::ifstream in(fs::path(NW_SOURCE_DIR) / "README.md");
  std::stringstream readme;
  readme << in.rdbuf();
  const std::string text = readme.str();
  const std::string begin = "<!-- config-reference:begin -->\n";
  const size_t from = text.find(begin);
  const size_t to = text.find("<!-- config-reference:end -->");
  ASSERT_NE(from, std::string::npos);
  ASSERT_NE(to, std::string::npos);
  EXPECT_EQ(text.substr(from + begin.size(), to - from - begin.size()), r.output)
      << "README.md is out of date: run deploy/update-readme-reference.sh";
}

TEST(CliE2eTest, MalformedConfigRefusesToStartNamingTheLine) {
  const fs::path dir = TempDir("badconfig");
  std::ofstream(dir / "bad.yaml") << "daemon:\n  id: x\n  workers: 2\n  publsh: tcp://127.0.0.1:1\n";
  Ran r = RunBinary({kDaemon, "--config", (dir / "bad.yaml").string()});
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_NE(r.output.find("bad.yaml:4"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("publsh"), std::string::npos) << r.output;

  std::ofstream(dir / "bad2.yaml") << "sources:\n  - id: a\n    type: feed\n    url: x.xml\n"
                                   << "    interval: soon\n";
  r = RunBinary({kDaemon, "--config", (dir / "bad2.yaml").string(), "--check"});
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_NE(r.output.find("bad2.yaml:5"), std::string::npos) << r.output;
  fs::remove_all(dir);
}

TEST(CliE2eTest, BadArgumentsGetUsageNotACrash) {
  EXPECT_EQ(RunBinary({kDaemon}).code, 2);
  EXPECT_EQ(RunBinary({kDaemon, "--config", "x.yaml", "--bogus"}).code, 2);
  EXPECT_EQ(RunBinary({kCli}).code, 2);
  EXPECT_EQ(RunBinary({kCli, "check"}).code, 2);
}

TEST(CliE2eTest, AllFiveSeedDocumentsAreRelevant) {
  std::vector<std::string> argv = {kCli, "check"};
  for (const auto& e : fs::directory_iterator(kShared / "seeds")) argv.push_back(e.path().string());
  ASSERT_EQ(argv.size(), 7u);
  Ran r = RunBinary(argv);
  ASSERT_EQ(r.code, 0) << r.output;
  std::istringstream lines(r.output);
  std::string line;
  int relevant = 0;
  while (std::getline(lines, line)) {
    if (line.find("\"verdict\":\"VERDICT_RELEVANT\"") != std::string::npos) ++relevant;
    else ADD_FAILURE() << "not relevant: " << line.substr(0, 400);
  }
  EXPECT_EQ(relevant, 5);
}

TEST(CliE2eTest, NegativesAreNotRelevant) {
  std::vector<std::string> argv = {kCli, "check"};
  for (const auto& e : fs::directory_iterator(kShared / "corpus/negatives/xinwenlianbo")) {
    argv.push_back(e.path().string());
  }
  for (const auto& e :
       fs::recursive_directory_iterator(kShared / "corpus/negatives/seed-format-samples")) {
    if (e.is_regular_file()) argv.push_back(e.path().string());
  }
  ASSERT_GT(argv.size(), 10u);
  Ran r = RunBinary(argv);
  EXPECT_EQ(r.code, 0) << r.output.substr(0, 2000);
  EXPECT_EQ(r.output.find("VERDICT_RELEVANT\""), std::string::npos) << r.output.substr(0, 4000);
  EXPECT_NE(r.output.find("VERDICT_NOT_RELEVANT"), std::string::npos);
}

TEST(CliE2eTest, CheckReportsUnreadableInputAndGoesOn) {
  Ran r = RunBinary({kCli, "check", "/nonexistent/file.html",
               (kShared / "seeds").string() + "/000_59870d84c25589a5.txt"});
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.output.find("/nonexistent/file.html"), std::string::npos);
  EXPECT_NE(r.output.find("VERDICT_RELEVANT"), std::string::npos);
}

TEST(CliE2eTest, DemoConfigurationPublishesToTailAndStopsOnSigterm) {
  const fs::path state = TempDir("demo");
  ChildProcess daemon({kDaemon, "--config", NW_SOURCE_DIR "/config/demo.yaml", "--state",
                       state.string(), "--publish", "tcp://127.0.0.1:*",
                       "--replay", "tcp://127.0.0.1:*", "--metrics", "127.0.0.1:0"});
  auto line = daemon.WaitForLine("publishing on ", 30s);
  ASSERT_TRUE(line.has_value()) << daemon.output();
  std::smatch m;
  const std::string text = *line;
  ASSERT_TRUE(std::regex_search(text, m, std::regex("tcp://[0-9.]+:[0-9]+")));

  // The daemon holds its first events until a subscriber has subscribed.
  ChildProcess tail({kCli, "tail", m.str(), "--topic", "article.", "--count", "3", "--timeout",
                     "60"});
  auto tail_code = tail.WaitForExit(90s);
  ASSERT_TRUE(tail_code.has_value());
  EXPECT_EQ(*tail_code, 0) << tail.output() << "\ndaemon:\n" << daemon.output();
  EXPECT_NE(tail.output().find("VERDICT_RELEVANT"), std::string::npos) << tail.output();
  EXPECT_EQ(tail.output().find("扫地机器人"), std::string::npos);
  EXPECT_EQ(tail.output().find("概念股"), std::string::npos);

  daemon.Signal(SIGTERM);
  auto code = daemon.WaitForExit(30s);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << daemon.output();
  fs::remove_all(state);
}

}  // namespace
}  // namespace newswatch

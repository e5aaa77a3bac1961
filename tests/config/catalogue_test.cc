// The shipped source catalogue (config/sources/*.yaml, included by config/newswatch.yaml):
// it loads, every source (enabled or not) builds as newswatchd builds it, every entry says
// where its endpoint comes from and how sure that is, and the Sina roll sources use
// registered pageid/lid pairs on the policy and economy channels.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "daemon/config/daemon_config.h"
#include "daemon/sources/source_registry.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;

const fs::path kConfig = fs::path(NW_SOURCE_DIR) / "config" / "newswatch.yaml";
const fs::path kCatalogue = fs::path(NW_SOURCE_DIR) / "config" / "sources";

std::string ReadText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(CatalogueTest, ProductionConfigurationLoadsAndBuildsEverySource) {
  auto config = LoadDaemonConfig(kConfig, SourceOptionTables());
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_GE(config->includes.size(), 8u);
  SourceEnvironment env{config->base_dir, config->daemon.String("user_agent")};
  size_t catalogue = 0, enabled = 0;
  for (const SourceConfig& sc : config->sources) {
    auto source = FindSourceType(sc.type)->create(sc, env);
    EXPECT_TRUE(source.ok()) << sc.id << ": " << source.status().ToString();
    if (sc.where.find("/sources/") == std::string::npos) continue;
    ++catalogue;
    enabled += sc.options.Bool("enabled");
    const std::string url = sc.options.String("url");
    EXPECT_TRUE(url.starts_with("https://") || url.starts_with("http://")) << sc.id << ": " << url;
    // Polite by default: nothing in the catalogue polls more often than every 5 minutes.
    EXPECT_GE(sc.options.Duration("interval").count(), 300) << sc.id;
  }
  EXPECT_GE(catalogue, 30u);
  EXPECT_GE(enabled, 30u);
  // The daemon's default User-Agent names newswatch.
  EXPECT_NE(config->daemon.String("user_agent").find("newswatch"), std::string::npos);
  std::cout << "catalogue: " << catalogue << " sources, " << enabled << " enabled\n";
}

// Each "- id:" entry of a catalogue file is preceded by its comment block, which holds an
// "Evidence:" and a "Confidence:" line; a disabled entry's Confidence line says why.
TEST(CatalogueTest, EveryEntrySaysWhereItComesFromAndHowSure) {
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(kCatalogue)) {
    if (entry.path().extension() != ".yaml") continue;
    ++files;
    std::istringstream lines(ReadText(entry.path()));
    std::vector<std::string> comment;
    std::string line, current_id, confidence;
    auto finish = [&](bool enabled) {
      if (current_id.empty()) return;
      if (!enabled) {
        EXPECT_NE(confidence.find("disabled:"), std::string::npos)
            << entry.path().filename() << " " << current_id
            << ": a disabled entry's Confidence line says why (disabled: ...)";
      }
    };
    bool enabled = true;
    for (int n = 1; std::getline(lines, line); ++n) {
      const size_t first = line.find_first_not_of(' ');
      if (first != std::string::npos && line.compare(first, 1, "#") == 0) {
        comment.push_back(line);
        continue;
      }
      if (line.starts_with("  - id: ")) {
        finish(enabled);
        enabled = true;
        current_id = line.substr(8);
        bool evidence = false;
        confidence.clear();
        for (const std::string& c : comment) {
          evidence = evidence || c.find("Evidence:") != std::string::npos;
          if (c.find("Confidence:") != std::string::npos) confidence = c;
        }
        EXPECT_TRUE(evidence) << entry.path().filename() << ":" << n << " " << current_id
                              << " has no Evidence: comment";
        EXPECT_TRUE(std::regex_search(confidence, std::regex("Confidence: (H|M|L)")))
            << entry.path().filename() << ":" << n << " " << current_id
            << " has no Confidence: H/M/L comment";
      }
      if (line == "    enabled: false") enabled = false;
      if (first == std::string::npos || line.compare(first, 1, "#") != 0) comment.clear();
    }
    finish(enabled);
  }
  EXPECT_GE(files, 8u);
}

// A lid answers only with its own pageid (other pairs give code 11); 2509 is "all news".
TEST(CatalogueTest, SinaRollSourcesUseRegisteredPolicyAndEconomyChannels) {
  const std::map<std::string, std::set<std::string>> kLids = {
      {"155", {"1686", "1687", "1688", "1689", "1690"}},  // finance.sina.com.cn/china
      {"153", {"2510", "2515", "2516"}},                  // news roll: 国内, 科技, 财经
  };
  auto config = LoadDaemonConfig(kConfig, SourceOptionTables());
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  size_t sina = 0;
  const std::regex pair("pageid=(\\d+)&lid=(\\d+)");
  for (const SourceConfig& sc : config->sources) {
    const std::string url = sc.options.String("url");
    if (url.find("feed.mix.sina.com.cn/api/roll/get") == std::string::npos) continue;
    ++sina;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(url, m, pair)) << sc.id;
    auto lids = kLids.find(m[1].str());
    ASSERT_NE(lids, kLids.end()) << sc.id << ": pageid " << m[1];
    EXPECT_TRUE(lids->second.count(m[2].str())) << sc.id << ": lid " << m[2];
    EXPECT_EQ(url.find("callback="), std::string::npos) << sc.id << ": plain JSON, no JSONP";
    EXPECT_FALSE(sc.options.Map("body_xpath_hosts").empty()) << sc.id;
  }
  EXPECT_GE(sina, 6u);
}

}  // namespace
}  // namespace newswatch

// Secret HTTP options of a source (proxy, cookie) come from files or
// environment variables; inline credentials stop start-up without echoing them.
#include "daemon/sources/http_options.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "daemon/config/daemon_config.h"
#include "tests/sources/source_test_util.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;

class HttpSecretsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("newswatch-http-secrets-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path WriteSecret(const std::string& name, const std::string& value, mode_t mode) {
    const fs::path p = dir_ / name;
    std::ofstream(p) << value << "\n";
    ::chmod(p.c_str(), mode);
    return p;
  }

  // The resolved secrets of a feed source with the given extra options.
  Result<HttpSecrets> Resolve(const std::string& extra) {
    auto config = ParseDaemonConfig(
        "sources:\n  - id: f\n    type: feed\n    url: http://x.invalid/f\n" + extra,
        dir_ / "n.yaml", SourceOptionTables());
    if (!config.ok()) return config.status();
    SourceEnvironment env{dir_, "test"};
    return ResolveHttpSecrets(config->sources.front().options, env);
  }

  fs::path dir_;
};

TEST_F(HttpSecretsTest, ProxyWithCredentialsComesFromAPrivateFile) {
  const fs::path file = WriteSecret("proxy", "http://bob:s3cret@127.0.0.1:3128", 0600);
  auto secrets = Resolve("    proxy_file: " + file.string() + "\n");
  ASSERT_TRUE(secrets.ok()) << secrets.status().ToString();
  EXPECT_EQ(secrets->proxy, "http://bob:s3cret@127.0.0.1:3128");
  EXPECT_EQ(secrets->cookie, "");
}

TEST_F(HttpSecretsTest, CookieComesFromTheEnvironment) {
  ::setenv("NW_TEST_COOKIE", "SESSION=abc", 1);
  auto secrets = Resolve("    cookie_env: NW_TEST_COOKIE\n");
  ::unsetenv("NW_TEST_COOKIE");
  ASSERT_TRUE(secrets.ok()) << secrets.status().ToString();
  EXPECT_EQ(secrets->cookie, "SESSION=abc");
}

TEST_F(HttpSecretsTest, InlineCredentialsStopStartUpWithoutEchoingThem) {
  auto proxy = testing::MakeSource(
      "  - id: f\n    type: feed\n    url: http://x.invalid/f\n    proxy: http://bob:s3cret@p:1\n");
  ASSERT_FALSE(proxy.ok());
  EXPECT_EQ(proxy.status().kind(), ErrorKind::kConfig);
  EXPECT_NE(proxy.status().message().find("proxy"), std::string::npos);
  EXPECT_NE(proxy.status().message().find("test.yaml:"), std::string::npos)
      << proxy.status().message();
  EXPECT_EQ(proxy.status().message().find("s3cret"), std::string::npos);

  auto cookie = testing::MakeSource(
      "  - id: f\n    type: feed\n    url: http://x.invalid/f\n    cookie: SESSION=abc\n");
  ASSERT_FALSE(cookie.ok());
  EXPECT_EQ(cookie.status().message().find("SESSION=abc"), std::string::npos);

  // A proxy without a password may stay inline.
  EXPECT_TRUE(
      testing::MakeSource(
          "  - id: f\n    type: feed\n    url: http://x.invalid/f\n    proxy: http://p:3128\n")
          .ok());
}

TEST_F(HttpSecretsTest, WorldReadableSecretFileIsRefused) {
  const fs::path file = WriteSecret("proxy", "http://bob:s3cret@127.0.0.1:3128", 0644);
  auto secrets = Resolve("    proxy_file: " + file.string() + "\n");
  ASSERT_FALSE(secrets.ok());
  EXPECT_EQ(secrets.status().message().find("s3cret"), std::string::npos);
}

// Every HTTP source type refuses a URL it cannot fetch at start-up, naming the url line; the
// other option checks name their own line.
TEST(SourceUrlTest, UnfetchableUrlStopsEveryHttpSourceTypeNamingTheLine) {
  for (const std::string type : {"feed", "json", "html-list"}) {
    std::string entry = "  - id: s\n    type: " + type + "\n    url: ftp://x.invalid/list\n";
    if (type == "json") entry += "    item_path: items\n    url_path: url\n";
    if (type == "html-list") entry += "    item_xpath: //li\n";
    auto source = testing::MakeSource(entry);
    ASSERT_FALSE(source.ok()) << type;
    EXPECT_EQ(source.status().kind(), ErrorKind::kConfig) << type;
    EXPECT_NE(source.status().message().find("test.yaml:4: source 's': url must be http(s), file, "
                                             "or a path: ftp://x.invalid/list"),
              std::string::npos)
        << type << ": " << source.status().message();
  }
  auto negative = testing::MakeSource(
      "  - id: s\n    type: feed\n    url: http://x.invalid/f\n    max_items: -1\n");
  ASSERT_FALSE(negative.ok());
  EXPECT_NE(negative.status().message().find("test.yaml:5: source 's': max_items must be >= 0"),
            std::string::npos)
      << negative.status().message();
}

}  // namespace
}  // namespace newswatch

#include "daemon/security/secret.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "daemon/config/yaml_options.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPassword = "s3cr3t-Pa55";

class SecretTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("nw-secret-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    specs_ = {{"proxy", OptionType::kString, "", "Proxy URL."},
              {"token", OptionType::kString, "", "Webhook token."}};
    for (const auto& s : SecretOptionSpecs("proxy", "the proxy URL")) specs_.push_back(s);
    for (const auto& s : SecretOptionSpecs("token", "the token")) specs_.push_back(s);
  }
  void TearDown() override {
    fs::remove_all(dir_);
    ::unsetenv("NW_TEST_SECRET");
  }

  OptionValues Parse(const std::string& yaml) {
    auto values = ParseYamlOptions(YAML::Load(yaml), "test.yaml", "receiver", specs_);
    EXPECT_TRUE(values.ok()) << values.status().ToString();
    return values.ok() ? *values : OptionValues();
  }

  void WriteSecret(const std::string& name, const std::string& text, fs::perms perms) {
    std::ofstream(dir_ / name) << text;
    fs::permissions(dir_ / name, perms);
  }

  fs::path dir_;
  std::vector<OptionSpec> specs_;
};

TEST_F(SecretTest, FileSecretIsReadWithoutItsTrailingNewline) {
  WriteSecret("token.txt", std::string(kPassword) + "\n", fs::perms::owner_read);
  auto v = ResolveSecret(Parse("token_file: token.txt"), "token", dir_);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(*v, kPassword);
}

TEST_F(SecretTest, WorldReadableSecretFileIsRefusedNamingTheLine) {
  WriteSecret("token.txt", kPassword,
              fs::perms::owner_read | fs::perms::owner_write | fs::perms::others_read);
  auto v = ResolveSecret(Parse("\ntoken_file: token.txt"), "token", dir_);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().kind(), ErrorKind::kConfig);
  EXPECT_NE(v.status().message().find("test.yaml:2"), std::string::npos) << v.status().message();
  EXPECT_EQ(v.status().message().find(kPassword), std::string::npos);
}

TEST_F(SecretTest, MissingOrEmptyFileIsAConfigError) {
  EXPECT_EQ(ResolveSecret(Parse("token_file: nope.txt"), "token", dir_).status().kind(),
            ErrorKind::kConfig);
  WriteSecret("empty.txt", "\n", fs::perms::owner_read);
  EXPECT_EQ(ResolveSecret(Parse("token_file: empty.txt"), "token", dir_).status().kind(),
            ErrorKind::kConfig);
}

TEST_F(SecretTest, EnvironmentSecretIsReadAndUnsetVariableIsAnError) {
  auto missing = ResolveSecret(Parse("token_env: NW_TEST_SECRET"), "token", dir_);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("NW_TEST_SECRET"), std::string::npos);
  ::setenv("NW_TEST_SECRET", kPassword, 1);
  auto v = ResolveSecret(Parse("token_env: NW_TEST_SECRET"), "token", dir_);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, kPassword);
}

TEST_F(SecretTest, InlineSecretIsRefusedByDefaultWithoutEchoingIt) {
  auto v = ResolveSecret(Parse(std::string("token: ") + kPassword), "token", dir_);
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.status().message().find("token_file"), std::string::npos);
  EXPECT_EQ(v.status().message().find(kPassword), std::string::npos);
  auto allowed =
      ResolveSecret(Parse(std::string("token: ") + kPassword), "token", dir_, InlineSecret::kAllow);
  ASSERT_TRUE(allowed.ok());
  EXPECT_EQ(*allowed, kPassword);
}

TEST_F(SecretTest, InlineProxyIsFineUntilItCarriesAPassword) {
  auto plain = ResolveSecret(Parse("proxy: http://proxy.example:3128"), "proxy", dir_,
                             InlineSecret::kAllowWithoutPassword);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(*plain, "http://proxy.example:3128");
  auto user_only = ResolveSecret(Parse("proxy: socks5h://bob@proxy:1080"), "proxy", dir_,
                                 InlineSecret::kAllowWithoutPassword);
  EXPECT_TRUE(user_only.ok());
  auto with_pw = ResolveSecret(Parse(std::string("proxy: http://bob:") + kPassword + "@proxy:3128"),
                               "proxy", dir_, InlineSecret::kAllowWithoutPassword);
  ASSERT_FALSE(with_pw.ok());
  EXPECT_EQ(with_pw.status().message().find(kPassword), std::string::npos);
}

TEST_F(SecretTest, TwoSourcesForOneSecretAreAmbiguous) {
  ::setenv("NW_TEST_SECRET", kPassword, 1);
  WriteSecret("token.txt", kPassword, fs::perms::owner_read);
  auto v = ResolveSecret(Parse("token_file: token.txt\ntoken_env: NW_TEST_SECRET"), "token", dir_);
  EXPECT_EQ(v.status().kind(), ErrorKind::kConfig);
}

TEST_F(SecretTest, NothingConfiguredIsEmpty) {
  auto v = ResolveSecret(Parse("{}"), "token", dir_);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, "");
}

TEST(RedactTest, UserinfoPasswordIsHidden) {
  EXPECT_EQ(Redact("http://bob:hunter2@proxy.example:3128"), "http://bob:***@proxy.example:3128");
  EXPECT_EQ(Redact("socks5h://u:p%40ss@10.0.0.1:1080/"), "socks5h://u:***@10.0.0.1:1080/");
  EXPECT_EQ(Redact("http://bob@proxy:3128"), "http://bob@proxy:3128");
  EXPECT_EQ(Redact("http://proxy:3128"), "http://proxy:3128");
  // An '@' in the path is not userinfo.
  EXPECT_EQ(Redact("https://example.com/a@b:c"), "https://example.com/a@b:c");
  EXPECT_EQ(Redact("not a url: a:b@c"), "not a url: a:b@c");
}

TEST(RedactTest, CredentialQueryParametersAreHidden) {
  EXPECT_EQ(Redact("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd-1234"),
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***");
  EXPECT_EQ(Redact("https://oapi.dingtalk.com/robot/send?access_token=xyz&timestamp=1&sign=q#f"),
            "https://oapi.dingtalk.com/robot/send?access_token=***&timestamp=1&sign=***#f");
  EXPECT_EQ(Redact("https://example.com/?page=2&Token=t"), "https://example.com/?page=2&Token=***");
  EXPECT_EQ(Redact("https://example.com/?page=2"), "https://example.com/?page=2");
}

TEST(RedactTest, RedactSecretsReplacesEveryOccurrence) {
  EXPECT_EQ(RedactSecrets("login pw=abc failed; retry abc", {"abc", ""}),
            "login pw=*** failed; retry ***");
  EXPECT_EQ(RedactSecrets("nothing here", {"zzz"}), "nothing here");
}

TEST(RedactTest, UrlsInsideTextAreRedactedAndTheRestKept) {
  const std::string text =
      "http: HTTP 404 from https://api.example.cn/list?page=1&access_token=abc123, retrying "
      "(proxy socks5h://bob:pw@p:1080 unused)";
  const std::string out = RedactUrlsInText(text);
  EXPECT_EQ(out.find("abc123"), std::string::npos) << out;
  EXPECT_NE(out.find("https://api.example.cn/list?page=1&access_token="), std::string::npos) << out;
  EXPECT_NE(out.find(", retrying"), std::string::npos) << out;
  EXPECT_EQ(RedactUrlsInText("no urls here"), "no urls here");
  EXPECT_EQ(RedactUrlsInText(""), "");
}

}  // namespace
}  // namespace newswatch

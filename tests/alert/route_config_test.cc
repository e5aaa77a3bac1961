#include "alert/route_config.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

namespace newswatch::alert {
namespace {

const char* kValid = R"(publishers: [tcp://127.0.0.1:5601]
allow_inline_secrets: true
receivers:
  - name: ops
    type: webhook
    url: http://127.0.0.1:9/hook
    headers: {X-Team: policy}
  - name: mail
    type: email
    url: smtp://127.0.0.1:2525
    from: alert@example.org
    to: [a@example.org]
    tls: none
route:
  receiver: ops
  group_by: [province, document_kind]
  group_wait: 30s
  routes:
    - match: {region: ["31"], min_level: high}
      receiver: mail
      continue: true
      group_interval: 10m
quiet_hours: {timezone: Asia/Shanghai, start: "22:00", end: "08:00"}
)";

TEST(RouteConfigTest, ValidConfigCompilesTreeWithInheritance) {
  auto c = ParseAlertConfig(kValid, "alert.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->receivers.size(), 2u);
  EXPECT_EQ(c->receivers[0].maps.at("headers").at("X-Team"), "policy");
  EXPECT_EQ(c->receivers[0].Get("max_per_minute"), "0");  // common default filled in
  ASSERT_EQ(c->root.routes.size(), 1u);
  const RouteNode& child = c->root.routes[0];
  EXPECT_EQ(child.receiver, "mail");
  EXPECT_TRUE(child.continue_matching);
  EXPECT_EQ(child.group_wait.count(), 30);        // inherited
  EXPECT_EQ(child.group_interval.count(), 600);   // own
  EXPECT_EQ(child.group_by, (std::vector<std::string>{"province", "document_kind"}));
  EXPECT_EQ(child.path, "route.routes[0]");
  EXPECT_TRUE(c->quiet_hours.enabled);
  EXPECT_EQ(c->quiet_hours.start_minute, 22 * 60);
}

struct BadCase {
  const char* name;
  std::string yaml;
  std::string expected;  // substring of the error, including file:line
};

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return s.replace(at, from.size(), to);
}

TEST(RouteConfigTest, InvalidConfigsNameFileAndLine) {
  std::vector<BadCase> cases = {
      {"unknown top key", std::string(kValid) + "colour: red\n", "alert.yaml:24: unknown key \"colour\""},
      {"unknown receiver option", Replace(kValid, "    headers:", "    colour: red\n    headers:"),
       "alert.yaml:7: receiver \"ops\" (webhook): unknown option \"colour\""},
      {"route to unknown receiver", Replace(kValid, "receiver: mail", "receiver: nobody"),
       "alert.yaml:20: route names unknown receiver \"nobody\""},
      {"bad duration", Replace(kValid, "group_wait: 30s", "group_wait: soon"),
       "alert.yaml:17: group_wait: \"soon\" is not a duration"},
      {"bad region prefix", Replace(kValid, "region: [\"31\"]", "region: [\"Shanghai\"]"),
       "alert.yaml:19: match field \"region\""},
      {"unknown match field", Replace(kValid, "min_level: high", "colour: high"),
       "unknown match field \"colour\""},
      {"unknown level", Replace(kValid, "min_level: high", "min_level: urgent"),
       "unknown level \"urgent\""},
      {"unknown group label", Replace(kValid, "[province, document_kind]", "[planet]"),
       "alert.yaml:16: unknown group_by label \"planet\""},
      {"unknown type", Replace(kValid, "type: webhook", "type: pager"),
       "alert.yaml:5: unknown receiver type \"pager\""},
      {"missing required", Replace(kValid, "    from: alert@example.org\n", ""),
       "missing option from"},
      {"bad time zone", Replace(kValid, "Asia/Shanghai", "Mars/Olympus"),
       "alert.yaml:23: unknown time zone"},
      {"yaml syntax", "publishers: [tcp://x\nroute: {", "alert.yaml:"},
      {"smtp url", Replace(kValid, "smtp://127.0.0.1:2525", "http://127.0.0.1"),
       "url must be smtp://"},
  };
  for (const BadCase& c : cases) {
    auto r = ParseAlertConfig(c.yaml, "alert.yaml");
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.status().kind(), ErrorKind::kConfig) << c.name;
    EXPECT_NE(r.status().message().find(c.expected), std::string::npos)
        << c.name << ": " << r.status().message();
  }
}

TEST(RouteConfigTest, PublishersTakeBareEndpointsOrReplayMappings) {
  std::string yaml = Replace(kValid, "publishers: [tcp://127.0.0.1:5601]\n",
                             "publishers:\n"
                             "  - tcp://127.0.0.1:5601\n"
                             "  - {endpoint: tcp://10.0.0.2:5556, replay: tcp://10.0.0.2:5557}\n"
                             "  - name: bj\n"
                             "    endpoint: tcp://10.0.0.3:5556\n"
                             "    replay: tcp://10.0.0.3:5557\n"
                             "    start: oldest\n");
  auto c = ParseAlertConfig(yaml, "alert.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ(c->publishers.size(), 3u);
  EXPECT_EQ(c->publishers[0].name, "tcp://127.0.0.1:5601");
  EXPECT_EQ(c->publishers[0].replay, "");  // live only
  EXPECT_TRUE(c->publishers[0].start_latest);
  EXPECT_EQ(c->publishers[1].name, "tcp://10.0.0.2:5556");
  EXPECT_EQ(c->publishers[1].replay, "tcp://10.0.0.2:5557");
  EXPECT_EQ(c->publishers[2].name, "bj");
  EXPECT_FALSE(c->publishers[2].start_latest);

  auto one = ParseAlertConfig(Replace(kValid, "[tcp://127.0.0.1:5601]", "tcp://127.0.0.1:5601"),
                              "alert.yaml");
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(one->publishers.size(), 1u);
}

TEST(RouteConfigTest, BadPublishersNameFileAndLine) {
  const std::string head = "publishers: [tcp://127.0.0.1:5601]\n";
  std::vector<BadCase> cases = {
      {"unknown key", "publishers:\n  - {endpoint: tcp://h:1, colour: red}\n",
       "alert.yaml:2: unknown key \"colour\" in a publisher"},
      {"no endpoint", "publishers:\n  - {replay: tcp://h:2}\n",
       "alert.yaml:2: a publisher needs endpoint"},
      {"bad endpoint", "publishers:\n  - localhost:5556\n", "alert.yaml:2: publisher endpoint"},
      {"bad replay", "publishers:\n  - endpoint: tcp://h:1\n    replay: h:2\n",
       "alert.yaml:3: replay: \"h:2\" is not"},
      {"bad start", "publishers:\n  - endpoint: tcp://h:1\n    start: now\n",
       "alert.yaml:3: start must be latest or oldest"},
      {"same name", "publishers:\n  - tcp://h:1\n  - {endpoint: tcp://h:2, name: 'tcp://h:1'}\n",
       "alert.yaml:3: two publishers share the name"},
      {"empty", "publishers: []\n", "alert.yaml:1: publishers must not be empty"},
  };
  for (const BadCase& c : cases) {
    auto r = ParseAlertConfig(Replace(kValid, head, c.yaml), "alert.yaml");
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.status().kind(), ErrorKind::kConfig) << c.name;
    EXPECT_NE(r.status().message().find(c.expected), std::string::npos)
        << c.name << ": " << r.status().message();
  }
}

TEST(RouteConfigTest, InlineSecretsAreRefusedByDefault) {
  std::string yaml = Replace(kValid, "allow_inline_secrets: true\n", "");
  yaml = Replace(yaml, "    headers: {X-Team: policy}\n", "    secret: hunter2\n");
  auto r = ParseAlertConfig(yaml, "alert.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("alert.yaml:6: ops.secret: inline secrets are refused"),
            std::string::npos)
      << r.status().message();
}

TEST(RouteConfigTest, SecretsComeFromFilesAndEnvironment) {
  auto dir = std::filesystem::temp_directory_path() / ("nw-alert-secret-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "s") << "from-file\n";
  ::setenv("NW_ALERT_TEST_PASSWORD", "from-env", 1);
  std::string yaml = Replace(kValid, "    headers: {X-Team: policy}\n",
                             "    secret_file: " + (dir / "s").string() + "\n");
  yaml = Replace(yaml, "    tls: none\n", "    tls: none\n    password_env: NW_ALERT_TEST_PASSWORD\n");
  auto c = ParseAlertConfig(yaml, "alert.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->receivers[0].Get("secret"), "from-file");
  EXPECT_EQ(c->receivers[1].Get("password"), "from-env");

  std::string unset = Replace(yaml, "NW_ALERT_TEST_PASSWORD", "NW_ALERT_TEST_UNSET_VAR");
  auto bad = ParseAlertConfig(unset, "alert.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("NW_ALERT_TEST_UNSET_VAR is not set"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(RouteConfigTest, DurationsParseUnitsAndRejectGarbage) {
  EXPECT_EQ(ParseDuration("30s")->count(), 30);
  EXPECT_EQ(ParseDuration("5m")->count(), 300);
  EXPECT_EQ(ParseDuration("2h")->count(), 7200);
  EXPECT_EQ(ParseDuration("1d")->count(), 86400);
  EXPECT_EQ(ParseDuration("90")->count(), 90);
  for (const char* bad : {"", "m", "5x", "-5s", "1.5h", "99999999999s"}) {
    EXPECT_FALSE(ParseDuration(bad)) << bad;
  }
}

TEST(RouteConfigTest, ShippedExampleConfigIsValid) {
  // config/alert.yaml documents every receiver; it must always pass --check.
  ::setenv("NW_ALERT_WECOM_URL", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x", 1);
  ::setenv("NW_ALERT_DINGTALK_URL", "https://oapi.dingtalk.com/robot/send?access_token=x", 1);
  ::setenv("NW_ALERT_DINGTALK_SECRET", "SECx", 1);
  ::setenv("NW_ALERT_FEISHU_URL", "https://open.feishu.cn/open-apis/bot/v2/hook/x", 1);
  ::setenv("NW_ALERT_FEISHU_SECRET", "x", 1);
  ::setenv("NW_ALERT_SLACK_URL", "https://hooks.slack.com/services/x", 1);
  ::setenv("NW_ALERT_WEBHOOK_SECRET", "x", 1);
  ::setenv("NW_ALERT_SMTP_PASSWORD", "x", 1);
  auto c = LoadAlertConfig(std::string(NW_SOURCE_DIR) + "/config/alert.yaml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  std::set<std::string> types;
  for (const ReceiverSpec& r : c->receivers) types.insert(r.type);
  EXPECT_EQ(types.size(), 8u) << "the example should show every receiver kind";
}

TEST(TimeZoneTest, ShanghaiIsEightHoursAheadAndFixedOffsetsParse) {
  auto tz = TimeZone::Load("Asia/Shanghai");
  ASSERT_TRUE(tz.ok()) << tz.status().ToString();
  EXPECT_EQ(tz->OffsetAt(1700000000), 8 * 3600);
  // 2023-11-14T22:13:20Z is 06:13 in Shanghai.
  EXPECT_EQ(tz->MinuteOfDay(1700000000), 6 * 60 + 13);
  auto ny = TimeZone::Load("America/New_York");
  ASSERT_TRUE(ny.ok());
  EXPECT_EQ(ny->OffsetAt(1700000000), -5 * 3600);  // November: EST
  EXPECT_EQ(ny->OffsetAt(1690000000), -4 * 3600);  // July: EDT
  EXPECT_EQ(TimeZone::Load("+05:30")->OffsetAt(0), 5 * 3600 + 1800);
  EXPECT_FALSE(TimeZone::Load("../../etc/passwd").ok());
  EXPECT_FALSE(TimeZone::Load("Nowhere/City").ok());
}

}  // namespace
}  // namespace newswatch::alert

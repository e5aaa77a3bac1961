#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "alert/message_format.h"
#include "alert/receivers/registry.h"
#include "alert/receivers/signing.h"
#include "alert/route_config.h"
#include "tests/alert/fake_clock.h"
#include "tests/alert/loopback.h"

namespace newswatch::alert {
namespace {

// A receiver built through the real config path (options table, defaults).
std::unique_ptr<Receiver> Build(const std::string& receiver_yaml) {
  std::string yaml = "publishers: [tcp://127.0.0.1:1]\nallow_inline_secrets: true\nreceivers:\n" +
                     receiver_yaml + "route: {receiver: r}\n";
  auto c = ParseAlertConfig(yaml, "test.yaml");
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  if (!c.ok()) return nullptr;
  auto r = MakeReceiver(c->receivers[0]);
  EXPECT_TRUE(r.ok());
  return r.ok() ? std::move(*r) : nullptr;
}

Notification Sample(size_t stories = 1) {
  Notification n;
  n.route = "route";
  n.receiver = "r";
  n.group_labels = {{"province", "310000"}};
  n.dedup_key = "d3adb33f";
  for (size_t i = 0; i < stories; ++i) {
    StoryReport s;
    s.event = Article("story" + std::to_string(i), "gov-site");
    s.other_outlets = {"新浪", "人民网"};
    n.stories.push_back(s);
  }
  return n;
}

bool ValidUtf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

std::string Base64Decode(const std::string& in) {
  static const std::string kChars =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int val = 0, bits = -8;
  for (char c : in) {
    size_t p = kChars.find(c);
    if (p == std::string::npos) continue;
    val = (val << 6) + static_cast<int>(p);
    bits += 6;
    if (bits >= 0) {
      out.push_back(static_cast<char>((val >> bits) & 0xFF));
      bits -= 8;
    }
  }
  return out;
}

TEST(SigningTest, HmacSha256MatchesRfc4231Vector) {
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(Base64Encode("ab"), "YWI=");
  EXPECT_EQ(UrlEncode("a+b/=c d"), "a%2Bb%2F%3Dc%20d");
}

TEST(WebhookReceiverTest, PostsDocumentedJsonWithHmacSignatureAndCustomHeaders) {
  HttpRecorder server;
  auto r = Build("  - {name: r, type: webhook, url: '" + server.Url("/hook") +
                 "', secret: s3cret, headers: {X-Team: policy}}\n");
  ASSERT_TRUE(r);
  auto payload = r->Render(Sample());
  ASSERT_TRUE(payload.ok());
  ASSERT_TRUE(r->Deliver(*payload, "delivery-1").ok());
  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 1u);
  const RecordedRequest& q = reqs[0];
  EXPECT_EQ(q.headers.at("X-Team"), "policy");
  EXPECT_EQ(q.headers.at("X-Newswatch-Delivery"), "delivery-1");
  const std::string ts = q.headers.at("X-Newswatch-Timestamp");
  EXPECT_EQ(q.headers.at("X-Newswatch-Signature"),
            "sha256=" + HexEncode(HmacSha256("s3cret", ts + "." + q.body)));
  auto j = nlohmann::json::parse(q.body);
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["group"]["province"], "310000");
  const auto& article = j["stories"][0]["event"]["article"];
  EXPECT_EQ(article["region"]["code"], "310110");
  EXPECT_EQ(article["document_kind"], "action-plan");
  EXPECT_EQ(article["targets"][0]["text"], "3500亿元");
  EXPECT_EQ(j["stories"][0]["other_outlets"][1], "人民网");
  EXPECT_NE(j["text"].get<std::string>().find("发文机关：杨浦区科学技术委员会"), std::string::npos);
}

TEST(WebhookReceiverTest, ServerErrorsAreRetryableClientErrorsAreNot) {
  HttpRecorder server;
  server.QueueReply(503, "busy");
  server.QueueReply(400, "bad");
  auto r = Build("  - {name: r, type: webhook, url: '" + server.Url("/h") + "'}\n");
  auto payload = r->Render(Sample());
  Status first = r->Deliver(*payload, "x");
  EXPECT_EQ(first.kind(), ErrorKind::kUnavailable);
  Status second = r->Deliver(*payload, "x");
  EXPECT_EQ(second.kind(), ErrorKind::kRefused);
}

TEST(WeComReceiverTest, MarkdownStaysWithin4096BytesAndCutsCleanly) {
  HttpRecorder server;
  auto r = Build("  - {name: r, type: wecom, url: '" + server.Url("/cgi-bin/webhook/send?key=k") + "'}\n");
  ASSERT_TRUE(r);
  auto payload = r->Render(Sample(60));
  ASSERT_TRUE(payload.ok());
  ASSERT_TRUE(r->Deliver(*payload, "x").ok());
  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].params.at("key"), "k");
  auto j = nlohmann::json::parse(reqs[0].body);
  EXPECT_EQ(j["msgtype"], "markdown");
  std::string content = j["markdown"]["content"];
  EXPECT_LE(content.size(), 4096u);
  EXPECT_GT(content.size(), 3000u) << "the budget should be used, not wasted";
  EXPECT_TRUE(ValidUtf8(content));
  EXPECT_NE(content.find("条未显示"), std::string::npos);
  EXPECT_NE(content.find("**[关于推进元宇宙产业发展的行动方案 story0](https://example.gov.cn/story0/gov-site)**"),
            std::string::npos);
}

TEST(WeComReceiverTest, RateLimitErrcodeIsRetryableOtherErrcodesAreNot) {
  HttpRecorder server;
  server.QueueReply(200, R"({"errcode":45009,"errmsg":"api freq out of limit"})");
  server.QueueReply(200, R"({"errcode":93000,"errmsg":"invalid webhook url"})");
  auto r = Build("  - {name: r, type: wecom, url: '" + server.Url("/w") + "'}\n");
  auto payload = r->Render(Sample());
  EXPECT_EQ(r->Deliver(*payload, "x").kind(), ErrorKind::kUnavailable);
  EXPECT_EQ(r->Deliver(*payload, "x").kind(), ErrorKind::kRefused);
}

TEST(DingTalkReceiverTest, SignsUrlWithTimestampAndHmacBase64) {
  HttpRecorder server;
  auto r = Build("  - {name: r, type: dingtalk, url: '" + server.Url("/robot/send?access_token=t") +
                 "', secret: SECabc}\n");
  auto payload = r->Render(Sample(200));
  ASSERT_TRUE(r->Deliver(*payload, "x").ok());
  auto q = server.requests().at(0);
  EXPECT_EQ(q.params.at("access_token"), "t");
  const std::string ts = q.params.at("timestamp");
  EXPECT_EQ(ts.size(), 13u) << "milliseconds";
  EXPECT_EQ(q.params.at("sign"), Base64Encode(HmacSha256("SECabc", ts + "\nSECabc")));
  auto j = nlohmann::json::parse(q.body);
  std::string text = j["markdown"]["text"];
  EXPECT_LE(text.size(), 20000u);
  EXPECT_TRUE(ValidUtf8(text));
  EXPECT_FALSE(j["markdown"]["title"].get<std::string>().empty());
}

TEST(FeishuReceiverTest, SignsBodyAndSendsAnInteractiveCard) {
  HttpRecorder server;
  auto r = Build("  - {name: r, type: feishu, url: '" + server.Url("/open-apis/bot/v2/hook/x") +
                 "', secret: fs}\n");
  auto payload = r->Render(Sample(300));
  ASSERT_TRUE(r->Deliver(*payload, "x").ok());
  auto q = server.requests().at(0);
  EXPECT_LE(q.body.size(), 30u * 1024);
  auto j = nlohmann::json::parse(q.body);
  const std::string ts = j["timestamp"];
  EXPECT_EQ(j["sign"], Base64Encode(HmacSha256(ts + "\nfs", "")));
  EXPECT_EQ(j["msg_type"], "interactive");
  EXPECT_EQ(j["card"]["elements"][0]["text"]["tag"], "lark_md");
}

TEST(SlackReceiverTest, TextWithin40000CharactersInMrkdwn) {
  HttpRecorder server(std::pair<int, std::string>{200, "ok"});
  auto r = Build("  - {name: r, type: slack, url: '" + server.Url("/services/x") + "'}\n");
  auto payload = r->Render(Sample(500));
  ASSERT_TRUE(r->Deliver(*payload, "x").ok());
  auto j = nlohmann::json::parse(server.requests().at(0).body);
  std::string text = j["text"];
  EXPECT_LE(CodePointCount(text), 40000u);
  EXPECT_GT(CodePointCount(text), 35000u);
  EXPECT_NE(text.find("*<https://example.gov.cn/story0/gov-site|"), std::string::npos);
}

TEST(EmailReceiverTest, LocalSmtpServerReceivesMultipartUtf8Mail) {
  SmtpRecorder smtp;
  auto r = Build("  - {name: r, type: email, url: 'smtp://127.0.0.1:" + std::to_string(smtp.port()) +
                 "', from: 'newswatch <nw@example.org>', to: [a@example.org, b@example.org], tls: none}\n");
  ASSERT_TRUE(r);
  auto payload = r->Render(Sample(2));
  ASSERT_TRUE(payload.ok());
  Status s = r->Deliver(*payload, "deliv-42");
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto cmds = smtp.commands();
  EXPECT_NE(std::find(cmds.begin(), cmds.end(), "MAIL FROM:<nw@example.org>"), cmds.end());
  EXPECT_NE(std::find(cmds.begin(), cmds.end(), "RCPT TO:<b@example.org>"), cmds.end());
  std::string data = smtp.data();
  EXPECT_NE(data.find("Message-ID: <deliv-42@newswatch-alert>"), std::string::npos);
  EXPECT_NE(data.find("Content-Type: multipart/alternative"), std::string::npos);
  EXPECT_NE(data.find("Subject: =?UTF-8?B?"), std::string::npos);
  // Decode the two parts and check they carry the Chinese text.
  size_t plain = data.find("Content-Type: text/plain; charset=UTF-8");
  size_t html = data.find("Content-Type: text/html; charset=UTF-8");
  ASSERT_NE(plain, std::string::npos);
  ASSERT_NE(html, std::string::npos);
  std::string plain_b64 = data.substr(data.find("\r\n\r\n", plain), html - data.find("\r\n\r\n", plain));
  plain_b64 = plain_b64.substr(0, plain_b64.find("--"));
  std::string text = Base64Decode(plain_b64);
  EXPECT_NE(text.find("关键数据：3500亿元（产业规模，2025年）；截止 2025-12-31"), std::string::npos) << text;
  EXPECT_NE(text.find("其他报道：新浪、人民网"), std::string::npos);
}

TEST(ExecReceiverTest, PipesJsonToCommandAndMapsExitCodes) {
  auto dir = std::filesystem::temp_directory_path() / ("nw-alert-exec-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string out = (dir / "out.json").string();
  auto r = Build("  - {name: r, type: exec, command: [/bin/sh, -c, 'cat > " + out +
                 "; echo $NEWSWATCH_DELIVERY_ID >> " + out + "']}\n");
  auto payload = r->Render(Sample());
  ASSERT_TRUE(r->Deliver(*payload, "dlv-7").ok());
  std::ifstream in(out);
  std::string json_line, id_line;
  std::getline(in, json_line);
  std::getline(in, id_line);
  EXPECT_EQ(nlohmann::json::parse(json_line)["stories"][0]["event"]["article"]["id"], "story0-gov-site");
  EXPECT_EQ(id_line, "dlv-7");
  auto temp = Build("  - {name: r, type: exec, command: [/bin/sh, -c, 'exit 75']}\n");
  EXPECT_EQ(temp->Deliver(*payload, "x").kind(), ErrorKind::kUnavailable);
  auto perm = Build("  - {name: r, type: exec, command: [/bin/sh, -c, 'exit 3']}\n");
  EXPECT_EQ(perm->Deliver(*payload, "x").kind(), ErrorKind::kRefused);
  std::filesystem::remove_all(dir);
}

TEST(FileReceiverTest, AppendsOneJsonLinePerNotification) {
  auto dir = std::filesystem::temp_directory_path() / ("nw-alert-file-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "n.jsonl").string();
  auto r = Build("  - {name: r, type: file, path: '" + path + "'}\n");
  auto payload = r->Render(Sample(2));
  ASSERT_TRUE(r->Deliver(*payload, "a").ok());
  ASSERT_TRUE(r->Deliver(*payload, "b").ok());
  std::ifstream in(path);
  std::string line;
  std::vector<std::string> ids;
  while (std::getline(in, line)) ids.push_back(nlohmann::json::parse(line)["delivery_id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "b"}));
  std::filesystem::remove_all(dir);
}

TEST(MessageFormatTest, OneHugeStoryIsCutAtACharacterBoundary) {
  Notification n = Sample(1);
  n.stories[0].event.title = "";
  for (int i = 0; i < 3000; ++i) n.stories[0].event.title += "元";
  for (size_t limit : {100u, 101u, 102u, 4096u}) {
    std::string text = RenderText(n, TextDialect::kMarkdown, limit);
    EXPECT_LE(text.size(), limit);
    EXPECT_TRUE(ValidUtf8(text)) << limit;
  }
  EXPECT_EQ(TruncateUtf8("元宇宙", 7), "元宇");
  EXPECT_EQ(TruncateUtf8("元宇宙", 2), "");
}

TEST(MessageFormatTest, TitleNamesProfileRegionKindAndCount) {
  Notification n = Sample(3);
  EXPECT_EQ(NotificationTitle(n),
            "【metaverse-policy】杨浦区·行动计划：关于推进元宇宙产业发展的行动方案 story0（等3条）");
  n.digest = true;
  EXPECT_EQ(NotificationTitle(n).rfind("【免打扰期间汇总】", 0), 0u);
}

}  // namespace
}  // namespace newswatch::alert

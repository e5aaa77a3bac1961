// DingTalk (钉钉) custom robot: {"msgtype":"markdown","markdown":{"title","text"}},
// text at most 20000 bytes. With a signing secret the URL gets
// &timestamp=<ms>&sign=urlencode(base64(HmacSHA256(secret, ts + "\n" + secret))).
// Replies {"errcode":0}; 130101 = sending too fast.
#include "alert/receivers/dingtalk.h"

#include <chrono>

#include <nlohmann/json.hpp>

#include "alert/message_format.h"
#include "alert/receivers/http_post.h"
#include "alert/receivers/signing.h"

namespace newswatch::alert {
namespace {

constexpr size_t kDingTalkTextBytes = 20000;

class DingTalkReceiver final : public Receiver {
 public:
  explicit DingTalkReceiver(const ReceiverSpec& spec)
      : name_(spec.name),
        url_(spec.Get("url")),
        secret_(spec.Get("secret")),
        timeout_(spec.GetInt("timeout_seconds", 10)) {}

  Result<std::string> Render(const Notification& n) const override {
    nlohmann::json body = {
        {"msgtype", "markdown"},
        {"markdown",
         {{"title", TruncateUtf8(NotificationTitle(n), 256)},
          {"text", RenderText(n, TextDialect::kMarkdown, kDingTalkTextBytes)}}}};
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }

  Status Deliver(const std::string& payload, const std::string&) override {
    std::string url = url_;
    if (!secret_.empty()) {
      const std::string ts = std::to_string(
          std::chrono::duration_cast<std::chrono::milliseconds>(
              std::chrono::system_clock::now().time_since_epoch())
              .count());
      const std::string sign = Base64Encode(HmacSha256(secret_, ts + "\n" + secret_));
      url += (url.find('?') == std::string::npos ? "?" : "&");
      url += "timestamp=" + ts + "&sign=" + UrlEncode(sign);
    }
    auto reply = http_.Post(url, payload, {}, std::chrono::seconds(timeout_));
    if (!reply.ok()) return reply.status();
    // 130101: sending too fast; -1: system busy.
    return CheckChatReply(*reply, name_, {{"errcode"}, "errmsg", {130101, -1}});
  }

 private:
  std::string name_, url_, secret_;
  int64_t timeout_;
  HttpPoster http_;
};

}  // namespace

ReceiverKind DingTalkReceiverKind() {
  return {"dingtalk",
          "DingTalk (钉钉) robot, markdown, optional signing secret",
          {{"url", OptionType::kSecret, true, "", "webhook URL with access_token (url_file / url_env)"},
           {"secret", OptionType::kSecret, false, "", "signing secret (SEC...)"},
           {"max_per_minute", OptionType::kInt, false, "20", "platform limit: 20 per robot"}},
          [](const ReceiverSpec& spec) -> Result<std::unique_ptr<Receiver>> {
            if (spec.Get("url").rfind("http", 0) != 0) return ConfigError("url must be http(s)");
            return std::unique_ptr<Receiver>(new DingTalkReceiver(spec));
          }};
}

}  // namespace newswatch::alert

// Feishu / Lark (飞书) custom bot: an interactive card whose body is lark_md,
// request at most ~30 KB. With a signing secret the body carries "timestamp"
// (seconds) and "sign" = base64(HmacSHA256(key = ts + "\n" + secret, data = "")).
// Replies {"code":0}; 9499 = too many requests.
#include "alert/receivers/feishu.h"

#include <chrono>

#include <nlohmann/json.hpp>

#include "alert/message_format.h"
#include "alert/receivers/http_post.h"
#include "alert/receivers/signing.h"

namespace newswatch::alert {
namespace {

constexpr size_t kFeishuContentBytes = 28000;  // leaves room for the card envelope

class FeishuReceiver final : public Receiver {
 public:
  explicit FeishuReceiver(const ReceiverSpec& spec)
      : name_(spec.name),
        url_(spec.Get("url")),
        secret_(spec.Get("secret")),
        timeout_(spec.GetInt("timeout_seconds", 10)) {}

  Result<std::string> Render(const Notification& n) const override {
    nlohmann::json card = {
        {"header",
         {{"template", n.digest ? "grey" : "blue"},
          {"title", {{"tag", "plain_text"}, {"content", TruncateUtf8(NotificationTitle(n), 512)}}}}},
        {"elements",
         nlohmann::json::array(
             {{{"tag", "div"},
               {"text",
                {{"tag", "lark_md"},
                 {"content", RenderText(n, TextDialect::kMarkdown, kFeishuContentBytes)}}}}})}};
    nlohmann::json body = {{"msg_type", "interactive"}, {"card", card}};
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }

  Status Deliver(const std::string& payload, const std::string&) override {
    std::string body = payload;
    if (!secret_.empty()) {
      auto j = nlohmann::json::parse(payload, nullptr, false);
      if (j.is_discarded()) return InvalidArgument(name_ + ": stored payload is not JSON");
      const std::string ts = std::to_string(
          std::chrono::duration_cast<std::chrono::seconds>(
              std::chrono::system_clock::now().time_since_epoch())
              .count());
      j["timestamp"] = ts;
      j["sign"] = Base64Encode(HmacSha256(ts + "\n" + secret_, ""));
      body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    auto reply = http_.Post(url_, body, {}, std::chrono::seconds(timeout_));
    if (!reply.ok()) return reply.status();
    // 9499: rate limit; -1: system busy.
    return CheckChatReply(*reply, name_, {{"code", "StatusCode"}, "msg", {9499, -1}});
  }

 private:
  std::string name_, url_, secret_;
  int64_t timeout_;
  HttpPoster http_;
};

}  // namespace

ReceiverKind FeishuReceiverKind() {
  return {"feishu",
          "Feishu / Lark (飞书) bot, interactive card, optional signing secret",
          {{"url", OptionType::kSecret, true, "", "webhook URL (url_file / url_env)"},
           {"secret", OptionType::kSecret, false, "", "signing secret"},
           {"max_per_minute", OptionType::kInt, false, "100", "platform limit: 100/min per bot"}},
          [](const ReceiverSpec& spec) -> Result<std::unique_ptr<Receiver>> {
            if (spec.Get("url").rfind("http", 0) != 0) return ConfigError("url must be http(s)");
            return std::unique_ptr<Receiver>(new FeishuReceiver(spec));
          }};
}

}  // namespace newswatch::alert

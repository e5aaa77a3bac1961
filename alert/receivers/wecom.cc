// WeCom (企业微信) group bot: {"msgtype":"markdown","markdown":{"content":...}}
// with content at most 4096 bytes. The bot key is part of the URL, so the URL
// is a secret (url_file / url_env). Replies {"errcode":0}; 45009 = rate limit.
#include "alert/receivers/wecom.h"

#include <nlohmann/json.hpp>

#include "alert/message_format.h"
#include "alert/receivers/http_post.h"

namespace newswatch::alert {
namespace {

constexpr size_t kWeComMarkdownBytes = 4096;

class WeComReceiver final : public Receiver {
 public:
  explicit WeComReceiver(const ReceiverSpec& spec)
      : name_(spec.name), url_(spec.Get("url")), timeout_(spec.GetInt("timeout_seconds", 10)) {}

  Result<std::string> Render(const Notification& n) const override {
    nlohmann::json body = {
        {"msgtype", "markdown"},
        {"markdown", {{"content", RenderText(n, TextDialect::kMarkdown, kWeComMarkdownBytes)}}}};
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }

  Status Deliver(const std::string& payload, const std::string&) override {
    auto reply = http_.Post(url_, payload, {}, std::chrono::seconds(timeout_));
    if (!reply.ok()) return reply.status();
    // 45009: rate limit; -1: system busy.
    return CheckChatReply(*reply, name_, {{"errcode"}, "errmsg", {45009, -1}});
  }

 private:
  std::string name_, url_;
  int64_t timeout_;
  HttpPoster http_;
};

}  // namespace

ReceiverKind WeComReceiverKind() {
  return {"wecom",
          "WeCom (企业微信) group bot, markdown",
          {{"url", OptionType::kSecret, true, "", "webhook URL with key= (url_file / url_env)"},
           {"max_per_minute", OptionType::kInt, false, "20", "platform limit: 20 per bot"}},
          [](const ReceiverSpec& spec) -> Result<std::unique_ptr<Receiver>> {
            if (spec.Get("url").rfind("http", 0) != 0) return ConfigError("url must be http(s)");
            return std::unique_ptr<Receiver>(new WeComReceiver(spec));
          }};
}

}  // namespace newswatch::alert

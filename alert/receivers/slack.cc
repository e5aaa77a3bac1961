// Slack incoming webhook: {"text": mrkdwn} with at most 40000 characters.
// Replies "ok" with 200; 429 with Retry-After when rate limited.
#include "alert/receivers/slack.h"

#include <nlohmann/json.hpp>

#include "alert/message_format.h"
#include "alert/receivers/http_post.h"

namespace newswatch::alert {
namespace {

constexpr size_t kSlackTextChars = 40000;

class SlackReceiver final : public Receiver {
 public:
  explicit SlackReceiver(const ReceiverSpec& spec)
      : name_(spec.name), url_(spec.Get("url")), timeout_(spec.GetInt("timeout_seconds", 10)) {}

  Result<std::string> Render(const Notification& n) const override {
    nlohmann::json body = {
        {"text", RenderText(n, TextDialect::kSlack, kSlackTextChars, SizeUnit::kCodePoints)},
        {"mrkdwn", true},
        {"unfurl_links", false}};
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }

  Status Deliver(const std::string& payload, const std::string&) override {
    auto reply = http_.Post(url_, payload, {}, std::chrono::seconds(timeout_));
    if (!reply.ok()) return reply.status();
    return StatusForHttp(*reply, name_);
  }

 private:
  std::string name_, url_;
  int64_t timeout_;
  HttpPoster http_;
};

}  // namespace

ReceiverKind SlackReceiverKind() {
  return {"slack",
          "Slack incoming webhook, mrkdwn",
          {{"url", OptionType::kSecret, true, "", "hooks.slack.com URL (url_file / url_env)"},
           {"max_per_minute", OptionType::kInt, false, "60", "Slack allows about 1 per second"}},
          [](const ReceiverSpec& spec) -> Result<std::unique_ptr<Receiver>> {
            if (spec.Get("url").rfind("http", 0) != 0) return ConfigError("url must be http(s)");
            return std::unique_ptr<Receiver>(new SlackReceiver(spec));
          }};
}

}  // namespace newswatch::alert

// Generic webhook. Body (JSON, UTF-8):
//   {"version":1, "receiver":"...", "route":"...",
//    "group":{"region":"310109",...}, "digest":false, "repeat":false,
//    "title":"...", "text":"<Chinese plain text>",
//    "stories":[{"event":<event JSON, see event_codec.h>, "other_outlets":[...]}]}
// Headers: X-Newswatch-Delivery (stable across retries), X-Newswatch-Timestamp
// (unix seconds), X-Newswatch-Signature: "sha256=" + hex HMAC-SHA256(secret,
// timestamp + "." + body) when a secret is configured; plus custom headers.
#include "alert/receivers/webhook.h"

#include <chrono>

#include <nlohmann/json.hpp>

#include "alert/event_codec.h"
#include "alert/message_format.h"
#include "alert/receivers/http_post.h"
#include "alert/receivers/signing.h"

namespace newswatch::alert {
namespace {

class WebhookReceiver final : public Receiver {
 public:
  explicit WebhookReceiver(const ReceiverSpec& spec)
      : name_(spec.name),
        url_(spec.Get("url")),
        secret_(spec.Get("secret")),
        timeout_(spec.GetInt("timeout_seconds", 10)),
        max_bytes_(static_cast<size_t>(spec.GetInt("max_bytes", 1 << 20))) {
    if (auto it = spec.maps.find("headers"); it != spec.maps.end()) headers_ = it->second;
  }

  Result<std::string> Render(const Notification& n) const override {
    nlohmann::json body;
    body["version"] = 1;
    body["receiver"] = n.receiver;
    body["route"] = n.route;
    nlohmann::json group = nlohmann::json::object();
    for (const auto& [k, v] : n.group_labels) group[k] = v;
    body["group"] = group;
    body["digest"] = n.digest;
    body["repeat"] = n.repeat;
    body["title"] = NotificationTitle(n);
    body["text"] = RenderText(n, TextDialect::kPlain, max_bytes_ / 2);
    nlohmann::json stories = nlohmann::json::array();
    for (const StoryReport& s : n.stories) {
      stories.push_back({{"event", EventToJsonValue(s.event)}, {"other_outlets", s.other_outlets}});
    }
    body["stories"] = stories;
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }

  Status Deliver(const std::string& payload, const std::string& delivery_id) override {
    // The delivery id goes in a header, not the stored body, so the body
    // bytes (and their signature input) are what Render produced.
    std::map<std::string, std::string> headers = headers_;
    const std::string ts = std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>(
            std::chrono::system_clock::now().time_since_epoch())
            .count());
    headers["X-Newswatch-Delivery"] = delivery_id;
    headers["X-Newswatch-Timestamp"] = ts;
    if (!secret_.empty()) {
      headers["X-Newswatch-Signature"] = "sha256=" + HexEncode(HmacSha256(secret_, ts + "." + payload));
    }
    auto reply = http_.Post(url_, payload, headers, std::chrono::seconds(timeout_));
    if (!reply.ok()) return reply.status();
    return StatusForHttp(*reply, name_);
  }

 private:
  std::string name_, url_, secret_;
  int64_t timeout_;
  size_t max_bytes_;
  std::map<std::string, std::string> headers_;
  HttpPoster http_;
};

}  // namespace

ReceiverKind WebhookReceiverKind() {
  return {"webhook",
          "POSTs the notification as JSON, signed with HMAC-SHA256",
          {{"url", OptionType::kString, true, "", "http(s) URL to POST to"},
           {"secret", OptionType::kSecret, false, "", "HMAC-SHA256 key for X-Newswatch-Signature"},
           {"headers", OptionType::kStringMap, false, "", "extra request headers"},
           {"max_bytes", OptionType::kInt, false, "1048576", "cap on the text field"}},
          [](const ReceiverSpec& spec) -> Result<std::unique_ptr<Receiver>> {
            if (spec.Get("url").rfind("http", 0) != 0) return ConfigError("url must be http(s)");
            return std::unique_ptr<Receiver>(new WebhookReceiver(spec));
          }};
}

}  // namespace newswatch::alert

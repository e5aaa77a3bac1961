// libFuzzer target: the alert router's decoding of events from a publisher it cannot trust,
// and the messages it renders from them. The first line is the topic, the rest a serialized
// Event; a decoded event goes through the JSON form (webhook, exec, file receivers) and the
// text and HTML renderings (chat, e-mail). Oracles: no crash, no sanitizer report, the JSON
// always parses back, rendered text respects its byte limit and is valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "alert/event_codec.h"
#include "alert/message_format.h"
#include "alert/notification.h"
#include "daemon/text/charset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newswatch;
  using namespace newswatch::alert;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const std::string_view topic = newline == std::string_view::npos ? "" : input.substr(0, newline);
  const std::string_view bytes =
      newline == std::string_view::npos ? input : input.substr(newline + 1);
  auto event = DecodeEvent(topic, bytes);
  if (!event.ok()) return 0;
  const std::string json = EventToJson(*event);
  if (nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false).is_discarded()) {
    std::abort();
  }
  Notification n;
  n.route = "route";
  n.receiver = "fuzz";
  n.stories.push_back(StoryReport{*event, {"other outlet"}});
  for (TextDialect dialect : {TextDialect::kPlain, TextDialect::kMarkdown, TextDialect::kSlack}) {
    const std::string text = RenderText(n, dialect, 2000);
    if (text.size() > 2000 || !IsValidUtf8(text)) std::abort();
  }
  (void)RenderHtml(n);
  (void)NotificationTitle(n);
  return 0;
}

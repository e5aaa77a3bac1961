// libFuzzer target: the JSON source's mapping of an API answer into articles, as the daemon
// runs it: JSON or JSONP, the item list found by its path, each item's title, link, time
// (epoch or date string), summary and body (text or HTML, itself hostile) mapped into an
// Article. Oracles: no crash, no sanitizer report, valid UTF-8 out (source_fuzz_util.h).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "fuzz/source_fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newswatch;
  static const char* const kSources[] = {
      "  - id: api\n    type: json\n    url: http://api.example.cn/roll\n"
      "    item_path: result.data\n    title_path: title\n    url_path: url\n"
      "    time_path: ctime\n    summary_path: intro\n    body_path: content\n"
      "    author_path: media_name\n",
      "  - id: api\n    type: json\n    url: http://api.example.cn/roll\n"
      "    item_path: data.list[0].items\n    title_path: t[1]\n    url_path: link.href\n"
      "    time_path: pub.time\n",
  };
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  // Built once (as the daemon does at start-up); each input is one poll's response.
  static std::vector<std::unique_ptr<Source>>* sources = [] {
    auto* built = new std::vector<std::unique_ptr<Source>>();
    for (const char* yaml : kSources) built->push_back(fuzz::BuildSource(yaml));
    return built;
  }();
  for (auto& source : *sources) {
    fuzz::FeedOneResponse(*source, body, "application/json");
  }
  return 0;
}

// libFuzzer target: the html-list source's XPath extraction. The input is a list page as a
// government site might serve it; items are picked by configured XPaths (item, link, title,
// date), links resolved against the page, dates parsed. Oracles: no crash, no sanitizer report,
// valid UTF-8 in every article that comes out (source_fuzz_util.h).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "fuzz/source_fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newswatch;
  static const char* const kSources[] = {
      // Explicit XPaths for every field, publishing the list's titles and dates.
      "  - id: list\n    type: html-list\n    url: http://www.example.gov.cn/xxgk/index.html\n"
      "    item_xpath: //ul[@class='list']/li\n    link_xpath: a/@href\n"
      "    title_xpath: a/@title\n    date_xpath: span\n    fetch_articles: false\n",
      // The defaults: the first link, its title or text, a date anywhere in the item. Article pages
      // are not fetched (the source object lives across inputs; nothing would answer them).
      "  - id: list\n    type: html-list\n    url: http://www.example.gov.cn/xxgk/index.html\n"
      "    item_xpath: //li | //tr\n    fetch_articles: false\n",
  };
  const std::string_view page(reinterpret_cast<const char*>(data), size);
  // Built once (as the daemon does at start-up); each input is one poll's response.
  static std::vector<std::unique_ptr<Source>>* sources = [] {
    auto* built = new std::vector<std::unique_ptr<Source>>();
    for (const char* yaml : kSources) built->push_back(fuzz::BuildSource(yaml));
    return built;
  }();
  for (auto& source : *sources) {
    fuzz::FeedOneResponse(*source, page, "text/html");
  }
  return 0;
}

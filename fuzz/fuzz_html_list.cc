// libFuzzer target: the html-list source's XPath extraction. The input is a list page as a
// government site might serve it; items are picked by configured XPaths (item, link, title,
// date), links resolved against the page, dates parsed. Oracles: no crash, no sanitizer report,
// valid UTF-8 in every article that comes out (source_fuzz_util.h).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/source_fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newswatch;
  static const char* const kSources[] = {
      // Explicit XPaths for every field, publishing the list's titles and dates.
      "  - id: list\n    type: html-list\n    url: http://www.example.gov.cn/xxgk/index.html\n"
      "    item_xpath: //ul[@class='list']/li\n    link_xpath: a/@href\n"
      "    title_xpath: a/@title\n    date_xpath: span\n    fetch_articles: false\n",
      // The defaults: the first link, its title or text, a date anywhere in the item.
      "  - id: list\n    type: html-list\n    url: http://www.example.gov.cn/xxgk/index.html\n"
      "    item_xpath: //li | //tr\n",
  };
  const std::string_view page(reinterpret_cast<const char*>(data), size);
  for (const char* yaml : kSources) {
    auto source = fuzz::BuildSource(yaml);
    fuzz::FeedOneResponse(*source, page, "text/html");
  }
  return 0;
}

// libFuzzer target: Jekyll/Hexo front matter (yaml-cpp) on spool files. Oracle: never fails,
// never crashes; the body is a suffix of the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "daemon/text/front_matter.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newswatch;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const Document doc = SplitFrontMatter(text);
  if (doc.body.size() > text.size()) std::abort();
  if (!doc.front_matter && doc.body != text && doc.body != text.substr(3)) {
    // Without front matter the body is the whole input (a UTF-8 BOM may be dropped).
    std::abort();
  }
  return 0;
}

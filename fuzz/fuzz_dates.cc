// libFuzzer target: date parsing (daemon/text/dates.h), fed by every feed and page. Oracles:
// no crash, no sanitizer report; a parsed offset within ±18 h (the parser's own bound); a date
// found in free text lies inside the text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "daemon/text/dates.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newswatch;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (int32_t offset : {0, 480}) {
    if (auto t = ParseDate(text, offset)) {
      if (t->utc_offset_minutes > 18 * 60 || t->utc_offset_minutes < -18 * 60) std::abort();
      (void)t->ToRfc3339();
    }
    if (auto found = FindDateInText(text, offset)) {
      if (found->begin >= found->end || found->end > text.size()) std::abort();
      (void)found->time.ToRfc3339Utc();
    }
  }
  return 0;
}

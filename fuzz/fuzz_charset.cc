// libFuzzer target: charset detection and decoding. The first byte picks the markup hint and
// an HTTP charset label (as a server would send), the rest is the document. Oracles: the
// output is always valid UTF-8 (the documented contract), and decoding valid UTF-8 without a
// BOM gives it back unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "daemon/text/charset.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newswatch;
  if (size == 0) return 0;
  static const char* const kLabels[] = {"", "utf-8", "gb2312", "gbk", "big5", "iso-8859-1",
                                        "utf-16", "shift_jis", "x-unknown-label", "utf-32"};
  static const MarkupKind kKinds[] = {MarkupKind::kUnknown, MarkupKind::kXml, MarkupKind::kHtml,
                                      MarkupKind::kText};
  const uint8_t selector = data[0];
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  const char* label = kLabels[(selector >> 2) % (sizeof(kLabels) / sizeof(kLabels[0]))];
  const DecodedText text = DecodeToUtf8(bytes, label, kKinds[selector & 3]);
  if (!IsValidUtf8(text.utf8)) std::abort();
  if (*label == '\0' && IsValidUtf8(bytes) && bytes.substr(0, 3) != "\xEF\xBB\xBF" &&
      text.source == CharsetSource::kUtf8Valid && text.utf8 != bytes) {
    std::abort();
  }
  (void)CharsetFromContentType(bytes);
  (void)CanonicalCharsetName(bytes);
  return 0;
}

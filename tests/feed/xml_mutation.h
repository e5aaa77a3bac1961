// Deterministic mutations of feed documents for tests that compare two parse paths on broken
// input (libxml2's recovery paths, where a set-aside marker or the SAX-built tree must not change
// what is read). Thread-safety: pure; the caller owns the seed.
#pragma once

#include <cstdint>
#include <string>

namespace newswatch::testing {

// `doc` cut, with bytes deleted, a markup fragment inserted, or a byte replaced; advances `seed`.
inline std::string MutateXml(const std::string& doc, uint32_t& seed) {
  static const char* const kInserts[] = {"<", "&",    "</item>", "<item>", "]]>", "<![CDATA[", "\"",
                                         ">", "<!--", "\r",      "</",     "<b>", "<?xml v?>"};
  const auto next = [&seed] {
    seed = seed * 1103515245 + 12345;
    return seed >> 8;
  };
  std::string out = doc;
  if (out.empty()) return out;
  const size_t at = next() % out.size();
  switch (next() % 4) {
    case 0:
      out.resize(at);
      break;
    case 1:
      out.erase(at, 1 + next() % 12);
      break;
    case 2:
      out.insert(at, kInserts[next() % (sizeof kInserts / sizeof *kInserts)]);
      break;
    default:
      out[at] = static_cast<char>(next());
      break;
  }
  return out;
}

}  // namespace newswatch::testing

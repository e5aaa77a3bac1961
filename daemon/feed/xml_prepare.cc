#include "daemon/feed/xml_prepare.h"

#include <libxml/HTMLparser.h>

#include <cctype>
#include <cstdint>
#include <cstring>
#include <map>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace newswatch {
namespace {

bool IsNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsNameChar(char c) {
  return IsNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ':';
}
bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Internal-subset entities with a plain literal value ("<!ENTITY copy 'Copyright'>") are kept
// by substitution; everything else in a DOCTYPE (external entities, parameter entities,
// entities referring to other entities) is dropped, which is what makes XXE and billion-laughs
// documents harmless.
std::map<std::string, std::string> SafeEntities(std::string_view subset) {
  std::map<std::string, std::string> out;
  size_t p = 0;
  while ((p = subset.find("<!ENTITY", p)) != std::string_view::npos) {
    p += 8;
    while (p < subset.size() && IsXmlSpace(subset[p])) ++p;
    if (p >= subset.size() || subset[p] == '%') continue;
    const size_t name_start = p;
    while (p < subset.size() && IsNameChar(subset[p])) ++p;
    const std::string name(subset.substr(name_start, p - name_start));
    while (p < subset.size() && IsXmlSpace(subset[p])) ++p;
    if (p >= subset.size() || (subset[p] != '"' && subset[p] != '\'')) continue;
    const char quote = subset[p];
    const size_t value_end = subset.find(quote, p + 1);
    if (value_end == std::string_view::npos) break;
    const std::string_view value = subset.substr(p + 1, value_end - p - 1);
    if (!name.empty() && value.find_first_of("&<%") == std::string_view::npos &&
        value.size() <= 1024 && out.size() < 256) {
      out.emplace(name, std::string(value));
    }
    p = value_end + 1;
  }
  return out;
}

// Returns the end of a DOCTYPE declaration starting at `p` ("<!DOCTYPE"), and its internal
// subset if any.
size_t DoctypeEnd(std::string_view s, size_t p, std::string_view& subset) {
  size_t i = p + 9;
  while (i < s.size() && s[i] != '>' && s[i] != '[') ++i;
  if (i < s.size() && s[i] == '[') {
    const size_t close = s.find("]", i);
    if (close == std::string_view::npos) return s.size();
    subset = s.substr(i + 1, close - i - 1);
    i = close;
    while (i < s.size() && s[i] != '>') ++i;
  }
  return i < s.size() ? i + 1 : s.size();
}

void AppendCodePointReference(std::string& out, unsigned code_point) {
  out += "&#";
  out += std::to_string(code_point);
  out += ';';
}

// What ScanText found in a run of text.
struct TextRun {
  size_t end = 0;         // one past the run
  bool stashable = true;  // libxml2 would keep it verbatim apart from line ends
  bool high = false;      // holds a non-ASCII byte
  bool has_cr = false;
  size_t newlines = 0;  // LF bytes: libxml2 counts lines by LF only, a lone CR is none
};

// Scans s[p, limit): with kStopAtMarkup, only up to the next '<' or '&'. Blocks of 16 bytes are
// classified at once (SSE2, part of every x86-64); the rest byte by byte.
template <bool kStopAtMarkup>
TextRun ScanText(std::string_view s, size_t p, size_t limit) {
  TextRun run;
  const auto* d = reinterpret_cast<const unsigned char*>(s.data());
  size_t i = p;
#if defined(__SSE2__)
  const __m128i lt = _mm_set1_epi8('<');
  const __m128i amp = _mm_set1_epi8('&');
  const __m128i space = _mm_set1_epi8(0x20);
  const __m128i gt = _mm_set1_epi8('>');
  const __m128i ef = _mm_set1_epi8(static_cast<char>(0xEF));
  const __m128i bf = _mm_set1_epi8(static_cast<char>(0xBF));
  const __m128i be = _mm_set1_epi8(static_cast<char>(0xBE));
  // Two bytes of look-ahead for U+FFFE / U+FFFF (EF BF BE, EF BF BF).
  while (i + 18 <= limit) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i));
    const auto all_high = static_cast<unsigned>(_mm_movemask_epi8(v));
    if (all_high == 0xFFFF) {
      // Sixteen bytes of multi-byte characters (most of a Chinese text): no markup, control
      // character or "]]>" can be among them; only U+FFFE / U+FFFF remain to rule out.
      run.high = true;
      const __m128i v1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i + 1));
      const __m128i v2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i + 2));
      const __m128i nonchar =
          _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(v, ef), _mm_cmpeq_epi8(v1, bf)),
                        _mm_cmpeq_epi8(_mm_max_epu8(v2, be), v2));
      if (_mm_movemask_epi8(nonchar) != 0) run.stashable = false;
      i += 16;
      continue;
    }
    unsigned keep = 0xFFFF;  // the bytes of this block that belong to the run
    unsigned stop = 0;
    if constexpr (kStopAtMarkup) {
      stop = static_cast<unsigned>(
          _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, amp))));
      if (stop != 0) keep = (1u << __builtin_ctz(stop)) - 1;
    }
    const unsigned high = all_high & keep;
    // Signed compare: bytes >= 0x80 are negative and show up too; they are masked out.
    const unsigned control =
        static_cast<unsigned>(_mm_movemask_epi8(_mm_cmplt_epi8(v, space))) & ~high & keep;
    const auto closing = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, gt))) & keep;
    run.high = run.high || high != 0;
    if (high != 0) {
      const __m128i v1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i + 1));
      const __m128i v2 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i + 2));
      const __m128i nonchar =
          _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(v, ef), _mm_cmpeq_epi8(v1, bf)),
                        _mm_cmpeq_epi8(_mm_max_epu8(v2, be), v2));
      if ((static_cast<unsigned>(_mm_movemask_epi8(nonchar)) & keep) != 0) run.stashable = false;
    }
    if (control != 0) {
      const auto lf =
          static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))));
      const auto cr =
          static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))));
      const auto tab =
          static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t'))));
      run.newlines += static_cast<size_t>(__builtin_popcount(lf & keep));
      if ((cr & keep) != 0) run.has_cr = true;
      if ((control & ~(lf | cr | tab)) != 0) run.stashable = false;
    }
    for (unsigned m = closing; m != 0; m &= m - 1) {
      const size_t at = i + static_cast<size_t>(__builtin_ctz(m));
      if (at >= p + 2 && d[at - 1] == ']' && d[at - 2] == ']') run.stashable = false;
    }
    if (stop != 0) {
      i += static_cast<size_t>(__builtin_ctz(stop));
      run.end = i;
      run.stashable =
          run.stashable && run.high && i - p >= TextStash::kMinRun && i - p <= TextStash::kMaxRun;
      return run;
    }
    i += 16;
  }
#endif
  for (; i < limit; ++i) {
    const unsigned char b = d[i];
    if (kStopAtMarkup && (b == '<' || b == '&')) break;
    if (b >= 0x80) {
      run.high = true;
      // U+FFFE and U+FFFF are not XML characters.
      if (b == 0xEF && i + 2 < limit && d[i + 1] == 0xBF && d[i + 2] >= 0xBE) {
        run.stashable = false;
      }
    } else if (b < 0x20) {
      if (b == '\n') {
        ++run.newlines;
      } else if (b == '\r') {
        run.has_cr = true;
      } else if (b != '\t') {
        run.stashable = false;
      }
    } else if (b == '>' && i >= p + 2 && d[i - 1] == ']' && d[i - 2] == ']') {
      run.stashable = false;
    }
  }
  run.end = i;
  run.stashable =
      run.stashable && run.high && i - p >= TextStash::kMinRun && i - p <= TextStash::kMaxRun;
  return run;
}

// Inside a start or end tag: the first '<' or '&' from `p`, or one past the '>' that ends the
// tag outside quoted attribute values (then `in_tag` becomes false). `quote` carries the open
// quote across calls.
size_t ScanTag(std::string_view s, size_t p, char& quote, bool& in_tag) {
  const auto* d = reinterpret_cast<const unsigned char*>(s.data());
  const size_t size = s.size();
  size_t i = p;
  while (true) {
#if defined(__SSE2__)
    // Skip to the next byte that can matter here.
    while (i + 16 <= size) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i));
      const __m128i hit =
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('<')),
                                    _mm_cmpeq_epi8(v, _mm_set1_epi8('&'))),
                       _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('>')),
                                                 _mm_cmpeq_epi8(v, _mm_set1_epi8('"'))),
                                    _mm_cmpeq_epi8(v, _mm_set1_epi8('\''))));
      const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
      if (mask != 0) {
        i += static_cast<size_t>(__builtin_ctz(mask));
        break;
      }
      i += 16;
    }
#endif
    if (i >= size) return size;
    const char t = s[i];
    if (t == '<' || t == '&') return i;
    if (quote != 0) {
      if (t == quote) quote = 0;
    } else if (t == '"' || t == '\'') {
      quote = t;
    } else if (t == '>') {
      in_tag = false;
      return i + 1;
    }
    ++i;
  }
}

}  // namespace

std::string_view PrepareXml(std::string_view s, size_t& fixes, TextStash* stash,
                            std::string& storage) {
  const bool stashing = stash != nullptr && TextStash::Usable(s);
  bool in_tag = false;    // between '<' of a start or end tag and its '>'
  char quote = 0;         // the quote of the attribute value being read, if any
  bool markup_ok = true;  // no '<' inside a tag seen; text after one is not set aside
  std::map<std::string, std::string> entities;
  size_t p = 0;
  while (p < s.size() && IsXmlSpace(s[p])) ++p;
  if (s.substr(p, 5) == "<?xml" && p + 5 < s.size() && IsXmlSpace(s[p + 5])) {
    const size_t end = s.find("?>", p);
    p = end == std::string_view::npos ? s.size() : end + 2;
  }
  // Spans kept as they are are copied only when something after them changes: `out` holds
  // s[begin, kept) rewritten, and s[kept, p) is still to be copied.
  const size_t begin = p;
  size_t kept = p;
  std::string& out = storage;
  out.clear();
  const auto keep_until = [&](size_t at) -> std::string& {
    if (out.empty()) out.reserve(s.size() - begin + 64);
    out.append(s.data() + kept, at - kept);
    return out;
  };
  bool seen_root = false;
  while (p < s.size()) {
    const char c = s[p];
    if (c == '<') {
      const char next = p + 1 < s.size() ? s[p + 1] : '\0';
      if (in_tag) markup_ok = false;
      if (next == '!' && s.compare(p, 9, "<![CDATA[") == 0) {
        const size_t end = s.find("]]>", p + 9);
        const size_t stop = end == std::string_view::npos ? s.size() : end + 3;
        TextRun run;
        if (stashing && markup_ok && !in_tag && end != std::string_view::npos &&
            end - p - 9 >= TextStash::kMinRun && end - p - 9 <= TextStash::kMaxRun) {
          run = ScanText<false>(s, p + 9, end);
        } else {
          run.stashable = false;
        }
        if (run.stashable) {
          stash->Add(s.substr(p + 9, run.end - p - 9), run.has_cr, run.newlines, keep_until(p));
          kept = stop;
        }
        p = stop;
        continue;
      }
      if (next == '!' && s.compare(p, 4, "<!--") == 0) {
        const size_t end = s.find("-->", p + 4);
        p = end == std::string_view::npos ? s.size() : end + 3;
        continue;
      }
      if (next == '?') {
        const size_t end = s.find("?>", p + 2);
        const size_t stop = end == std::string_view::npos ? s.size() : end + 2;
        // A second XML declaration (concatenated documents, or one after a comment) would stop
        // libxml2, or make it decode the text again in the charset it names; other processing
        // instructions (stylesheets) are harmless.
        const bool declaration =
            s.compare(p, 5, "<?xml") == 0 && p + 5 < s.size() && IsXmlSpace(s[p + 5]);
        if (declaration) {
          keep_until(p);
          kept = stop;
        }
        p = stop;
        continue;
      }
      if (next == '!' && !seen_root &&
          (s.compare(p, 9, "<!DOCTYPE") == 0 || s.compare(p, 9, "<!doctype") == 0)) {
        std::string_view subset;
        const size_t end = DoctypeEnd(s, p, subset);
        entities = SafeEntities(subset);
        ++fixes;
        keep_until(p);
        kept = end;
        p = end;
        continue;
      }
      const bool starts_tag = IsNameStart(next) || next == '/';
      if (IsNameStart(next)) seen_root = true;
      // After a '<' inside a tag, or one that starts nothing, libxml2's recovery may read what
      // follows differently from here: nothing after it is set aside.
      if (!starts_tag) markup_ok = false;
      in_tag = starts_tag;
      quote = 0;
      ++p;
      continue;
    }
    if (c != '&') {
      // A tag's inside, or text up to the next markup or reference.
      if (in_tag) {
        p = ScanTag(s, p, quote, in_tag);
        continue;
      }
      const TextRun run = ScanText<true>(s, p, s.size());
      if (stashing && markup_ok && run.stashable) {
        stash->Add(s.substr(p, run.end - p), run.has_cr, run.newlines, keep_until(p));
        kept = run.end;
      }
      p = run.end;
      continue;
    }
    // An entity or character reference, or a stray ampersand.
    size_t q = p + 1;
    if (q < s.size() && s[q] == '#') {
      size_t r = q + 1;
      const bool hex = r < s.size() && (s[r] == 'x' || s[r] == 'X');
      if (hex) ++r;
      const size_t digits_start = r;
      while (r < s.size() && (hex ? std::isxdigit(static_cast<unsigned char>(s[r]))
                                  : std::isdigit(static_cast<unsigned char>(s[r])))) {
        ++r;
      }
      if (r > digits_start && r < s.size() && s[r] == ';' && r - digits_start <= 8) {
        if (hex && s[q + 1] == 'X') {
          // "&#X41;": SGML and HTML allow the upper-case X, XML does not (feedparser reads it).
          std::string& rewritten = keep_until(p);
          rewritten += "&#x";
          rewritten += s.substr(digits_start, r + 1 - digits_start);
          kept = r + 1;
          ++fixes;
        }
        p = r + 1;
      } else {
        keep_until(p) += "&amp;";
        kept = ++p;
        ++fixes;
      }
      continue;
    }
    while (q < s.size() && IsNameChar(s[q]) && q - p < 64) ++q;
    if (q == p + 1 || q >= s.size() || s[q] != ';') {
      keep_until(p) += "&amp;";
      kept = ++p;
      ++fixes;
      continue;
    }
    const std::string name(s.substr(p + 1, q - p - 1));
    if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") {
      p = q + 1;
      continue;
    }
    std::string& rewritten = keep_until(p);
    if (const auto it = entities.find(name); it != entities.end()) {
      rewritten += it->second;
      ++fixes;
    } else if (const htmlEntityDesc* desc =
                   htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()))) {
      AppendCodePointReference(rewritten, desc->value);
    } else {
      rewritten += "&amp;";  // an unknown entity stays visible as text, as feedparser leaves it
      rewritten += name;
      rewritten += ';';
      ++fixes;
    }
    kept = p = q + 1;
  }
  if (kept == begin) return s.substr(begin);  // nothing rewritten: no copy
  keep_until(s.size());
  return out;
}

}  // namespace newswatch

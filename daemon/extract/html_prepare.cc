#include "daemon/extract/html_prepare.h"

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parserInternals.h>
#include <strings.h>

#include <array>
#include <climits>
#include <cstring>

#include "daemon/extract/html_arena.h"
#include "daemon/text/utf8.h"

namespace newswatch::extract_internal {
namespace {

// How it works. libxml2 2.9's HTML parser (htmlCurrentChar, xmlNextChar, htmlParseScript,
// htmlParseHTMLAttribute) costs tens to hundreds of instructions per character, and text,
// attribute values and script/style bodies are most of a page. The pre-pass copies the page and
// replaces each long such piece by one character, U+F0000 + the piece's number (a private-use
// character; pages holding any are not prepared); while the tree is built, every marker is
// replaced by its piece where it landed.
//
// Why the tree is the same. The prepared page equals the original up to the first marker, so
// libxml2 is in the same state there; where a marker lands says what libxml2 was doing when it
// read it, and for each kind below the original piece would have been read verbatim in that
// state and ended at the same byte, so the state after it is the same again:
// - text (no '<', '&', control character or U+FFFE/U+FFFF; first byte not blank; not right
//   after a reference name): found inside a text node or a script/style body, i.e. read by
//   htmlParseCharData or htmlParseScript. Leading blanks stay in place, so libxml2's blank-chunk
//   test (htmlCheckParagraph) sees the same first non-blank chunk.
// - script/style body (up to the first "</script" / "</style", any case; no control
//   character; not opening with '<' but for "<!", since htmlParseContentInternal looks for end
//   and auto-closing start tags before it calls htmlParseScript): found inside a CDATA node
//   whose parent is that element, i.e. read by htmlParseScript for it, which stops only at that
//   end tag.
// - comment body (up to the first "-->"; no "--!>", no control character): found as the
//   whole content of a comment node, so "<!--" came right before it and "-->" right after.
// - a run of attributes (values verbatim but for references, which DecodeAttributeValue
//   decodes as htmlParseHTMLAttribute does; no two attributes of the tag share a name; not on
//   meta, html, head or body, which libxml2 reads or moves): `a="M"` stands for
//   `a="1" b='2' c`. Found as a whole attribute value, so libxml2 read `a=` and the same quotes,
//   and would have read the same attributes from the original.
// A marker found anywhere else, twice, or not at all makes the PieceRestorer incomplete, and
// the page is parsed again without the pre-pass. The pre-pass's own tokenizer (a model of
// htmlParseContentInternal) thus only decides how much is set aside, never whether the tree is
// right; where it meets something it does not model it sets nothing more aside.
//
// Nor is anything set aside on a page with risky names (see Preparer::RiskyName), on which
// libxml2 itself is not deterministic.

using Kind = PreparedHtml::Kind;
using Piece = PreparedHtml::Piece;

// Larger pages would meet libxml2's 10 MB text-node limit, which set-aside text would not.
constexpr size_t kMaxPreparedSize = 8u << 20;
// Shorter pieces cost less to parse than to restore (profiled on corpus/pages).
constexpr size_t kMinText = 16;
constexpr size_t kMinBody = 16;
constexpr size_t kMinAttribute = 8;
constexpr uint32_t kMaxPieces = 0xFFFE;  // U+F0000..U+FFFFD

constexpr unsigned char kMarkerLead = kPieceMarkerLead;  // first byte of U+C0000..U+FFFFF
constexpr size_t kMarkerSize = 4;

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighs = 0x8080808080808080ULL;
// True if some byte of `w` is below `n` (n <= 128), or equals `c`, or lies strictly between
// `m` and `n` (m < 128, n <= 128).
constexpr bool HasLess(uint64_t w, uint64_t n) { return ((w - kOnes * n) & ~w & kHighs) != 0; }
constexpr bool HasByte(uint64_t w, unsigned char c) { return HasLess(w ^ (kOnes * c), 1); }
constexpr bool HasBetween(uint64_t w, uint64_t m, uint64_t n) {
  return ((kOnes * (127 + n) - (w & kOnes * 127)) & ~w & ((w & kOnes * 127) + kOnes * (127 - m)) &
          kHighs) != 0;
}
// A control character other than tab, line feed and carriage return.
constexpr bool HasBadControl(uint64_t w) {
  return HasLess(w, 9) || HasBetween(w, 0x0A, 0x0D) || HasBetween(w, 0x0D, 0x20);
}

// Byte classes, looked up in one table (the tokenizer asks per byte).
enum : uint8_t { kBlankClass = 1, kNameStartClass = 2, kNameCharClass = 4 };
constexpr std::array<uint8_t, 256> kByteClass = [] {
  std::array<uint8_t, 256> t{};
  for (unsigned char c : {' ', '\t', '\n', '\r'}) t[c] = kBlankClass;
  for (int c = 0; c < 256; ++c) {
    const bool letter = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    if (letter || c == '_' || c == ':' || c == '.') t[c] |= kNameStartClass | kNameCharClass;
    if ((c >= '0' && c <= '9') || c == '-') t[c] |= kNameCharClass;
  }
  return t;
}();

bool IsBlank(unsigned char c) { return (kByteClass[c] & kBlankClass) != 0; }
bool IsAsciiLetter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool IsHexDigit(unsigned char c) { return IsDigit(c) || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }
// htmlParseHTMLName: element and attribute names.
bool IsNameStart(unsigned char c) { return (kByteClass[c] & kNameStartClass) != 0; }
bool IsNameChar(unsigned char c) { return (kByteClass[c] & kNameCharClass) != 0; }
constexpr size_t kMaxName = 100;  // HTML_PARSER_BUFFER_SIZE: longer names are cut

// A text piece must not start where libxml2 may still be reading a reference's name.
bool TextMayStartAfter(unsigned char c) {
  return !(IsNameChar(c) || c == '&' || c == '#' || c >= 0x80);
}

bool EqualsLower(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) | 0x20) != static_cast<unsigned char>(lower[i])) {
      return false;
    }
  }
  return true;
}

// True unless some "&#...;" could decode to a marker character (libxml2 decodes character
// references in text and attribute values; more than eight digits could overflow its int).
bool CharRefsSafe(std::string_view s) {
  for (size_t i = s.find("&#"); i != std::string_view::npos; i = s.find("&#", i + 2)) {
    size_t q = i + 2;
    const bool hex = q < s.size() && (s[q] == 'x' || s[q] == 'X');
    if (hex) ++q;
    while (q < s.size() && s[q] == '0') ++q;
    uint64_t value = 0;
    int digits = 0;
    for (; q < s.size(); ++q) {
      const auto c = static_cast<unsigned char>(s[q]);
      if (hex ? !IsHexDigit(c) : !IsDigit(c)) break;
      if (++digits > 8) return false;
      value = value * (hex ? 16 : 10) + (IsDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    if (value >= 0xC0000 && value <= 0xFFFFF) return false;
  }
  return true;
}

// Pieces are checked one by one (Verbatim); the page as a whole must only hold nothing a
// marker could be taken for.
bool Eligible(std::string_view s) {
  return !s.empty() && s.size() <= kMaxPreparedSize &&
         std::memchr(s.data(), kMarkerLead, s.size()) == nullptr && CharRefsSafe(s);
}

// One attribute of a start tag as htmlParseAttribute reads it: name, blanks, '=', blanks,
// value (quoted up to the same quote, or up to a blank or '>').
struct TagAttribute {
  size_t name_begin = 0;
  size_t name_end = 0;
  bool has_value = false;
  unsigned char quote = 0;  // of a quoted value
  size_t value_begin = 0;   // the value without its quotes
  size_t value_end = 0;
  size_t end = 0;      // just after the attribute
  bool bogus = false;  // no name: dumped by libxml2
                       // up to a blank or the end of the tag
  bool plain = false;  // the value is printable ASCII without '&' (so verbatim)
  // Set by Preparer::Decodable: where the decoded value is in PreparedHtml::decoded.
  bool decoded = false;
  size_t decoded_begin = 0;
  size_t decoded_size = 0;
};

// Reads the attribute whose name starts at `p` (IsNameStart). Returns false if libxml2 reads it
// differently from this model (a name libxml2 cuts) or it runs to the end of `d[0, n)`.
bool ReadAttribute(const unsigned char* d, size_t n, size_t p, TagAttribute* a) {
  a->name_begin = p;
  while (p < n && IsNameChar(d[p])) ++p;
  a->name_end = p;
  if (p - a->name_begin >= kMaxName) return false;
  a->has_value = false;
  a->bogus = false;
  a->plain = false;
  a->quote = 0;
  size_t q = p;
  while (q < n && IsBlank(d[q])) ++q;
  if (q >= n || d[q] != '=') {
    a->end = p;
    return true;
  }
  ++q;
  while (q < n && IsBlank(d[q])) ++q;
  if (q >= n) return false;
  a->has_value = true;
  bool plain = true;
  if (d[q] == '"' || d[q] == '\'') {
    const unsigned char quote = d[q];
    a->quote = quote;
    a->value_begin = ++q;
    // Up to the quote, 8 bytes at a time, noting whether anything but plain ASCII is met.
    for (; q + 8 <= n; q += 8) {
      uint64_t w;
      std::memcpy(&w, d + q, 8);
      if (HasByte(w, quote)) break;
      if ((w & kHighs) != 0 || HasLess(w, 0x20) || HasByte(w, '&')) plain = false;
    }
    for (; q < n && d[q] != quote; ++q) {
      if (d[q] >= 0x80 || d[q] < 0x20 || d[q] == '&') plain = false;
    }
    if (q >= n) return false;
    a->value_end = q;
    a->end = q + 1;
    a->plain = plain;
    return true;
  }
  a->value_begin = q;
  for (; q < n && !IsBlank(d[q]) && d[q] != '>'; ++q) {
    if (d[q] >= 0x80 || d[q] < 0x20 || d[q] == '&') plain = false;
  }
  a->value_end = q;
  a->end = q;
  a->plain = plain;
  return q < n;
}

bool IsXmlChar(uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

// Appends the value htmlParseHTMLAttribute makes of `raw` (an attribute value's bytes, which
// libxml2 reads up to a quote, blank or '>' that follows them): character and entity references
// decoded, an unknown entity kept as "&name". Returns false where this does not replicate
// libxml2: a reference name with non-ASCII letters, a character reference it turns into NUL,
// one of more than six digits.
bool DecodeAttributeValue(std::string_view raw, std::string* out) {
  const auto* d = reinterpret_cast<const unsigned char*>(raw.data());
  const size_t n = raw.size();
  if (std::memchr(d, '&', n) == nullptr) {
    out->append(raw);
    return true;
  }
  size_t i = 0;
  while (i < n) {
    if (d[i] != '&') {
      const void* amp = std::memchr(d + i, '&', n - i);
      const size_t next =
          amp == nullptr ? n : static_cast<size_t>(static_cast<const unsigned char*>(amp) - d);
      out->append(raw.data() + i, next - i);
      i = next;
      continue;
    }
    size_t q = i + 1;
    if (q < n && d[q] == '#') {  // htmlParseCharRef
      ++q;
      const bool hex = q < n && (d[q] == 'x' || d[q] == 'X');
      if (hex) ++q;
      uint32_t value = 0;
      int digits = 0;
      for (; q < n && d[q] != ';'; ++q) {
        const unsigned char c = d[q];
        if (hex ? !IsHexDigit(c) : !IsDigit(c)) break;
        if (value != 0 || c != '0') ++digits;
        if (digits > 6) return false;
        value = value * (hex ? 16 : 10) + (IsDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
      }
      if (q < n && d[q] == ';') ++q;
      if (!IsXmlChar(value)) return false;
      AppendUtf8(value, *out);
      i = q;
      continue;
    }
    // htmlParseEntityRef: an ASCII name (htmlParseName's fast path), then ';'.
    if (q < n && d[q] >= 0x80) return false;
    if (q >= n || !(IsAsciiLetter(d[q]) || d[q] == '_' || d[q] == ':')) {
      out->push_back('&');
      i = q;
      continue;
    }
    ++q;
    while (q < n && (IsAsciiLetter(d[q]) || IsDigit(d[q]) || d[q] == '_' || d[q] == '-' ||
                     d[q] == ':' || d[q] == '.')) {
      ++q;
    }
    if (q < n && d[q] >= 0x80) return false;
    const std::string name(raw.substr(i + 1, q - i - 1));
    if (q < n && d[q] == ';') {
      if (const htmlEntityDesc* entity =
              htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()))) {
        AppendUtf8(entity->value, *out);
        i = q + 1;
        continue;
      }
    }
    out->push_back('&');
    out->append(name);
    i = q;
  }
  return true;
}

class Preparer {
 public:
  explicit Preparer(std::string_view s, PreparedHtml* out)
      : s_(s), d_(reinterpret_cast<const unsigned char*>(s.data())), n_(s.size()), out_(out) {
    out_->text.reserve(n_);
  }

  void Run() {
    size_t p = 0;
    while (p < n_) {
      const size_t end = FindMarkup(p);
      MaybeSetAsideText(p, end);
      p = end;
      if (p >= n_) break;
      p = d_[p] == '&' ? Reference(p) : Markup(p);
    }
    if (abandoned_) {
      out_->pieces.clear();
      out_->risky_names = true;
    }
    if (out_->pieces.empty()) {
      out_->text.clear();
    } else {
      out_->text.append(s_.substr(copied_));
    }
  }

 private:
  // The next '<' or '&' from p, or the end.
  size_t FindMarkup(size_t p) const {
    while (p + 8 <= n_) {
      uint64_t w;
      std::memcpy(&w, d_ + p, 8);
      if (HasByte(w, '<') || HasByte(w, '&')) break;
      p += 8;
    }
    while (p < n_ && d_[p] != '<' && d_[p] != '&') ++p;
    return p;
  }

  // True if libxml2 would copy s_[p, end) verbatim wherever it reads it: well-formed UTF-8 (no
  // overlongs, surrogates or values above U+10FFFF), no NUL or other control character but tab,
  // LF and CR, no U+FFFE or U+FFFF.
  bool Verbatim(size_t p, size_t end) const {
    while (p < end) {
      if (end - p >= 8) {
        uint64_t w;
        std::memcpy(&w, d_ + p, 8);
        if ((w & kHighs) == 0 && (!HasLess(w, 0x20) || !HasBadControl(w))) {
          p += 8;
          continue;
        }
      }
      const unsigned char c = d_[p];
      if (c < 0x80) {
        if (c < 0x20 && !IsBlank(c)) return false;
        ++p;
        continue;
      }
      auto cont = [&](size_t k) { return (d_[p + k] & 0xC0) == 0x80; };
      if (c < 0xC2) return false;  // a continuation byte, or an overlong lead
      if (c < 0xE0) {
        if (end - p < 2 || !cont(1)) return false;
        p += 2;
      } else if (c < 0xF0) {
        // Runs of 3-byte characters (Chinese text) in a tight loop; E1..EC need no range check.
        while (end - p >= 3 && d_[p] >= 0xE1 && d_[p] <= 0xEC && (d_[p + 1] & 0xC0) == 0x80 &&
               (d_[p + 2] & 0xC0) == 0x80) {
          p += 3;
        }
        if (p >= end || (d_[p] & 0xF0) != 0xE0) continue;
        do {
          if (end - p < 3 || (d_[p + 1] & 0xC0) != 0x80 || (d_[p + 2] & 0xC0) != 0x80) {
            return false;
          }
          const unsigned char lead = d_[p];
          const unsigned char c1 = d_[p + 1];
          if ((lead == 0xE0 && c1 < 0xA0) || (lead == 0xED && c1 >= 0xA0)) return false;
          if (lead == 0xEF && c1 == 0xBF && d_[p + 2] >= 0xBE) return false;  // U+FFFE, U+FFFF
          p += 3;
        } while (p < end && (d_[p] & 0xF0) == 0xE0);
      } else {
        if (c > 0xF4 || end - p < 4 || !cont(1) || !cont(2) || !cont(3)) return false;
        if ((c == 0xF0 && d_[p + 1] < 0x90) || (c == 0xF4 && d_[p + 1] >= 0x90)) return false;
        p += 4;
      }
    }
    return true;
  }

  bool CleanAt(size_t p) const {
    const unsigned char b = d_[p];
    if (b < 0x20) return IsBlank(b);
    return !(b == 0xEF && p + 2 < n_ && d_[p + 1] == 0xBF && d_[p + 2] >= 0xBE);
  }

  // True if s_[p, end) holds only characters libxml2 copies verbatim.
  bool Clean(size_t p, size_t end) const {
    while (p < end) {
      if (p + 8 <= end) {
        uint64_t w;
        std::memcpy(&w, d_ + p, 8);
        if (!HasByte(w, 0xEF) && (!HasLess(w, 0x20) || !HasBadControl(w))) {
          p += 8;
          continue;
        }
      }
      if (!CleanAt(p)) return false;
      ++p;
    }
    return true;
  }

  void MaybeSetAsideText(size_t p, size_t end) {
    while (p < end && IsBlank(d_[p])) ++p;
    if (end - p < kMinText || p == 0 || !TextMayStartAfter(d_[p - 1]) || !Verbatim(p, end)) {
      return;
    }
    SetAside(p, end, Kind::kText);
  }

  // Replaces s_[begin, end) by `before`, the marker and `after`.
  void SetAside(size_t begin, size_t end, Kind kind, std::string_view before = {},
                std::string_view after = {}) {
    const size_t index = out_->pieces.size();
    if (index >= kMaxPieces) return;
    std::string& text = out_->text;
    text.append(s_.data() + copied_, begin - copied_);
    text.append(before);
    // U+F0000 + index in UTF-8.
    text.push_back(static_cast<char>(kMarkerLead));
    text.push_back(static_cast<char>(0xB0 | (index >> 12)));
    text.push_back(static_cast<char>(0x80 | ((index >> 6) & 0x3F)));
    text.push_back(static_cast<char>(0x80 | (index & 0x3F)));
    text.append(after);
    out_->pieces.push_back(
        {static_cast<uint32_t>(begin), static_cast<uint32_t>(end - begin), kind});
    copied_ = end;
  }

  // After '&': the reference's name or digits and its ';' (the text after a name without ';'
  // is not set aside: see TextMayStartAfter).
  size_t Reference(size_t amp) {
    size_t p = amp + 1;
    if (p < n_ && d_[p] == '#') {
      ++p;
    } else if (RiskyName(p)) {
      return Abandon();
    }
    while (p < n_ && IsNameChar(d_[p])) ++p;
    if (p < n_ && d_[p] == ';') ++p;
    return p;
  }

  // libxml2 2.9 parses non-ASCII names (of references, PIs, DOCTYPEs) with
  // htmlParseNameComplex, which starts over, losing what it read, if the input buffer moves
  // under it. The buffer can move only near the end of the input, and whether it does depends
  // on its size (which the pre-pass changes) and on the heap: such pages do not even parse the
  // same twice. A name is "risky" if it may run past 90 characters (the first buffer check is
  // after 100) or to the end of the page; the page is then parsed as it is.
  bool RiskyName(size_t p) const {
    bool high = false;
    size_t chars = 0;
    for (; p < n_; ++p) {
      const unsigned char c = d_[p];
      if (c >= 0x80) {
        high = true;
        if ((c & 0xC0) != 0x80) ++chars;
      } else if (IsNameChar(c)) {
        ++chars;
      } else {
        break;
      }
    }
    return high && (p == n_ || chars > 90);
  }

  // True if a reference in s_[from, to) has a risky name.
  bool RiskyReferences(size_t from, size_t to) const {
    for (const void* hit = std::memchr(d_ + from, '&', to - from); hit != nullptr;) {
      const auto at = static_cast<size_t>(static_cast<const unsigned char*>(hit) - d_);
      if (at + 1 < n_ && d_[at + 1] != '#' && RiskyName(at + 1)) return true;
      hit = at + 1 < to ? std::memchr(d_ + at + 1, '&', to - at - 1) : nullptr;
    }
    return false;
  }

  // Gives the pre-pass up for the whole page (see RiskyName).
  size_t Abandon() {
    abandoned_ = true;
    return n_;
  }

  // Stops modelling at `at`: the rest is copied as it is, but what libxml2 may read there as a
  // risky name still counts.
  size_t Stop(size_t at) {
    for (size_t p = at; p < n_; ++p) {
      const unsigned char c = d_[p];
      if (c == '&' && p + 1 < n_ && d_[p + 1] != '#' && RiskyName(p + 1)) return Abandon();
      if (c == '<' && p + 1 < n_ && d_[p + 1] == '?' && RiskyName(p + 2)) return Abandon();
      if (c == '<' && p + 9 <= n_ && d_[p + 1] == '!' &&
          EqualsLower(s_.substr(p + 2, 7), "doctype") && RiskyName(SkipBlanks(p + 9))) {
        return Abandon();
      }
    }
    return n_;
  }

  // At '<' in content: what htmlParseContentInternal does there. Returns where content
  // resumes, or n_ to stop.
  size_t Markup(size_t lt) {
    const unsigned char c1 = lt + 1 < n_ ? d_[lt + 1] : 0;
    if (c1 == '/') {
      // htmlParseEndTag: "</" and a name, skipped to the next '>'; without a name only "</"
      // is consumed.
      if (lt + 2 < n_ && IsNameStart(d_[lt + 2])) return After('>', lt + 2);
      return lt + 2;
    }
    if (c1 == '!') {
      if (s_.compare(lt, 4, "<!--") == 0) return Comment(lt + 4);
      if (lt + 9 <= n_ && EqualsLower(s_.substr(lt + 2, 7), "doctype")) return Doctype(lt + 9);
      return lt + 1;  // a lone '<' is text
    }
    if (c1 == '?') {
      if (lt + 2 < n_ && (IsAsciiLetter(d_[lt + 2]) || d_[lt + 2] == '_' || d_[lt + 2] == ':')) {
        // htmlParsePI: up to the first '>', unless a control character stops it first.
        const size_t gt = Find('>', lt + 2);
        if (RiskyName(lt + 2)) return Abandon();
        if (gt == n_ || !Clean(lt + 2, gt)) return Stop(lt);
        return gt + 1;
      }
      if (lt + 2 < n_ && d_[lt + 2] >= 0x80) return Abandon();  // a non-ASCII PI target
      return lt + 2;
    }
    if (IsAsciiLetter(c1)) return StartTag(lt);
    return lt + 1;
  }

  size_t Find(char c, size_t from) const {
    if (from >= n_) return n_;
    const void* hit = std::memchr(d_ + from, c, n_ - from);
    return hit == nullptr ? n_ : static_cast<size_t>(static_cast<const unsigned char*>(hit) - d_);
  }
  size_t After(char c, size_t from) const {
    const size_t at = Find(c, from);
    return at == n_ ? n_ : at + 1;
  }

  // htmlParseComment: the body ends at the first "-->" or "--!>"; a comment never closed
  // swallows the rest of the page.
  size_t Comment(size_t body) {
    const size_t close = s_.find("-->", body);
    const size_t bang =
        s_.substr(0, close == std::string_view::npos ? n_ : close).find("--!>", body);
    if (close == std::string_view::npos && bang == std::string_view::npos) return Stop(body);
    if (bang != std::string_view::npos) {
      if (!Clean(body, bang)) return Stop(body);
      return bang + 4;
    }
    if (close - body >= kMinBody && Verbatim(body, close)) {
      SetAside(body, close, Kind::kComment);
    } else if (!Clean(body, close)) {
      return Stop(body);  // libxml2 drops the comment there: not modelled
    }
    return close + 3;
  }

  // htmlParseDocTypeDecl: to the first '>' outside its quoted literals.
  size_t Doctype(size_t p) {
    if (RiskyName(SkipBlanks(p))) return Abandon();
    const size_t start = p;
    unsigned char quote = 0;
    for (; p < n_; ++p) {
      const unsigned char c = d_[p];
      if (quote != 0) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '>') {
        return p + 1;
      }
    }
    return Stop(start);
  }

  size_t SkipBlanks(size_t p) const {
    while (p < n_ && IsBlank(d_[p])) ++p;
    return p;
  }

  // htmlParseStartTag and htmlParseElementInternal; a script or style element's body follows.
  size_t StartTag(size_t lt) {
    size_t p = lt + 1;
    const size_t name_begin = p;
    while (p < n_ && IsNameChar(d_[p])) ++p;
    if (p - name_begin >= kMaxName) return Stop(lt);
    const std::string_view name = s_.substr(name_begin, p - name_begin);
    attributes_.clear();
    bool empty = false;  // "/>": no body follows
    while (true) {
      p = SkipBlanks(p);
      if (p >= n_) return n_;
      const unsigned char c = d_[p];
      if (c == '>') {
        ++p;
        break;
      }
      if (c == '/' && p + 1 < n_ && d_[p + 1] == '>') {
        p += 2;
        empty = true;
        break;
      }
      TagAttribute& a = attributes_.emplace_back();
      if (!IsNameStart(c)) {
        // A bogus attribute, dumped up to the next blank or the end of the tag.
        a.bogus = true;
        a.name_begin = p;
        while (p < n_ && !IsBlank(d_[p]) && d_[p] != '>' &&
               !(d_[p] == '/' && p + 1 < n_ && d_[p + 1] == '>')) {
          ++p;
        }
        a.end = p;
        continue;
      }
      if (!ReadAttribute(d_, n_, p, &a)) return Stop(p);
      if (a.has_value && RiskyReferences(a.value_begin, a.value_end)) return Abandon();
      p = a.end;
    }
    SetAsideAttributes(name);
    if (empty) return p;
    if (EqualsLower(name, "script")) return Body(p, "script", Kind::kScript);
    if (EqualsLower(name, "style")) return Body(p, "style", Kind::kStyle);
    return p;
  }

  // Whether attribute `a` can be set aside: its value libxml2 would read verbatim but for
  // references DecodeAttributeValue replicates.
  bool Decodable(TagAttribute& a) {
    a.decoded = false;
    if (!a.has_value) return true;
    if (a.quote == 0 && a.value_end == a.value_begin) return false;
    if (a.plain) return true;
    if (!Verbatim(a.value_begin, a.value_end)) return false;
    if (std::memchr(d_ + a.value_begin, '&', a.value_end - a.value_begin) == nullptr) return true;
    std::string& decoded = out_->decoded;
    a.decoded_begin = decoded.size();
    if (!DecodeAttributeValue(s_.substr(a.value_begin, a.value_end - a.value_begin), &decoded)) {
      decoded.resize(a.decoded_begin);
      return false;
    }
    a.decoded = true;
    a.decoded_size = decoded.size() - a.decoded_begin;
    return true;
  }

  void AddRunAttribute(const TagAttribute& a) {
    PreparedHtml::Attribute r;
    r.name_begin = static_cast<uint32_t>(a.name_begin);
    r.name_size = static_cast<uint32_t>(a.name_end - a.name_begin);
    r.has_value = a.has_value;
    r.from_decoded = a.decoded;
    r.value_begin = static_cast<uint32_t>(a.decoded ? a.decoded_begin : a.value_begin);
    r.value_size = static_cast<uint32_t>(a.decoded ? a.decoded_size : a.value_end - a.value_begin);
    out_->attributes.push_back(r);
  }

  // Runs of attributes go behind one marker, the value of their first: `a="M"` stands for
  // `a="1" b='2' c`. Not on meta, html, head and body (libxml2 reads or moves their attributes)
  // nor where two attributes share a name (libxml2 keeps the first).
  void SetAsideAttributes(std::string_view element) {
    if (attributes_.empty() || EqualsLower(element, "meta") || EqualsLower(element, "html") ||
        EqualsLower(element, "head") || EqualsLower(element, "body")) {
      return;
    }
    for (size_t i = 0; i < attributes_.size(); ++i) {
      const TagAttribute& a = attributes_[i];
      if (a.bogus) continue;
      for (size_t j = i + 1; j < attributes_.size(); ++j) {
        const TagAttribute& b = attributes_[j];
        if (!b.bogus && b.name_end - b.name_begin == a.name_end - a.name_begin &&
            strncasecmp(s_.data() + a.name_begin, s_.data() + b.name_begin,
                        a.name_end - a.name_begin) == 0) {
          return;
        }
      }
    }
    for (size_t i = 0; i < attributes_.size();) {
      TagAttribute& first = attributes_[i];
      if (first.bogus || !first.has_value || !Decodable(first)) {
        ++i;
        continue;
      }
      size_t k = i + 1;
      while (k < attributes_.size() && !attributes_[k].bogus && Decodable(attributes_[k])) ++k;
      if ((k - i >= 2 || first.value_end - first.value_begin >= kMinAttribute) &&
          out_->pieces.size() < kMaxPieces) {
        const std::string_view quote(reinterpret_cast<const char*>(&first.quote), 1);
        if (first.quote != 0) {
          SetAside(first.value_begin, attributes_[k - 1].end, Kind::kAttribute, {}, quote);
        } else {
          SetAside(first.value_begin, attributes_[k - 1].end, Kind::kAttribute, "\"", "\"");
        }
        PreparedHtml::Piece& piece = out_->pieces.back();
        piece.first_attribute = static_cast<uint32_t>(out_->attributes.size());
        piece.attribute_count = static_cast<uint32_t>(k - i);
        for (size_t j = i; j < k; ++j) AddRunAttribute(attributes_[j]);
      }
      i = k;
    }
  }

  // htmlParseScript: raw text up to "</name" in any case, then htmlParseEndTag.
  size_t Body(size_t body, std::string_view name, Kind kind) {
    // htmlParseContentInternal looks for an end tag or an auto-closing start tag before it
    // reads a body: a body opening with one is not modelled.
    if (body + 1 < n_ && d_[body] == '<' && d_[body + 1] != '!' &&
        !(d_[body + 1] == '/' && EqualsLower(s_.substr(body + 2, name.size()), name))) {
      return Stop(body);
    }
    size_t end = body;
    while (true) {
      end = Find('<', end);
      if (end + 2 + name.size() > n_) return n_;  // the body runs to the end of the page
      if (d_[end + 1] == '/' && EqualsLower(s_.substr(end + 2, name.size()), name)) break;
      ++end;
    }
    // "</scripts>" would not close the element, and the body would go on.
    if (end + 2 + name.size() < n_ && IsNameChar(d_[end + 2 + name.size()])) return Stop(end);
    if (end - body >= kMinBody && Verbatim(body, end)) {
      SetAside(body, end, kind);
    } else if (!Clean(body, end)) {
      return Stop(body);  // htmlParseScript stops there: not modelled
    }
    return After('>', end + 2 + name.size());
  }

  std::string_view s_;
  const unsigned char* d_;
  size_t n_;
  PreparedHtml* out_;
  std::vector<TagAttribute> attributes_;  // of the start tag being read
  size_t copied_ = 0;                     // s_[0, copied_) is in out_->text
  bool abandoned_ = false;
};

}  // namespace

void PrepareHtml(std::string_view html_utf8, PreparedHtml* out) {
  out->text.clear();
  out->pieces.clear();
  out->attributes.clear();
  out->decoded.clear();
  out->risky_names = false;
  out->eligible = Eligible(html_utf8);
  if (out->eligible) Preparer(html_utf8, out).Run();
}

PreparedHtml PrepareHtml(std::string_view html_utf8) {
  PreparedHtml prepared;
  PrepareHtml(html_utf8, &prepared);
  return prepared;
}

PieceRestorer::PieceRestorer(std::string_view html_utf8, const PreparedHtml& prepared)
    : html_(html_utf8), prepared_(prepared), restored_(prepared.pieces.size(), 0) {}

int PieceRestorer::Take(std::string_view s, size_t k) {
  const auto* c = reinterpret_cast<const unsigned char*>(s.data());
  if (k + kMarkerSize > s.size() || c[k] != kMarkerLead || (c[k + 1] & 0xF0) != 0xB0 ||
      (c[k + 2] & 0xC0) != 0x80 || (c[k + 3] & 0xC0) != 0x80) {
    ok_ = false;
    return -1;
  }
  const size_t index = ((c[k + 1] & 0x0Fu) << 12) | ((c[k + 2] & 0x3Fu) << 6) | (c[k + 3] & 0x3Fu);
  if (index >= restored_.size() || restored_[index] != 0) {
    ok_ = false;
    return -1;
  }
  restored_[index] = 1;
  ++count_;
  return static_cast<int>(index);
}

std::string_view PieceRestorer::PieceText(size_t index) const {
  const Piece& piece = prepared_.pieces[index];
  return html_.substr(piece.begin, piece.size);
}

void PieceRestorer::AppendText(std::string_view chunk, bool cdata, std::string_view parent,
                               std::string* out) {
  size_t pos = 0;
  for (size_t k = chunk.find(static_cast<char>(kMarkerLead)); k != std::string_view::npos;
       k = chunk.find(static_cast<char>(kMarkerLead), pos)) {
    out->append(chunk.substr(pos, k - pos));
    const int index = Take(chunk, k);
    if (index < 0) return;
    const Kind kind = prepared_.pieces[static_cast<size_t>(index)].kind;
    // Text may land in text or in a script/style body; a body only in its own element.
    if ((kind == Kind::kScript || kind == Kind::kStyle) &&
        !(cdata && parent == (kind == Kind::kScript ? "script" : "style"))) {
      ok_ = false;
    } else if (kind != Kind::kText && kind != Kind::kScript && kind != Kind::kStyle) {
      ok_ = false;
    }
    out->append(PieceText(static_cast<size_t>(index)));
    pos = k + kMarkerSize;
  }
  out->append(chunk.substr(pos));
}

std::string_view PieceRestorer::Comment(std::string_view content) {
  if (content.empty() || static_cast<unsigned char>(content[0]) != kMarkerLead) return content;
  const int index = Take(content, 0);
  if (index < 0) return content;
  if (content.size() != kMarkerSize ||
      prepared_.pieces[static_cast<size_t>(index)].kind != Kind::kComment) {
    ok_ = false;
    return content;
  }
  return PieceText(static_cast<size_t>(index));
}

bool PieceRestorer::Attributes(std::string_view value, std::string_view* first_value,
                               std::vector<Attribute>* more) {
  more->clear();
  const int index = Take(value, 0);
  if (index < 0) return false;
  const Piece& piece = prepared_.pieces[static_cast<size_t>(index)];
  if (value.size() != kMarkerSize || piece.kind != Kind::kAttribute || piece.attribute_count == 0) {
    ok_ = false;
    return false;
  }
  auto value_of = [this](const PreparedHtml::Attribute& a) {
    const std::string_view from = a.from_decoded ? std::string_view(prepared_.decoded) : html_;
    return from.substr(a.value_begin, a.value_size);
  };
  const PreparedHtml::Attribute* run = prepared_.attributes.data() + piece.first_attribute;
  *first_value = value_of(run[0]);
  for (uint32_t i = 1; i < piece.attribute_count; ++i) {
    more->push_back({html_.substr(run[i].name_begin, run[i].name_size), run[i].has_value,
                     run[i].has_value ? value_of(run[i]) : std::string_view()});
  }
  return true;
}

}  // namespace newswatch::extract_internal

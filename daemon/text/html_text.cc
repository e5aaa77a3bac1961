#include "daemon/text/html_text.h"

#include "daemon/text/utf8.h"

#include <libxml/HTMLparser.h>
#include <libxml/entities.h>

#include <algorithm>
#include <iterator>
#include <climits>
#include <cstdint>
#include <vector>

#include "daemon/text/charset.h"
#include "daemon/text/libxml_owners.h"

namespace newswatch {
namespace {

// Decodes the code point at s[i] (valid UTF-8 assumed, guarded anyway); sets *len.
uint32_t DecodeUtf8At(std::string_view s, size_t i, size_t* len) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  size_t n = b0 < 0x80 ? 1 : b0 < 0xE0 ? 2 : b0 < 0xF0 ? 3 : 4;
  if (i + n > s.size()) n = 1;
  *len = n;
  if (n == 1) return b0;
  uint32_t cp = b0 & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return cp;
}

bool IsFoldedSpace(uint32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
         cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
         cp == 0x205F || cp == 0x1680 || cp == 0x85;
}

bool IsZeroWidth(uint32_t cp) { return cp == 0x200B || cp == 0xFEFF || cp == 0x2060; }

// East Asian wide/full-width characters (Hangul excluded), for which CSS drops a line break
// between two of them instead of rendering a space.
bool IsWideCjk(uint32_t cp) {
  return (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF) ||
         (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
         (cp >= 0xFF01 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
         (cp >= 0x20000 && cp <= 0x3FFFD);
}

// Collects paragraphs of folded text.
class ParagraphWriter {
 public:
  // Appends text; whitespace folds, a newline inside <pre> ends the paragraph.
  void AppendText(std::string_view s, bool preformatted) {
    for (size_t i = 0; i < s.size();) {
      size_t len = 1;
      const uint32_t cp = DecodeUtf8At(s, i, &len);
      const std::string_view bytes = s.substr(i, len);
      i += len;
      if (preformatted && cp == '\n') {
        Break();
      } else if (IsFoldedSpace(cp)) {
        if (!current_.empty()) {
          pending_space_ = true;
          pending_has_newline_ |= (cp == '\n' || cp == '\r');
          pending_only_segment_break_ &= (cp == '\n' || cp == '\r' || cp == ' ' || cp == '\t');
        }
      } else if (!IsZeroWidth(cp) && cp != 0) {
        if (pending_space_) {
          const bool drop = pending_has_newline_ && pending_only_segment_break_ &&
                            IsWideCjk(last_cp_) && IsWideCjk(cp);
          if (!drop) current_.push_back(' ');
        }
        ResetPending();
        current_.append(bytes);
        last_cp_ = cp;
      }
    }
  }

  // A separator that is not a paragraph break (between table cells).
  void Space() {
    if (!current_.empty()) {
      pending_space_ = true;
      pending_only_segment_break_ = false;
    }
  }

  // Ends the current paragraph, if it has any text.
  void Break() {
    if (!current_.empty()) {
      if (!out_.empty()) out_.push_back('\n');
      out_.append(current_);
      current_.clear();
    }
    ResetPending();
    last_cp_ = 0;
  }

  std::string Finish() {
    Break();
    return std::move(out_);
  }

 private:
  void ResetPending() {
    pending_space_ = false;
    pending_has_newline_ = false;
    pending_only_segment_break_ = true;
  }

  std::string out_;
  std::string current_;
  uint32_t last_cp_ = 0;
  bool pending_space_ = false;
  bool pending_has_newline_ = false;
  bool pending_only_segment_break_ = true;
};

template <size_t N>
bool NameIn(std::string_view name, const std::string_view (&names)[N]) {
  return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

constexpr std::string_view kSkipped[] = {
    "head", "script", "style", "noscript", "template", "iframe", "object",
    "embed", "svg", "math", "canvas", "select", "textarea"};

constexpr std::string_view kBlocks[] = {
    "p",       "div",     "br",         "li",      "ul",       "ol",      "dl",     "dt",
    "dd",      "h1",      "h2",         "h3",      "h4",       "h5",      "h6",     "tr",
    "table",   "thead",   "tbody",      "tfoot",   "caption",  "section", "article", "blockquote",
    "pre",     "header",  "footer",     "nav",     "aside",    "main",    "figure", "figcaption",
    "form",    "fieldset", "legend",    "address", "hr",       "center",  "details", "summary",
    "body",    "html",    "title",      "option",  "hgroup",   "menu"};

constexpr std::string_view kCells[] = {"td", "th"};

class TreeTextWriter {
 public:
  std::string Run(xmlDoc* doc) {
    xmlNode* const root = reinterpret_cast<xmlNode*>(doc);
    xmlNode* node = doc->children;
    while (node != nullptr) {
      if (Enter(node)) {
        node = node->children;
        continue;
      }
      while (node != nullptr && node->next == nullptr) {
        node = node->parent;
        if (node == nullptr || node == root) return writer_.Finish();
        Leave(node);
      }
      if (node != nullptr) node = node->next;
    }
    return writer_.Finish();
  }

 private:
  // Handles the start of a node; returns true to descend into its children. An element that
  // is not descended into is also left here.
  bool Enter(xmlNode* node) {
    switch (node->type) {
      case XML_TEXT_NODE:
      case XML_CDATA_SECTION_NODE:
        writer_.AppendText(XmlCharsAsChars(node->content), pre_depth_ > 0);
        return false;
      case XML_ELEMENT_NODE: {
        const std::string_view name = XmlCharsAsChars(node->name);
        if (NameIn(name, kSkipped)) return false;
        if (NameIn(name, kBlocks)) writer_.Break();
        if (name == "pre") ++pre_depth_;
        if (node->children != nullptr) return true;
        Leave(node);
        return false;
      }
      default:  // comments, processing instructions, DTD
        return false;
    }
  }

  void Leave(xmlNode* node) {
    if (node->type != XML_ELEMENT_NODE) return;
    const std::string_view name = XmlCharsAsChars(node->name);
    if (NameIn(name, kBlocks)) writer_.Break();
    if (NameIn(name, kCells)) writer_.Space();
    if (name == "pre" && pre_depth_ > 0) --pre_depth_;
  }

  ParagraphWriter writer_;
  int pre_depth_ = 0;
};

// libxml2 abandons UTF-8 for Latin-1 at the first invalid byte, and stops at NUL; hand it
// clean UTF-8 only.
std::string SanitizeUtf8(std::string_view s) {
  if (IsValidUtf8(s) && s.find('\0') == std::string_view::npos) return std::string(s);
  const DecodedText d = DecodeToUtf8(s, "utf-8", MarkupKind::kText);
  std::string out;
  out.reserve(d.utf8.size());
  for (char c : d.utf8) {
    if (c != '\0') out.push_back(c);
  }
  return out;
}

// Decodes &name; &#123; &#x1F; in plain text; anything else stays as written.
std::string DecodeEntities(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out.push_back(s[i]);
      continue;
    }
    const size_t semi = s.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 32) {
      out.push_back('&');
      continue;
    }
    const std::string name(s.substr(i + 1, semi - i - 1));
    uint32_t cp = 0;
    if (name.size() >= 2 && name[0] == '#') {
      const bool hex = name[1] == 'x' || name[1] == 'X';
      const std::string digits = name.substr(hex ? 2 : 1);
      if (!digits.empty() &&
          std::all_of(digits.begin(), digits.end(), [hex](char c) {
            return (c >= '0' && c <= '9') ||
                   (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
          }) &&
          digits.size() <= 8) {
        cp = static_cast<uint32_t>(std::stoul(digits, nullptr, hex ? 16 : 10));
      }
    } else if (const htmlEntityDesc* e =
                   htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()))) {
      cp = e->value;
    }
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      out.push_back('&');
      continue;
    }
    AppendUtf8(cp, out);
    i = semi;
  }
  return out;
}

std::string PlainTextToText(std::string_view text) {
  const std::string decoded = DecodeEntities(text);
  ParagraphWriter writer;
  size_t start = 0;
  while (start <= decoded.size()) {
    size_t end = decoded.find('\n', start);
    if (end == std::string::npos) end = decoded.size();
    writer.AppendText(std::string_view(decoded).substr(start, end - start), false);
    writer.Break();
    start = end + 1;
  }
  return writer.Finish();
}

constexpr std::string_view kKnownTags[] = {
    "a",      "abbr",    "address", "article", "aside",  "b",       "big",     "blockquote",
    "body",   "br",      "caption", "center",  "cite",   "code",    "dd",      "del",
    "details", "div",    "dl",      "dt",      "em",     "embed",   "figcaption", "figure",
    "font",   "footer",  "form",    "h1",      "h2",     "h3",      "h4",      "h5",
    "h6",     "head",    "header",  "hr",      "html",   "i",       "iframe",  "img",
    "input",  "ins",     "label",   "li",      "link",   "main",    "meta",    "nav",
    "noscript", "ol",    "p",       "pre",     "q",      "s",       "script",  "section",
    "small",  "source",  "span",    "strike",  "strong", "style",   "sub",     "sup",
    "table",  "tbody",   "td",      "th",      "title",  "tr",      "u",       "ul"};

}  // namespace

bool LooksLikeHtml(std::string_view text) {
  for (size_t at = text.find('<'); at != std::string_view::npos; at = text.find('<', at + 1)) {
    size_t i = at + 1;
    if (i < text.size() && text[i] == '!') {
      // <!DOCTYPE html> or <!-- comment -->
      const std::string_view rest = text.substr(i + 1, 7);
      if (rest.substr(0, 2) == "--") return true;
      std::string lower(rest);
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](char c) { return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c; });
      if (lower == "doctype") return true;
      continue;
    }
    if (i < text.size() && text[i] == '/') ++i;
    size_t end = i;
    while (end < text.size() && end - i < 12 &&
           ((text[end] >= 'a' && text[end] <= 'z') || (text[end] >= 'A' && text[end] <= 'Z') ||
            (text[end] >= '0' && text[end] <= '9')))
      ++end;
    if (end == i || end >= text.size()) continue;
    const char after = text[end];
    if (after != '>' && after != ' ' && after != '/' && after != '\t' && after != '\n' &&
        after != '\r')
      continue;
    std::string name(text.substr(i, end - i));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](char c) { return (c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c; });
    if (NameIn(name, kKnownTags)) return true;
  }
  return false;
}

std::string HtmlToText(std::string_view html_utf8) {
  if (!LooksLikeHtml(html_utf8)) return PlainTextToText(SanitizeUtf8(html_utf8));
  const std::string clean = SanitizeUtf8(html_utf8);
  // XML_PARSE_HUGE lifts the 256-level depth limit (libxml2 would drop all text after it);
  // callers bound the input size, and the tree walk below is iterative.
  const int size = static_cast<int>(std::min<size_t>(clean.size(), INT_MAX));
  XmlDocPtr doc(htmlReadMemory(clean.data(), size, nullptr, "UTF-8",
                               HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                   HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE));
  if (!doc) return "";
  return TreeTextWriter().Run(doc.get());
}

}  // namespace newswatch

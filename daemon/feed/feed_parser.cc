#include "daemon/feed/feed_parser.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "daemon/core/url.h"
#include "daemon/text/charset.h"
#include "daemon/text/dates.h"

namespace newswatch {
namespace {

// ---- Move-only owners of libxml2 handles -------------------------------------------------

struct XmlDocDeleter {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocDeleter>;

struct XmlParserCtxtDeleter {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};
using XmlParserCtxtPtr = std::unique_ptr<xmlParserCtxt, XmlParserCtxtDeleter>;

struct XmlBufferDeleter {
  void operator()(xmlBuffer* b) const { xmlBufferFree(b); }
};
using XmlBufferPtr = std::unique_ptr<xmlBuffer, XmlBufferDeleter>;

struct XmlCharDeleter {
  void operator()(xmlChar* s) const { xmlFree(s); }
};
using XmlCharPtr = std::unique_ptr<xmlChar, XmlCharDeleter>;

std::string TakeXmlString(xmlChar* s) {
  XmlCharPtr owned(s);
  return s ? std::string(reinterpret_cast<const char*>(s)) : std::string();
}

const char* Chars(const xmlChar* s) { return reinterpret_cast<const char*>(s); }

// ---- Pre-parse clean-up: no DTD, HTML entities as numeric references ----------------------

constexpr size_t kMaxWarnings = 10;

struct ErrorSink {
  std::vector<std::string> messages;
  size_t count = 0;
};

// libxml2 2.9 hands structured errors the parser context; the sink rides in its _private.
void CollectXmlError(void* user, xmlErrorPtr error) {
  auto* ctxt = static_cast<xmlParserCtxt*>(user);
  if (ctxt == nullptr || ctxt->_private == nullptr) return;
  auto* sink = static_cast<ErrorSink*>(ctxt->_private);
  ++sink->count;
  if (error == nullptr || sink->messages.size() >= kMaxWarnings) return;
  std::string message = error->message ? error->message : "XML error";
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  sink->messages.push_back("line " + std::to_string(error->line) + ": " + message);
}

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

// ---- Text set aside from libxml2 ----------------------------------------------------------
//
// libxml2 2.9 reads non-ASCII character data one code point at a time (xmlCurrentChar,
// xmlCopyCharMultiByte: ~45 % of parsing a Chinese feed). PrepareXml therefore sets aside long
// runs of non-ASCII text (CDATA sections, and character data between markup and references)
// and leaves a short marker in their place: U+E000, the run's index, the run's line breaks (so
// that libxml2's error line numbers do not move), U+E001. RestoreStashedText puts the runs back
// into the text nodes after the parse. Only runs libxml2 would take verbatim are set aside (no
// control characters, no noncharacters, no "]]>"), and a document that already contains U+E000
// is parsed without the stash.

constexpr std::string_view kStashOpen = "\xEE\x80\x80";   // U+E000
constexpr std::string_view kStashClose = "\xEE\x80\x81";  // U+E001
constexpr size_t kMinStashedRun = 24;                       // bytes; shorter runs are cheap

// The runs point into the decoded document (or into `normalized`), which outlive the parse.
struct TextStash {
  bool enabled = false;
  std::vector<std::string_view> runs;
  std::deque<std::string> normalized;  // runs whose CR / CR LF became LF
};

// What ScanText found in a run of text.
struct TextRun {
  size_t end = 0;        // one past the run
  bool stashable = true;  // libxml2 would keep it verbatim apart from line ends
  bool high = false;      // holds a non-ASCII byte
  bool has_cr = false;
  size_t newlines = 0;    // line breaks after end-of-line handling
};

constexpr uint64_t kOnes = 0x0101010101010101ULL;
constexpr uint64_t kHighs = 0x8080808080808080ULL;
// True if some byte of `w` is below `n` (n <= 128), or equals `c`.
constexpr bool HasLess(uint64_t w, uint64_t n) { return ((w - kOnes * n) & ~w & kHighs) != 0; }
constexpr bool HasByte(uint64_t w, unsigned char c) { return HasLess(w ^ (kOnes * c), 1); }

// Scans s[p, limit): with kStopAtMarkup, only up to the next '<' or '&'. Words of 8 plain bytes
// (no control character, '<', '&', '>' or 0xEF) are taken at once.
template <bool kStopAtMarkup>
TextRun ScanText(std::string_view s, size_t p, size_t limit) {
  TextRun run;
  const auto* d = reinterpret_cast<const unsigned char*>(s.data());
  uint64_t high_bits = 0;
  size_t i = p;
  while (i < limit) {
    if (i + 8 <= limit) {
      uint64_t w;
      std::memcpy(&w, d + i, 8);
      if (!HasLess(w, 0x20) && !HasByte(w, '>') && !HasByte(w, 0xEF) &&
          !(kStopAtMarkup && (HasByte(w, '<') || HasByte(w, '&')))) {
        high_bits |= w;
        i += 8;
        continue;
      }
    }
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
        if (i + 1 >= limit || d[i + 1] != '\n') ++run.newlines;
      } else if (b != '\t') {
        run.stashable = false;
      }
    } else if (b == '>' && i >= p + 2 && d[i - 1] == ']' && d[i - 2] == ']') {
      run.stashable = false;
    }
    ++i;
  }
  run.end = i;
  run.high = run.high || (high_bits & kHighs) != 0;
  run.stashable = run.stashable && run.high && i - p >= kMinStashedRun;
  return run;
}

// Sets s[p, run.end) aside and appends its marker to `out`.
void StashRun(std::string_view s, size_t p, const TextRun& run, TextStash& stash,
              std::string& out) {
  const std::string_view text = s.substr(p, run.end - p);
  out += kStashOpen;
  out += std::to_string(stash.runs.size());
  out.append(run.newlines, '\n');
  out += kStashClose;
  if (!run.has_cr) {
    stash.runs.push_back(text);
    return;
  }
  std::string& normalized = stash.normalized.emplace_back();  // XML end-of-line handling
  normalized.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      normalized += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      normalized += text[i];
    }
  }
  stash.runs.push_back(normalized);
}

// Rewrites the decoded document for libxml2: drops the XML declaration (the text is UTF-8 now,
// whatever it declared) and any DOCTYPE, turns HTML named entities into numeric references and
// stray '&' into "&amp;", leaving CDATA sections, comments and processing instructions as they
// are. Counts what it changed in `fixes`. With `stash`, long non-ASCII text is set aside (see
// TextStash); the stash is enabled only if the document holds no U+E000.
std::string PrepareXml(std::string_view s, size_t& fixes, TextStash* stash) {
  if (stash != nullptr) stash->enabled = s.find(kStashOpen) == std::string_view::npos;
  const bool stashing = stash != nullptr && stash->enabled;
  bool in_tag = false;     // between '<' of a start or end tag and its '>'
  char quote = 0;          // the quote of the attribute value being read, if any
  bool markup_ok = true;   // no '<' inside a tag seen; text after one is not set aside
  std::string out;
  out.reserve(s.size() + s.size() / 16);
  std::map<std::string, std::string> entities;
  size_t p = 0;
  while (p < s.size() && IsXmlSpace(s[p])) ++p;
  if (s.substr(p, 5) == "<?xml" && p + 5 < s.size() && IsXmlSpace(s[p + 5])) {
    const size_t end = s.find("?>", p);
    p = end == std::string_view::npos ? s.size() : end + 2;
  }
  bool seen_root = false;
  while (p < s.size()) {
    const char c = s[p];
    if (c == '<') {
      if (s.compare(p, 9, "<![CDATA[") == 0) {
        const size_t end = s.find("]]>", p + 9);
        const size_t stop = end == std::string_view::npos ? s.size() : end + 3;
        TextRun run;
        if (stashing && markup_ok && !in_tag && end != std::string_view::npos &&
            end - p - 9 >= kMinStashedRun) {
          run = ScanText<false>(s, p + 9, end);
        } else {
          run.stashable = false;
        }
        if (run.stashable) {
          StashRun(s, p + 9, run, *stash, out);
        } else {
          out.append(s.substr(p, stop - p));
        }
        p = stop;
        continue;
      }
      if (s.compare(p, 4, "<!--") == 0) {
        const size_t end = s.find("-->", p + 4);
        const size_t stop = end == std::string_view::npos ? s.size() : end + 3;
        out.append(s.substr(p, stop - p));
        p = stop;
        continue;
      }
      if (s.compare(p, 2, "<?") == 0) {
        const size_t end = s.find("?>", p + 2);
        const size_t stop = end == std::string_view::npos ? s.size() : end + 2;
        // A second XML declaration (concatenated documents, or one after a comment) would stop
        // libxml2; other processing instructions (stylesheets) are harmless.
        if (s.compare(p, 6, "<?xml ") != 0) out.append(s.substr(p, stop - p));
        p = stop;
        continue;
      }
      if (!seen_root && (s.compare(p, 9, "<!DOCTYPE") == 0 || s.compare(p, 9, "<!doctype") == 0)) {
        std::string_view subset;
        const size_t end = DoctypeEnd(s, p, subset);
        entities = SafeEntities(subset);
        ++fixes;
        p = end;
        continue;
      }
      if (p + 1 < s.size() && IsNameStart(s[p + 1])) seen_root = true;
      if (in_tag) markup_ok = false;
      in_tag = p + 1 < s.size() && (IsNameStart(s[p + 1]) || s[p + 1] == '/');
      quote = 0;
      out += c;
      ++p;
      continue;
    }
    if (c != '&') {
      // Plain text up to the next markup or reference, copied in one piece (profiled: the
      // byte-at-a-time copy was 7 % of parsing a large feed).
      size_t next = p;
      if (in_tag) {
        // Up to the end of the tag, outside quoted attribute values.
        for (; next < s.size() && s[next] != '<' && s[next] != '&'; ++next) {
          const char t = s[next];
          if (quote != 0) {
            if (t == quote) quote = 0;
          } else if (t == '"' || t == '\'') {
            quote = t;
          } else if (t == '>') {
            in_tag = false;
            ++next;
            break;
          }
        }
        out.append(s.substr(p, next - p));
        p = next;
        continue;
      }
      const TextRun run = ScanText<true>(s, p, s.size());
      next = run.end;
      if (stashing && markup_ok && run.stashable) {
        StashRun(s, p, run, *stash, out);
      } else {
        out.append(s.substr(p, next - p));
      }
      p = next;
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
        out.append(s.substr(p, r + 1 - p));
        p = r + 1;
      } else {
        out += "&amp;";
        ++fixes;
        ++p;
      }
      continue;
    }
    while (q < s.size() && IsNameChar(s[q]) && q - p < 64) ++q;
    if (q == p + 1 || q >= s.size() || s[q] != ';') {
      out += "&amp;";
      ++fixes;
      ++p;
      continue;
    }
    const std::string name(s.substr(p + 1, q - p - 1));
    if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") {
      out.append(s.substr(p, q + 1 - p));
    } else if (const auto it = entities.find(name); it != entities.end()) {
      out += it->second;
      ++fixes;
    } else if (const htmlEntityDesc* desc =
                   htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()))) {
      AppendCodePointReference(out, desc->value);
    } else {
      out += "&amp;";  // an unknown entity stays visible as text, as feedparser leaves it
      out += name;
      out += ';';
      ++fixes;
    }
    p = q + 1;
  }
  return out;
}

// Puts the stashed runs back into the text nodes of `doc`. Returns false if a marker is
// malformed, found twice or missing (libxml2's recovery moved or dropped text); the document
// must then be parsed again without the stash.
bool RestoreStashedText(xmlDoc* doc, const TextStash& stash) {
  std::vector<bool> restored(stash.runs.size(), false);
  size_t count = 0;
  std::string text;
  xmlNode* node = doc->children;
  while (node != nullptr) {
    if ((node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) &&
        node->content != nullptr) {
      const std::string_view content = Chars(node->content);
      size_t at = content.find(kStashOpen);
      if (at != std::string_view::npos) {
        text.clear();
        size_t pos = 0;
        while (at != std::string_view::npos) {
          text.append(content.substr(pos, at - pos));
          size_t q = at + kStashOpen.size();
          size_t index = 0;
          const auto [ptr, ec] = std::from_chars(content.data() + q, content.data() + content.size(),
                                                 index);
          if (ec != std::errc() || index >= restored.size() || restored[index]) return false;
          q = static_cast<size_t>(ptr - content.data());
          while (q < content.size() && content[q] == '\n') ++q;
          if (content.compare(q, kStashClose.size(), kStashClose) != 0) return false;
          text += stash.runs[index];
          restored[index] = true;
          ++count;
          pos = q + kStashClose.size();
          at = content.find(kStashOpen, pos);
        }
        text.append(content.substr(pos));
        xmlNodeSetContentLen(node, reinterpret_cast<const xmlChar*>(text.data()),
                             static_cast<int>(text.size()));
      }
    }
    // Next node in document order (attributes hold no markers: they are never set aside).
    if (node->type != XML_ENTITY_REF_NODE && node->children != nullptr) {
      node = node->children;
      continue;
    }
    while (node != nullptr && node->next == nullptr) {
      node = node->parent;
      if (node == reinterpret_cast<xmlNode*>(doc)) node = nullptr;
    }
    if (node != nullptr) node = node->next;
  }
  return count == stash.runs.size();
}

// ---- Namespaces ---------------------------------------------------------------------------

enum class Ns { kCore, kAtom, kDc, kContent, kMedia, kItunes, kRdf, kXhtml, kOther };

constexpr std::string_view kAtom10Ns = "http://www.w3.org/2005/Atom";
constexpr std::string_view kAtom03Ns = "http://purl.org/atom/ns#";
constexpr std::string_view kRss10Ns = "http://purl.org/rss/1.0/";
constexpr std::string_view kRss090Ns = "http://my.netscape.com/rdf/simple/0.9/";

Ns NamespaceOf(const xmlNode* node, std::string_view& local) {
  local = Chars(node->name);
  std::string_view uri = node->ns && node->ns->href ? Chars(node->ns->href) : "";
  std::string_view prefix = node->ns && node->ns->prefix ? Chars(node->ns->prefix) : "";
  if (!node->ns) {
    // An undeclared prefix leaves "dc:creator" as the element name.
    if (const size_t colon = local.find(':'); colon != std::string_view::npos) {
      prefix = local.substr(0, colon);
      local = local.substr(colon + 1);
    }
  }
  if (uri.empty() && prefix.empty()) return Ns::kCore;
  if (uri == kAtom10Ns || uri == kAtom03Ns) return Ns::kAtom;
  if (uri == kRss10Ns || uri == kRss090Ns) return Ns::kCore;
  if (uri.starts_with("http://purl.org/dc/elements/") || uri.starts_with("http://purl.org/dc/terms"))
    return Ns::kDc;
  if (uri.starts_with("http://purl.org/rss/1.0/modules/content")) return Ns::kContent;
  if (uri.starts_with("http://search.yahoo.com/mrss")) return Ns::kMedia;
  if (uri.find("itunes.com/dtds/podcast") != std::string_view::npos) return Ns::kItunes;
  if (uri == "http://www.w3.org/1999/02/22-rdf-syntax-ns#") return Ns::kRdf;
  if (uri == "http://www.w3.org/1999/xhtml") return Ns::kXhtml;
  if (uri.starts_with("http://backend.userland.com/rss") || uri.find("/rss/") != std::string_view::npos)
    return Ns::kCore;
  // Unknown URI: fall back on the conventional prefix.
  if (prefix == "dc" || prefix == "dcterms") return Ns::kDc;
  if (prefix == "content") return Ns::kContent;
  if (prefix == "media") return Ns::kMedia;
  if (prefix == "itunes") return Ns::kItunes;
  if (prefix == "atom") return Ns::kAtom;
  if (prefix.empty()) return Ns::kCore;  // an unfamiliar default namespace on a plain RSS
  return Ns::kOther;
}

bool IsElement(const xmlNode* n) { return n && n->type == XML_ELEMENT_NODE; }

std::string Trim(std::string s) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

std::string Attr(const xmlNode* node, const char* name) {
  for (const xmlAttr* a = node->properties; a; a = a->next) {
    if (a->name && std::strcmp(Chars(a->name), name) == 0) {
      return TakeXmlString(xmlNodeListGetString(node->doc, a->children, 1));
    }
  }
  return {};
}

std::string ToLower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Plain text of an element: its text and CDATA, descendants included.
std::string TextOf(const xmlNode* node) {
  return Trim(TakeXmlString(xmlNodeGetContent(node)));
}

// The children of `node` serialised as markup (for HTML carried as unescaped elements).
std::string SerializeChildren(const xmlNode* node) {
  XmlBufferPtr buffer(xmlBufferCreate());
  if (!buffer) return {};
  std::string out;
  for (xmlNode* c = node->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      // Text is escaped again so that the result stays markup.
      XmlCharPtr escaped(xmlEncodeSpecialChars(node->doc, c->content));
      if (escaped) out += Chars(escaped.get());
      continue;
    }
    xmlBufferEmpty(buffer.get());
    if (xmlNodeDump(buffer.get(), node->doc, c, 0, 0) >= 0) {
      out.append(Chars(xmlBufferContent(buffer.get())),
                 static_cast<size_t>(xmlBufferLength(buffer.get())));
    }
  }
  return Trim(out);
}

bool HasElementChild(const xmlNode* node) {
  for (const xmlNode* c = node->children; c; c = c->next) {
    if (IsElement(c)) return true;
  }
  return false;
}

// RSS-style content: text if there is only text; markup if HTML was embedded unescaped.
std::string MarkupOrText(const xmlNode* node) {
  return HasElementChild(node) ? SerializeChildren(node) : TextOf(node);
}

// An Atom text construct (title, subtitle, summary, content; also Atom 0.3's mode="xml").
std::string AtomText(const xmlNode* node) {
  const std::string type = ToLower(Attr(node, "type"));
  const std::string mode = ToLower(Attr(node, "mode"));
  if (type == "xhtml" || type == "application/xhtml+xml" || mode == "xml") {
    // Serialize the inner div's children when the construct wraps them in one div.
    const xmlNode* only = nullptr;
    size_t elements = 0;
    for (const xmlNode* c = node->children; c; c = c->next) {
      if (IsElement(c)) {
        only = c;
        ++elements;
      }
    }
    if (elements == 1 && only && std::strcmp(Chars(only->name), "div") == 0) {
      return SerializeChildren(only);
    }
    return SerializeChildren(node);
  }
  return MarkupOrText(node);
}

std::optional<Timestamp> DateOf(const xmlNode* node) { return ParseDate(TextOf(node), 0); }

// Resolves `reference` against the element's xml:base (which libxml2 already resolved against
// the document URL, i.e. options.base_url).
std::string ResolveLink(const xmlNode* node, const std::string& reference) {
  if (reference.empty()) return reference;
  const std::string base = TakeXmlString(xmlNodeGetBase(node->doc, node));
  if (base.empty()) return reference;
  Result<std::string> resolved = ResolveUrl(base, reference);
  return resolved.ok() ? *resolved : reference;
}

int64_t ParseLength(const std::string& text) {
  int64_t v = 0;
  const std::string t = Trim(text);
  const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  return ec == std::errc() && v > 0 ? v : 0;
}

void SetIfEmpty(std::string& field, std::string value) {
  if (field.empty()) field = std::move(value);
}
void SetIfEmpty(std::optional<Timestamp>& field, std::optional<Timestamp> value) {
  if (!field) field = value;
}

// ---- Entries ------------------------------------------------------------------------------

struct EntryDraft {
  FeedEntry entry;
  std::string guid_link;        // an RSS guid that is a permalink
  std::string atom_link;        // rel=alternate or no rel
  std::string atom_other_link;  // any other rel (e.g. "related"), used last
};

void AddEnclosure(std::vector<FeedEnclosure>& out, FeedEnclosure e) {
  if (e.url.empty()) return;
  for (const FeedEnclosure& existing : out) {
    if (existing.url == e.url) return;
  }
  out.push_back(std::move(e));
}

void ReadAtomLink(const xmlNode* node, std::string& alternate, std::string& other,
                  std::vector<FeedEnclosure>* enclosures) {
  const std::string rel = ToLower(Trim(Attr(node, "rel")));
  std::string href = Trim(Attr(node, "href"));
  if (href.empty()) href = TextOf(node);  // Atom 0.3 drafts and broken feeds
  href = ResolveLink(node, href);
  if (rel.empty() || rel == "alternate") {
    SetIfEmpty(alternate, href);
  } else if (rel == "enclosure") {
    if (enclosures) {
      AddEnclosure(*enclosures, {href, Trim(Attr(node, "type")), ParseLength(Attr(node, "length"))});
    }
  } else if (rel != "self" && rel != "replies" && rel != "edit" && rel != "hub") {
    SetIfEmpty(other, href);
  }
}

void ReadMedia(const xmlNode* node, std::string_view local, EntryDraft& d) {
  if (local == "content") {
    AddEnclosure(d.entry.enclosures, {ResolveLink(node, Trim(Attr(node, "url"))),
                                      Trim(Attr(node, "type")),
                                      ParseLength(Attr(node, "fileSize"))});
    for (const xmlNode* c = node->children; c; c = c->next) {
      std::string_view child_local;
      if (IsElement(c) && NamespaceOf(c, child_local) == Ns::kMedia) ReadMedia(c, child_local, d);
    }
  } else if (local == "thumbnail") {
    AddEnclosure(d.entry.enclosures, {ResolveLink(node, Trim(Attr(node, "url"))), "", 0});
  } else if (local == "group") {
    for (const xmlNode* c = node->children; c; c = c->next) {
      std::string_view child_local;
      if (IsElement(c) && NamespaceOf(c, child_local) == Ns::kMedia) ReadMedia(c, child_local, d);
    }
  } else if (local == "description") {
    // Only a fallback for the summary; set after the loop.
  } else if (local == "category" || local == "keywords") {
    // Not mapped: feedparser keeps these outside the entry's tags too.
  }
}

FeedEntry ReadEntry(const xmlNode* item) {
  EntryDraft d;
  FeedEntry& e = d.entry;
  std::string itunes_summary, media_description, dc_description, atom_author, itunes_author;
  if (std::string about = Trim(Attr(item, "about")); !about.empty()) e.id = about;  // rdf:about
  for (const xmlNode* c = item->children; c; c = c->next) {
    if (!IsElement(c)) continue;
    std::string_view local;
    const Ns ns = NamespaceOf(c, local);
    if (ns == Ns::kCore || ns == Ns::kAtom) {
      if (local == "title") {
        SetIfEmpty(e.title, ns == Ns::kAtom ? AtomText(c) : MarkupOrText(c));
      } else if (local == "link") {
        if (c->properties && !Attr(c, "href").empty()) {
          ReadAtomLink(c, d.atom_link, d.atom_other_link, &e.enclosures);
        } else if (ns == Ns::kCore) {
          SetIfEmpty(e.link, ResolveLink(c, TextOf(c)));
        }
      } else if (local == "guid" || local == "id") {
        const std::string id = TextOf(c);
        if (local == "guid" || e.id.empty()) e.id = id;
        const std::string permalink = ToLower(Trim(Attr(c, "isPermaLink")));
        if (local == "guid" && permalink != "false" && !id.empty()) {
          d.guid_link = ResolveLink(c, id);
        }
      } else if (local == "description" || local == "summary") {
        SetIfEmpty(e.summary, ns == Ns::kAtom ? AtomText(c) : MarkupOrText(c));
      } else if (local == "content") {
        SetIfEmpty(e.content, AtomText(c));
      } else if (local == "author") {
        if (HasElementChild(c)) {  // Atom person construct
          for (const xmlNode* p = c->children; p; p = p->next) {
            if (IsElement(p) && std::strcmp(Chars(p->name), "name") == 0) {
              SetIfEmpty(atom_author, TextOf(p));
            }
          }
          if (atom_author.empty()) {
            for (const xmlNode* p = c->children; p; p = p->next) {
              if (IsElement(p) && std::strcmp(Chars(p->name), "email") == 0) {
                SetIfEmpty(atom_author, TextOf(p));
              }
            }
          }
        } else {
          SetIfEmpty(e.author, TextOf(c));
        }
      } else if (local == "pubDate" || local == "published" || local == "issued") {
        SetIfEmpty(e.published, DateOf(c));
      } else if (local == "updated" || local == "modified") {
        SetIfEmpty(e.updated, DateOf(c));
      } else if (local == "category") {
        std::string term = Trim(Attr(c, "term"));
        if (term.empty()) term = TextOf(c);
        if (!term.empty()) e.categories.push_back(term);
      } else if (local == "enclosure") {
        AddEnclosure(e.enclosures, {ResolveLink(c, Trim(Attr(c, "url"))), Trim(Attr(c, "type")),
                                    ParseLength(Attr(c, "length"))});
      }
    } else if (ns == Ns::kDc) {
      if (local == "creator" || local == "author") {
        SetIfEmpty(e.author, TextOf(c));
      } else if (local == "date" || local == "modified") {
        SetIfEmpty(e.updated, DateOf(c));
      } else if (local == "issued") {
        SetIfEmpty(e.published, DateOf(c));
      } else if (local == "subject") {
        if (std::string s = TextOf(c); !s.empty()) e.categories.push_back(s);
      } else if (local == "title") {
        SetIfEmpty(e.title, TextOf(c));
      } else if (local == "description") {
        SetIfEmpty(dc_description, MarkupOrText(c));
      } else if (local == "identifier") {
        SetIfEmpty(e.id, TextOf(c));
      }
    } else if (ns == Ns::kContent) {
      if (local == "encoded") SetIfEmpty(e.content, MarkupOrText(c));
    } else if (ns == Ns::kXhtml && local == "body") {
      SetIfEmpty(e.content, SerializeChildren(c));
    } else if (ns == Ns::kMedia) {
      if (local == "description") SetIfEmpty(media_description, MarkupOrText(c));
      ReadMedia(c, local, d);
    } else if (ns == Ns::kItunes) {
      if (local == "author") SetIfEmpty(itunes_author, TextOf(c));
      if (local == "summary") SetIfEmpty(itunes_summary, MarkupOrText(c));
    }
  }
  SetIfEmpty(e.author, atom_author);
  SetIfEmpty(e.author, itunes_author);
  SetIfEmpty(e.link, d.atom_link);
  SetIfEmpty(e.link, d.guid_link);
  SetIfEmpty(e.link, d.atom_other_link);
  SetIfEmpty(e.summary, dc_description);
  SetIfEmpty(e.summary, itunes_summary);
  SetIfEmpty(e.summary, media_description);
  // feedparser copies HTML or text content into a missing summary.
  SetIfEmpty(e.summary, e.content);
  return e;
}

// ---- Feed level ---------------------------------------------------------------------------

FeedFormat DetectFormat(const xmlNode* root) {
  const std::string_view name = Chars(root->name);
  const std::string_view uri = root->ns && root->ns->href ? Chars(root->ns->href) : "";
  if (name == "rss" || name == "rss:rss") {
    const std::string version = Trim(Attr(root, "version"));
    if (version == "0.90") return FeedFormat::kRss090;
    if (version == "0.91") return FeedFormat::kRss091;
    if (version == "0.92") return FeedFormat::kRss092;
    return FeedFormat::kRss20;
  }
  if (name == "RDF" || name == "rdf:RDF") {
    // The version is the namespace of <channel>/<item>, not of the root.
    for (const xmlNode* c = root->children; c; c = c->next) {
      if (!IsElement(c) || !c->ns || !c->ns->href) continue;
      if (Chars(c->ns->href) == kRss090Ns) return FeedFormat::kRss090;
      if (Chars(c->ns->href) == kRss10Ns) return FeedFormat::kRss10;
    }
    return FeedFormat::kRss10;
  }
  if (name == "feed") {
    if (uri == kAtom03Ns) return FeedFormat::kAtom03;
    if (uri == kAtom10Ns) return FeedFormat::kAtom10;
    return Trim(Attr(root, "version")) == "0.3" ? FeedFormat::kAtom03 : FeedFormat::kAtom10;
  }
  if (name == "channel") return FeedFormat::kRss20;  // <rss> lost, e.g. a fragment
  return FeedFormat::kUnknown;
}

bool IsItemElement(const xmlNode* n, FeedFormat format) {
  std::string_view local;
  const Ns ns = NamespaceOf(n, local);
  if (format == FeedFormat::kAtom03 || format == FeedFormat::kAtom10) {
    return ns == Ns::kAtom || ns == Ns::kCore ? local == "entry" : false;
  }
  return ns == Ns::kCore && local == "item";
}

// Items anywhere below `node`, in document order. Items inside items are collected too: libxml2's
// recovery nests the items that follow a broken one inside it.
void CollectItems(const xmlNode* node, FeedFormat format, std::vector<const xmlNode*>& out,
                  size_t depth) {
  if (depth > 64) return;
  for (const xmlNode* c = node->children; c; c = c->next) {
    if (!IsElement(c)) continue;
    if (IsItemElement(c, format)) out.push_back(c);
    CollectItems(c, format, out, depth + 1);
  }
}

// The element that holds the feed's own title/link: <channel> for RSS, the root for Atom.
const xmlNode* FeedHeader(const xmlNode* root, FeedFormat format) {
  if (format == FeedFormat::kAtom03 || format == FeedFormat::kAtom10) return root;
  if (std::strcmp(Chars(root->name), "channel") == 0) return root;
  for (const xmlNode* c = root->children; c; c = c->next) {
    if (IsElement(c) && std::strcmp(Chars(c->name), "channel") == 0) return c;
  }
  return nullptr;
}

void ReadHeader(const xmlNode* header, ParsedFeed& feed) {
  std::string atom_link, atom_other;
  std::optional<Timestamp> published;
  for (const xmlNode* c = header->children; c; c = c->next) {
    if (!IsElement(c)) continue;
    std::string_view local;
    const Ns ns = NamespaceOf(c, local);
    if (ns == Ns::kCore || ns == Ns::kAtom) {
      if (local == "title") {
        SetIfEmpty(feed.title, ns == Ns::kAtom ? AtomText(c) : MarkupOrText(c));
      } else if (local == "link") {
        if (c->properties && !Attr(c, "href").empty()) {
          ReadAtomLink(c, atom_link, atom_other, nullptr);
        } else if (ns == Ns::kCore) {
          SetIfEmpty(feed.link, ResolveLink(c, TextOf(c)));
        }
      } else if (local == "description" || local == "subtitle" || local == "tagline") {
        SetIfEmpty(feed.subtitle, ns == Ns::kAtom ? AtomText(c) : MarkupOrText(c));
      } else if (local == "lastBuildDate" || local == "updated" || local == "modified") {
        SetIfEmpty(feed.updated, DateOf(c));
      } else if (local == "pubDate" || local == "published") {
        SetIfEmpty(published, DateOf(c));
      } else if (local == "ttl") {
        int ttl = 0;
        const std::string t = TextOf(c);
        const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), ttl);
        if (ec == std::errc() && ptr == t.data() + t.size() && ttl >= 0) feed.ttl_minutes = ttl;
      }
    } else if (ns == Ns::kDc) {
      if (local == "title") SetIfEmpty(feed.title, TextOf(c));
      if (local == "date") SetIfEmpty(feed.updated, DateOf(c));
      if (local == "description") SetIfEmpty(feed.subtitle, MarkupOrText(c));
    } else if (ns == Ns::kItunes && local == "subtitle") {
      SetIfEmpty(feed.subtitle, TextOf(c));
    }
  }
  SetIfEmpty(feed.link, atom_link);
  SetIfEmpty(feed.link, atom_other);
  SetIfEmpty(feed.updated, published);
}

void InitLibxmlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

// A document whose root is none of the feed elements may still hold one (an <rss> wrapped in
// something); returns the first feed root found breadth-first near the top.
const xmlNode* FindFeedRoot(const xmlNode* root) {
  if (DetectFormat(root) != FeedFormat::kUnknown) return root;
  for (const xmlNode* c = root->children; c; c = c->next) {
    if (IsElement(c) && DetectFormat(c) != FeedFormat::kUnknown) return c;
  }
  return nullptr;
}

}  // namespace

std::string_view FeedFormatName(FeedFormat format) {
  switch (format) {
    case FeedFormat::kRss090:
    case FeedFormat::kRss091:
    case FeedFormat::kRss092:
      return "rss0.9x";
    case FeedFormat::kRss20:
      return "rss2.0";
    case FeedFormat::kRss10:
      return "rss1.0";
    case FeedFormat::kAtom03:
      return "atom0.3";
    case FeedFormat::kAtom10:
      return "atom1.0";
    case FeedFormat::kUnknown:
      break;
  }
  return "unknown";
}

Result<ParsedFeed> ParseFeed(std::string_view bytes, const FeedParseOptions& options) {
  if (bytes.empty()) return ParseError("empty input is not a feed");
  InitLibxmlOnce();
  ParsedFeed feed;
  DecodedText decoded = DecodeToUtf8(bytes, options.http_charset, MarkupKind::kXml);
  feed.charset = decoded.charset;
  if (decoded.invalid_bytes > 0) {
    feed.warnings.push_back(std::to_string(decoded.invalid_bytes) + " bytes invalid in " +
                            decoded.charset);
  }
  // Parsed with long non-ASCII text set aside; again without if recovery lost a marker.
  size_t fixes = 0;
  TextStash stash;
  XmlParserCtxtPtr ctxt;
  XmlDocPtr doc;
  ErrorSink errors;
  for (TextStash* use_stash : {options.set_aside_text ? &stash : nullptr,
                               static_cast<TextStash*>(nullptr)}) {
    fixes = 0;
    stash.runs.clear();
    stash.normalized.clear();
    std::string xml = PrepareXml(decoded.utf8, fixes, use_stash);
    if (xml.size() > static_cast<size_t>(INT32_MAX)) return TooLarge("feed larger than 2 GiB");
    ctxt.reset(xmlNewParserCtxt());
    if (!ctxt) return InternalError("libxml2: cannot allocate a parser context");
    errors = ErrorSink{};
    // Errors go to this context's sink, never to stderr and never to a process-global handler.
    ctxt->sax->serror = &CollectXmlError;
    ctxt->sax->initialized = XML_SAX2_MAGIC;
    ctxt->_private = &errors;
    const int parse_options = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
                              XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_COMPACT;
    doc.reset(xmlCtxtReadMemory(ctxt.get(), xml.data(), static_cast<int>(xml.size()),
                                options.base_url.empty() ? nullptr : options.base_url.c_str(),
                                "UTF-8", parse_options));
    if (stash.runs.empty() || (doc && RestoreStashedText(doc.get(), stash))) break;
  }
  decoded.utf8.clear();
  feed.well_formed = ctxt->wellFormed != 0 && errors.count == 0 && fixes == 0;
  for (std::string& m : errors.messages) feed.warnings.push_back(std::move(m));
  if (errors.count > errors.messages.size()) {
    feed.warnings.push_back(std::to_string(errors.count - errors.messages.size()) +
                            " more XML errors");
  }
  const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (root == nullptr) return ParseError("no XML element found; not a feed");
  root = FindFeedRoot(root);
  if (root == nullptr) {
    return ParseError(std::string("root element <") + Chars(xmlDocGetRootElement(doc.get())->name) +
                      "> is not RSS, RDF or Atom");
  }
  feed.format = DetectFormat(root);
  if (const xmlNode* header = FeedHeader(root, feed.format)) ReadHeader(header, feed);

  std::vector<const xmlNode*> items;
  CollectItems(root, feed.format, items, 0);
  if (items.size() > options.max_entries) {
    feed.warnings.push_back("kept the first " + std::to_string(options.max_entries) + " of " +
                            std::to_string(items.size()) + " entries");
    items.resize(options.max_entries);
  }
  feed.entries.reserve(items.size());
  for (const xmlNode* item : items) feed.entries.push_back(ReadEntry(item));
  return feed;
}

}  // namespace newswatch

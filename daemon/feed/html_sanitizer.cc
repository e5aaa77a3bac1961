#include "daemon/feed/html_sanitizer.h"

#include <libxml/HTMLparser.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "daemon/core/url_resolve.h"
#include "daemon/text/utf8.h"

namespace newswatch {
namespace {

enum class Policy {
  kAllow,        // kept with its allowed attributes
  kUnwrap,       // tag dropped, content kept (unknown elements, forms, frames' fallbacks)
  kDropContent,  // tag and everything inside dropped
};

// Elements whose content is never text to show: scripts, styles, applets, templates. (Frames,
// objects and embeds lose their tags; what they hold is the fallback text meant for readers.)
constexpr std::array<std::string_view, 5> kDropWithContent = {"script", "style", "applet",
                                                              "template", "xml"};

// Elements a reader may see: text structure, lists, tables, images and media.
constexpr std::array<std::string_view, 73> kAllowedElements = {
    "a",       "abbr",  "acronym", "address",  "area",       "article",    "aside",   "audio",
    "b",       "bdi",   "bdo",     "big",      "blockquote", "br",         "caption", "center",
    "cite",    "code",  "col",     "colgroup", "dd",         "del",        "details", "dfn",
    "dir",     "div",   "dl",      "dt",       "em",         "figcaption", "figure",  "font",
    "footer",  "h1",    "h2",      "h3",       "h4",         "h5",         "h6",      "header",
    "hr",      "i",     "img",     "ins",      "kbd",        "li",         "map",     "mark",
    "menu",    "nav",   "ol",      "p",        "pre",        "q",          "s",       "samp",
    "section", "small", "source",  "span",     "strike",     "strong",     "sub",     "summary",
    "sup",     "table", "tbody",   "td",       "tfoot",      "th",         "thead",   "tr",
    "tt"};
constexpr std::array<std::string_view, 8> kMoreAllowedElements = {"u",   "ul",    "var",  "video",
                                                                  "wbr", "track", "time", "ruby"};

constexpr std::array<std::string_view, 8> kVoidElements = {"area", "br",     "col",   "hr",
                                                           "img",  "source", "track", "wbr"};

// Attributes that only describe: no scripts (on*), no ids or classes that could reach the
// host page's own scripts and styles, no targets that open windows.
constexpr std::array<std::string_view, 53> kAllowedAttributes = {
    "abbr",     "align",    "alt",      "axis",   "bgcolor", "border", "cellpadding", "cellspacing",
    "char",     "charoff",  "cite",     "clear",  "color",   "cols",   "colspan",     "compact",
    "controls", "coords",   "datetime", "dir",    "face",    "frame",  "headers",     "height",
    "href",     "hreflang", "hspace",   "kind",   "label",   "lang",   "longdesc",    "loop",
    "muted",    "noshade",  "nowrap",   "poster", "preload", "rel",    "rev",         "rows",
    "rowspan",  "rules",    "scope",    "shape",  "size",    "span",   "src",         "srclang",
    "start",    "summary",  "title",    "type",   "valign"};
constexpr std::array<std::string_view, 5> kMoreAllowedAttributes = {"value", "vspace", "width",
                                                                    "xml:lang", "style"};

constexpr std::array<std::string_view, 5> kUrlAttributes = {"href", "src", "cite", "longdesc",
                                                            "poster"};

constexpr std::array<std::string_view, 14> kSafeSchemes = {
    "http", "https", "ftp", "ftps", "mailto", "news", "nntp",
    "tel",  "sms",   "irc", "ircs", "xmpp",   "feed", "magnet"};

// CSS properties that change how text looks, never where a box sits or whether it shows.
constexpr std::array<std::string_view, 23> kSafeCssProperties = {
    "color",        "background-color", "font",           "font-family",     "font-size",
    "font-style",   "font-variant",     "font-weight",    "text-align",      "text-decoration",
    "text-indent",  "text-transform",   "letter-spacing", "line-height",     "word-spacing",
    "white-space",  "vertical-align",   "direction",      "list-style-type", "border-collapse",
    "caption-side", "empty-cells",      "clear"};

template <size_t N>
bool In(const std::array<std::string_view, N>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

Policy PolicyFor(std::string_view tag) {
  static const std::unordered_map<std::string_view, Policy> kPolicies = [] {
    std::unordered_map<std::string_view, Policy> m;
    for (std::string_view t : kDropWithContent) m.emplace(t, Policy::kDropContent);
    for (std::string_view t : kAllowedElements) m.emplace(t, Policy::kAllow);
    for (std::string_view t : kMoreAllowedElements) m.emplace(t, Policy::kAllow);
    return m;
  }();
  const auto it = kPolicies.find(tag);
  return it == kPolicies.end() ? Policy::kUnwrap : it->second;
}

bool IsNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }
bool IsNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == ':' ||
         c == '.';
}

// A character or entity reference at s[p] ('&'): its length and code point, or 0 when `s` has
// none there. Named references are HTML's (libxml2's table).
size_t ReadReference(std::string_view s, size_t p, uint32_t* code_point, std::string* name) {
  size_t q = p + 1;
  if (q < s.size() && s[q] == '#') {
    ++q;
    const bool hex = q < s.size() && (s[q] == 'x' || s[q] == 'X');
    if (hex) ++q;
    uint64_t v = 0;
    const size_t start = q;
    while (q < s.size() && q - start < 8 &&
           (hex ? std::isxdigit(static_cast<unsigned char>(s[q]))
                : std::isdigit(static_cast<unsigned char>(s[q])))) {
      const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(s[q])));
      v = v * (hex ? 16 : 10) + static_cast<uint64_t>(c >= 'a' ? c - 'a' + 10 : c - '0');
      ++q;
    }
    if (q == start || q >= s.size() || s[q] != ';') return 0;
    if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) v = 0xFFFD;
    *code_point = static_cast<uint32_t>(v);
    name->clear();
    return q + 1 - p;
  }
  while (q < s.size() && std::isalnum(static_cast<unsigned char>(s[q])) && q - p < 40) ++q;
  if (q == p + 1 || q >= s.size() || s[q] != ';') return 0;
  *name = std::string(s.substr(p + 1, q - p - 1));
  if (*name == "apos") {
    *code_point = '\'';
    return q + 1 - p;
  }
  const htmlEntityDesc* desc = htmlEntityLookup(reinterpret_cast<const xmlChar*>(name->c_str()));
  if (desc == nullptr) return 0;
  *code_point = desc->value;
  return q + 1 - p;
}

// Attribute values with their references decoded.
std::string DecodeReferences(std::string_view s) {
  std::string out;
  for (size_t p = 0; p < s.size();) {
    uint32_t cp = 0;
    std::string name;
    const size_t n = s[p] == '&' ? ReadReference(s, p, &cp, &name) : 0;
    if (n == 0) {
      out.push_back(s[p++]);
      continue;
    }
    AppendUtf8(cp, out);
    p += n;
  }
  return out;
}

void AppendEscapedAttribute(std::string_view v, std::string& out) {
  for (const char c : v) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
}

// A URL that is safe to follow, resolved against the base; "" when its scheme is not one of
// kSafeSchemes. Control characters and spaces cannot hide a scheme ("java\tscript:").
std::string SafeUrl(std::string_view raw, const std::string& base) {
  std::string compact;
  for (const char c : Trim(raw)) {
    if (static_cast<unsigned char>(c) > 0x20 && c != 0x7F) compact.push_back(c);
  }
  const size_t colon = compact.find(':');
  const size_t stop = compact.find_first_of("/?#");
  if (colon != std::string::npos && (stop == std::string::npos || colon < stop)) {
    const std::string scheme = Lower(std::string_view(compact).substr(0, colon));
    if (!In(kSafeSchemes, scheme)) return "";
    return std::string(Trim(raw));
  }
  if (base.empty()) return std::string(Trim(raw));
  Result<std::string> resolved = ResolveReference(base, Trim(raw));
  if (!resolved.ok()) return std::string(Trim(raw));
  const std::string scheme = Lower(resolved->substr(0, resolved->find(':')));
  return In(kSafeSchemes, scheme) ? *resolved : "";
}

bool IsSafeCssValue(std::string_view property, std::string_view value) {
  if (value.empty()) return false;
  for (const char c : value) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == ' ' || c == '#' ||
                    c == '%' || c == '.' || c == ',' || c == '-' || c == '!' || c == '(' ||
                    c == ')' || c == '\'' || c == '"';
    if (!ok) return false;
  }
  // Negative margins pull a box over its neighbours; huge lengths push everything else away.
  if (property.starts_with("margin") && value.find('-') != std::string_view::npos) return false;
  size_t digits = 0;
  for (const char c : value) {
    digits = std::isdigit(static_cast<unsigned char>(c)) ? digits + 1 : 0;
    if (digits > 4) return false;
  }
  return true;
}

// Keeps the declarations of kSafeCssProperties (and plain border, margin and padding ones);
// "" when the style holds anything that could run code or load a resource.
std::string SanitizeStyle(std::string_view raw_style) {
  // url(...) loads a resource: removed, the rest of the declaration judged without it.
  std::string without_urls;
  const std::string raw_lower = Lower(raw_style);
  for (size_t p = 0; p < raw_style.size();) {
    if (raw_lower.compare(p, 4, "url(") == 0) {
      const size_t close = raw_style.find(')', p);
      if (close == std::string_view::npos) return "";
      p = close + 1;
      continue;
    }
    without_urls.push_back(raw_style[p++]);
  }
  const std::string_view style = without_urls;
  const std::string lower = Lower(style);
  for (std::string_view bad :
       {"\\", "/*", "expression", "javascript", "@import", "<", "&", "behavior", "-moz-binding"}) {
    if (lower.find(bad) != std::string::npos) return "";
  }
  std::string out;
  size_t start = 0;
  while (start < style.size()) {
    size_t end = style.find(';', start);
    if (end == std::string_view::npos) end = style.size();
    const std::string_view decl = style.substr(start, end - start);
    start = end + 1;
    const size_t colon = decl.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = Trim(decl.substr(0, colon));
    const std::string property = Lower(name);
    const std::string_view value = Trim(decl.substr(colon + 1));
    const std::string family = property.substr(0, property.find('-'));
    const bool known = In(kSafeCssProperties, property) || family == "border" ||
                       family == "margin" || family == "padding" || family == "background";
    if (!known || !IsSafeCssValue(property, value)) continue;
    if (!out.empty()) out.push_back(' ');
    out += name;
    out += ": ";
    out += value;
    out.push_back(';');
  }
  return out;
}

struct Attribute {
  std::string name, value;
};

class Sanitizer {
 public:
  Sanitizer(std::string_view in, const SanitizeOptions& options) : in_(in), options_(options) {}

  std::string Run() {
    out_.reserve(in_.size());
    while (p_ < in_.size()) {
      const char c = in_[p_];
      if (c == '<') {
        Tag();
      } else if (c == '&') {
        Reference();
      } else {
        // A run of plain text up to the next tag or reference, copied at once.
        const size_t end = NextMarkup();
        if (drop_depth_ == 0) out_.append(in_.data() + p_, end - p_);
        p_ = end;
      }
    }
    while (!open_.empty()) {  // balanced: close what the fragment left open
      out_ += "</" + open_.back() + ">";
      open_.pop_back();
    }
    return std::string(Trim(out_));
  }

 private:
  void Text(std::string_view s) {
    if (drop_depth_ == 0) out_ += s;
  }

  // A reference stays a reference, lower-cased and checked; a bare '&' is escaped.
  void Reference() {
    uint32_t cp = 0;
    std::string name;
    const size_t n = ReadReference(in_, p_, &cp, &name);
    if (n == 0) {
      Text("&amp;");
      ++p_;
      return;
    }
    if (!name.empty()) {
      Text("&" + name + ";");
    } else {
      Text(Lower(in_.substr(p_, n)));
    }
    p_ += n;
  }

  void Tag() {
    const std::string_view rest = in_.substr(p_);
    if (rest.starts_with("<!--")) {
      const size_t end = in_.find("-->", p_ + 4);
      p_ = end == std::string_view::npos ? in_.size() : end + 3;  // an unclosed comment hides all
      return;
    }
    if (rest.starts_with("<![CDATA[")) {  // not markup in HTML: shown as text
      Text("&lt;![CDATA[");
      p_ += 9;
      return;
    }
    // A declaration ("<!DOCTYPE ...>") or processing instruction: dropped. "<!'" is text.
    if ((rest.starts_with("<!") && rest.size() > 2 && IsNameStart(rest[2])) ||
        rest.starts_with("<?")) {
      const size_t end = in_.find('>', p_);
      p_ = end == std::string_view::npos ? in_.size() : end + 1;
      return;
    }
    const bool closing = rest.size() > 1 && rest[1] == '/';
    const size_t name_at = p_ + (closing ? 2 : 1);
    if (name_at >= in_.size() || !IsNameStart(in_[name_at])) {
      Text("&lt;");
      ++p_;
      return;
    }
    size_t q = name_at;
    while (q < in_.size() && IsNameChar(in_[q])) ++q;
    const std::string name = Lower(in_.substr(name_at, q - name_at));
    std::vector<Attribute> attributes;
    bool self_closing = false;
    if (!ReadAttributes(&q, &attributes, &self_closing)) {
      p_ = in_.size();  // a tag cut off by the end of the fragment
      return;
    }
    p_ = q;
    if (closing) {
      EndTag(name);
    } else {
      StartTag(name, attributes, self_closing);
    }
  }

  // Reads attributes up to and past the tag's '>'; false if the input ends first.
  bool ReadAttributes(size_t* pos, std::vector<Attribute>* out, bool* self_closing) {
    size_t q = *pos;
    while (q < in_.size()) {
      const char c = in_[q];
      if (c == '>') {
        *pos = q + 1;
        return true;
      }
      if (std::isspace(static_cast<unsigned char>(c)) || c == '/' || c == '"' || c == '\'') {
        *self_closing = c == '/';
        ++q;
        continue;
      }
      *self_closing = false;
      const size_t name_start = q;
      while (q < in_.size() && !std::isspace(static_cast<unsigned char>(in_[q])) && in_[q] != '=' &&
             in_[q] != '>' && in_[q] != '/') {
        ++q;
      }
      Attribute a;
      a.name = Lower(in_.substr(name_start, q - name_start));
      size_t after = q;
      while (after < in_.size() && std::isspace(static_cast<unsigned char>(in_[after]))) ++after;
      if (after < in_.size() && in_[after] == '=') {
        q = after + 1;
        while (q < in_.size() && std::isspace(static_cast<unsigned char>(in_[q]))) ++q;
        if (q < in_.size() && (in_[q] == '"' || in_[q] == '\'')) {
          const size_t end = in_.find(in_[q], q + 1);
          if (end == std::string_view::npos) return false;
          a.value = DecodeReferences(in_.substr(q + 1, end - q - 1));
          q = end + 1;
        } else {
          const size_t value_start = q;
          while (q < in_.size() && !std::isspace(static_cast<unsigned char>(in_[q])) &&
                 in_[q] != '>') {
            ++q;
          }
          a.value = DecodeReferences(in_.substr(value_start, q - value_start));
        }
      }
      if (!a.name.empty()) out->push_back(std::move(a));
    }
    return false;
  }

  void StartTag(const std::string& name, std::vector<Attribute>& attributes, bool self_closing) {
    const Policy policy = PolicyFor(name);
    if (policy == Policy::kDropContent) {
      if (name == "script" || name == "style" || name == "xml") {
        SkipRawText(name);  // their text is not markup: "</p>" inside a script is no end tag
      } else if (!self_closing) {
        dropped_.push_back(name);
        ++drop_depth_;
      }
      return;
    }
    if (policy != Policy::kAllow || drop_depth_ > 0) return;
    std::vector<Attribute> kept;
    for (Attribute& a : attributes) {
      if (!In(kAllowedAttributes, a.name) && !In(kMoreAllowedAttributes, a.name)) continue;
      if (std::any_of(kept.begin(), kept.end(),
                      [&](const Attribute& k) { return k.name == a.name; }))
        continue;  // the first of repeated attributes counts, as in browsers
      if (a.name == "style") {
        a.value = SanitizeStyle(a.value);
        if (a.value.empty()) continue;
      } else if (In(kUrlAttributes, a.name)) {
        a.value = SafeUrl(a.value, options_.base_url);
        if (a.value.empty() && a.name != "href") continue;
      } else if (a.name == "rel" || a.name == "type") {
        a.value = Lower(a.value);
      }
      kept.push_back(std::move(a));
    }
    std::sort(kept.begin(), kept.end(),
              [](const Attribute& x, const Attribute& y) { return x.name < y.name; });
    out_.push_back('<');
    out_ += name;
    for (const Attribute& a : kept) {
      out_.push_back(' ');
      out_ += a.name;
      out_ += "=\"";
      AppendEscapedAttribute(a.value, out_);
      out_.push_back('"');
    }
    if (In(kVoidElements, name)) {
      out_ += " />";
      return;
    }
    out_ += ">";
    if (self_closing) {
      out_ += "</" + name + ">";
    } else {
      open_.push_back(name);
    }
  }

  void EndTag(const std::string& name) {
    if (drop_depth_ > 0) {
      if (!dropped_.empty() && dropped_.back() == name) {
        dropped_.pop_back();
        --drop_depth_;
      }
      return;
    }
    if (PolicyFor(name) != Policy::kAllow || In(kVoidElements, name)) return;
    // Close up to the matching open element; an end tag that matches nothing is dropped.
    const auto it = std::find(open_.rbegin(), open_.rend(), name);
    if (it == open_.rend()) return;
    const size_t keep = static_cast<size_t>(open_.rend() - it) - 1;
    while (open_.size() > keep) {
      out_ += "</" + open_.back() + ">";
      open_.pop_back();
    }
  }

  // Skips past "</name ...>" (any case), or to the end when there is none.
  void SkipRawText(const std::string& name) {
    for (size_t at = in_.find("</", p_); at != std::string_view::npos;
         at = in_.find("</", at + 2)) {
      if (Lower(in_.substr(at + 2, name.size())) != name) continue;
      const size_t close = in_.find('>', at);
      p_ = close == std::string_view::npos ? in_.size() : close + 1;
      return;
    }
    p_ = in_.size();
  }

  // The next '<' or '&' at or after p_ (in_.size() if none), from memchr scans remembered
  // until passed.
  size_t NextMarkup() {
    const auto next = [&](char c, size_t& cached) {
      if (cached == std::string_view::npos || cached < p_) {
        const void* hit = std::memchr(in_.data() + p_, c, in_.size() - p_);
        cached = hit == nullptr ? in_.size() : static_cast<const char*>(hit) - in_.data();
      }
      return cached;
    };
    return std::min(next('<', next_lt_), next('&', next_amp_));
  }

  std::string_view in_;
  const SanitizeOptions& options_;
  size_t next_lt_ = std::string_view::npos;
  size_t next_amp_ = std::string_view::npos;
  size_t p_ = 0;
  std::string out_;
  std::vector<std::string> open_;     // allowed elements open, innermost last
  std::vector<std::string> dropped_;  // elements whose content is being dropped
  int drop_depth_ = 0;
};

}  // namespace

std::string SanitizeHtml(std::string_view html, const SanitizeOptions& options) {
  return Sanitizer(html, options).Run();
}

}  // namespace newswatch

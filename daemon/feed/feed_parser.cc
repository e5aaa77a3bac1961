#include "daemon/feed/feed_parser.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <utility>

#include "daemon/core/url_resolve.h"
#include "daemon/feed/atom_content.h"
#include "daemon/feed/feed_dates.h"
#include "daemon/feed/feed_namespaces.h"
#include "daemon/feed/html_sanitizer.h"
#include "daemon/feed/text_stash.h"
#include "daemon/feed/xml_prepare.h"
#include "daemon/feed/xml_tree.h"
#include "daemon/text/charset.h"

namespace newswatch {
namespace {

using NodeId = XmlTree::NodeId;
constexpr NodeId kNone = XmlTree::kNone;

constexpr size_t kMaxWarnings = 10;

// Reads a parsed document into the plain structs. Holds the scratch buffers every element read
// reuses.
class FeedReader {
 public:
  explicit FeedReader(const XmlTree& tree) : t_(tree) {}

  // The element's namespace class and local name. Names, URIs and prefixes are interned by
  // libxml2, so the answer is cached per distinct (name, URI, prefix) triple.
  Ns NamespaceOf(NodeId node, std::string_view& local) const {
    const char* name = t_.name(node);
    const char* uri = t_.ns_uri(node);
    const char* prefix = t_.ns_prefix(node);
    // Interned names lie a few bytes apart: the pointers are mixed before picking a slot.
    const uint64_t key = reinterpret_cast<uintptr_t>(name) * 0x9E3779B97F4A7C15ULL ^
                         reinterpret_cast<uintptr_t>(uri) * 0xC2B2AE3D27D4EB4FULL ^
                         reinterpret_cast<uintptr_t>(prefix);
    ElementClass& c = classes_[(key >> 58) % classes_.size()];
    if (c.name != name || c.uri != uri || c.prefix != prefix || c.name == nullptr) {
      c.name = name;
      c.uri = uri;
      c.prefix = prefix;
      c.local = name;
      std::string_view pfx = uri != nullptr && prefix != nullptr ? prefix : "";
      if (uri == nullptr) {
        // An undeclared prefix leaves "dc:creator" as the element name.
        if (const size_t colon = c.local.find(':'); colon != std::string_view::npos) {
          pfx = c.local.substr(0, colon);
          c.local = c.local.substr(colon + 1);
        }
      }
      c.ns = ClassifyNamespace(uri != nullptr ? uri : "", pfx);
      // Element names match case-insensitively, as in feedparser: CDF writes <TITLE>, and
      // feeds in the wild write <TiTlE> or <pubdate>.
      c.lower = ToLower(std::string(c.local));
    }
    local = c.lower;
    return c.ns;
  }

  static std::string Trim(std::string s) {
    const auto not_space = [](unsigned char c) { return !std::isspace(c); };
    s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
    s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
    return s;
  }

  static std::string ToLower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }

  std::string Attr(NodeId node, std::string_view name) const {
    return std::string(t_.Attribute(node, name));
  }

  // Plain text of an element: its text and CDATA, descendants included, trimmed.
  std::string TextOf(NodeId node) const { return t_.TrimmedText(node); }

  // The children of `node` serialised as markup (for HTML carried as unescaped elements).
  std::string SerializeChildren(NodeId node) const {
    std::string out;
    for (NodeId c = t_.first_child(node); c != kNone; c = t_.next_sibling(c)) {
      if (t_.kind(c) == XmlTree::Kind::kText) {
        t_.AppendEscapedText(c, out);  // escaped again so that the result stays markup
      } else {
        t_.AppendMarkup(c, out);
      }
    }
    return Trim(std::move(out));
  }

  // RSS-style content: text if there is only text; markup if HTML was embedded unescaped.
  std::string MarkupOrText(NodeId node) {
    return t_.HasElementChild(node) ? SerializeChildren(node) : TextOf(node);
  }

  // An Atom text construct (title, subtitle, summary, content), Atom 0.3's modes included.
  std::string AtomText(NodeId node) {
    switch (AtomModeOf(t_.Attribute(node, "type"), t_.Attribute(node, "mode"))) {
      case AtomContentMode::kBase64: {
        std::string text = TextOf(node);
        // Bytes that are not UTF-8 text (an image, a mislabelled charset) stay as written: every
        // string of a ParsedFeed is UTF-8.
        std::optional<std::string> decoded = DecodeBase64(text);
        return decoded && IsValidUtf8(*decoded) ? Trim(std::move(*decoded)) : text;
      }
      case AtomContentMode::kXhtmlDiv:
        // The children of the one wrapping div (Atom 1.0 requires it; feedparser drops it).
        if (const NodeId div = OnlyDiv(node); div != kNone) return SerializeChildren(div);
        return SerializeChildren(node);
      case AtomContentMode::kInlineMarkup:
        return SerializeChildren(node);
      case AtomContentMode::kText:
        break;
    }
    // Escaped markup wrapped in an XHTML div by mistake: the div's text is the value.
    if (const NodeId div = OnlyDiv(node); div != kNone && !t_.HasElementChild(div)) {
      return TextOf(div);
    }
    return MarkupOrText(node);
  }

  // The element's single element child when it is a <div>, else kNone.
  NodeId OnlyDiv(NodeId node) const {
    NodeId only = kNone;
    for (NodeId c = t_.first_child(node); c != kNone; c = t_.next_sibling(c)) {
      if (!t_.IsElement(c)) continue;
      if (only != kNone) return kNone;
      only = c;
    }
    return only != kNone && std::strcmp(t_.name(only), "div") == 0 ? only : kNone;
  }

  std::optional<Timestamp> DateOf(NodeId node) {
    return ParseFeedDate(t_.TrimmedText(node, scratch_));
  }

  // Resolves `reference` against the element's xml:base (itself resolved against the document
  // URL, i.e. options.base_url).
  std::string ResolveLink(NodeId node, const std::string& reference) const {
    if (reference.empty()) return reference;
    const std::string base = t_.BaseOf(node);
    if (base.empty()) return reference;
    Result<std::string> resolved = ResolveReference(base, reference);
    return resolved.ok() ? *resolved : reference;
  }

  // "a, b ,c" -> "a", "b", "c" (iTunes keywords, the <tags> element some feeds make up).
  static void AddCommaSeparated(const std::string& text, std::vector<std::string>& out) {
    size_t start = 0;
    while (start <= text.size()) {
      size_t comma = text.find(',', start);
      if (comma == std::string::npos) comma = text.size();
      if (std::string term = Trim(text.substr(start, comma - start)); !term.empty()) {
        out.push_back(std::move(term));
      }
      start = comma + 1;
    }
  }

  // <itunes:category text="Technology"><itunes:category text="Gadgets"/></itunes:category>:
  // both, outer first.
  void AddItunesCategories(NodeId node, std::vector<std::string>& out, int depth) {
    if (std::string term = Trim(Attr(node, "text")); !term.empty()) out.push_back(term);
    if (depth > 4) return;
    for (NodeId c = t_.first_child(node); c != kNone; c = t_.next_sibling(c)) {
      std::string_view local;
      if (t_.IsElement(c) && NamespaceOf(c, local) == Ns::kItunes && local == "category") {
        AddItunesCategories(c, out, depth + 1);
      }
    }
  }

  // A CDF attribute, written upper-case by the format's examples and lower-case by some feeds.
  std::string CdfAttr(NodeId node, std::string_view lower) const {
    std::string upper(lower);
    for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    std::string value(t_.Attribute(node, upper));
    return value.empty() ? std::string(t_.Attribute(node, lower)) : value;
  }

  void set_cdf(bool cdf) { cdf_ = cdf; }
  void set_sanitize(bool sanitize) { sanitize_ = sanitize; }

  static int64_t ParseLength(const std::string& text) {
    int64_t v = 0;
    const std::string t = Trim(text);
    const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    return ec == std::errc() && v > 0 ? v : 0;
  }

  FeedEntry ReadEntry(NodeId item);
  FeedFormat DetectFormat(NodeId root) const;
  bool IsItemElement(NodeId n, FeedFormat format) const;
  void CollectItems(NodeId node, FeedFormat format, std::vector<NodeId>& out, size_t depth) const;
  NodeId FeedHeader(NodeId root, FeedFormat format) const;
  void ReadHeader(NodeId header, ParsedFeed& feed);
  NodeId FindFeedRoot(NodeId root) const;

 private:
  struct EntryDraft {
    FeedEntry entry;
    NodeId summary_node = kNone;  // where summary and content came from (for their xml:base)
    NodeId content_node = kNone;
    std::string guid_link;        // an RSS guid that is a permalink
    std::string atom_link;        // rel=alternate or no rel
    std::string atom_other_link;  // any other rel (e.g. "related"), used last
  };
  static void SetContent(EntryDraft& d, std::string value, NodeId from) {
    if (!d.entry.content.empty()) return;
    d.entry.content = std::move(value);
    d.content_node = from;
  }

  void ReadAtomLink(NodeId node, std::string& alternate, std::string& other,
                    std::vector<FeedEnclosure>* enclosures);
  void ReadMedia(NodeId node, std::string_view local, EntryDraft& d);

  struct ElementClass {
    const char* name = nullptr;
    const char* uri = nullptr;
    const char* prefix = nullptr;
    std::string_view local;
    std::string lower;  // local, lower-cased
    Ns ns = Ns::kOther;
  };

  const XmlTree& t_;
  bool cdf_ = false;
  bool sanitize_ = false;
  std::string scratch_;
  mutable std::array<ElementClass, 64> classes_{};
};

void SetIfEmpty(std::string& field, std::string value) {
  if (field.empty()) field = std::move(value);
}
void SetIfEmpty(std::optional<Timestamp>& field, std::optional<Timestamp> value) {
  if (!field) field = value;
}

// ---- Entries ------------------------------------------------------------------------------

void AddEnclosure(std::vector<FeedEnclosure>& out, FeedEnclosure e) {
  if (e.url.empty()) return;
  for (const FeedEnclosure& existing : out) {
    if (existing.url == e.url) return;
  }
  out.push_back(std::move(e));
}

void FeedReader::ReadAtomLink(NodeId node, std::string& alternate, std::string& other,
                              std::vector<FeedEnclosure>* enclosures) {
  const std::string rel = ToLower(Trim(Attr(node, "rel")));
  std::string href = Trim(Attr(node, "href"));
  if (href.empty()) href = TextOf(node);  // Atom 0.3 drafts and broken feeds
  href = ResolveLink(node, href);
  if (rel.empty() || rel == "alternate") {
    SetIfEmpty(alternate, href);
  } else if (rel == "enclosure") {
    if (enclosures) {
      AddEnclosure(*enclosures,
                   {href, Trim(Attr(node, "type")), ParseLength(Attr(node, "length"))});
    }
  } else if (rel != "self" && rel != "replies" && rel != "edit" && rel != "hub") {
    SetIfEmpty(other, href);
  }
}

void FeedReader::ReadMedia(NodeId node, std::string_view local, EntryDraft& d) {
  if (local == "content") {
    AddEnclosure(d.entry.enclosures,
                 {ResolveLink(node, Trim(Attr(node, "url"))), Trim(Attr(node, "type")),
                  ParseLength(Attr(node, "fileSize"))});
    for (NodeId c = t_.first_child(node); c != kNone; c = t_.next_sibling(c)) {
      std::string_view child_local;
      if (t_.IsElement(c) && NamespaceOf(c, child_local) == Ns::kMedia) {
        ReadMedia(c, child_local, d);
      }
    }
  } else if (local == "thumbnail") {
    AddEnclosure(d.entry.enclosures, {ResolveLink(node, Trim(Attr(node, "url"))), "", 0});
  } else if (local == "group") {
    for (NodeId c = t_.first_child(node); c != kNone; c = t_.next_sibling(c)) {
      std::string_view child_local;
      if (t_.IsElement(c) && NamespaceOf(c, child_local) == Ns::kMedia) {
        ReadMedia(c, child_local, d);
      }
    }
  } else if (local == "description") {
    // Only a fallback for the summary; set after the loop.
  } else if (local == "category") {
    if (std::string term = TextOf(node); !term.empty()) d.entry.categories.push_back(term);
  }
}

FeedEntry FeedReader::ReadEntry(NodeId item) {
  EntryDraft d;
  FeedEntry& e = d.entry;
  std::string itunes_summary, media_description, dc_description, atom_author, itunes_author,
      media_title;
  if (std::string about = Trim(Attr(item, "about")); !about.empty()) e.id = about;  // rdf:about
  if (cdf_) {  // CDF keeps an item's link and time in attributes
    SetIfEmpty(e.link, ResolveLink(item, Trim(CdfAttr(item, "href"))));
    if (auto t = ParseFeedDate(Trim(CdfAttr(item, "lastmod")))) e.updated = t;
  }
  for (NodeId c = t_.first_child(item); c != kNone; c = t_.next_sibling(c)) {
    if (!t_.IsElement(c)) continue;
    std::string_view local;
    const Ns ns = NamespaceOf(c, local);
    if (ns == Ns::kCore || ns == Ns::kAtom) {
      if (local == "title") {
        SetIfEmpty(e.title, ns == Ns::kAtom ? AtomText(c) : MarkupOrText(c));
      } else if (local == "link") {
        if (t_.HasAttributes(c) && !t_.Attribute(c, "href").empty()) {
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
      } else if (local == "description" || local == "summary" || local == "abstract") {
        if (ns == Ns::kCore && !e.summary.empty()) {
          // RSS with both: the second of description and summary is the full content.
          SetContent(d, MarkupOrText(c), c);
        } else if (e.summary.empty()) {
          e.summary = ns == Ns::kAtom ? AtomText(c) : MarkupOrText(c);
          d.summary_node = c;
        }
      } else if (local == "content") {
        SetContent(d, AtomText(c), c);
      } else if (local == "fullitem" || (local == "body" && ns == Ns::kCore)) {
        SetContent(d, MarkupOrText(c), c);
      } else if (local == "tags" && ns == Ns::kCore) {
        AddCommaSeparated(TextOf(c), e.categories);
      } else if (local == "author") {
        if (t_.HasElementChild(c)) {  // Atom person construct
          for (NodeId p = t_.first_child(c); p != kNone; p = t_.next_sibling(p)) {
            if (t_.IsElement(p) && std::strcmp(t_.name(p), "name") == 0) {
              SetIfEmpty(atom_author, TextOf(p));
            }
          }
          if (atom_author.empty()) {
            for (NodeId p = t_.first_child(c); p != kNone; p = t_.next_sibling(p)) {
              if (t_.IsElement(p) && std::strcmp(t_.name(p), "email") == 0) {
                SetIfEmpty(atom_author, TextOf(p));
              }
            }
          }
        } else {
          SetIfEmpty(e.author, TextOf(c));
        }
      } else if (local == "pubdate" || local == "published" || local == "issued") {
        if (auto t = DateOf(c)) e.published = t;  // the last one wins, as in feedparser
      } else if (local == "updated" || local == "modified") {
        if (auto t = DateOf(c)) e.updated = t;
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
      if (local == "encoded") SetContent(d, MarkupOrText(c), c);
    } else if (ns == Ns::kXhtml && local == "body") {
      SetContent(d, SerializeChildren(c), c);
    } else if (ns == Ns::kMedia) {
      if (local == "description") SetIfEmpty(media_description, MarkupOrText(c));
      if (local == "title") SetIfEmpty(media_title, TextOf(c));
      ReadMedia(c, local, d);
    } else if (ns == Ns::kItunes) {
      if (local == "author") SetIfEmpty(itunes_author, TextOf(c));
      if (local == "summary") SetIfEmpty(itunes_summary, MarkupOrText(c));
      if (local == "category") AddItunesCategories(c, e.categories, 0);
      if (local == "keywords") AddCommaSeparated(TextOf(c), e.categories);
    }
  }
  SetIfEmpty(e.title, media_title);
  SetIfEmpty(e.author, atom_author);
  SetIfEmpty(e.author, itunes_author);
  SetIfEmpty(e.link, d.atom_link);
  SetIfEmpty(e.link, d.guid_link);
  SetIfEmpty(e.link, d.atom_other_link);
  SetIfEmpty(e.summary, dc_description);
  SetIfEmpty(e.summary, itunes_summary);
  SetIfEmpty(e.summary, media_description);
  // feedparser copies HTML or text content into a missing summary.
  if (e.summary.empty() && !e.content.empty()) {
    e.summary = e.content;
    d.summary_node = d.content_node;
  }
  if (sanitize_) {
    const auto safe = [&](const std::string& html, NodeId from) {
      return html.empty()
                 ? std::string()
                 : SanitizeHtml(html, {.base_url = t_.BaseOf(from != kNone ? from : item)});
    };
    e.safe_summary = safe(e.summary, d.summary_node);
    e.safe_content = e.content == e.summary ? e.safe_summary : safe(e.content, d.content_node);
  }
  return std::move(d.entry);
}

// ---- Feed level ---------------------------------------------------------------------------

FeedFormat FeedReader::DetectFormat(NodeId root) const {
  const std::string lower = ToLower(t_.name(root));
  const std::string_view name = lower;
  const std::string_view uri = t_.ns_uri(root) != nullptr ? t_.ns_uri(root) : "";
  if (name == "rss" || name == "rss:rss") {
    const std::string version = Trim(Attr(root, "version"));
    if (version == "0.90") return FeedFormat::kRss090;
    if (version == "0.91") return FeedFormat::kRss091;
    if (version == "0.92") return FeedFormat::kRss092;
    if (version == "0.93") return FeedFormat::kRss093;
    if (version == "0.94") return FeedFormat::kRss094;
    if (version.starts_with("2")) return FeedFormat::kRss20;  // "2.0", "2.01", "2.1"
    return FeedFormat::kRss;
  }
  if (name == "rdf" || name == "rdf:rdf") {
    // The version is the namespace of <channel>/<item>, not of the root.
    for (NodeId c = t_.first_child(root); c != kNone; c = t_.next_sibling(c)) {
      if (!t_.IsElement(c) || t_.ns_uri(c) == nullptr) continue;
      if (t_.ns_uri(c) == kRss090Ns) return FeedFormat::kRss090;
      if (t_.ns_uri(c) == kRss10Ns) return FeedFormat::kRss10;
    }
    return FeedFormat::kRss10;
  }
  if (name == "feed") {
    if (uri == kAtom03Ns) return FeedFormat::kAtom03;
    if (uri == kAtom10Ns) return FeedFormat::kAtom10;
    return Trim(Attr(root, "version")) == "0.3" ? FeedFormat::kAtom03 : FeedFormat::kAtom10;
  }
  if (name == "channel") {
    // CDF's channel carries its link in an HREF attribute and its items are upper-case.
    if (std::strcmp(t_.name(root), "CHANNEL") == 0 || !CdfAttr(root, "href").empty()) {
      return FeedFormat::kCdf;
    }
    return FeedFormat::kRss;  // <rss> lost, e.g. a fragment
  }
  return FeedFormat::kUnknown;
}

bool FeedReader::IsItemElement(NodeId n, FeedFormat format) const {
  std::string_view local;
  const Ns ns = NamespaceOf(n, local);
  if (format == FeedFormat::kAtom03 || format == FeedFormat::kAtom10) {
    return ns == Ns::kAtom || ns == Ns::kCore ? local == "entry" : false;
  }
  return ns == Ns::kCore && local == "item";
}

// Items anywhere below `node`, in document order. Items inside items are collected too: libxml2's
// recovery nests the items that follow a broken one inside it.
void FeedReader::CollectItems(NodeId node, FeedFormat format, std::vector<NodeId>& out,
                              size_t depth) const {
  if (depth > 64) return;
  for (NodeId c = t_.first_child(node); c != kNone; c = t_.next_sibling(c)) {
    if (!t_.IsElement(c)) continue;
    if (IsItemElement(c, format)) out.push_back(c);
    CollectItems(c, format, out, depth + 1);
  }
}

// The element that holds the feed's own title/link: <channel> for RSS, the root for Atom.
NodeId FeedReader::FeedHeader(NodeId root, FeedFormat format) const {
  if (format == FeedFormat::kAtom03 || format == FeedFormat::kAtom10) return root;
  if (format == FeedFormat::kCdf || ToLower(t_.name(root)) == "channel") return root;
  for (NodeId c = t_.first_child(root); c != kNone; c = t_.next_sibling(c)) {
    if (t_.IsElement(c) && ToLower(t_.name(c)) == "channel") return c;
  }
  return kNone;
}

void FeedReader::ReadHeader(NodeId header, ParsedFeed& feed) {
  std::string atom_link, atom_other;
  std::optional<Timestamp> published;
  for (NodeId c = t_.first_child(header); c != kNone; c = t_.next_sibling(c)) {
    if (!t_.IsElement(c)) continue;
    std::string_view local;
    const Ns ns = NamespaceOf(c, local);
    if (ns == Ns::kCore || ns == Ns::kAtom) {
      if (local == "title") {
        SetIfEmpty(feed.title, ns == Ns::kAtom ? AtomText(c) : MarkupOrText(c));
      } else if (local == "link") {
        if (t_.HasAttributes(c) && !t_.Attribute(c, "href").empty()) {
          ReadAtomLink(c, atom_link, atom_other, nullptr);
        } else if (ns == Ns::kCore) {
          SetIfEmpty(feed.link, ResolveLink(c, TextOf(c)));
        }
      } else if (local == "description" || local == "subtitle" || local == "tagline" ||
                 local == "abstract") {
        SetIfEmpty(feed.subtitle, ns == Ns::kAtom ? AtomText(c) : MarkupOrText(c));
      } else if (local == "lastbuilddate" || local == "updated" || local == "modified") {
        SetIfEmpty(feed.updated, DateOf(c));
      } else if (local == "pubdate" || local == "published") {
        SetIfEmpty(published, DateOf(c));
      } else if (local == "ttl") {
        int ttl = 0;
        const std::string t = TextOf(c);
        const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), ttl);
        if (ec == std::errc() && ptr == t.data() + t.size() && ttl >= 0) feed.ttl_minutes = ttl;
      }
    } else if (ns == Ns::kDc) {
      if (local == "title") SetIfEmpty(feed.title, TextOf(c));
      if (local == "date" || local == "modified") SetIfEmpty(feed.updated, DateOf(c));
      if (local == "description") SetIfEmpty(feed.subtitle, MarkupOrText(c));
    } else if (ns == Ns::kItunes && local == "subtitle") {
      SetIfEmpty(feed.subtitle, TextOf(c));
    }
  }
  if (cdf_) {
    SetIfEmpty(feed.link, ResolveLink(header, Trim(CdfAttr(header, "href"))));
    SetIfEmpty(feed.updated, ParseFeedDate(Trim(CdfAttr(header, "lastmod"))));
  }
  SetIfEmpty(feed.link, atom_link);
  SetIfEmpty(feed.link, atom_other);
  SetIfEmpty(feed.updated, published);
}

// A document whose root is none of the feed elements may still hold one (an <rss> wrapped in
// something); returns the first feed root found breadth-first near the top.
NodeId FeedReader::FindFeedRoot(NodeId root) const {
  if (DetectFormat(root) != FeedFormat::kUnknown) return root;
  for (NodeId c = t_.first_child(root); c != kNone; c = t_.next_sibling(c)) {
    if (t_.IsElement(c) && DetectFormat(c) != FeedFormat::kUnknown) return c;
  }
  return kNone;
}

}  // namespace

Result<ParsedFeed> ParseFeed(std::string_view bytes, const FeedParseOptions& options) {
  if (bytes.empty()) return ParseError("empty input is not a feed");
  ParsedFeed feed;
  // The stash's runs point into `text` (the input itself when it is UTF-8 already, else
  // `decoded`), which therefore lives until the entries are read.
  DecodedText decoded;
  const std::string_view text =
      DecodeToUtf8View(bytes, options.http_charset, MarkupKind::kXml, decoded);
  feed.charset = decoded.charset;
  if (decoded.invalid_bytes > 0) {
    feed.warnings.push_back(std::to_string(decoded.invalid_bytes) + " bytes invalid in " +
                            decoded.charset);
  }
  // Parsed with long non-ASCII text set aside; again without if recovery lost a marker.
  size_t fixes = 0;
  TextStash stash;
  XmlDiagnostics diagnostics;
  std::optional<XmlTree> tree;
  std::string storage;
  for (const bool use_stash : {options.set_aside_text, false}) {
    fixes = 0;
    stash.Clear();
    const std::string_view xml = PrepareXml(text, fixes, use_stash ? &stash : nullptr, storage);
    Result<XmlTree> parsed =
        XmlTree::Parse(xml, options.base_url, &stash, kMaxWarnings, diagnostics);
    if (!parsed.ok()) return parsed.status();
    tree.emplace(std::move(*parsed));
    if (stash.empty() || tree->stash_intact()) break;
  }
  feed.well_formed = diagnostics.well_formed && diagnostics.errors == 0 && fixes == 0;
  for (std::string& m : diagnostics.messages) feed.warnings.push_back(std::move(m));
  if (diagnostics.errors > diagnostics.messages.size()) {
    feed.warnings.push_back(std::to_string(diagnostics.errors - diagnostics.messages.size()) +
                            " more XML errors");
  }
  if (tree->root() == kNone) return ParseError("no XML element found; not a feed");
  FeedReader reader(*tree);
  const NodeId root = reader.FindFeedRoot(tree->root());
  if (root == kNone) {
    return ParseError(std::string("root element <") + tree->name(tree->root()) +
                      "> is not RSS, RDF or Atom");
  }
  feed.format = reader.DetectFormat(root);
  reader.set_cdf(feed.format == FeedFormat::kCdf);
  reader.set_sanitize(options.sanitize_html);
  if (const NodeId header = reader.FeedHeader(root, feed.format); header != kNone) {
    reader.ReadHeader(header, feed);
  }

  std::vector<NodeId> items;
  reader.CollectItems(root, feed.format, items, 0);
  if (items.size() > options.max_entries) {
    feed.warnings.push_back("kept the first " + std::to_string(options.max_entries) + " of " +
                            std::to_string(items.size()) + " entries");
    items.resize(options.max_entries);
  }
  feed.entries.reserve(items.size());
  for (const NodeId item : items) feed.entries.push_back(reader.ReadEntry(item));
  return feed;
}

}  // namespace newswatch

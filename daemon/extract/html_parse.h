// Parsing a page into a libxml2 tree at less cost than htmlReadMemory, with the same tree:
// the pieces libxml2's HTML parser reads slowly are set aside first (html_prepare.h), and the
// tree is built by our own SAX callbacks into one arena (html_arena.h) instead of libxml2's
// per-node allocations. Internal to nw_extract. Thread-safety: pure functions; a document is
// used by one thread at a time.
#pragma once

#include <libxml/tree.h>

#include <cstddef>
#include <memory>
#include <string_view>

namespace newswatch::extract_internal {

class TreeArena;

// A parsed page. Either a plain libxml2 document (freed with xmlFreeDoc) or one whose nodes,
// attributes and strings live in an arena: read it like any libxml2 tree, but never free,
// unlink or re-set the content of its nodes with libxml2 functions.
class HtmlDocument {
 public:
  HtmlDocument() = default;
  HtmlDocument(HtmlDocument&& other) noexcept;
  HtmlDocument& operator=(HtmlDocument&& other) noexcept;
  ~HtmlDocument();

  // Takes a document from htmlReadMemory & co.
  static HtmlDocument Adopt(xmlDoc* doc);

  xmlDoc* get() const { return doc_; }
  explicit operator bool() const { return doc_ != nullptr; }
  // Where new nodes and strings of this tree must come from; null for a plain document.
  TreeArena* arena() const { return arena_.get(); }

 private:
  friend class HtmlDocumentBuilder;
  void Reset();

  xmlDoc* doc_ = nullptr;
  std::unique_ptr<TreeArena> arena_;  // null for a plain document
  xmlDict* names_ = nullptr;          // the parser's dictionary: element and attribute names
};

struct ParsedHtml {
  HtmlDocument doc;   // empty only if libxml2 produced no document at all
  bool fast = false;  // built in an arena (false: htmlReadMemory's own tree)
  size_t pieces = 0;  // pieces the pre-pass set aside and restored (0: parsed as given)
};

enum class HtmlParseMode {
  kPlain,  // htmlReadMemory on the page as given: the reference
  kArena,  // our tree builder, no pre-pass (for tests)
  kFast,   // pre-pass and tree builder: what ExtractArticle uses
};

// Parses a UTF-8 page like htmlReadMemory(html, url, "UTF-8", RECOVER | NONET | NOERROR |
// NOWARNING | COMPACT) (`url` may be null). The tree is the same in every mode, node for node
// and string for string (tests/extract/html_prepare_test.cc), but for line numbers and
// libxml2's ID table. kFast sets pieces aside only when the page allows it.
ParsedHtml ParseHtmlPage(std::string_view html_utf8, const char* url, HtmlParseMode mode);

}  // namespace newswatch::extract_internal

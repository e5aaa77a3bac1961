// Per-element statistics of the extractor's scoring pass, shared by the passes that choose the
// content block (article_extractor.cc, content_choice.cc). Internal to nw_extract.
// Thread-safety: plain data; a page's stats belong to the one call extracting it.
#pragma once

#include <libxml/tree.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace newswatch::extract_internal {

enum class TagKind : uint8_t {
  kBlock,      // div, p, td, li, section...: starts a line, may own a paragraph
  kInline,     // a, span, font, strong...: text flows into the enclosing block
  kBreak,      // br: ends a line
  kDrop,       // script, style, nav, form...: never article text
  kInvisible,  // head, title, meta: not text at all
};

struct ClassHints {
  bool positive = false;
  bool negative = false;
};

// Everything learned about one element in the scoring pass.
struct NodeStats {
  xmlNode* node = nullptr;
  int parent = -1;
  TagKind kind = TagKind::kBlock;
  bool dropped = false;  // chrome: this element or an ancestor
  ClassHints hints;
  // Visible code points of the (non-dropped) subtree, of its link text, and its
  // punctuation.
  uint32_t text = 0;
  uint32_t link = 0;
  uint32_t punct = 0;
  // The same for text this block owns directly (text nodes and inline
  // descendants).
  uint32_t own_text = 0;
  uint32_t own_link = 0;
  uint32_t own_punct = 0;
  double content_score = 0;  // paragraph scores credited by descendants
  size_t page_offset = 0;    // where this element's text starts in the page text
  size_t page_end = 0;       // where it ends
};

inline std::string_view Name(const xmlNode* n) { return reinterpret_cast<const char*>(n->name); }

inline std::string_view Attr(const xmlNode* n, std::string_view attr) {
  for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
    if (Name(reinterpret_cast<const xmlNode*>(a)) != attr) continue;
    if (a->children != nullptr && a->children->type == XML_TEXT_NODE &&
        a->children->content != nullptr) {
      return reinterpret_cast<const char*>(a->children->content);
    }
    return "";
  }
  return "";
}

// The element's index in its page's stats (set by the scan in xmlNode::_private), -1 if none.
inline int IndexOf(const xmlNode* n) {
  return static_cast<int>(reinterpret_cast<intptr_t>(n->_private)) - 1;
}

inline bool IsParagraphTag(std::string_view name) {
  return name == "p" || name == "li" || name == "pre" || name == "blockquote" || name == "dd" ||
         name == "h2" || name == "h3" || name == "h4" || name == "h5" || name == "h6";
}

inline double LinkDensity(const NodeStats& s) {
  return s.text == 0 ? 0 : static_cast<double>(s.link) / s.text;
}

}  // namespace newswatch::extract_internal

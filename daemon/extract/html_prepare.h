// The pre-pass of ParseHtmlPage (html_parse.h): libxml2 2.9's HTML parser reads script and style
// bodies, comments, attribute values and text one character at a time (non-ASCII ones through
// its slow path), so those pieces are set aside behind one-character markers before the parse
// and put back into the tree after it. Where that cannot be shown to give the plain parse's tree
// (a marker missing or out of place) the page is parsed again plainly.
// Internal to nw_extract. Thread-safety: pure functions.
#pragma once

#include <libxml/tree.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newswatch::extract_internal {

// What the pre-pass made of a page, for tests and profiling.
struct PreparedHtml {
  enum class Kind : uint8_t { kText, kScript, kStyle, kComment, kAttribute };
  struct Piece {
    uint32_t begin = 0;  // in the original page
    uint32_t size = 0;
    Kind kind = Kind::kText;
    // kAttribute: the quote of the first value ('"', '\'' or 0 for none); the piece runs from
    // that value to the end of the last attribute set aside with it.
    char quote = 0;
  };
  bool eligible = false;  // false: the page holds marker characters (or is too large)
  // The page holds a long non-ASCII name (after '&', "<?" or "<!DOCTYPE") that libxml2 2.9 may
  // read differently from one parse to the next (htmlParseNameComplex starts over when its
  // input buffer is reallocated, which depends on the heap): nothing is set aside.
  bool risky_names = false;
  std::string text;  // what libxml2 parses; empty when no piece was set aside
  std::vector<Piece> pieces;
};

// Runs the pre-pass. Pieces point into `html_utf8`, which must outlive their use. `out` is
// overwritten (its buffers are reused).
void PrepareHtml(std::string_view html_utf8, PreparedHtml* out);
PreparedHtml PrepareHtml(std::string_view html_utf8);

class TreeArena;

// Puts the pieces of `prepared` (made from `html_utf8`) back where their markers landed in
// `doc`, a tree built in `arena`; new strings and attributes come from the arena. Returns false
// if a marker is missing, found twice or out of place: the tree is then unusable.
bool RestorePieces(xmlDoc* doc, std::string_view html_utf8, const PreparedHtml& prepared,
                   TreeArena* arena);

}  // namespace newswatch::extract_internal

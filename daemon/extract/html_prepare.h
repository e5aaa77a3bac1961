// The pre-pass of ParseHtmlPage (html_parse.h): libxml2 2.9's HTML parser reads script and style
// bodies, comments, attribute values and text one character at a time (non-ASCII ones through
// its slow path), so those pieces are set aside behind one-character markers before the parse
// and put back into the tree while it is built. Where that cannot be shown to give the plain
// parse's tree (a marker missing or out of place) the page is parsed again without them.
// Internal to nw_extract. Thread-safety: pure functions.
#pragma once

#include <libxml/tree.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newswatch::extract_internal {

// The first byte of every marker (U+F0000 + the piece's number, in UTF-8); a page holding it
// anywhere is not prepared.
inline constexpr unsigned char kPieceMarkerLead = 0xF3;

// What the pre-pass made of a page, for tests and profiling.
struct PreparedHtml {
  enum class Kind : uint8_t { kText, kScript, kStyle, kComment, kAttribute };
  struct Piece {
    uint32_t begin = 0;  // in the original page
    uint32_t size = 0;
    Kind kind = Kind::kText;
    // kAttribute: the piece runs from the first attribute's value to the end of the last
    // attribute set aside with it; attributes[first_attribute, + attribute_count) describe them.
    uint32_t first_attribute = 0;
    uint32_t attribute_count = 0;
  };
  // An attribute of a kAttribute piece (the first one's value, then the others), its name as
  // written and its value with references decoded.
  struct Attribute {
    uint32_t name_begin = 0;  // in the page
    uint32_t name_size = 0;
    uint32_t value_begin = 0;  // in the page, or in `decoded` if from_decoded
    uint32_t value_size = 0;
    bool has_value = false;
    bool from_decoded = false;
  };
  bool eligible = false;  // false: the page holds marker characters (or is too large)
  // The page holds a long non-ASCII name (after '&', "<?" or "<!DOCTYPE") that libxml2 2.9 may
  // read differently from one parse to the next (htmlParseNameComplex starts over when its
  // input buffer is reallocated, which depends on the heap): nothing is set aside.
  bool risky_names = false;
  std::string text;  // what libxml2 parses; empty when no piece was set aside
  std::vector<Piece> pieces;
  std::vector<Attribute> attributes;
  std::string decoded;  // attribute values whose references were decoded
};

// Runs the pre-pass. Pieces point into `html_utf8`, which must outlive their use. `out` is
// overwritten (its buffers are reused).
void PrepareHtml(std::string_view html_utf8, PreparedHtml* out);
PreparedHtml PrepareHtml(std::string_view html_utf8);

// Puts the pieces of a prepared page back while its tree is built (the SAX callbacks of
// html_parse.cc hand every text, comment and attribute value to it): each marker must be met
// once, in a place of its kind, or the tree is unusable and the page must be parsed again.
class PieceRestorer {
 public:
  // `html_utf8` and `prepared` must outlive the restorer.
  PieceRestorer(std::string_view html_utf8, const PreparedHtml& prepared);

  // Text arriving for a text node (`cdata`: a CDATA node, i.e. a script or style body, under an
  // element named `parent`): appends it to *out with its markers replaced.
  void AppendText(std::string_view chunk, bool cdata, std::string_view parent, std::string* out);
  // A comment's content: its piece if it is one comment marker, else the content itself.
  std::string_view Comment(std::string_view content);

  struct Attribute {
    std::string_view name;  // as written: libxml2 lower-cases it
    bool has_value = false;
    std::string_view value;  // references decoded
  };
  // An attribute value that is one attribute marker: sets `first_value` to the real value and
  // fills `more` with the attributes set aside after it (views into the page or the prepared
  // page); returns false if `value` is no such marker (it must start with the marker's lead
  // byte to be one).
  bool Attributes(std::string_view value, std::string_view* first_value,
                  std::vector<Attribute>* more);

  // Every marker met once and in its place.
  bool complete() const { return ok_ && count_ == prepared_.pieces.size(); }

 private:
  // The piece whose marker starts at s[k]: marks it restored. Returns -1 (and spoils the
  // restore) if there is no such marker or it was met before.
  int Take(std::string_view s, size_t k);
  std::string_view PieceText(size_t index) const;

  std::string_view html_;
  const PreparedHtml& prepared_;
  std::vector<uint8_t> restored_;
  size_t count_ = 0;
  bool ok_ = true;
};

}  // namespace newswatch::extract_internal

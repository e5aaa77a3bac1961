// TextStash: long runs of non-ASCII text kept out of libxml2's way. libxml2 2.9 reads non-ASCII
// character data one code point at a time (xmlCurrentChar, xmlCopyCharMultiByte: ~45 % of parsing
// a Chinese feed). PrepareXml (xml_prepare.h) therefore sets such runs aside and leaves a short
// ASCII marker in their place: DEL (0x7F), the run's index, the run's line breaks (so libxml2's
// error line numbers do not move), DEL. XmlTree (xml_tree.h) checks that every marker came back
// exactly once and expands the markers whenever it hands out text.
// Thread-safety: a plain value; const methods may be called from any thread.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace newswatch {

class TextStash {
 public:
  static constexpr char kMarker = '\x7F';  // opens and closes a marker
  // Runs shorter than this are cheap enough for libxml2 and are left in place.
  static constexpr size_t kMinRun = 24;
  // Runs longer than this are left to libxml2 too, so that its limits on huge text nodes apply
  // as they would without a stash.
  static constexpr size_t kMaxRun = size_t{1} << 20;

  // True if `document` can use a stash: it must not contain the marker byte itself.
  static bool Usable(std::string_view document);

  // Sets `run` aside and appends its marker to `out`. The run must stay alive as long as the
  // stash (it points into the decoded document); `has_cr` says it holds CR, which XML end-of-line
  // handling turns into LF (a normalised copy is kept then); `newlines` is its line-break count.
  void Add(std::string_view run, bool has_cr, size_t newlines, std::string& out);

  size_t size() const { return runs_.size(); }
  bool empty() const { return runs_.empty(); }
  void Clear();

  // Walks the markers in `text` (text as libxml2 returned it). Returns false if one is
  // malformed or names an unknown run or one already in `seen` (recovery moved or duplicated
  // text); marks the runs found in `seen` (sized size()) and counts them in `found`.
  bool Check(std::string_view text, std::vector<bool>& seen, size_t& found) const;

  // Appends `text` to `out` with every marker replaced by its run. `text` must have passed Check.
  void AppendExpanded(std::string_view text, std::string& out) const;
  // Length of AppendExpanded's output.
  size_t ExpandedSize(std::string_view text) const;

 private:
  // Parses the marker at text[at] (a kMarker byte); returns the run index and sets `end` one
  // past the marker, or returns npos if it is malformed.
  static size_t ParseMarker(std::string_view text, size_t at, size_t& end);

  std::vector<std::string_view> runs_;
  std::deque<std::string> normalized_;  // runs whose CR / CR LF became LF
};

}  // namespace newswatch

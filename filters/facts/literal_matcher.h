// LiteralMatcher: an Aho-Corasick automaton over UTF-8 bytes that finds many
// fixed phrases (region names, aliases) in one pass over a text.
// Thread-safety: immutable after construction; Find() may run concurrently.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newswatch {

class LiteralMatcher {
 public:
  struct Match {
    size_t begin = 0;   // byte offset in the scanned text
    size_t end = 0;     // one past the last byte
    size_t phrase = 0;  // index into the constructor's `phrases`
  };

  // Compiles `phrases` (empty ones are ignored; duplicates all report).
  explicit LiteralMatcher(const std::vector<std::string>& phrases);

  // Leftmost-longest, non-overlapping matches in text order: at each position
  // the longest phrase wins ("浦东新区" over "浦东"); for equal spans, every
  // phrase index with that exact text is reported (one Match each).
  std::vector<Match> Find(std::string_view text) const;

 private:
  struct Node {
    std::vector<std::pair<unsigned char, int>> next;  // sorted by byte
    int fail = 0;
    int output_link = -1;         // nearest proper suffix node with outputs
    std::vector<size_t> outputs;  // phrases ending exactly here
  };
  int Child(int node, unsigned char byte) const;

  std::vector<Node> nodes_;
  std::vector<size_t> lengths_;
  // The root's children by byte (-1 for none): most bytes of a text restart
  // at the root, so its lookup is a table rather than a search.
  std::array<int, 256> root_{};
};

}  // namespace newswatch

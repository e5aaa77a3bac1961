// Text folding for matching: one canonical form of Chinese text so that rules written once match
// traditional, full-width and pinyin-annotated variants of the same words.
// Thread-safety: a TextNormalizer is immutable after Create(); Normalize and DetectScript may be
// called from any number of threads at once (each call leases its own OpenCC converter).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/article.h"
#include "daemon/core/result.h"

namespace newswatch {

// Script (kUnknown, kSimplified, kTraditional, kMixed, kLatin) is defined with Article in
// daemon/core/article.h, which records the script a source used.

class ConverterPool;  // OpenCC converters of one configuration, leased per call (normalize.cc)

class TextNormalizer {
 public:
  // Loads OpenCC's "t2s.json" and "s2t.json" configurations. Fails with kConfig if the OpenCC
  // data files are missing or unreadable.
  static Result<std::unique_ptr<TextNormalizer>> Create();

  ~TextNormalizer();
  TextNormalizer(const TextNormalizer&) = delete;
  TextNormalizer& operator=(const TextNormalizer&) = delete;

  // Returns the folded form of UTF-8 `text` (invalid bytes become U+FFFD, NULs vanish):
  // pinyin annotations after Han characters removed (see StripPinyinAnnotations), full-width
  // ASCII letters/digits/punctuation (U+FF01-U+FF5E) made half-width, U+3000 and all other
  // whitespace runs folded to one ASCII space and the ends trimmed, ASCII lower-cased, and
  // traditional characters converted to simplified (OpenCC t2s, phrase-aware). One pass over
  // the text; OpenCC then runs only over the clauses (text between punctuation or spaces) that
  // hold a traditional character, since no conversion rule spans punctuation. `text` is not
  // modified.
  std::string Normalize(std::string_view text) const;

  // The same folding with OpenCC run over the whole folded text instead of the traditional
  // clauses only: the reference Normalize is tested against, and slower on mixed text.
  std::string NormalizeConvertingWholeText(std::string_view text) const;

  // Classifies the Han characters of `text` by counting those OpenCC t2s changes (traditional)
  // against those s2t changes (simplified); one side dominating 3:1 decides, else kMixed.
  // Han text with no script-specific characters is kSimplified. Table lookups only.
  Script DetectScript(std::string_view text) const;

 private:
  TextNormalizer(std::unique_ptr<ConverterPool> t2s, std::vector<bool> traditional,
                 std::vector<bool> simplified);

  // Folds `text` (everything Normalize does except OpenCC); sets *needs_conversion if any
  // character of the result may change under t2s.
  std::string Fold(std::string_view text, bool* needs_conversion) const;
  // Runs t2s over the maximal runs of clauses of `folded` that hold a character it may change.
  std::string ConvertTraditionalClauses(const std::string& folded) const;
  bool MayConvert(int32_t cp) const;

  std::unique_ptr<ConverterPool> t2s_;
  // Indexed by code point - kTableFirst for U+3400..U+FAFF: true if OpenCC t2s (traditional_)
  // or s2t (simplified_) changes the character on its own. Text without a traditional
  // character skips OpenCC entirely, which is most text.
  std::vector<bool> traditional_;
  std::vector<bool> simplified_;
};

// Removes pinyin annotations inserted after Han characters, as some mirror sites do
// ("國(guó)內(nèi)" -> "國內"): an ASCII or full-width parenthesis directly after a Han character,
// holding one to four pinyin syllables separated by single spaces, each tone-marked ("guó") or
// ending in a tone digit 1-5 ("guo2"). Real parenthesized content such as "(2023-2025年)",
// "（征求意见稿）", "(AI)" or "(de)" is kept. Everything else is returned unchanged.
std::string StripPinyinAnnotations(std::string_view text);

}  // namespace newswatch

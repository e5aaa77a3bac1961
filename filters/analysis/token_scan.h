// TokenScanner: every word the policy analysis reads with (region names,
// body suffixes, central bodies, non-government suffixes, act verbs, foreign
// places, deputies' roles and the topic's terms) compiled into one Hyperscan
// database (the PhraseMatcher the relevance profiles use), so a text is
// scanned once for all of them.
// Thread-safety: immutable after construction; Scan() may run concurrently.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/result.h"
#include "filters/analysis/lexicon.h"
#include "filters/facts/region_table.h"
#include "filters/relevance/matcher.h"

namespace newswatch {

enum class TokenKind : uint8_t {
  kRegion,         // a region name; `code` says which
  kBodySuffix,     // index into Lexicon::body_suffixes
  kNationalBody,   // index into Lexicon::national_bodies
  kNonGovernment,  // index into Lexicon::non_government
  kAct,            // index into Lexicon::acts
  kForeignPlace,   // index into Lexicon::foreign_places
  kRole,           // a deputy's or member's role (代表, 政协委员)
  kTopic,          // a term that names the topic
  kBlock,          // a word that must not be read as its parts (发布会, 委员会)
};

struct Token {
  TokenKind kind = TokenKind::kBlock;
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t index = 0;  // into the table of its kind (region: into region_codes)
};

class TokenScanner {
 public:
  // Borrows `lexicon` and `regions` (they must outlive the scanner).
  // `topic_terms` are normalized phrases (lower-case ASCII, simplified).
  // kConfig when the database cannot be compiled.
  static Result<std::unique_ptr<TokenScanner>> Create(const Lexicon& lexicon,
                                                      const RegionTable& regions,
                                                      const std::vector<std::string>& topic_terms);

  // Leftmost-longest tokens of `text` in order; where several phrases have the
  // same text, the first listed kind wins (regions before suffixes).
  std::vector<Token> Scan(std::string_view text) const;

  // The region code of a kRegion token.
  const std::string& RegionCode(const Token& t) const { return region_codes_[t.index]; }
  const RegionTable& regions() const { return regions_; }
  const Lexicon& lexicon() const { return lexicon_; }

 private:
  struct Entry {
    TokenKind kind;
    uint32_t index;
  };
  TokenScanner(const Lexicon& lexicon, const RegionTable& regions)
      : lexicon_(lexicon), regions_(regions) {}

  const Lexicon& lexicon_;
  const RegionTable& regions_;
  std::vector<Entry> entries_;
  std::vector<std::string> region_codes_;
  std::unique_ptr<PhraseMatcher> matcher_;
};

}  // namespace newswatch

// PhraseMatcher: every term and exclusion of a profile compiled once into one
// Hyperscan block-mode database, so a text is scanned once however many terms
// there are. Hyperscan rather than a hand-written Aho-Corasick because profiles
// may also carry regexes (e.g. "发布.{0,8}政策") and both kinds share one scan.
// Literals are matched byte-wise (valid UTF-8 literals only match on character
// boundaries of valid UTF-8 text); regexes run with HS_FLAG_UTF8|HS_FLAG_UCP.
// Thread-safety: immutable after Compile(); Scan() may run concurrently from any
// number of threads (each call borrows a scratch space from a small pool).
#pragma once

#include <hs/hs.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/result.h"

namespace newswatch {

struct PhrasePattern {
  std::string text;        // literal bytes, or a regex when is_regex
  bool is_regex = false;
  bool is_exclusion = false;  // consumes overlapping term hits; never scores
  int line = 0;               // profile line, for compile errors
};

// One occurrence: pattern index into the Compile() list, byte offsets [start, end).
struct PhraseHit {
  uint32_t pattern = 0;
  uint32_t start = 0;
  uint32_t end = 0;
};

// Move-only owners of Hyperscan handles.
struct HsDatabaseDeleter {
  void operator()(hs_database_t* db) const { hs_free_database(db); }
};
struct HsScratchDeleter {
  void operator()(hs_scratch_t* s) const { hs_free_scratch(s); }
};
using HsDatabase = std::unique_ptr<hs_database_t, HsDatabaseDeleter>;
using HsScratch = std::unique_ptr<hs_scratch_t, HsScratchDeleter>;

class PhraseMatcher {
 public:
  // Compiles `patterns` (non-empty). A pattern Hyperscan rejects yields kConfig
  // "file_name:line: bad pattern '...': reason".
  static Result<std::unique_ptr<PhraseMatcher>> Compile(std::vector<PhrasePattern> patterns,
                                                        std::string_view file_name);

  PhraseMatcher(const PhraseMatcher&) = delete;
  PhraseMatcher& operator=(const PhraseMatcher&) = delete;

  // Scans `text` once. Returns non-overlapping hits ordered by start: first the
  // exclusions are resolved leftmost-longest and every term hit overlapping one
  // is consumed; the remaining term hits are resolved leftmost-longest.
  // Exclusion hits are included (so callers can explain them). Never fails: a
  // Hyperscan runtime error yields the hits found so far.
  std::vector<PhraseHit> Scan(std::string_view text) const;

  const std::vector<PhrasePattern>& patterns() const { return patterns_; }

 private:
  PhraseMatcher(std::vector<PhrasePattern> patterns, HsDatabase db, HsScratch prototype);

  HsScratch AcquireScratch() const;
  void ReleaseScratch(HsScratch scratch) const;

  std::vector<PhrasePattern> patterns_;
  HsDatabase db_;
  HsScratch prototype_;  // cloned for each concurrent scan
  mutable std::mutex pool_mutex_;
  mutable std::vector<HsScratch> pool_;
};

}  // namespace newswatch

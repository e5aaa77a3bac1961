#include "filters/relevance/matcher.h"

#include <algorithm>
#include <cstdio>
#include <limits>

namespace newswatch {
namespace {

// Hyperscan has no per-pattern literal flag in hs_compile_multi; escaping every
// byte makes a literal an exact byte sequence.
std::string EscapeLiteral(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 4);
  char buf[8];
  for (unsigned char c : text) {
    std::snprintf(buf, sizeof buf, "\\x%02x", c);
    out += buf;
  }
  return out;
}

int CollectHit(unsigned int id, unsigned long long from, unsigned long long to,
               unsigned int /*flags*/, void* context) {
  auto* hits = static_cast<std::vector<PhraseHit>*>(context);
  hits->push_back({id, static_cast<uint32_t>(from), static_cast<uint32_t>(to)});
  return 0;  // continue scanning
}

// Leftmost-longest selection of non-overlapping hits from `hits` (any order).
std::vector<PhraseHit> LeftmostLongest(std::vector<PhraseHit> hits) {
  std::sort(hits.begin(), hits.end(), [](const PhraseHit& a, const PhraseHit& b) {
    if (a.start != b.start) return a.start < b.start;
    if (a.end != b.end) return a.end > b.end;
    return a.pattern < b.pattern;
  });
  std::vector<PhraseHit> out;
  uint32_t covered_to = 0;
  for (const PhraseHit& h : hits) {
    if (h.end <= h.start) continue;  // empty regex matches carry no text
    if (!out.empty() && h.start < covered_to) continue;
    out.push_back(h);
    covered_to = h.end;
  }
  return out;
}

}  // namespace

PhraseMatcher::PhraseMatcher(std::vector<PhrasePattern> patterns, HsDatabase db,
                             HsScratch prototype)
    : patterns_(std::move(patterns)), db_(std::move(db)), prototype_(std::move(prototype)) {}

Result<std::unique_ptr<PhraseMatcher>> PhraseMatcher::Compile(std::vector<PhrasePattern> patterns,
                                                              std::string_view file_name) {
  if (patterns.empty()) return ConfigError(std::string(file_name) + ": no patterns to compile");
  std::vector<std::string> expressions;
  std::vector<unsigned int> flags;
  std::vector<unsigned int> ids;
  for (size_t i = 0; i < patterns.size(); ++i) {
    const PhrasePattern& p = patterns[i];
    if (p.is_regex) {
      expressions.push_back(p.text);
      flags.push_back(HS_FLAG_SOM_LEFTMOST | HS_FLAG_UTF8 | HS_FLAG_UCP | HS_FLAG_DOTALL);
    } else {
      expressions.push_back(EscapeLiteral(p.text));
      flags.push_back(HS_FLAG_SOM_LEFTMOST);
    }
    ids.push_back(static_cast<unsigned int>(i));
  }
  std::vector<const char*> cexprs;
  for (const auto& e : expressions) cexprs.push_back(e.c_str());

  hs_database_t* raw_db = nullptr;
  hs_compile_error_t* error = nullptr;
  hs_error_t rc = hs_compile_multi(cexprs.data(), flags.data(), ids.data(),
                                   static_cast<unsigned int>(cexprs.size()), HS_MODE_BLOCK,
                                   nullptr, &raw_db, &error);
  if (rc != HS_SUCCESS) {
    std::string message = std::string(file_name);
    if (error != nullptr && error->expression >= 0 &&
        static_cast<size_t>(error->expression) < patterns.size()) {
      const PhrasePattern& bad = patterns[static_cast<size_t>(error->expression)];
      message += ":" + std::to_string(bad.line) + ": bad pattern '" + bad.text + "': " +
                 error->message;
    } else {
      message += ": cannot compile the profile: " +
                 std::string(error != nullptr ? error->message : "unknown error");
    }
    if (error != nullptr) hs_free_compile_error(error);
    return ConfigError(message);
  }
  HsDatabase db(raw_db);
  hs_scratch_t* raw_scratch = nullptr;
  if (hs_alloc_scratch(db.get(), &raw_scratch) != HS_SUCCESS) {
    return InternalError(std::string(file_name) + ": cannot allocate Hyperscan scratch");
  }
  HsScratch scratch(raw_scratch);
  return std::unique_ptr<PhraseMatcher>(
      new PhraseMatcher(std::move(patterns), std::move(db), std::move(scratch)));
}

HsScratch PhraseMatcher::AcquireScratch() const {
  {
    std::lock_guard<std::mutex> lock(pool_mutex_);
    if (!pool_.empty()) {
      HsScratch s = std::move(pool_.back());
      pool_.pop_back();
      return s;
    }
  }
  hs_scratch_t* clone = nullptr;
  if (hs_clone_scratch(prototype_.get(), &clone) != HS_SUCCESS) return nullptr;
  return HsScratch(clone);
}

void PhraseMatcher::ReleaseScratch(HsScratch scratch) const {
  if (!scratch) return;
  std::lock_guard<std::mutex> lock(pool_mutex_);
  pool_.push_back(std::move(scratch));
}

std::vector<PhraseHit> PhraseMatcher::Scan(std::string_view text) const {
  if (text.empty()) return {};
  // Hyperscan takes an unsigned int length; texts beyond 4 GiB are cut.
  size_t length = std::min<size_t>(text.size(), std::numeric_limits<unsigned int>::max());
  HsScratch scratch = AcquireScratch();
  if (!scratch) return {};
  std::vector<PhraseHit> raw;
  hs_scan(db_.get(), text.data(), static_cast<unsigned int>(length), 0, scratch.get(), CollectHit,
          &raw);
  ReleaseScratch(std::move(scratch));

  std::vector<PhraseHit> exclusion_hits;
  std::vector<PhraseHit> term_hits;
  for (const PhraseHit& h : raw) {
    (patterns_[h.pattern].is_exclusion ? exclusion_hits : term_hits).push_back(h);
  }
  std::vector<PhraseHit> exclusions = LeftmostLongest(std::move(exclusion_hits));
  // Drop term hits that overlap an exclusion (exclusions are sorted and disjoint).
  std::erase_if(term_hits, [&](const PhraseHit& h) {
    auto it = std::lower_bound(exclusions.begin(), exclusions.end(), h.start,
                               [](const PhraseHit& x, uint32_t pos) { return x.end <= pos; });
    return it != exclusions.end() && it->start < h.end;
  });
  std::vector<PhraseHit> terms = LeftmostLongest(std::move(term_hits));
  std::vector<PhraseHit> out;
  out.reserve(exclusions.size() + terms.size());
  std::merge(exclusions.begin(), exclusions.end(), terms.begin(), terms.end(),
             std::back_inserter(out),
             [](const PhraseHit& a, const PhraseHit& b) { return a.start < b.start; });
  return out;
}

}  // namespace newswatch

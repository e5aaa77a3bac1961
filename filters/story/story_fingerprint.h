// StoryFingerprint: what story clustering compares. Two reports are the same
// story when most of the shorter one's character shingles occur in the other.
// Thread-safety: pure functions on values; safe from any thread.
//
// Method (MinHash/SimHash were considered and rejected, see below):
//  1. StripRepostFrame drops the lines a repost adds or changes: 来源/原标题/
//     责任编辑/作者/记者 lines, editor's notes, share/print/QR boilerplate and
//     copyright lines; what is left of title + body keeps only letters, digits
//     and CJK characters (the text is already folded to simplified, half-width).
//  2. Shingles: every run of 4 consecutive characters, hashed to 32 bits; the
//     sorted set is the fingerprint (a 3,000-character article: ~12 KB).
//  3. Candidate lookup (the "bands"): the shingles whose hash is 0 mod 8 are
//     the lookup keys, indexed in the state DB. Sampling by hash value keeps
//     containment: every key of a shortened copy is a key of the original, so
//     a truncated or framed repost always shares keys with its original, which
//     neither SimHash bands (a 60% cut moves many bits) nor MinHash-Jaccard
//     LSH (Jaccard falls with the cut) guarantee.
//  4. Verification is exact on the stored sets: containment = |A∩B| / min(|A|,|B|).
//     Same story when containment >= kSameStoryContainment (0.6) and the
//     shorter text has at least kMinShingles shingles; shorter texts (bare
//     headlines) never cluster, since headlines alone cannot tell a repost
//     from a different report of the same event.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newswatch {

inline constexpr size_t kShingleChars = 4;
inline constexpr uint32_t kKeyModulus = 8;
inline constexpr double kSameStoryContainment = 0.6;
inline constexpr size_t kMinShingles = 24;

struct StoryFingerprint {
  std::vector<uint32_t> shingles;  // sorted, unique
  std::vector<int64_t> keys;       // the lookup keys (a subset of shingles)
};

struct StoryOverlap {
  size_t shared = 0;
  double containment = 0;  // shared / min(|a|, |b|); 0 when either is empty
  double jaccard = 0;      // shared / |a ∪ b|
};

// Title and body (Article::norm_title / norm_body, one paragraph per line)
// without the repost frame, reduced to letters, digits and CJK characters.
std::string StripRepostFrame(std::string_view title, std::string_view body);

// The fingerprint of StripRepostFrame(title, body).
StoryFingerprint FingerprintStory(std::string_view title, std::string_view body);

// Exact overlap of two sorted shingle sets.
StoryOverlap CompareShingles(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b);

// True when `overlap` of sets sized `size_a` and `size_b` means the same story.
bool IsSameStory(const StoryOverlap& overlap, size_t size_a, size_t size_b);

// The shingle set as stored in the state DB (4 bytes each, little-endian) and back.
std::string EncodeShingles(const std::vector<uint32_t>& shingles);
std::vector<uint32_t> DecodeShingles(std::string_view blob);

}  // namespace newswatch

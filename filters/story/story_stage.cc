#include "filters/story/story_stage.h"

#include <spdlog/spdlog.h>

#include "daemon/store/thread_state_store.h"

namespace newswatch {
namespace {

// Candidates verified exactly per article; more sharing keys than this are
// ranked by shared keys first, so the true original is among them.
constexpr size_t kMaxCandidates = 32;

}  // namespace

Status AssignStory(StateStore& store, int64_t window_days, Article& article) {
  article.story = StoryInfo{article.id, true, article.id, 1.0};
  const StoryFingerprint fp = FingerprintStory(article.norm_title, article.norm_body);
  const int64_t since =
      ToUnixSeconds(SystemClock::Instance().Now()) - std::max<int64_t>(window_days, 1) * 86400;
  auto choose = [&fp](const std::vector<StoryCandidate>& candidates) {
    std::pair<std::string, double> best{"", 1.0};
    double best_containment = 0;
    for (const StoryCandidate& c : candidates) {
      const std::vector<uint32_t> other = DecodeShingles(c.doc.shingles);
      const StoryOverlap overlap = CompareShingles(fp.shingles, other);
      if (IsSameStory(overlap, fp.shingles.size(), other.size()) &&
          overlap.containment > best_containment) {
        best_containment = overlap.containment;
        best = {c.doc.story_id, overlap.containment};
      }
    }
    return best;
  };
  // Too short to tell a repost from another report: a story of its own, not indexed.
  if (fp.shingles.size() < kMinShingles) return Status::Ok();
  auto doc = store.IndexStory(article.id, fp.keys, EncodeShingles(fp.shingles), since,
                              kMaxCandidates, choose);
  if (!doc.ok()) return doc.status();
  article.story.story_id = doc->story_id;
  article.story.first_report = doc->story_id == article.id;
  article.story.first_article_id = doc->story_id;
  article.story.similarity = doc->similarity;
  return Status::Ok();
}

StoryStage::StoryStage(std::filesystem::path state_db, int64_t window_days, bool cluster_all)
    : state_db_(std::move(state_db)), window_days_(window_days), cluster_all_(cluster_all) {}

StageResult StoryStage::Process(Article& article) const {
  if (!cluster_all_ && article.relevance.verdict != Verdict::kRelevant) return StageResult::Keep();
  // The story index is re-derived when lost, so the thread's relaxed
  // connection fits; the first report is decided durably in the publisher's
  // journal transaction.
  auto store = ThreadStateStore(state_db_);
  if (!store.ok()) {
    spdlog::warn("story: {}", store.status().ToString());
    article.story = StoryInfo{article.id, true, article.id, 1.0};
    return StageResult::Keep();
  }
  if (Status s = AssignStory(**store, window_days_, article); !s.ok()) {
    // The article is still published, as a story of its own.
    spdlog::warn("story: article {}: {}", article.id, s.ToString());
  }
  return StageResult::Keep();
}

}  // namespace newswatch

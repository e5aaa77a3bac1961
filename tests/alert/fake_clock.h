// A Clock the test moves by hand.
#pragma once

#include <atomic>
#include <chrono>

#include "daemon/core/clock.h"

namespace newswatch::alert {

class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t unix_seconds) : now_(unix_seconds) {}
  TimePoint Now() const override { return TimePoint(std::chrono::seconds(now_.load())); }
  std::chrono::steady_clock::time_point Steady() const override {
    return std::chrono::steady_clock::time_point(std::chrono::seconds(now_.load()));
  }
  void Advance(int64_t seconds) { now_ += seconds; }
  void Set(int64_t unix_seconds) { now_ = unix_seconds; }
  int64_t unix() const { return now_; }

 private:
  std::atomic<int64_t> now_;
};

// An article event with the fields routing looks at.
inline AlertEvent Article(std::string story, std::string source, std::string region = "310110",
                          std::string kind = "action-plan", int level = 3) {
  AlertEvent e;
  e.kind = EventKind::kArticle;
  e.article_id = story + "-" + source;
  e.story_id = story;
  e.source_id = source;
  e.title = "关于推进元宇宙产业发展的行动方案 " + story;
  e.url = "https://example.gov.cn/" + story + "/" + source;
  e.profile = "metaverse-policy";
  e.level = level;
  e.score = 12.5;
  e.matched_terms = {"元宇宙", "数字孪生"};
  e.region_code = region;
  e.region_name = "杨浦区";
  e.document_kind = kind;
  e.issuer_name = "杨浦区科学技术委员会";
  e.issuer_level = "district";
  e.targets = {{"industry-scale", "3500亿元", "2025"}};
  e.dates = {{"deadline", "2025-12-31"}};
  return e;
}

}  // namespace newswatch::alert

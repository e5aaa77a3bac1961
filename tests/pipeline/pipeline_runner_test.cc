#include "daemon/pipeline/pipeline_runner.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <vector>

namespace newswatch {
namespace {

using namespace std::chrono_literals;

// Drops articles whose title starts with "drop".
class DropByTitle : public Stage {
 public:
  std::string_view name() const override { return "drop-by-title"; }
  StageResult Process(Article& article) const override {
    if (article.title.rfind("drop", 0) == 0) return StageResult::Drop("title says drop");
    article.body_text += " seen";
    return StageResult::Keep();
  }
};

// Counts what reaches it; never drops.
class Tag : public Stage {
 public:
  std::string_view name() const override { return "tag"; }
  StageResult Process(Article& article) const override {
    article.source_id = "tagged";
    return StageResult::Keep();
  }
};

std::vector<std::unique_ptr<Stage>> TwoStages() {
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::make_unique<DropByTitle>());
  stages.push_back(std::make_unique<Tag>());
  return stages;
}

Article Titled(const std::string& title) {
  Article a;
  a.title = title;
  return a;
}

TEST(PipelineRunnerTest, KeptArticlesReachTheSinkAndEveryStageIsCounted) {
  std::mutex mu;
  std::vector<Article> out;
  PipelineRunner runner(TwoStages(), 2, 4, [&](Article&& a) {
    std::lock_guard<std::mutex> lock(mu);
    out.push_back(std::move(a));
  });
  for (int i = 0; i < 10; ++i) runner.Submit(Titled("keep " + std::to_string(i)));
  for (int i = 0; i < 5; ++i) runner.Submit(Titled("drop " + std::to_string(i)));
  ASSERT_TRUE(runner.Drain(30s));
  {
    std::lock_guard<std::mutex> lock(mu);
    ASSERT_EQ(out.size(), 10u);
    for (const Article& a : out) {
      EXPECT_EQ(a.source_id, "tagged");
      EXPECT_EQ(a.body_text, " seen");
    }
  }
  const std::vector<StageCounters> counters = runner.Counters();
  ASSERT_EQ(counters.size(), 2u);
  EXPECT_EQ(counters[0].stage, "drop-by-title");
  EXPECT_EQ(counters[0].in, 15u);
  EXPECT_EQ(counters[0].kept, 10u);
  EXPECT_EQ(counters[0].dropped, 5u);
  EXPECT_EQ(counters[0].drop_reasons.at("title says drop"), 5u);
  EXPECT_EQ(counters[1].in, 10u);
  EXPECT_EQ(counters[1].kept, 10u);
  EXPECT_EQ(runner.QueueDepth(), 0u);
}

TEST(PipelineRunnerTest, ObserverTimesEveryArticleBeforeTheSinkSeesIt) {
  std::atomic<int> observed{0};
  std::atomic<int> sunk{0};
  std::atomic<bool> sink_before_observer{false};
  std::atomic<bool> negative{false};
  PipelineRunner runner(
      TwoStages(), 2, 8,
      [&](Article&&) {
        // The observer ran for this article already: at least as many observed as sunk.
        if (observed.load() <= sunk.load()) sink_before_observer = true;
        ++sunk;
      },
      [&](std::chrono::steady_clock::duration latency) {
        if (latency < std::chrono::steady_clock::duration::zero()) negative = true;
        ++observed;
      });
  for (int i = 0; i < 20; ++i)
    runner.Submit(Titled((i % 4 == 0 ? "drop " : "keep ") + std::to_string(i)));
  ASSERT_TRUE(runner.Drain(30s));
  EXPECT_EQ(observed.load(), 20);  // kept and dropped alike
  EXPECT_EQ(sunk.load(), 15);
  EXPECT_FALSE(sink_before_observer.load());
  EXPECT_FALSE(negative.load());
}

TEST(PipelineRunnerTest, ReplacedStagesKeepCountersOfStagesWithTheSameName) {
  PipelineRunner runner(TwoStages(), 1, 4, [](Article&&) {});
  runner.Submit(Titled("keep"));
  ASSERT_TRUE(runner.Drain(30s));
  std::vector<std::unique_ptr<Stage>> next;
  next.push_back(std::make_unique<Tag>());
  runner.ReplaceStages(std::move(next));
  runner.Submit(Titled("drop but no stage drops it now"));
  ASSERT_TRUE(runner.Drain(30s));
  const std::vector<StageCounters> counters = runner.Counters();
  ASSERT_EQ(counters.size(), 1u);
  EXPECT_EQ(counters[0].stage, "tag");
  EXPECT_EQ(counters[0].in, 2u);  // one before the swap, one after
}

TEST(PipelineRunnerTest, SubmitAfterStopIsRefusedAndQueuedWorkStillFinishes) {
  std::atomic<int> sunk{0};
  auto runner = std::make_unique<PipelineRunner>(TwoStages(), 1, 16, [&](Article&&) { ++sunk; });
  for (int i = 0; i < 5; ++i) runner->Submit(Titled("keep"));
  runner->Stop();
  EXPECT_FALSE(runner->Submit(Titled("keep")));
  runner.reset();  // joins the workers after they empty the queue
  EXPECT_EQ(sunk.load(), 5);
}

}  // namespace
}  // namespace newswatch

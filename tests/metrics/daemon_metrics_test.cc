#include "daemon/metrics/daemon_metrics.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {

class FixedClock final : public Clock {
 public:
  TimePoint Now() const override { return TimePoint(std::chrono::seconds(now)); }
  std::chrono::steady_clock::time_point Steady() const override {
    return std::chrono::steady_clock::time_point(std::chrono::seconds(now));
  }
  int64_t now = 1'700'000'000;
};

bool Has(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

TEST(DaemonMetricsTest, FetchesCountRequestsBytesNotModifiedAndErrorsByKind) {
  MetricsRegistry registry;
  FixedClock clock;
  DaemonMetrics m(registry, clock);
  m.AddSource("gov-sh");
  m.AddSource("idle");

  FetchResponse ok;
  ok.http_status = 200;
  ok.bytes_received = 1500;
  ok.total_time = std::chrono::milliseconds(40);
  m.RecordFetch("gov-sh", ok);
  FetchResponse not_modified;
  not_modified.http_status = 304;
  not_modified.bytes_received = 200;
  not_modified.total_time = std::chrono::milliseconds(20);
  m.RecordFetch("gov-sh", not_modified);
  FetchResponse server_error;
  server_error.http_status = 503;
  server_error.total_time = std::chrono::seconds(2);
  m.RecordFetch("gov-sh", server_error);
  FetchResponse timeout;
  timeout.status = TimeoutError("no answer");
  timeout.total_time = std::chrono::seconds(30);
  m.RecordFetch("gov-sh", timeout);

  const std::string text = registry.RenderText();
  EXPECT_TRUE(Has(text, "newswatch_fetch_requests_total{source=\"gov-sh\"} 4")) << text;
  EXPECT_TRUE(Has(text, "newswatch_fetch_requests_total{source=\"idle\"} 0"));
  EXPECT_TRUE(Has(text, "newswatch_fetch_bytes_total{source=\"gov-sh\"} 1700"));
  EXPECT_TRUE(Has(text, "newswatch_fetch_not_modified_total{source=\"gov-sh\"} 1"));
  EXPECT_TRUE(Has(text, "newswatch_fetch_errors_total{kind=\"http_5xx\",source=\"gov-sh\"} 1"));
  EXPECT_TRUE(Has(text, "newswatch_fetch_errors_total{kind=\"timeout\",source=\"gov-sh\"} 1"));
  EXPECT_TRUE(Has(text, "newswatch_fetch_duration_seconds_bucket{source=\"gov-sh\",le=\"0.05\"} 2"));
  EXPECT_TRUE(Has(text, "newswatch_fetch_duration_seconds_bucket{source=\"gov-sh\",le=\"2.5\"} 3"));
  EXPECT_TRUE(Has(text, "newswatch_fetch_duration_seconds_count{source=\"gov-sh\"} 4"));
}

TEST(DaemonMetricsTest, FreshnessLagFollowsTheClockFromLastSuccess) {
  MetricsRegistry registry;
  FixedClock clock;
  DaemonMetrics m(registry, clock);
  m.AddSource("never");
  m.RecordPoll("a", Status::Ok(), clock.now - 30);
  m.RecordPoll("a", ParseError("bad feed"), clock.now - 30);
  std::string text = registry.RenderText();
  EXPECT_TRUE(Has(text, "newswatch_source_freshness_lag_seconds{source=\"a\"} 30")) << text;
  EXPECT_EQ(text.find("freshness_lag_seconds{source=\"never\"}"), std::string::npos);
  EXPECT_TRUE(Has(text, "newswatch_source_polls_total{source=\"a\"} 2"));
  EXPECT_TRUE(Has(text, "newswatch_source_poll_errors_total{kind=\"parse\",source=\"a\"} 1"));
  clock.now += 600;
  text = registry.RenderText();
  EXPECT_TRUE(Has(text, "newswatch_source_freshness_lag_seconds{source=\"a\"} 630")) << text;
}

TEST(DaemonMetricsTest, PipelineAndPublisherCountersAreCopiedAtScrape) {
  MetricsRegistry registry;
  FixedClock clock;
  DaemonMetrics m(registry, clock);
  std::vector<StageCounters> stages = {{"prepare", 10, 9, 1, {}}, {"relevance", 9, 2, 7, {}}};
  size_t depth = 4;
  PublisherCounters pub;
  pub.enqueued = 5;
  pub.published = 3;
  pub.duplicates = 1;
  pub.last_sequence = 77;
  m.WatchPipeline([&] { return stages; }, [&] { return depth; });
  m.WatchPublisher([&] { return pub; });
  m.RecordProcessing(std::chrono::milliseconds(30));

  std::string text = registry.RenderText();
  EXPECT_TRUE(Has(text, "newswatch_stage_articles_in_total{stage=\"prepare\"} 10")) << text;
  EXPECT_TRUE(Has(text, "newswatch_stage_articles_dropped_total{stage=\"relevance\"} 7"));
  EXPECT_TRUE(Has(text, "newswatch_stage_articles_kept_total{stage=\"relevance\"} 2"));
  EXPECT_TRUE(Has(text, "newswatch_pipeline_queue_depth 4"));
  EXPECT_TRUE(Has(text, "newswatch_events_published_total 3"));
  EXPECT_TRUE(Has(text, "newswatch_last_sequence 77"));
  EXPECT_TRUE(Has(text, "newswatch_publisher_queue_depth 1"));
  EXPECT_TRUE(Has(text, "newswatch_pipeline_processing_seconds_bucket{le=\"0.05\"} 1"));

  stages[1].in = 20;
  depth = 0;
  pub.published = 4;
  text = registry.RenderText();
  EXPECT_TRUE(Has(text, "newswatch_stage_articles_in_total{stage=\"relevance\"} 20"));
  EXPECT_TRUE(Has(text, "newswatch_pipeline_queue_depth 0"));
  EXPECT_TRUE(Has(text, "newswatch_events_published_total 4"));
}

}  // namespace
}  // namespace newswatch

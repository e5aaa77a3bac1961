#include "daemon/metrics/metrics_registry.h"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>
#include <thread>
#include <vector>

namespace newswatch {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// Every line of a 0.0.4 exposition is a comment (# HELP / # TYPE) or a sample
// `name{labels} value`, and each family's TYPE precedes its samples.
void ExpectValidExposition(const std::string& text) {
  ASSERT_FALSE(text.empty());
  ASSERT_EQ(text.back(), '\n');
  const std::regex help(R"(# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*)");
  const std::regex type(R"(# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram))");
  const std::regex sample(
      R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\\\|\\"|\\n)*",?)*\})? )"
      R"((-?[0-9.e+-]+|\+Inf|-Inf|NaN))");
  std::string current_family;
  for (const std::string& line : Lines(text)) {
    std::smatch m;
    if (std::regex_match(line, help)) continue;
    if (std::regex_match(line, m, type)) {
      current_family = m[1];
      continue;
    }
    ASSERT_TRUE(std::regex_match(line, m, sample)) << "not a sample line: " << line;
    const std::string name = m[1];
    EXPECT_EQ(name.rfind(current_family, 0), 0u) << name << " outside its family " << current_family;
  }
}

TEST(MetricsRegistryTest, RendersHelpTypeAndSamplesSortedByName) {
  MetricsRegistry r;
  r.counter("zz_requests_total", "Requests.", {{"source", "b"}}).Increment(2);
  r.counter("zz_requests_total", "ignored second help", {{"source", "a"}}).Increment();
  r.gauge("aa_queue_depth", "Queue depth.").Set(7);
  const std::string text = r.RenderText();
  ExpectValidExposition(text);
  EXPECT_EQ(text,
            "# HELP aa_queue_depth Queue depth.\n"
            "# TYPE aa_queue_depth gauge\n"
            "aa_queue_depth 7\n"
            "# HELP zz_requests_total Requests.\n"
            "# TYPE zz_requests_total counter\n"
            "zz_requests_total{source=\"a\"} 1\n"
            "zz_requests_total{source=\"b\"} 2\n");
}

TEST(MetricsRegistryTest, SameNameAndLabelsInAnyOrderIsOneSeries) {
  MetricsRegistry r;
  Counter& a = r.counter("x_total", "x", {{"a", "1"}, {"b", "2"}});
  Counter& b = r.counter("x_total", "x", {{"b", "2"}, {"a", "1"}});
  EXPECT_EQ(&a, &b);
  a.Increment();
  b.Increment();
  EXPECT_NE(r.RenderText().find("x_total{a=\"1\",b=\"2\"} 2\n"), std::string::npos);
}

TEST(MetricsRegistryTest, EscapesLabelValuesAndHelp) {
  MetricsRegistry r;
  r.counter("esc_total", "Help with \\ and\nnewline.", {{"url", "a\"b\\c\nd"}}).Increment();
  const std::string text = r.RenderText();
  ExpectValidExposition(text);
  EXPECT_NE(text.find("# HELP esc_total Help with \\\\ and\\nnewline.\n"), std::string::npos);
  EXPECT_NE(text.find("esc_total{url=\"a\\\"b\\\\c\\nd\"} 1\n"), std::string::npos) << text;
  EXPECT_EQ(EscapeLabelValue("政策\"x"), "政策\\\"x");  // UTF-8 passes through unchanged
}

TEST(MetricsRegistryTest, InvalidNameCharactersBecomeUnderscores) {
  MetricsRegistry r;
  r.gauge("bad-name.with space", "h", {{"0label-x", "v"}}).Set(1);
  const std::string text = r.RenderText();
  ExpectValidExposition(text);
  EXPECT_NE(text.find("bad_name_with_space{_label_x=\"v\"} 1\n"), std::string::npos) << text;
}

TEST(MetricsRegistryTest, HistogramBucketsAreCumulativeWithInfSumAndCount) {
  MetricsRegistry r;
  Histogram& h = r.histogram("lat_seconds", "Latency.", {1, 0.125, 0.5, 0.5}, {{"source", "s"}});
  for (double v : {0.0625, 0.125, 0.25, 0.75, 2.0, 100.0}) h.Observe(v);
  const std::string text = r.RenderText();
  ExpectValidExposition(text);
  EXPECT_NE(text.find("# TYPE lat_seconds histogram\n"
                      "lat_seconds_bucket{source=\"s\",le=\"0.125\"} 2\n"
                      "lat_seconds_bucket{source=\"s\",le=\"0.5\"} 3\n"
                      "lat_seconds_bucket{source=\"s\",le=\"1\"} 4\n"
                      "lat_seconds_bucket{source=\"s\",le=\"+Inf\"} 6\n"
                      "lat_seconds_sum{source=\"s\"} 103.1875\n"
                      "lat_seconds_count{source=\"s\"} 6\n"),
            std::string::npos)
      << text;
}

TEST(MetricsRegistryTest, CountersNeverGoDown) {
  MetricsRegistry r;
  Counter& c = r.counter("c_total", "c");
  c.Increment(5);
  c.Increment(-3);
  c.SetTotal(2);
  EXPECT_EQ(c.value(), 5);
  c.SetTotal(9);
  EXPECT_EQ(c.value(), 9);
}

TEST(MetricsRegistryTest, TypeClashGivesDetachedMetricAndKeepsTheFirst) {
  MetricsRegistry r;
  r.counter("dup", "first").Increment();
  r.gauge("dup", "second").Set(42);
  const std::string text = r.RenderText();
  EXPECT_NE(text.find("# TYPE dup counter\ndup 1\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("42"), std::string::npos);
}

TEST(MetricsRegistryTest, CollectorsRunAtRenderTime) {
  MetricsRegistry r;
  int depth = 3;
  r.AddCollector([&depth](MetricsRegistry& reg) { reg.gauge("depth", "d").Set(depth); });
  EXPECT_NE(r.RenderText().find("depth 3\n"), std::string::npos);
  depth = 11;
  EXPECT_NE(r.RenderText().find("depth 11\n"), std::string::npos);
}

TEST(MetricsRegistryTest, FormatsSpecialValues) {
  EXPECT_EQ(FormatMetricValue(0), "0");
  EXPECT_EQ(FormatMetricValue(12345678), "12345678");
  EXPECT_EQ(FormatMetricValue(0.25), "0.25");
  EXPECT_EQ(FormatMetricValue(1.0 / 0.0), "+Inf");
  EXPECT_EQ(FormatMetricValue(-1.0 / 0.0), "-Inf");
  EXPECT_EQ(FormatMetricValue(0.0 / 0.0), "NaN");
}

TEST(MetricsRegistryTest, ConcurrentIncrementsAndRegistrationsAreAllCounted) {
  MetricsRegistry r;
  constexpr int kThreads = 8;
  constexpr int kPerThread = 20000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&r, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Half the work looks the series up each time (registration path), half reuses it.
        r.counter("hits_total", "h", {{"source", i % 2 ? "odd" : "even"}}).Increment();
        r.histogram("obs", "o", {1, 10}).Observe(t);
        r.gauge("g", "g").Add(1);
      }
    });
  }
  std::thread renderer([&r] {
    for (int i = 0; i < 50; ++i) ExpectValidExposition(r.RenderText());
  });
  for (auto& t : threads) t.join();
  renderer.join();
  const std::string text = r.RenderText();
  EXPECT_NE(text.find("hits_total{source=\"even\"} 80000\n"), std::string::npos) << text;
  EXPECT_NE(text.find("hits_total{source=\"odd\"} 80000\n"), std::string::npos);
  EXPECT_NE(text.find("obs_count 160000\n"), std::string::npos);
  EXPECT_NE(text.find("obs_bucket{le=\"1\"} 40000\n"), std::string::npos);  // t = 0 and 1
  EXPECT_NE(text.find("g 160000\n"), std::string::npos);
}

}  // namespace
}  // namespace newswatch

// MetricsRegistry: counters, gauges and histograms with labels, rendered in the
// Prometheus text exposition format 0.0.4 for the daemon's /metrics endpoint.
// Thread-safety: every method of the registry and of the metrics it hands out
// may be called from any thread; a metric reference stays valid as long as the
// registry lives, so hot paths look a metric up once and keep the reference.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newswatch {

// Label name/value pairs of one series, e.g. {{"source", "gov-sh"}, {"kind", "timeout"}}.
// Order does not matter: {a,b} and {b,a} name the same series.
using MetricLabels = std::vector<std::pair<std::string, std::string>>;

// A monotonically increasing value (requests, bytes, errors).
class Counter {
 public:
  // Adds `delta`; negative or NaN deltas are ignored (a counter never goes down).
  void Increment(double delta = 1);
  // Mirrors a running total kept elsewhere (e.g. the pipeline's own counters,
  // copied at scrape time). A total lower than the current value is ignored.
  void SetTotal(double total);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// A value that goes up and down (queue depth, last sequence, freshness lag).
class Gauge {
 public:
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Add(double delta);
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Observations counted into fixed buckets (fetch latency, processing latency).
class Histogram {
 public:
  // `upper_bounds`: sorted ascending, finite; duplicates, NaN and infinities are dropped. The
  // +Inf bucket is implicit.
  explicit Histogram(std::vector<double> upper_bounds);

  // Counts `value` into the first bucket whose bound is >= value. NaN is ignored.
  void Observe(double value);

  struct Snapshot {
    std::vector<double> upper_bounds;    // without +Inf
    std::vector<uint64_t> cumulative;    // one per bound, then one for +Inf (== count)
    double sum = 0;
    uint64_t count = 0;
  };
  // A consistent-enough copy for rendering: count always equals the +Inf bucket.
  Snapshot Read() const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // bounds_.size() + 1 (non-cumulative)
  std::atomic<double> sum_{0};
};

// Buckets for latencies in seconds: 5 ms .. 60 s.
std::vector<double> LatencyBucketsSeconds();

class MetricsRegistry {
 public:
  MetricsRegistry() = default;
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  // Returns the series `name`{labels}, creating the family (with `help`) and the
  // series on first use; later calls with the same name and labels return the
  // same object (the help text of the first call is kept). Characters not
  // allowed in metric or label names are replaced by '_'. A name already
  // registered with another type gets a detached metric that is never
  // rendered (a programming error, logged once).
  Counter& counter(std::string_view name, std::string_view help, const MetricLabels& labels = {});
  Gauge& gauge(std::string_view name, std::string_view help, const MetricLabels& labels = {});
  // `upper_bounds` of the first call for a series win (see Histogram).
  Histogram& histogram(std::string_view name, std::string_view help,
                       std::vector<double> upper_bounds, const MetricLabels& labels = {});

  // Registers a function run at the start of every RenderText, to copy values
  // kept elsewhere (queue depths, pipeline counters) into gauges and counters.
  // It is called without the registry's lock held, so it may register metrics.
  void AddCollector(std::function<void(MetricsRegistry&)> collect);

  // Runs the collectors, then renders every family sorted by name, each with
  // # HELP and # TYPE lines and its series sorted by labels.
  std::string RenderText();

 private:
  enum class Type { kCounter, kGauge, kHistogram };
  struct Series {
    MetricLabels labels;  // sanitized, sorted by name
    std::unique_ptr<Counter> counter;
    std::unique_ptr<Gauge> gauge;
    std::unique_ptr<Histogram> histogram;
  };
  struct Family {
    Type type;
    std::string help;
    std::map<std::string, Series> series;  // by rendered label text
  };
  Series* FindOrAdd(std::string_view name, std::string_view help, Type type,
                    const MetricLabels& labels);

  std::mutex mu_;
  std::map<std::string, Family, std::less<>> families_;
  std::vector<std::unique_ptr<Series>> detached_;  // type clashes; never rendered
  std::vector<std::function<void(MetricsRegistry&)>> collectors_;
};

// Prometheus text helpers, exposed for tests.
// Escapes a label value: backslash, double quote and newline.
std::string EscapeLabelValue(std::string_view value);
// Formats a sample value: integers without a fraction, "+Inf", "-Inf", "NaN".
std::string FormatMetricValue(double value);

}  // namespace newswatch

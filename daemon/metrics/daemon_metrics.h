// DaemonMetrics: the named metrics newswatchd exports (fetches, sources,
// pipeline stages, publisher), so the engine records events with one call each
// and the metric names live in one place. Names are prefixed "newswatch_".
// Thread-safety: every method may be called from any thread. The callbacks
// given to Watch* are called from the metrics server's threads at scrape time.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/clock.h"
#include "daemon/metrics/metrics_registry.h"
#include "daemon/net/fetch.h"
#include "daemon/pipeline/pipeline_runner.h"
#include "daemon/publish/publisher.h"

namespace newswatch {

class DaemonMetrics {
 public:
  // Registers the families in `registry` (which must outlive this object) and
  // a collector that computes each source's freshness lag from `clock`.
  DaemonMetrics(MetricsRegistry& registry, const Clock& clock);
  DaemonMetrics(const DaemonMetrics&) = delete;
  DaemonMetrics& operator=(const DaemonMetrics&) = delete;

  // Creates the per-source series at zero, so a source that never answered is visible.
  void AddSource(std::string_view source_id);

  // One finished transfer: requests, bytes, 304s, errors by kind ("timeout",
  // "network", "http_4xx", "http_5xx", ...) and the fetch-latency histogram.
  void RecordFetch(std::string_view source_id, const FetchResponse& response);

  // One finished poll. `error` is OK for a success; otherwise it is counted by
  // kind. `last_success_unix` (0: never) drives the freshness lag.
  void RecordPoll(std::string_view source_id, const Status& error, int64_t last_success_unix);

  // Time one article spent from submission to leaving the pipeline.
  void RecordProcessing(std::chrono::steady_clock::duration latency);

  // Copies the pipeline's per-stage counters (in / kept / dropped) and queue
  // depth into the registry at every scrape. The callbacks must stay callable
  // while the metrics server runs.
  void WatchPipeline(std::function<std::vector<StageCounters>()> counters,
                     std::function<size_t()> queue_depth);
  // Copies the publisher's counters (events published, duplicates, errors,
  // last sequence) at every scrape.
  void WatchPublisher(std::function<PublisherCounters()> counters);

 private:
  MetricsRegistry& registry_;
  const Clock& clock_;
  std::mutex mu_;
  std::map<std::string, int64_t, std::less<>> last_success_;  // source -> unix seconds
};

}  // namespace newswatch

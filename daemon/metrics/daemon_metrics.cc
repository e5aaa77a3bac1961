#include "daemon/metrics/daemon_metrics.h"

#include <string>

namespace newswatch {

namespace {

constexpr char kRequests[] = "newswatch_fetch_requests_total";
constexpr char kRequestsHelp[] = "HTTP and file fetches finished, by source.";
constexpr char kBytes[] = "newswatch_fetch_bytes_total";
constexpr char kBytesHelp[] = "Bytes received on the wire (headers and body), by source.";
constexpr char kNotModified[] = "newswatch_fetch_not_modified_total";
constexpr char kNotModifiedHelp[] = "Fetches answered 304 Not Modified, by source.";
constexpr char kFetchErrors[] = "newswatch_fetch_errors_total";
constexpr char kFetchErrorsHelp[] = "Fetches that failed, by source and kind.";
constexpr char kFetchLatency[] = "newswatch_fetch_duration_seconds";
constexpr char kFetchLatencyHelp[] = "Time from request to the last byte of the response.";
constexpr char kPolls[] = "newswatch_source_polls_total";
constexpr char kPollsHelp[] = "Polls finished, by source.";
constexpr char kPollErrors[] = "newswatch_source_poll_errors_total";
constexpr char kPollErrorsHelp[] = "Polls that failed, by source and kind.";
constexpr char kLastSuccess[] = "newswatch_source_last_success_timestamp_seconds";
constexpr char kLastSuccessHelp[] = "Unix time of the source's last successful poll (0: never).";
constexpr char kLag[] = "newswatch_source_freshness_lag_seconds";
constexpr char kLagHelp[] =
    "Seconds since the source's last successful poll (absent until the first success).";
constexpr char kProcessing[] = "newswatch_pipeline_processing_seconds";
constexpr char kProcessingHelp[] = "Time an article spends from submission to leaving the pipeline.";

std::string FetchErrorKind(const FetchResponse& r) {
  if (!r.status.ok()) return std::string(ErrorKindName(r.status.kind()));
  if (r.http_status >= 400) return "http_" + std::to_string(r.http_status / 100) + "xx";
  return "";
}

}  // namespace

DaemonMetrics::DaemonMetrics(MetricsRegistry& registry, const Clock& clock)
    : registry_(registry), clock_(clock) {
  registry_.histogram(kProcessing, kProcessingHelp, LatencyBucketsSeconds());
  registry_.AddCollector([this](MetricsRegistry& r) {
    const int64_t now = ToUnixSeconds(clock_.Now());
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [source, last] : last_success_) {
      if (last > 0) r.gauge(kLag, kLagHelp, {{"source", source}}).Set(static_cast<double>(now - last));
    }
  });
}

void DaemonMetrics::AddSource(std::string_view source_id) {
  const MetricLabels l = {{"source", std::string(source_id)}};
  registry_.counter(kRequests, kRequestsHelp, l);
  registry_.counter(kBytes, kBytesHelp, l);
  registry_.counter(kNotModified, kNotModifiedHelp, l);
  registry_.counter(kPolls, kPollsHelp, l);
  registry_.gauge(kLastSuccess, kLastSuccessHelp, l);
  registry_.histogram(kFetchLatency, kFetchLatencyHelp, LatencyBucketsSeconds(), l);
  std::lock_guard<std::mutex> lock(mu_);
  last_success_.try_emplace(std::string(source_id), 0);
}

void DaemonMetrics::RecordFetch(std::string_view source_id, const FetchResponse& response) {
  const MetricLabels l = {{"source", std::string(source_id)}};
  registry_.counter(kRequests, kRequestsHelp, l).Increment();
  registry_.counter(kBytes, kBytesHelp, l).Increment(static_cast<double>(response.bytes_received));
  if (response.status.ok() && response.not_modified()) {
    registry_.counter(kNotModified, kNotModifiedHelp, l).Increment();
  }
  if (const std::string kind = FetchErrorKind(response); !kind.empty()) {
    registry_.counter(kFetchErrors, kFetchErrorsHelp, {l[0], {"kind", kind}}).Increment();
  }
  const double seconds = std::chrono::duration<double>(response.total_time).count();
  registry_.histogram(kFetchLatency, kFetchLatencyHelp, LatencyBucketsSeconds(), l)
      .Observe(seconds);
}

void DaemonMetrics::RecordPoll(std::string_view source_id, const Status& error,
                               int64_t last_success_unix) {
  const MetricLabels l = {{"source", std::string(source_id)}};
  registry_.counter(kPolls, kPollsHelp, l).Increment();
  if (!error.ok()) {
    registry_.counter(kPollErrors, kPollErrorsHelp,
                      {l[0], {"kind", std::string(ErrorKindName(error.kind()))}})
        .Increment();
  }
  registry_.gauge(kLastSuccess, kLastSuccessHelp, l).Set(static_cast<double>(last_success_unix));
  std::lock_guard<std::mutex> lock(mu_);
  last_success_[std::string(source_id)] = last_success_unix;
}

void DaemonMetrics::RecordProcessing(std::chrono::steady_clock::duration latency) {
  registry_.histogram(kProcessing, kProcessingHelp, LatencyBucketsSeconds())
      .Observe(std::chrono::duration<double>(latency).count());
}

void DaemonMetrics::WatchPipeline(std::function<std::vector<StageCounters>()> counters,
                                  std::function<size_t()> queue_depth) {
  registry_.AddCollector([counters = std::move(counters),
                          queue_depth = std::move(queue_depth)](MetricsRegistry& r) {
    for (const StageCounters& c : counters()) {
      const MetricLabels l = {{"stage", c.stage}};
      r.counter("newswatch_stage_articles_in_total", "Articles that entered the stage.", l)
          .SetTotal(static_cast<double>(c.in));
      r.counter("newswatch_stage_articles_kept_total", "Articles the stage passed on.", l)
          .SetTotal(static_cast<double>(c.kept));
      r.counter("newswatch_stage_articles_dropped_total", "Articles the stage dropped.", l)
          .SetTotal(static_cast<double>(c.dropped));
    }
    r.gauge("newswatch_pipeline_queue_depth", "Articles waiting for a pipeline worker.")
        .Set(static_cast<double>(queue_depth()));
  });
}

void DaemonMetrics::WatchPublisher(std::function<PublisherCounters()> counters) {
  registry_.AddCollector([counters = std::move(counters)](MetricsRegistry& r) {
    const PublisherCounters c = counters();
    auto total = [&r](const char* name, const char* help, uint64_t v) {
      r.counter(name, help).SetTotal(static_cast<double>(v));
    };
    total("newswatch_events_published_total",
          "Events journaled and sent (heartbeats excluded).", c.published);
    total("newswatch_events_duplicate_total", "Events dropped as already published.",
          c.duplicates);
    total("newswatch_events_send_failures_total",
          "Events journaled but refused by ZeroMQ (replayable).", c.send_failures);
    total("newswatch_events_journal_errors_total",
          "Events lost because the journal could not be written.", c.errors);
    total("newswatch_heartbeats_total", "Heartbeats sent.", c.heartbeats);
    total("newswatch_replay_requests_total", "Replay pages answered.", c.replay_requests);
    r.gauge("newswatch_last_sequence", "The last sequence number assigned.")
        .Set(static_cast<double>(c.last_sequence));
    r.gauge("newswatch_publisher_queue_depth", "Events waiting for the publisher thread.")
        .Set(static_cast<double>(c.enqueued > c.published + c.duplicates + c.errors
                                     ? c.enqueued - c.published - c.duplicates - c.errors
                                     : 0));
  });
}

}  // namespace newswatch

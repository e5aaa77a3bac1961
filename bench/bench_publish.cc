// Publishing through a real XPUB/SUB pair over loopback TCP:
//  - BM_PublishEvents: events/s from Publisher::Publish to the subscriber's receipt (journal
//    write + send + receive), in batches of 200 articles;
//  - BM_FetchToReceipt: the path an article takes after its fetch has ended (the engine hands
//    it to the pipeline: prepare, seen, relevance, facts, gate; then the publisher journals and
//    sends it) until a subscriber holds it. "sequential" submits one article and waits for it
//    (latency without queueing); "burst" submits 200 at once (latency under load, events/s).
//    Counters p50_ms and p99_ms are over every event of the run.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "bench/bench_inputs.h"
#include "daemon/core/clock.h"
#include "daemon/pipeline/pipeline_runner.h"
#include "daemon/publish/event_codec.h"
#include "daemon/publish/publisher.h"
#include "filters/pipeline_stages.h"

namespace newswatch::bench {
namespace {

namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;
using namespace std::chrono_literals;

// A fresh temporary folder per benchmark run, removed at the end.
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name)
      : path(fs::temp_directory_path() /
             ("newswatch-bench-" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

// An article made of real news text (the relevance items and THUCNews, read at run time),
// made unique by `n` so that neither the seen check nor the publisher's content-hash
// de-duplication drops it; varied text keeps story clustering on a realistic footing.
Article MakeArticle(uint64_t n) {
  static const auto* docs = new std::vector<std::pair<std::string, std::string>>(
      RelevanceDocuments());
  Article a;
  a.source_id = "bench";
  a.url = "http://bench.invalid/news/" + std::to_string(n) + ".html";
  a.canonical_url = a.url;
  a.id = "bench" + std::to_string(n);  // the prepare stage replaces it with the URL's hash
  const auto& [title, body] = docs->empty() ? std::pair<std::string, std::string>{"新闻", "正文"}
                                            : (*docs)[n % docs->size()];
  a.title = title + "（" + std::to_string(n) + "）";
  a.body_text = body + "\n编号" + std::to_string(n) + "。";
  a.published = Timestamp{1712710800, 480};
  a.relevance.profile = "metaverse-policy";
  a.content_hash = "bench-" + std::to_string(n);
  return a;
}

struct Subscriber {
  zmq::context_t ctx;
  zmq::socket_t sub{ctx, zmq::socket_type::sub};
  explicit Subscriber(const std::string& endpoint) {
    sub.set(zmq::sockopt::subscribe, "article.");
    sub.set(zmq::sockopt::rcvhwm, 0);
    sub.connect(endpoint);
  }
  // Receives one article event; returns its url, or "" after `timeout` without one.
  std::string Receive(std::chrono::milliseconds timeout) {
    zmq::pollitem_t item{sub.handle(), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, timeout);
    if (!(item.revents & ZMQ_POLLIN)) return "";
    zmq::message_t topic, payload;
    if (!sub.recv(topic) || !sub.recv(payload)) return "";
    auto event = ParseEvent(payload.to_string_view());
    return event.ok() ? event->article().url() : "";
  }
};

PublisherOptions BenchPublisherOptions(const fs::path& dir) {
  PublisherOptions options;
  options.endpoint = "tcp://127.0.0.1:*";
  options.replay_endpoint = "";
  options.state_db = dir / "state.db";
  options.heartbeat_interval = 60s;
  options.startup_grace = 10s;
  options.sndhwm = 100000;
  return options;
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t i = std::min(values.size() - 1, static_cast<size_t>(p * values.size()));
  return values[i];
}

void BM_PublishEvents(benchmark::State& state) {
  TempDir dir("publish");
  auto publisher = Publisher::Start(BenchPublisherOptions(dir.path), SystemClock::Instance());
  if (!publisher.ok()) {
    state.SkipWithError(publisher.status().ToString().c_str());
    return;
  }
  Subscriber subscriber((*publisher)->endpoint());
  constexpr int kBatch = 200;
  uint64_t n = 0;
  for (auto _ : state) {
    for (int i = 0; i < kBatch; ++i) (*publisher)->Publish(OutgoingEvent::ForArticle(MakeArticle(++n)));
    for (int i = 0; i < kBatch; ++i) {
      if (subscriber.Receive(30s).empty()) {
        state.SkipWithError("an event did not arrive within 30 s");
        return;
      }
    }
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
  state.counters["docs"] = kBatch;
  (*publisher)->Stop();
}
BENCHMARK(BM_PublishEvents)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

void BM_FetchToReceipt(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0));
  TempDir dir("pipeline");
  PipelineSettings settings;
  settings.profiles = {fs::path(NW_SOURCE_DIR) / "config/topics/metaverse-policy.yaml"};
  settings.state_db = dir.path / "state.db";
  settings.publish_all = true;
  auto stages = BuildPipeline(settings);
  PublisherOptions options = BenchPublisherOptions(dir.path);
  auto publisher = Publisher::Start(options, SystemClock::Instance());
  if (!stages.ok() || !publisher.ok()) {
    state.SkipWithError("cannot build the pipeline or start the publisher");
    return;
  }
  Publisher* pub = publisher->get();
  PipelineRunner runner(std::move(stages).value(), 2, 1000, [pub](Article&& article) {
    pub->Publish(OutgoingEvent::ForArticle(std::move(article)));
  });
  Subscriber subscriber(pub->endpoint());
  std::map<std::string, Steady::time_point> submitted;
  std::vector<double> latencies_ms;
  uint64_t n = 0;
  for (auto _ : state) {
    for (int i = 0; i < batch; ++i) {
      Article a = MakeArticle(++n);
      submitted[a.url] = Steady::now();
      runner.Submit(std::move(a));
    }
    for (int i = 0; i < batch; ++i) {
      const std::string url = subscriber.Receive(30s);
      const auto now = Steady::now();
      auto it = submitted.find(url);
      if (it == submitted.end()) {
        state.SkipWithError("an event did not arrive within 30 s");
        runner.Stop();
        return;
      }
      latencies_ms.push_back(std::chrono::duration<double, std::milli>(now - it->second).count());
      submitted.erase(it);
    }
  }
  runner.Stop();
  pub->Stop();
  state.SetItemsProcessed(state.iterations() * batch);
  state.counters["docs"] = batch;
  state.counters["p50_ms"] = Percentile(latencies_ms, 0.50);
  state.counters["p99_ms"] = Percentile(latencies_ms, 0.99);
}
BENCHMARK(BM_FetchToReceipt)->Name("BM_FetchToReceipt/sequential")->Arg(1)
    ->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);
BENCHMARK(BM_FetchToReceipt)->Name("BM_FetchToReceipt/burst")->Arg(200)
    ->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);

}  // namespace
}  // namespace newswatch::bench

BENCHMARK_MAIN();

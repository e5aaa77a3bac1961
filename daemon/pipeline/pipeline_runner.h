// PipelineRunner: runs Articles through the configured stages on a pool of
// worker threads and hands survivors to a sink (the publisher). It owns the
// counting and logging of every stage (in / kept / dropped with reasons), so
// stages stay small.
// Thread-safety: Submit, Drain and Counters may be called from any thread;
// the sink is called from worker threads and must be thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "daemon/core/article.h"
#include "daemon/pipeline/stage.h"

namespace newswatch {

struct StageCounters {
  std::string stage;
  uint64_t in = 0;
  uint64_t kept = 0;
  uint64_t dropped = 0;
  std::map<std::string, uint64_t> drop_reasons;
};

// Runs `stages` in order on one article on the calling thread. Returns the
// index of the stage that dropped it and its result, or stages.size() if kept.
struct StagesOutcome {
  size_t dropped_at;  // == stages.size() when the article survived every stage
  StageResult result;
};
StagesOutcome RunStages(const std::vector<std::unique_ptr<Stage>>& stages, Article& article);

class PipelineRunner {
 public:
  using Sink = std::function<void(Article&&)>;
  // Told, on the worker thread, how long each article took from Submit until
  // the stages were done with it (queue wait included), kept or dropped. It is
  // called before a kept article reaches the sink.
  using LatencyObserver = std::function<void(std::chrono::steady_clock::duration)>;

  // Starts `workers` threads. `queue_capacity` bounds articles waiting; Submit
  // blocks while the queue is full. `observer` may be empty.
  PipelineRunner(std::vector<std::unique_ptr<Stage>> stages, size_t workers, size_t queue_capacity,
                 Sink sink, LatencyObserver observer = {});
  // Stops accepting, finishes queued work, joins the threads.
  ~PipelineRunner();
  PipelineRunner(const PipelineRunner&) = delete;
  PipelineRunner& operator=(const PipelineRunner&) = delete;

  // Queues an article. Returns false (and drops nothing: the caller keeps
  // ownership semantics simple by not reusing it) only after Stop().
  bool Submit(Article article);
  // Waits until every submitted article has left the pipeline or `bound`
  // passes. Returns true if the pipeline is idle.
  bool Drain(std::chrono::milliseconds bound);
  // Stops accepting work; queued articles are still processed.
  void Stop();
  // Swaps in a new list of stages (a configuration reload). Articles already
  // being processed finish with the old stages; queued ones use the new.
  // Counters are kept for stages whose name stays.
  void ReplaceStages(std::vector<std::unique_ptr<Stage>> stages);

  std::vector<StageCounters> Counters() const;
  size_t QueueDepth() const;

 private:
  void WorkerLoop();

  using StageList = std::vector<std::unique_ptr<Stage>>;
  std::shared_ptr<const StageList> stages_;  // guarded by mu_ (the pointer, not the stages)
  Sink sink_;
  LatencyObserver observer_;
  const size_t capacity_;

  mutable std::mutex mu_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::condition_variable idle_;
  struct Queued {
    Article article;
    std::chrono::steady_clock::time_point submitted;
  };
  std::deque<Queued> queue_;
  size_t busy_ = 0;
  bool stopping_ = false;
  std::vector<StageCounters> counters_;  // guarded by mu_, parallel to *stages_
  std::vector<std::thread> threads_;
};

}  // namespace newswatch

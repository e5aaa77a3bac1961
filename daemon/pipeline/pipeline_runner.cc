#include "daemon/pipeline/pipeline_runner.h"

#include <spdlog/spdlog.h>

namespace newswatch {

StagesOutcome RunStages(const std::vector<std::unique_ptr<Stage>>& stages, Article& article) {
  for (size_t i = 0; i < stages.size(); ++i) {
    StageResult r = stages[i]->Process(article);
    if (r.decision == Decision::kDrop) return {i, std::move(r)};
  }
  return {stages.size(), StageResult::Keep()};
}

PipelineRunner::PipelineRunner(std::vector<std::unique_ptr<Stage>> stages, size_t workers,
                               size_t queue_capacity, Sink sink, LatencyObserver observer)
    : stages_(std::make_shared<const StageList>(std::move(stages))),
      sink_(std::move(sink)),
      observer_(std::move(observer)),
      capacity_(std::max<size_t>(1, queue_capacity)) {
  for (const auto& s : *stages_) counters_.push_back(StageCounters{std::string(s->name())});
  for (size_t i = 0; i < std::max<size_t>(1, workers); ++i) {
    threads_.emplace_back([this] { WorkerLoop(); });
  }
}

PipelineRunner::~PipelineRunner() {
  Stop();
  for (auto& t : threads_) t.join();
}

void PipelineRunner::ReplaceStages(std::vector<std::unique_ptr<Stage>> stages) {
  auto next = std::make_shared<const StageList>(std::move(stages));
  std::vector<StageCounters> counters;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& s : *next) {
    StageCounters c{std::string(s->name())};
    for (const StageCounters& old : counters_) {
      if (old.stage == c.stage) c = old;
    }
    counters.push_back(std::move(c));
  }
  stages_ = std::move(next);
  counters_ = std::move(counters);
}

void PipelineRunner::Stop() {
  std::lock_guard<std::mutex> lock(mu_);
  stopping_ = true;
  not_empty_.notify_all();
  not_full_.notify_all();
}

bool PipelineRunner::Submit(Article article) {
  std::unique_lock<std::mutex> lock(mu_);
  not_full_.wait(lock, [&] { return stopping_ || queue_.size() < capacity_; });
  if (stopping_) return false;
  queue_.push_back(Queued{std::move(article), std::chrono::steady_clock::now()});
  not_empty_.notify_one();
  return true;
}

bool PipelineRunner::Drain(std::chrono::milliseconds bound) {
  std::unique_lock<std::mutex> lock(mu_);
  return idle_.wait_for(lock, bound, [&] { return queue_.empty() && busy_ == 0; });
}

std::vector<StageCounters> PipelineRunner::Counters() const {
  std::lock_guard<std::mutex> lock(mu_);
  return counters_;
}

size_t PipelineRunner::QueueDepth() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

void PipelineRunner::WorkerLoop() {
  for (;;) {
    Article article;
    std::chrono::steady_clock::time_point submitted;
    std::shared_ptr<const StageList> stages;
    {
      std::unique_lock<std::mutex> lock(mu_);
      not_empty_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and nothing left
      article = std::move(queue_.front().article);
      submitted = queue_.front().submitted;
      queue_.pop_front();
      ++busy_;
      stages = stages_;
      not_full_.notify_one();
    }
    const StagesOutcome outcome = RunStages(*stages, article);
    if (observer_) observer_(std::chrono::steady_clock::now() - submitted);
    {
      std::lock_guard<std::mutex> lock(mu_);
      // Count only if no reload swapped the list meanwhile (counters follow stages_).
      const size_t passed =
          stages == stages_ ? std::min(outcome.dropped_at + 1, stages->size()) : 0;
      for (size_t i = 0; i < passed; ++i) {
        ++counters_[i].in;
        if (i == outcome.dropped_at) {
          ++counters_[i].dropped;
          ++counters_[i].drop_reasons[outcome.result.reason];
        } else {
          ++counters_[i].kept;
        }
      }
    }
    if (outcome.dropped_at == stages->size()) {
      sink_(std::move(article));
    } else {
      spdlog::debug("pipeline: {} dropped by {}: {} ({})", article.url,
                    (*stages)[outcome.dropped_at]->name(), outcome.result.reason, article.title);
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      --busy_;
      if (queue_.empty() && busy_ == 0) idle_.notify_all();
    }
  }
}

}  // namespace newswatch

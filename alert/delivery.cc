#include "alert/delivery.h"

#include <algorithm>

#include <spdlog/spdlog.h>

namespace newswatch::alert {

bool IsRetryable(const Status& s) {
  return s.kind() != ErrorKind::kRefused && s.kind() != ErrorKind::kInvalidArgument &&
         s.kind() != ErrorKind::kTooLarge;
}

DeliveryWorker::DeliveryWorker(std::string receiver_name, std::unique_ptr<Receiver> receiver,
                               Outbox outbox, DeliveryPolicy policy, const Clock& clock)
    : name_(std::move(receiver_name)),
      receiver_(std::move(receiver)),
      outbox_(std::move(outbox)),
      policy_(policy),
      clock_(clock) {}

DeliveryWorker::~DeliveryWorker() { Stop(); }

int64_t DeliveryWorker::BackoffSeconds(int attempts) const {
  int64_t wait = policy_.backoff_base;
  for (int i = 1; i < attempts && wait < policy_.backoff_max; ++i) wait *= 2;
  return std::min(wait, policy_.backoff_max);
}

Result<DeliveryStats> DeliveryWorker::RunOnce() {
  DeliveryStats stats;
  const int64_t now = ToUnixSeconds(clock_.Now());
  int budget = 1000;
  if (policy_.max_per_minute > 0) {
    auto sent = outbox_.SentSince(name_, now - 59);
    if (!sent.ok()) return sent.status();
    budget = std::max(0, policy_.max_per_minute - *sent);
    if (budget == 0) {
      stats.rate_limited = true;
      return stats;
    }
  }
  auto due = outbox_.Due(name_, now, budget);
  if (!due.ok()) return due.status();
  if (policy_.max_per_minute > 0 && static_cast<int>(due->size()) == budget) {
    stats.rate_limited = true;
  }
  for (const OutboxMessage& m : *due) {
    Status s = receiver_->Deliver(m.payload, m.dedup_key);
    const int64_t at = ToUnixSeconds(clock_.Now());
    if (s.ok()) {
      NW_RETURN_IF_ERROR(outbox_.MarkSent(m.id, at));
      ++stats.delivered;
      continue;
    }
    const int attempts = m.attempts + 1;
    if (IsRetryable(s) && attempts < policy_.max_attempts) {
      NW_RETURN_IF_ERROR(outbox_.MarkAttemptFailed(m.id, s.ToString(), at + BackoffSeconds(attempts)));
      ++stats.retried;
      spdlog::warn("alert: {}: attempt {} failed, retrying: {}", name_, attempts, s.ToString());
    } else {
      NW_RETURN_IF_ERROR(outbox_.MarkAttemptFailed(m.id, s.ToString(), std::nullopt));
      ++stats.failed;
      spdlog::error("alert: {}: giving up after {} attempts: {}", name_, attempts, s.ToString());
    }
  }
  return stats;
}

void DeliveryWorker::Start(std::chrono::milliseconds poll) {
  thread_ = std::thread([this, poll] {
    std::unique_lock lock(mu_);
    while (!stop_) {
      woken_ = false;
      lock.unlock();
      auto stats = RunOnce();
      if (!stats.ok()) spdlog::error("alert: {}: {}", name_, stats.status().ToString());
      auto wait = poll;
      if (auto next = outbox_.NextAttempt(name_)) {
        int64_t delta = *next - ToUnixSeconds(clock_.Now());
        if (delta <= 0 && !(stats.ok() && stats->rate_limited)) wait = std::chrono::milliseconds(0);
        else if (delta > 0) wait = std::min<std::chrono::milliseconds>(poll, std::chrono::seconds(delta));
      }
      lock.lock();
      if (wait.count() > 0) cv_.wait_for(lock, wait, [this] { return stop_ || woken_; });
    }
  });
}

void DeliveryWorker::Wake() {
  std::lock_guard lock(mu_);
  woken_ = true;
  cv_.notify_all();
}

void DeliveryWorker::Stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

}  // namespace newswatch::alert

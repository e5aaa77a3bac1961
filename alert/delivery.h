// DeliveryWorker: drains one receiver's messages from the outbox: respects
// its rate limit, retries failures with exponential backoff, marks permanent
// failures. One worker (and one thread, and one outbox connection) per
// receiver, so a slow or failing receiver never blocks the others.
// Thread-safety: RunOnce from one thread at a time; Start/Stop/Wake from any.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "alert/outbox.h"
#include "alert/receivers/receiver.h"
#include "daemon/core/clock.h"

namespace newswatch::alert {

struct DeliveryPolicy {
  int max_per_minute = 0;     // 0 = unlimited
  int max_attempts = 12;      // then the message is marked failed
  int64_t backoff_base = 5;   // seconds before the first retry; doubles each time
  int64_t backoff_max = 1800; // cap on one wait
};

struct DeliveryStats {
  int delivered = 0;
  int retried = 0;
  int failed = 0;
  bool rate_limited = false;
};

class DeliveryWorker {
 public:
  // Takes ownership of `receiver` and `outbox` (a connection for this
  // worker); borrows `clock`, which must outlive the worker.
  DeliveryWorker(std::string receiver_name, std::unique_ptr<Receiver> receiver, Outbox outbox,
                 DeliveryPolicy policy, const Clock& clock);
  ~DeliveryWorker();  // stops the thread

  // One pass: sends every due message the rate limit allows. Returns what
  // happened; an outbox error stops the pass and is returned.
  Result<DeliveryStats> RunOnce();

  // Backoff before attempt number `attempts + 1` (attempts >= 1).
  int64_t BackoffSeconds(int attempts) const;

  // Runs RunOnce in a thread until Stop, waking on Wake or when the next
  // retry is due (at most every `poll`).
  void Start(std::chrono::milliseconds poll = std::chrono::milliseconds(1000));
  void Wake();
  void Stop();

  const std::string& name() const { return name_; }

 private:
  std::string name_;
  std::unique_ptr<Receiver> receiver_;
  Outbox outbox_;
  DeliveryPolicy policy_;
  const Clock& clock_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool woken_ = false;
};

// Whether an error from Receiver::Deliver is worth retrying.
bool IsRetryable(const Status& status);

}  // namespace newswatch::alert

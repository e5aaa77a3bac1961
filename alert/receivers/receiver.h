// Receiver: one destination kind (webhook, WeCom, e-mail, ...). Render turns a
// notification into the bytes stored in the outbox, so every retry sends the
// same message; Deliver sends stored bytes once.
// Thread-safety: a receiver is used by one delivery thread at a time.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "alert/notification.h"
#include "daemon/core/result.h"

namespace newswatch::alert {

// A receiver's validated configuration: defaults filled in, secrets resolved.
struct ReceiverSpec {
  std::string name;
  std::string type;
  std::string file;  // where it was declared, for messages
  int line = 0;
  std::map<std::string, std::string> values;  // scalars and resolved secrets
  std::map<std::string, std::vector<std::string>> lists;
  std::map<std::string, std::map<std::string, std::string>> maps;

  // The scalar `key`, or "" if absent.
  std::string Get(const std::string& key) const;
  // The scalar `key` as an integer; `fallback` if absent (validated at load).
  int64_t GetInt(const std::string& key, int64_t fallback) const;
  bool GetBool(const std::string& key) const;
};

class Receiver {
 public:
  virtual ~Receiver() = default;

  // The payload to store in the outbox for `n`. Pure: no I/O. Fails only for
  // a notification that cannot be expressed (kInvalidArgument).
  virtual Result<std::string> Render(const Notification& n) const = 0;

  // Sends a payload produced by Render. `delivery_id` is stable across retries
  // and restarts (receivers that can carry it do, for idempotency).
  // Returns OK when the platform accepted it. Errors of kind kRefused,
  // kInvalidArgument or kTooLarge are permanent (no retry); any other error is
  // retried with backoff.
  virtual Status Deliver(const std::string& payload, const std::string& delivery_id) = 0;
};

}  // namespace newswatch::alert

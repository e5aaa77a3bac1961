// EventSource: where the router's events come from. Today a plain ZeroMQ SUB
// socket; the subscriber/ library (gap detection + replay) will implement the
// same interface, so switching is this one file.
// Thread-safety: one thread uses a source.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "alert/alert_event.h"
#include "daemon/core/result.h"

namespace newswatch::alert {

class EventSource {
 public:
  virtual ~EventSource() = default;
  // Waits up to `timeout` for the next event. nullopt on timeout. A message
  // that is not a valid event is skipped and reported as kParse (the caller
  // logs and continues).
  virtual Result<std::optional<AlertEvent>> Next(std::chrono::milliseconds timeout) = 0;
};

// Connects a SUB socket to every endpoint and subscribes to `topics`
// (prefixes). Fails with kInvalidArgument for a malformed endpoint.
Result<std::unique_ptr<EventSource>> ConnectZmqSource(const std::vector<std::string>& endpoints,
                                                      const std::vector<std::string>& topics);

}  // namespace newswatch::alert

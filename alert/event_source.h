// EventSource: where the router's events come from. One gap-free
// newswatch::Subscriber per configured publisher (live SUB, gaps filled from
// the replay endpoint, duplicates dropped), resumed from the cursors the
// router keeps in its outbox.
// Thread-safety: one thread uses a source.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "alert/alert_event.h"
#include "alert/route_config.h"
#include "daemon/core/result.h"

namespace newswatch::alert {

class EventSource {
 public:
  virtual ~EventSource() = default;
  // Waits up to `timeout` for the next event from any publisher; nullopt on
  // timeout. AlertEvent::origin names the publisher (PublisherSpec::name);
  // within one origin events come in sequence order, each sequence once.
  // Once an event is handled, everything of its origin up to its sequence is.
  // A kHeartbeat event is returned when a publisher without a stored cursor
  // starts at its newest event, so the caller can persist that start.
  virtual Result<std::optional<AlertEvent>> Next(std::chrono::milliseconds timeout) = 0;
};

// Connects one subscriber per publisher, receiving `topics` (prefixes).
// A publisher listed in `cursors` (name -> sequence handled through) resumes
// right after it; one without starts per PublisherSpec::start_latest (latest
// needs an answer from the replay endpoint, asked again on each Next until it
// comes). Fails with kInvalidArgument for an unusable endpoint. Never waits
// for a publisher.
Result<std::unique_ptr<EventSource>> ConnectPublishers(
    const std::vector<PublisherSpec>& publishers, const std::vector<std::string>& topics,
    const std::map<std::string, uint64_t>& cursors);

}  // namespace newswatch::alert

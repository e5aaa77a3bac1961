// Subscriber: a gap-free newswatch event stream for client programs. It
// subscribes live (ZeroMQ SUB) by topic prefix, notices missed events from
// sequence numbers and heartbeats, fills them from the publisher's replay
// endpoint (see daemon/publish/publisher.h for the protocol), drops
// duplicates and resumes from a cursor the caller persisted.
// Thread-safety: one Subscriber is used by one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/core/result.h"
#include "newswatch/v1/event.pb.h"

namespace zmq {
class context_t;
class socket_t;
}  // namespace zmq

namespace newswatch {

struct SubscriberOptions {
  std::string endpoint = "tcp://127.0.0.1:5556";         // the publisher's PUB endpoint
  std::string replay_endpoint = "tcp://127.0.0.1:5557";  // "" = no catch-up, gaps are lost
  // Topic prefixes to receive; empty means everything. Heartbeats are always
  // listened to internally but only returned if a prefix matches "heartbeat".
  std::vector<std::string> topics;
  // The cursor saved from a previous run: events up to this sequence were
  // already handled and are not returned again. 0 = from the oldest journaled event.
  uint64_t from_sequence = 0;
  // Return only articles that are the first report of their story (the
  // publisher decides that once per story, in the journal transaction, so a
  // story is returned once even across daemon crashes). Articles without a
  // story id count as first reports.
  bool first_reports_only = false;
  // Bound on one replay exchange. On timeout the gap is not skipped: the event
  // that revealed it is dropped (the journal keeps it) and the next Next asks again.
  std::chrono::milliseconds replay_timeout{5000};
  // ZeroMQ receive queue (ZMQ_RCVHWM); an overflow becomes a gap that replay fills.
  int rcvhwm = 10000;
};

struct SubscriberCounters {
  uint64_t delivered = 0;        // events returned by Next
  uint64_t gaps = 0;             // times a jump in sequences triggered a replay
  uint64_t replayed = 0;         // events obtained from replay
  uint64_t duplicates = 0;       // live or replayed events at or below the cursor
  uint64_t filtered = 0;         // skipped by first_reports_only
  uint64_t replay_failures = 0;  // replays that timed out or failed (retried; nothing skipped)
};

class Subscriber {
 public:
  // Connects the SUB socket (and the replay DEALER). Errors: kInvalidArgument
  // for an unusable endpoint. Connecting never waits for the publisher.
  static Result<std::unique_ptr<Subscriber>> Create(SubscriberOptions options);

  ~Subscriber();
  Subscriber(const Subscriber&) = delete;
  Subscriber& operator=(const Subscriber&) = delete;

  // The next event in sequence order, each sequence at most once; nullopt if
  // none arrives within `timeout`. The first call catches up from the cursor.
  std::optional<v1::Event> Next(std::chrono::milliseconds timeout);

  // Every matching event up to this sequence has been returned by Next (or
  // skipped by a filter); persist it and pass it back as from_sequence. Events
  // already fetched but not yet returned (a replay page) are never counted, so
  // a restart from a persisted cursor loses nothing.
  uint64_t cursor() const;

  const SubscriberCounters& counters() const { return counters_; }

 private:
  explicit Subscriber(SubscriberOptions options);
  bool Wanted(const std::string& topic) const;
  // Fetches every matching event after through_ from the replay endpoint.
  // Returns false (through_ unchanged) if the replay failed.
  bool CatchUp();
  void Handle(std::string topic, v1::Event event);
  void Deliver(std::string_view topic, v1::Event event);
  Status ReplayPrefix(const std::string& prefix,
                      std::vector<std::pair<std::string, v1::Event>>& out, uint64_t& covered);

  SubscriberOptions options_;
  std::unique_ptr<zmq::context_t> context_;
  std::unique_ptr<zmq::socket_t> sub_;
  std::unique_ptr<zmq::socket_t> dealer_;
  // Every event up to this sequence is returned, queued in ready_ or skipped.
  uint64_t through_ = 0;
  bool caught_up_ = false;
  std::deque<v1::Event> ready_;
  SubscriberCounters counters_;
};

}  // namespace newswatch

// Publisher: the one thread that journals events and sends them on ZeroMQ.
// Each event is de-duplicated, numbered and journaled in one SQLite
// transaction (StateStore::AppendEvents: whatever is queued, up to
// max_batch events, shares one transaction and one fsync), then sent as two
// frames [topic, serialized newswatch.v1.Event] on an XPUB socket. The same
// transaction decides Story::first_report (the first journaled article of a
// story). Every retention.prune_interval the thread prunes the state DB.
// Thread-safety: Publish, Flush, counters and Stop may be called from any thread.
//
// Replay protocol (ROUTER socket at PublisherOptions::replay_endpoint, served
// by the publisher thread between sends). A client (DEALER, or REQ with its
// empty delimiter) sends three frames:
//   ["REPLAY", <after_sequence as decimal>, <topic_prefix ("" = all)>]
// and receives, as separate messages, the journaled events with a sequence
// greater than after_sequence whose topic starts with the prefix, in order:
//   [<topic>, <serialized Event>]            (at most replay_batch of them)
// followed by one end marker:
//   ["END", <covered_through as decimal>]
// covered_through is the sequence up to which the answer is complete: the last
// event sent if the batch was full (ask again with after = covered_through),
// else the publisher's last sequence. A malformed request gets ["ERROR", why].
// Events pruned from the journal are simply absent from the answer.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <variant>

#include "daemon/core/article.h"
#include "daemon/core/clock.h"
#include "daemon/core/result.h"
#include "daemon/publish/event_codec.h"
#include "daemon/store/state_store.h"

namespace newswatch {

struct PublisherOptions {
  // Where subscribers connect; "tcp://127.0.0.1:*" picks a free port (see endpoint()).
  std::string endpoint = "tcp://127.0.0.1:5556";
  // Copied into every Event so a router fed by several daemons can tell them apart.
  std::string publisher_id = "newswatch";
  // The StateStore file (journal, seen set, sequence counter).
  std::filesystem::path state_db;
  // Heartbeats let an idle subscriber notice a gap; each consumes a sequence number.
  std::chrono::milliseconds heartbeat_interval{10000};
  // ZeroMQ drops what is sent before a subscriber's subscription arrives (the
  // "slow joiner"). Events are held until the first subscription or until this ends.
  std::chrono::milliseconds startup_grace{2000};
  // Per-subscriber send queue; beyond it a slow subscriber loses events (it
  // sees a sequence gap and replays) instead of slowing the publisher.
  int sndhwm = 10000;
  // The replay ROUTER endpoint ("" disables replay); see the protocol above.
  std::string replay_endpoint = "tcp://127.0.0.1:5557";
  // Events per replay answer, so one client's catch-up cannot stall publishing.
  size_t replay_batch = 500;
  // How long Stop() lets queued frames drain before closing the socket.
  std::chrono::milliseconds linger{2000};
  // CURVE: when set, both endpoints encrypt and authenticate. The secret key
  // file comes from `newswatch keygen`; only subscriber public keys listed in
  // the allow file are admitted (a ZAP handler), and ReloadAllowFile re-reads it.
  std::filesystem::path curve_secret_key_file;
  std::filesystem::path curve_allow_file;
  // Events journaled per transaction at most; each still has its own dedup
  // check and sequence. 1 restores one transaction (one fsync) per event.
  size_t max_batch = 256;
  // What StateStore::Prune keeps; applied at start and then every prune_interval
  // (0 = never) measured on the clock's steady time.
  RetentionPolicy retention;
  std::chrono::milliseconds prune_interval{std::chrono::hours(1)};
};

// One event for the publisher. The payload is a plain struct; the publisher
// builds the protobuf.
struct OutgoingEvent {
  std::string topic;
  // When set, the event is dropped if this article (id or content hash) was published before.
  std::optional<ArticleKey> key;
  std::variant<Article, SourceHealthChange> payload;

  // An article on ArticleTopic(article), keyed by its id and content hash.
  static OutgoingEvent ForArticle(Article article);
  // A health change on SourceStatusTopic(source_id); never de-duplicated.
  static OutgoingEvent ForSourceStatus(SourceHealthChange change);
};

// A snapshot of what the publisher has done since Start.
struct PublisherCounters {
  uint64_t enqueued = 0;         // Publish calls accepted
  uint64_t published = 0;        // events journaled and handed to ZeroMQ (heartbeats excluded)
  uint64_t duplicates = 0;       // events dropped because their article was already seen
  uint64_t heartbeats = 0;       // heartbeats sent
  uint64_t send_failures = 0;    // frames ZeroMQ refused without blocking (journaled, replayable)
  uint64_t errors = 0;           // events lost because the journal could not be written
  uint64_t rejected = 0;         // Publish calls after Stop
  uint64_t replay_requests = 0;  // replay requests answered (each page counts)
  uint64_t last_sequence = 0;    // the last sequence number assigned
  uint64_t batches = 0;          // journal transactions for events (heartbeats excluded)
  uint64_t prunes = 0;           // successful StateStore::Prune runs
  std::string last_error;        // the most recent journal or prune error, if any
};

class Publisher {
 public:
  // Opens the state store, binds the XPUB socket and starts the thread.
  // Errors: kUnavailable naming the endpoint if it cannot be bound (already in
  // use, bad address); the StateStore::Open errors. `clock` must outlive the publisher.
  static Result<std::unique_ptr<Publisher>> Start(PublisherOptions options, const Clock& clock);

  // Stops (see Stop).
  ~Publisher();
  Publisher(const Publisher&) = delete;
  Publisher& operator=(const Publisher&) = delete;

  // Enqueues `event`; never blocks on the network. After Stop the event is
  // dropped and counted as rejected.
  void Publish(OutgoingEvent event);

  // Waits until every event enqueued before this call is journaled and handed
  // to ZeroMQ (or dropped as a duplicate). Returns kTimeout if `bound` passes
  // first (e.g. events still held for the startup grace), kUnavailable if the
  // publisher stopped with events unsent.
  Status Flush(std::chrono::milliseconds bound);

  // Drains the queue, waits (at most the rest of the startup grace) for a first
  // subscriber if events are still held, sends them, closes the socket letting
  // queued frames out for up to options.linger, and joins the thread. Idempotent.
  void Stop();

  // The bound endpoint with the real port ("tcp://127.0.0.1:40123").
  const std::string& endpoint() const { return endpoint_; }
  // The bound replay endpoint, or "" when replay is disabled.
  const std::string& replay_endpoint() const { return replay_endpoint_; }

  PublisherCounters counters() const;
  // Re-reads the CURVE allow file (SIGHUP). A bad file keeps the old keys and
  // returns its error. OK and nothing to do without CURVE.
  Status ReloadAllowFile();

 private:
  struct Impl;
  explicit Publisher(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
  std::string endpoint_;
  std::string replay_endpoint_;
};

}  // namespace newswatch

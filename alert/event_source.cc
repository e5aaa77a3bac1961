#include "alert/event_source.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <thread>
#include <zmq.hpp>

#include "alert/event_codec.h"
#include "subscriber/subscriber.h"

namespace newswatch::alert {
namespace {

using std::chrono::milliseconds;

// How long one "where is the publisher now?" question may take, and how long
// each publisher is listened to in turn when several are configured.
constexpr milliseconds kProbeTimeout{2000};
constexpr milliseconds kSlice{20};
constexpr milliseconds kProbeRetry{5000};

// The publisher's newest sequence, from one replay exchange: a request for a
// topic prefix no event has is answered with just ["END", last sequence].
Result<uint64_t> LatestSequence(zmq::context_t& context, const std::string& replay_endpoint) {
  try {
    zmq::socket_t dealer(context, zmq::socket_type::dealer);
    dealer.set(zmq::sockopt::linger, 0);
    dealer.connect(replay_endpoint);
    dealer.send(zmq::str_buffer("REPLAY"), zmq::send_flags::sndmore);
    dealer.send(zmq::str_buffer("0"), zmq::send_flags::sndmore);
    dealer.send(zmq::str_buffer("\x01"), zmq::send_flags::none);
    const auto deadline = std::chrono::steady_clock::now() + kProbeTimeout;
    for (;;) {
      const auto left =
          std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
      zmq::pollitem_t item{dealer.handle(), 0, ZMQ_POLLIN, 0};
      if (left.count() <= 0 || zmq::poll(&item, 1, left) == 0) {
        return TimeoutError("no answer from " + replay_endpoint);
      }
      std::vector<zmq::message_t> frames;
      zmq::message_t m;
      do {
        if (!dealer.recv(m, zmq::recv_flags::none)) break;
        frames.push_back(std::move(m));
      } while (frames.back().more());
      if (frames.size() != 2) continue;
      const std::string head = frames[0].to_string();
      if (head == "ERROR") return Unavailable("replay: " + frames[1].to_string());
      if (head != "END") continue;
      const std::string digits = frames[1].to_string();
      if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos) {
        return ParseError("replay: END carries \"" + digits + "\"");
      }
      return static_cast<uint64_t>(std::stoull(digits));
    }
  } catch (const std::exception& e) {
    return Unavailable(std::string("replay probe: ") + e.what());
  }
}

// One publisher: its subscriber, or what is needed to create it once its
// starting point is known.
struct Feed {
  PublisherSpec spec;
  std::optional<uint64_t> from;  // known start; unset while a "latest" probe is owed
  std::unique_ptr<Subscriber> subscriber;
  bool announce_start = false;  // return a heartbeat at `from` before any event
  std::chrono::steady_clock::time_point next_probe;  // when to ask again after no answer
};

class SubscriberEventSource final : public EventSource {
 public:
  explicit SubscriberEventSource(std::vector<std::string> topics) : topics_(std::move(topics)) {}

  Status Add(const PublisherSpec& spec, std::optional<uint64_t> cursor) {
    Feed feed;
    feed.spec = spec;
    if (cursor) feed.from = cursor;
    else if (!spec.start_latest || spec.replay.empty()) feed.from = 0;
    feeds_.push_back(std::move(feed));
    if (feeds_.back().from) return Subscribe(feeds_.back());
    return Status::Ok();
  }

  Result<std::optional<AlertEvent>> Next(milliseconds timeout) override {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (Feed& f : feeds_) {
      if (!f.subscriber && std::chrono::steady_clock::now() >= f.next_probe) StartLatest(f);
      if (f.announce_start) {
        f.announce_start = false;
        AlertEvent start;
        start.kind = EventKind::kHeartbeat;
        start.origin = f.spec.name;
        start.sequence = *f.from;
        return std::optional<AlertEvent>(std::move(start));
      }
    }
    std::vector<Feed*> live;
    for (Feed& f : feeds_) {
      if (f.subscriber) live.push_back(&f);
    }
    if (live.empty()) {
      // Nothing to listen to until a publisher answers; let the time pass.
      std::this_thread::sleep_until(deadline);
      return std::optional<AlertEvent>();
    }
    if (live.size() == 1) return Take(*live[0], timeout);
    // Several publishers: a quick look at each, then listen to each in turn
    // for a slice until the deadline. Rotating the start keeps one busy
    // publisher from starving the others.
    for (bool first_pass = true;; first_pass = false) {
      for (size_t i = 0; i < live.size(); ++i) {
        Feed& f = *live[(next_ + i) % live.size()];
        const auto left =
            std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
        const milliseconds wait =
            first_pass ? milliseconds(0) : std::clamp(left, milliseconds(0), kSlice);
        auto event = Take(f, wait);
        if (!event.ok() || event->has_value()) {
          next_ = (next_ + i + 1) % live.size();
          return event;
        }
      }
      if (!first_pass && std::chrono::steady_clock::now() >= deadline) {
        return std::optional<AlertEvent>();
      }
    }
  }

 private:
  Status Subscribe(Feed& f) {
    SubscriberOptions options;
    options.endpoint = f.spec.endpoint;
    options.replay_endpoint = f.spec.replay;
    options.topics = topics_;
    options.from_sequence = *f.from;
    auto s = Subscriber::Create(std::move(options));
    if (!s.ok()) return s.status();
    f.subscriber = std::move(*s);
    return Status::Ok();
  }

  // A fresh publisher with start: latest: ask where it is, then subscribe.
  void StartLatest(Feed& f) {
    auto latest = LatestSequence(probe_context_, f.spec.replay);
    if (!latest.ok()) {
      f.next_probe = std::chrono::steady_clock::now() + kProbeRetry;
      spdlog::warn("alert: publisher {}: newest sequence unknown yet: {}", f.spec.name,
                   latest.status().ToString());
      return;
    }
    f.from = *latest;
    if (Status s = Subscribe(f); !s.ok()) {
      spdlog::error("alert: publisher {}: {}", f.spec.name, s.ToString());
      f.from.reset();
      return;
    }
    f.announce_start = true;
    spdlog::info("alert: publisher {}: no cursor yet, starting after its newest event {}",
                 f.spec.name, *f.from);
  }

  Result<std::optional<AlertEvent>> Take(Feed& f, milliseconds wait) {
    std::optional<v1::Event> event;
    try {
      event = f.subscriber->Next(wait);
    } catch (const zmq::error_t& e) {
      // EINTR cannot happen with signals blocked (main.cc); anything else is
      // reported and the subscriber is asked again on the next call.
      return Unavailable("publisher " + f.spec.name + ": zmq: " + e.what());
    }
    if (!event) return std::optional<AlertEvent>();
    AlertEvent e = FromProtoEvent("", *event);
    e.origin = f.spec.name;
    return std::optional<AlertEvent>(std::move(e));
  }

  std::vector<std::string> topics_;
  std::vector<Feed> feeds_;
  zmq::context_t probe_context_;
  size_t next_ = 0;
};

}  // namespace

Result<std::unique_ptr<EventSource>> ConnectPublishers(
    const std::vector<PublisherSpec>& publishers, const std::vector<std::string>& topics,
    const std::map<std::string, uint64_t>& cursors) {
  auto source = std::make_unique<SubscriberEventSource>(topics);
  for (const PublisherSpec& p : publishers) {
    auto it = cursors.find(p.name);
    NW_RETURN_IF_ERROR(
        source->Add(p, it == cursors.end() ? std::nullopt : std::optional<uint64_t>(it->second)));
  }
  return std::unique_ptr<EventSource>(std::move(source));
}

}  // namespace newswatch::alert

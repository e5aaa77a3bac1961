#include "subscriber/subscriber.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <zmq.hpp>

namespace newswatch {
namespace {

// zmq::poll on one socket that restarts when a signal interrupts it (EINTR)
// instead of throwing, within the same overall `timeout`. Returns the number
// of ready items (0 on timeout).
int PollRestarting(zmq::pollitem_t& item, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left = std::max(std::chrono::milliseconds(0),
                               std::chrono::duration_cast<std::chrono::milliseconds>(
                                   deadline - std::chrono::steady_clock::now()));
    try {
      return zmq::poll(&item, 1, left);
    } catch (const zmq::error_t& e) {
      if (e.num() != EINTR) throw;
      if (left.count() == 0) return 0;
    }
  }
}

constexpr std::string_view kHeartbeat = "heartbeat";

}  // namespace

Subscriber::Subscriber(SubscriberOptions options) : options_(std::move(options)) {
  if (options_.topics.empty()) options_.topics.push_back("");
  through_ = options_.from_sequence;
}

uint64_t Subscriber::cursor() const {
  // Everything before the first event still waiting in ready_ was returned or skipped.
  return ready_.empty() ? through_ : ready_.front().sequence() - 1;
}

Subscriber::~Subscriber() = default;

Result<std::unique_ptr<Subscriber>> Subscriber::Create(SubscriberOptions options) {
  std::unique_ptr<Subscriber> s(new Subscriber(std::move(options)));
  try {
    s->context_ = std::make_unique<zmq::context_t>(1);
    s->sub_ = std::make_unique<zmq::socket_t>(*s->context_, zmq::socket_type::sub);
    s->sub_->set(zmq::sockopt::linger, 0);
    s->sub_->set(zmq::sockopt::rcvhwm, s->options_.rcvhwm);
    for (const std::string& t : s->options_.topics) s->sub_->set(zmq::sockopt::subscribe, t);
    s->sub_->set(zmq::sockopt::subscribe, kHeartbeat);
    s->sub_->connect(s->options_.endpoint);
    if (!s->options_.replay_endpoint.empty()) {
      s->dealer_ = std::make_unique<zmq::socket_t>(*s->context_, zmq::socket_type::dealer);
      s->dealer_->set(zmq::sockopt::linger, 0);
      s->dealer_->connect(s->options_.replay_endpoint);
    }
  } catch (const zmq::error_t& e) {
    return InvalidArgument("subscriber: cannot connect " + s->options_.endpoint + " / " +
                           s->options_.replay_endpoint + ": " + e.what());
  }
  return s;
}

bool Subscriber::Wanted(const std::string& topic) const {
  return std::any_of(options_.topics.begin(), options_.topics.end(),
                     [&](const std::string& p) { return topic.starts_with(p); });
}

Status Subscriber::ReplayPrefix(const std::string& prefix,
                                std::vector<std::pair<std::string, v1::Event>>& out,
                                uint64_t& covered) {
  uint64_t after = through_;
  for (;;) {
    const std::string after_text = std::to_string(after);
    dealer_->send(zmq::str_buffer("REPLAY"), zmq::send_flags::sndmore);
    dealer_->send(zmq::buffer(after_text), zmq::send_flags::sndmore);
    dealer_->send(zmq::buffer(prefix));
    const auto deadline = std::chrono::steady_clock::now() + options_.replay_timeout;
    size_t in_page = 0;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      zmq::pollitem_t item{dealer_->handle(), 0, ZMQ_POLLIN, 0};
      if (left.count() <= 0 || PollRestarting(item, left) == 0) {
        return TimeoutError("replay from " + options_.replay_endpoint + " timed out");
      }
      std::vector<zmq::message_t> frames;
      zmq::message_t m;
      do {
        if (!dealer_->recv(m, zmq::recv_flags::none)) break;
        frames.push_back(std::move(m));
      } while (frames.back().more());
      if (frames.size() != 2) continue;
      const std::string head = frames[0].to_string();
      if (head == "ERROR") return Unavailable("replay: " + frames[1].to_string());
      if (head == "END") {
        const std::string text = frames[1].to_string();
        const uint64_t through = text.empty() ? 0 : std::strtoull(text.c_str(), nullptr, 10);
        // A full page ends at its own last event: ask again from there. Any
        // other answer is complete through the publisher's last sequence.
        if (in_page > 0 && out.back().second.sequence() == through && through > after) {
          after = through;
          break;
        }
        covered = std::min(covered, std::max(through, after));
        return Status::Ok();
      }
      v1::Event event;
      if (!event.ParseFromArray(frames[1].data(), static_cast<int>(frames[1].size()))) continue;
      out.emplace_back(head, std::move(event));
      ++in_page;
    }
  }
}

bool Subscriber::CatchUp() {
  caught_up_ = true;
  if (!dealer_) return true;
  std::vector<std::pair<std::string, v1::Event>> got;
  uint64_t covered = UINT64_MAX;
  for (const std::string& prefix : options_.topics) {
    const Status s = ReplayPrefix(prefix, got, covered);
    if (!s.ok()) {
      ++counters_.replay_failures;
      // Stale answers to this request must not be read as answers to the next one.
      dealer_ = std::make_unique<zmq::socket_t>(*context_, zmq::socket_type::dealer);
      dealer_->set(zmq::sockopt::linger, 0);
      dealer_->connect(options_.replay_endpoint);
      caught_up_ = false;  // the next Next asks again
      return false;
    }
  }
  // Overlapping prefixes return an event twice; order by sequence, keep one.
  std::map<uint64_t, std::pair<std::string, v1::Event>> ordered;
  for (auto& [topic, event] : got) {
    if (event.sequence() <= covered) ordered.emplace(event.sequence(), std::pair{topic, event});
  }
  for (auto& [seq, te] : ordered) {
    ++counters_.replayed;
    Deliver(te.first, std::move(te.second));
  }
  if (covered != UINT64_MAX) through_ = std::max(through_, covered);
  return true;
}

void Subscriber::Deliver(std::string_view topic, v1::Event event) {
  if (event.sequence() <= through_) {
    ++counters_.duplicates;
    return;
  }
  through_ = event.sequence();
  // An article without a story (too short to cluster, or from an older
  // publisher) counts as a first report.
  if (options_.first_reports_only && event.has_article() &&
      !event.article().story().story_id().empty() && !event.article().story().first_report()) {
    ++counters_.filtered;
    return;
  }
  if (!Wanted(std::string(topic))) return;  // an internal heartbeat
  ready_.push_back(std::move(event));
}

void Subscriber::Handle(std::string topic, v1::Event event) {
  const uint64_t seq = event.sequence();
  if (seq <= through_) {
    ++counters_.duplicates;
    return;
  }
  // Something between the cursor and this event was published: either on
  // topics we filter out, or lost (slow joiner, HWM overflow, a publisher
  // killed between journaling and sending). Only the journal can tell; ask it.
  // A heartbeat's own sequence is covered too.
  const bool heartbeat = event.has_heartbeat();
  const uint64_t before = heartbeat ? event.heartbeat().last_sequence() : seq - 1;
  if (before > through_ && dealer_) {
    ++counters_.gaps;
    // A failed replay must not let this event carry the cursor over the gap:
    // drop it (it is journaled; the next catch-up returns it in order).
    if (!CatchUp()) return;
    if (seq <= through_) return;  // the replay covered it (delivered if wanted)
  }
  if (heartbeat && !Wanted(topic)) {
    through_ = std::max(through_, seq);
    return;
  }
  Deliver(topic, std::move(event));
}

std::optional<v1::Event> Subscriber::Next(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  if (!caught_up_) CatchUp();
  for (;;) {
    if (!ready_.empty()) {
      v1::Event e = std::move(ready_.front());
      ready_.pop_front();
      ++counters_.delivered;
      return e;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    zmq::pollitem_t item{sub_->handle(), 0, ZMQ_POLLIN, 0};
    if (left.count() < 0 ||
        PollRestarting(item, std::max(left, std::chrono::milliseconds(0))) == 0) {
      return std::nullopt;
    }
    zmq::message_t topic, body;
    if (!sub_->recv(topic, zmq::recv_flags::dontwait)) continue;
    if (!topic.more()) continue;
    if (!sub_->recv(body, zmq::recv_flags::none)) continue;
    while (body.more()) (void)sub_->recv(body, zmq::recv_flags::none);  // drop extra frames
    v1::Event event;
    if (!event.ParseFromArray(body.data(), static_cast<int>(body.size()))) continue;
    Handle(topic.to_string(), std::move(event));
  }
}

}  // namespace newswatch

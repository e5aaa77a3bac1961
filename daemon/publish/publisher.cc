#include "daemon/publish/publisher.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include "daemon/security/curve_keys.h"
#include "daemon/security/zap_handler.h"

namespace newswatch {
namespace {

// The poll wakes at least this often so a stop request or a fake clock's
// heartbeat is noticed even when nothing arrives.
constexpr std::chrono::milliseconds kMaxPollWait{100};

// Move-only owner of the eventfd that wakes the publisher thread on Publish.
class WakeFd {
 public:
  WakeFd() : fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}
  ~WakeFd() {
    if (fd_ >= 0) ::close(fd_);
  }
  WakeFd(const WakeFd&) = delete;
  WakeFd& operator=(const WakeFd&) = delete;
  int fd() const { return fd_; }
  void Signal() const {
    const uint64_t one = 1;
    (void)!::write(fd_, &one, sizeof one);
  }
  void Drain() const {
    uint64_t value = 0;
    (void)!::read(fd_, &value, sizeof value);
  }

 private:
  int fd_;
};

// A journaled event ready to send.
struct Frames {
  std::string topic;
  std::string event;
};

}  // namespace

OutgoingEvent OutgoingEvent::ForArticle(Article article) {
  OutgoingEvent out;
  out.topic = ArticleTopic(article);
  out.key = ArticleKey{article.id,    article.content_hash, article.source_id,
                       article.canonical_url, article.title, article.story.story_id};
  out.payload = std::move(article);
  return out;
}

OutgoingEvent OutgoingEvent::ForSourceStatus(SourceHealthChange change) {
  OutgoingEvent out;
  out.topic = SourceStatusTopic(change.source_id);
  out.payload = std::move(change);
  return out;
}

struct Publisher::Impl {
  Impl(PublisherOptions o, const Clock& c) : options(std::move(o)), clock(c) {}

  void Run();
  void ProcessBatch(std::deque<OutgoingEvent>& events, size_t begin, size_t end);
  void Finish(OutgoingEvent& event, Result<std::optional<JournalEntry>> appended);
  void MaybePrune();
  void PublishHeartbeat();
  void Emit(Frames frames);
  void Send(const Frames& frames);
  void ReleaseHeld();
  void ServeReplay();
  std::string Encode(uint64_t sequence, const std::string& topic,
                     const std::function<void(v1::Event&)>& fill) const;

  PublisherOptions options;
  const Clock& clock;
  zmq::context_t context{1};
  std::unique_ptr<ZapHandler> zap;  // CURVE authentication; null without CURVE
  zmq::socket_t xpub;
  zmq::socket_t router;  // replay; not open when disabled
  std::unique_ptr<StateStore> store;
  WakeFd wake;
  std::thread thread;
  v1::Time started_at;

  // Owned by the publisher thread.
  bool holding = true;  // slow-joiner hold; see PublisherOptions::startup_grace
  std::chrono::steady_clock::time_point hold_until;
  std::chrono::steady_clock::time_point next_heartbeat;
  std::optional<std::chrono::steady_clock::time_point> next_prune;  // unset: pruning disabled
  std::vector<Frames> held;
  uint64_t held_handled = 0;  // enqueued events represented in `held`

  // Shared with callers.
  mutable std::mutex mu;
  std::condition_variable handled_cv;
  std::deque<OutgoingEvent> queue;
  bool stop_requested = false;
  bool stopped = false;
  uint64_t handled = 0;  // enqueued events fully processed (sent or dropped)
  PublisherCounters counters;
};

std::string Publisher::Impl::Encode(uint64_t sequence, const std::string& topic,
                                    const std::function<void(v1::Event&)>& fill) const {
  v1::Event event;
  event.set_sequence(sequence);
  event.set_publisher_id(options.publisher_id);
  *event.mutable_emitted_at() = ToProto(Timestamp{ToUnixSeconds(clock.Now()), 0});
  event.set_topic(topic);
  fill(event);
  return event.SerializeAsString();
}

void Publisher::Impl::Send(const Frames& frames) {
  // PUB-side sockets drop rather than block at the high-water mark; dontwait
  // guards the rare EAGAIN so this thread never stalls on one subscriber.
  try {
    auto sent =
        xpub.send(zmq::buffer(frames.topic), zmq::send_flags::sndmore | zmq::send_flags::dontwait);
    if (sent) sent = xpub.send(zmq::buffer(frames.event), zmq::send_flags::dontwait);
    if (!sent) {
      std::lock_guard lock(mu);
      ++counters.send_failures;
    }
  } catch (const zmq::error_t&) {
    std::lock_guard lock(mu);
    ++counters.send_failures;
  }
}

void Publisher::Impl::Emit(Frames frames) {
  if (holding) {
    held.push_back(std::move(frames));
  } else {
    Send(frames);
  }
}

void Publisher::Impl::ReleaseHeld() {
  holding = false;
  for (const Frames& f : held) Send(f);
  held.clear();
  std::lock_guard lock(mu);
  handled += held_handled;
  held_handled = 0;
  handled_cv.notify_all();
}

void Publisher::Impl::ServeReplay() {
  // One request per call; at most replay_batch events each, so publishing
  // resumes between the pages of a long catch-up.
  std::vector<zmq::message_t> request;
  zmq::message_t part;
  try {
    if (!router.recv(part, zmq::recv_flags::dontwait)) return;
    request.push_back(std::move(part));
    while (request.back().more()) {
      if (!router.recv(part, zmq::recv_flags::dontwait)) break;
      request.push_back(std::move(part));
    }
  } catch (const zmq::error_t&) {
    return;
  }
  // Envelope: the identity frame, plus the empty delimiter a REQ client adds.
  size_t body = 1;
  if (request.size() > 1 && request[1].size() == 0) body = 2;
  std::vector<std::string> envelope;
  for (size_t i = 0; i < body && i < request.size(); ++i)
    envelope.push_back(request[i].to_string());

  auto send = [&](std::string_view a, std::string_view b) {
    try {
      for (const std::string& e : envelope) {
        router.send(zmq::buffer(e), zmq::send_flags::sndmore | zmq::send_flags::dontwait);
      }
      router.send(zmq::buffer(a), zmq::send_flags::sndmore | zmq::send_flags::dontwait);
      router.send(zmq::buffer(b), zmq::send_flags::dontwait);
    } catch (const zmq::error_t&) {
      // A vanished or stalled client loses its answer; it will time out and ask again.
    }
  };
  const size_t n = request.size() - std::min(body, request.size());
  uint64_t after = 0;
  bool valid = n == 3 && request[body].to_string_view() == "REPLAY";
  if (valid) {
    const std::string digits = request[body + 1].to_string();
    // from_chars, not stoull: 20 digits can exceed uint64 and stoull would throw.
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), after);
    valid = !digits.empty() && ec == std::errc() && end == digits.data() + digits.size();
  }
  if (!valid) {
    send("ERROR", "expected [REPLAY, after_sequence, topic_prefix]");
    return;
  }
  const std::string prefix = request[body + 2].to_string();
  auto entries = store->ReadJournal(after, prefix, options.replay_batch);
  if (!entries.ok()) {
    send("ERROR", entries.status().ToString());
    return;
  }
  for (const JournalEntry& e : *entries) send(e.topic, e.payload);
  const uint64_t covered = entries->size() >= options.replay_batch && !entries->empty()
                               ? entries->back().sequence
                               : std::max(after, store->LastSequence());
  send("END", std::to_string(covered));
  std::lock_guard lock(mu);
  ++counters.replay_requests;
}

namespace {

// The journal request for one event; `event` must outlive the request.
AppendRequest MakeRequest(OutgoingEvent& event,
                          const std::function<std::string(uint64_t, const std::string&,
                                                          const std::function<void(v1::Event&)>&)>&
                              encode) {
  AppendRequest request;
  request.topic = event.topic;
  request.key = event.key ? &*event.key : nullptr;
  request.encode = [&event, encode](const AppendSlot& slot) {
    return encode(slot.sequence, event.topic, [&event, &slot](v1::Event& e) {
      if (Article* a = std::get_if<Article>(&event.payload)) {
        // The journal transaction, not the pipeline, decides which report is first.
        if (!a->story.story_id.empty()) {
          a->story.first_report = slot.first_report;
          a->story.first_article_id = slot.first_article_id;
          if (slot.first_report) a->story.similarity = 1.0;
        }
        *e.mutable_article() = ToProto(*a);
      } else {
        *e.mutable_source_status() = ToProto(std::get<SourceHealthChange>(event.payload));
      }
    });
  };
  return request;
}

}  // namespace

void Publisher::Impl::ProcessBatch(std::deque<OutgoingEvent>& events, size_t begin, size_t end) {
  auto encode = [this](uint64_t sequence, const std::string& topic,
                       const std::function<void(v1::Event&)>& fill) {
    return Encode(sequence, topic, fill);
  };
  std::vector<AppendRequest> requests;
  requests.reserve(end - begin);
  for (size_t i = begin; i < end; ++i) requests.push_back(MakeRequest(events[i], encode));
  auto appended = store->AppendEvents(requests);
  if (appended.ok()) {
    {
      std::lock_guard lock(mu);
      ++counters.batches;
    }
    for (size_t i = begin; i < end; ++i) Finish(events[i], std::move((*appended)[i - begin]));
    return;
  }
  // The batch rolled back as a whole; retry one by one so a single bad event
  // (or a transient lock) costs only itself.
  for (size_t i = begin; i < end; ++i) {
    std::vector<AppendRequest> one{MakeRequest(events[i], encode)};
    auto single = store->AppendEvents(one);
    {
      std::lock_guard lock(mu);
      ++counters.batches;
    }
    if (single.ok()) {
      Finish(events[i], std::move((*single)[0]));
    } else {
      Finish(events[i], single.status());
    }
  }
}

void Publisher::Impl::Finish(OutgoingEvent& event, Result<std::optional<JournalEntry>> appended) {
  bool sent_or_held = false;
  {
    std::lock_guard lock(mu);
    if (!appended.ok()) {
      ++counters.errors;
      counters.last_error = appended.status().ToString();
    } else if (!appended->has_value()) {
      ++counters.duplicates;
    } else {
      ++counters.published;
      counters.last_sequence = (*appended)->sequence;
      sent_or_held = true;
    }
  }
  if (sent_or_held) {
    Emit(Frames{event.topic, std::move((*appended)->payload)});
  }
  if (sent_or_held && holding) {
    ++held_handled;
  } else {
    std::lock_guard lock(mu);
    ++handled;
    handled_cv.notify_all();
  }
}

void Publisher::Impl::MaybePrune() {
  if (!next_prune || clock.Steady() < *next_prune) return;
  const Status s = store->Prune(options.retention);
  {
    std::lock_guard lock(mu);
    if (s.ok()) {
      ++counters.prunes;
    } else {
      counters.last_error = s.ToString();
    }
  }
  next_prune = clock.Steady() + options.prune_interval;
}

void Publisher::Impl::PublishHeartbeat() {
  const std::string topic(kHeartbeatTopic);
  const auto interval_s = static_cast<uint32_t>(
      std::chrono::duration_cast<std::chrono::seconds>(options.heartbeat_interval).count());
  auto appended = store->AppendEvent(topic, nullptr, [&](uint64_t sequence) {
    return Encode(sequence, topic, [&](v1::Event& e) {
      v1::Heartbeat* hb = e.mutable_heartbeat();
      hb->set_last_sequence(sequence - 1);
      hb->set_interval_seconds(interval_s == 0 ? 1 : interval_s);
      *hb->mutable_started_at() = started_at;
    });
  });
  {
    std::lock_guard lock(mu);
    if (!appended.ok() || !appended->has_value()) {
      ++counters.errors;
      counters.last_error =
          appended.ok() ? "heartbeat not journaled" : appended.status().ToString();
      return;
    }
    ++counters.heartbeats;
    counters.last_sequence = (*appended)->sequence;
  }
  Emit(Frames{topic, std::move((*appended)->payload)});
}

void Publisher::Impl::Run() {
  for (;;) {
    const auto now = clock.Steady();
    if (holding && now >= hold_until) ReleaseHeld();
    if (now >= next_heartbeat) {
      PublishHeartbeat();
      next_heartbeat = now + options.heartbeat_interval;
    }

    MaybePrune();  // before the batch: a Flush after a clock change sees the prune done
    std::deque<OutgoingEvent> batch;
    bool stopping = false;
    {
      std::lock_guard lock(mu);
      batch.swap(queue);
      stopping = stop_requested;
    }
    const size_t per_batch = std::max<size_t>(options.max_batch, 1);
    for (size_t begin = 0; begin < batch.size(); begin += per_batch) {
      ProcessBatch(batch, begin, std::min(batch.size(), begin + per_batch));
    }
    if (stopping) {
      // Still inside the startup grace: keep waiting for the first
      // subscriber, or a `--once` run would send its events to nobody.
      std::lock_guard lock(mu);
      if (!queue.empty()) continue;
      if (!holding) break;
    } else if (!batch.empty()) {
      continue;  // more may have arrived meanwhile
    }

    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_heartbeat - now);
    if (holding) {
      wait =
          std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(hold_until - now));
    }
    wait = std::clamp(wait, std::chrono::milliseconds(0), kMaxPollWait);
    zmq::pollitem_t items[] = {{xpub.handle(), 0, ZMQ_POLLIN, 0},
                               {nullptr, wake.fd(), ZMQ_POLLIN, 0},
                               {router.handle(), 0, ZMQ_POLLIN, 0}};
    try {
      zmq::poll(items, router ? 3 : 2, wait);
    } catch (const zmq::error_t&) {
      continue;  // EINTR
    }
    if (items[0].revents & ZMQ_POLLIN) {
      // Subscription messages: byte 1 = subscribe, 0 = unsubscribe, then the prefix.
      zmq::message_t msg;
      bool subscribed = false;
      while (xpub.recv(msg, zmq::recv_flags::dontwait)) {
        if (msg.size() > 0 && static_cast<const uint8_t*>(msg.data())[0] == 1) subscribed = true;
      }
      if (subscribed && holding) ReleaseHeld();
    }
    if (items[1].revents & ZMQ_POLLIN) wake.Drain();
    if (router && (items[2].revents & ZMQ_POLLIN)) ServeReplay();
  }
  ReleaseHeld();
  if (router) router.close();
  xpub.close();  // linger (set at bind) lets queued frames out while the context closes
  std::lock_guard lock(mu);
  stopped = true;
  handled_cv.notify_all();
}

Publisher::Publisher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Publisher::~Publisher() { Stop(); }

Status Publisher::ReloadAllowFile() { return impl_->zap ? impl_->zap->Reload() : Status::Ok(); }

Result<std::unique_ptr<Publisher>> Publisher::Start(PublisherOptions options, const Clock& clock) {
  auto impl = std::make_unique<Impl>(std::move(options), clock);
  if (impl->wake.fd() < 0) return IoError("publisher: eventfd failed");
  auto store = StateStore::Open(impl->options.state_db, clock);
  if (!store.ok()) return store.status().WithContext("publisher state");
  impl->store = std::move(store).value();

  std::optional<CurveKeyPair> curve;
  if (!impl->options.curve_secret_key_file.empty()) {
    if (impl->options.curve_allow_file.empty()) {
      return InvalidArgument("publisher: CURVE needs an allow file of subscriber keys");
    }
    auto keys = ReadCurveSecretKeyFile(impl->options.curve_secret_key_file);
    if (!keys.ok()) return keys.status();
    auto zap = ZapHandler::StartWithAllowFile(impl->context, impl->options.curve_allow_file);
    if (!zap.ok()) return zap.status();
    impl->zap = std::move(zap).value();
    curve = std::move(keys).value();
  }

  std::string bound;
  try {
    impl->xpub = zmq::socket_t(impl->context, zmq::socket_type::xpub);
    if (curve) NW_RETURN_IF_ERROR(ApplyCurveServer(impl->xpub, *curve));
    impl->xpub.set(zmq::sockopt::sndhwm, impl->options.sndhwm);
    impl->xpub.set(zmq::sockopt::linger, static_cast<int>(impl->options.linger.count()));
    impl->xpub.bind(impl->options.endpoint);
    bound = impl->xpub.get(zmq::sockopt::last_endpoint);
  } catch (const zmq::error_t& e) {
    const std::string why = e.num() == EADDRINUSE ? "address already in use" : e.what();
    return Unavailable("publisher: cannot bind " + impl->options.endpoint + ": " + why);
  }
  std::string replay_bound;
  if (!impl->options.replay_endpoint.empty()) {
    if (impl->options.replay_batch == 0) return InvalidArgument("publisher: replay_batch is 0");
    try {
      impl->router = zmq::socket_t(impl->context, zmq::socket_type::router);
      if (curve) NW_RETURN_IF_ERROR(ApplyCurveServer(impl->router, *curve));
      // Room for a few full pages per client; beyond that ROUTER drops, never blocks.
      impl->router.set(zmq::sockopt::sndhwm, static_cast<int>(std::min<size_t>(
                                                 impl->options.replay_batch * 8 + 64, 1000000)));
      impl->router.set(zmq::sockopt::linger, 0);
      impl->router.bind(impl->options.replay_endpoint);
      replay_bound = impl->router.get(zmq::sockopt::last_endpoint);
    } catch (const zmq::error_t& e) {
      const std::string why = e.num() == EADDRINUSE ? "address already in use" : e.what();
      return Unavailable("publisher: cannot bind replay endpoint " + impl->options.replay_endpoint +
                         ": " + why);
    }
  }

  const auto now = clock.Steady();
  impl->hold_until = now + impl->options.startup_grace;
  impl->holding = impl->options.startup_grace.count() > 0;
  impl->next_heartbeat = now + impl->options.heartbeat_interval;
  if (impl->options.prune_interval.count() > 0) impl->next_prune = now;
  impl->started_at = ToProto(Timestamp{ToUnixSeconds(clock.Now()), 0});
  impl->counters.last_sequence = impl->store->LastSequence();

  std::unique_ptr<Publisher> publisher(new Publisher(std::move(impl)));
  publisher->endpoint_ = std::move(bound);
  publisher->replay_endpoint_ = std::move(replay_bound);
  Impl* raw = publisher->impl_.get();
  raw->thread = std::thread([raw] { raw->Run(); });
  return publisher;
}

void Publisher::Publish(OutgoingEvent event) {
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->stop_requested) {
      ++impl_->counters.rejected;
      return;
    }
    impl_->queue.push_back(std::move(event));
    ++impl_->counters.enqueued;
  }
  impl_->wake.Signal();
}

Status Publisher::Flush(std::chrono::milliseconds bound) {
  std::unique_lock lock(impl_->mu);
  const uint64_t target = impl_->counters.enqueued;
  const bool done = impl_->handled_cv.wait_for(
      lock, bound, [&] { return impl_->handled >= target || impl_->stopped; });
  if (impl_->handled >= target) return Status::Ok();
  if (done) return Unavailable("publisher stopped with events unsent");
  return TimeoutError("publisher flush: " + std::to_string(target - impl_->handled) +
                      " events still pending after " + std::to_string(bound.count()) + " ms");
}

void Publisher::Stop() {
  if (!impl_) return;
  {
    std::lock_guard lock(impl_->mu);
    impl_->stop_requested = true;
  }
  impl_->wake.Signal();
  if (impl_->thread.joinable()) impl_->thread.join();
}

PublisherCounters Publisher::counters() const {
  std::lock_guard lock(impl_->mu);
  return impl_->counters;
}

}  // namespace newswatch

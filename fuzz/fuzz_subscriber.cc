// libFuzzer target: newswatch::Subscriber against a hostile publisher. The input, split at
// "\xff\xff", is [live topic, live payload, then replay answer frames in pairs]; a fake
// publisher (XPUB + a ROUTER thread on loopback) sends the live message and answers every
// REPLAY request with the pairs (an "END" pair ends a page, or the subscriber times out).
// Oracles: no crash, no sanitizer report; Next returns strictly increasing sequences, each
// above the cursor it started from; cursor() never goes back.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include "subscriber/subscriber.h"

namespace {

using std::chrono::milliseconds;

struct FakePublisher {
  zmq::context_t context{1};
  zmq::socket_t xpub{context, zmq::socket_type::xpub};
  std::string pub_endpoint, replay_endpoint;
  std::mutex mu;
  std::vector<std::string> replay_frames;  // the current input's answer

  FakePublisher() {
    xpub.set(zmq::sockopt::linger, 0);
    xpub.set(zmq::sockopt::xpub_verbose, 1);
    xpub.bind("tcp://127.0.0.1:*");
    pub_endpoint = xpub.get(zmq::sockopt::last_endpoint);
    zmq::socket_t router(context, zmq::socket_type::router);
    router.set(zmq::sockopt::linger, 0);
    router.bind("tcp://127.0.0.1:*");
    replay_endpoint = router.get(zmq::sockopt::last_endpoint);
    std::thread([this, r = std::move(router)]() mutable { Serve(r); }).detach();
  }

  void Serve(zmq::socket_t& router) {
    for (;;) {
      std::vector<zmq::message_t> request;
      zmq::message_t part;
      do {
        if (!router.recv(part)) return;
        request.push_back(std::move(part));
      } while (request.back().more());
      std::vector<std::string> frames;
      {
        std::lock_guard lock(mu);
        frames = replay_frames;
      }
      for (size_t i = 0; i + 1 < frames.size(); i += 2) {
        router.send(zmq::buffer(request[0].to_string()), zmq::send_flags::sndmore);
        router.send(zmq::buffer(frames[i]), zmq::send_flags::sndmore);
        router.send(zmq::buffer(frames[i + 1]));
      }
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newswatch;
  static FakePublisher* fake = new FakePublisher();  // lives for the whole run
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> parts;
  for (size_t from = 0;;) {
    const size_t at = input.find("\xff\xff", from);
    parts.emplace_back(input.substr(from, at == std::string_view::npos ? at : at - from));
    if (at == std::string_view::npos) break;
    from = at + 2;
  }
  if (parts.size() < 2) return 0;
  {
    std::lock_guard lock(fake->mu);
    fake->replay_frames.assign(parts.begin() + 2, parts.end());
  }
  SubscriberOptions options;
  options.endpoint = fake->pub_endpoint;
  options.replay_endpoint = fake->replay_endpoint;
  options.replay_timeout = milliseconds(30);
  auto created = Subscriber::Create(options);
  if (!created.ok()) std::abort();
  Subscriber& sub = **created;
  uint64_t last = 0, cursor = sub.cursor();
  auto check = [&](const std::optional<v1::Event>& e) {
    if (e) {
      if (e->sequence() <= last || e->sequence() <= options.from_sequence) std::abort();
      last = e->sequence();
    }
    if (sub.cursor() < cursor) std::abort();
    cursor = sub.cursor();
    return e.has_value();
  };
  while (check(sub.Next(milliseconds(0)))) {
  }
  // Wait for the subscriptions (verbose XPUB passes each one), then send the live message.
  zmq::pollitem_t item{fake->xpub.handle(), 0, ZMQ_POLLIN, 0};
  for (int i = 0; i < 2 && zmq::poll(&item, 1, milliseconds(1000)) == 1; ++i) {
    zmq::message_t m;
    (void)fake->xpub.recv(m, zmq::recv_flags::dontwait);
  }
  fake->xpub.send(zmq::buffer(parts[0]), zmq::send_flags::sndmore);
  fake->xpub.send(zmq::buffer(parts[1]));
  for (int i = 0; i < 3; ++i) check(sub.Next(milliseconds(5)));
  return 0;
}

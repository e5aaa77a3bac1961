// CURVE end to end on real ZeroMQ TCP sockets: an XPUB (the publish endpoint) and a ROUTER
// (the replay endpoint) made CURVE servers, guarded by a ZapHandler reading an allow file.
// Waiting is on events (subscriptions arriving at the XPUB, handshake events from a socket
// monitor), each with a bounded timeout; nothing sleeps.
#include "daemon/security/zap_handler.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zmq.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <zmq.hpp>

#include "daemon/security/curve_keys.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// Receives one multi-frame message within `timeout`, or nullopt.
std::optional<std::vector<std::string>> Receive(zmq::socket_t& s, std::chrono::milliseconds timeout) {
  zmq::pollitem_t item{s.handle(), 0, ZMQ_POLLIN, 0};
  zmq::poll(&item, 1, timeout);
  if (!(item.revents & ZMQ_POLLIN)) return std::nullopt;
  std::vector<std::string> frames;
  for (;;) {
    zmq::message_t m;
    if (!s.recv(m, zmq::recv_flags::dontwait)) break;
    frames.push_back(m.to_string());
    if (!m.more()) break;
  }
  return frames;
}

// Watches a client socket's handshakes through zmq_socket_monitor.
class HandshakeMonitor {
 public:
  HandshakeMonitor(zmq::context_t& ctx, zmq::socket_t& socket, const std::string& name)
      : endpoint_("inproc://monitor-" + name) {
    EXPECT_EQ(zmq_socket_monitor(socket.handle(), endpoint_.c_str(),
                                 ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH |
                                     ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL |
                                     ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL),
              0);
    pair_ = zmq::socket_t(ctx, zmq::socket_type::pair);
    pair_.connect(endpoint_);
  }
  // The next handshake event (ZMQ_EVENT_*), or 0 on timeout.
  int Next(std::chrono::milliseconds timeout) {
    auto frames = Receive(pair_, timeout);
    if (!frames || frames->empty() || (*frames)[0].size() < 2) return 0;
    uint16_t event = 0;
    std::memcpy(&event, (*frames)[0].data(), 2);
    return event;
  }

 private:
  std::string endpoint_;
  zmq::socket_t pair_;
};

class ZapHandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("nw-zap-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    server_keys_ = *GenerateCurveKeyPair();
    allowed_keys_ = *GenerateCurveKeyPair();
    unknown_keys_ = *GenerateCurveKeyPair();
    WriteAllowFile({allowed_keys_.public_key});
  }
  void TearDown() override { fs::remove_all(dir_); }

  void WriteAllowFile(const std::vector<std::string>& keys) {
    std::ofstream out(dir_ / "allow");
    out << "# test subscribers\n";
    for (const auto& k : keys) out << k << " test\n";
  }

  // A CURVE SUB in the client context subscribed to `topic` (not yet connected).
  zmq::socket_t Subscriber(const CurveKeyPair& keys, const std::string& topic = "") {
    zmq::socket_t sub(client_ctx_, zmq::socket_type::sub);
    sub.set(zmq::sockopt::linger, 0);
    EXPECT_TRUE(ApplyCurveClient(sub, keys, server_keys_.public_key).ok());
    sub.set(zmq::sockopt::subscribe, topic);
    return sub;
  }

  fs::path dir_;
  CurveKeyPair server_keys_, allowed_keys_, unknown_keys_;
  zmq::context_t server_ctx_;
  zmq::context_t client_ctx_;
};

TEST_F(ZapHandlerTest, AllowedKeyReceivesUnknownKeyGetsNothingReloadAdmitsIt) {
  auto zap = ZapHandler::StartWithAllowFile(server_ctx_, dir_ / "allow");
  ASSERT_TRUE(zap.ok()) << zap.status().ToString();
  zmq::socket_t xpub(server_ctx_, zmq::socket_type::xpub);
  xpub.set(zmq::sockopt::linger, 0);
  ASSERT_TRUE(ApplyCurveServer(xpub, server_keys_).ok());
  xpub.bind("tcp://127.0.0.1:*");
  const std::string endpoint = xpub.get(zmq::sockopt::last_endpoint);

  zmq::socket_t unknown = Subscriber(unknown_keys_);
  HandshakeMonitor unknown_monitor(client_ctx_, unknown, "unknown");
  unknown.connect(endpoint);
  // The unknown key's handshake is refused by the ZAP handler.
  EXPECT_EQ(unknown_monitor.Next(10s), ZMQ_EVENT_HANDSHAKE_FAILED_AUTH);

  zmq::socket_t allowed = Subscriber(allowed_keys_);
  allowed.connect(endpoint);
  // Only the allowed subscriber's subscription reaches the publisher.
  auto subscription = Receive(xpub, 10s);
  ASSERT_TRUE(subscription.has_value());
  EXPECT_EQ((*subscription)[0], std::string("\x01", 1));
  xpub.send(zmq::str_buffer("article.x"), zmq::send_flags::sndmore);
  xpub.send(zmq::str_buffer("payload-1"), zmq::send_flags::none);
  auto got = Receive(allowed, 10s);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, (std::vector<std::string>{"article.x", "payload-1"}));
  // The event was sent after the unknown key was refused: it holds nothing.
  EXPECT_FALSE(Receive(unknown, 0ms).has_value());
  EXPECT_FALSE(Receive(xpub, 0ms).has_value()) << "a second subscription arrived";
  EXPECT_GE((*zap)->counters().denied, 1u);
  EXPECT_GE((*zap)->counters().admitted, 1u);

  // Reload with the second key: a new connection with it is admitted and subscribes. (libzmq
  // does not retry a handshake the ZAP handler refused, so the client connects again.)
  WriteAllowFile({allowed_keys_.public_key, unknown_keys_.public_key});
  ASSERT_TRUE((*zap)->Reload().ok());
  // A prefix of its own: the XPUB passes up only subscriptions it has not seen yet.
  zmq::socket_t admitted = Subscriber(unknown_keys_, "article.");
  HandshakeMonitor admitted_monitor(client_ctx_, admitted, "admitted");
  admitted.connect(endpoint);
  EXPECT_EQ(admitted_monitor.Next(10s), ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
  auto second = Receive(xpub, 10s);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ((*second)[0], "\x01" "article.");
  xpub.send(zmq::str_buffer("article.y"), zmq::send_flags::sndmore);
  xpub.send(zmq::str_buffer("payload-2"), zmq::send_flags::none);
  auto late = Receive(admitted, 10s);
  ASSERT_TRUE(late.has_value());
  EXPECT_EQ(*late, (std::vector<std::string>{"article.y", "payload-2"}));
  EXPECT_TRUE(Receive(allowed, 10s).has_value());
  EXPECT_EQ((*zap)->counters().reloads, 1u);
}

TEST_F(ZapHandlerTest, BadAllowFileOnReloadKeepsTheOldKeys) {
  auto zap = ZapHandler::StartWithAllowFile(server_ctx_, dir_ / "allow");
  ASSERT_TRUE(zap.ok());
  std::ofstream(dir_ / "allow") << "garbage line\n";
  const Status reload = (*zap)->Reload();
  EXPECT_EQ(reload.kind(), ErrorKind::kConfig);
  EXPECT_EQ((*zap)->counters().reloads, 0u);

  zmq::socket_t xpub(server_ctx_, zmq::socket_type::xpub);
  xpub.set(zmq::sockopt::linger, 0);
  ASSERT_TRUE(ApplyCurveServer(xpub, server_keys_).ok());
  xpub.bind("tcp://127.0.0.1:*");
  const std::string endpoint = xpub.get(zmq::sockopt::last_endpoint);
  zmq::socket_t allowed = Subscriber(allowed_keys_);
  allowed.connect(endpoint);
  EXPECT_TRUE(Receive(xpub, 10s).has_value()) << "the old allow set no longer admits";
}

TEST_F(ZapHandlerTest, PlainClientWithoutCurveNeverSubscribes) {
  auto zap = ZapHandler::StartWithAllowFile(server_ctx_, dir_ / "allow");
  ASSERT_TRUE(zap.ok());
  zmq::socket_t xpub(server_ctx_, zmq::socket_type::xpub);
  xpub.set(zmq::sockopt::linger, 0);
  ASSERT_TRUE(ApplyCurveServer(xpub, server_keys_).ok());
  xpub.bind("tcp://127.0.0.1:*");
  const std::string endpoint = xpub.get(zmq::sockopt::last_endpoint);
  zmq::socket_t plain(client_ctx_, zmq::socket_type::sub);
  plain.set(zmq::sockopt::linger, 0);
  plain.set(zmq::sockopt::subscribe, "");
  HandshakeMonitor monitor(client_ctx_, plain, "plain");
  plain.connect(endpoint);
  const int event = monitor.Next(10s);
  EXPECT_TRUE(event == ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL ||
              event == ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL)
      << event;
  EXPECT_FALSE(Receive(xpub, 0ms).has_value());
}

TEST_F(ZapHandlerTest, ReplayRouterAnswersOnlyAnAllowedDealer) {
  auto zap = ZapHandler::StartWithAllowFile(server_ctx_, dir_ / "allow");
  ASSERT_TRUE(zap.ok());
  zmq::socket_t router(server_ctx_, zmq::socket_type::router);
  router.set(zmq::sockopt::linger, 0);
  ASSERT_TRUE(ApplyCurveServer(router, server_keys_).ok());
  router.bind("tcp://127.0.0.1:*");
  const std::string endpoint = router.get(zmq::sockopt::last_endpoint);

  zmq::socket_t stranger(client_ctx_, zmq::socket_type::dealer);
  stranger.set(zmq::sockopt::linger, 0);
  ASSERT_TRUE(ApplyCurveClient(stranger, unknown_keys_, server_keys_.public_key).ok());
  HandshakeMonitor monitor(client_ctx_, stranger, "stranger");
  stranger.connect(endpoint);
  stranger.send(zmq::str_buffer("REPLAY-stranger"), zmq::send_flags::dontwait);
  EXPECT_EQ(monitor.Next(10s), ZMQ_EVENT_HANDSHAKE_FAILED_AUTH);

  zmq::socket_t dealer(client_ctx_, zmq::socket_type::dealer);
  dealer.set(zmq::sockopt::linger, 0);
  ASSERT_TRUE(ApplyCurveClient(dealer, allowed_keys_, server_keys_.public_key).ok());
  dealer.connect(endpoint);
  dealer.send(zmq::str_buffer("REPLAY-friend"), zmq::send_flags::none);
  auto request = Receive(router, 10s);
  ASSERT_TRUE(request.has_value());
  ASSERT_EQ(request->size(), 2u);  // routing id, body
  EXPECT_EQ((*request)[1], "REPLAY-friend");
  EXPECT_FALSE(Receive(router, 0ms).has_value()) << "the stranger's request got through";
}

TEST_F(ZapHandlerTest, SecondHandlerInTheSameContextIsUnavailable) {
  auto first = ZapHandler::Start(server_ctx_, {});
  ASSERT_TRUE(first.ok());
  auto second = ZapHandler::Start(server_ctx_, {});
  EXPECT_EQ(second.status().kind(), ErrorKind::kUnavailable);
  (*first)->Stop();
  (*first)->Stop();  // idempotent
  EXPECT_TRUE(ZapHandler::Start(server_ctx_, {}).ok()) << "Stop did not unbind";
}

}  // namespace
}  // namespace newswatch

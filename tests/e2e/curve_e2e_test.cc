// CURVE on newswatchd's publish endpoint: keys made with `newswatch keygen`,
// a subscriber whose public key is in the allow file receives the events, a
// subscriber with an unknown key receives nothing.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <zmq.hpp>

#include "daemon/publish/event_codec.h"
#include "daemon/security/curve_keys.h"
#include "tests/e2e/child_process.h"
#include "tests/e2e/daemon_once.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::ChildProcess;

TEST(CurveE2eTest, OnlyAllowedSubscriberKeysReceiveEvents) {
  const fs::path dir =
      fs::temp_directory_path() / ("newswatch-curve-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);

  // Server and subscriber keys through the real CLI.
  for (const char* base : {"server", "allowed", "stranger"}) {
    ChildProcess keygen({NW_BINARY_DIR "/daemon/app/newswatch", "keygen", (dir / base).string()});
    ASSERT_EQ(keygen.WaitForExit(30s), 0) << keygen.output();
  }
  auto server_pub = ReadCurveKeyFile(dir / "server.pub", false);
  auto allowed = ReadCurveSecretKeyFile(dir / "allowed.key");
  auto stranger = ReadCurveSecretKeyFile(dir / "stranger.key");
  ASSERT_TRUE(server_pub.ok() && allowed.ok() && stranger.ok());
  std::ofstream(dir / "subscribers.allow") << "# analysts\n" << allowed->public_key << "\n";

  std::ofstream(dir / "newswatch.yaml")
      << "daemon:\n  state_dir: " << (dir / "state").string()
      << "\n  publish: tcp://127.0.0.1:*\n  replay: tcp://127.0.0.1:*\n  metrics: \"\"\n"
      << "  startup_grace: 20s\n  curve_secret_key_file: server.key\n"
      << "  curve_allow_file: subscribers.allow\nprofiles:\n  - " << NW_SOURCE_DIR
      << "/config/topics/metaverse-policy.yaml\nsources:\n  - id: demo\n    type: spool\n"
      << "    path: " << NW_SOURCE_DIR << "/config/demo/spool\n";

  ChildProcess daemon({NW_BINARY_DIR "/daemon/app/newswatchd", "--config",
                       (dir / "newswatch.yaml").string()});
  auto endpoint = testing::WaitForPublishEndpoint(daemon, 30s);
  ASSERT_TRUE(endpoint.has_value()) << daemon.output();

  zmq::context_t ctx;
  zmq::socket_t unknown(ctx, zmq::socket_type::sub);
  ASSERT_TRUE(ApplyCurveClient(unknown, *stranger, *server_pub).ok());
  unknown.set(zmq::sockopt::subscribe, "");
  unknown.connect(*endpoint);
  zmq::socket_t plain(ctx, zmq::socket_type::sub);  // no CURVE at all
  plain.set(zmq::sockopt::subscribe, "");
  plain.connect(*endpoint);
  zmq::socket_t good(ctx, zmq::socket_type::sub);
  ASSERT_TRUE(ApplyCurveClient(good, *allowed, *server_pub).ok());
  good.set(zmq::sockopt::subscribe, "");
  good.connect(*endpoint);

  // The allowed subscriber receives the demo spool's relevant articles.
  int articles = 0;
  while (articles < 2) {
    zmq::pollitem_t item{good.handle(), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, 30s);
    ASSERT_TRUE(item.revents & ZMQ_POLLIN) << "allowed subscriber got nothing:\n" << daemon.output();
    zmq::message_t topic, payload;
    ASSERT_TRUE(good.recv(topic));
    ASSERT_TRUE(good.recv(payload));
    auto event = ParseEvent(payload.to_string_view());
    ASSERT_TRUE(event.ok());
    if (event->has_article()) ++articles;
  }
  // Everything was sent by now; the other two never completed a handshake.
  daemon.Signal(SIGTERM);
  ASSERT_EQ(daemon.WaitForExit(30s), 0) << daemon.output();
  zmq::message_t msg;
  EXPECT_FALSE(unknown.recv(msg, zmq::recv_flags::dontwait));
  EXPECT_FALSE(plain.recv(msg, zmq::recv_flags::dontwait));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace newswatch

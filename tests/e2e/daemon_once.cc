#include "tests/e2e/daemon_once.h"

#include <gtest/gtest.h>

#include <regex>
#include <zmq.hpp>

#include "daemon/publish/event_codec.h"
#include "daemon/store/state_store.h"

namespace newswatch::testing {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

std::optional<std::string> WaitForPublishEndpoint(ChildProcess& daemon,
                                                  std::chrono::milliseconds timeout) {
  auto line = daemon.WaitForLine("publishing on ", timeout);
  if (!line) return std::nullopt;
  std::smatch m;
  const std::string text = *line;
  if (!std::regex_search(text, m, std::regex("tcp://[0-9.]+:[0-9]+"))) return std::nullopt;
  return m.str();
}

uint64_t JournalLastSequence(const fs::path& state_db) {
  if (!fs::exists(state_db)) return 0;
  auto store = StateStore::Open(state_db);
  return store.ok() ? (*store)->LastSequence() : 0;
}

std::string TestConfigHead(const std::string& id, const fs::path& state_dir) {
  return "daemon:\n"
         "  id: " + id + "\n"
         "  state_dir: " + state_dir.string() + "\n"
         "  publish: tcp://127.0.0.1:*\n"
         "  metrics: 127.0.0.1:0\n"
         "  replay: tcp://127.0.0.1:*\n"
         "  startup_grace: 20s\n"
         "  heartbeat_interval: 1s\n"
         "  per_host_gap: 0s\n"
         "profiles:\n"
         "  - " NW_SOURCE_DIR "/config/topics/metaverse-policy.yaml\n"
         "sources:\n";
}

int FreeLoopbackPort() {
  zmq::context_t ctx;
  zmq::socket_t s(ctx, zmq::socket_type::pub);
  s.set(zmq::sockopt::linger, 0);
  s.bind("tcp://127.0.0.1:*");
  const std::string ep = s.get(zmq::sockopt::last_endpoint);
  return std::stoi(ep.substr(ep.rfind(':') + 1));
}

std::string XmlEscape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

OnceRun RunDaemonOnce(const fs::path& config, const fs::path& state_db,
                      const std::vector<std::string>& extra_args) {
  OnceRun run;
  const uint64_t before = JournalLastSequence(state_db);
  std::vector<std::string> argv = {NW_BINARY_DIR "/daemon/app/newswatchd", "--config",
                                   config.string(), "--once"};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  ChildProcess daemon(argv);
  auto endpoint = WaitForPublishEndpoint(daemon, 30s);
  if (!endpoint) {
    ADD_FAILURE() << "newswatchd printed no endpoint:\n" << daemon.output();
    daemon.WaitForExit(30s);
    run.output = daemon.output();
    return run;
  }
  zmq::context_t ctx;
  zmq::socket_t sub(ctx, zmq::socket_type::sub);
  sub.set(zmq::sockopt::subscribe, "");
  sub.connect(*endpoint);  // the daemon holds its events until this subscription arrives
  auto code = daemon.WaitForExit(60s);
  EXPECT_TRUE(code.has_value()) << daemon.output();
  run.exit_code = code.value_or(-1);
  run.output = daemon.output();
  const uint64_t after = JournalLastSequence(state_db);
  uint64_t seen = before;
  while (seen < after) {
    zmq::pollitem_t item{sub.handle(), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, 30s);
    if (!(item.revents & ZMQ_POLLIN)) {
      ADD_FAILURE() << "events " << seen + 1 << ".." << after << " never arrived; output:\n"
                    << run.output;
      break;
    }
    zmq::message_t topic, payload;
    EXPECT_TRUE(sub.recv(topic));
    EXPECT_TRUE(sub.recv(payload));
    auto event = ParseEvent(payload.to_string_view());
    EXPECT_TRUE(event.ok());
    if (!event.ok()) break;
    EXPECT_EQ(event->topic(), topic.to_string_view());
    seen = std::max<uint64_t>(seen, event->sequence());
    if (event->has_article()) run.articles.push_back(*event);
  }
  return run;
}

}  // namespace newswatch::testing

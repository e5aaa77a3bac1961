// newswatch tail ENDPOINT: subscribe to a publisher and print events as JSON lines.
// Without --from / --replay / --first-reports-only it is a plain SUB socket
// (what arrives live is printed). With any of them it uses the gap-free
// newswatch::Subscriber: catch-up from the journal after SEQ, gap filling from
// the replay endpoint, de-duplication by sequence.
#include <iostream>
#include <zmq.hpp>

#include "daemon/cli/commands.h"
#include "daemon/publish/event_codec.h"
#include "subscriber/subscriber.h"

namespace newswatch::cli {
namespace {

struct TailOptions {
  std::string endpoint;
  std::vector<std::string> topics;
  int64_t count = 0;     // 0: unlimited
  double timeout_s = 0;  // 0: no limit
  int64_t from = -1;     // -1: live only
  std::string replay;    // "" with --from: the publish endpoint's port + 1
  bool first_reports_only = false;
};

// "tcp://host:5556" -> "tcp://host:5557": the daemon's default layout.
std::string NextPortEndpoint(const std::string& endpoint) {
  const size_t colon = endpoint.rfind(':');
  if (colon == std::string::npos) return "";
  const std::string port = endpoint.substr(colon + 1);
  if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos) return "";
  return endpoint.substr(0, colon + 1) + std::to_string(std::stoi(port) + 1);
}

int Finish(const TailOptions& opts, int64_t received) {
  if (opts.count > 0 && received < opts.count) {
    std::cerr << "newswatch tail: timed out after " << received << " of " << opts.count
              << " events\n";
    return 1;
  }
  return 0;
}

int RunWithSubscriber(const TailOptions& opts) {
  SubscriberOptions so;
  so.endpoint = opts.endpoint;
  so.replay_endpoint = opts.replay.empty() ? NextPortEndpoint(opts.endpoint) : opts.replay;
  so.topics = opts.topics;
  so.from_sequence = opts.from < 0 ? 0 : static_cast<uint64_t>(opts.from);
  so.first_reports_only = opts.first_reports_only;
  auto subscriber = Subscriber::Create(so);
  if (!subscriber.ok()) {
    std::cerr << "newswatch tail: " << subscriber.status().message() << "\n";
    return 2;
  }
  using Clock = std::chrono::steady_clock;
  const auto deadline =
      Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(opts.timeout_s * 1000));
  int64_t received = 0;
  while (opts.count == 0 || received < opts.count) {
    auto wait = std::chrono::milliseconds(1000);
    if (opts.timeout_s > 0) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) break;
      wait = std::min(wait, left);
    }
    auto event = (*subscriber)->Next(wait);
    if (!event) continue;
    std::cout << EventToJson(*event) << std::endl;
    ++received;
  }
  return Finish(opts, received);
}

int RunLive(const TailOptions& opts) {
  zmq::context_t context;
  zmq::socket_t sub(context, zmq::socket_type::sub);
  try {
    sub.connect(opts.endpoint);
  } catch (const zmq::error_t& e) {
    std::cerr << "newswatch tail: cannot connect to " << opts.endpoint << ": " << e.what() << "\n";
    return 2;
  }
  if (opts.topics.empty()) {
    sub.set(zmq::sockopt::subscribe, "");
  } else {
    for (const std::string& t : opts.topics) sub.set(zmq::sockopt::subscribe, t);
  }
  using Clock = std::chrono::steady_clock;
  const auto deadline =
      Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(opts.timeout_s * 1000));
  int64_t received = 0;
  while (opts.count == 0 || received < opts.count) {
    long wait_ms = -1;
    if (opts.timeout_s > 0) {
      wait_ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (wait_ms <= 0) break;
    }
    zmq::pollitem_t item{sub.handle(), 0, ZMQ_POLLIN, 0};
    zmq::poll(&item, 1, std::chrono::milliseconds(wait_ms));
    if (!(item.revents & ZMQ_POLLIN)) continue;
    zmq::message_t topic, payload;
    if (!sub.recv(topic) || !topic.more() || !sub.recv(payload)) continue;
    while (payload.more()) {  // tolerate extra frames from future versions
      zmq::message_t extra;
      if (!sub.recv(extra)) break;
    }
    auto event = ParseEvent(payload.to_string_view());
    if (!event.ok()) {
      std::cerr << "newswatch tail: undecodable event on topic '" << topic.to_string_view()
                << "': " << event.status().message() << "\n";
      continue;
    }
    std::cout << EventToJson(*event) << std::endl;
    ++received;
  }
  return Finish(opts, received);
}

}  // namespace

void AddTailCommand(CLI::App& app, CommandContext& ctx) {
  auto opts = std::make_shared<TailOptions>();
  CLI::App* cmd =
      app.add_subcommand("tail", "Subscribe to a newswatchd publisher and print events");
  cmd->add_option("endpoint", opts->endpoint, "ZeroMQ endpoint, e.g. tcp://127.0.0.1:5556")
      ->required();
  cmd->add_option("-t,--topic", opts->topics, "Topic prefix (repeatable; default: everything)");
  cmd->add_option("-n,--count", opts->count, "Exit after this many events")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--timeout", opts->timeout_s, "Give up after this many seconds")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--from", opts->from,
                  "Start after this sequence (0: the oldest journaled event), replaying the "
                  "journal and filling gaps")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--replay", opts->replay,
                  "The daemon's replay endpoint (default: the publish endpoint's port + 1)");
  cmd->add_flag("--first-reports-only", opts->first_reports_only,
                "Print only the first report of each story (reposts are skipped)");
  cmd->callback([opts, &ctx] {
    const bool gap_free = opts->from >= 0 || !opts->replay.empty() || opts->first_reports_only;
    ctx.exit_code = gap_free ? RunWithSubscriber(*opts) : RunLive(*opts);
  });
}

}  // namespace newswatch::cli

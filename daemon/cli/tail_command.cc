// newswatch tail ENDPOINT: subscribe to a publisher and print events as JSON lines.
#include <iostream>
#include <zmq.hpp>

#include "daemon/cli/commands.h"
#include "daemon/publish/event_codec.h"

namespace newswatch::cli {
namespace {

struct TailOptions {
  std::string endpoint;
  std::vector<std::string> topics;
  int64_t count = 0;       // 0: unlimited
  double timeout_s = 0;    // 0: no limit
};

int Run(const TailOptions& opts) {
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
  const auto deadline = Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(opts.timeout_s * 1000));
  int64_t received = 0;
  while (opts.count == 0 || received < opts.count) {
    long wait_ms = -1;
    if (opts.timeout_s > 0) {
      wait_ms = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
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
  if (opts.count > 0 && received < opts.count) {
    std::cerr << "newswatch tail: timed out after " << received << " of " << opts.count
              << " events\n";
    return 1;
  }
  return 0;
}

}  // namespace

void AddTailCommand(CLI::App& app, CommandContext& ctx) {
  auto opts = std::make_shared<TailOptions>();
  CLI::App* cmd = app.add_subcommand("tail", "Subscribe to a newswatchd publisher and print events");
  cmd->add_option("endpoint", opts->endpoint, "ZeroMQ endpoint, e.g. tcp://127.0.0.1:5556")
      ->required();
  cmd->add_option("-t,--topic", opts->topics, "Topic prefix (repeatable; default: everything)");
  cmd->add_option("-n,--count", opts->count, "Exit after this many events")->check(CLI::NonNegativeNumber);
  cmd->add_option("--timeout", opts->timeout_s, "Give up after this many seconds")
      ->check(CLI::NonNegativeNumber);
  cmd->callback([opts, &ctx] { ctx.exit_code = Run(*opts); });
}

}  // namespace newswatch::cli

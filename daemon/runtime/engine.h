// Engine: the running daemon. Owns the sources and their schedule, the HTTP
// fetcher, the pipeline and the publisher, and wires them together:
//
//   engine thread:  scheduler -> Source::StartPoll -> HttpFetcher (curl multi,
//                   many transfers in flight) -> Source::OnFetched -> Articles
//   pipeline pool:  PipelineRunner workers run the stages on each Article
//   publisher:      its own thread journals, sequences and sends on ZeroMQ
//
// Thread-safety: Run() is called once, from one thread (which becomes the
// engine thread); Stop() may be called from any thread (e.g. a signal thread).
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "daemon/config/daemon_config.h"
#include "daemon/core/clock.h"
#include "daemon/core/result.h"

namespace newswatch {

// Command-line overrides of the configuration.
struct EngineOverrides {
  std::string publish_endpoint;  // --publish
  std::string replay_endpoint;   // --replay
  std::string state_dir;         // --state
  std::string metrics_address;   // --metrics HOST:PORT
  bool once = false;             // --once: poll every source once, publish, exit
};

// Exit codes of newswatchd (documented in the README).
enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 2,          // bad command line
  kExitConfig = 3,         // configuration invalid
  kExitStartup = 4,        // could not start (endpoint in use, state dir unusable)
  kExitSourcesFailed = 5,  // --once: at least one source failed (the others were published)
};

class Engine {
 public:
  // Builds every part from a validated configuration: sources, profiles,
  // state store, publisher (binds the endpoint). Fails with kConfig for a
  // source or profile only its builder can judge, kUnavailable/kIo when the
  // endpoint or the state directory cannot be used.
  // The sources' configurations move into the engine (`config.sources` is
  // left empty in its copy).
  static Result<std::unique_ptr<Engine>> Create(DaemonConfig config,
                                                const EngineOverrides& overrides,
                                                const Clock& clock = SystemClock::Instance());
  ~Engine();

  // Runs until Stop() (or, with --once, until every source was polled once
  // and everything was published). Returns an ExitCode.
  int Run();
  // Asks Run() to finish: in-flight work drains within the configured bound.
  void Stop();
  // Asks Run() to reload the configuration file (SIGHUP): sources added,
  // removed or changed, profiles recompiled, keeping fetch state, queued work
  // and the sockets. A file that fails validation is rejected with its reasons
  // (logged) and the running configuration stays. Thread-safe.
  void Reload();

  // The bound publish endpoint (useful with tcp://127.0.0.1:*).
  std::string publish_endpoint() const;

 private:
  struct Impl;
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace newswatch

// newswatchd: the newswatch daemon. See README.md "Running the daemon".
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <iostream>
#include <thread>

#include "daemon/config/daemon_config.h"
#include "daemon/runtime/engine.h"
#include "daemon/service/logging.h"
#include "daemon/service/systemd_notify.h"
#include "daemon/sources/source_registry.h"
#include "filters/pipeline_stages.h"

namespace {

using namespace newswatch;

// Blocks the signals newswatchd acts on in every thread; a dedicated thread
// waits for them with sigwait (no work in a signal handler): SIGHUP reloads
// the configuration, SIGTERM and SIGINT stop the engine.
sigset_t HandledSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"newswatchd: polls news sources, keeps relevant articles, publishes them on ZeroMQ"};
  std::string config_file;
  EngineOverrides overrides;
  bool check_only = false;
  std::string log_level;
  app.add_option("-c,--config", config_file, "Configuration file (YAML)")->required();
  app.add_flag("--once", overrides.once, "Poll every source once, publish, and exit");
  app.add_flag("--check", check_only, "Validate the configuration and exit");
  app.add_option("--publish", overrides.publish_endpoint,
                 "Override daemon.publish (ZeroMQ endpoint)");
  app.add_option("--replay", overrides.replay_endpoint, "Override daemon.replay (ZeroMQ endpoint)");
  app.add_option("--state", overrides.state_dir, "Override daemon.state_dir");
  app.add_option("--log-level", log_level, "Override daemon.log_level");
  app.add_option("--metrics", overrides.metrics_address,
                 "Serve /metrics, /healthz and /readyz on HOST:PORT (overrides daemon.metrics)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitUsage;
  }

  auto config = LoadDaemonConfig(config_file, SourceOptionTables());
  if (!config.ok()) {
    std::cerr << "newswatchd: invalid configuration: " << config.status().message() << "\n";
    return kExitConfig;
  }
  const std::string level = log_level.empty() ? config->daemon.String("log_level") : log_level;
  if (Status s =
          ConfigureLogging(LoggingSettingsFromOptions(config->daemon, level, config->base_dir));
      !s.ok()) {
    std::cerr << "newswatchd: invalid configuration: " << s.message() << "\n";
    return kExitConfig;
  }

  if (check_only) {
    // Profiles compile and sources build exactly as at start-up, without
    // binding sockets or opening state.
    PipelineSettings settings;
    settings.profiles = config->profiles;
    settings.story_window_days = config->daemon.Int("story_window_days");
    if (!config->daemon.String("regions_file").empty()) {
      settings.extra_regions = config->Resolve(config->daemon.String("regions_file"));
    }
    auto stages = BuildPipeline(settings);
    if (!stages.ok()) {
      std::cerr << "newswatchd: invalid configuration: " << stages.status().message() << "\n";
      return kExitConfig;
    }
    SourceEnvironment env{config->base_dir, config->daemon.String("user_agent")};
    for (const SourceConfig& sc : config->sources) {
      auto source = FindSourceType(sc.type)->create(sc, env);
      if (!source.ok()) {
        std::cerr << "newswatchd: invalid configuration: " << source.status().message() << "\n";
        return kExitConfig;
      }
    }
    std::cout << config_file << ": ok (" << config->sources.size() << " sources, "
              << config->profiles.size() << " profiles)\n";
    return kExitOk;
  }

  sigset_t signals = HandledSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const size_t source_count = config->sources.size();
  auto engine = Engine::Create(std::move(*config), overrides);
  if (!engine.ok()) {
    std::cerr << "newswatchd: cannot start: " << engine.status().message() << "\n";
    return engine.status().kind() == ErrorKind::kConfig ? kExitConfig : kExitStartup;
  }
  Engine* running = engine->get();
  (void)systemd::NotifyReady("polling " + std::to_string(source_count) + " sources");
  std::thread signal_thread([&signals, running] {
    for (;;) {
      int sig = 0;
      if (sigwait(&signals, &sig) != 0) continue;
      if (sig == SIGHUP) {
        spdlog::info("newswatchd: SIGHUP, reloading the configuration");
        running->Reload();
        continue;
      }
      spdlog::debug("newswatchd: signal {}, stopping", sig);
      (void)systemd::NotifyStopping("stopping on signal");
      running->Stop();
      return;
    }
  });
  const int code = running->Run();
  // Wake the signal thread if the engine finished by itself (--once).
  pthread_kill(signal_thread.native_handle(), SIGTERM);
  signal_thread.join();
  return code;
}

// newswatch-alert: subscribes to newswatch publishers and routes events to
// receivers through a durable outbox. See config/alert.yaml.
//   newswatch-alert --config FILE [--check]
//   newswatch-alert --config FILE silence add --match region=31 --duration 2h [--comment C]
//   newswatch-alert --config FILE silence list
//   newswatch-alert --config FILE silence expire ID
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <map>
#include <thread>

#include "alert/delivery.h"
#include "alert/event_source.h"
#include "alert/outbox.h"
#include "alert/receivers/registry.h"
#include "alert/route_config.h"
#include "alert/router.h"
#include "alert/silence.h"
#include "daemon/core/clock.h"

namespace newswatch::alert {
namespace {

std::atomic<bool> g_stop{false};
std::atomic<bool> g_reload{false};
constexpr int kBatch = 256;  // events taken per outbox transaction at most

// Signals are blocked in every thread (so ZeroMQ calls never fail with
// EINTR) and taken by this one: SIGHUP asks for a reload, SIGTERM or SIGINT
// for a stop, which ends the thread.
void WaitForSignals(sigset_t signals) {
  for (;;) {
    int sig = 0;
    if (sigwait(&signals, &sig) != 0) continue;
    if (sig == SIGHUP) {
      g_reload = true;
      continue;
    }
    g_stop = true;
    return;
  }
}

bool SamePublishers(const std::vector<PublisherSpec>& a, const std::vector<PublisherSpec>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
    return x.name == y.name && x.endpoint == y.endpoint && x.replay == y.replay &&
           x.start_latest == y.start_latest;
  });
}

// Per publisher, the sequence through which its events are handled: the
// last event taken, but never at or past an event still waiting in a group
// (or held for quiet hours), so a crash replays every event not yet turned
// into an outbox message. Re-handled events are harmless: their stories are
// in the outbox's ledger and messages are deduplicated by key.
std::map<std::string, uint64_t> SafeCursors(const std::map<std::string, uint64_t>& taken,
                                            const Router& router) {
  std::map<std::string, uint64_t> safe = taken;
  for (const auto& [origin, oldest] : router.OldestPendingSequence()) {
    auto it = safe.find(origin);
    if (it != safe.end()) it->second = std::min(it->second, oldest > 0 ? oldest - 1 : 0);
  }
  return safe;
}

// Everything built from one configuration: receivers for rendering and one
// delivery worker (thread + outbox connection) per receiver.
struct Runtime {
  std::map<std::string, std::unique_ptr<Receiver>> renderers;
  std::map<std::string, std::unique_ptr<DeliveryWorker>> workers;
};

Result<Runtime> BuildRuntime(const AlertConfig& config, const Clock& clock) {
  Runtime rt;
  for (const ReceiverSpec& spec : config.receivers) {
    auto renderer = MakeReceiver(spec);
    if (!renderer.ok()) return renderer.status();
    auto sender = MakeReceiver(spec);
    if (!sender.ok()) return sender.status();
    auto outbox = Outbox::Open(config.outbox_path);
    if (!outbox.ok()) return outbox.status();
    DeliveryPolicy policy;
    policy.max_per_minute = static_cast<int>(spec.GetInt("max_per_minute", 0));
    policy.max_attempts = static_cast<int>(spec.GetInt("max_attempts", 12));
    rt.renderers[spec.name] = std::move(*renderer);
    rt.workers[spec.name] = std::make_unique<DeliveryWorker>(spec.name, std::move(*sender),
                                                             std::move(*outbox), policy, clock);
  }
  return rt;
}

std::vector<Silence> LoadSilencesOrWarn(const AlertConfig& config) {
  if (config.silences_path.empty()) return {};
  auto s = LoadSilences(config.silences_path);
  if (!s.ok()) {
    spdlog::error("alert: silences not loaded: {}", s.status().ToString());
    return {};
  }
  return std::move(*s);
}

int Run(const std::string& config_path) {
  auto config = LoadAlertConfig(config_path);
  if (!config.ok()) {
    std::cerr << config.status().message() << "\n";
    return 2;
  }
  // Before any thread starts, so every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  for (int sig : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&signals, sig);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  const Clock& clock = SystemClock::Instance();
  auto outbox = Outbox::Open(config->outbox_path);
  if (!outbox.ok()) {
    std::cerr << outbox.status().ToString() << "\n";
    return 1;
  }
  auto runtime = BuildRuntime(*config, clock);
  if (!runtime.ok()) {
    std::cerr << runtime.status().ToString() << "\n";
    return 1;
  }
  for (auto& [name, w] : runtime->workers) w->Start();
  Router router(config->root, config->quiet_hours, clock, &*outbox);
  router.SetSilences(LoadSilencesOrWarn(*config));
  std::map<std::string, uint64_t> taken;  // publisher -> last sequence taken
  for (const PublisherSpec& p : config->publishers) {
    auto cursor = outbox->Cursor(p.name);
    if (!cursor.ok()) {
      std::cerr << cursor.status().ToString() << "\n";
      return 1;
    }
    if (*cursor) taken[p.name] = **cursor;
  }
  std::map<std::string, uint64_t> stored = taken;  // what the outbox holds
  auto source = ConnectPublishers(config->publishers, config->topics, taken);
  if (!source.ok()) {
    std::cerr << source.status().ToString() << "\n";
    return 1;
  }
  std::thread signal_thread(WaitForSignals, signals);
  spdlog::info("alert: routing events from {} publisher(s) to {} receiver(s)",
               config->publishers.size(), config->receivers.size());
  while (!g_stop) {
    if (g_reload.exchange(false)) {
      auto fresh = LoadAlertConfig(config_path);
      if (!fresh.ok()) {
        spdlog::error("alert: reload refused, keeping the running config: {}", fresh.status().message());
      } else {
        auto rt = BuildRuntime(*fresh, clock);
        if (!rt.ok()) {
          spdlog::error("alert: reload refused: {}", rt.status().ToString());
        } else {
          for (auto& [name, w] : runtime->workers) w->Stop();
          runtime = std::move(rt);
          for (auto& [name, w] : runtime->workers) w->Start();
          if (!SamePublishers(config->publishers, fresh->publishers)) {
            spdlog::warn("alert: publishers changed; that takes a restart");
          }
          config = std::move(fresh);
          router.Reload(config->root, config->quiet_hours);
          router.SetSilences(LoadSilencesOrWarn(*config));
          spdlog::info("alert: configuration reloaded");
        }
      }
    }
    auto wait = std::chrono::milliseconds(500);
    if (auto due = router.NextDue()) {
      int64_t delta = *due - ToUnixSeconds(clock.Now());
      if (delta <= 0) wait = std::chrono::milliseconds(0);
    }
    // Take what has arrived (up to a batch) so its cursor and messages share
    // one transaction.
    for (int n = 0; n < kBatch; ++n) {
      auto event = (*source)->Next(n == 0 ? wait : std::chrono::milliseconds(0));
      if (!event.ok()) {
        spdlog::warn("alert: {}", event.status().ToString());
        break;
      }
      if (!event->has_value()) break;
      const AlertEvent& e = **event;
      router.Ingest(e);
      uint64_t& t = taken[e.origin];
      t = std::max(t, e.sequence);
    }
    std::vector<Notification> due = router.Flush();
    const std::map<std::string, uint64_t> cursors = SafeCursors(taken, router);
    if (due.empty() && cursors == stored) continue;
    std::vector<OutboxEntry> entries;
    for (const Notification& n : due) {
      auto it = runtime->renderers.find(n.receiver);
      if (it == runtime->renderers.end()) continue;
      auto payload = it->second->Render(n);
      if (!payload.ok()) {
        spdlog::error("alert: {}: cannot render: {}", n.receiver, payload.status().ToString());
        continue;
      }
      OutboxEntry e{n.receiver, n.route, n.dedup_key, std::move(*payload), {}};
      for (const StoryReport& s : n.stories) e.story_ids.push_back(s.event.story_id);
      entries.push_back(std::move(e));
    }
    auto added = outbox->Enqueue(entries, ToUnixSeconds(clock.Now()), cursors);
    if (!added.ok()) {
      // The cursors stay behind these events: a restart routes them again.
      spdlog::error("alert: outbox: {}", added.status().ToString());
      continue;
    }
    stored = cursors;
    for (const OutboxEntry& e : entries) runtime->workers.at(e.receiver)->Wake();
  }
  for (auto& [name, w] : runtime->workers) w->Stop();
  signal_thread.join();
  spdlog::info("alert: stopped");
  return 0;
}

int SilenceCommand(const AlertConfig& config, const std::string& action,
                   const std::vector<std::string>& matches, const std::string& duration,
                   const std::string& comment, const std::string& id) {
  if (config.silences_path.empty()) {
    std::cerr << config.file << ": silences_file is not set\n";
    return 2;
  }
  auto silences = LoadSilences(config.silences_path);
  if (!silences.ok()) {
    std::cerr << silences.status().message() << "\n";
    return 2;
  }
  const int64_t now = ToUnixSeconds(SystemClock::Instance().Now());
  if (action == "list") {
    for (const Silence& s : *silences) {
      std::string fields;
      for (const auto& [k, v] : s.matcher.fields()) {
        for (const std::string& x : v) fields += k + "=" + x + " ";
      }
      std::printf("%s  %s  until %s  %s%s\n", s.id.c_str(), s.ActiveAt(now) ? "active " : "expired",
                  Timestamp{s.ends_at, 480}.ToRfc3339().c_str(), fields.c_str(), s.comment.c_str());
    }
    return 0;
  }
  if (action == "expire") {
    for (Silence& s : *silences) {
      if (s.id == id) {
        s.ends_at = std::min(s.ends_at, now);
        Status st = SaveSilences(config.silences_path, *silences);
        if (!st.ok()) {
          std::cerr << st.ToString() << "\n";
          return 1;
        }
        std::printf("expired %s (send SIGHUP to the router to apply now)\n", id.c_str());
        return 0;
      }
    }
    std::cerr << "no silence " << id << "\n";
    return 1;
  }
  std::map<std::string, std::vector<std::string>> fields;
  for (const std::string& m : matches) {
    size_t eq = m.find('=');
    if (eq == std::string::npos) {
      std::cerr << "--match wants field=value, got " << m << "\n";
      return 2;
    }
    fields[m.substr(0, eq)].push_back(m.substr(eq + 1));
  }
  auto matcher = Matcher::FromFields(fields);
  if (!matcher.ok() || fields.empty()) {
    std::cerr << (fields.empty() ? "at least one --match is required" : matcher.status().message()) << "\n";
    return 2;
  }
  auto d = ParseDuration(duration);
  if (!d || d->count() <= 0) {
    std::cerr << "--duration: \"" << duration << "\" is not a duration\n";
    return 2;
  }
  Silence s;
  s.id = NewSilenceId();
  s.matcher = std::move(*matcher);
  s.starts_at = now;
  s.ends_at = now + d->count();
  s.comment = comment;
  const char* user = std::getenv("USER");
  s.created_by = user ? user : "";
  silences->push_back(std::move(s));
  Status st = SaveSilences(config.silences_path, *silences);
  if (!st.ok()) {
    std::cerr << st.ToString() << "\n";
    return 1;
  }
  std::printf("%s\n", silences->back().id.c_str());
  return 0;
}

}  // namespace
}  // namespace newswatch::alert

int main(int argc, char** argv) {
  using namespace newswatch::alert;
  CLI::App app{"newswatch-alert: routes newswatch events to chat, webhooks, e-mail"};
  std::string config_path = "/etc/newswatch/alert.yaml";
  bool check = false;
  app.add_option("--config", config_path, "configuration file");
  app.add_flag("--check", check, "validate the configuration and exit");
  CLI::App* silence = app.add_subcommand("silence", "manage silences");
  silence->require_subcommand(1);
  std::vector<std::string> matches;
  std::string duration = "2h", comment, id;
  CLI::App* add = silence->add_subcommand("add", "add a silence");
  add->add_option("--match", matches, "field=value (region=31, level=high, source=..)")->required();
  add->add_option("--duration", duration, "how long (30m, 2h, 1d)");
  add->add_option("--comment", comment, "why");
  silence->add_subcommand("list", "list silences");
  CLI::App* expire = silence->add_subcommand("expire", "end a silence now");
  expire->add_option("id", id, "silence id")->required();
  CLI11_PARSE(app, argc, argv);

  if (check || silence->parsed()) {
    auto config = LoadAlertConfig(config_path);
    if (!config.ok()) {
      std::cerr << config.status().message() << "\n";
      return 2;
    }
    if (check) {
      std::printf("%s: ok (%zu receivers)\n", config_path.c_str(), config->receivers.size());
      return 0;
    }
    std::string action = add->parsed() ? "add" : expire->parsed() ? "expire" : "list";
    return SilenceCommand(*config, action, matches, duration, comment, id);
  }
  return Run(config_path);
}

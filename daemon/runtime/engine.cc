#include "daemon/runtime/engine.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <optional>
#include <queue>
#include <random>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "daemon/metrics/daemon_metrics.h"
#include "daemon/metrics/listen_address.h"
#include "daemon/metrics/metrics_registry.h"
#include "daemon/metrics/metrics_server.h"
#include "daemon/net/curl_fetcher.h"
#include "daemon/net/poll_policy.h"
#include "daemon/pipeline/pipeline_runner.h"
#include "daemon/publish/event_codec.h"
#include "daemon/publish/publisher.h"
#include "daemon/security/secret.h"
#include "daemon/service/logging.h"
#include "daemon/service/systemd_notify.h"
#include "daemon/sources/source_health.h"
#include "daemon/sources/source_registry.h"
#include "daemon/store/state_check.h"
#include "daemon/store/state_dir_lock.h"
#include "daemon/store/state_store.h"
#include "filters/pipeline_stages.h"

namespace newswatch {

namespace {

using Steady = std::chrono::steady_clock;
namespace fs = std::filesystem;

// One configured source and its scheduling state; touched only by the engine thread.
struct SourceSlot {
  SourceConfig config;
  std::unique_ptr<Source> source;
  SourceFetchState state;
  Steady::time_point next_due;
  uint64_t schedule_generation = 0;  // bumped by every Schedule: older queue entries are stale
  bool in_poll = false;
  size_t pending_fetches = 0;
  bool polled_once = false;
  // A reload changed this source while it was polling: swap after the poll.
  std::unique_ptr<Source> replacement;
  std::optional<SourceConfig> replacement_config;
  bool retire = false;  // removed by a reload; deleted when its poll ends
  // Accumulated over the steps of the current poll.
  Status poll_error;
  PollStep hints;
  uint32_t poll_articles = 0;
  // Publication times of the source's recent items (newest kept), for the
  // adaptive interval.
  std::deque<int64_t> recent_item_times;
  // Validators (ETag, Last-Modified) as last written to the state file. New
  // ones are used at once for conditional GETs, but persisted only when every
  // article of the polls that produced them has been journaled (Checkpoint),
  // so a crash can never leave a 304 hiding articles that were not published.
  std::string persisted_etag;
  std::string persisted_last_modified;
  bool validators_unsaved = false;  // listed in Engine::Impl::unsaved_validators
  // Drift detection (a list that stops yielding items or loses its dates);
  // survives reloads that change the source.
  SourceHealthTracker health;
};

constexpr size_t kRecentItemTimes = 40;

// A source's place in the engine's queue of due times.
struct DueEntry {
  Steady::time_point due;
  uint64_t generation;
  SourceSlot* slot;
};
struct LaterDue {
  bool operator()(const DueEntry& a, const DueEntry& b) const { return a.due > b.due; }
};

std::string HealthOf(const SourceFetchState& s) { return s.health.empty() ? "ok" : s.health; }

}  // namespace

struct Engine::Impl {
  const Clock& clock;
  // Declared first so it outlives everything that reports into it.
  MetricsRegistry registry;
  std::unique_ptr<DaemonMetrics> metrics;
  DaemonConfig config;
  EngineOverrides overrides;
  std::optional<StateDirLock> state_lock;  // one daemon per state directory
  std::unique_ptr<StateStore> store;
  std::unique_ptr<Publisher> publisher;
  std::unique_ptr<PipelineRunner> runner;
  std::unique_ptr<CurlFetcher> fetcher;
  std::vector<std::unique_ptr<SourceSlot>> slots;    // stable addresses: callbacks hold SourceSlot*
  std::vector<std::unique_ptr<SourceSlot>> retired;  // removed by a reload while polling
  // Profiled with 10,000 sources: scanning every slot at each wake-up (due times, unsaved
  // validators) was 45 % of the daemon's CPU. Due times sit in a min-heap instead, holding only
  // slots of `slots` (rebuilt at reload; retired slots are never queued), and the slots whose
  // validators changed since the last checkpoint are listed.
  std::priority_queue<DueEntry, std::vector<DueEntry>, LaterDue> due_queue;
  std::vector<SourceSlot*> unsaved_validators;
  // PublisherCounters::errors at the last checkpoint: more since means some event of the
  // polls behind the unsaved validators was never journaled.
  uint64_t journal_errors_checked = 0;
  std::atomic<bool> reload_requested{false};
  std::atomic<bool> stop{false};
  std::mt19937_64 rng{std::random_device{}()};
  bool any_source_failed = false;
  systemd::WatchdogPacer watchdog;
  std::atomic<bool> ready{false};
  // Last member: destroyed first, so no scrape runs while the parts go away.
  std::unique_ptr<MetricsServer> metrics_server;

  explicit Impl(const Clock& c) : clock(c) {}

  int64_t NowUnix() const { return ToUnixSeconds(clock.Now()); }

  void StartPoll(SourceSlot& slot);
  void HandleStep(SourceSlot& slot, PollStep step);
  void FinishPoll(SourceSlot& slot);
  void ApplyReload();
  // newswatch_config_reloads_total{result="applied"|"rejected"}.
  void CountReload(const char* result) {
    registry
        .counter("newswatch_config_reloads_total", "Configuration reloads (SIGHUP) by result.",
                 {{"result", result}})
        .Increment();
  }
  // Persists the latest validators of every source once the pipeline is idle
  // and the publisher has journaled everything handed to it.
  void Checkpoint(bool force);
  // The fetch state to persist for `slot`: its current state with the validators of the last
  // checkpoint (never ahead of the journal).
  SourceFetchState PersistedState(const SourceSlot& slot) const;
  // Writes the states queued by FinishPoll and Checkpoint in one transaction: one fsync per
  // engine wake-up instead of one per poll (10,000 sources poll ~170 times a second).
  void SaveQueuedStates();
  std::vector<SourceFetchState> unsaved_states;
  Result<std::unique_ptr<SourceSlot>> NewSlot(SourceConfig sc, const SourceEnvironment& env);
  void ScheduleNext(SourceSlot& slot, bool failed);
  // Sets slot.next_due and queues it (unless the slot is retired).
  void Schedule(SourceSlot& slot, Steady::time_point due);
  // Queues every slot of `slots` afresh and relists unsaved validators (after a reload).
  void RebuildQueues();
  void PublishHealth(const SourceSlot& slot, const std::string& previous);
  bool AllPolledOnce() const;
  std::chrono::milliseconds TimeToNextDue() const;
};

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Engine::~Engine() {
  if (!impl_) return;
  impl_->metrics_server.reset();
  if (impl_->runner) impl_->runner->Stop();
}

std::string Engine::publish_endpoint() const { return impl_->publisher->endpoint(); }

void Engine::Reload() {
  impl_->reload_requested.store(true);
  if (impl_->fetcher) impl_->fetcher->Wakeup();
}

void Engine::Stop() {
  impl_->stop.store(true);
  if (impl_->fetcher) impl_->fetcher->Wakeup();
}

Result<std::unique_ptr<Engine>> Engine::Create(DaemonConfig config,
                                               const EngineOverrides& overrides,
                                               const Clock& clock) {
  auto impl = std::make_unique<Impl>(clock);
  impl->overrides = overrides;
  const OptionValues& d = config.daemon;

  const fs::path state_dir = overrides.state_dir.empty() ? config.Resolve(d.String("state_dir"))
                                                         : fs::path(overrides.state_dir);
  const fs::path state_db = state_dir / "newswatch.db";

  // Sources first: they are pure configuration and fail fast.
  SourceEnvironment env{config.base_dir, d.String("user_agent")};
  // Each source's configuration moves into its slot: with 10,000 sources a second copy in
  // `config` cost tens of megabytes (heaptrack).
  for (SourceConfig& sc : config.sources) {
    if (!sc.options.Bool("enabled")) continue;
    auto slot = impl->NewSlot(std::move(sc), env);
    if (!slot.ok()) return slot.status();
    impl->slots.push_back(std::move(slot).value());
  }
  config.sources.clear();
  config.sources.shrink_to_fit();

  PipelineSettings settings;
  settings.profiles = config.profiles;
  settings.state_db = state_db;
  settings.publish_all = d.Bool("publish_all");
  settings.story_window_days = d.Int("story_window_days");
  if (!d.String("regions_file").empty())
    settings.extra_regions = config.Resolve(d.String("regions_file"));
  auto stages = BuildPipeline(settings);
  if (!stages.ok()) return stages.status();

  // A second daemon on the same state would interleave with this one; a damaged file (a
  // truncated copy, a torn page) must stop the start rather than be served or written over.
  auto lock = StateDirLock::Acquire(state_dir);
  if (!lock.ok()) return lock.status();
  impl->state_lock.emplace(std::move(lock).value());
  if (Status s = CheckStateFile(state_db); !s.ok()) return s;
  auto store = StateStore::Open(state_db, clock);
  if (!store.ok()) return store.status();
  impl->store = std::move(store).value();
  for (auto& slot : impl->slots) {
    auto saved = impl->store->Load(slot->config.id);
    if (!saved.ok()) return saved.status();
    slot->state = saved->value_or(SourceFetchState{});
    slot->state.source_id = slot->config.id;
    slot->persisted_etag = slot->state.etag;
    slot->persisted_last_modified = slot->state.last_modified;
    // Resume the schedule where the last run left it; never earlier than now, and never later
    // than the whole delay chosen at the last poll: a wall clock stepped back (NTP) since then
    // must not hold a source back for the size of the step.
    const SourceFetchState& st = slot->state;
    const int64_t chosen_delay = std::max<int64_t>(0, st.next_poll_unix - st.last_attempt_unix);
    const int64_t wait = std::clamp<int64_t>(st.next_poll_unix - impl->NowUnix(), 0, chosen_delay);
    impl->Schedule(*slot, clock.Steady() + std::chrono::seconds(overrides.once ? 0 : wait));
  }

  PublisherOptions popts;
  popts.endpoint =
      overrides.publish_endpoint.empty() ? d.String("publish") : overrides.publish_endpoint;
  popts.replay_endpoint =
      overrides.replay_endpoint.empty() ? d.String("replay") : overrides.replay_endpoint;
  popts.publisher_id = d.String("id");
  popts.state_db = state_db;
  popts.heartbeat_interval = d.DurationMs("heartbeat_interval");
  popts.startup_grace = d.DurationMs("startup_grace");
  if (d.String("curve_secret_key_file").empty() != d.String("curve_allow_file").empty()) {
    return ConfigError(config.file.string() +
                       ": daemon: curve_secret_key_file and curve_allow_file go together");
  }
  if (!d.String("curve_secret_key_file").empty()) {
    popts.curve_secret_key_file = config.Resolve(d.String("curve_secret_key_file"));
    popts.curve_allow_file = config.Resolve(d.String("curve_allow_file"));
  }
  popts.retention.max_age_days = d.Int("retention_days");
  popts.retention.max_journal_rows = static_cast<uint64_t>(d.Int("retention_max_journal_rows"));
  popts.retention.max_bytes = d.Size("retention_max_journal_bytes");
  popts.retention.story_max_age_days = d.Int("story_window_days");
  auto publisher = Publisher::Start(popts, clock);
  if (!publisher.ok()) return publisher.status();
  impl->publisher = std::move(publisher).value();
  impl->journal_errors_checked = impl->publisher->counters().errors;

  FetcherOptions fopts;
  fopts.max_connections = static_cast<size_t>(d.Int("max_connections"));
  fopts.per_host_concurrency = static_cast<size_t>(d.Int("per_host_concurrency"));
  fopts.per_host_min_gap = d.DurationMs("per_host_gap");
  auto fetcher = CurlFetcher::Create(fopts, clock);
  if (!fetcher.ok()) return fetcher.status();
  impl->fetcher = std::move(fetcher).value();

  Publisher* pub = impl->publisher.get();
  impl->metrics = std::make_unique<DaemonMetrics>(impl->registry, clock);
  DaemonMetrics* metrics = impl->metrics.get();
  impl->runner = std::make_unique<PipelineRunner>(
      std::move(stages).value(), static_cast<size_t>(d.Int("workers")),
      static_cast<size_t>(d.Int("queue_size")),
      [pub](Article&& article) { pub->Publish(OutgoingEvent::ForArticle(std::move(article))); },
      [metrics](std::chrono::steady_clock::duration latency) {
        metrics->RecordProcessing(latency);
      });
  for (const auto& slot : impl->slots) impl->metrics->AddSource(slot->config.id);
  PipelineRunner* runner = impl->runner.get();
  impl->metrics->WatchPipeline([runner] { return runner->Counters(); },
                               [runner] { return runner->QueueDepth(); });
  impl->metrics->WatchPublisher([pub] { return pub->counters(); });
  const std::string metrics_at =
      overrides.metrics_address.empty() ? d.String("metrics") : overrides.metrics_address;
  if (!metrics_at.empty()) {
    auto address = ParseListenAddress(metrics_at);
    if (!address.ok()) return address.status().WithContext("daemon.metrics");
    Impl* m = impl.get();
    HealthChecks checks;
    checks.ready = [m] { return m->ready.load() ? Status::Ok() : Unavailable("starting"); };
    auto server = MetricsServer::Start(*address, impl->registry, checks);
    if (!server.ok()) return server.status();
    impl->metrics_server = std::move(server).value();
    spdlog::info("newswatchd: metrics on http://{}/metrics",
                 impl->metrics_server->address().ToString());
  }
  impl->config = std::move(config);  // last: `d` refers into it until here
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

Result<std::unique_ptr<SourceSlot>> Engine::Impl::NewSlot(SourceConfig sc,
                                                          const SourceEnvironment& env) {
  const SourceType* type = FindSourceType(sc.type);
  if (type == nullptr) return ConfigError(sc.where + ": unknown source type '" + sc.type + "'");
  auto source = type->create(sc, env);
  if (!source.ok()) return source.status();
  auto slot = std::make_unique<SourceSlot>();
  slot->config = std::move(sc);
  slot->source = std::move(source).value();
  return slot;
}

void Engine::Impl::ApplyReload() {
  // The subscriber allow list is re-read on every SIGHUP, whatever the file says.
  if (Status s = publisher->ReloadAllowFile(); !s.ok()) {
    spdlog::error("reload: CURVE allow file rejected, keeping the old keys: {}", s.message());
  }
  auto next = LoadDaemonConfig(config.file, SourceOptionTables());
  if (!next.ok()) {
    CountReload("rejected");
    spdlog::error("reload rejected, keeping the running configuration: {}",
                  next.status().message());
    return;
  }
  // Build everything first; swap only when all of it is valid.
  PipelineSettings settings;
  settings.profiles = next->profiles;
  settings.state_db = store->path();
  settings.publish_all = next->daemon.Bool("publish_all");
  settings.story_window_days = next->daemon.Int("story_window_days");
  if (!next->daemon.String("regions_file").empty()) {
    settings.extra_regions = next->Resolve(next->daemon.String("regions_file"));
  }
  auto stages = BuildPipeline(settings);
  if (!stages.ok()) {
    CountReload("rejected");
    spdlog::error("reload rejected, keeping the running configuration: {}",
                  stages.status().message());
    return;
  }
  SourceEnvironment env{next->base_dir, next->daemon.String("user_agent")};
  std::vector<std::unique_ptr<SourceSlot>> fresh;  // new or changed sources, built
  for (SourceConfig& sc : next->sources) {
    if (!sc.options.Bool("enabled")) continue;
    auto slot = NewSlot(std::move(sc), env);
    if (!slot.ok()) {
      CountReload("rejected");
      spdlog::error("reload rejected, keeping the running configuration: {}",
                    slot.status().message());
      return;
    }
    fresh.push_back(std::move(slot).value());
  }

  for (const char* key : {"publish", "replay", "state_dir", "workers", "queue_size", "id"}) {
    if (next->daemon.String(key) != config.daemon.String(key)) {
      spdlog::warn("reload: daemon.{} changed; it takes effect at the next restart", key);
    }
  }
  runner->ReplaceStages(std::move(stages).value());
  spdlog::set_level(spdlog::level::from_str(next->daemon.String("log_level")));

  int added = 0, changed = 0, removed = 0;
  std::vector<std::unique_ptr<SourceSlot>> kept;
  std::unordered_map<std::string_view, std::unique_ptr<SourceSlot>*> by_id;  // 10,000 sources
  by_id.reserve(slots.size());
  for (auto& s : slots) by_id.emplace(s->config.id, &s);
  for (auto& candidate : fresh) {
    auto found = by_id.find(candidate->config.id);
    if (found == by_id.end()) {  // a new source: its state may exist from an earlier run
      auto saved = store->Load(candidate->config.id);
      candidate->state = saved.ok() ? saved->value_or(SourceFetchState{}) : SourceFetchState{};
      candidate->state.source_id = candidate->config.id;
      candidate->persisted_etag = candidate->state.etag;
      candidate->persisted_last_modified = candidate->state.last_modified;
      candidate->next_due = clock.Steady();  // queued by RebuildQueues below
      metrics->AddSource(candidate->config.id);
      kept.push_back(std::move(candidate));
      ++added;
      continue;
    }
    std::unique_ptr<SourceSlot> existing = std::move(*found->second);
    by_id.erase(found);  // its key views the moved slot's id: drop it before anything else
    if (existing->config.fingerprint != candidate->config.fingerprint) {
      ++changed;
      if (existing->in_poll) {
        existing->replacement = std::move(candidate->source);
        existing->replacement_config = candidate->config;
      } else {
        existing->source = std::move(candidate->source);
        existing->config = candidate->config;
        existing->next_due = clock.Steady();  // queued by RebuildQueues below
      }
    }
    kept.push_back(std::move(existing));
  }
  for (auto& old : slots) {
    if (!old) continue;  // moved into kept
    ++removed;
    if (old->in_poll) {
      old->retire = true;
      retired.push_back(std::move(old));
    }
  }
  slots = std::move(kept);
  RebuildQueues();
  config = std::move(next).value();
  config.sources.clear();  // moved into the slots
  config.sources.shrink_to_fit();
  CountReload("applied");
  spdlog::info("reload: {} sources ({} added, {} changed, {} removed), {} profiles", slots.size(),
               added, changed, removed, config.profiles.size());
}

void Engine::Impl::StartPoll(SourceSlot& slot) {
  slot.in_poll = true;
  slot.poll_error = Status::Ok();
  slot.hints = PollStep{};
  slot.poll_articles = 0;
  slot.state.last_attempt_unix = NowUnix();
  PollContext context{slot.state.etag, slot.state.last_modified, NowUnix()};
  spdlog::debug("source {}: poll", slot.config.id);
  HandleStep(slot, slot.source->StartPoll(context));
}

void Engine::Impl::HandleStep(SourceSlot& slot, PollStep step) {
  if (!step.error.ok() && slot.poll_error.ok()) slot.poll_error = step.error;
  for (const std::string& problem : step.item_errors) {
    spdlog::warn("source {}: item rejected: {}", slot.config.id, RedactUrlsInText(problem));
  }
  if (step.etag) slot.hints.etag = step.etag;
  if (step.last_modified) slot.hints.last_modified = step.last_modified;
  if (step.ttl_minutes) slot.hints.ttl_minutes = step.ttl_minutes;
  if (step.retry_after) slot.hints.retry_after = step.retry_after;
  if (step.max_age) slot.hints.max_age = step.max_age;
  if (step.expires_in) slot.hints.expires_in = step.expires_in;
  slot.hints.not_modified = slot.hints.not_modified || step.not_modified;
  slot.hints.items_seen += step.items_seen;
  slot.hints.items_without_date += step.items_without_date;
  slot.hints.items_without_title += step.items_without_title;
  slot.poll_articles += static_cast<uint32_t>(step.articles.size());
  for (Article& article : step.articles) {
    article.fetched = Timestamp{NowUnix(), 0};
    if (article.published) {
      const int64_t t = article.published->unix_seconds;
      if (std::find(slot.recent_item_times.begin(), slot.recent_item_times.end(), t) ==
          slot.recent_item_times.end()) {
        slot.recent_item_times.push_back(t);
        if (slot.recent_item_times.size() > kRecentItemTimes) slot.recent_item_times.pop_front();
      }
    }
    runner->Submit(std::move(article));
  }
  for (SourceFetch& fetch : step.fetches) {
    ++slot.pending_fetches;
    const uint64_t tag = fetch.tag;
    SourceSlot* target = &slot;
    fetcher->Submit(std::move(fetch.request), [this, target, tag](FetchResponse response) {
      --target->pending_fetches;
      metrics->RecordFetch(target->config.id, response);
      HandleStep(*target, target->source->OnFetched(tag, response));
    });
  }
  if (slot.pending_fetches == 0 && slot.in_poll) FinishPoll(slot);
}

void Engine::Impl::FinishPoll(SourceSlot& slot) {
  slot.in_poll = false;
  slot.polled_once = true;
  const std::string previous = HealthOf(slot.state);
  const bool failed = !slot.poll_error.ok();
  const HealthVerdict verdict =
      slot.health.Record({NowUnix(), failed, slot.hints.not_modified, slot.hints.items_seen,
                          slot.hints.items_without_date, slot.hints.items_without_title});
  if (failed) {
    any_source_failed = true;
    ++slot.state.consecutive_failures;
    // Errors carry URLs; a token in a URL must not reach logs, events or status.
    slot.state.last_error = RedactUrlsInText(slot.poll_error.ToString());
    slot.state.health = "failing";
    spdlog::warn("source {}: poll failed ({} in a row): {}", slot.config.id,
                 slot.state.consecutive_failures, slot.state.last_error);
  } else {
    slot.state.consecutive_failures = 0;
    slot.state.last_error.clear();
    slot.state.health = "ok";
    if (verdict.state == HealthState::kBroken) {
      slot.state.health = "broken";
      slot.state.last_error = verdict.reason;
      spdlog::warn("source {}: broken: {}", slot.config.id, verdict.reason);
    }
    slot.state.last_success_unix = NowUnix();
    slot.state.items_total += slot.poll_articles;
    if (slot.hints.etag) slot.state.etag = *slot.hints.etag;
    if (slot.hints.last_modified) slot.state.last_modified = *slot.hints.last_modified;
    if (!slot.validators_unsaved && (slot.persisted_etag != slot.state.etag ||
                                     slot.persisted_last_modified != slot.state.last_modified)) {
      slot.validators_unsaved = true;
      unsaved_validators.push_back(&slot);
    }
    spdlog::debug("source {}: {} ({} articles)", slot.config.id,
                  slot.hints.not_modified ? "not modified" : "ok", slot.poll_articles);
  }
  ScheduleNext(slot, failed);
  metrics->RecordPoll(slot.config.id, slot.poll_error, slot.state.last_success_unix);
  unsaved_states.push_back(PersistedState(slot));
  if (HealthOf(slot.state) != previous || (failed && slot.state.consecutive_failures == 1)) {
    PublishHealth(slot, previous);
  }
  if (slot.replacement) {  // a reload changed this source during the poll
    slot.source = std::move(slot.replacement);
    slot.config = std::move(*slot.replacement_config);
    slot.replacement_config.reset();
    Schedule(slot, clock.Steady());
  }
  if (slot.retire) {
    std::erase(unsaved_validators, &slot);
    std::erase_if(retired, [&](const auto& r) { return r.get() == &slot; });
  }
}

void Engine::Impl::ScheduleNext(SourceSlot& slot, bool failed) {
  const OptionValues& o = slot.config.options;
  PollInputs in;
  in.interval = o.Duration("interval");
  in.min_interval = o.Duration("min_interval");
  in.max_interval = o.Duration("max_interval");
  in.max_backoff = o.Duration("max_backoff");
  in.adaptive = o.Bool("adaptive");
  in.consecutive_failures = failed ? static_cast<int>(slot.state.consecutive_failures) : 0;
  in.retry_after = slot.hints.retry_after;
  in.max_age = slot.hints.max_age;
  in.expires_in = slot.hints.expires_in;
  if (slot.hints.ttl_minutes) in.feed_ttl = std::chrono::minutes(*slot.hints.ttl_minutes);
  in.recent_item_times.assign(slot.recent_item_times.begin(), slot.recent_item_times.end());
  const auto delay = std::chrono::duration_cast<std::chrono::milliseconds>(NextPollDelay(in));
  // Jitter of up to 10% either way so sources configured alike never fire together.
  const auto wait = Jitter(delay, 0.1, rng());
  Schedule(slot, clock.Steady() + wait);
  slot.state.next_poll_unix =
      NowUnix() + std::chrono::duration_cast<std::chrono::seconds>(wait).count();
}

static SourceHealth HealthValue(const std::string& name) {
  if (name == "failing") return SourceHealth::kFailing;
  if (name == "broken") return SourceHealth::kBroken;
  return SourceHealth::kOk;
}

void Engine::Impl::PublishHealth(const SourceSlot& slot, const std::string& previous) {
  SourceHealthChange change;
  change.source_id = slot.config.id;
  change.previous = HealthValue(previous);
  change.state = HealthValue(slot.state.health);
  if (change.previous == SourceHealth::kFailing && change.state == SourceHealth::kOk) {
    change.state = SourceHealth::kRecovered;
  }
  change.reason = slot.state.last_error;
  change.consecutive_failures = slot.state.consecutive_failures;
  change.since = Timestamp{NowUnix(), 0};
  publisher->Publish(OutgoingEvent::ForSourceStatus(std::move(change)));
}

SourceFetchState Engine::Impl::PersistedState(const SourceSlot& slot) const {
  SourceFetchState persisted = slot.state;
  persisted.etag = slot.persisted_etag;
  persisted.last_modified = slot.persisted_last_modified;
  return persisted;
}

void Engine::Impl::SaveQueuedStates() {
  if (unsaved_states.empty()) return;
  if (Status s = store->SaveAll(unsaved_states); !s.ok()) {
    // The daemon goes on with the state in memory; each source's next poll queues it again.
    spdlog::error("cannot save the fetch state of {} sources (first: {}): {}",
                  unsaved_states.size(), unsaved_states.front().source_id, s.ToString());
  }
  unsaved_states.clear();
}

void Engine::Impl::Checkpoint(bool force) {
  if (unsaved_validators.empty()) return;
  // Idle pipeline first (every article handed to the publisher), then the
  // publisher's queue journaled; neither waits unless `force`.
  const auto bound =
      force ? config.daemon.DurationMs("drain_timeout") : std::chrono::milliseconds(0);
  if (!runner->Drain(bound) || !publisher->Flush(bound).ok()) return;
  const uint64_t journal_errors = publisher->counters().errors;
  if (journal_errors != journal_errors_checked) {
    // An event was dropped because the journal could not be written (disk full, a lock held
    // too long). Its article is not seen, but saving these validators would let a 304 hide it
    // for good: forget them, so each of these sources is fetched in full again.
    spdlog::warn("{} events could not be journaled; {} sources will be fetched in full again",
                 journal_errors - journal_errors_checked, unsaved_validators.size());
    journal_errors_checked = journal_errors;
    for (SourceSlot* s : unsaved_validators) {
      s->validators_unsaved = false;
      s->state.etag = s->persisted_etag;
      s->state.last_modified = s->persisted_last_modified;
    }
    unsaved_validators.clear();
    return;
  }
  for (SourceSlot* s : unsaved_validators) {
    s->validators_unsaved = false;
    s->persisted_etag = s->state.etag;
    s->persisted_last_modified = s->state.last_modified;
    unsaved_states.push_back(PersistedState(*s));
  }
  unsaved_validators.clear();
  SaveQueuedStates();
}

void Engine::Impl::Schedule(SourceSlot& slot, Steady::time_point due) {
  slot.next_due = due;
  ++slot.schedule_generation;
  if (!slot.retire) due_queue.push(DueEntry{due, slot.schedule_generation, &slot});
}

void Engine::Impl::RebuildQueues() {
  std::vector<DueEntry> entries;
  entries.reserve(slots.size());
  unsaved_validators.clear();
  for (const auto& s : slots) {
    entries.push_back(DueEntry{s->next_due, ++s->schedule_generation, s.get()});
    if (s->validators_unsaved) unsaved_validators.push_back(s.get());
  }
  for (const auto& s : retired) {
    if (s->validators_unsaved) unsaved_validators.push_back(s.get());
  }
  due_queue = decltype(due_queue)(LaterDue{}, std::move(entries));
}

bool Engine::Impl::AllPolledOnce() const {
  return std::all_of(slots.begin(), slots.end(),
                     [](const auto& s) { return s->polled_once && !s->in_poll; });
}

std::chrono::milliseconds Engine::Impl::TimeToNextDue() const {
  // The loop wakes at least this often, for the systemd watchdog and signals.
  auto best = std::chrono::milliseconds(250);
  if (due_queue.empty()) return best;
  // The top may be stale (rescheduled since): then the loop only wakes early. Rounded up:
  // truncating made the loop spin with zero timeouts through the last millisecond before each
  // due time (perf: clock reads were a fifth of the engine thread with 10,000 sources).
  const auto d = std::chrono::ceil<std::chrono::milliseconds>(due_queue.top().due - clock.Steady());
  return std::min(best, std::max(d, std::chrono::milliseconds(0)));
}

int Engine::Run() {
  Impl& m = *impl_;
  spdlog::info("newswatchd: {} sources, publishing on {}, replay on {}", m.slots.size(),
               m.publisher->endpoint(), m.publisher->replay_endpoint());
  m.ready = true;
  while (!m.stop.load()) {
    m.watchdog.Tick(m.clock.Steady());
    if (m.reload_requested.exchange(false)) m.ApplyReload();
    // Take every due entry first: a poll that ends at once schedules its source again.
    const auto now = m.clock.Steady();
    std::vector<SourceSlot*> due;
    while (!m.due_queue.empty() && m.due_queue.top().due <= now) {
      const DueEntry entry = m.due_queue.top();
      m.due_queue.pop();
      if (entry.generation == entry.slot->schedule_generation) due.push_back(entry.slot);
    }
    for (SourceSlot* slot : due) {
      // A slot still polling is queued again when its poll ends.
      if (slot->in_poll) continue;
      if (m.overrides.once && slot->polled_once) continue;
      m.StartPoll(*slot);
    }
    if (m.overrides.once && m.AllPolledOnce()) break;
    m.fetcher->RunOnce(m.TimeToNextDue());
    m.SaveQueuedStates();
    m.Checkpoint(false);
  }
  m.ready = false;
  (void)systemd::NotifyStopping("draining");
  const auto drain = m.config.daemon.DurationMs("drain_timeout");
  if (!m.runner->Drain(drain)) spdlog::warn("newswatchd: pipeline did not drain within bound");
  if (Status s = m.publisher->Flush(drain); !s.ok()) {
    spdlog::warn("newswatchd: publisher flush: {}", s.ToString());
  }
  m.SaveQueuedStates();
  m.Checkpoint(true);
  m.runner->Stop();
  m.publisher->Stop();
  spdlog::info("newswatchd: stopped");
  if (m.overrides.once && m.any_source_failed) return kExitSourcesFailed;
  return kExitOk;
}

}  // namespace newswatch

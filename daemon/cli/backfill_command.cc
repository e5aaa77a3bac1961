// `newswatch backfill [--config FILE] [--since DATE] [--source ID]... [--max-pages N]`: walks
// each source's pagination (or search result pages) back to DATE, page by page with the
// daemon's per-host limits, runs what it finds through the daemon's pipeline and publishes it
// with the daemon's publisher — journaled in the daemon's state (so subscribers replay it,
// gap-free), de-duplicated against what the daemon already published, and marked
// `backfill: true` in the event. Run it while newswatchd is stopped (they share the publish
// endpoint and the journal). Progress is saved after every page (state_dir/backfill.json), so
// an interrupted backfill continues where it stopped; --restart starts over.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "daemon/cli/commands.h"
#include "daemon/config/daemon_config.h"
#include "daemon/core/clock.h"
#include "daemon/core/url.h"
#include "daemon/net/curl_fetcher.h"
#include "daemon/pipeline/pipeline_runner.h"
#include "daemon/publish/publisher.h"
#include "daemon/sources/poll_runner.h"
#include "daemon/sources/source_registry.h"
#include "daemon/text/dates.h"
#include "filters/pipeline_stages.h"

namespace newswatch::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr char kDefaultConfig[] = "/etc/newswatch/newswatch.yaml";

struct BackfillOptions {
  std::string config;
  std::string since;  // YYYY-MM-DD (or any date ParseDate reads); empty: a year back
  std::vector<std::string> sources;
  int64_t max_pages = 100;
  bool restart = false;
  std::string state_dir;  // overrides daemon.state_dir (tests)
  std::string publish;    // overrides daemon.publish (tests)
};

void SetOption(OptionValues& options, const std::string& name, OptionType type, std::string scalar,
               std::vector<std::string> list = {}) {
  OptionValues::Value v;
  v.type = type;
  v.scalar = std::move(scalar);
  v.list = std::move(list);
  options.Set(name, std::move(v));
}

// How to ask a source for page `page` (1 = the first): the source's configuration changed
// to fetch exactly that page, or nullopt when the source has no page beyond `page`.
std::optional<SourceConfig> PageConfig(const SourceConfig& base, int64_t page,
                                       int64_t max_age_seconds) {
  SourceConfig sc = base;
  const OptionValues& o = base.options;
  // Every item of a page is wanted, not a poll's budget of article pages; items older than
  // the backfill's date are dropped before their pages are fetched.
  if (o.Has("max_items")) SetOption(sc.options, "max_items", OptionType::kInt, "100000");
  if (o.Has("max_item_age")) {
    SetOption(sc.options, "max_item_age", OptionType::kDuration, std::to_string(max_age_seconds));
  }
  const bool has_template = o.String("url").find("{page}") != std::string::npos ||
                            (o.Has("body") && o.String("body").find("{page}") != std::string::npos);
  if (sc.type == "json" && (has_template || !o.String("page_param").empty())) {
    SetOption(sc.options, "first_page", OptionType::kInt,
              std::to_string(o.Int("first_page") + page - 1));
    SetOption(sc.options, "pages", OptionType::kInt, "1");
    return sc;
  }
  if (sc.type == "html-list") {
    SetOption(sc.options, "pages", OptionType::kInt, "1");
    if (has_template) {
      SetOption(sc.options, "first_page", OptionType::kInt,
                std::to_string(o.Int("first_page") + page - 1));
      return sc;
    }
    const std::vector<std::string> next = o.List("next_pages");
    if (page == 1) {
      SetOption(sc.options, "next_pages", OptionType::kStringList, "", {});
      return sc;
    }
    if (next.size() == 1 && next[0].find("{page}") != std::string::npos) {
      std::string relative = next[0];
      for (size_t at; (at = relative.find("{page}")) != std::string::npos;) {
        relative.replace(at, 6, std::to_string(page));
      }
      auto url = ResolveUrl(o.String("url"), relative);
      if (!url.ok()) return std::nullopt;
      SetOption(sc.options, "url", OptionType::kString, *url);
      SetOption(sc.options, "next_pages", OptionType::kStringList, "", {});
      return sc;
    }
    if (page - 2 < static_cast<int64_t>(next.size())) {  // an explicit list of later pages
      auto url = ResolveUrl(o.String("url"), next[page - 2]);
      if (!url.ok()) return std::nullopt;
      SetOption(sc.options, "url", OptionType::kString, *url);
      SetOption(sc.options, "next_pages", OptionType::kStringList, "", {});
      return sc;
    }
    return std::nullopt;
  }
  // Feeds, unpaged APIs: what the one page holds.
  if (page == 1 && sc.type != "spool") return sc;
  return std::nullopt;
}

// The progress file: per source, the next page to fetch, or done.
class Progress {
 public:
  explicit Progress(fs::path file) : file_(std::move(file)) {}
  void Load(const std::string& since, bool restart) {
    std::ifstream in(file_);
    if (!in || restart) return;
    json j = json::parse(in, nullptr, false);
    if (j.is_discarded() || j.value("since", "") != since) return;  // another backfill's
    if (j.contains("sources") && j["sources"].is_object()) state_ = j["sources"];
  }
  int64_t NextPage(const std::string& id) const {
    auto it = state_.find(id);
    return it == state_.end() ? 1 : it->value("next_page", int64_t{1});
  }
  bool Done(const std::string& id) const {
    auto it = state_.find(id);
    return it != state_.end() && it->value("done", false);
  }
  Status Save(const std::string& since, const std::string& id, int64_t next_page, bool done) {
    state_[id] = {{"next_page", next_page}, {"done", done}};
    const fs::path tmp = file_.string() + ".tmp";
    {
      std::ofstream out(tmp, std::ios::trunc);
      out << json{{"since", since}, {"sources", state_}}.dump(2) << "\n";
      if (!out) return Unavailable("cannot write " + tmp.string());
    }
    std::error_code ec;
    fs::rename(tmp, file_, ec);
    if (ec) return Unavailable("cannot write " + file_.string() + ": " + ec.message());
    return Status::Ok();
  }

 private:
  fs::path file_;
  json state_ = json::object();
};

int Run(const BackfillOptions& o) {
  const std::string config_file = o.config.empty() ? kDefaultConfig : o.config;
  auto config = LoadDaemonConfig(config_file, SourceOptionTables());
  if (!config.ok()) {
    std::cerr << "newswatch backfill: " << config.status().message() << "\n";
    return 2;
  }
  const OptionValues& d = config->daemon;
  const int64_t now = ToUnixSeconds(SystemClock::Instance().Now());
  int64_t since_unix = now - 365 * 86400;
  std::string since_text = o.since;
  if (!o.since.empty()) {
    auto since = ParseDate(o.since, 480);
    if (!since) {
      std::cerr << "newswatch backfill: --since " << o.since << ": not a date (YYYY-MM-DD)\n";
      return 2;
    }
    since_unix = since->unix_seconds;
  } else {
    since_text = "one year";
  }
  std::vector<const SourceConfig*> chosen;
  for (const std::string& id : o.sources) {
    auto it = std::find_if(config->sources.begin(), config->sources.end(),
                           [&](const SourceConfig& s) { return s.id == id; });
    if (it == config->sources.end()) {
      std::cerr << "newswatch backfill: no source '" << id << "' in " << config_file << "\n";
      return 2;
    }
    chosen.push_back(&*it);
  }
  if (o.sources.empty()) {
    for (const SourceConfig& s : config->sources) {
      if (s.options.Bool("enabled") && s.type != "spool") chosen.push_back(&s);
    }
  }

  const fs::path state_dir =
      o.state_dir.empty() ? config->Resolve(d.String("state_dir")) : fs::path(o.state_dir);
  std::error_code ec;
  fs::create_directories(state_dir, ec);
  const fs::path state_db = state_dir / "newswatch.db";

  PipelineSettings settings;
  settings.profiles = config->profiles;
  settings.state_db = state_db;
  settings.publish_all = d.Bool("publish_all");
  settings.story_window_days = d.Int("story_window_days");
  if (!d.String("regions_file").empty()) {
    settings.extra_regions = config->Resolve(d.String("regions_file"));
  }
  auto stages = BuildPipeline(settings);
  if (!stages.ok()) {
    std::cerr << "newswatch backfill: " << stages.status().message() << "\n";
    return 2;
  }
  PublisherOptions popts;
  popts.endpoint = o.publish.empty() ? d.String("publish") : o.publish;
  popts.replay_endpoint = "";  // the daemon's replay serves the journal once it runs again
  popts.publisher_id = d.String("id");
  popts.state_db = state_db;
  popts.heartbeat_interval = d.DurationMs("heartbeat_interval");
  popts.startup_grace = std::chrono::milliseconds(0);  // the journal is the delivery path
  if (!d.String("curve_secret_key_file").empty()) {
    popts.curve_secret_key_file = config->Resolve(d.String("curve_secret_key_file"));
    popts.curve_allow_file = config->Resolve(d.String("curve_allow_file"));
  }
  auto publisher = Publisher::Start(popts, SystemClock::Instance());
  if (!publisher.ok()) {
    std::cerr << "newswatch backfill: " << publisher.status().message()
              << " (is newswatchd running? stop it during a backfill)\n";
    return 1;
  }
  FetcherOptions fopts;
  fopts.max_connections = static_cast<size_t>(d.Int("max_connections"));
  fopts.per_host_concurrency = static_cast<size_t>(d.Int("per_host_concurrency"));
  fopts.per_host_min_gap = d.DurationMs("per_host_gap");
  auto fetcher = CurlFetcher::Create(fopts, SystemClock::Instance());
  if (!fetcher.ok()) {
    std::cerr << "newswatch backfill: " << fetcher.status().ToString() << "\n";
    return 1;
  }

  Progress progress(state_dir / "backfill.json");
  const std::string since_key = o.since.empty() ? "" : o.since;
  progress.Load(since_key, o.restart);
  SourceEnvironment env{config->base_dir, d.String("user_agent")};
  int exit_code = 0;
  uint64_t published_total = 0;
  for (const SourceConfig* base : chosen) {
    if (progress.Done(base->id)) {
      std::cout << base->id << ": already backfilled to " << since_text << "\n";
      continue;
    }
    std::set<std::string> seen_urls;  // a page that repeats the last one ends the walk
    uint64_t published = 0;
    int64_t page = progress.NextPage(base->id);
    if (page > 1) std::cout << base->id << ": resuming at page " << page << "\n";
    bool done = false, failed = false;
    for (; page <= o.max_pages && !done; ++page) {
      std::optional<SourceConfig> sc =
          PageConfig(*base, page, std::max<int64_t>(1, now - since_unix) + 86400);
      if (!sc) {
        done = true;
        break;
      }
      auto source = FindSourceType(sc->type)->create(*sc, env);
      if (!source.ok()) {
        std::cerr << "newswatch backfill: " << source.status().message() << "\n";
        failed = true;
        break;
      }
      PollContext context;
      context.now_unix = now;
      PollResult poll = RunSourcePoll(**source, **fetcher, context, std::chrono::minutes(10));
      if (!poll.error.ok() || !poll.finished) {
        std::cerr << "newswatch backfill: " << base->id << " page " << page << ": "
                  << (poll.error.ok() ? "timed out" : poll.error.ToString())
                  << " (run again to resume here)\n";
        failed = true;
        break;
      }
      size_t fresh = 0, old = 0, dated = 0;
      for (Article& a : poll.articles) {
        if (!seen_urls.insert(a.url).second) continue;
        ++fresh;
        if (a.published) {
          ++dated;
          if (a.published->unix_seconds < since_unix) {
            ++old;
            continue;
          }
        }
        a.backfill = true;
        a.fetched = Timestamp{now, 0};
        const StagesOutcome outcome = RunStages(*stages, a);
        if (outcome.dropped_at != stages->size()) continue;
        (*publisher)->Publish(OutgoingEvent::ForArticle(std::move(a)));
        ++published;
      }
      // The walk ends at an empty page, a page that only repeats, or a page whose dated items
      // are all older than --since (the source drops those a day older than --since before
      // fetching their pages: the day's margin keeps time zones and clocks out of it; the
      // rest are dropped here).
      done = fresh == 0 || (dated > 0 && old == dated);
      if (Status s = (*publisher)->Flush(std::chrono::seconds(60)); !s.ok()) {
        std::cerr << "newswatch backfill: " << s.ToString() << "\n";
        failed = true;
        break;
      }
      if (Status s = progress.Save(since_key, base->id, page + 1, done); !s.ok()) {
        std::cerr << "newswatch backfill: " << s.ToString() << "\n";
      }
    }
    if (!failed && !done) {  // --max-pages reached
      (void)progress.Save(since_key, base->id, page, false);
    }
    std::cout << base->id << ": " << published << " published"
              << (failed ? ", stopped by an error"
                  : done ? ", done"
                         : ", page limit reached")
              << "\n";
    published_total += published;
    if (failed) exit_code = 1;
  }
  (*publisher)->Stop();
  std::cout << "backfill to " << since_text << ": " << published_total << " published\n";
  return exit_code;
}

}  // namespace

void AddBackfillCommand(CLI::App& app, CommandContext& ctx) {
  auto opts = std::make_shared<BackfillOptions>();
  CLI::App* cmd = app.add_subcommand(
      "backfill",
      "Walk sources' pagination back to a date and publish what they find, marked "
      "as backfill (run while newswatchd is stopped; resumable)");
  cmd->add_option("-c,--config", opts->config,
                  std::string("Daemon configuration (default ") + kDefaultConfig + ")");
  cmd->add_option("--since", opts->since,
                  "Oldest publication date wanted, YYYY-MM-DD "
                  "(default: one year back)");
  cmd->add_option("--source", opts->sources,
                  "Only this source (repeatable; default: every "
                  "enabled source)");
  cmd->add_option("--max-pages", opts->max_pages, "Pages walked per source at most (default 100)");
  cmd->add_flag("--restart", opts->restart, "Ignore the saved progress and start over");
  cmd->add_option("--state", opts->state_dir, "State directory (overrides daemon.state_dir)");
  cmd->add_option("--publish", opts->publish, "Publish endpoint (overrides daemon.publish)");
  cmd->callback([opts, &ctx] { ctx.exit_code = Run(*opts); });
}

}  // namespace newswatch::cli

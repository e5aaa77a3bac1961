// `newswatch status [--config FILE] [--state DIR]`: reads newswatchd's state
// database and prints one row per source: health, last success, last error,
// next poll, and the articles published from it in the last 24 hours.
// Read-only in intent: it never creates a state database that does not exist.
#include <algorithm>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "daemon/cli/commands.h"
#include "daemon/config/daemon_config.h"
#include "daemon/publish/event_codec.h"
#include "daemon/sources/source_registry.h"
#include "daemon/store/state_store.h"

namespace newswatch::cli {
namespace {

namespace fs = std::filesystem;

constexpr char kDefaultConfig[] = "/etc/newswatch/newswatch.yaml";
constexpr int64_t kDay = 24 * 3600;

struct StatusOptions {
  std::string config;
  std::string state_dir;
  int64_t now_unix = 0;  // 0: the real time (tests pin it)
};

struct Row {
  std::string source, state, last_success, last_error, next_poll;
  int64_t items_day = 0;
};

// "3m ago", "in 2h", "now"; `t` == 0 prints "never".
std::string Relative(int64_t t, int64_t now) {
  if (t == 0) return "never";
  const int64_t d = t - now;
  const int64_t a = d < 0 ? -d : d;
  if (a < 5) return "now";
  std::string amount;
  if (a < 120) {
    amount = std::to_string(a) + "s";
  } else if (a < 2 * 3600) {
    amount = std::to_string(a / 60) + "m";
  } else if (a < 2 * kDay) {
    amount = std::to_string(a / 3600) + "h";
  } else {
    amount = std::to_string(a / kDay) + "d";
  }
  return d < 0 ? amount + " ago" : "in " + amount;
}

std::string Utc(int64_t t) {
  if (t == 0) return "";
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d %H:%MZ", &tm);
  return buf;
}

std::string When(int64_t t, int64_t now) {
  return t == 0 ? "never" : Utc(t) + " (" + Relative(t, now) + ")";
}

// The first sequence whose event was journaled at or after `since`: a binary
// search over sequences (journal time grows with the sequence), so a month of
// journal costs a few dozen one-row reads.
Result<uint64_t> FirstSequenceSince(StateStore& store, int64_t since) {
  uint64_t lo = 0, hi = store.LastSequence();  // answer: first entry after `lo`
  while (lo < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    auto entries = store.ReadJournal(mid, "", 1);
    if (!entries.ok()) return entries.status();
    if (entries->empty() || (*entries)[0].created_unix >= since) {
      hi = mid;
    } else {
      lo = (*entries)[0].sequence;
    }
  }
  return lo;
}

// Articles published per source since `since`, read from the journal.
Result<std::map<std::string, int64_t>> PublishedSince(StateStore& store, int64_t since) {
  std::map<std::string, int64_t> counts;
  auto first = FirstSequenceSince(store, since);
  if (!first.ok()) return first.status();
  uint64_t after = *first;
  while (true) {
    auto page = store.ReadJournal(after, "article.", 500);
    if (!page.ok()) return page.status();
    for (const JournalEntry& e : *page) {
      after = e.sequence;
      if (e.created_unix < since) continue;
      auto event = ParseEvent(e.payload);
      if (event.ok() && event->has_article()) ++counts[event->article().source_id()];
    }
    if (page->size() < 500) break;
  }
  return counts;
}

void PrintTable(const std::vector<Row>& rows) {
  const std::vector<std::string> head = {"SOURCE",    "STATE", "LAST SUCCESS",
                                         "NEXT POLL", "24H",   "LAST ERROR"};
  std::vector<size_t> width(head.size());
  auto cells = [](const Row& r) {
    return std::vector<std::string>{
        r.source, r.state, r.last_success, r.next_poll, std::to_string(r.items_day), r.last_error};
  };
  for (size_t i = 0; i < head.size(); ++i) width[i] = head[i].size();
  for (const Row& r : rows) {
    const auto c = cells(r);
    for (size_t i = 0; i + 1 < c.size(); ++i) width[i] = std::max(width[i], c[i].size());
  }
  auto print = [&](const std::vector<std::string>& c) {
    std::string line;
    for (size_t i = 0; i < c.size(); ++i) {
      line += c[i];
      if (i + 1 < c.size()) line += std::string(width[i] - c[i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    std::cout << line << "\n";
  };
  print(head);
  for (const Row& r : rows) print(cells(r));
}

int Run(const StatusOptions& opts) {
  std::vector<std::pair<std::string, bool>> configured;  // id, enabled
  fs::path state_dir = opts.state_dir;
  const std::string config_file =
      opts.config.empty() && opts.state_dir.empty() ? kDefaultConfig : opts.config;
  if (!config_file.empty()) {
    auto config = LoadDaemonConfig(config_file, SourceOptionTables());
    if (!config.ok()) {
      std::cerr << "newswatch status: " << config.status().message() << "\n";
      return 1;
    }
    for (const SourceConfig& sc : config->sources) {
      configured.emplace_back(sc.id, sc.options.Bool("enabled"));
    }
    if (state_dir.empty()) state_dir = config->Resolve(config->daemon.String("state_dir"));
  }
  const fs::path db = state_dir / "newswatch.db";
  std::error_code ec;
  if (!fs::exists(db, ec)) {
    std::cerr << "newswatch status: no state database at " << db.string()
              << " (has newswatchd run with this state directory?)\n";
    return 1;
  }
  auto store = StateStore::Open(db);
  if (!store.ok()) {
    std::cerr << "newswatch status: " << store.status().ToString() << "\n";
    return 1;
  }
  auto states = (*store)->LoadAll();
  if (!states.ok()) {
    std::cerr << "newswatch status: " << db.string() << ": " << states.status().ToString() << "\n";
    return 1;
  }
  const int64_t now = opts.now_unix != 0 ? opts.now_unix : static_cast<int64_t>(std::time(nullptr));
  auto published = PublishedSince(**store, now - kDay);
  if (!published.ok()) {
    std::cerr << "newswatch status: " << db.string() << ": " << published.status().ToString()
              << "\n";
    return 1;
  }

  std::map<std::string, const SourceFetchState*> by_id;
  for (const SourceFetchState& s : *states) by_id[s.source_id] = &s;
  std::vector<Row> rows;
  auto row_for = [&](const std::string& id, const SourceFetchState* s, std::string state) {
    Row r;
    r.source = id;
    r.items_day = published->count(id) ? published->at(id) : 0;
    if (s == nullptr) {
      r.state = state.empty() ? "never polled" : state;
      r.last_success = r.next_poll = "never";
      return r;
    }
    r.state = state.empty() ? (s->health.empty() ? "ok" : s->health) : state;
    if (s->consecutive_failures > 0)
      r.state += " (" + std::to_string(s->consecutive_failures) + "x)";
    r.last_success = When(s->last_success_unix, now);
    r.next_poll = s->next_poll_unix <= now ? "due" : When(s->next_poll_unix, now);
    r.last_error = s->last_error;
    return r;
  };
  for (const auto& [id, enabled] : configured) {
    auto it = by_id.find(id);
    rows.push_back(
        row_for(id, it == by_id.end() ? nullptr : it->second, enabled ? "" : "disabled"));
    if (it != by_id.end()) by_id.erase(it);
  }
  // Sources with state that the configuration no longer names (or no configuration was read).
  for (const auto& [id, s] : by_id) {
    rows.push_back(row_for(id, s, configured.empty() ? "" : "not configured"));
  }
  PrintTable(rows);
  return 0;
}

}  // namespace

void AddStatusCommand(CLI::App& app, CommandContext& ctx) {
  auto opts = std::make_shared<StatusOptions>();
  CLI::App* cmd =
      app.add_subcommand("status", "Print each source's state from newswatchd's state database");
  cmd->add_option("-c,--config", opts->config,
                  std::string("Daemon configuration (default ") + kDefaultConfig +
                      " unless --state is given); lists configured sources never polled");
  cmd->add_option("--state", opts->state_dir, "State directory (overrides daemon.state_dir)");
  cmd->add_option("--now", opts->now_unix, "Pretend the time is this Unix second (for tests)")
      ->group("");
  cmd->callback([opts, &ctx] { ctx.exit_code = Run(*opts); });
}

}  // namespace newswatch::cli

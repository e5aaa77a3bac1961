// `newswatch probe SOURCE_ID [--config FILE]` (or `--type T --url U [--set KEY=VALUE]...`):
// fetches one source once, live, and shows what each step found: every HTTP exchange (method,
// status, final URL, content type and charset, size, time), the list's items (title, link,
// date), the body read from the first item's page (by the source's body selector or the
// extractor), and what the health check would say. For checking a catalogue entry from the
// user's own network before enabling it. Exit status: 0 items found, 1 the source failed or
// found nothing, 2 usage/configuration.
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

#include "daemon/cli/commands.h"
#include "daemon/config/daemon_config.h"
#include "daemon/core/clock.h"
#include "daemon/net/curl_fetcher.h"
#include "daemon/sources/body_selector.h"
#include "daemon/sources/document.h"
#include "daemon/sources/http_options.h"
#include "daemon/sources/poll_runner.h"
#include "daemon/sources/source_registry.h"
#include "daemon/text/charset.h"

namespace newswatch::cli {
namespace {

constexpr char kDefaultConfig[] = "/etc/newswatch/newswatch.yaml";

struct ProbeOptions {
  std::string source_id;
  std::string config;
  std::string type, url;
  std::vector<std::string> sets;  // KEY=VALUE
  size_t show_items = 20;
  int timeout_seconds = 60;
};

// Logs every exchange of the fetcher it wraps, in the order they finish.
class RecordingFetcher final : public HttpFetcher {
 public:
  explicit RecordingFetcher(HttpFetcher& inner) : inner_(inner) {}
  void Submit(FetchRequest request, Callback done) override {
    const std::string method =
        request.method.empty() ? (request.body.empty() ? "GET" : "POST") : request.method;
    const std::string url = request.url;
    inner_.Submit(std::move(request), [this, method, url, done](FetchResponse r) {
      Print(method, url, r);
      done(std::move(r));
    });
  }
  void RunOnce(std::chrono::milliseconds max_wait) override { inner_.RunOnce(max_wait); }
  void Wakeup() override { inner_.Wakeup(); }
  size_t Pending() const override { return inner_.Pending(); }

  static void Print(const std::string& method, const std::string& url, const FetchResponse& r) {
    std::cout << "  " << method << " " << url << "\n";
    if (!r.status.ok()) {
      std::cout << "    failed: " << r.status.ToString() << "\n";
      return;
    }
    const DecodedText text =
        DecodeToUtf8(r.body, CharsetFromContentType(r.content_type), MarkupKind::kUnknown);
    std::cout << "    HTTP " << r.http_status << ", " << r.body.size() << " bytes, "
              << (r.content_type.empty() ? "no Content-Type" : r.content_type) << ", charset "
              << text.charset
              << (text.invalid_bytes
                      ? " (" + std::to_string(text.invalid_bytes) + " bytes did not decode)"
                      : "")
              << ", " << std::fixed << std::setprecision(2)
              << std::chrono::duration<double>(r.total_time).count() << " s\n";
    if (!r.final_url.empty() && r.final_url != url) {
      std::cout << "    final URL: " << r.final_url << "\n";
    }
    if (!r.set_cookies.empty()) {
      std::cout << "    sets " << r.set_cookies.size() << " cookie(s)\n";
    }
  }

 private:
  HttpFetcher& inner_;
};

size_t Utf8Length(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Short(std::string text, size_t max_chars) {
  size_t chars = 0, i = 0;
  for (; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && ++chars > max_chars) break;
  }
  if (i < text.size()) text = text.substr(0, i) + "…";
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return text;
}

// The source's configuration: from the daemon configuration, or built from --type/--url/--set
// (validated the same way, so a typo in an option is reported as in a config file).
Result<DaemonConfig> LoadProbeConfig(const ProbeOptions& o) {
  if (o.url.empty()) {
    return LoadDaemonConfig(o.config.empty() ? kDefaultConfig : o.config, SourceOptionTables());
  }
  std::ostringstream yaml;
  yaml << "sources:\n  - id: " << (o.source_id.empty() ? "probe" : o.source_id)
       << "\n    type: " << o.type << "\n    url: '" << o.url << "'\n";
  for (const std::string& set : o.sets) {
    const size_t eq = set.find('=');
    if (eq == std::string::npos || eq == 0) {
      return ConfigError("--set " + set + ": expected KEY=VALUE");
    }
    yaml << "    " << set.substr(0, eq) << ": " << set.substr(eq + 1) << "\n";
  }
  return ParseDaemonConfig(yaml.str(), "command line", SourceOptionTables());
}

void SetBool(OptionValues& options, const std::string& name, bool value) {
  OptionValues::Value v;
  v.type = OptionType::kBool;
  v.scalar = value ? "true" : "false";
  options.Set(name, std::move(v));
}

int Run(const ProbeOptions& o) {
  if (o.url.empty() != o.type.empty() || (o.url.empty() && o.source_id.empty())) {
    std::cerr << "newswatch probe: give SOURCE_ID (from --config), or --type and --url\n";
    return 2;
  }
  auto config = LoadProbeConfig(o);
  if (!config.ok()) {
    std::cerr << "newswatch probe: " << config.status().message() << "\n";
    return 2;
  }
  const SourceConfig* found = nullptr;
  for (const SourceConfig& sc : config->sources) {
    if (o.url.empty() ? sc.id == o.source_id : true) found = &sc;
  }
  if (found == nullptr) {
    std::cerr << "newswatch probe: no source '" << o.source_id << "' in " << config->file.string()
              << "\n";
    return 2;
  }
  SourceConfig sc = *found;
  const SourceType* type = FindSourceType(sc.type);
  std::cout << "source " << sc.id << " (" << sc.type << "), " << sc.where
            << (sc.options.Bool("enabled") ? "" : ", disabled in the configuration") << "\n";
  // Step 1 reads the list only: article pages are fetched once, for the first item, below.
  for (const char* name : {"full_text", "fetch_articles"}) {
    if (sc.options.Has(name)) SetBool(sc.options, name, false);
  }
  const std::string user_agent = config->daemon.String("user_agent");
  SourceEnvironment env{config->base_dir, user_agent};
  auto source = type->create(sc, env);
  if (!source.ok()) {
    std::cerr << "newswatch probe: " << source.status().message() << "\n";
    return 2;
  }
  FetcherOptions fetcher_options;
  fetcher_options.per_host_concurrency = 1;
  fetcher_options.per_host_min_gap = std::chrono::duration_cast<std::chrono::milliseconds>(
      config->daemon.DurationMs("per_host_gap"));
  auto curl = CurlFetcher::Create(fetcher_options, SystemClock::Instance());
  if (!curl.ok()) {
    std::cerr << "newswatch probe: " << curl.status().ToString() << "\n";
    return 1;
  }
  RecordingFetcher fetcher(**curl);

  std::cout << "\n1. list\n";
  PollContext context;
  context.now_unix = ToUnixSeconds(SystemClock::Instance().Now());
  const auto timeout = std::chrono::seconds(o.timeout_seconds);
  PollResult poll = RunSourcePoll(**source, fetcher, context, timeout);
  if (!poll.finished) std::cout << "  (gave up after " << o.timeout_seconds << " s)\n";

  std::cout << "\n2. items: " << poll.items_seen << " in the list, " << poll.articles.size()
            << " with a usable link, " << poll.items_without_date << " without a date, "
            << poll.items_without_title << " without a title\n";
  for (size_t i = 0; i < poll.articles.size() && i < o.show_items; ++i) {
    const Article& a = poll.articles[i];
    std::cout << "  " << std::setw(2) << i + 1 << ". "
              << (a.published ? a.published->ToRfc3339() : std::string("(no date)")) << "  "
              << (a.title.empty() ? "(no title)" : Short(a.title, 60)) << "\n      " << a.url
              << "\n";
  }
  if (poll.articles.size() > o.show_items) {
    std::cout << "  … and " << poll.articles.size() - o.show_items << " more\n";
  }
  for (size_t i = 0; i < poll.item_errors.size() && i < 10; ++i) {
    std::cout << "  problem: " << poll.item_errors[i] << "\n";
  }

  std::cout << "\n3. first item's page\n";
  if (poll.articles.empty()) {
    std::cout << "  (no item)\n";
  } else {
    const Article& first = poll.articles.front();
    auto secrets = ResolveHttpSecrets(sc.options, env);
    auto selector = BodySelector::Create(sc);
    if (!secrets.ok() || !selector.ok()) {
      std::cout << "  " << (!secrets.ok() ? secrets.status() : selector.status()).message() << "\n";
    } else {
      FetchRequest request = MakeFetchRequest(sc.options, env, first.url, *secrets);
      request.allow_private_addresses = sc.options.Bool("allow_private");
      std::optional<FetchResponse> page;
      fetcher.Submit(request, [&page](FetchResponse r) { page = std::move(r); });
      const auto deadline = std::chrono::steady_clock::now() + timeout;
      while (!page && std::chrono::steady_clock::now() < deadline) {
        fetcher.RunOnce(std::chrono::milliseconds(100));
      }
      if (page && page->status.ok() && page->http_status < 400) {
        DocumentInput input{page->body, page->final_url.empty() ? first.url : page->final_url,
                            page->content_type, sc.id};
        auto article = ArticleFromDocument(input);
        const DecodedText html =
            DecodeToUtf8(page->body, CharsetFromContentType(page->content_type), MarkupKind::kHtml);
        std::optional<std::string> selected = selector->Apply(input.url, html.utf8);
        if (article.ok()) {
          std::cout << "  title: " << article->title << "\n  published: "
                    << (article->published ? article->published->ToRfc3339() : "(none found)")
                    << "\n";
        }
        std::string body = selected ? *selected : article.ok() ? article->body_text : "";
        std::cout << "  body: " << Utf8Length(body) << " characters, from "
                  << (selected            ? "the source's body selector"
                      : selector->empty() ? "the extractor (no body selector configured)"
                                          : "the extractor (the body selector matched "
                                            "nothing)")
                  << "\n  " << Short(body, 300) << "\n";
      } else if (page) {
        std::cout << "  the page could not be fetched\n";
      }
    }
  }

  std::cout << "\n4. health\n";
  bool broken = true;
  if (!poll.error.ok()) {
    std::cout << "  failing: " << poll.error.ToString() << "\n";
  } else if (poll.not_modified) {
    std::cout << "  ok (not modified)\n";
    broken = false;
  } else if (poll.items_seen == 0) {
    std::cout << "  broken if it stays so: the list yielded no items (the page or its layout "
                 "changed, or the item selector/path is wrong)\n";
  } else if (poll.articles.empty()) {
    std::cout << "  broken: items were found but none had a usable link (check link_xpath / "
                 "url_path)\n";
  } else if (poll.items_seen >= 3 && poll.items_without_date * 2 > poll.items_seen) {
    std::cout << "  ok, but " << poll.items_without_date << " of " << poll.items_seen
              << " items have no date (check date_xpath / time_path)\n";
    broken = false;
  } else {
    std::cout << "  ok\n";
    broken = false;
  }
  return broken ? 1 : 0;
}

}  // namespace

void AddProbeCommand(CLI::App& app, CommandContext& ctx) {
  auto opts = std::make_shared<ProbeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "probe",
      "Fetch one source once, live, and show what each step finds (check a source "
      "from your network before enabling it)");
  cmd->add_option("source", opts->source_id, "Source id in the configuration");
  cmd->add_option("-c,--config", opts->config,
                  std::string("Daemon configuration (default ") + kDefaultConfig + ")");
  cmd->add_option("--type", opts->type, "Instead of a configured source: its type (json, ...)");
  cmd->add_option("--url", opts->url, "Instead of a configured source: its url");
  cmd->add_option("--set", opts->sets, "With --url: another option, KEY=VALUE (repeatable)");
  cmd->add_option("--items", opts->show_items, "Items listed (default 20)");
  cmd->add_option("--timeout", opts->timeout_seconds, "Seconds allowed per step (default 60)");
  cmd->callback([opts, &ctx] { ctx.exit_code = Run(*opts); });
}

}  // namespace newswatch::cli

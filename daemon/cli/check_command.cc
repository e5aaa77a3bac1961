// newswatch check FILE|URL...: the daemon's pipeline on documents, without
// the daemon. One JSON line per document (per entry for feeds).
#include <google/protobuf/util/json_util.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "daemon/cli/commands.h"
#include "daemon/cli/default_profiles.h"
#include "daemon/feed/feed_parser.h"
#include "daemon/net/curl_fetcher.h"
#include "daemon/pipeline/pipeline_runner.h"
#include "daemon/publish/event_codec.h"
#include "daemon/sources/document.h"
#include "daemon/text/charset.h"
#include "filters/pipeline_stages.h"
#include "filters/relevance/explain.h"

namespace newswatch::cli {
namespace {

namespace fs = std::filesystem;

struct CheckOptions {
  std::vector<std::string> inputs;
  std::vector<std::string> profiles;
  std::string config;
  bool explain = false;
};

struct Loaded {
  std::string bytes;
  std::string url;
  std::string content_type;
};

Result<Loaded> Load(const std::string& input) {
  Loaded out;
  if (input.rfind("http://", 0) == 0 || input.rfind("https://", 0) == 0) {
    FetchRequest request;
    request.url = input;
    FetchResponse response = FetchBlocking(request);
    if (!response.status.ok()) return response.status.WithContext(input);
    if (response.http_status >= 400) {
      return HttpError(input + ": HTTP " + std::to_string(response.http_status));
    }
    out.bytes = std::move(response.body);
    out.url = response.final_url.empty() ? input : response.final_url;
    out.content_type = response.content_type;
    return out;
  }
  std::ifstream in(input, std::ios::binary);
  if (!in) return NotFound(input + ": cannot read file");
  std::stringstream buffer;
  buffer << in.rdbuf();
  out.bytes = buffer.str();
  out.url = "file://" + fs::absolute(input).lexically_normal().string();
  return out;
}

std::string ArticleJson(const Article& article) {
  std::string json;
  // The same JSON mapping as `newswatch tail` (protobuf's, lowerCamelCase names).
  (void)google::protobuf::util::MessageToJsonString(ToProto(article), &json);
  return json;
}

void PrintExplained(const Article& a) {
  std::cout << "== " << (a.title.empty() ? "(no title)" : a.title) << "\n"
            << "   " << a.url << "\n"
            << ExplainRelevance(a.relevance);
  if (a.facts.primary_region) {
    std::cout << "   region: " << a.facts.primary_region->name << " ("
              << a.facts.primary_region->code << ")\n";
  }
  if (!a.facts.issuer.name.empty()) std::cout << "   issuer: " << a.facts.issuer.name << "\n";
  if (!a.facts.document_number.empty()) {
    std::cout << "   document number: " << a.facts.document_number << "\n";
  }
  std::cout << "\n";
}

int Run(const CheckOptions& opts) {
  auto profiles = ResolveProfiles(opts.profiles, opts.config);
  if (!profiles.ok()) {
    std::cerr << "newswatch check: " << profiles.status().message() << "\n";
    return 1;
  }
  PipelineSettings settings;
  settings.profiles = *profiles;
  settings.publish_all = true;
  auto stages = BuildPipeline(settings);
  if (!stages.ok()) {
    std::cerr << "newswatch check: " << stages.status().message() << "\n";
    return 1;
  }
  int exit_code = 0;
  for (const std::string& input : opts.inputs) {
    auto loaded = Load(input);
    if (!loaded.ok()) {
      std::cerr << "newswatch check: " << loaded.status().message() << "\n";
      exit_code = 1;
      continue;
    }
    std::vector<Article> articles;
    if (LooksLikeFeed(loaded->bytes)) {
      FeedParseOptions fo;
      fo.base_url = loaded->url;
      fo.http_charset = CharsetFromContentType(loaded->content_type);
      auto feed = ParseFeed(loaded->bytes, fo);
      if (!feed.ok()) {
        std::cerr << "newswatch check: " << input << ": " << feed.status().message() << "\n";
        exit_code = 1;
        continue;
      }
      articles = ArticlesFromFeed(*feed, "check", loaded->url);
    } else {
      auto article =
          ArticleFromDocument({loaded->bytes, loaded->url, loaded->content_type, "check"});
      if (!article.ok()) {
        std::cerr << "newswatch check: " << input << ": " << article.status().message() << "\n";
        exit_code = 1;
        continue;
      }
      articles.push_back(std::move(article).value());
    }
    for (Article& article : articles) {
      const StagesOutcome outcome = RunStages(*stages, article);
      if (outcome.dropped_at != stages->size() && outcome.result.reason == "empty") {
        std::cerr << "newswatch check: " << input << ": document is empty\n";
        exit_code = 1;
        continue;
      }
      if (opts.explain) {
        PrintExplained(article);
      } else {
        std::cout << ArticleJson(article) << "\n";
      }
    }
  }
  return exit_code;
}

}  // namespace

void AddCheckCommand(CLI::App& app, CommandContext& ctx) {
  auto opts = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand(
      "check", "Run the pipeline on documents (HTML, Markdown, text, feeds) and print verdicts");
  cmd->add_option("inputs", opts->inputs, "Files or http(s) URLs")->required();
  cmd->add_option("-p,--profile", opts->profiles, "Topic profile file or name (repeatable)");
  cmd->add_option("-c,--config", opts->config, "Use the profiles of this daemon configuration");
  cmd->add_flag("--explain", opts->explain, "Print a readable explanation instead of JSON");
  cmd->callback([opts, &ctx] { ctx.exit_code = Run(*opts); });
}

}  // namespace newswatch::cli

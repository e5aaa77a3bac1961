// newswatch parse-feed FILE: parses one RSS / RDF / Atom / CDF file the way the daemon does and
// prints it as one JSON object (the FeedToJson contract, daemon/feed/feed_json.h), streamed as
// it is written: one line, or indented with --pretty.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "daemon/cli/commands.h"
#include "daemon/cli/json_stream.h"
#include "daemon/cli/read_input.h"
#include "daemon/feed/feed_parser.h"

namespace newswatch::cli {
namespace {

struct ParseFeedOptions {
  std::string file;
  std::string base_url;
  std::string charset;
  bool warnings = false;
  bool pretty = false;
};

void TimeOrEmpty(JsonStream& json, const std::optional<Timestamp>& t) {
  json.String(t ? t->ToRfc3339Utc() : std::string());
}

// The keys and order of FeedToJson; tests/cli/json_stream_test.cc holds the two together.
void WriteFeed(const ParsedFeed& feed, JsonStream& json) {
  json.BeginObject();
  json.Key("format");
  json.String(FeedFormatName(feed.format));
  json.Key("title");
  json.String(feed.title);
  json.Key("link");
  json.String(feed.link);
  json.Key("subtitle");
  json.String(feed.subtitle);
  json.Key("updated");
  TimeOrEmpty(json, feed.updated);
  json.Key("entries");
  json.BeginArray();
  for (const FeedEntry& e : feed.entries) {
    json.BeginObject();
    for (const auto& [key, value] : {std::pair<const char*, const std::string&>{"id", e.id},
                                     {"title", e.title},
                                     {"link", e.link}}) {
      json.Key(key);
      json.String(value);
    }
    json.Key("published");
    TimeOrEmpty(json, e.published);
    json.Key("updated");
    TimeOrEmpty(json, e.updated);
    for (const auto& [key, value] : {std::pair<const char*, const std::string&>{"author", e.author},
                                     {"summary", e.summary},
                                     {"content", e.content},
                                     {"safe_summary", e.safe_summary},
                                     {"safe_content", e.safe_content}}) {
      json.Key(key);
      json.String(value);
    }
    json.Key("categories");
    json.BeginArray();
    for (const std::string& c : e.categories) json.String(c);
    json.EndArray();
    json.Key("enclosures");
    json.BeginArray();
    for (const FeedEnclosure& enc : e.enclosures) {
      json.BeginObject();
      json.Key("url");
      json.String(enc.url);
      json.Key("type");
      json.String(enc.type);
      json.Key("length");
      json.Int(enc.length);
      json.EndObject();
    }
    json.EndArray();
    json.EndObject();
  }
  json.EndArray();
  json.EndObject();
}

int RunParseFeed(const ParseFeedOptions& opt) {
  Result<InputFile> input = InputFile::Open(opt.file);
  if (!input.ok()) {
    std::fprintf(stderr, "parse-feed: %s\n", input.status().message().c_str());
    return 1;
  }
  FeedParseOptions options;
  options.base_url = opt.base_url;
  options.http_charset = opt.charset;
  options.sanitize_html = true;  // the JSON offers safe_summary / safe_content
  const Result<ParsedFeed> feed = ParseFeed(input->bytes(), options);
  if (!feed.ok()) {
    std::fprintf(stderr, "parse-feed: %s is not a usable feed: %s\n", opt.file.c_str(),
                 feed.status().ToString().c_str());
    return 1;
  }
  if (opt.warnings) {
    for (const std::string& w : feed->warnings) {
      std::fprintf(stderr, "parse-feed: %s: %s\n", opt.file.c_str(), w.c_str());
    }
  }
  JsonStream json(stdout, opt.pretty);
  WriteFeed(*feed, json);
  if (!json.Flush()) {
    std::fprintf(stderr, "parse-feed: cannot write the output: %s\n", std::strerror(errno));
    return 1;
  }
  return 0;
}

}  // namespace

void AddParseFeedCommand(CLI::App& app, CommandContext& ctx) {
  auto opt = std::make_shared<ParseFeedOptions>();
  CLI::App* cmd =
      app.add_subcommand("parse-feed", "Parse an RSS/RDF/Atom/CDF file and print it as JSON");
  cmd->add_option("FILE", opt->file, "The feed file")->required();
  cmd->add_option("--base-url", opt->base_url, "URL the feed came from (resolves relative links)");
  cmd->add_option("--charset", opt->charset, "Charset from HTTP; overrides the XML declaration");
  cmd->add_flag("--warnings", opt->warnings, "Print XML errors recovered from to stderr");
  cmd->add_flag("--pretty", opt->pretty, "Indent the JSON for people (default: one line)");
  cmd->callback([opt, &ctx] { ctx.exit_code = RunParseFeed(*opt); });
}

}  // namespace newswatch::cli

// newswatch parse-feed FILE: parses one RSS / RDF / Atom file the way the daemon does and prints
// it as one JSON object (FeedToJson), for checking a feed before subscribing to it.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "daemon/cli/commands.h"
#include "daemon/feed/feed_json.h"
#include "daemon/feed/feed_parser.h"

namespace newswatch::cli {
namespace {

struct ParseFeedOptions {
  std::string file;
  std::string base_url;
  std::string charset;
  bool warnings = false;
};

int RunParseFeed(const ParseFeedOptions& opt) {
  std::ifstream in(opt.file, std::ios::binary);
  if (!in) {
    std::cerr << "parse-feed: cannot read " << opt.file << ": " << std::strerror(errno) << "\n";
    return 1;
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) {
    std::cerr << "parse-feed: cannot read " << opt.file << ": read error\n";
    return 1;
  }
  FeedParseOptions options;
  options.base_url = opt.base_url;
  options.http_charset = opt.charset;
  const Result<ParsedFeed> feed = ParseFeed(bytes.str(), options);
  if (!feed.ok()) {
    std::cerr << "parse-feed: " << opt.file << " is not a usable feed: "
              << feed.status().ToString() << "\n";
    return 1;
  }
  if (opt.warnings) {
    for (const std::string& w : feed->warnings) {
      std::cerr << "parse-feed: " << opt.file << ": " << w << "\n";
    }
  }
  std::cout << FeedToJson(*feed).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
  return 0;
}

}  // namespace

void AddParseFeedCommand(CLI::App& app, CommandContext& ctx) {
  auto opt = std::make_shared<ParseFeedOptions>();
  CLI::App* cmd = app.add_subcommand("parse-feed", "Parse an RSS/RDF/Atom file and print it as JSON");
  cmd->add_option("FILE", opt->file, "The feed file")->required();
  cmd->add_option("--base-url", opt->base_url, "URL the feed came from (resolves relative links)");
  cmd->add_option("--charset", opt->charset, "Charset from HTTP; overrides the XML declaration");
  cmd->add_flag("--warnings", opt->warnings, "Print XML errors recovered from to stderr");
  cmd->callback([opt, &ctx] { ctx.exit_code = RunParseFeed(*opt); });
}

}  // namespace newswatch::cli

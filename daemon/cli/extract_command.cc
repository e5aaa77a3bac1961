// `newswatch extract FILE [--url URL]`: extracts the article from a saved HTML page and prints
// it as one JSON object {"title","published","author","source","text"}.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

#include "daemon/cli/commands.h"
#include "daemon/extract/article_extractor.h"
#include "daemon/extract/extracted_json.h"
#include "daemon/text/charset.h"

namespace newswatch::cli {

void AddExtractCommand(CLI::App& app, CommandContext& ctx) {
  struct Options {
    std::string file;
    std::string url;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("extract", "Extract the main article from an HTML file");
  cmd->add_option("FILE", options->file, "HTML page to read")->required();
  cmd->add_option("--url", options->url, "The page's address (resolves dates in URLs)");
  cmd->callback([options, &ctx] {
    std::ifstream in(options->file, std::ios::binary);
    if (!in) {
      std::cerr << "newswatch extract: " << options->file << ": cannot open file\n";
      ctx.exit_code = 1;
      return;
    }
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const DecodedText decoded = DecodeToUtf8(bytes, "", MarkupKind::kHtml);
    ExtractOptions extract_options;
    extract_options.url = options->url;
    Result<ExtractedArticle> article = ExtractArticle(decoded.utf8, extract_options);
    if (!article.ok()) {
      std::cerr << "newswatch extract: " << options->file << ": " << article.status().ToString()
                << "\n";
      ctx.exit_code = 1;
      return;
    }
    std::cout << ExtractedToJson(*article).dump(2, ' ', false,
                                                nlohmann::json::error_handler_t::replace)
              << "\n";
    ctx.exit_code = 0;
  });
}

}  // namespace newswatch::cli

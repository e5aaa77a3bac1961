// `newswatch extract FILE [--url URL]`: extracts the article from a saved HTML page and prints
// it as one JSON object {"title","published","author","source","text"} (the ExtractedToJson
// contract, daemon/extract/extracted_json.h), streamed: one line, or indented with --pretty.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "daemon/cli/commands.h"
#include "daemon/cli/json_stream.h"
#include "daemon/cli/read_input.h"
#include "daemon/extract/article_extractor.h"
#include "daemon/text/charset.h"

namespace newswatch::cli {

void AddExtractCommand(CLI::App& app, CommandContext& ctx) {
  struct Options {
    std::string file;
    std::string url;
    bool pretty = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("extract", "Extract the main article from an HTML file");
  cmd->add_option("FILE", options->file, "HTML page to read")->required();
  cmd->add_option("--url", options->url,
                  "The page's address (a date in it, the post a #fragment names)");
  cmd->add_flag("--pretty", options->pretty, "Indent the JSON for people (default: one line)");
  cmd->callback([options, &ctx] {
    ctx.exit_code = 1;
    Result<InputFile> input = InputFile::Open(options->file);
    if (!input.ok()) {
      std::fprintf(stderr, "newswatch extract: %s\n", input.status().message().c_str());
      return;
    }
    const DecodedText decoded = DecodeToUtf8(input->bytes(), "", MarkupKind::kHtml);
    ExtractOptions extract_options;
    extract_options.url = options->url;
    Result<ExtractedArticle> article = ExtractArticle(decoded.utf8, extract_options);
    if (!article.ok()) {
      std::fprintf(stderr, "newswatch extract: %s: %s\n", options->file.c_str(),
                   article.status().ToString().c_str());
      return;
    }
    JsonStream json(stdout, options->pretty);
    json.BeginObject();
    json.Key("title");
    json.String(article->title);
    json.Key("published");
    json.String(article->published ? article->published->ToRfc3339() : std::string());
    json.Key("author");
    json.String(article->author);
    json.Key("source");
    json.String(article->source);
    json.Key("text");
    json.String(article->text);
    json.EndObject();
    if (!json.Flush()) {
      std::fprintf(stderr, "newswatch extract: cannot write the output: %s\n",
                   std::strerror(errno));
      return;
    }
    ctx.exit_code = 0;
  });
}

}  // namespace newswatch::cli

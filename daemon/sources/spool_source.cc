#include "daemon/sources/spool_source.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "daemon/sources/document.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;

class SpoolSource final : public Source {
 public:
  SpoolSource(const SourceConfig& config, fs::path dir, std::vector<std::string> extensions,
              uint64_t max_file)
      : Source(config.id, config.type),
        dir_(std::move(dir)),
        extensions_(std::move(extensions)),
        max_file_(max_file) {}

  PollStep StartPoll(const PollContext&) override {
    PollStep step;
    std::error_code ec;
    if (!fs::is_directory(dir_, ec)) {
      step.error = NotFound("spool folder does not exist: " + dir_.string());
      return step;
    }
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(dir_, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (!it->is_regular_file(ec)) continue;
      const fs::path& p = it->path();
      const std::string name = p.filename().string();
      if (name.empty() || name.front() == '.') continue;
      if (!Wanted(p.extension().string())) continue;
      files.push_back(p);
    }
    if (ec) {
      step.error = IoError("cannot list spool folder " + dir_.string() + ": " + ec.message());
      return step;
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& p : files) {
      const auto size = fs::file_size(p, ec);
      const auto mtime = fs::last_write_time(p, ec);
      if (ec) continue;
      const std::string key = p.string() + "|" + std::to_string(size) + "|" +
                              std::to_string(mtime.time_since_epoch().count());
      if (done_.count(key)) continue;
      done_.insert(key);
      ++step.items_seen;
      if (size > max_file_) {
        step.item_errors.push_back(p.string() + ": larger than max_file");
        continue;
      }
      std::ifstream in(p, std::ios::binary);
      std::stringstream buffer;
      buffer << in.rdbuf();
      const std::string bytes = buffer.str();
      DocumentInput input{bytes, "file://" + fs::absolute(p).lexically_normal().string(), "", id()};
      auto article = ArticleFromDocument(input);
      if (!article.ok()) {
        step.item_errors.push_back(p.string() + ": " + article.status().message());
        continue;
      }
      if (!article->published) ++step.items_without_date;
      step.articles.push_back(std::move(article).value());
    }
    return step;
  }

  PollStep OnFetched(uint64_t, const FetchResponse&) override { return {}; }

 private:
  bool Wanted(std::string ext) const {
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return std::find(extensions_.begin(), extensions_.end(), ext) != extensions_.end();
  }

  fs::path dir_;
  std::vector<std::string> extensions_;
  uint64_t max_file_;
  std::set<std::string> done_;  // path|size|mtime of files already read
};

}  // namespace

SourceType SpoolSourceType() {
  SourceType t;
  t.name = "spool";
  t.help = "A local folder: each new .html, .htm, .md or .txt file is one article.";
  t.options = {
      {"path", OptionType::kString, "", "The folder (relative to the config file).", true},
      {"extensions", OptionType::kStringList, "", "File extensions read (default .html .htm .md .txt)."},
      {"max_file", OptionType::kSize, "8MiB", "Larger files are skipped."},
  };
  t.create = [](const SourceConfig& config,
                const SourceEnvironment& env) -> Result<std::unique_ptr<Source>> {
    fs::path dir(config.options.String("path"));
    if (dir.is_relative()) dir = (env.base_dir / dir).lexically_normal();
    std::vector<std::string> ext = config.options.List("extensions");
    if (ext.empty()) ext = {".html", ".htm", ".md", ".txt"};
    for (std::string& e : ext) {
      if (e.empty() || e.front() != '.') e = "." + e;
    }
    return std::unique_ptr<Source>(
        new SpoolSource(config, std::move(dir), std::move(ext), config.options.Size("max_file")));
  };
  return t;
}

}  // namespace newswatch

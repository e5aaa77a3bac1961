#include "bench/bench_inputs.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace newswatch::bench {

namespace fs = std::filesystem;

namespace {

const fs::path kCorpus = fs::path(NW_SHARED_DIR) / "corpus";

std::vector<fs::path> Sorted(std::vector<fs::path> paths) {
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<fs::path> CorpusFeeds() {
  std::vector<fs::path> paths;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(kCorpus / "feeds", ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".xml") paths.push_back(it->path());
  }
  return Sorted(std::move(paths));
}

std::vector<fs::path> CorpusPages() {
  std::vector<fs::path> paths;
  const fs::path pages = kCorpus / "pages";
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(pages / "gne" / "tests", ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".html") paths.push_back(it->path());
  }
  for (const auto& site : fs::directory_iterator(pages / "readability-zh", ec)) {
    if (fs::exists(site.path() / "source.html")) paths.push_back(site.path() / "source.html");
  }
  for (const auto& file : fs::directory_iterator(pages / "newspaper-zh", ec)) {
    if (file.path().extension() == ".html") paths.push_back(file.path());
  }
  return Sorted(std::move(paths));
}

fs::path GeneratedFeedPath() {
  const char* env = std::getenv("NW_BENCH_FEED");
  return env ? fs::path(env) : fs::path();
}

std::vector<std::pair<std::string, std::string>> RelevanceDocuments() {
  std::vector<std::pair<std::string, std::string>> docs;
  std::vector<fs::path> items;
  std::error_code ec;
  for (const auto& f : fs::directory_iterator(kCorpus / "relevance" / "items", ec)) {
    if (f.path().extension() == ".txt") items.push_back(f.path());
  }
  for (const fs::path& p : Sorted(std::move(items))) {
    std::string text = ReadFile(p);
    std::istringstream lines(text);
    std::string title;
    while (std::getline(lines, title) && title.find_first_not_of(" \t\r") == std::string::npos) {
    }
    docs.emplace_back(title, text);
  }
  std::ifstream news(kCorpus / "negatives" / "thucnews" / "cnews.1000.txt");
  std::string line;
  while (std::getline(news, line)) {
    const size_t tab = line.find('\t');
    std::string body = tab == std::string::npos ? line : line.substr(tab + 1);
    // Title: the first sentence, at most ~30 characters, cut on a character boundary.
    size_t end = std::min<size_t>(body.find("。"), std::min<size_t>(90, body.size()));
    while (end > 0 && end < body.size() && (static_cast<unsigned char>(body[end]) & 0xC0) == 0x80) {
      --end;
    }
    std::string title = body.substr(0, end);
    docs.emplace_back(title, body);
  }
  return docs;
}

}  // namespace newswatch::bench

// The inputs every benchmark reads at run time: the shared corpus (NW_SHARED_DIR, never copied
// into the repository) and the generated feed named by $NW_BENCH_FEED. bench/peers/*.py select
// exactly the same files, so newswatch and its Python peers measure the same bytes.
// Thread-safety: plain functions over the filesystem; call them before timing starts.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace newswatch::bench {

// A file's whole content; "" if it cannot be read.
std::string ReadFile(const std::filesystem::path& path);

// Every *.xml file under corpus/feeds, sorted by path.
std::vector<std::filesystem::path> CorpusFeeds();

// The article pages: pages/gne/tests/<site>/*.html, pages/readability-zh/<site>/source.html and
// pages/newspaper-zh/*.html, sorted by path. List pages are left out.
std::vector<std::filesystem::path> CorpusPages();

// $NW_BENCH_FEED, or "" when unset.
std::filesystem::path GeneratedFeedPath();

// Documents for the relevance benchmark as (title, body): corpus/relevance/items/*.txt (title =
// first non-empty line) and the 1,000 THUCNews articles (title = first sentence).
std::vector<std::pair<std::string, std::string>> RelevanceDocuments();

}  // namespace newswatch::bench

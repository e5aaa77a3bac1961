// Compares ParseFeed with Python feedparser on the real feeds in ../shared/corpus/feeds: the
// same format, entry count, titles and links. feedparser runs at test time on the same files.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "daemon/feed/feed_parser.h"
#include "daemon/text/charset.h"
#include "tests/support/read_file.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;

const fs::path kFeeds = fs::path(NW_SHARED_DIR) / "corpus" / "feeds";

// Prints one JSON line per file: feedparser's version, and each entry's title and link. The
// HTTP charset comes from the "Header: Content-type:" comment feedparser's own tests use.
constexpr const char* kFeedparserScript = R"PY(
import feedparser, json, re, sys
for path in sys.argv[1:]:
    data = open(path, 'rb').read()
    m = re.search(rb'Header:\s*Content-type:\s*([^\r\n]*)', data[:4000])
    headers = {'content-type': m.group(1).decode('ascii', 'replace')} if m else {}
    d = feedparser.parse(data, response_headers=headers)
    print(json.dumps({'path': path, 'version': d.get('version', ''),
                      'entries': [{'title': e.get('title', ''), 'link': e.get('link', '')}
                                  for e in d.entries]}))
)PY";

using ::newswatch::testing::ReadFile;

struct PipeCloser {
  void operator()(FILE* f) const { pclose(f); }
};

// Runs feedparser over `files`; returns path -> its JSON record.
std::map<std::string, nlohmann::json> RunFeedparser(const std::vector<fs::path>& files) {
  const fs::path script = fs::path(::testing::TempDir()) / "nw_feedparser_dump.py";
  std::ofstream(script) << kFeedparserScript;
  std::string command = "/usr/bin/python3 " + script.string();
  for (const fs::path& f : files) command += " '" + f.string() + "'";
  std::map<std::string, nlohmann::json> out;
  std::unique_ptr<FILE, PipeCloser> pipe(popen(command.c_str(), "r"));
  if (!pipe) return out;
  std::string line;
  char buf[65536];
  while (fgets(buf, sizeof buf, pipe.get()) != nullptr) {
    line += buf;
    if (line.empty() || line.back() != '\n') continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!j.is_discarded() && j.contains("path")) {
      const std::string path = j["path"].get<std::string>();
      out[path] = std::move(j);
    }
    line.clear();
  }
  return out;
}

std::string OurFormatName(const std::string& feedparser_version) {
  const std::string& v = feedparser_version;
  if (v == "rss090") return "rss0.90";
  if (v.starts_with("rss091")) return "rss0.91";  // feedparser's rss091n / rss091u
  if (v == "rss092") return "rss0.92";
  if (v == "rss093") return "rss0.93";
  if (v == "rss094") return "rss0.94";
  if (v == "rss20") return "rss2.0";
  if (v == "rss") return "rss";
  if (v == "cdf") return "cdf";
  if (v == "rss10") return "rss1.0";
  if (v == "atom03") return "atom0.3";
  if (v == "atom10" || v == "atom") return "atom1.0";
  return "unknown";
}

// Whitespace runs count as one space: feedparser and we both trim, but line breaks inside a
// title are kept by both in slightly different forms.
std::string Squeeze(const std::string& s) {
  std::string out;
  bool space = false;
  for (const char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string HttpCharsetFromHeaderComment(const std::string& bytes) {
  const std::string head = bytes.substr(0, 4000);
  const size_t at = head.find("Content-type:");
  if (at == std::string::npos) return {};
  const size_t eol = head.find_first_of("\r\n", at);
  return CharsetFromContentType(head.substr(at + 13, eol - at - 13));
}

struct Agreement {
  size_t files = 0, agreeing_files = 0, entries = 0, agreeing_entries = 0;
  std::vector<std::string> disagreements;
};

// Compares one file; a file agrees when format, count and every title and link agree.
void Compare(const fs::path& path, const nlohmann::json& expected, Agreement& a) {
  ++a.files;
  const std::string bytes = ReadFile(path);
  FeedParseOptions options;
  options.http_charset = HttpCharsetFromHeaderComment(bytes);
  const Result<ParsedFeed> ours = ParseFeed(bytes, options);
  const std::string want_format = OurFormatName(expected["version"].get<std::string>());
  const auto& want_entries = expected["entries"];
  a.entries += want_entries.size();
  if (!ours.ok()) {
    if (want_format == "unknown" && want_entries.empty()) {
      ++a.agreeing_files;
    } else {
      a.disagreements.push_back(path.filename().string() + ": " + ours.status().ToString());
    }
    return;
  }
  bool same = ours->entries.size() == want_entries.size();
  std::string why = same ? ""
                         : "entries " + std::to_string(ours->entries.size()) + " vs " +
                               std::to_string(want_entries.size());
  if (std::string(FeedFormatName(ours->format)) != want_format) {
    same = false;
    why += " format " + std::string(FeedFormatName(ours->format)) + " vs " + want_format;
  }
  for (size_t i = 0; i < std::min(ours->entries.size(), want_entries.size()); ++i) {
    const std::string want_title = Squeeze(want_entries[i]["title"].get<std::string>());
    const std::string want_link = want_entries[i]["link"].get<std::string>();
    const bool title_ok = Squeeze(ours->entries[i].title) == want_title;
    const bool link_ok = ours->entries[i].link == want_link;
    if (title_ok && link_ok) {
      ++a.agreeing_entries;
    } else if (same) {
      same = false;
      why += " entry " + std::to_string(i) + (title_ok ? " link [" : " title [") +
             (title_ok ? ours->entries[i].link : ours->entries[i].title) + "] vs [" +
             (title_ok ? want_link : want_title) + "]";
    }
  }
  if (same) {
    ++a.agreeing_files;
  } else {
    a.disagreements.push_back(path.filename().string() + ":" + why);
  }
}

std::vector<fs::path> XmlFiles(const fs::path& dir, size_t limit) {
  std::vector<fs::path> files;
  if (!fs::is_directory(dir)) return files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".xml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  if (files.size() > limit) {
    // An even sample across the sorted names, not the first few.
    std::vector<fs::path> sample;
    for (size_t i = 0; i < limit; ++i) sample.push_back(files[i * files.size() / limit]);
    files = std::move(sample);
  }
  return files;
}

Agreement RunComparison(const std::vector<fs::path>& files) {
  Agreement a;
  const auto expected = RunFeedparser(files);
  for (const fs::path& f : files) {
    const auto it = expected.find(f.string());
    if (it == expected.end()) {
      ADD_FAILURE() << "feedparser produced nothing for " << f;
      continue;
    }
    Compare(f, it->second, a);
  }
  std::printf("agreement with feedparser: %zu/%zu files, %zu/%zu entries (title+link)\n",
              a.agreeing_files, a.files, a.agreeing_entries, a.entries);
  for (const std::string& d : a.disagreements) std::printf("  differs: %s\n", d.c_str());
  return a;
}

bool HaveFeedparser() {
  return std::system("/usr/bin/python3 -c 'import feedparser' >/dev/null 2>&1") == 0;
}

TEST(FeedCorpusTest, ChineseLegacyCharsetFeedsMatchFeedparser) {
  if (!HaveFeedparser()) GTEST_SKIP() << "python3-feedparser not installed";
  std::vector<fs::path> files;
  for (const char* dir :
       {"gb2312-chardet", "big5-chardet", "gb2312-jschardet", "feedparser-encoding-tests"}) {
    for (fs::path& f : XmlFiles(kFeeds / dir, 1000)) files.push_back(std::move(f));
  }
  ASSERT_GE(files.size(), 40u) << "shared corpus missing at " << kFeeds;
  const Agreement a = RunComparison(files);
  EXPECT_GE(a.agreeing_files * 100, a.files * 90);
  EXPECT_GE(a.agreeing_entries * 100, a.entries * 95);
}

TEST(FeedCorpusTest, WechatFeedsMatchFeedparser) {
  if (!HaveFeedparser()) GTEST_SKIP() << "python3-feedparser not installed";
  const std::vector<fs::path> files = XmlFiles(kFeeds / "wechat" / "selected", 60);
  ASSERT_EQ(files.size(), 60u) << "shared corpus missing at " << kFeeds;
  const Agreement a = RunComparison(files);
  EXPECT_GE(a.agreeing_files * 100, a.files * 95);
  EXPECT_GE(a.agreeing_entries * 100, a.entries * 98);
}

}  // namespace
}  // namespace newswatch

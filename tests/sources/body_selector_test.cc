// The catalogue's body XPaths on real article pages from ../shared/corpus/pages (Sina news and
// finance, People's Daily, the Zhejiang development commission, the Shanxi government), and
// the per-host choice between them.
#include "daemon/sources/body_selector.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "daemon/config/daemon_config.h"
#include "daemon/sources/source_registry.h"
#include "daemon/text/charset.h"
#include "tests/support/read_file.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;
const fs::path kPages = fs::path(NW_SHARED_DIR) / "corpus/pages/gne/tests";

const SourceConfig& CatalogueSource(const std::string& id) {
  static const DaemonConfig config = [] {
    auto c =
        LoadDaemonConfig(fs::path(NW_SOURCE_DIR) / "config/newswatch.yaml", SourceOptionTables());
    EXPECT_TRUE(c.ok()) << c.status().ToString();
    return c.ok() ? std::move(c).value() : DaemonConfig{};
  }();
  for (const SourceConfig& s : config.sources) {
    if (s.id == id) return s;
  }
  ADD_FAILURE() << "no catalogue source " << id;
  static const SourceConfig kNone;
  return kNone;
}

size_t Chars(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::optional<std::string> BodyOf(const std::string& source_id, const std::string& url,
                                  const fs::path& page) {
  auto selector = BodySelector::Create(CatalogueSource(source_id));
  EXPECT_TRUE(selector.ok()) << selector.status().ToString();
  if (!selector.ok()) return std::nullopt;
  const std::string bytes = testing::ReadFile(page);
  EXPECT_FALSE(bytes.empty()) << page;
  const DecodedText text = DecodeToUtf8(bytes, "", MarkupKind::kHtml);
  return selector->Apply(url, text.utf8);
}

TEST(BodySelectorTest, SinaSelectorsPickTheBodyPerHost) {
  struct Case {
    const char* file;
    const char* url;
  };
  // News pages keep the body in #article, finance/tech pages in #artibody.
  for (const Case& c : {Case{"sina/1.html", "https://news.sina.com.cn/c/2019-01-01/doc-1.shtml"},
                        Case{"sina/5.html", "https://news.sina.com.cn/c/2019-01-01/doc-5.shtml"},
                        Case{"sina/2.html", "https://finance.sina.com.cn/roll/doc-2.shtml"},
                        Case{"sina/3.html", "https://finance.sina.com.cn/roll/doc-3.shtml"},
                        Case{"sina/4.html", "https://tech.sina.com.cn/i/doc-4.shtml"}}) {
    auto body = BodyOf("sina-finance-china", c.url, kPages / c.file);
    ASSERT_TRUE(body.has_value()) << c.file;
    EXPECT_GT(Chars(*body), 200u) << c.file << ": " << *body;
  }
  // The finance selector on a news page finds nothing: the extractor's body is kept.
  EXPECT_FALSE(
      BodyOf("sina-finance-china", "https://finance.sina.com.cn/x.shtml", kPages / "sina/1.html")
          .has_value());
}

TEST(BodySelectorTest, PressAndGovernmentSelectorsMatchRealPages) {
  auto people = BodyOf("people-politics", "http://politics.people.com.cn/n1/2019/x.html",
                       kPages / "people/1.html");
  ASSERT_TRUE(people.has_value());
  EXPECT_GT(Chars(*people), 200u) << *people;

  auto zoom =
      BodyOf("zj-fzggw-gfxwj", "https://fzggw.zj.gov.cn/art/2016/x.html", kPages / "gzggw/1.html");
  ASSERT_TRUE(zoom.has_value());
  EXPECT_GT(Chars(*zoom), 100u) << *zoom;

  auto trs = BodyOf("ndrc-tz", "https://www.ndrc.gov.cn/xxgk/zcfb/tz/202404/t1.html",
                    kPages / "shanxi/1.html");
  ASSERT_TRUE(trs.has_value());
  EXPECT_GT(Chars(*trs), 100u) << *trs;
}

}  // namespace
}  // namespace newswatch

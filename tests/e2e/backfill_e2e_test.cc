// End to end: `newswatch backfill` walks a loopback site's 20 pages of history back to a
// date, politely (one page at a time through the daemon's fetcher), runs the pipeline and
// journals the relevant articles as events marked backfill; interrupted by a failing page,
// it resumes at that page on the next run without fetching the earlier list pages again or
// publishing anything twice.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>

#include "daemon/publish/event_codec.h"
#include "daemon/store/state_store.h"
#include "tests/e2e/child_process.h"
#include "tests/e2e/daemon_once.h"
#include "tests/support/http_server.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testing::ChildProcess;

constexpr const char* kCli = NW_BINARY_DIR "/daemon/app/newswatch";
constexpr int kPages = 20, kPerPage = 3;
constexpr int64_t kNewest = 1719705600;  // 2024-06-30 08:00 +08:00

// Item n (0 = newest) is dated n days before 2024-06-30.
std::string DateOf(int n) {
  const int64_t t = kNewest - int64_t{n} * 86400;
  return Timestamp{t, 480}.ToRfc3339().substr(0, 10);
}

std::string ArticlePage(int n) {
  const std::string title = "第" + std::to_string(n) + "号 测试区关于促进元宇宙产业发展的若干措施";
  return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + title +
         "</title></head><body><div class=\"nav\">首页</div><h1>" + title +
         "</h1><div class=\"info\">发布时间：" + DateOf(n) +
         " 来源：测试区经济和信息化局</div><div class=\"content\"><p>各有关单位：为加快推动元宇宙"
         "产业高质量发展，测试区经济和信息化局制定了第" +
         std::to_string(n) +
         "号《测试区促进元宇宙产业高质量发展的若干措施》，现印发给你们，请认真贯彻执行。</p>"
         "<p>一、对元宇宙企业关键技术研发投入给予最高300万元支持。</p><p>二、对新认定的元宇宙"
         "示范应用场景给予最高100万元奖励，到2026年打造20个以上示范场景。</p><p>三、支持建设元"
         "宇宙公共服务平台，对平台建设投入给予30%补贴。本措施自印发之日起施行。</p></div>"
         "<div class=\"foot\">版权所有</div></body></html>";
}

class BackfillE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("newswatch-backfill-e2e-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    for (int p = 1; p <= kPages; ++p) {
      std::string list = "<html><head><meta charset=\"utf-8\"></head><body><ul class=\"list\">";
      for (int i = 0; i < kPerPage; ++i) {
        const int n = (p - 1) * kPerPage + i;
        list += "<li><a href=\"./a/" + std::to_string(n) + ".html\">第" + std::to_string(n) +
                "号 测试区关于促进元宇宙产业发展的若干措施</a><span>" + DateOf(n) + "</span></li>";
        server_.Serve("/col/a/" + std::to_string(n) + ".html", ArticlePage(n),
                      "text/html; charset=utf-8");
      }
      list += "</ul></body></html>";
      const std::string path =
          p == 1 ? "/col/index.html" : "/col/index_" + std::to_string(p) + ".html";
      if (p == 8) {
        // Page 8 fails until the test lets it through: an interruption.
        server_.server().Get(path, [this, list](const httplib::Request&, httplib::Response& res) {
          if (!page8_ok_) {
            res.status = 503;
            return;
          }
          res.set_content(list, "text/html; charset=utf-8");
        });
      } else {
        server_.Serve(path, list, "text/html; charset=utf-8");
      }
    }
    std::string head = testing::TestConfigHead("backfill-e2e", dir_ / "state");
    std::ofstream(dir_ / "newswatch.yaml")
        << head << "  - id: district\n    type: html-list\n"
        << "    url: " << server_.Url("/col/index.html") << "\n"
        << "    item_xpath: //ul[@class='list']/li\n    date_xpath: span\n"
        << "    next_pages: index_{page}.html\n    allow_private: true\n"
        << "  - id: other\n    type: html-list\n    enabled: false\n"
        << "    url: " << server_.Url("/nothing.html") << "\n    item_xpath: //li\n";
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::pair<int, std::string> Backfill(const std::string& since) {
    ChildProcess cli({kCli, "backfill", "--config", (dir_ / "newswatch.yaml").string(), "--since",
                      since, "--publish", "tcp://127.0.0.1:*"});
    auto code = cli.WaitForExit(120s);
    return {code.value_or(-1), cli.output()};
  }

  std::vector<v1::Event> Journal() {
    std::vector<v1::Event> out;
    auto store = StateStore::Open(dir_ / "state" / "newswatch.db");
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (!store.ok()) return out;
    auto entries = (*store)->ReadJournal(0, "", 100000);
    EXPECT_TRUE(entries.ok());
    for (const JournalEntry& e : *entries) {
      auto event = ParseEvent(e.payload);
      if (event.ok() && event->has_article()) out.push_back(*event);
    }
    return out;
  }

  fs::path dir_;
  TestHttpServer server_;
  std::atomic<bool> page8_ok_{false};
};

TEST_F(BackfillE2eTest, WalksBackToTheDateAndResumesAfterAnInterruption) {
  // Items 0..43 are on or after 2024-05-18 (43 days before 2024-06-30); item 43 is the second
  // of page 15, so page 16 (all older) ends the walk.
  const std::string since = DateOf(43);
  ASSERT_EQ(since, "2024-05-18");

  auto [code, out] = Backfill(since);
  EXPECT_EQ(code, 1) << out;  // page 8 failed
  EXPECT_NE(out.find("district page 8"), std::string::npos) << out;
  EXPECT_NE(out.find("run again to resume here"), std::string::npos) << out;
  EXPECT_EQ(Journal().size(), 21u) << out;  // pages 1-7

  page8_ok_ = true;
  auto [code2, out2] = Backfill(since);
  EXPECT_EQ(code2, 0) << out2;
  EXPECT_NE(out2.find("district: resuming at page 8"), std::string::npos) << out2;
  EXPECT_NE(out2.find("district: 23 published, done"), std::string::npos) << out2;
  // Earlier list pages were not fetched again; the walk stopped after page 16.
  EXPECT_EQ(server_.RequestCount("/col/index.html"), 1u);
  EXPECT_EQ(server_.RequestCount("/col/index_7.html"), 1u);
  EXPECT_EQ(server_.RequestCount("/col/index_8.html"), 2u);
  EXPECT_EQ(server_.RequestCount("/col/index_16.html"), 1u);
  EXPECT_EQ(server_.RequestCount("/col/index_17.html"), 0u);
  // Items more than a day older than --since were not fetched at all.
  EXPECT_EQ(server_.RequestCount("/col/a/45.html"), 0u);
  EXPECT_EQ(server_.RequestCount("/col/a/47.html"), 0u);

  std::vector<v1::Event> events = Journal();
  ASSERT_EQ(events.size(), 44u);
  std::set<std::string> urls;
  for (const v1::Event& e : events) {
    EXPECT_TRUE(e.article().backfill()) << e.article().url();
    EXPECT_EQ(e.article().source_id(), "district");
    EXPECT_GE(e.article().published().rfc3339(), "2024-05-18") << e.article().url();
    EXPECT_EQ(e.article().relevance().verdict(), v1::VERDICT_RELEVANT) << e.article().url();
    urls.insert(e.article().url());
  }
  EXPECT_EQ(urls.size(), 44u);

  // Done: a third run publishes nothing and fetches nothing.
  auto [code3, out3] = Backfill(since);
  EXPECT_EQ(code3, 0) << out3;
  EXPECT_NE(out3.find("district: already backfilled"), std::string::npos) << out3;
  EXPECT_EQ(Journal().size(), 44u);
}

}  // namespace
}  // namespace newswatch

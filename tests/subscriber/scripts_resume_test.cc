// The subscriber scripts in deploy/scripts with --replay: each is killed with
// SIGKILL mid-stream (once while catching up from the journal, once while
// reading live), events are published while it is down, it is restarted, and
// at the end its output holds every article event exactly once, in order.
// A real Publisher (journal, XPUB, replay ROUTER) serves them on loopback.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <sstream>

#include "daemon/publish/publisher.h"
#include "daemon/store/sqlite_handle.h"
#include "tests/e2e/child_process.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using testing::ChildProcess;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class ScriptsResumeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("nw-scripts-resume-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    PublisherOptions o;
    o.endpoint = "tcp://127.0.0.1:*";
    o.replay_endpoint = "tcp://127.0.0.1:*";
    o.state_db = dir_ / "state.db";
    o.startup_grace = milliseconds(0);
    o.heartbeat_interval = milliseconds(200);
    o.replay_batch = 50;  // several pages per catch-up
    auto p = Publisher::Start(o, SystemClock::Instance());
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    pub_ = std::move(p).value();
  }
  void TearDown() override {
    script_.reset();
    pub_.reset();
    fs::remove_all(dir_);
  }

  // Publishes `n` more articles (and a source-status event the scripts filter out).
  void PublishMore(int n) {
    for (int i = 0; i < n; ++i) {
      ++published_;
      Article a;
      a.id = "id" + std::to_string(published_);
      a.content_hash = "h" + std::to_string(published_);
      a.title = "标题, \"" + std::to_string(published_) + "\"";
      a.url = "https://example.cn/" + std::to_string(published_);
      a.relevance.profile = "p";
      pub_->Publish(OutgoingEvent::ForArticle(std::move(a)));
    }
    pub_->Publish(OutgoingEvent::ForSourceStatus(SourceHealthChange{"s", SourceHealth::kOk}));
    ASSERT_TRUE(pub_->Flush(milliseconds(20000)).ok());
  }

  void StartScript(const std::string& script, std::vector<std::string> args) {
    args.insert(
        args.begin(),
        {"/usr/bin/python3", std::string(NW_SOURCE_DIR) + "/deploy/scripts/" + script, "--endpoint",
         pub_->endpoint(), "--replay", pub_->replay_endpoint(), "--replay-timeout", "2"});
    script_ = std::make_unique<ChildProcess>(
        args, std::vector<std::string>{"PYTHONPATH=" + std::string(NW_BINARY_DIR) + "/python"});
  }

  // Waits (bounded) until `stored()` reaches `count`, the script stays alive.
  void WaitStored(const std::function<int()>& stored, int count) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (stored() < count && std::chrono::steady_clock::now() < deadline) {
      ASSERT_FALSE(script_->WaitForExit(milliseconds(20)).has_value())
          << "the script exited: " << script_->output();
    }
    ASSERT_GE(stored(), count) << script_->output();
  }

  void Kill() {
    script_->Signal(SIGKILL);
    ASSERT_TRUE(script_->WaitForExit(milliseconds(10000)).has_value());
    script_.reset();
  }

  // Kill during catch-up, publish while down, restart, kill while live, publish, restart,
  // and wait for everything; `damage` runs while the script is down the first time.
  void RunKillRestart(const std::string& script, const std::vector<std::string>& args,
                      const std::function<int()>& stored, const std::function<void()>& damage) {
    PublishMore(120);  // a journal to catch up on
    StartScript(script, args);
    WaitStored(stored, 10);
    Kill();
    const int at_first_kill = stored();
    EXPECT_LT(at_first_kill, 120) << "not killed mid-stream";
    if (damage) damage();
    PublishMore(40);  // while the script is down
    StartScript(script, args);
    WaitStored(stored, 160);
    PublishMore(30);  // live
    WaitStored(stored, 162);
    Kill();
    const int at_second_kill = stored();
    PublishMore(30);
    StartScript(script, args);
    WaitStored(stored, 220);
    Kill();
    std::printf("%s: killed after %d of 120 (catching up) and after %d of 190 (live)\n",
                script.c_str(), at_first_kill, at_second_kill);
  }

  fs::path dir_;
  std::unique_ptr<Publisher> pub_;
  std::unique_ptr<ChildProcess> script_;
  int published_ = 0;
};

// Article ids, in file order, from the lines that match `pattern` (its group 1).
std::vector<int> Ids(const std::string& text, const std::string& pattern) {
  std::vector<int> out;
  const std::regex re(pattern);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it) {
    out.push_back(std::stoi((*it)[1].str()));
  }
  return out;
}

void ExpectEachOnceInOrder(const std::vector<int>& ids, int total) {
  ASSERT_EQ(ids.size(), static_cast<size_t>(total));
  for (int i = 0; i < total; ++i) EXPECT_EQ(ids[static_cast<size_t>(i)], i + 1) << "at " << i;
}

TEST_F(ScriptsResumeTest, CsvArchiverKilledMidStreamStoresEveryEventOnce) {
  const fs::path csv = dir_ / "a.csv";
  auto stored = [&] { return static_cast<int>(Ids(Slurp(csv), ",id([0-9]+),").size()); };
  // While it is down, a torn row lands at the end (as a crash inside a write would leave).
  auto tear = [&] { std::ofstream(csv, std::ios::app) << "999,test,article.p,id9"; };
  RunKillRestart("nw_to_csv.py", {"--out", csv.string()}, stored, tear);
  const std::string text = Slurp(csv);
  EXPECT_EQ(text.rfind("\xEF\xBB\xBFsequence,publisher_id", 0), 0u) << "one BOM + header";
  EXPECT_EQ(text.find("sequence,publisher_id", 4), std::string::npos) << "a second header";
  EXPECT_EQ(text.find("999,test"), std::string::npos) << "the torn row was not cut off";
  ExpectEachOnceInOrder(Ids(text, ",id([0-9]+),"), 220);
}

TEST_F(ScriptsResumeTest, JsonlTailWithOutKilledMidStreamWritesEveryEventOnce) {
  const fs::path out = dir_ / "events.jsonl";
  auto stored = [&] { return static_cast<int>(Ids(Slurp(out), "\"id\": \"id([0-9]+)\"").size()); };
  RunKillRestart("nw_tail_jsonl.py", {"--out", out.string()}, stored, nullptr);
  ExpectEachOnceInOrder(Ids(Slurp(out), "\"id\": \"id([0-9]+)\""), 220);
}

TEST_F(ScriptsResumeTest, SqliteArchiverKeepsItsCursorWithTheRows) {
  const fs::path db = dir_ / "a.db";
  auto query = [&](const std::string& sql) -> int64_t {
    if (!fs::exists(db)) return 0;
    auto handle = SqliteDb::Open(db);
    if (!handle.ok()) return 0;
    auto st = handle->Prepare(sql.c_str());
    if (!st.ok() || st->Step() != SQLITE_ROW) return 0;  // not created yet, or busy
    return st->ColumnInt64(0);
  };
  auto stored = [&] { return static_cast<int>(query("SELECT COUNT(*) FROM articles")); };
  // INSERT OR REPLACE would hide an event stored twice: while the script is down the first
  // time, log every later insert (a replace inserts too) with a trigger.
  int64_t first_run_last = 0;
  auto log_inserts = [&] {
    first_run_last = query("SELECT MAX(sequence) FROM articles");
    auto handle = SqliteDb::Open(db);
    ASSERT_TRUE(handle.ok());
    ASSERT_TRUE(handle
                    ->Exec("CREATE TABLE inserts(sequence INTEGER);"
                           "CREATE TRIGGER log_insert AFTER INSERT ON articles "
                           "BEGIN INSERT INTO inserts VALUES (NEW.sequence); END;")
                    .ok());
  };
  RunKillRestart("nw_to_sqlite.py", {"--db", db.string()}, stored, log_inserts);
  EXPECT_GT(first_run_last, 0);
  EXPECT_EQ(query("SELECT COUNT(*) FROM articles"), 220);
  EXPECT_EQ(query("SELECT COUNT(*) FROM inserts"),
            220 - query("SELECT COUNT(*) FROM articles WHERE sequence <= " +
                        std::to_string(first_run_last)));
  EXPECT_EQ(
      query("SELECT COUNT(*) FROM inserts WHERE sequence <= " + std::to_string(first_run_last)), 0)
      << "an event of the first run was stored again";
  EXPECT_EQ(query("SELECT COUNT(*) - COUNT(DISTINCT sequence) FROM inserts"), 0)
      << "an event was stored twice";
  // The cursor commits with the rows: at least the last article's sequence.
  EXPECT_GE(query("SELECT sequence FROM newswatch_cursor"),
            query("SELECT MAX(sequence) FROM articles"));
}

}  // namespace
}  // namespace newswatch

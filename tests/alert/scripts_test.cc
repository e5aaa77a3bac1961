// The Python subscriber scripts in deploy/scripts receive events from a real
// ZeroMQ publisher (XPUB, so the test waits for the subscription, not a timer).
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <zmq.hpp>

#include <nlohmann/json.hpp>

#include "newswatch/v1/event.pb.h"

namespace newswatch::alert {
namespace {

namespace pb = ::newswatch::v1;

std::string Serialized(uint64_t seq, const std::string& title) {
  pb::Event e;
  e.set_sequence(seq);
  e.set_publisher_id("test-pub");
  pb::Article* a = e.mutable_article();
  a->set_id("id" + std::to_string(seq));
  a->set_source_id("sina");
  a->set_url("https://example.gov.cn/" + std::to_string(seq));
  a->set_title(title);
  a->mutable_relevance()->set_profile("metaverse-policy");
  a->mutable_relevance()->set_level(pb::LEVEL_HIGH);
  a->mutable_facts()->mutable_primary_region()->set_code("310110");
  a->mutable_facts()->mutable_primary_region()->set_name("杨浦区");
  a->mutable_facts()->set_document_kind(pb::DOCUMENT_KIND_ACTION_PLAN);
  a->mutable_story()->set_story_id("story" + std::to_string(seq));
  return e.SerializeAsString();
}

class ScriptsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("nw-alert-py-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    pub_.set(zmq::sockopt::xpub_verbose, 1);
    pub_.bind("tcp://127.0.0.1:*");
    endpoint_ = pub_.get(zmq::sockopt::last_endpoint);
  }
  void TearDown() override {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    std::filesystem::remove_all(dir_);
  }

  // Starts /usr/bin/python3 SCRIPT ARGS with stdout to out.txt.
  void Start(const std::string& script, std::vector<std::string> args) {
    const std::string out = (dir_ / "out.txt").string();
    const std::string pythonpath = std::string(NW_BINARY_DIR) + "/python:" + NW_SOURCE_DIR +
                                   "/deploy/scripts";
    args.insert(args.begin(), {"/usr/bin/python3", std::string(NW_SOURCE_DIR) + "/deploy/scripts/" + script});
    pid_ = ::fork();
    ASSERT_GE(pid_, 0);
    if (pid_ == 0) {
      ::setenv("PYTHONPATH", pythonpath.c_str(), 1);
      FILE* f = std::freopen(out.c_str(), "w", stdout);
      (void)f;
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
  }

  // Waits (bounded) for the script's subscription to reach the publisher.
  void WaitForSubscriber() {
    zmq::pollitem_t item{pub_.handle(), 0, ZMQ_POLLIN, 0};
    ASSERT_EQ(zmq::poll(&item, 1, std::chrono::milliseconds(20000)), 1) << "script never subscribed";
    zmq::message_t sub;
    ASSERT_TRUE(pub_.recv(sub));
    ASSERT_EQ(static_cast<unsigned char>(sub.data<char>()[0]), 1u);
  }

  void Publish(uint64_t seq, const std::string& title) {
    std::string body = Serialized(seq, title);
    pub_.send(zmq::buffer(std::string("article.metaverse-policy.310110")), zmq::send_flags::sndmore);
    pub_.send(zmq::buffer(body), zmq::send_flags::none);
  }

  // Waits (bounded) for the script to exit; returns its exit status.
  int WaitForExit() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      ::poll(nullptr, 0, 20);  // a child offers no fd to wait on
    }
    return -2;
  }

  std::string Output() {
    std::ifstream in(dir_ / "out.txt");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  zmq::context_t ctx_;
  zmq::socket_t pub_{ctx_, zmq::socket_type::xpub};
  std::string endpoint_;
  std::filesystem::path dir_;
  pid_t pid_ = -1;
};

TEST_F(ScriptsTest, TailJsonlPrintsEveryEventAsOneJsonLine) {
  Start("nw_tail_jsonl.py", {"--endpoint", endpoint_, "--count", "3"});
  WaitForSubscriber();
  for (uint64_t s = 1; s <= 3; ++s) Publish(s, "元宇宙行动方案 " + std::to_string(s));
  ASSERT_EQ(WaitForExit(), 0) << Output();
  std::istringstream lines(Output());
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);
    ++n;
    EXPECT_EQ(j["sequence"], std::to_string(n));  // proto3 JSON writes uint64 as a string
    EXPECT_EQ(j["topic"], "article.metaverse-policy.310110");
    EXPECT_EQ(j["article"]["title"], "元宇宙行动方案 " + std::to_string(n));
    EXPECT_EQ(j["article"]["facts"]["primary_region"]["name"], "杨浦区");
  }
  EXPECT_EQ(n, 3);
}

TEST_F(ScriptsTest, CsvScriptAppendsOneRowPerArticle) {
  const std::string csv = (dir_ / "a.csv").string();
  Start("nw_to_csv.py", {"--endpoint", endpoint_, "--count", "2", "--out", csv});
  WaitForSubscriber();
  Publish(7, "标题, 带逗号 \"引号\"");
  Publish(8, "第二条");
  ASSERT_EQ(WaitForExit(), 0);
  std::ifstream in(csv);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  EXPECT_EQ(text.rfind("\xEF\xBB\xBFsequence,publisher_id,topic", 0), 0u) << "BOM + header";
  EXPECT_NE(text.find("\"标题, 带逗号 \"\"引号\"\"\""), std::string::npos) << text;
  EXPECT_NE(text.find("8,test-pub,article.metaverse-policy.310110,id8"), std::string::npos);
  EXPECT_NE(text.find("LEVEL_HIGH"), std::string::npos);
}

TEST_F(ScriptsTest, SqliteScriptStoresArticlesInATable) {
  const std::string db = (dir_ / "a.db").string();
  Start("nw_to_sqlite.py", {"--endpoint", endpoint_, "--count", "2", "--db", db});
  WaitForSubscriber();
  Publish(1, "一");
  Publish(2, "二");
  ASSERT_EQ(WaitForExit(), 0);
  // Read it back with the sqlite3 module the script itself does not share.
  Start("../../tests/alert/data/dump_articles.py", {db});
  ASSERT_EQ(WaitForExit(), 0);
  EXPECT_EQ(Output(), "1|一|310110|DOCUMENT_KIND_ACTION_PLAN|story1\n2|二|310110|DOCUMENT_KIND_ACTION_PLAN|story2\n");
}

TEST_F(ScriptsTest, MinimalSubscriberPrintsTitles) {
  Start("nw_minimal.py", {endpoint_});
  WaitForSubscriber();
  Publish(5, "最小订阅者");
  // The minimal script runs forever; wait (bounded) for its line.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (Output().find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    ::poll(nullptr, 0, 20);
  }
  EXPECT_EQ(Output(), "5 article.metaverse-policy.310110 杨浦区 最小订阅者 https://example.gov.cn/5\n");
}

}  // namespace
}  // namespace newswatch::alert

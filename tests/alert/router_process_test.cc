// The newswatch-alert executable end to end: a real publisher (XPUB), a real
// webhook server, SIGKILL mid-delivery, restart. Each message reaches the
// webhook exactly once per delivery id; the one in flight at the kill is
// re-sent with the same id (receivers deduplicate on X-Newswatch-Delivery).
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <zmq.hpp>

#include "alert/outbox.h"
#include "newswatch/v1/event.pb.h"
#include "tests/alert/loopback.h"

namespace newswatch::alert {
namespace {

namespace pb = ::newswatch::v1;

// Sequences grow as a publisher's do: the router drops an event whose
// sequence it has already taken.
void Publish(zmq::socket_t& pub, const std::string& story, const std::string& source) {
  static uint64_t sequence = 0;
  pb::Event e;
  e.set_sequence(++sequence);
  pb::Article* a = e.mutable_article();
  a->set_id(story + source);
  a->set_source_id(source);
  a->set_title("元宇宙 " + story);
  a->set_url("https://example.gov.cn/" + story);
  a->mutable_relevance()->set_profile("metaverse-policy");
  a->mutable_relevance()->set_level(pb::LEVEL_HIGH);
  a->mutable_story()->set_story_id(story);
  std::string body = e.SerializeAsString();
  pub.send(zmq::buffer(std::string("article.metaverse-policy.310110")), zmq::send_flags::sndmore);
  pub.send(zmq::buffer(body), zmq::send_flags::none);
}

class RouterProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("nw-alert-proc-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    pub_.set(zmq::sockopt::xpub_verbose, 1);
    pub_.bind("tcp://127.0.0.1:*");
    config_ = (dir_ / "alert.yaml").string();
    std::ofstream(config_) << "publishers: ['" << pub_.get(zmq::sockopt::last_endpoint) << "']\n"
                           << "outbox: " << (dir_ / "outbox.db").string() << "\n"
                           << "receivers:\n  - {name: hook, type: webhook, url: '"
                           << server_.Url("/hook") << "'}\n"
                           << "route: {receiver: hook, group_by: [story], group_wait: 0s}\n";
  }
  void TearDown() override {
    Kill();
    std::filesystem::remove_all(dir_);
  }
  void StartRouter() {
    const std::string exe = std::string(NW_BINARY_DIR) + "/alert/newswatch-alert";
    pid_ = ::fork();
    ASSERT_GE(pid_, 0);
    if (pid_ == 0) {
      ::execl(exe.c_str(), exe.c_str(), "--config", config_.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    zmq::pollitem_t item{pub_.handle(), 0, ZMQ_POLLIN, 0};
    ASSERT_EQ(zmq::poll(&item, 1, std::chrono::milliseconds(20000)), 1) << "router never subscribed";
    zmq::message_t sub;
    while (pub_.recv(sub, zmq::recv_flags::dontwait)) {
    }
  }
  void Kill() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
  }
  int64_t Pending() {
    auto o = Outbox::Open((dir_ / "outbox.db").string());
    return o.ok() ? o->Counts()->pending : -1;
  }

  std::filesystem::path dir_;
  std::string config_;
  zmq::context_t ctx_;
  zmq::socket_t pub_{ctx_, zmq::socket_type::xpub};
  HttpRecorder server_;
  pid_t pid_ = -1;
};

TEST_F(RouterProcessTest, KilledMidDeliveryRestartSendsEachMessageOnce) {
  // The first POST never gets an answer before the kill: it is in flight.
  server_.HangFirstRequest();
  StartRouter();
  Publish(pub_, "s1", "gov");
  ASSERT_TRUE(server_.WaitForRequests(1));
  Publish(pub_, "s2", "gov");
  Publish(pub_, "s3", "gov");
  // Wait (bounded) until the router has made s2 and s3 durable.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (Pending() < 3 && std::chrono::steady_clock::now() < deadline) ::poll(nullptr, 0, 20);
  ASSERT_EQ(Pending(), 3);
  Kill();
  server_.ReleaseHang();

  StartRouter();
  ASSERT_TRUE(server_.WaitForRequests(4));
  // Reposts of sent stories after the restart are not new messages; a new
  // story is, and its arrival shows the reposts were processed before it.
  Publish(pub_, "s1", "sina");
  Publish(pub_, "s2", "people");
  Publish(pub_, "s4", "gov");
  ASSERT_TRUE(server_.WaitForRequests(5));
  Kill();

  std::map<std::string, int> per_id;
  for (const RecordedRequest& r : server_.requests()) ++per_id[r.headers.at("X-Newswatch-Delivery")];
  ASSERT_EQ(per_id.size(), 4u) << "s1, s2, s3, s4: one message each";
  const std::string first = server_.requests()[0].headers.at("X-Newswatch-Delivery");
  for (const auto& [id, n] : per_id) EXPECT_EQ(n, id == first ? 2 : 1) << id;
}

}  // namespace
}  // namespace newswatch::alert

// Drives subscriber/python/newswatch_subscriber.py against a real Publisher.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "daemon/publish/publisher.h"

namespace newswatch {
namespace {

std::string RunAndCapture(const std::string& command) {
  std::string out;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  ::pclose(pipe);
  return out;
}

TEST(PythonSubscriberTest, CatchesUpFromCursorAndFiltersByPrefix) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("nw_python_subscriber_test_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  PublisherOptions o;
  o.endpoint = "tcp://127.0.0.1:*";
  o.replay_endpoint = "tcp://127.0.0.1:*";
  o.state_db = dir / "state.db";
  o.startup_grace = std::chrono::milliseconds(0);
  o.heartbeat_interval = std::chrono::milliseconds(200);
  auto pub = Publisher::Start(o, SystemClock::Instance());
  ASSERT_TRUE(pub.ok()) << pub.status().ToString();
  for (int i = 1; i <= 6; ++i) {
    Article a;
    a.id = "id" + std::to_string(i);
    a.content_hash = "h" + std::to_string(i);
    a.relevance.profile = "p";
    a.facts.primary_region = Region{i % 2 ? "310000" : "110000", "", RegionLevel::kUnknown, 1};
    (*pub)->Publish(OutgoingEvent::ForArticle(a));
  }
  ASSERT_TRUE((*pub)->Flush(std::chrono::milliseconds(10000)).ok());

  // Starts after sequence 1: expects the Shanghai articles 3 and 5.
  const auto script = dir / "read.py";
  std::ofstream(script) << "import newswatch_subscriber as ns\n"
                        << "s = ns.Subscriber('" << (*pub)->endpoint() << "', '"
                        << (*pub)->replay_endpoint() << "', ['article.p.31'], from_sequence=1)\n"
                        << "got = []\n"
                        << "while len(got) < 2:\n"
                        << "    e = s.next(10000)\n"
                        << "    if e is None: break\n"
                        << "    got.append('%d:%s' % (e.sequence, e.article.id))\n"
                        << "print(' '.join(got), s.cursor >= 5)\n"
                        << "s.close()\n";
  const std::string command =
      "PYTHONPATH=" + std::string(NW_SOURCE_DIR) +
      "/subscriber/python NEWSWATCH_PYTHON_PATH=" + std::string(NW_BINARY_DIR) +
      "/python timeout 60 /usr/bin/python3 " + script.string() + " 2>&1";
  const std::string out = RunAndCapture(command);
  EXPECT_EQ(out, "3:id3 5:id5 True\n");
  std::filesystem::remove_all(dir);
}

// Regression (issue 17): the cursor counted events fetched by a replay page but
// not yet returned, so a script that persisted it and restarted skipped them.
TEST(PythonSubscriberTest, CursorCountsOnlyReturnedEvents) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("nw_python_subscriber_cursor_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  PublisherOptions o;
  o.endpoint = "tcp://127.0.0.1:*";
  o.replay_endpoint = "tcp://127.0.0.1:*";
  o.state_db = dir / "state.db";
  o.startup_grace = std::chrono::milliseconds(0);
  auto pub = Publisher::Start(o, SystemClock::Instance());
  ASSERT_TRUE(pub.ok()) << pub.status().ToString();
  for (int i = 1; i <= 4; ++i) {
    Article a;
    a.id = "id" + std::to_string(i);
    a.relevance.profile = "p";
    (*pub)->Publish(OutgoingEvent::ForArticle(a));
  }
  ASSERT_TRUE((*pub)->Flush(std::chrono::milliseconds(10000)).ok());
  const auto script = dir / "read.py";
  std::ofstream(script) << "import newswatch_subscriber as ns\n"
                        << "s = ns.Subscriber('" << (*pub)->endpoint() << "', '"
                        << (*pub)->replay_endpoint() << "', ['article.'])\n"
                        << "e = s.next(10000)\n"
                        << "first = (e.sequence, s.cursor)\n"
                        << "s.close()\n"
                        << "s = ns.Subscriber('" << (*pub)->endpoint() << "', '"
                        << (*pub)->replay_endpoint() << "', ['article.'], from_sequence=first[1])\n"
                        << "rest = [s.next(10000).sequence for _ in range(3)]\n"
                        << "print(first, rest, s.cursor)\n"
                        << "s.close()\n";
  const std::string out =
      RunAndCapture("PYTHONPATH=" + std::string(NW_SOURCE_DIR) +
                    "/subscriber/python NEWSWATCH_PYTHON_PATH=" + std::string(NW_BINARY_DIR) +
                    "/python timeout 60 /usr/bin/python3 " + script.string() + " 2>&1");
  EXPECT_EQ(out, "(1, 1) [2, 3, 4] 4\n");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace newswatch

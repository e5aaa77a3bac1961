#include "tests/support/http_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

namespace newswatch {
namespace {

TEST(TestHttpServerTest, ServesFixedContentAndCountsRequests) {
  TestHttpServer server;
  server.Serve("/feed.xml", "<rss/>", "application/rss+xml");
  httplib::Client client("127.0.0.1", server.port());
  auto res = client.Get("/feed.xml?x=1");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "<rss/>");
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/rss+xml");
  EXPECT_EQ(server.RequestCount("/feed.xml"), 1u);
  EXPECT_EQ(server.RequestCount("/other"), 0u);
  EXPECT_EQ(server.Url("/a"), "http://127.0.0.1:" + std::to_string(server.port()) + "/a");
}

TEST(TestHttpServerTest, ServeReplacesPreviousBody) {
  TestHttpServer server;
  server.Serve("/p", "one", "text/plain");
  server.Serve("/p", "two", "text/plain");
  httplib::Client client("127.0.0.1", server.port());
  auto res = client.Get("/p");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, "two");
}

TEST(TestHttpServerTest, RegisteredHandlersRunAndUnknownPathsAre404) {
  TestHttpServer server;
  server.server().Get("/h", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("handled", "text/plain");
  });
  httplib::Client client("127.0.0.1", server.port());
  auto res = client.Get("/h");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, "handled");
  auto missing = client.Get("/missing");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(server.RequestCount("/missing"), 1u);
}

TEST(TestHttpServerTest, WaitForRequestsSeesRequestsFromAnotherThread) {
  TestHttpServer server;
  server.Serve("/w", "x", "text/plain");
  EXPECT_FALSE(server.WaitForRequests("/w", 1, std::chrono::milliseconds(10)));
  std::thread client_thread([&] {
    httplib::Client client("127.0.0.1", server.port());
    client.Get("/w");
    client.Get("/w");
  });
  EXPECT_TRUE(server.WaitForRequests("/w", 2, std::chrono::seconds(10)));
  client_thread.join();
}

TEST(TestHttpServerTest, BindsOtherLoopbackAddresses) {
  TestHttpServer server("127.0.0.2");
  server.Serve("/", "two", "text/plain");
  httplib::Client client("127.0.0.2", server.port());
  auto res = client.Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, "two");
  EXPECT_EQ(server.host(), "127.0.0.2");
}

}  // namespace
}  // namespace newswatch

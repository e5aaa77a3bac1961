#include "daemon/metrics/metrics_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>

namespace newswatch {
namespace {

TEST(ListenAddressTest, ParsesHostAndPort) {
  auto a = ParseListenAddress("127.0.0.1:9464");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 9464);
  auto v6 = ParseListenAddress("[::1]:0");
  ASSERT_TRUE(v6.ok()) << v6.status().ToString();
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 0);
  EXPECT_EQ(v6->ToString(), "[::1]:0");
  EXPECT_EQ(ParseListenAddress("localhost:65535")->port, 65535);
}

TEST(ListenAddressTest, RejectsMalformedTextNamingIt) {
  for (const char* bad : {"", "9464", ":9464", "host:", "host:65536", "host:-1", "host:12ab",
                          "::1:9464", "[::1]9464", "[::1"}) {
    auto a = ParseListenAddress(bad);
    ASSERT_FALSE(a.ok()) << bad;
    EXPECT_EQ(a.status().kind(), ErrorKind::kInvalidArgument);
    EXPECT_NE(a.status().message().find(std::string("'") + bad + "'"), std::string::npos)
        << a.status().message();
  }
}

TEST(MetricsServerTest, ServesMetricsHealthzAndReadyzOnAnyPort) {
  MetricsRegistry registry;
  registry.counter("newswatch_test_total", "A test counter.", {{"source", "s1"}}).Increment(3);
  std::atomic<bool> ready{false};
  HealthChecks checks;
  checks.ready = [&ready] { return ready ? Status::Ok() : Unavailable("starting"); };
  auto server = MetricsServer::Start({"127.0.0.1", 0}, registry, checks);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  const int port = (*server)->address().port;
  ASSERT_GT(port, 0);

  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(5);
  client.set_read_timeout(5);
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(metrics->body.find("# TYPE newswatch_test_total counter\n"
                               "newswatch_test_total{source=\"s1\"} 3\n"),
            std::string::npos)
      << metrics->body;

  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, "ok\n");

  auto not_ready = client.Get("/readyz");
  ASSERT_TRUE(not_ready);
  EXPECT_EQ(not_ready->status, 503);
  EXPECT_EQ(not_ready->body, "starting\n");
  ready = true;
  auto now_ready = client.Get("/readyz");
  ASSERT_TRUE(now_ready);
  EXPECT_EQ(now_ready->status, 200);

  auto missing = client.Get("/nothing");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);

  // Scrapes see new values: the registry is read per request.
  registry.counter("newswatch_test_total", "", {{"source", "s1"}}).Increment();
  auto again = client.Get("/metrics");
  ASSERT_TRUE(again);
  EXPECT_NE(again->body.find("newswatch_test_total{source=\"s1\"} 4\n"), std::string::npos);
}

TEST(MetricsServerTest, BindFailureNamesTheAddress) {
  MetricsRegistry registry;
  auto first = MetricsServer::Start({"127.0.0.1", 0}, registry);
  ASSERT_TRUE(first.ok());
  const ListenAddress taken = (*first)->address();
  auto second = MetricsServer::Start(taken, registry);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().kind(), ErrorKind::kUnavailable);
  EXPECT_NE(second.status().message().find(taken.ToString()), std::string::npos)
      << second.status().message();

  // 192.0.2.1 (TEST-NET-1) is not an address of this machine.
  auto not_local = MetricsServer::Start({"192.0.2.1", 9464}, registry);
  ASSERT_FALSE(not_local.ok());
  EXPECT_NE(not_local.status().message().find("192.0.2.1:9464"), std::string::npos);
}

TEST(MetricsServerTest, StopsPromptlyAfterStart) {
  MetricsRegistry registry;
  for (int i = 0; i < 20; ++i) {
    auto server = MetricsServer::Start({"127.0.0.1", 0}, registry);
    ASSERT_TRUE(server.ok());
  }  // each destructor must stop the accept loop; a hang here fails by timeout
}

}  // namespace
}  // namespace newswatch

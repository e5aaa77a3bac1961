#include "daemon/net/curl_fetcher.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/http_server.h"

namespace newswatch {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;

// A one-shot event a handler can wait on, with a bound so a failing test cannot hang.
class Gate {
 public:
  void Open() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }
  bool Wait(milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, [this] { return open_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

// A server whose blocking handlers are released before it is destroyed.
struct GatedServer {
  Gate gate;
  TestHttpServer server;
  ~GatedServer() { gate.Open(); }
};

std::string Gzip(const std::string& data) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&zs, data.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::unique_ptr<CurlFetcher> MakeFetcher(FetcherOptions options = {},
                                         const Clock& clock = SystemClock::Instance()) {
  auto fetcher = CurlFetcher::Create(options, clock);
  EXPECT_TRUE(fetcher.ok()) << fetcher.status().ToString();
  return std::move(fetcher).value();
}

// Submits every request and drives the fetcher until all callbacks ran or `timeout` passed.
std::vector<FetchResponse> FetchAll(CurlFetcher& fetcher, const std::vector<FetchRequest>& requests,
                                    milliseconds timeout = milliseconds(20000)) {
  std::vector<FetchResponse> responses(requests.size());
  size_t done = 0;
  for (size_t i = 0; i < requests.size(); ++i) {
    fetcher.Submit(requests[i], [&responses, &done, i](FetchResponse r) {
      responses[i] = std::move(r);
      ++done;
    });
  }
  auto deadline = steady_clock::now() + timeout;
  while (done < requests.size() && steady_clock::now() < deadline) {
    fetcher.RunOnce(milliseconds(100));
  }
  EXPECT_EQ(done, requests.size()) << "fetches did not finish in time";
  return responses;
}

FetchRequest Get(std::string url) {
  FetchRequest request;
  request.url = std::move(url);
  return request;
}

TEST(CurlFetcherTest, OkResponseCarriesBodyValidatorsAndHints) {
  TestHttpServer http;
  http.server().Get("/feed", [](const httplib::Request& req, httplib::Response& res) {
    res.set_header("ETag", "\"v1\"");
    res.set_header("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
    res.set_header("Cache-Control", "public, max-age=600");
    res.set_header("Expires", "Thu, 22 Oct 2015 07:28:00 GMT");
    res.set_content("<rss>" + req.get_header_value("User-Agent") + "</rss>",
                    "application/rss+xml; charset=utf-8");
  });
  FetchResponse r = FetchBlocking(Get(http.Url("/feed")));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.http_status, 200);
  EXPECT_FALSE(r.not_modified());
  EXPECT_EQ(r.body, "<rss>newswatch/0.1 (+https://github.com/newswatch)</rss>");
  EXPECT_EQ(r.content_type, "application/rss+xml; charset=utf-8");
  EXPECT_EQ(r.etag, "\"v1\"");
  EXPECT_EQ(r.last_modified, "Wed, 21 Oct 2015 07:28:00 GMT");
  ASSERT_TRUE(r.max_age.has_value());
  EXPECT_EQ(*r.max_age, seconds(600));
  ASSERT_TRUE(r.expires_unix.has_value());
  EXPECT_EQ(*r.expires_unix, 1445498880);
  EXPECT_FALSE(r.retry_after.has_value());
  EXPECT_EQ(r.final_url, http.Url("/feed"));
  EXPECT_EQ(r.redirects, 0);
  EXPECT_GE(r.bytes_received, r.body.size());
  EXPECT_GT(r.total_time.count(), 0);
  EXPECT_GE(r.total_time, r.first_byte_time);
}

TEST(CurlFetcherTest, ConditionalGetWithMatchingValidatorsGets304) {
  TestHttpServer http;
  http.server().Get("/feed", [](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("If-None-Match") == "\"v1\"" &&
        req.get_header_value("If-Modified-Since") == "Wed, 21 Oct 2015 07:28:00 GMT") {
      res.status = 304;
      return;
    }
    res.set_header("ETag", "\"v1\"");
    res.set_content("full body", "text/xml");
  });
  FetchRequest request = Get(http.Url("/feed"));
  FetchResponse first = FetchBlocking(request);
  ASSERT_TRUE(first.status.ok());
  EXPECT_EQ(first.body, "full body");
  request.etag = first.etag;
  request.last_modified = "Wed, 21 Oct 2015 07:28:00 GMT";
  FetchResponse second = FetchBlocking(request);
  ASSERT_TRUE(second.status.ok()) << second.status.ToString();
  EXPECT_TRUE(second.not_modified());
  EXPECT_TRUE(second.body.empty());
}

TEST(CurlFetcherTest, ExtraHeadersRefererAndCookieAreSent) {
  TestHttpServer http;
  http.server().Get("/h", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content(req.get_header_value("X-Token") + "|" + req.get_header_value("Referer") + "|" +
                        req.get_header_value("Cookie"),
                    "text/plain");
  });
  FetchRequest request = Get(http.Url("/h"));
  request.headers = {{"X-Token", "abc"}};
  request.referer = "http://example.gov.cn/";
  request.cookie = "session=1";
  FetchResponse r = FetchBlocking(request);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.body, "abc|http://example.gov.cn/|session=1");
}

TEST(CurlFetcherTest, PostSendsTheBodyAndSetCookiesComeBack) {
  TestHttpServer http;
  http.server().Post("/p", [](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Set-Cookie", "a=1; Path=/; HttpOnly");
    res.set_content(req.method + "|" + req.get_header_value("Content-Type") + "|" + req.body,
                    "text/plain");
  });
  http.server().Get("/p", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("GET", "text/plain");
  });
  FetchRequest request = Get(http.Url("/p"));
  request.body = std::string(2000, 'x') + "&q=1";  // above curl's Expect: 100-continue limit
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  FetchResponse r = FetchBlocking(request);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.body, "POST|application/x-www-form-urlencoded|" + request.body);
  EXPECT_EQ(r.set_cookies, std::vector<std::string>{"a=1"});

  FetchRequest empty_post = Get(http.Url("/p"));
  empty_post.method = "POST";
  FetchResponse e = FetchBlocking(empty_post);
  ASSERT_TRUE(e.status.ok());
  EXPECT_EQ(e.body.substr(0, 5), "POST|");

  FetchRequest bad = Get(http.Url("/p"));
  bad.method = "GET /x";
  EXPECT_EQ(FetchBlocking(bad).status.kind(), ErrorKind::kInvalidArgument);
}

TEST(CurlFetcherTest, HeaderWithLineBreakIsRejected) {
  TestHttpServer http;
  http.Serve("/h", "x", "text/plain");
  FetchRequest request = Get(http.Url("/h"));
  request.headers = {{"X-Evil", "a\r\nHost: other"}};
  FetchResponse r = FetchBlocking(request);
  EXPECT_EQ(r.status.kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(http.RequestCount("/h"), 0u);
}

TEST(CurlFetcherTest, GzipBodyIsDecoded) {
  TestHttpServer http;
  std::string plain = "<html>" + std::string(10000, 'a') + "</html>";
  std::string packed = Gzip(plain);
  http.server().Get("/z", [&](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("Accept-Encoding").find("gzip") == std::string::npos) {
      res.status = 406;
      return;
    }
    res.set_header("Content-Encoding", "gzip");
    res.set_content(packed, "text/html");
  });
  FetchResponse r = FetchBlocking(Get(http.Url("/z")));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(r.body, plain);
  EXPECT_LT(r.bytes_received, plain.size());  // the wire carried the compressed form
}

TEST(CurlFetcherTest, HugeStreamedBodyStopsAtMaxBodyBytes) {
  TestHttpServer http;
  constexpr size_t kTotal = 50u << 20;
  std::atomic<size_t> sent{0};
  http.server().Get("/huge", [&](const httplib::Request&, httplib::Response& res) {
    // octet-stream: httplib would gzip text/* itself, turning this into a bomb test.
    res.set_chunked_content_provider("application/octet-stream",
                                     [&](size_t offset, httplib::DataSink& sink) {
                                       if (offset >= kTotal) {
                                         sink.done();
                                         return true;
                                       }
                                       std::string chunk(64 * 1024, 'x');
                                       if (!sink.write(chunk.data(), chunk.size())) return false;
                                       sent += chunk.size();
                                       return true;
                                     });
  });
  FetchRequest request = Get(http.Url("/huge"));
  request.max_body_bytes = 1u << 20;
  auto start = steady_clock::now();
  FetchResponse r = FetchBlocking(request);
  auto elapsed = steady_clock::now() - start;
  EXPECT_EQ(r.status.kind(), ErrorKind::kTooLarge) << r.status.ToString();
  EXPECT_LE(r.body.size(), request.max_body_bytes);
  EXPECT_LT(sent.load(), kTotal);
  EXPECT_LT(elapsed, milliseconds(5000));
}

TEST(CurlFetcherTest, DeclaredOversizedBodyIsRefused) {
  TestHttpServer http;
  constexpr size_t kTotal = 50u << 20;
  http.server().Get("/big", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content_provider(kTotal, "application/octet-stream",
                             [](size_t offset, size_t length, httplib::DataSink& sink) {
                               std::string chunk(std::min<size_t>(length, 64 * 1024), 'y');
                               (void)offset;
                               return sink.write(chunk.data(), chunk.size());
                             });
  });
  FetchRequest request = Get(http.Url("/big"));
  request.max_body_bytes = 1u << 20;
  FetchResponse r = FetchBlocking(request);
  EXPECT_EQ(r.status.kind(), ErrorKind::kTooLarge) << r.status.ToString();
  EXPECT_LE(r.body.size(), request.max_body_bytes);
}

TEST(CurlFetcherTest, GzipBombStopsAtMaxBodyBytes) {
  TestHttpServer http;
  std::string bomb = Gzip(std::string(64u << 20, '\0'));
  ASSERT_LT(bomb.size(), 200u * 1024);
  http.server().Get("/bomb", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(bomb, "text/html");
  });
  FetchRequest request = Get(http.Url("/bomb"));
  request.max_body_bytes = 1u << 20;
  FetchResponse r = FetchBlocking(request);
  EXPECT_EQ(r.status.kind(), ErrorKind::kTooLarge) << r.status.ToString();
  EXPECT_LE(r.body.size(), request.max_body_bytes);
}

TEST(CurlFetcherTest, RedirectChainIsFollowedAndFinalUrlReported) {
  TestHttpServer http;
  http.server().Get(
      "/a", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/b", 301); });
  http.server().Get("/b", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("/final?x=1", 302);
  });
  http.server().Get("/final", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("ETag", "\"final\"");
    res.set_content("arrived", "text/plain");
  });
  FetchResponse r = FetchBlocking(Get(http.Url("/a")));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.body, "arrived");
  EXPECT_EQ(r.final_url, http.Url("/final?x=1"));
  EXPECT_EQ(r.redirects, 2);
  EXPECT_EQ(r.etag, "\"final\"");
}

TEST(CurlFetcherTest, RedirectLoopEndsInError) {
  TestHttpServer http;
  http.server().Get("/loop", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("/loop", 302);
  });
  FetchRequest request = Get(http.Url("/loop"));
  request.max_redirects = 5;
  FetchResponse r = FetchBlocking(request);
  EXPECT_EQ(r.status.kind(), ErrorKind::kNetwork);
  EXPECT_NE(r.status.message().find("redirect"), std::string::npos) << r.status.ToString();
  EXPECT_EQ(http.RequestCount("/loop"), 6u);  // the first request plus five redirects
}

TEST(CurlFetcherTest, RedirectToFileSchemeIsRefused) {
  TestHttpServer http;
  http.server().Get("/r", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("file:///etc/passwd", 302);
  });
  FetchResponse r = FetchBlocking(Get(http.Url("/r")));
  EXPECT_FALSE(r.status.ok());
  EXPECT_EQ(r.body.find("root:"), std::string::npos);
}

TEST(CurlFetcherTest, ServerErrorIsAResponseNotAFailure) {
  TestHttpServer http;
  http.server().Get("/e", [](const httplib::Request&, httplib::Response& res) {
    res.status = 500;
    res.set_content("oops", "text/plain");
  });
  FetchResponse r = FetchBlocking(Get(http.Url("/e")));
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.http_status, 500);
  EXPECT_EQ(r.body, "oops");
}

TEST(CurlFetcherTest, TooManyRequestsCarriesRetryAfterSeconds) {
  TestHttpServer http;
  http.server().Get("/busy", [](const httplib::Request&, httplib::Response& res) {
    res.status = 429;
    res.set_header("Retry-After", "120");
  });
  FetchResponse r = FetchBlocking(Get(http.Url("/busy")));
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.http_status, 429);
  ASSERT_TRUE(r.retry_after.has_value());
  EXPECT_EQ(*r.retry_after, seconds(120));
}

class FixedClock final : public Clock {
 public:
  explicit FixedClock(int64_t unix_seconds) : now_(std::chrono::seconds(unix_seconds)) {}
  TimePoint Now() const override { return now_; }
  std::chrono::steady_clock::time_point Steady() const override {
    return std::chrono::steady_clock::now();
  }

 private:
  TimePoint now_;
};

TEST(CurlFetcherTest, RetryAfterHttpDateIsMeasuredFromTheClock) {
  TestHttpServer http;
  http.server().Get("/busy", [](const httplib::Request&, httplib::Response& res) {
    res.status = 503;
    res.set_header("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT");
  });
  FixedClock clock(1445412480 - 300);  // five minutes before that date
  auto fetcher = MakeFetcher({}, clock);
  auto responses = FetchAll(*fetcher, {Get(http.Url("/busy"))});
  ASSERT_TRUE(responses[0].status.ok());
  EXPECT_EQ(responses[0].http_status, 503);
  ASSERT_TRUE(responses[0].retry_after.has_value());
  EXPECT_EQ(*responses[0].retry_after, seconds(300));
}

TEST(CurlFetcherTest, SlowServerHitsTotalTimeout) {
  GatedServer slow;
  slow.server.server().Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/plain", [&](size_t offset, httplib::DataSink& sink) {
      if (offset == 0) return sink.write("<rss>", 5);
      slow.gate.Wait(milliseconds(10000));
      return false;
    });
  });
  FetchRequest request = Get(slow.server.Url("/slow"));
  request.total_timeout = milliseconds(300);
  auto start = steady_clock::now();
  FetchResponse r = FetchBlocking(request);
  auto elapsed = steady_clock::now() - start;
  EXPECT_EQ(r.status.kind(), ErrorKind::kTimeout) << r.status.ToString();
  // The timeout, not the server's 10 s gate, ended the transfer. (No lower
  // bound: libcurl's timer may fire a fraction of a millisecond early.)
  EXPECT_LT(elapsed, milliseconds(5000));
}

TEST(CurlFetcherTest, TricklingServerHitsLowSpeedWindow) {
  GatedServer slow;
  slow.server.server().Get("/trickle", [&](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("text/plain", [&](size_t offset, httplib::DataSink& sink) {
      if (offset == 0) return sink.write("x", 1);
      slow.gate.Wait(milliseconds(20000));
      return false;
    });
  });
  FetchRequest request = Get(slow.server.Url("/trickle"));
  request.total_timeout = milliseconds(60000);
  request.low_speed_window = milliseconds(1000);
  auto start = steady_clock::now();
  FetchResponse r = FetchBlocking(request);
  EXPECT_EQ(r.status.kind(), ErrorKind::kTimeout) << r.status.ToString();
  EXPECT_LT(steady_clock::now() - start, milliseconds(10000));
}

TEST(CurlFetcherTest, TruncatedBodyIsAnError) {
  TestHttpServer http;
  http.server().Get("/cut", [](const httplib::Request&, httplib::Response& res) {
    res.set_content_provider(1000, "text/html", [](size_t offset, size_t, httplib::DataSink& sink) {
      if (offset > 0) return false;  // close with 900 bytes missing
      std::string part(100, 'p');
      return sink.write(part.data(), part.size());
    });
  });
  FetchResponse r = FetchBlocking(Get(http.Url("/cut")));
  EXPECT_EQ(r.status.kind(), ErrorKind::kNetwork) << r.status.ToString();
  EXPECT_LE(r.body.size(), 100u);
}

TEST(CurlFetcherTest, PrivateAddressGuardRefusesLoopback) {
  TestHttpServer http;
  http.Serve("/secret", "internal", "text/plain");
  for (std::string url :
       {http.Url("/secret"), "http://localhost:" + std::to_string(http.port()) + "/secret"}) {
    FetchRequest request = Get(url);
    request.allow_private_addresses = false;
    FetchResponse r = FetchBlocking(request);
    EXPECT_EQ(r.status.kind(), ErrorKind::kRefused) << url << ": " << r.status.ToString();
    EXPECT_NE(r.status.message().find("non-public address"), std::string::npos);
    EXPECT_TRUE(r.body.empty());
  }
  EXPECT_EQ(http.RequestCount("/secret"), 0u);

  FetchResponse allowed = FetchBlocking(Get(http.Url("/secret")));  // the default allows
  ASSERT_TRUE(allowed.status.ok());
  EXPECT_EQ(allowed.body, "internal");
}

TEST(CurlFetcherTest, GuardAlsoRefusesAReusedPrivateConnection) {
  TestHttpServer http;
  http.Serve("/p", "internal", "text/plain");
  FetcherOptions options;
  options.per_host_min_gap = milliseconds(0);
  auto fetcher = MakeFetcher(options);
  FetchRequest open = Get(http.Url("/p"));
  FetchRequest guarded = Get(http.Url("/p"));
  guarded.allow_private_addresses = false;
  auto first = FetchAll(*fetcher, {open});
  ASSERT_TRUE(first[0].status.ok());
  auto second = FetchAll(*fetcher, {guarded});
  EXPECT_EQ(second[0].status.kind(), ErrorKind::kRefused) << second[0].status.ToString();
  EXPECT_TRUE(second[0].body.empty());
}

TEST(CurlFetcherTest, UnsupportedProxySchemeIsInvalidArgument) {
  TestHttpServer http;
  http.Serve("/x", "x", "text/plain");
  FetchRequest request = Get(http.Url("/x"));
  request.proxy = "ftp://127.0.0.1:21";
  FetchResponse r = FetchBlocking(request);
  EXPECT_EQ(r.status.kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(http.RequestCount("/x"), 0u);
}

TEST(CurlFetcherTest, HttpProxyIsUsed) {
  TestHttpServer proxy;
  proxy.server().Get(".*", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content("via proxy for " + req.target, "text/plain");
  });
  FetchRequest request = Get("http://feeds.example.invalid/rss");
  request.proxy = proxy.Url("");
  FetchResponse r = FetchBlocking(request);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.body, "via proxy for http://feeds.example.invalid/rss");
}

TEST(CurlFetcherTest, UnreachablePortIsNetworkError) {
  int port;
  {
    TestHttpServer gone;
    port = gone.port();
  }
  FetchResponse r = FetchBlocking(Get("http://127.0.0.1:" + std::to_string(port) + "/"));
  EXPECT_EQ(r.status.kind(), ErrorKind::kNetwork) << r.status.ToString();
}

TEST(CurlFetcherTest, FileUrlIsRead) {
  auto dir = std::filesystem::temp_directory_path() / ("nw_net_file_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = dir / "feed.xml";
  {
    std::ofstream out(path, std::ios::binary);
    out << "<rss><channel/></rss>";
  }
  FetchResponse r = FetchBlocking(Get("file://" + path.string()));
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.http_status, 200);
  EXPECT_EQ(r.body, "<rss><channel/></rss>");

  FetchResponse missing = FetchBlocking(Get("file://" + (dir / "missing.xml").string()));
  EXPECT_EQ(missing.status.kind(), ErrorKind::kNotFound) << missing.status.ToString();
  std::filesystem::remove_all(dir);
}

TEST(CurlFetcherTest, SequentialFetchesReuseTheConnection) {
  TestHttpServer http;
  std::mutex mu;
  std::vector<int> ports;
  http.server().Get("/k", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu);
    ports.push_back(req.remote_port);
    res.set_content("k", "text/plain");
  });
  FetcherOptions options;
  options.per_host_min_gap = milliseconds(0);
  auto fetcher = MakeFetcher(options);
  for (int i = 0; i < 3; ++i) {
    auto r = FetchAll(*fetcher, {Get(http.Url("/k"))});
    ASSERT_TRUE(r[0].status.ok());
  }
  std::lock_guard<std::mutex> lock(mu);
  ASSERT_EQ(ports.size(), 3u);
  EXPECT_EQ(ports[0], ports[1]);
  EXPECT_EQ(ports[1], ports[2]);
}

// Counts requests in a handler at once; a handler lingers until another request joins it or
// `linger` passes, so overlapping starts are observed rather than missed.
struct InFlightProbe {
  std::mutex mu;
  std::condition_variable cv;
  int in_flight = 0;
  int max_in_flight = 0;
  std::vector<steady_clock::time_point> arrivals;

  void Enter(int expected_peers, milliseconds linger) {
    std::unique_lock<std::mutex> lock(mu);
    arrivals.push_back(steady_clock::now());
    ++in_flight;
    max_in_flight = std::max(max_in_flight, in_flight);
    cv.notify_all();
    // max_in_flight, not in_flight: the first peer to leave must not strand the others.
    cv.wait_for(lock, linger, [&] { return max_in_flight >= expected_peers; });
    --in_flight;
  }
};

TEST(CurlFetcherTest, PerHostConcurrencyLimitHolds) {
  for (size_t limit : {1u, 2u}) {
    InFlightProbe probe;
    TestHttpServer http;
    http.server().Get("/c", [&](const httplib::Request&, httplib::Response& res) {
      probe.Enter(static_cast<int>(limit) + 1, milliseconds(150));
      res.set_content("c", "text/plain");
    });
    FetcherOptions options;
    options.per_host_concurrency = limit;
    options.per_host_min_gap = milliseconds(0);
    auto fetcher = MakeFetcher(options);
    std::vector<FetchRequest> requests(5, Get(http.Url("/c")));
    auto responses = FetchAll(*fetcher, requests);
    for (const auto& r : responses) EXPECT_TRUE(r.status.ok()) << r.status.ToString();
    EXPECT_EQ(http.RequestCount("/c"), 5u);
    std::lock_guard<std::mutex> lock(probe.mu);
    EXPECT_EQ(probe.max_in_flight, static_cast<int>(limit)) << "limit " << limit;
  }
}

TEST(CurlFetcherTest, PerHostMinGapSpacesRequestStarts) {
  InFlightProbe probe;
  TestHttpServer http;
  http.server().Get("/g", [&](const httplib::Request&, httplib::Response& res) {
    probe.Enter(2, milliseconds(0));
    res.set_content("g", "text/plain");
  });
  constexpr milliseconds kGap(200);
  FetcherOptions options;
  options.per_host_concurrency = 4;
  options.per_host_min_gap = kGap;
  auto fetcher = MakeFetcher(options);
  std::vector<FetchRequest> requests(4, Get(http.Url("/g")));
  auto responses = FetchAll(*fetcher, requests);
  for (const auto& r : responses) EXPECT_TRUE(r.status.ok());
  std::lock_guard<std::mutex> lock(probe.mu);
  ASSERT_EQ(probe.arrivals.size(), 4u);
  for (size_t i = 1; i < probe.arrivals.size(); ++i) {
    // Arrival gaps can undershoot start gaps by the first connection's set-up time only.
    EXPECT_GE(probe.arrivals[i] - probe.arrivals[i - 1], kGap - milliseconds(10)) << i;
  }
}

TEST(CurlFetcherTest, DifferentHostsFetchInParallel) {
  InFlightProbe probe;
  TestHttpServer first("127.0.0.1");
  TestHttpServer second("127.0.0.2");
  auto handler = [&](const httplib::Request&, httplib::Response& res) {
    probe.Enter(3, milliseconds(10000));
    res.set_content("p", "text/plain");
  };
  first.server().Get("/p", handler);
  second.server().Get("/p", handler);
  FetcherOptions options;
  options.per_host_concurrency = 1;
  options.per_host_min_gap = milliseconds(60000);  // one request per host in this test
  auto fetcher = MakeFetcher(options);
  auto start = steady_clock::now();
  auto responses =
      FetchAll(*fetcher, {Get(first.Url("/p")), Get(second.Url("/p")),
                          Get("http://localhost:" + std::to_string(first.port()) + "/p")});
  for (const auto& r : responses) EXPECT_TRUE(r.status.ok()) << r.status.ToString();
  std::lock_guard<std::mutex> lock(probe.mu);
  EXPECT_EQ(probe.max_in_flight, 3);
  EXPECT_LT(steady_clock::now() - start, milliseconds(5000));
}

TEST(CurlFetcherTest, HostWaitingOnItsGapDoesNotBlockOtherHosts) {
  TestHttpServer first("127.0.0.1");
  TestHttpServer second("127.0.0.2");
  first.Serve("/a", "a", "text/plain");
  second.Serve("/b", "b", "text/plain");
  FetcherOptions options;
  options.per_host_min_gap = milliseconds(60000);
  auto fetcher = MakeFetcher(options);
  std::string order;
  fetcher->Submit(Get(first.Url("/a")), [&](FetchResponse r) { order += r.body; });
  fetcher->Submit(Get(first.Url("/a")), [&](FetchResponse r) { order += r.body; });
  fetcher->Submit(Get(second.Url("/b")), [&](FetchResponse r) { order += r.body; });
  auto deadline = steady_clock::now() + milliseconds(20000);
  while (order.size() < 2 && steady_clock::now() < deadline) fetcher->RunOnce(milliseconds(100));
  std::sort(order.begin(), order.end());
  EXPECT_EQ(order, "ab");
  EXPECT_EQ(fetcher->Pending(), 1u);  // the second "/a" waits for its gap, still queued
  EXPECT_EQ(first.RequestCount("/a"), 1u);
}

TEST(CurlFetcherTest, QueuedRequestsAreNeverDroppedAndPendingCountsThem) {
  TestHttpServer http;
  http.Serve("/q", "q", "text/plain");
  FetcherOptions options;
  options.per_host_concurrency = 1;
  options.per_host_min_gap = milliseconds(0);
  options.max_connections = 2;
  auto fetcher = MakeFetcher(options);
  size_t done = 0;
  for (int i = 0; i < 20; ++i) {
    fetcher->Submit(Get(http.Url("/q")), [&](FetchResponse r) {
      EXPECT_TRUE(r.status.ok());
      ++done;
    });
  }
  EXPECT_EQ(fetcher->Pending(), 20u);
  auto deadline = steady_clock::now() + milliseconds(20000);
  while (done < 20 && steady_clock::now() < deadline) fetcher->RunOnce(milliseconds(100));
  EXPECT_EQ(done, 20u);
  EXPECT_EQ(fetcher->Pending(), 0u);
  EXPECT_EQ(http.RequestCount("/q"), 20u);
}

TEST(CurlFetcherTest, CallbackMaySubmitFollowUpFetch) {
  TestHttpServer http;
  http.Serve("/one", "1", "text/plain");
  http.Serve("/two", "2", "text/plain");
  FetcherOptions options;
  options.per_host_min_gap = milliseconds(0);
  auto fetcher = MakeFetcher(options);
  std::string seen;
  fetcher->Submit(Get(http.Url("/one")), [&](FetchResponse r) {
    seen += r.body;
    fetcher->Submit(Get(http.Url("/two")), [&](FetchResponse r2) { seen += r2.body; });
  });
  auto deadline = steady_clock::now() + milliseconds(20000);
  while (seen.size() < 2 && steady_clock::now() < deadline) fetcher->RunOnce(milliseconds(100));
  EXPECT_EQ(seen, "12");
}

TEST(CurlFetcherTest, WakeupInterruptsRunOnce) {
  auto fetcher = MakeFetcher();
  std::atomic<bool> running{false};
  std::thread waker([&] {
    while (!running.load()) std::this_thread::yield();
    fetcher->Wakeup();
  });
  running = true;
  auto start = steady_clock::now();
  fetcher->RunOnce(milliseconds(30000));
  auto elapsed = steady_clock::now() - start;
  waker.join();
  EXPECT_LT(elapsed, milliseconds(10000));
}

TEST(CurlFetcherTest, CreateRejectsZeroLimits) {
  FetcherOptions options;
  options.per_host_concurrency = 0;
  auto fetcher = CurlFetcher::Create(options, SystemClock::Instance());
  ASSERT_FALSE(fetcher.ok());
  EXPECT_EQ(fetcher.status().kind(), ErrorKind::kInvalidArgument);
}

}  // namespace
}  // namespace newswatch

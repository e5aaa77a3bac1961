// TestHttpServer: a real HTTP server on 127.0.0.1 with an OS-chosen port, running on its own
// thread, so tests talk to real sockets instead of fakes.
// Thread-safety: Serve, RequestCount and WaitForRequests may be called from any thread at any
// time. Handlers registered through server() must be registered before requests arrive.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace newswatch {

class TestHttpServer {
 public:
  // Binds `host`:0 (an OS-chosen port) and starts listening on a background thread. Returns once
  // the accept loop runs, so the destructor can always stop it. Aborts if binding fails. Other
  // loopback addresses (127.0.0.2, ...) give tests distinct hosts on one machine.
  explicit TestHttpServer(std::string host = "127.0.0.1");
  // Stops accepting, waits for in-flight handlers and joins the thread. Handlers that block
  // (slow-server tests) must be released by the test before this runs.
  ~TestHttpServer();

  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  int port() const { return port_; }

  const std::string& host() const { return host_; }

  // "http://HOST:PORT" + path, HOST being the bound address (127.0.0.1 by default).
  std::string Url(std::string_view path) const;

  // The underlying server, for Get/Post/... handlers. Do not replace its pre-routing handler:
  // request counting and Serve() live there.
  httplib::Server& server() { return server_; }

  // Note: httplib gzips text/*, JSON and XML bodies itself when the client accepts gzip (curl
  // via CurlFetcher does); use application/octet-stream to put exact bytes on the wire.
  // Serves `body` with `content_type` and status 200 for GET and HEAD of exactly `path` (query
  // strings ignored). Each call replaces the previous body for that path. Takes precedence over
  // handlers registered via server().
  void Serve(std::string path, std::string body, std::string content_type);

  // How many requests for `path` (without query string) have arrived so far, counted when the
  // request headers are read, before any handler runs.
  size_t RequestCount(std::string_view path) const;

  // Blocks until `path` has been requested at least n times or `timeout` passes; returns
  // whether the count was reached.
  bool WaitForRequests(std::string_view path, size_t n, std::chrono::milliseconds timeout);

 private:
  struct Content {
    std::string body;
    std::string content_type;
  };

  httplib::Server server_;
  std::string host_;
  int port_ = -1;
  std::thread thread_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool listening_ = false;
  std::map<std::string, size_t, std::less<>> counts_;
  std::map<std::string, Content, std::less<>> served_;
};

}  // namespace newswatch

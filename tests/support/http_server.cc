#include "tests/support/http_server.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

namespace newswatch {

namespace {
// Enough workers that slow or streaming handlers in one test do not starve the others.
constexpr size_t kWorkerThreads = 16;
}  // namespace

TestHttpServer::TestHttpServer(std::string host) : host_(std::move(host)) {
  // httplib calls new_task_queue from the accept thread right after it marks itself running;
  // signalling here tells the constructor that stop() will now take effect, without polling.
  server_.new_task_queue = [this] {
    {
      std::lock_guard<std::mutex> lock(mu_);
      listening_ = true;
    }
    cv_.notify_all();
    return new httplib::ThreadPool(kWorkerThreads);
  };
  // Short keep-alive so idle client connections do not hold the destructor for long.
  server_.set_keep_alive_timeout(1);
  server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    std::string body, type;
    bool served = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++counts_[req.path];
      auto it = served_.find(req.path);
      if (it != served_.end() && (req.method == "GET" || req.method == "HEAD")) {
        body = it->second.body;
        type = it->second.content_type;
        served = true;
      }
    }
    cv_.notify_all();
    if (!served) return httplib::Server::HandlerResponse::Unhandled;
    res.status = 200;
    res.set_content(std::move(body), type.c_str());
    return httplib::Server::HandlerResponse::Handled;
  });

  port_ = server_.bind_to_any_port(host_);
  if (port_ <= 0) {
    std::fprintf(stderr, "TestHttpServer: cannot bind %s:0\n", host_.c_str());
    std::abort();
  }
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return listening_; });
}

TestHttpServer::~TestHttpServer() {
  server_.stop();
  if (thread_.joinable()) thread_.join();
}

std::string TestHttpServer::Url(std::string_view path) const {
  std::string url = "http://";
  url += host_;
  url += ':';
  url += std::to_string(port_);
  url += path;
  return url;
}

void TestHttpServer::Serve(std::string path, std::string body, std::string content_type) {
  std::lock_guard<std::mutex> lock(mu_);
  served_[std::move(path)] = Content{std::move(body), std::move(content_type)};
}

size_t TestHttpServer::RequestCount(std::string_view path) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = counts_.find(path);
  return it == counts_.end() ? 0 : it->second;
}

bool TestHttpServer::WaitForRequests(std::string_view path, size_t n,
                                     std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout, [&] {
    auto it = counts_.find(path);
    return it != counts_.end() && it->second >= n;
  });
}

}  // namespace newswatch

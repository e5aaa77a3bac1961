// Loopback servers for receiver tests: an HTTP recorder (cpp-httplib) and a
// one-message SMTP server. Both bind 127.0.0.1 on an ephemeral port.
#pragma once

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace newswatch::alert {

struct RecordedRequest {
  std::string path;
  std::map<std::string, std::string> params;
  std::map<std::string, std::string> headers;
  std::string body;
};

// Records every POST; answers with the queued replies, then `fallback`.
class HttpRecorder {
 public:
  explicit HttpRecorder(std::pair<int, std::string> fallback = {200, "{\"errcode\":0,\"code\":0}"})
      : fallback_(std::move(fallback)) {
    server_.Post(".*", [this](const httplib::Request& req, httplib::Response& res) {
      std::pair<int, std::string> reply;
      {
        std::unique_lock lock(mu_);
        RecordedRequest r{req.path, {}, {}, req.body};
        for (const auto& [k, v] : req.params) r.params[k] = v;
        for (const auto& [k, v] : req.headers) r.headers[k] = v;
        requests_.push_back(std::move(r));
        reply = replies_.empty() ? fallback_ : replies_.front();
        if (!replies_.empty()) replies_.pop_front();
        if (hang_ && requests_.size() == 1) {
          // Simulates a request in flight: no answer until the test says so.
          cv_.notify_all();
          cv_.wait_for(lock, std::chrono::seconds(60), [this] { return released_; });
          reply = fallback_;
        }
      }
      cv_.notify_all();
      res.status = reply.first;
      res.set_content(reply.second, "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~HttpRecorder() {
    ReleaseHang();
    server_.stop();
    thread_.join();
  }
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  void QueueReply(int status, std::string body) {
    std::lock_guard lock(mu_);
    replies_.emplace_back(status, std::move(body));
  }
  // The first request gets no reply until ReleaseHang.
  void HangFirstRequest() {
    std::lock_guard lock(mu_);
    hang_ = true;
  }
  void ReleaseHang() {
    std::lock_guard lock(mu_);
    released_ = true;
    cv_.notify_all();
  }
  std::vector<RecordedRequest> requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }
  // Waits (bounded) until `n` requests arrived.
  bool WaitForRequests(size_t n, std::chrono::seconds timeout = std::chrono::seconds(20)) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return requests_.size() >= n; });
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<RecordedRequest> requests_;
  std::deque<std::pair<int, std::string>> replies_;
  std::pair<int, std::string> fallback_;
  bool hang_ = false;
  bool released_ = false;
};

// Accepts one SMTP session and records the envelope and DATA.
class SmtpRecorder {
 public:
  SmtpRecorder() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 4);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~SmtpRecorder() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  int port() const { return port_; }
  std::string data() const { std::lock_guard l(mu_); return data_; }
  std::vector<std::string> commands() const { std::lock_guard l(mu_); return commands_; }

 private:
  void Serve() {
    int c = ::accept(fd_, nullptr, nullptr);
    if (c < 0) return;
    auto send = [&](const std::string& s) { (void)!::write(c, s.data(), s.size()); };
    std::string buf;
    auto line = [&](std::string& out) {
      for (;;) {
        size_t at = buf.find("\r\n");
        if (at != std::string::npos) {
          out = buf.substr(0, at);
          buf.erase(0, at + 2);
          return true;
        }
        char tmp[4096];
        ssize_t n = ::read(c, tmp, sizeof tmp);
        if (n <= 0) return false;
        buf.append(tmp, n);
      }
    };
    send("220 localhost test SMTP\r\n");
    std::string l;
    while (line(l)) {
      {
        std::lock_guard lock(mu_);
        commands_.push_back(l);
      }
      std::string verb = l.substr(0, 4);
      if (verb == "EHLO" || verb == "HELO") send("250 localhost\r\n");
      else if (verb == "MAIL" || verb == "RCPT") send("250 ok\r\n");
      else if (verb == "DATA") {
        send("354 go ahead\r\n");
        std::string body, dl;
        while (line(dl) && dl != ".") body += dl + "\r\n";
        {
          std::lock_guard lock(mu_);
          data_ = body;
        }
        send("250 queued\r\n");
      } else if (verb == "QUIT") {
        send("221 bye\r\n");
        break;
      } else {
        send("250 ok\r\n");
      }
    }
    ::close(c);
  }
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mu_;
  std::string data_;
  std::vector<std::string> commands_;
};

}  // namespace newswatch::alert

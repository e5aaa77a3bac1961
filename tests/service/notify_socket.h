// NotifySocket: a test's own AF_UNIX datagram socket standing in for systemd's
// notification socket, so tests read exactly what sd_notify sent.
// Thread-safety: one thread uses a NotifySocket.
#pragma once

#include <sys/socket.h>
#include <sys/un.h>
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>

namespace newswatch::testing {

class NotifySocket {
 public:
  // Binds a fresh socket file in a new temporary folder. Aborts on failure.
  NotifySocket() {
    char dir_template[] = "/tmp/nw-notify-XXXXXX";
    if (mkdtemp(dir_template) == nullptr) std::abort();
    dir_ = dir_template;
    path_ = dir_ + "/notify.sock";
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path_.c_str(), sizeof(addr.sun_path) - 1);
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) std::abort();
  }
  ~NotifySocket() {
    close(fd_);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  const std::string& path() const { return path_; }

  // The next datagram, or nullopt if none arrives within `timeout`.
  std::optional<std::string> Receive(std::chrono::milliseconds timeout) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return std::nullopt;
    char buf[4096];
    const ssize_t n = recv(fd_, buf, sizeof(buf), 0);
    if (n < 0) return std::nullopt;
    return std::string(buf, static_cast<size_t>(n));
  }

  // Reads datagrams until one contains `needle` (returned) or `timeout` passes.
  std::optional<std::string> WaitFor(const std::string& needle, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      auto message = Receive(left);
      if (!message) return std::nullopt;
      received_ += *message + "\n--\n";
      if (message->find(needle) != std::string::npos) return message;
    }
  }
  // Everything WaitFor has read, for failure messages.
  const std::string& received() const { return received_; }

 private:
  std::string dir_, path_;
  int fd_ = -1;
  std::string received_;
};

}  // namespace newswatch::testing

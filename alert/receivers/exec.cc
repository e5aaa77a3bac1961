// Exec receiver: runs a command (argv, no shell) and writes the notification
// JSON (the webhook body) to its stdin. Exit status 0 is delivered; 75
// (EX_TEMPFAIL) and signals are retried; any other status is permanent.
// NEWSWATCH_DELIVERY_ID is set in the child's environment.
#include "alert/receivers/exec.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include <nlohmann/json.hpp>

#include "alert/event_codec.h"
#include "alert/message_format.h"

namespace newswatch::alert {
namespace {

class ExecReceiver final : public Receiver {
 public:
  explicit ExecReceiver(const ReceiverSpec& spec)
      : name_(spec.name),
        argv_(spec.lists.at("command")),
        timeout_(spec.GetInt("timeout_seconds", 10)) {}

  Result<std::string> Render(const Notification& n) const override {
    nlohmann::json body;
    body["receiver"] = n.receiver;
    body["route"] = n.route;
    body["digest"] = n.digest;
    body["repeat"] = n.repeat;
    body["title"] = NotificationTitle(n);
    body["text"] = RenderText(n, TextDialect::kPlain, 1 << 20);
    nlohmann::json stories = nlohmann::json::array();
    for (const StoryReport& s : n.stories) {
      stories.push_back({{"event", EventToJsonValue(s.event)}, {"other_outlets", s.other_outlets}});
    }
    body["stories"] = stories;
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }

  Status Deliver(const std::string& payload, const std::string& delivery_id) override {
    int in[2];
    if (::pipe2(in, O_CLOEXEC) != 0) return IoError(name_ + ": pipe: " + std::strerror(errno));
    std::vector<char*> args;
    for (const std::string& a : argv_) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    // Build the child's environment before fork: only exec-safe calls after it.
    const std::string env = "NEWSWATCH_DELIVERY_ID=" + delivery_id;
    std::vector<char*> envp;
    for (char** e = environ; *e; ++e) {
      if (std::strncmp(*e, "NEWSWATCH_DELIVERY_ID=", 22) != 0) envp.push_back(*e);
    }
    envp.push_back(const_cast<char*>(env.c_str()));
    envp.push_back(nullptr);
    pid_t pid = ::fork();
    if (pid < 0) {
      ::close(in[0]);
      ::close(in[1]);
      return IoError(name_ + ": fork: " + std::strerror(errno));
    }
    if (pid == 0) {
      ::dup2(in[0], 0);
      ::execvpe(args[0], args.data(), envp.data());
      ::_exit(127);
    }
    ::close(in[0]);
    // Ignore SIGPIPE for this write: a command that exits early must not kill us.
    struct sigaction ignore {}, old {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &old);
    size_t off = 0;
    while (off < payload.size()) {
      ssize_t n = ::write(in[1], payload.data() + off, payload.size() - off);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      off += n;
    }
    ::close(in[1]);
    ::sigaction(SIGPIPE, &old, nullptr);
    // Wait with a deadline; a hung command is killed and retried later.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_);
    int status = 0;
    for (;;) {
      pid_t r = ::waitpid(pid, &status, WNOHANG);
      if (r == pid) break;
      if (r < 0 && errno != EINTR) return IoError(name_ + ": waitpid: " + std::strerror(errno));
      if (std::chrono::steady_clock::now() >= deadline) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        return TimeoutError(name_ + ": command timed out");
      }
      ::poll(nullptr, 0, 10);  // a child process offers no fd to wait on
    }
    if (WIFEXITED(status)) {
      int code = WEXITSTATUS(status);
      if (code == 0) return Status::Ok();
      std::string m = name_ + ": command exited with " + std::to_string(code);
      return code == 75 ? Unavailable(m) : Refused(m);
    }
    return Unavailable(name_ + ": command killed by a signal");
  }

 private:
  std::string name_;
  std::vector<std::string> argv_;
  int64_t timeout_;
};

}  // namespace

ReceiverKind ExecReceiverKind() {
  return {"exec",
          "pipes the notification JSON to a command's stdin",
          {{"command", OptionType::kStringList, true, "", "argv: [program, arg, ...]; no shell"}},
          [](const ReceiverSpec& spec) -> Result<std::unique_ptr<Receiver>> {
            auto it = spec.lists.find("command");
            if (it == spec.lists.end() || it->second.empty() || it->second[0].empty()) {
              return ConfigError("command must be a non-empty list");
            }
            return std::unique_ptr<Receiver>(new ExecReceiver(spec));
          }};
}

}  // namespace newswatch::alert

// ChildProcess: runs a program (newswatchd, newswatch) as a real child
// process for end-to-end tests, with its stderr and stdout captured through
// a pipe. Waiting is event-driven: lines are read as they arrive (poll with a
// bounded timeout) and exit is detected by EOF on the pipe, never by sleeping.
// Thread-safety: one thread uses a ChildProcess.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace newswatch::testing {

class ChildProcess {
 public:
  // Starts `argv[0]` with the arguments and extra environment ("K=V").
  // Aborts the test binary if fork/exec setup fails.
  ChildProcess(std::vector<std::string> argv, std::vector<std::string> env = {});
  // Kills (SIGKILL) and reaps the child if still running.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Reads output until a line containing `needle` arrives; returns that line,
  // or nullopt on timeout or EOF.
  std::optional<std::string> WaitForLine(const std::string& needle,
                                         std::chrono::milliseconds timeout);
  // Waits until the child exits (EOF on its output, then waitpid), reading
  // the rest of the output. Returns the exit code, or nullopt on timeout.
  std::optional<int> WaitForExit(std::chrono::milliseconds timeout);
  // Sends a signal.
  void Signal(int sig);
  // Everything the child printed so far.
  const std::string& output() const { return output_; }
  pid_t pid() const { return pid_; }

 private:
  // Reads what is available within `timeout`; returns false on EOF.
  bool ReadSome(std::chrono::milliseconds timeout);

  pid_t pid_ = -1;
  int fd_ = -1;
  bool eof_ = false;
  std::optional<int> exit_code_;
  std::string output_;
  size_t scanned_ = 0;  // output_ before this offset has been searched by WaitForLine
};

}  // namespace newswatch::testing

// StateDirLock: one newswatchd per state directory. An exclusive flock on
// `<state_dir>/newswatchd.lock`, held for the owner's lifetime (the kernel
// drops it when the process dies, so a crash never leaves it stale); the file
// names the holder's pid for the error message of the next one.
// Thread-safety: a move-only owner used by one thread.
#pragma once

#include <filesystem>

#include "daemon/core/result.h"

namespace newswatch {

class StateDirLock {
 public:
  // Takes the lock without waiting. kUnavailable naming the directory and the
  // holder's pid when another process holds it; kIo when the file cannot be created.
  static Result<StateDirLock> Acquire(const std::filesystem::path& state_dir);

  StateDirLock(StateDirLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  StateDirLock& operator=(StateDirLock&& other) noexcept;
  StateDirLock(const StateDirLock&) = delete;
  StateDirLock& operator=(const StateDirLock&) = delete;
  ~StateDirLock();

 private:
  explicit StateDirLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace newswatch

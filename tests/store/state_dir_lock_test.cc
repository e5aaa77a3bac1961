#include "daemon/store/state_dir_lock.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

namespace newswatch {
namespace {

TEST(StateDirLockTest, SecondHolderIsRefusedNamingThePidAndTheLockDiesWithItsOwner) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("nw_state_lock_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    auto first = StateDirLock::Acquire(dir);
    ASSERT_TRUE(first.ok()) << first.status().ToString();
    // flock is per open file description: another process is refused while this one holds it.
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      auto second = StateDirLock::Acquire(dir);
      const bool refused =
          !second.ok() && second.status().kind() == ErrorKind::kUnavailable &&
          second.status().message().find("pid " + std::to_string(::getppid())) != std::string::npos;
      ::_exit(refused ? 0 : 1);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "not refused naming the pid";
  }
  auto again = StateDirLock::Acquire(dir);  // released with its owner
  EXPECT_TRUE(again.ok()) << again.status().ToString();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace newswatch

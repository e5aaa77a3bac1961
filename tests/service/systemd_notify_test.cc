#include "daemon/service/systemd_notify.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include "tests/service/notify_socket.h"

namespace newswatch::systemd {
namespace {

using std::chrono::milliseconds;
using testing::NotifySocket;

// Each test owns the notification environment of this process.
class SystemdNotifyTest : public ::testing::Test {
 protected:
  void TearDown() override {
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
    unsetenv("WATCHDOG_PID");
  }
};

TEST_F(SystemdNotifyTest, ReadyStatusWatchdogAndStoppingReachTheSocket) {
  NotifySocket socket;
  setenv("NOTIFY_SOCKET", socket.path().c_str(), 1);
  ASSERT_TRUE(NotifySocketPresent());

  ASSERT_TRUE(NotifyReady("polling 3 sources").ok());
  EXPECT_EQ(socket.Receive(milliseconds(5000)), "READY=1\nSTATUS=polling 3 sources");
  ASSERT_TRUE(NotifyStatus("2 failing\nsecond line").ok());
  EXPECT_EQ(socket.Receive(milliseconds(5000)), "STATUS=2 failing second line");
  ASSERT_TRUE(NotifyWatchdog().ok());
  EXPECT_EQ(socket.Receive(milliseconds(5000)), "WATCHDOG=1");
  ASSERT_TRUE(NotifyStopping().ok());
  EXPECT_EQ(socket.Receive(milliseconds(5000)), "STOPPING=1");
}

TEST_F(SystemdNotifyTest, WithoutNotifySocketEverythingIsAQuietSuccess) {
  unsetenv("NOTIFY_SOCKET");
  EXPECT_FALSE(NotifySocketPresent());
  EXPECT_TRUE(NotifyReady("x").ok());
  EXPECT_TRUE(NotifyWatchdog().ok());
  EXPECT_FALSE(WatchdogInterval().has_value());
}

TEST_F(SystemdNotifyTest, UnreachableSocketIsAnIoError) {
  setenv("NOTIFY_SOCKET", "/nonexistent-dir/notify.sock", 1);
  const Status s = NotifyReady();
  EXPECT_EQ(s.kind(), ErrorKind::kIo) << s.ToString();
}

TEST_F(SystemdNotifyTest, WatchdogIntervalHonoursWatchdogPid) {
  setenv("WATCHDOG_USEC", "4000000", 1);
  setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
  EXPECT_EQ(WatchdogInterval(), std::chrono::microseconds(4000000));
  setenv("WATCHDOG_USEC", "4000000", 1);
  setenv("WATCHDOG_PID", std::to_string(getpid() + 1).c_str(), 1);
  EXPECT_FALSE(WatchdogInterval().has_value());  // meant for another process
}

TEST_F(SystemdNotifyTest, PacerPingsAtHalfTheInterval) {
  NotifySocket socket;
  setenv("NOTIFY_SOCKET", socket.path().c_str(), 1);
  setenv("WATCHDOG_USEC", "2000000", 1);
  unsetenv("WATCHDOG_PID");
  WatchdogPacer pacer;
  ASSERT_TRUE(pacer.enabled());
  const auto t0 = std::chrono::steady_clock::time_point(std::chrono::seconds(100));
  EXPECT_TRUE(pacer.Tick(t0));  // the first tick pings
  EXPECT_EQ(socket.Receive(milliseconds(5000)), "WATCHDOG=1");
  EXPECT_FALSE(pacer.Tick(t0 + milliseconds(999)));
  EXPECT_TRUE(pacer.Tick(t0 + milliseconds(1000)));
  EXPECT_EQ(socket.Receive(milliseconds(5000)), "WATCHDOG=1");
  EXPECT_FALSE(socket.Receive(milliseconds(0)).has_value());  // nothing extra was sent

  WatchdogPacer off(std::nullopt);
  EXPECT_FALSE(off.enabled());
  EXPECT_FALSE(off.Tick(t0));
}

}  // namespace
}  // namespace newswatch::systemd

// Helpers for end-to-end tests that run newswatchd: find the endpoint it
// publishes on, and run it with --once while a real SUB socket collects what
// it publishes. Waiting is driven by events (log lines, process exit, the
// journal's last sequence number), never by sleeping.
// Thread-safety: use from one test thread.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "newswatch/v1/event.pb.h"
#include "tests/e2e/child_process.h"

namespace newswatch::testing {

// Waits for newswatchd's "publishing on tcp://..." log line and returns the endpoint.
std::optional<std::string> WaitForPublishEndpoint(ChildProcess& daemon,
                                                  std::chrono::milliseconds timeout);

// The last sequence number in the state file (0 if it does not exist yet).
uint64_t JournalLastSequence(const std::filesystem::path& state_db);

struct OnceRun {
  int exit_code = -1;
  std::string output;                 // everything the daemon printed
  std::vector<v1::Event> articles;    // article events received, in order
};

// Runs `newswatchd --config CONFIG --once EXTRA...`, subscribes to everything it
// publishes, and returns the article events. Every event is journaled before
// it is sent, so after the daemon exits the journal's last sequence says
// exactly how far to read. Adds a gtest failure if events never arrive.
OnceRun RunDaemonOnce(const std::filesystem::path& config, const std::filesystem::path& state_db,
                      const std::vector<std::string>& extra_args = {});

// The start of a test configuration: a `daemon:` section with every endpoint
// on an OS-chosen loopback port (never a fixed one), the state in `state_dir`,
// a startup grace long enough for the test's subscriber, no politeness gap,
// then `profiles:` (the default metaverse profile) and the `sources:` key.
// Append the source entries.
std::string TestConfigHead(const std::string& id, const std::filesystem::path& state_dir);

// A free loopback TCP port: bound with the OS's choice, read, released. For
// tests that must restart a daemon on the same endpoint (the port may be
// taken again in between; such a test then fails loudly, it never hangs).
int FreeLoopbackPort();

// `s` with &, < and > escaped for XML text.
std::string XmlEscape(const std::string& s);

}  // namespace newswatch::testing

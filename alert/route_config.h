// The alert router's configuration (config/alert.yaml): publishers, outbox,
// receivers, quiet hours and the routing tree, validated and compiled once.
// Every error names file:line. Thread-safety: an AlertConfig is immutable
// after loading; share it read-only.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "alert/matcher.h"
#include "alert/receivers/receiver.h"
#include "alert/time_zone.h"
#include "daemon/core/result.h"

namespace newswatch::alert {

// One node of the routing tree. Children inherit group settings and the
// receiver unless they set their own.
struct RouteNode {
  std::string path;  // "route", "route.routes[1]", ... (stable key for state)
  int line = 0;
  Matcher match;
  std::string receiver;
  bool continue_matching = false;  // after this route matches, keep trying siblings
  std::vector<std::string> group_by;  // labels: region, province, document_kind, profile, ...
  std::chrono::seconds group_wait{30};
  std::chrono::seconds group_interval{300};
  std::chrono::seconds repeat_interval{86400};
  bool quiet_hours = true;  // false: this route ignores quiet hours
  std::vector<RouteNode> routes;
};

// Daily quiet hours [start, end) in a time zone; may wrap midnight.
struct QuietHours {
  bool enabled = false;
  std::optional<TimeZone> zone;
  int start_minute = 0;
  int end_minute = 0;
  bool digest = true;  // send what was held as one digest when they end
  // True if `unix_seconds` falls inside quiet hours.
  bool Contains(int64_t unix_seconds) const;
};

// One newswatchd to follow. Written either as a bare endpoint (live only) or
// as a mapping {endpoint, replay, name, start}.
struct PublisherSpec {
  std::string name;      // the key of its cursor in the outbox; defaults to `endpoint`
  std::string endpoint;  // ZeroMQ PUB endpoint (daemon.publish)
  std::string replay;    // replay ROUTER endpoint (daemon.replay); "" = no gap filling, no resume
  // Where to begin when the outbox holds no cursor for `name`: the publisher's
  // newest event (true) or the oldest one still in its journal (false).
  bool start_latest = true;
  int line = 0;
};

struct AlertConfig {
  std::string file;
  std::vector<PublisherSpec> publishers;
  std::vector<std::string> topics{"article.", "status."};
  std::string outbox_path = "/var/lib/newswatch-alert/outbox.db";
  std::string silences_path;  // "" = no silence file
  QuietHours quiet_hours;
  std::vector<ReceiverSpec> receivers;
  RouteNode root;
};

// The group_by labels a route may use.
const std::vector<std::string>& GroupLabels();

// Parses and validates YAML `text` as if read from `file_name`: unknown keys,
// bad durations, unknown receivers referenced by routes, receiver options
// that fail their kind's table, unresolvable secrets. Receivers are built
// once to validate them (no network I/O).
Result<AlertConfig> ParseAlertConfig(const std::string& text, const std::string& file_name);

// Reads `path` and parses it. kNotFound if it cannot be read.
Result<AlertConfig> LoadAlertConfig(const std::string& path);

// "30s", "5m", "2h", "1d", "90" (seconds). nullopt if malformed.
std::optional<std::chrono::seconds> ParseDuration(std::string_view text);

}  // namespace newswatch::alert

// Notification: one message the router decided to send to one receiver: a
// group of stories (one entry per story, reposts folded into other_outlets).
// Thread-safety: a plain value type.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "alert/alert_event.h"

namespace newswatch::alert {

struct StoryReport {
  AlertEvent event;                         // the first report the router saw
  std::vector<std::string> other_outlets;   // sources / outlets of reposts, in arrival order
};

struct Notification {
  std::string route;     // the route's path in the config ("route.routes[0]")
  std::string receiver;  // receiver name
  std::vector<std::pair<std::string, std::string>> group_labels;  // group_by label -> value
  std::vector<StoryReport> stories;
  bool digest = false;  // collected during quiet hours
  bool repeat = false;  // re-sent after repeat_interval
  int64_t created_at = 0;  // unix seconds, router clock
  // Stable identity: the same route, receiver and stories give the same key,
  // so a replayed or re-routed event never enqueues a second message.
  std::string dedup_key;
};

}  // namespace newswatch::alert

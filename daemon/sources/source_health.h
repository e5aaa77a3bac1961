// SourceHealthTracker: decides from each finished poll's counts whether a source is ok, failing
// (its polls fail) or broken (its polls succeed but it has drifted: a list that yielded items
// for weeks now yields none, or whose items suddenly lack dates or titles, as when a site's
// layout changes under a configured XPath or JSON path). Pure: no clock, no I/O; the engine
// feeds it one record per poll and publishes state changes.
// Thread-safety: a plain value; one owner (the engine thread).
#pragma once

#include <cstdint>
#include <deque>
#include <string>

namespace newswatch {

// What one finished poll produced (PollStep's counts summed over the poll).
struct PollRecord {
  int64_t time_unix = 0;
  bool failed = false;        // the poll failed (network, HTTP error, unreadable response)
  bool not_modified = false;  // 304: nothing to judge
  uint32_t items_seen = 0;    // items in the list, new or not
  uint32_t items_without_date = 0;
  uint32_t items_without_title = 0;
};

enum class HealthState { kOk, kFailing, kBroken };

struct HealthVerdict {
  HealthState state = HealthState::kOk;
  // Empty when ok; otherwise why, e.g. "yielded no items for 3 polls after 40 items in 12
  // polls over the last 14 days" or "85% of items lack dates, was 0%".
  std::string reason;
};

struct HealthSettings {
  int64_t window_seconds = 14 * 86400;  // the history compared against
  uint32_t empty_polls = 3;             // successive empty polls before "broken"...
  int64_t empty_for_seconds = 3600;     // ...spanning at least this long
  uint32_t min_history_items = 10;      // the window must hold this many items...
  uint32_t min_history_polls = 3;       // ...from this many non-empty polls to judge drift
  uint32_t min_poll_items = 3;          // a poll with fewer items is not judged for missing fields
  double missing_jump = 0.5;            // missing share rose by at least this much (0.5 = 50 pts)
};

class SourceHealthTracker {
 public:
  explicit SourceHealthTracker(HealthSettings settings = {}) : settings_(settings) {}

  // Records one finished poll (times non-decreasing) and returns the verdict after it. A failed
  // poll gives kFailing; a not-modified poll keeps the previous verdict; a successful poll is
  // judged against the ok polls of the window. Polls judged broken do not enter the history,
  // so a drifted layout stays broken until the items look like they used to.
  HealthVerdict Record(const PollRecord& poll);

  // The verdict after the last Record (ok before any).
  const HealthVerdict& current() const { return current_; }

 private:
  struct Sample {
    int64_t time_unix;
    uint32_t items, without_date, without_title;
  };
  HealthVerdict Judge(const PollRecord& poll);
  // A reason if `missing` of `items` is a jump from the history's share; "" otherwise.
  std::string MissingJump(uint32_t missing, uint32_t items, uint64_t history_missing,
                          uint64_t history_items, const char* what) const;

  HealthSettings settings_;
  HealthVerdict current_;
  std::deque<Sample> history_;  // ok, non-empty polls within the window
  uint32_t empty_run_ = 0;      // successive successful polls with no items
  int64_t empty_since_ = 0;
};

}  // namespace newswatch

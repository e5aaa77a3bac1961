#include "daemon/sources/source_health.h"

#include <cmath>

namespace newswatch {
namespace {

std::string Percent(double share) { return std::to_string(std::lround(share * 100)) + "%"; }

std::string Span(int64_t seconds) {
  if (seconds >= 2 * 86400) return std::to_string(seconds / 86400) + " days";
  if (seconds >= 2 * 3600) return std::to_string(seconds / 3600) + " hours";
  return std::to_string(seconds / 60) + " minutes";
}

}  // namespace

HealthVerdict SourceHealthTracker::Record(const PollRecord& poll) {
  if (poll.failed) {
    current_ = {HealthState::kFailing, "the last poll failed"};
    return current_;
  }
  if (poll.not_modified) {
    if (current_.state == HealthState::kFailing) current_ = {};
    return current_;
  }
  while (!history_.empty() && history_.front().time_unix < poll.time_unix - settings_.window_seconds) {
    history_.pop_front();
  }
  current_ = Judge(poll);
  if (current_.state == HealthState::kOk && poll.items_seen > 0) {
    history_.push_back({poll.time_unix, poll.items_seen, poll.items_without_date,
                        poll.items_without_title});
  }
  return current_;
}

HealthVerdict SourceHealthTracker::Judge(const PollRecord& poll) {
  uint64_t items = 0, without_date = 0, without_title = 0;
  for (const Sample& s : history_) {
    items += s.items;
    without_date += s.without_date;
    without_title += s.without_title;
  }
  const bool history_judges = items >= settings_.min_history_items &&
                              history_.size() >= settings_.min_history_polls;
  if (poll.items_seen == 0) {
    if (empty_run_++ == 0) empty_since_ = poll.time_unix;
    if (history_judges && empty_run_ >= settings_.empty_polls &&
        poll.time_unix - empty_since_ >= settings_.empty_for_seconds) {
      return {HealthState::kBroken,
              "yielded no items for " + std::to_string(empty_run_) + " polls (" +
                  Span(poll.time_unix - empty_since_) + ") after " + std::to_string(items) +
                  " items in " + std::to_string(history_.size()) + " polls over the last " +
                  Span(settings_.window_seconds)};
    }
    // Not yet judged broken: an empty list may be a quiet day. Keep a broken verdict standing.
    return current_.state == HealthState::kBroken ? current_ : HealthVerdict{};
  }
  empty_run_ = 0;
  if (!history_judges || poll.items_seen < settings_.min_poll_items) return {};
  std::string reason =
      MissingJump(poll.items_without_date, poll.items_seen, without_date, items, "dates");
  std::string titles =
      MissingJump(poll.items_without_title, poll.items_seen, without_title, items, "titles");
  if (!titles.empty()) reason += (reason.empty() ? "" : "; ") + titles;
  if (reason.empty()) return {};
  return {HealthState::kBroken, reason};
}

std::string SourceHealthTracker::MissingJump(uint32_t missing, uint32_t items,
                                             uint64_t history_missing, uint64_t history_items,
                                             const char* what) const {
  const double now = static_cast<double>(missing) / items;
  const double was = static_cast<double>(history_missing) / static_cast<double>(history_items);
  if (now - was < settings_.missing_jump) return {};
  return Percent(now) + " of items lack " + what + ", was " + Percent(was);
}

}  // namespace newswatch

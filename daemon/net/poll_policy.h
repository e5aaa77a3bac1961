// Poll policy: when to fetch a source next, from its configured interval, its failure streak,
// what the server asked for (Retry-After, Cache-Control, Expires, RSS <ttl>) and how often it
// actually publishes. Pure functions, no I/O, so schedules are table-tested.
// Thread-safety: pure functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

namespace newswatch {

struct PollInputs {
  std::chrono::seconds interval{900};        // configured interval
  std::chrono::seconds min_interval{60};     // never sooner, whatever else says
  std::chrono::seconds max_interval{86400};  // never later while healthy, whatever servers say
  std::chrono::seconds max_backoff{6 * 3600};  // cap of the failure backoff
  int consecutive_failures = 0;              // 0 after a success
  // Server hints; pass Retry-After only from 429/503 responses.
  std::optional<std::chrono::seconds> retry_after, max_age, expires_in, feed_ttl;
  // Publication times (unix seconds) of the source's recent items, any order; unknown (<= 0)
  // entries are ignored. Two or more usable times enable the adaptive interval.
  std::vector<int64_t> recent_item_times;
  bool adaptive = true;
};

// The delay before the next poll:
//   base = the adaptive interval if enabled and known (median gap between the newest 20 distinct
//          item times), else `interval`; clamped to [min_interval, max_interval];
//   on failures, base * 2^failures capped at max(max_backoff, base);
//   then raised to the largest server hint (never poll sooner than the server asks);
//   then capped at max_interval while healthy (at max(max_interval, max_backoff) when failing)
//   and never below min_interval.
std::chrono::seconds NextPollDelay(const PollInputs& inputs);

// The median gap in seconds between the newest 20 distinct positive times, nullopt if fewer
// than two. Exposed for tests and for status output.
std::optional<std::chrono::seconds> MedianPublicationGap(const std::vector<int64_t>& times);

// `base` moved by a pseudo-random offset in [-fraction*base, +fraction*base], deterministic for
// a given `seed` (e.g. a hash of the source id) so sources spread out instead of firing together.
// `fraction` is clamped to [0, 1]; the result is never negative.
std::chrono::milliseconds Jitter(std::chrono::milliseconds base, double fraction, uint64_t seed);

}  // namespace newswatch

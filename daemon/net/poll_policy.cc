#include "daemon/net/poll_policy.h"

#include <algorithm>
#include <functional>

namespace newswatch {

namespace {

using std::chrono::seconds;

constexpr size_t kAdaptiveWindow = 20;

uint64_t SplitMix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

}  // namespace

std::optional<seconds> MedianPublicationGap(const std::vector<int64_t>& times) {
  std::vector<int64_t> t;
  for (int64_t v : times) {
    if (v > 0) t.push_back(v);
  }
  std::sort(t.begin(), t.end(), std::greater<>());
  t.erase(std::unique(t.begin(), t.end()), t.end());
  if (t.size() > kAdaptiveWindow) t.resize(kAdaptiveWindow);
  if (t.size() < 2) return std::nullopt;
  std::vector<int64_t> gaps;
  for (size_t i = 1; i < t.size(); ++i) gaps.push_back(t[i - 1] - t[i]);
  std::sort(gaps.begin(), gaps.end());
  size_t n = gaps.size();
  int64_t median = n % 2 == 1 ? gaps[n / 2] : (gaps[n / 2 - 1] + gaps[n / 2]) / 2;
  return seconds(median);
}

seconds NextPollDelay(const PollInputs& in) {
  seconds min_interval = std::max(in.min_interval, seconds(0));
  seconds max_interval = std::max(in.max_interval, min_interval);
  seconds base = in.interval;
  if (in.adaptive) {
    if (auto gap = MedianPublicationGap(in.recent_item_times)) base = *gap;
  }
  base = std::clamp(base, min_interval, max_interval);

  seconds delay = base;
  seconds ceiling = max_interval;
  if (in.consecutive_failures > 0) {
    seconds cap = std::max(in.max_backoff, base);
    int shift = std::min(in.consecutive_failures, 40);  // 2^40 s is past any cap
    delay = base.count() > (cap.count() >> shift) ? cap : base * (int64_t{1} << shift);
    delay = std::min(delay, cap);
    ceiling = std::max(max_interval, cap);
  }
  for (const auto& hint : {in.retry_after, in.max_age, in.expires_in, in.feed_ttl}) {
    if (hint) delay = std::max(delay, *hint);
  }
  return std::clamp(delay, min_interval, ceiling);
}

std::chrono::milliseconds Jitter(std::chrono::milliseconds base, double fraction, uint64_t seed) {
  fraction = std::clamp(fraction, 0.0, 1.0);
  if (base.count() <= 0 || fraction == 0.0) return std::max(base, std::chrono::milliseconds(0));
  // 53 random bits -> u in [0, 1).
  double u = static_cast<double>(SplitMix64(seed) >> 11) / 9007199254740992.0;
  double offset = (2.0 * u - 1.0) * fraction * static_cast<double>(base.count());
  auto result = static_cast<int64_t>(static_cast<double>(base.count()) + offset);
  return std::chrono::milliseconds(std::max<int64_t>(result, 0));
}

}  // namespace newswatch

// HttpFetcher: the narrow interface through which the daemon fetches URLs asynchronously.
// Sources depend on this; CurlFetcher (curl_fetcher.h) is the real one, tests may fake it.
// Thread-safety: driven by ONE thread (the engine thread); only Wakeup() is callable from others.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>

#include "daemon/net/fetch.h"

namespace newswatch {

class HttpFetcher {
 public:
  using Callback = std::function<void(FetchResponse)>;
  virtual ~HttpFetcher() = default;

  // Queues `request`; `done` runs exactly once, later, from inside RunOnce on the engine thread
  // (never from inside Submit). Requests are never dropped: politeness only delays them.
  virtual void Submit(FetchRequest request, Callback done) = 0;

  // Starts queued transfers that politeness allows, moves data, and runs the callbacks of
  // finished transfers. Blocks at most about `max_wait` when there is nothing to do.
  // Callbacks may call Submit.
  virtual void RunOnce(std::chrono::milliseconds max_wait) = 0;

  // Any thread: makes a blocked RunOnce return early.
  virtual void Wakeup() = 0;

  // Requests queued plus in flight whose callbacks have not run yet.
  virtual size_t Pending() const = 0;
};

}  // namespace newswatch

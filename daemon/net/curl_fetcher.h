// CurlFetcher: the real HttpFetcher, on one libcurl multi handle. Reuses connections and easy
// handles, speaks HTTP/2 where offered, and is polite: per host at most per_host_concurrency
// transfers in flight and at least per_host_min_gap between request starts (the rest wait).
// Thread-safety: one engine thread calls everything except Wakeup(), which any thread may call.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "daemon/core/clock.h"
#include "daemon/core/result.h"
#include "daemon/net/curl_handles.h"
#include "daemon/net/http_fetcher.h"

namespace newswatch {

struct FetcherOptions {
  size_t max_connections = 64;       // transfers in flight over all hosts
  size_t per_host_concurrency = 2;   // transfers in flight to one host name
  std::chrono::milliseconds per_host_min_gap{1000};  // between request starts to one host
};

class CurlFetcher final : public HttpFetcher {
 public:
  // Fails with kInvalidArgument for zero limits, kInternal if libcurl cannot initialise.
  // `clock` must outlive the fetcher; its Steady() paces hosts, its Now() dates Retry-After.
  static Result<std::unique_ptr<CurlFetcher>> Create(FetcherOptions options, const Clock& clock);

  // Abandons transfers still queued or in flight without running their callbacks.
  ~CurlFetcher() override;

  void Submit(FetchRequest request, Callback done) override;
  void RunOnce(std::chrono::milliseconds max_wait) override;
  void Wakeup() override;
  size_t Pending() const override { return queue_.size() + active_.size() + failed_.size(); }

  struct Transfer;  // one request's state; defined in curl_fetcher.cc

 private:
  struct HostState {
    size_t in_flight = 0;
    std::chrono::steady_clock::time_point last_start{};
    bool started_once = false;
  };

  CurlFetcher(FetcherOptions options, const Clock& clock, CurlMulti multi);

  // Starts queued transfers that the limits allow; returns how long until the next queued
  // transfer may start (max() if none waits on a gap).
  std::chrono::milliseconds StartReady();
  void Start(std::unique_ptr<Transfer> transfer);
  // Collects finished transfers from the multi handle; returns them finished and detached.
  std::vector<std::unique_ptr<Transfer>> CollectFinished();

  FetcherOptions options_;
  const Clock& clock_;
  CurlMulti multi_;
  std::deque<std::unique_ptr<Transfer>> queue_;
  std::map<CURL*, std::unique_ptr<Transfer>> active_;
  std::vector<std::unique_ptr<Transfer>> failed_;  // could not start; reported next RunOnce
  std::map<std::string, HostState> hosts_;
  std::vector<CurlEasy> idle_handles_;
};

// Blocking convenience for the CLI and tests: runs its own CurlFetcher until `request` is done.
FetchResponse FetchBlocking(const FetchRequest& request);

}  // namespace newswatch

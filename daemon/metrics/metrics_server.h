// MetricsServer: the daemon's local HTTP endpoint for operators: GET /metrics
// (Prometheus text format 0.0.4 from a MetricsRegistry), /healthz (liveness)
// and /readyz (readiness). Listens on its own threads from Start until the
// owner is destroyed. Thread-safety: the health callbacks and the registry are
// called from the server's threads, concurrently with everything else.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "daemon/core/result.h"
#include "daemon/metrics/listen_address.h"
#include "daemon/metrics/metrics_registry.h"

namespace newswatch {

struct HealthChecks {
  // OK: "/healthz" answers 200 "ok"; an error: 503 with the message. Unset: always OK.
  std::function<Status()> live;
  // OK: "/readyz" answers 200 "ready"; an error: 503 with the message (e.g. "starting",
  // "stopping"). Unset: always ready.
  std::function<Status()> ready;
};

class MetricsServer {
 public:
  // Binds `address` (port 0: any free port) and starts serving. `registry`
  // must outlive the server. Errors: kUnavailable naming the address when it
  // cannot be bound (in use, not a local address, name does not resolve).
  static Result<std::unique_ptr<MetricsServer>> Start(const ListenAddress& address,
                                                      MetricsRegistry& registry,
                                                      HealthChecks checks = {});
  // Stops accepting, finishes requests in flight and joins the threads.
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // The bound address; its port is the real one when 0 was asked for.
  const ListenAddress& address() const { return address_; }

 private:
  struct Impl;
  MetricsServer(std::unique_ptr<Impl> impl, ListenAddress address);
  std::unique_ptr<Impl> impl_;
  ListenAddress address_;
};

}  // namespace newswatch

#include "daemon/metrics/metrics_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace newswatch {

namespace {
// Scrapes and probes are rare and cheap; two workers keep one slow client from blocking a probe.
constexpr size_t kWorkerThreads = 2;
constexpr char kPrometheusType[] = "text/plain; version=0.0.4; charset=utf-8";

void Answer(const std::function<Status()>& check, std::string_view ok_text,
            httplib::Response& res) {
  const Status s = check ? check() : Status::Ok();
  res.status = s.ok() ? 200 : 503;
  res.set_content(s.ok() ? std::string(ok_text) + "\n" : s.message() + "\n",
                  "text/plain; charset=utf-8");
}
}  // namespace

struct MetricsServer::Impl {
  httplib::Server server;
  std::thread thread;
  std::mutex mu;
  std::condition_variable cv;
  bool listening = false;
};

MetricsServer::MetricsServer(std::unique_ptr<Impl> impl, ListenAddress address)
    : impl_(std::move(impl)), address_(std::move(address)) {}

MetricsServer::~MetricsServer() {
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

Result<std::unique_ptr<MetricsServer>> MetricsServer::Start(const ListenAddress& address,
                                                            MetricsRegistry& registry,
                                                            HealthChecks checks) {
  auto impl = std::make_unique<Impl>();
  Impl* m = impl.get();
  // httplib asks for its task queue from the accept thread right after it marks itself
  // running; from then on stop() takes effect, so Start returns only after that.
  m->server.new_task_queue = [m] {
    {
      std::lock_guard<std::mutex> lock(m->mu);
      m->listening = true;
    }
    m->cv.notify_all();
    return new httplib::ThreadPool(kWorkerThreads);
  };
  m->server.set_keep_alive_timeout(2);
  // httplib's default also sets SO_REUSEPORT, which would let a second daemon share the port
  // silently; SO_REUSEADDR alone allows a quick restart and still refuses a running listener.
  m->server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  m->server.Get("/metrics", [&registry](const httplib::Request&, httplib::Response& res) {
    res.set_content(registry.RenderText(), kPrometheusType);
  });
  m->server.Get("/healthz", [live = checks.live](const httplib::Request&, httplib::Response& res) {
    Answer(live, "ok", res);
  });
  m->server.Get("/readyz", [ready = checks.ready](const httplib::Request&, httplib::Response& res) {
    Answer(ready, "ready", res);
  });

  ListenAddress bound = address;
  if (address.port == 0) {
    const int port = m->server.bind_to_any_port(address.host);
    if (port <= 0) {
      return Unavailable("cannot listen on " + address.ToString() + " for metrics");
    }
    bound.port = static_cast<uint16_t>(port);
  } else if (!m->server.bind_to_port(address.host, address.port)) {
    return Unavailable("cannot listen on " + address.ToString() +
                       " for metrics (address in use or not local)");
  }
  m->thread = std::thread([m] { m->server.listen_after_bind(); });
  {
    std::unique_lock<std::mutex> lock(m->mu);
    m->cv.wait(lock, [m] { return m->listening; });
  }
  return std::unique_ptr<MetricsServer>(new MetricsServer(std::move(impl), std::move(bound)));
}

}  // namespace newswatch

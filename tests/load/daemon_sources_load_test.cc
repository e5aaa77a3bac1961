// Load: a real newswatchd polls 10,000 feeds, every one on a 60-second interval, served by one
// loopback HTTP server under 10,000 paths, until every source has been polled kPollsPerSource
// times (several minutes). Measured from outside the daemon:
//  - CPU share of the daemon (/proc/PID/stat utime + stime over wall time), for the first round
//    (every source due at once at start-up) and for the steady state after it;
//  - resident memory: peak (VmHWM) and current (VmRSS) from /proc/PID/status;
//  - how late polls run against their schedule, from the server's arrival times: the engine
//    schedules a source `interval` after its last poll ended, jittered by up to 10 % either way,
//    so (gap between two arrivals) - interval lies within -6..+6 s by design and anything past
//    +6 s is lateness;
//  - starvation: every source is polled kPollsPerSource times within the bound.
// Feeds behave like real ones: ETag / If-None-Match (304 when unchanged) and a new item every
// two minutes, so part of the polls carry articles through the pipeline.
// Figures are printed as one "LOAD ..." line each; docs/performance.md records them.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/e2e/child_process.h"
#include "tests/support/http_server.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Steady = std::chrono::steady_clock;
using testing::ChildProcess;

constexpr int kSources = 10000;
constexpr int kIntervalSeconds = 60;
constexpr int kPollsPerSource = 4;
constexpr auto kItemPeriod = 120s;  // a feed gains one item this often
constexpr int kItemsPerFeed = 5;

// The daemon's CPU time so far (user + system), from /proc/PID/stat fields 14 and 15.
double CpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(stat.substr(close + 2));
  std::string f;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> f; ++i) {
    if (i == 14) utime = std::stol(f);
    if (i == 15) stime = std::stol(f);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// A "VmHWM:" / "VmRSS:" line of /proc/PID/status, in MiB.
double StatusMiB(pid_t pid, const std::string& key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) return std::stod(line.substr(key.size())) / 1024.0;  // kB
  }
  return 0;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

// Feed of source `n` as of item bucket `bucket` (invented text; the newest kItemsPerFeed items).
std::string FeedXml(int n, int64_t bucket) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>负载测试源" +
      std::to_string(n) + "</title><link>http://load.invalid/" + std::to_string(n) + "/</link>\n";
  for (int64_t k = bucket; k > bucket - kItemsPerFeed; --k) {
    const std::string id = std::to_string(n) + "-" + std::to_string(k);
    xml += "<item><title>第" + id + "号本地新闻：社区服务中心开展便民活动</title><link>http://load.invalid/" +
           std::to_string(n) + "/" + std::to_string(k) + ".html</link><pubDate>Wed, 10 Apr 2024 09:00:00 +0800</pubDate>"
           "<description>社区服务中心本周组织志愿者开展义诊、家电维修和法律咨询等便民活动，"
           "居民可到服务大厅登记参加。活动编号" + id + "。</description></item>\n";
  }
  return xml + "</channel></rss>\n";
}

class LoadServer {
 public:
  LoadServer() : start_(Steady::now()), arrivals_(kSources) {
    server_.server().Get(R"(/feeds/(\d+)\.xml)",
                         [this](const httplib::Request& req, httplib::Response& res) {
                           Handle(req, res);
                         });
  }

  std::string Url(int n) const { return server_.Url("/feeds/" + std::to_string(n) + ".xml"); }

  // Waits until every source has been polled `polls` times or `bound` passes, calling `tick`
  // at least every `tick_every` meanwhile (to drain the child's output and sample it).
  template <typename Tick>
  bool WaitForAllPolled(int polls, std::chrono::seconds bound, std::chrono::seconds tick_every,
                        Tick tick) {
    const auto deadline = Steady::now() + bound;
    std::unique_lock<std::mutex> lock(mu_);
    while (Steady::now() < deadline) {
      if (cv_.wait_for(lock, tick_every, [&] { return min_polls_reached_ >= polls; })) return true;
      lock.unlock();
      tick();
      lock.lock();
    }
    return min_polls_reached_ >= polls;
  }

  std::vector<std::vector<Steady::time_point>> Arrivals() {
    std::lock_guard<std::mutex> lock(mu_);
    return arrivals_;
  }

  size_t not_modified() const { return not_modified_.load(); }
  size_t full_responses() const { return full_.load(); }

 private:
  void Handle(const httplib::Request& req, httplib::Response& res) {
    const int n = std::stoi(req.matches[1].str());
    if (n < 0 || n >= kSources) {
      res.status = 404;
      return;
    }
    const auto now = Steady::now();
    {
      std::lock_guard<std::mutex> lock(mu_);
      arrivals_[n].push_back(now);
      // at_least_[k]: sources polled at least k times; the laggard decides min_polls_reached_.
      const size_t count = arrivals_[n].size();
      if (at_least_.size() <= count) at_least_.resize(count + 1, 0);
      if (++at_least_[count] == kSources && static_cast<int>(count) > min_polls_reached_) {
        min_polls_reached_ = static_cast<int>(count);
        cv_.notify_all();
      }
    }
    const int64_t bucket = (now - start_) / kItemPeriod + 100;
    const std::string etag = "\"" + std::to_string(n) + "-" + std::to_string(bucket) + "\"";
    if (req.get_header_value("If-None-Match") == etag) {
      ++not_modified_;
      res.status = 304;
      return;
    }
    ++full_;
    res.set_header("ETag", etag);
    res.set_content(FeedXml(n, bucket), "application/rss+xml; charset=utf-8");
  }

  const Steady::time_point start_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::vector<Steady::time_point>> arrivals_;  // guarded by mu_
  std::vector<int> at_least_;                              // guarded by mu_
  int min_polls_reached_ = 0;                               // guarded by mu_
  std::atomic<size_t> not_modified_{0};
  std::atomic<size_t> full_{0};
  TestHttpServer server_;  // last: stops (joins its handlers) before the members they use go
};

TEST(DaemonLoadTest, TenThousandSourcesEveryMinuteStayCheapAndOnSchedule) {
  const fs::path dir = fs::temp_directory_path() / ("newswatch-load-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  LoadServer server;
  const fs::path config = dir / "newswatch.yaml";
  {
    std::ofstream out(config);
    out << "daemon:\n"
        << "  id: load\n"
        << "  state_dir: " << (dir / "state").string() << "\n"
        << "  publish: tcp://127.0.0.1:*\n"
        << "  metrics: 127.0.0.1:0\n"
        << "  replay: tcp://127.0.0.1:*\n"
        << "  startup_grace: 0s\n"
        << "  heartbeat_interval: 10s\n"
        << "  per_host_gap: 0s\n"            // every source is on one loopback host
        << "  per_host_concurrency: 8\n"
        << "  log_level: warn\n"
        << "profiles:\n"
        << "  - " << NW_SOURCE_DIR << "/config/topics/metaverse-policy.yaml\n"
        << "sources:\n";
    for (int n = 0; n < kSources; ++n) {
      out << "  - id: s" << n << "\n    type: feed\n    interval: " << kIntervalSeconds
          << "s\n    url: " << server.Url(n) << "\n";
    }
  }

  const auto t0 = Steady::now();
  ChildProcess daemon({NW_BINARY_DIR "/daemon/app/newswatchd", "--config", config.string()});
  const pid_t pid = daemon.pid();
  auto drain = [&] { daemon.WaitForLine("\x01 never printed", 10ms); };

  // Round one: every source is due at start-up.
  ASSERT_TRUE(server.WaitForAllPolled(1, 300s, 2s, drain)) << daemon.output().substr(0, 4000);
  const double first_round_s = std::chrono::duration<double>(Steady::now() - t0).count();
  const double cpu_first = CpuSeconds(pid);
  const auto steady_start = Steady::now();

  // Steady state: until every source has had kPollsPerSource polls.
  double rss_max = 0;
  auto sample = [&] {
    drain();
    rss_max = std::max(rss_max, StatusMiB(pid, "VmRSS:"));
  };
  const bool all_polled = server.WaitForAllPolled(
      kPollsPerSource, std::chrono::seconds(kIntervalSeconds * (kPollsPerSource + 3)), 5s, sample);
  const double steady_s = std::chrono::duration<double>(Steady::now() - steady_start).count();
  const double cpu_steady = CpuSeconds(pid) - cpu_first;
  const double hwm = StatusMiB(pid, "VmHWM:");
  const double rss_now = StatusMiB(pid, "VmRSS:");
  daemon.Signal(SIGTERM);
  const auto code = daemon.WaitForExit(120s);

  // Lateness of every poll after the first, against interval + jitter (0-10 %).
  std::vector<double> late;
  int starved = 0;
  for (const auto& a : server.Arrivals()) {
    if (static_cast<int>(a.size()) < kPollsPerSource) ++starved;
    for (size_t i = 1; i < a.size(); ++i) {
      late.push_back(std::chrono::duration<double>(a[i] - a[i - 1]).count() - kIntervalSeconds);
    }
  }
  const double p50 = Percentile(late, 0.50), p99 = Percentile(late, 0.99);
  const double max_late = late.empty() ? 0 : *std::max_element(late.begin(), late.end());
  std::printf("LOAD sources=%d interval=%ds polls=%zu (304: %zu, full: %zu)\n", kSources,
              kIntervalSeconds, late.size() + kSources, server.not_modified(),
              server.full_responses());
  std::printf("LOAD first round: all %d sources polled in %.1f s, CPU %.1f s (%.0f%% of a core)\n",
              kSources, first_round_s, cpu_first, 100 * cpu_first / first_round_s);
  std::printf("LOAD steady state: %.0f s, CPU %.1f s = %.1f%% of one core\n", steady_s, cpu_steady,
              100 * cpu_steady / steady_s);
  std::printf("LOAD memory: peak RSS (VmHWM) %.0f MiB, sampled max %.0f MiB, at the end %.0f MiB\n",
              hwm, rss_max, rss_now);
  const double beyond = static_cast<double>(std::count_if(
      late.begin(), late.end(), [](double l) { return l > kIntervalSeconds / 10.0; }));
  std::printf("LOAD gap - interval (jitter +-%d s by design): p50 %.2f s, p99 %.2f s, max %.2f s;"
              " polls later than the jitter allows: %.2f%%; starved sources: %d\n",
              kIntervalSeconds / 10, p50, p99, max_late,
              late.empty() ? 0.0 : 100 * beyond / static_cast<double>(late.size()), starved);
  std::printf("LOAD exit after SIGTERM: %s\n",
              code ? std::to_string(*code).c_str() : "none within 120 s");

  EXPECT_TRUE(all_polled) << "some source was polled fewer than " << kPollsPerSource << " times";
  EXPECT_EQ(starved, 0);
  EXPECT_TRUE(code.has_value() && *code == 0) << daemon.output().substr(0, 4000);
  EXPECT_LT(100 * cpu_steady / steady_s, 15.0) << "goal: under 15 % of one core";
  EXPECT_LT(hwm, 200.0) << "goal: under 200 MB resident";
  // A poll is late when it starts later than its jittered schedule allows; 5 s of slack.
  EXPECT_LT(p99, kIntervalSeconds / 10 + 5.0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace newswatch

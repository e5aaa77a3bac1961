#include "daemon/metrics/metrics_registry.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace newswatch {

namespace {

void AtomicAdd(std::atomic<double>& target, double delta) {
  double current = target.load(std::memory_order_relaxed);
  while (!target.compare_exchange_weak(current, current + delta, std::memory_order_relaxed)) {
  }
}

// [a-zA-Z_:][a-zA-Z0-9_:]* for metric names; label names have no ':'.
std::string Sanitize(std::string_view name, bool allow_colon) {
  std::string out(name.empty() ? "_" : name);
  for (size_t i = 0; i < out.size(); ++i) {
    const char c = out[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
                    (allow_colon && c == ':') || (i > 0 && c >= '0' && c <= '9');
    if (!ok) out[i] = '_';
  }
  return out;
}

std::string EscapeHelp(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

// {a="x",b="y"} with `extra` (le="...") appended; "" when there are no labels.
std::string LabelText(const MetricLabels& labels, std::string_view extra_name = {},
                      std::string_view extra_value = {}) {
  if (labels.empty() && extra_name.empty()) return "";
  std::string out = "{";
  bool first = true;
  auto add = [&](std::string_view n, std::string_view v) {
    if (!first) out += ',';
    first = false;
    out.append(n);
    out += "=\"";
    out += EscapeLabelValue(v);
    out += '"';
  };
  for (const auto& [n, v] : labels) add(n, v);
  if (!extra_name.empty()) add(extra_name, extra_value);
  out += '}';
  return out;
}

std::string_view TypeName(int type) {
  switch (type) {
    case 0: return "counter";
    case 1: return "gauge";
    default: return "histogram";
  }
}

}  // namespace

void Counter::Increment(double delta) {
  if (!(delta > 0)) return;  // also rejects NaN
  AtomicAdd(value_, delta);
}

void Counter::SetTotal(double total) {
  double current = value_.load(std::memory_order_relaxed);
  while (total > current &&
         !value_.compare_exchange_weak(current, total, std::memory_order_relaxed)) {
  }
}

void Gauge::Add(double delta) { AtomicAdd(value_, delta); }

Histogram::Histogram(std::vector<double> upper_bounds) {
  upper_bounds.erase(std::remove_if(upper_bounds.begin(), upper_bounds.end(),
                                    [](double b) { return !std::isfinite(b); }),
                     upper_bounds.end());
  std::sort(upper_bounds.begin(), upper_bounds.end());
  upper_bounds.erase(std::unique(upper_bounds.begin(), upper_bounds.end()), upper_bounds.end());
  bounds_ = std::move(upper_bounds);
  counts_ = std::make_unique<std::atomic<uint64_t>[]>(bounds_.size() + 1);
  for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0);
}

void Histogram::Observe(double value) {
  if (std::isnan(value)) return;
  const size_t index = static_cast<size_t>(
      std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
  counts_[index].fetch_add(1, std::memory_order_relaxed);
  AtomicAdd(sum_, value);
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot s;
  s.upper_bounds = bounds_;
  s.cumulative.resize(bounds_.size() + 1);
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    s.cumulative[i] = running;
  }
  s.count = running;
  s.sum = sum_.load(std::memory_order_relaxed);
  return s;
}

std::vector<double> LatencyBucketsSeconds() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
}

MetricsRegistry::Series* MetricsRegistry::FindOrAdd(std::string_view name, std::string_view help,
                                                    Type type, const MetricLabels& labels) {
  MetricLabels clean;
  clean.reserve(labels.size());
  for (const auto& [n, v] : labels) clean.emplace_back(Sanitize(n, false), v);
  std::sort(clean.begin(), clean.end());
  const std::string key = LabelText(clean);
  const std::string family_name = Sanitize(name, true);

  std::lock_guard<std::mutex> lock(mu_);
  auto it = families_.find(family_name);
  if (it == families_.end()) {
    it = families_.emplace(family_name, Family{type, std::string(help), {}}).first;
  } else if (it->second.type != type) {
    spdlog::error("metrics: '{}' is a {}, not a {}; the new series is not exported", family_name,
                  TypeName(static_cast<int>(it->second.type)), TypeName(static_cast<int>(type)));
    detached_.push_back(std::make_unique<Series>());
    detached_.back()->labels = std::move(clean);
    return detached_.back().get();
  }
  auto [series, inserted] = it->second.series.try_emplace(key);
  if (inserted) series->second.labels = std::move(clean);
  return &series->second;
}

Counter& MetricsRegistry::counter(std::string_view name, std::string_view help,
                                  const MetricLabels& labels) {
  Series* s = FindOrAdd(name, help, Type::kCounter, labels);
  std::lock_guard<std::mutex> lock(mu_);
  if (!s->counter) s->counter = std::make_unique<Counter>();
  return *s->counter;
}

Gauge& MetricsRegistry::gauge(std::string_view name, std::string_view help,
                              const MetricLabels& labels) {
  Series* s = FindOrAdd(name, help, Type::kGauge, labels);
  std::lock_guard<std::mutex> lock(mu_);
  if (!s->gauge) s->gauge = std::make_unique<Gauge>();
  return *s->gauge;
}

Histogram& MetricsRegistry::histogram(std::string_view name, std::string_view help,
                                      std::vector<double> upper_bounds,
                                      const MetricLabels& labels) {
  Series* s = FindOrAdd(name, help, Type::kHistogram, labels);
  std::lock_guard<std::mutex> lock(mu_);
  if (!s->histogram) s->histogram = std::make_unique<Histogram>(std::move(upper_bounds));
  return *s->histogram;
}

void MetricsRegistry::AddCollector(std::function<void(MetricsRegistry&)> collect) {
  std::lock_guard<std::mutex> lock(mu_);
  collectors_.push_back(std::move(collect));
}

std::string MetricsRegistry::RenderText() {
  std::vector<std::function<void(MetricsRegistry&)>> collectors;
  {
    std::lock_guard<std::mutex> lock(mu_);
    collectors = collectors_;
  }
  for (auto& collect : collectors) collect(*this);

  std::string out;
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [name, family] : families_) {
    if (family.series.empty()) continue;
    out += "# HELP " + name + " " + EscapeHelp(family.help) + "\n";
    out += "# TYPE " + name + " ";
    out += TypeName(static_cast<int>(family.type));
    out += "\n";
    for (const auto& [key, series] : family.series) {
      switch (family.type) {
        case Type::kCounter:
          if (series.counter) out += name + key + " " + FormatMetricValue(series.counter->value()) + "\n";
          break;
        case Type::kGauge:
          if (series.gauge) out += name + key + " " + FormatMetricValue(series.gauge->value()) + "\n";
          break;
        case Type::kHistogram: {
          if (!series.histogram) break;
          const Histogram::Snapshot snap = series.histogram->Read();
          for (size_t i = 0; i <= snap.upper_bounds.size(); ++i) {
            const std::string le = i < snap.upper_bounds.size()
                                       ? FormatMetricValue(snap.upper_bounds[i])
                                       : std::string("+Inf");
            out += name + "_bucket" + LabelText(series.labels, "le", le) + " " +
                   FormatMetricValue(static_cast<double>(snap.cumulative[i])) + "\n";
          }
          out += name + "_sum" + key + " " + FormatMetricValue(snap.sum) + "\n";
          out += name + "_count" + key + " " +
                 FormatMetricValue(static_cast<double>(snap.count)) + "\n";
          break;
        }
      }
    }
  }
  return out;
}

std::string EscapeLabelValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string FormatMetricValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buf[64];
  std::to_chars_result r;
  if (value == std::trunc(value) && std::fabs(value) < 1e15) {
    r = std::to_chars(buf, buf + sizeof(buf), static_cast<int64_t>(value));
  } else {
    r = std::to_chars(buf, buf + sizeof(buf), value);  // shortest round-trip form
  }
  return std::string(buf, r.ptr);
}

}  // namespace newswatch

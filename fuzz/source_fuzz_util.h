// Shared by the source fuzz targets: builds a source from YAML through the real
// configuration loader and registry (as newswatchd does), and hands it one
// fetched response made of the fuzz input. Thread-safety: one fuzzing thread.
#pragma once

#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "daemon/config/daemon_config.h"
#include "daemon/sources/source_registry.h"
#include "daemon/text/charset.h"

namespace newswatch::fuzz {

// The only source of `yaml` (lines under `sources:`); aborts if the configuration is refused,
// which would be a bug in the target, not a finding.
inline std::unique_ptr<Source> BuildSource(const std::string& yaml) {
  auto config = ParseDaemonConfig("sources:\n" + yaml, "/fuzz.yaml", SourceOptionTables());
  if (!config.ok() || config->sources.size() != 1) std::abort();
  const SourceConfig& sc = config->sources.front();
  const SourceType* type = FindSourceType(sc.type);
  if (type == nullptr) std::abort();
  auto source = type->create(sc, SourceEnvironment{"/tmp", "newswatch-fuzz"});
  if (!source.ok()) std::abort();
  return std::move(source).value();
}

// Starts a poll and answers its first fetch with `body` (HTTP 200). Oracles: every article
// that comes out has valid UTF-8 in its title and text, and an http(s) URL or none.
inline void FeedOneResponse(Source& source, std::string_view body, std::string content_type) {
  PollStep start = source.StartPoll(PollContext{"", "", 1712700000});
  if (start.fetches.empty()) return;
  FetchResponse response;
  response.http_status = 200;
  response.body = std::string(body);
  response.content_type = std::move(content_type);
  response.final_url = start.fetches.front().request.url;
  const PollStep step = source.OnFetched(start.fetches.front().tag, response);
  for (const Article& a : step.articles) {
    if (!IsValidUtf8(a.title) || !IsValidUtf8(a.body_text) || !IsValidUtf8(a.summary)) {
      std::abort();
    }
  }
}

}  // namespace newswatch::fuzz

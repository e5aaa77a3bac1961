// Test helpers for daemon/sources: build a source from YAML through the real configuration
// loader and registry, and run one poll to completion through a real CurlFetcher against a
// loopback server (the same calls the engine makes, without the engine).
// Thread-safety: one test thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "daemon/core/article.h"
#include "daemon/core/result.h"
#include "daemon/net/curl_fetcher.h"
#include "daemon/sources/source.h"

namespace newswatch::testing {

// Builds the only source of `source_yaml` (the lines under `sources:`, indented by two
// spaces), as newswatchd would: the config loader checks the options, then the type's factory
// compiles them. Errors name "test.yaml:LINE"; the `sources:` key is on line 1.
Result<std::unique_ptr<Source>> MakeSource(const std::string& source_yaml);

struct PollOutcome {
  std::vector<Article> articles;
  Status error;  // the first poll error
  std::vector<std::string> item_errors;
  uint32_t items_seen = 0, items_without_date = 0, items_without_title = 0;
  bool not_modified = false;
  std::string etag;
  size_t fetches = 0;  // requests the source asked for during the poll
  bool finished = false;  // false: the poll did not finish within the time bound
};

// Runs one poll of `source` through `fetcher` until no fetch is pending (bounded by `timeout`).
PollOutcome RunPoll(Source& source, HttpFetcher& fetcher, const PollContext& context = {},
                    std::chrono::milliseconds timeout = std::chrono::seconds(20));

// A fetcher without politeness delays, for loopback tests.
std::unique_ptr<CurlFetcher> MakeTestFetcher();

// An invented article page with a title, a date line and a few paragraphs of prose, enough for
// the extractor to find the body. `marker` appears in the body.
std::string ArticlePage(const std::string& title, const std::string& date_line,
                        const std::string& marker);

}  // namespace newswatch::testing

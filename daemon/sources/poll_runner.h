// RunSourcePoll: drives one poll of one source to its end through an HttpFetcher, outside the
// engine (the same calls the engine makes: StartPoll, then OnFetched for each response, until
// no fetch is pending). For `newswatch probe` and `newswatch backfill`, which poll a source by
// hand and want everything the poll produced in one value.
// Thread-safety: call from one thread; the fetcher is driven on that thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "daemon/core/article.h"
#include "daemon/core/status.h"
#include "daemon/net/http_fetcher.h"
#include "daemon/sources/source.h"

namespace newswatch {

struct PollResult {
  std::vector<Article> articles;  // in the order the source produced them
  Status error;                   // the first poll error (OK if none)
  std::vector<std::string> item_errors;
  uint32_t items_seen = 0, items_without_date = 0, items_without_title = 0, items_too_old = 0;
  bool not_modified = false;
  std::string etag, last_modified;
  size_t fetches = 0;     // requests the source asked for
  bool finished = false;  // false: `timeout` passed with fetches still pending
};

PollResult RunSourcePoll(Source& source, HttpFetcher& fetcher, const PollContext& context,
                         std::chrono::milliseconds timeout);

}  // namespace newswatch

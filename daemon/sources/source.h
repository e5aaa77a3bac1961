// Source: one configured place newswatch polls (a feed, a folder, a list API,
// a government list page). A source does no I/O of its own for HTTP: it says
// which URLs to fetch and turns responses into Articles, so one engine thread
// drives every source's transfers through one HttpFetcher, and sources are
// unit-testable without a network.
// Thread-safety: a Source is used by the engine thread only; at most one poll
// of a source is in progress at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "daemon/core/article.h"
#include "daemon/core/status.h"
#include "daemon/net/fetch.h"

namespace newswatch {

// What the engine remembers between polls of one source.
struct PollContext {
  std::string etag;           // validators of the source's main URL from the last poll
  std::string last_modified;
  int64_t now_unix = 0;
};

// A fetch the source asks for; `tag` comes back with the response so the
// source knows which of its requests answered.
struct SourceFetch {
  FetchRequest request;
  uint64_t tag = 0;
};

// What one step of a poll produced. A poll is finished when a step asks for
// no more fetches and every fetch asked for earlier has been answered.
struct PollStep {
  std::vector<SourceFetch> fetches;  // more to fetch
  std::vector<Article> articles;     // ready for the pipeline
  Status error;                      // non-OK: this poll failed (source health)
  // Problems with single items (an unreadable file, an entry without a link):
  // logged and counted by the engine; the poll itself still succeeds.
  std::vector<std::string> item_errors;
  // Validators of the main URL to remember for the next poll (set when the
  // main response arrives).
  std::optional<std::string> etag;
  std::optional<std::string> last_modified;
  // Server hints for the next poll.
  std::optional<int> ttl_minutes;
  std::optional<std::chrono::seconds> retry_after;
  std::optional<std::chrono::seconds> max_age;
  std::optional<std::chrono::seconds> expires_in;  // Expires header minus now
  bool not_modified = false;  // the main URL answered 304
  // Items the source saw in this step (new or not), for drift detection.
  uint32_t items_seen = 0;
  uint32_t items_without_date = 0;
  uint32_t items_without_title = 0;
  uint32_t items_too_old = 0;  // dropped by max_item_age
};

class Source {
 public:
  virtual ~Source() = default;
  const std::string& id() const { return id_; }
  const std::string& type() const { return type_; }

  // Starts a poll.
  virtual PollStep StartPoll(const PollContext& context) = 0;
  // Handles the response to one of this source's fetches.
  virtual PollStep OnFetched(uint64_t tag, const FetchResponse& response) = 0;

 protected:
  Source(std::string id, std::string type) : id_(std::move(id)), type_(std::move(type)) {}

 private:
  std::string id_;
  std::string type_;
};

}  // namespace newswatch

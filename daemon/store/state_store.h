// StateStore: the daemon's durable state in one SQLite file (WAL): per-source
// fetch state, the articles already seen, and the journal of published events
// that replay serves. Thread-safety: one StateStore per thread; several
// StateStore objects (connections) may share one file at the same time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/clock.h"
#include "daemon/core/result.h"
#include "daemon/store/sqlite_handle.h"

namespace newswatch {

// What the scheduler remembers about one source between polls and restarts.
struct SourceFetchState {
  std::string source_id;
  std::string etag;           // for If-None-Match
  std::string last_modified;  // for If-Modified-Since
  int64_t next_poll_unix = 0;
  int64_t last_success_unix = 0;
  int64_t last_attempt_unix = 0;
  uint32_t consecutive_failures = 0;
  std::string last_error;
  std::string health;  // "ok" | "failing" | "broken"
  int64_t items_total = 0;

  friend bool operator==(const SourceFetchState&, const SourceFetchState&) = default;
};

// The identity of an article for de-duplication: the same article_id (same
// canonical URL) or the same non-empty content_hash (same text elsewhere) is a duplicate.
struct ArticleKey {
  std::string article_id;
  std::string content_hash;  // empty: only the id is checked
  std::string source_id;
  std::string canonical_url;
  std::string title;
};

// One published event as kept for replay.
struct JournalEntry {
  uint64_t sequence = 0;
  std::string topic;
  std::string payload;  // the serialized event, exactly as sent
  int64_t created_unix = 0;
};

// How much history Prune keeps. Seen articles outlive the journal on purpose:
// the journal only has to cover a subscriber's outage, but de-duplication must
// remember a page for as long as feeds may re-list it, or an old article that
// resurfaces would be published again as new.
struct RetentionPolicy {
  int64_t max_age_days = 30;        // journal rows older than this go; 0 = no age limit
  int64_t seen_max_age_days = 365;  // seen rows older than this go; 0 = keep forever
  uint64_t max_journal_rows = 0;    // keep at most this many newest rows; 0 = no limit
  uint64_t max_bytes = 0;           // keep newest rows up to this payload size; 0 = no limit
  // Heartbeats are journaled only so that their sequence numbers replay
  // without holes; an hour of them is plenty.
  int64_t heartbeat_max_age_seconds = 3600;
};

class StateStore {
 public:
  // The current schema version (PRAGMA user_version); Open migrates older files forward.
  static constexpr int kSchemaVersion = 1;

  // Opens or creates the database at `db_file`, creating its parent
  // directories and the schema. Errors: kIo naming the path (cannot create,
  // read-only, disk full, not a database, newer schema); kUnavailable if the
  // file stays locked beyond the busy timeout. `clock` must outlive the store.
  static Result<std::unique_ptr<StateStore>> Open(const std::filesystem::path& db_file,
                                                  const Clock& clock = SystemClock::Instance());

  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  const std::filesystem::path& path() const { return path_; }

  // Source fetch state. Load returns nullopt when the source was never saved.
  Result<std::optional<SourceFetchState>> Load(std::string_view source_id);
  // Inserts or replaces the row for state.source_id.
  Status Save(const SourceFetchState& state);
  // Every saved source, ordered by source_id.
  Result<std::vector<SourceFetchState>> LoadAll();

  // In one transaction: if `key` is given and its article_id or content_hash
  // is already seen, returns nullopt and changes nothing (a duplicate, not an
  // error). Otherwise assigns sequence = LastSequence() + 1 (sequences never
  // repeat, even after the journal is pruned or the process restarts), calls
  // `encode(sequence)` for the payload bytes, stores them in the journal and
  // `key` in the seen set, commits and returns the new entry. On error nothing
  // is stored and no sequence is consumed.
  Result<std::optional<JournalEntry>> AppendEvent(
      std::string_view topic, const ArticleKey* key,
      const std::function<std::string(uint64_t sequence)>& encode);

  // Read-only pre-check: true if either the id or the (non-empty) hash is seen.
  Result<bool> IsSeen(std::string_view article_id, std::string_view content_hash);

  // The last sequence assigned by any connection; 0 if none (or on a read error).
  uint64_t LastSequence();

  // Up to `limit` journal entries with sequence > `after` whose topic starts
  // with `topic_prefix` ("" matches all), in sequence order.
  Result<std::vector<JournalEntry>> ReadJournal(uint64_t after, std::string_view topic_prefix,
                                                size_t limit);

  // Deletes journal rows and seen rows outside `policy` (see RetentionPolicy).
  // The sequence counter is untouched.
  Status Prune(const RetentionPolicy& policy);

 private:
  StateStore(std::filesystem::path path, SqliteDb db, const Clock& clock);
  Status Configure();
  Status Migrate();
  Status PrepareStatements();
  Result<uint64_t> ReadLastSequence();

  std::filesystem::path path_;
  SqliteDb db_;
  const Clock& clock_;
  // Prepared once, reused for every call (the hot path is AppendEvent).
  SqliteStatement load_source_, save_source_, load_all_sources_;
  SqliteStatement is_seen_, insert_seen_, insert_journal_, last_sequence_, bump_sequence_;
  SqliteStatement read_journal_;
};

}  // namespace newswatch

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
  // The story the article was clustered into (filters/story); "" = none. The
  // first article of a story to be journaled is its first report: AppendEvents
  // decides that inside its transaction, so a story is announced as new once,
  // whatever order workers finish in and however often the daemon restarts.
  std::string story_id;
};

// What AppendEvents decided for one event, handed to its encoder.
struct AppendSlot {
  uint64_t sequence = 0;
  // True when the key has no story id, or this is the story's first journaled article.
  bool first_report = true;
  // The story's first journaled article (this one when first_report); "" without a story.
  std::string first_article_id;
};

// One event for AppendEvents.
struct AppendRequest {
  std::string topic;
  const ArticleKey* key = nullptr;  // nullptr: never de-duplicated (heartbeats, status)
  // Called inside the transaction; returns the payload bytes to journal.
  std::function<std::string(const AppendSlot&)> encode;
};

// One indexed article in the story index (see filters/story/story_index.h for
// what the keys and shingles are; the store only keeps and finds them).
struct StoryDoc {
  std::string article_id;
  std::string story_id;
  double similarity = 1;  // to the story's best match when clustered, 1 for a new story
  std::string shingles;   // opaque blob
  int64_t created_unix = 0;
};

// A story-index row sharing at least one lookup key with a query.
struct StoryCandidate {
  StoryDoc doc;
  uint32_t shared_keys = 0;
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
  // Story-index rows (and story first-report claims) older than this go: a
  // repost arriving later starts a new story. 0 = keep forever.
  int64_t story_max_age_days = 7;
};

class StateStore {
 public:
  // The current schema version (PRAGMA user_version); Open migrates older files forward.
  static constexpr int kSchemaVersion = 2;

  // How a connection's commits reach the disk.
  enum class Durability {
    // fsync on every commit (synchronous=FULL): the journal, fetch state, the
    // sequence counter. A committed event survives power loss.
    kFull,
    // No fsync per commit (WAL with synchronous=NORMAL): commits are atomic and
    // survive a crash of the process, but the last ones may be lost on power
    // loss. For data that is re-derived when lost (the story index: a re-fetched
    // article is indexed again; the first report is still decided in the
    // journal transaction).
    kRelaxed,
  };

  // Opens or creates the database at `db_file`, creating its parent
  // directories and the schema. Errors: kIo naming the path (cannot create,
  // read-only, disk full, not a database, newer schema); kUnavailable if the
  // file stays locked beyond the busy timeout. `clock` must outlive the store.
  static Result<std::unique_ptr<StateStore>> Open(const std::filesystem::path& db_file,
                                                  const Clock& clock = SystemClock::Instance(),
                                                  Durability durability = Durability::kFull);

  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // The durability this connection really runs with (read back from SQLite).
  Result<Durability> CurrentDurability();

  // Source fetch state. Load returns nullopt when the source was never saved.
  Result<std::optional<SourceFetchState>> Load(std::string_view source_id);
  // Inserts or replaces the row for state.source_id.
  Status Save(const SourceFetchState& state);
  // Save of every state in one transaction (one fsync however many there are). On failure
  // nothing of the batch is written.
  Status SaveAll(const std::vector<SourceFetchState>& states);
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

  // The batch form: one transaction for every request, in order, with the
  // same per-event semantics as AppendEvent (a later request in the batch is a
  // duplicate of an earlier one with the same id or hash). Returns one entry
  // per request (nullopt = duplicate). On error nothing is stored.
  Result<std::vector<std::optional<JournalEntry>>> AppendEvents(
      const std::vector<AppendRequest>& requests);

  // Story index. In one write transaction: if `article_id` is already indexed,
  // returns its row unchanged (a re-fetch after a crash gets the same story).
  // Otherwise reads up to `limit` rows created at or after `since_unix` that
  // share at least one of `keys` (most shared keys first), calls
  // `choose(candidates)` for the story id and similarity of the new row,
  // stores it with `shingles` and `keys`, commits and returns it. Concurrent
  // callers on other connections are serialized, so two reposts indexed at the
  // same time cannot both start a story.
  Result<StoryDoc> IndexStory(
      std::string_view article_id, const std::vector<int64_t>& keys, std::string_view shingles,
      int64_t since_unix, size_t limit,
      const std::function<std::pair<std::string, double>(const std::vector<StoryCandidate>&)>&
          choose);

  // Read-only pre-check: true if either the id or the (non-empty) hash is seen.
  Result<bool> IsSeen(std::string_view article_id, std::string_view content_hash);

  // The last sequence assigned by any connection; 0 if none (or on a read error).
  uint64_t LastSequence();

  // Up to `limit` journal entries with sequence > `after` whose topic starts
  // with `topic_prefix` ("" matches all), in sequence order.
  Result<std::vector<JournalEntry>> ReadJournal(uint64_t after, std::string_view topic_prefix,
                                                size_t limit);

  // Deletes journal rows, seen rows and story-index rows outside `policy`
  // (see RetentionPolicy). The sequence counter is untouched.
  Status Prune(const RetentionPolicy& policy);

 private:
  StateStore(std::filesystem::path path, SqliteDb db, const Clock& clock);
  Status Configure(Durability durability);
  Status Migrate();
  Status PrepareStatements();
  Result<uint64_t> ReadLastSequence();
  // AppendEvents' body, inside an open transaction.
  Result<std::optional<JournalEntry>> AppendOne(const AppendRequest& request, uint64_t& last);

  std::filesystem::path path_;
  SqliteDb db_;
  const Clock& clock_;
  // Prepared once, reused for every call (the hot path is AppendEvent).
  SqliteStatement load_source_, save_source_, load_all_sources_;
  SqliteStatement is_seen_, insert_seen_, insert_journal_, last_sequence_, bump_sequence_;
  SqliteStatement read_journal_;
  SqliteStatement story_first_, insert_story_first_;
  SqliteStatement load_story_doc_, story_candidates_, insert_story_doc_, insert_story_key_;
};

}  // namespace newswatch

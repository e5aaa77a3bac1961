#include "daemon/store/state_store.h"

#include <algorithm>
#include <mutex>
#include <system_error>
#include <utility>

namespace newswatch {
namespace {

// A writer waits this long for another connection's transaction before
// giving up with kUnavailable; commits are short, so this only trips on a stuck peer.
constexpr int kBusyTimeoutMs = 10000;

// Forward migrations: kMigrations[i] takes user_version i to i + 1.
constexpr const char* kMigrations[] = {
    R"sql(
CREATE TABLE source_state(
  source_id TEXT PRIMARY KEY,
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  next_poll_unix INTEGER NOT NULL DEFAULT 0,
  last_success_unix INTEGER NOT NULL DEFAULT 0,
  last_attempt_unix INTEGER NOT NULL DEFAULT 0,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  health TEXT NOT NULL DEFAULT '',
  items_total INTEGER NOT NULL DEFAULT 0);
CREATE TABLE seen(
  article_id TEXT PRIMARY KEY,
  content_hash TEXT NOT NULL,
  source_id TEXT NOT NULL,
  canonical_url TEXT NOT NULL,
  title TEXT NOT NULL,
  first_seen_unix INTEGER NOT NULL,
  sequence INTEGER NOT NULL);
CREATE INDEX seen_by_hash ON seen(content_hash) WHERE content_hash != '';
CREATE INDEX seen_by_time ON seen(first_seen_unix);
CREATE TABLE journal(
  sequence INTEGER PRIMARY KEY,
  topic TEXT NOT NULL,
  payload BLOB NOT NULL,
  created_unix INTEGER NOT NULL);
CREATE INDEX journal_by_time ON journal(created_unix);
-- The counter is separate from the journal so that pruning never lets a sequence repeat.
CREATE TABLE sequence_counter(id INTEGER PRIMARY KEY CHECK (id = 1), last INTEGER NOT NULL);
INSERT INTO sequence_counter(id, last) VALUES (1, 0);
)sql",
    // 2: the story index (filters/story) and each story's first journaled report.
    R"sql(
CREATE TABLE story_doc(
  article_id TEXT PRIMARY KEY,
  story_id TEXT NOT NULL,
  similarity REAL NOT NULL,
  shingles BLOB NOT NULL,
  created_unix INTEGER NOT NULL);
CREATE INDEX story_doc_by_time ON story_doc(created_unix);
CREATE TABLE story_key(key INTEGER NOT NULL, article_id TEXT NOT NULL);
CREATE INDEX story_key_by_key ON story_key(key);
CREATE INDEX story_key_by_article ON story_key(article_id);
CREATE TABLE story_first(
  story_id TEXT PRIMARY KEY,
  article_id TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  created_unix INTEGER NOT NULL);
CREATE INDEX story_first_by_time ON story_first(created_unix);
)sql",
};
constexpr int kMigrationCount = static_cast<int>(std::size(kMigrations));
static_assert(kMigrationCount == StateStore::kSchemaVersion);

// BEGIN IMMEDIATE takes the write lock up front, so two writers never
// deadlock upgrading read locks; the destructor rolls back unless committed.
class Transaction {
 public:
  explicit Transaction(SqliteDb& db) : db_(db) {}
  ~Transaction() {
    if (open_) (void)db_.Exec("ROLLBACK");
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Status Begin() {
    NW_RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
    open_ = true;
    return Status::Ok();
  }
  Status Commit() {
    NW_RETURN_IF_ERROR(db_.Exec("COMMIT"));
    open_ = false;
    return Status::Ok();
  }

 private:
  SqliteDb& db_;
  bool open_ = false;
};

SourceFetchState ReadSourceRow(const SqliteStatement& s) {
  SourceFetchState state;
  state.source_id = s.ColumnText(0);
  state.etag = s.ColumnText(1);
  state.last_modified = s.ColumnText(2);
  state.next_poll_unix = s.ColumnInt64(3);
  state.last_success_unix = s.ColumnInt64(4);
  state.last_attempt_unix = s.ColumnInt64(5);
  state.consecutive_failures = static_cast<uint32_t>(s.ColumnInt64(6));
  state.last_error = s.ColumnText(7);
  state.health = s.ColumnText(8);
  state.items_total = s.ColumnInt64(9);
  return state;
}

constexpr const char* kSourceColumns =
    "source_id, etag, last_modified, next_poll_unix, last_success_unix, last_attempt_unix, "
    "consecutive_failures, last_error, health, items_total";

}  // namespace

StateStore::StateStore(std::filesystem::path path, SqliteDb db, const Clock& clock)
    : path_(std::move(path)), db_(std::move(db)), clock_(clock) {}

StateStore::~StateStore() = default;

Result<std::unique_ptr<StateStore>> StateStore::Open(const std::filesystem::path& db_file,
                                                     const Clock& clock, Durability durability) {
  if (db_file.empty()) return InvalidArgument("state store: empty database path");
  if (db_file.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(db_file.parent_path(), ec);
    if (ec) {
      return IoError(db_file.string() + ": cannot create directory " +
                     db_file.parent_path().string() + ": " + ec.message());
    }
  }
  Result<SqliteDb> db = SqliteDb::Open(db_file);
  if (!db.ok()) return db.status();
  std::unique_ptr<StateStore> store(new StateStore(db_file, std::move(db).value(), clock));
  {
    // Switching a new file to WAL needs an exclusive lock that SQLite's busy
    // handler does not wait for, so connections of one process (the engine,
    // the publisher, the pipeline workers start together) set up one at a
    // time. Across processes the migration's BEGIN IMMEDIATE and the busy
    // timeout serialize them.
    static std::mutex setup;
    std::lock_guard<std::mutex> lock(setup);
    NW_RETURN_IF_ERROR(store->Configure(durability));
    NW_RETURN_IF_ERROR(store->Migrate());
  }
  NW_RETURN_IF_ERROR(store->PrepareStatements());
  return store;
}

Status StateStore::Configure(Durability durability) {
  sqlite3_busy_timeout(db_.get(), kBusyTimeoutMs);
  // WAL lets the publisher append while other threads read the journal and
  // the scheduler saves fetch state, without blocking each other.
  Result<SqliteStatement> mode = db_.Prepare("PRAGMA journal_mode=WAL");
  if (!mode.ok()) return mode.status();
  const int code = mode->Step();
  if (code != SQLITE_ROW) return db_.LastError(code, "PRAGMA journal_mode=WAL");
  if (mode->ColumnText(0) != "wal") {
    return IoError(db_.file() + ": cannot switch to WAL journal (got '" + mode->ColumnText(0) +
                   "')");
  }
  // FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on power
  // loss, which would hand out an already-published sequence number again
  // after reboot; subscribers would then drop a new event as a duplicate.
  return db_.Exec(durability == Durability::kFull ? "PRAGMA synchronous=FULL"
                                                  : "PRAGMA synchronous=NORMAL");
}

Result<StateStore::Durability> StateStore::CurrentDurability() {
  Result<SqliteStatement> stmt = db_.Prepare("PRAGMA synchronous");
  if (!stmt.ok()) return stmt.status();
  const int code = stmt->Step();
  if (code != SQLITE_ROW) return db_.LastError(code, "PRAGMA synchronous");
  // 1 = NORMAL, 2 = FULL, 3 = EXTRA.
  return stmt->ColumnInt64(0) >= 2 ? Durability::kFull : Durability::kRelaxed;
}

Status StateStore::Migrate() {
  Transaction tx(db_);
  NW_RETURN_IF_ERROR(tx.Begin());
  Result<SqliteStatement> version_stmt = db_.Prepare("PRAGMA user_version");
  if (!version_stmt.ok()) return version_stmt.status();
  const int code = version_stmt->Step();
  if (code != SQLITE_ROW) return db_.LastError(code, "PRAGMA user_version");
  const int64_t version = version_stmt->ColumnInt64(0);
  version_stmt->Reset();
  if (version > kSchemaVersion) {
    return IoError(db_.file() + ": schema version " + std::to_string(version) +
                   " is newer than this newswatch understands (" + std::to_string(kSchemaVersion) +
                   ")");
  }
  for (int64_t v = version; v < kSchemaVersion; ++v) {
    NW_RETURN_IF_ERROR(
        db_.Exec(kMigrations[v]).WithContext("migration to schema " + std::to_string(v + 1)));
  }
  if (version != kSchemaVersion) {
    const std::string pragma = "PRAGMA user_version=" + std::to_string(kSchemaVersion);
    NW_RETURN_IF_ERROR(db_.Exec(pragma.c_str()));
  }
  return tx.Commit();
}

Status StateStore::PrepareStatements() {
  auto prepare = [this](SqliteStatement& out, const std::string& sql) -> Status {
    Result<SqliteStatement> s = db_.Prepare(sql.c_str());
    if (!s.ok()) return s.status();
    out = std::move(s).value();
    return Status::Ok();
  };
  const std::string columns = kSourceColumns;
  NW_RETURN_IF_ERROR(
      prepare(load_source_, "SELECT " + columns + " FROM source_state WHERE source_id = ?1"));
  NW_RETURN_IF_ERROR(prepare(save_source_, "INSERT OR REPLACE INTO source_state(" + columns +
                                               ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)"));
  NW_RETURN_IF_ERROR(
      prepare(load_all_sources_, "SELECT " + columns + " FROM source_state ORDER BY source_id"));
  NW_RETURN_IF_ERROR(prepare(is_seen_,
                             "SELECT 1 FROM seen WHERE article_id = ?1 "
                             "OR (content_hash = ?2 AND content_hash != '') LIMIT 1"));
  NW_RETURN_IF_ERROR(prepare(insert_seen_,
                             "INSERT INTO seen(article_id, content_hash, source_id, canonical_url, "
                             "title, first_seen_unix, sequence) VALUES (?1,?2,?3,?4,?5,?6,?7)"));
  NW_RETURN_IF_ERROR(prepare(insert_journal_,
                             "INSERT INTO journal(sequence, topic, payload, created_unix) "
                             "VALUES (?1,?2,?3,?4)"));
  NW_RETURN_IF_ERROR(prepare(last_sequence_, "SELECT last FROM sequence_counter WHERE id = 1"));
  NW_RETURN_IF_ERROR(prepare(bump_sequence_, "UPDATE sequence_counter SET last = ?1 WHERE id = 1"));
  NW_RETURN_IF_ERROR(prepare(read_journal_,
                             "SELECT sequence, topic, payload, created_unix FROM journal "
                             "WHERE sequence > ?1 AND substr(topic, 1, length(?2)) = ?2 "
                             "ORDER BY sequence LIMIT ?3"));
  NW_RETURN_IF_ERROR(
      prepare(story_first_, "SELECT article_id FROM story_first WHERE story_id = ?1"));
  NW_RETURN_IF_ERROR(
      prepare(insert_story_first_,
              "INSERT INTO story_first(story_id, article_id, sequence, created_unix) "
              "VALUES (?1,?2,?3,?4)"));
  NW_RETURN_IF_ERROR(prepare(load_story_doc_,
                             "SELECT article_id, story_id, similarity, shingles, created_unix "
                             "FROM story_doc WHERE article_id = ?1"));
  NW_RETURN_IF_ERROR(prepare(
      story_candidates_,
      "SELECT d.article_id, d.story_id, d.similarity, d.shingles, d.created_unix, COUNT(*) AS n "
      "FROM story_key k JOIN story_doc d ON d.article_id = k.article_id "
      "WHERE k.key IN (SELECT value FROM json_each(?1)) AND d.created_unix >= ?2 "
      "GROUP BY d.article_id ORDER BY n DESC, d.created_unix LIMIT ?3"));
  NW_RETURN_IF_ERROR(prepare(insert_story_doc_,
                             "INSERT INTO story_doc(article_id, story_id, similarity, shingles, "
                             "created_unix) VALUES (?1,?2,?3,?4,?5)"));
  NW_RETURN_IF_ERROR(
      prepare(insert_story_key_, "INSERT INTO story_key(key, article_id) VALUES (?1,?2)"));
  return Status::Ok();
}

Result<std::optional<SourceFetchState>> StateStore::Load(std::string_view source_id) {
  StatementReset reset(load_source_);
  load_source_.BindText(1, source_id);
  const int code = load_source_.Step();
  if (code == SQLITE_DONE) return std::optional<SourceFetchState>();
  if (code != SQLITE_ROW) return db_.LastError(code, "load source state");
  return std::optional<SourceFetchState>(ReadSourceRow(load_source_));
}

Status StateStore::Save(const SourceFetchState& state) {
  StatementReset reset(save_source_);
  save_source_.BindText(1, state.source_id);
  save_source_.BindText(2, state.etag);
  save_source_.BindText(3, state.last_modified);
  save_source_.BindInt64(4, state.next_poll_unix);
  save_source_.BindInt64(5, state.last_success_unix);
  save_source_.BindInt64(6, state.last_attempt_unix);
  save_source_.BindInt64(7, state.consecutive_failures);
  save_source_.BindText(8, state.last_error);
  save_source_.BindText(9, state.health);
  save_source_.BindInt64(10, state.items_total);
  const int code = save_source_.Step();
  if (code != SQLITE_DONE) return db_.LastError(code, "save source state");
  return Status::Ok();
}

Status StateStore::SaveAll(const std::vector<SourceFetchState>& states) {
  if (states.empty()) return Status::Ok();
  Transaction tx(db_);
  NW_RETURN_IF_ERROR(tx.Begin());
  for (const SourceFetchState& state : states) NW_RETURN_IF_ERROR(Save(state));
  return tx.Commit();
}

Result<std::vector<SourceFetchState>> StateStore::LoadAll() {
  StatementReset reset(load_all_sources_);
  std::vector<SourceFetchState> out;
  for (;;) {
    const int code = load_all_sources_.Step();
    if (code == SQLITE_DONE) break;
    if (code != SQLITE_ROW) return db_.LastError(code, "load all source states");
    out.push_back(ReadSourceRow(load_all_sources_));
  }
  return out;
}

Result<bool> StateStore::IsSeen(std::string_view article_id, std::string_view content_hash) {
  StatementReset reset(is_seen_);
  is_seen_.BindText(1, article_id);
  is_seen_.BindText(2, content_hash);
  const int code = is_seen_.Step();
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  return db_.LastError(code, "check seen article");
}

Result<uint64_t> StateStore::ReadLastSequence() {
  StatementReset reset(last_sequence_);
  const int code = last_sequence_.Step();
  if (code != SQLITE_ROW) return db_.LastError(code, "read last sequence");
  return static_cast<uint64_t>(last_sequence_.ColumnInt64(0));
}

uint64_t StateStore::LastSequence() {
  Result<uint64_t> last = ReadLastSequence();
  return last.ok() ? *last : 0;
}

Result<std::optional<JournalEntry>> StateStore::AppendEvent(
    std::string_view topic, const ArticleKey* key,
    const std::function<std::string(uint64_t sequence)>& encode) {
  std::vector<AppendRequest> one(1);
  one[0].topic = std::string(topic);
  one[0].key = key;
  one[0].encode = [&encode](const AppendSlot& slot) { return encode(slot.sequence); };
  auto appended = AppendEvents(one);
  if (!appended.ok()) return appended.status();
  return std::move((*appended)[0]);
}

Result<std::vector<std::optional<JournalEntry>>> StateStore::AppendEvents(
    const std::vector<AppendRequest>& requests) {
  std::vector<std::optional<JournalEntry>> out;
  out.reserve(requests.size());
  if (requests.empty()) return out;
  Transaction tx(db_);
  NW_RETURN_IF_ERROR(tx.Begin());
  Result<uint64_t> last = ReadLastSequence();
  if (!last.ok()) return last.status();
  uint64_t sequence = *last;
  for (const AppendRequest& request : requests) {
    auto entry = AppendOne(request, sequence);
    if (!entry.ok()) return entry.status();  // the destructor rolls everything back
    out.push_back(std::move(entry).value());
  }
  if (sequence != *last) {
    StatementReset reset(bump_sequence_);
    bump_sequence_.BindInt64(1, static_cast<int64_t>(sequence));
    const int code = bump_sequence_.Step();
    if (code != SQLITE_DONE) return db_.LastError(code, "advance sequence");
  }
  NW_RETURN_IF_ERROR(tx.Commit());
  return out;
}

Result<std::optional<JournalEntry>> StateStore::AppendOne(const AppendRequest& request,
                                                          uint64_t& last) {
  const ArticleKey* key = request.key;
  if (key != nullptr) {
    Result<bool> seen = IsSeen(key->article_id, key->content_hash);
    if (!seen.ok()) return seen.status();
    if (*seen) return std::optional<JournalEntry>();
  }
  JournalEntry entry;
  entry.sequence = last + 1;
  entry.topic = request.topic;
  entry.created_unix = ToUnixSeconds(clock_.Now());
  const auto sequence = static_cast<int64_t>(entry.sequence);

  AppendSlot slot;
  slot.sequence = entry.sequence;
  if (key != nullptr && !key->story_id.empty()) {
    StatementReset reset(story_first_);
    story_first_.BindText(1, key->story_id);
    const int code = story_first_.Step();
    if (code == SQLITE_ROW) {
      slot.first_report = false;
      slot.first_article_id = story_first_.ColumnText(0);
    } else if (code == SQLITE_DONE) {
      slot.first_report = true;
      slot.first_article_id = key->article_id;
      StatementReset insert_reset(insert_story_first_);
      insert_story_first_.BindText(1, key->story_id);
      insert_story_first_.BindText(2, key->article_id);
      insert_story_first_.BindInt64(3, sequence);
      insert_story_first_.BindInt64(4, entry.created_unix);
      const int inserted = insert_story_first_.Step();
      if (inserted != SQLITE_DONE) return db_.LastError(inserted, "claim story first report");
    } else {
      return db_.LastError(code, "read story first report");
    }
  }
  entry.payload = request.encode(slot);
  {
    StatementReset reset(insert_journal_);
    insert_journal_.BindInt64(1, sequence);
    insert_journal_.BindText(2, entry.topic);
    insert_journal_.BindBlob(3, entry.payload);
    insert_journal_.BindInt64(4, entry.created_unix);
    const int code = insert_journal_.Step();
    if (code != SQLITE_DONE) return db_.LastError(code, "append journal");
  }
  if (key != nullptr) {
    StatementReset reset(insert_seen_);
    insert_seen_.BindText(1, key->article_id);
    insert_seen_.BindText(2, key->content_hash);
    insert_seen_.BindText(3, key->source_id);
    insert_seen_.BindText(4, key->canonical_url);
    insert_seen_.BindText(5, key->title);
    insert_seen_.BindInt64(6, entry.created_unix);
    insert_seen_.BindInt64(7, sequence);
    const int code = insert_seen_.Step();
    if (code != SQLITE_DONE) return db_.LastError(code, "record seen article");
  }
  last = entry.sequence;
  return std::optional<JournalEntry>(std::move(entry));
}

namespace {

StoryDoc ReadStoryDoc(const SqliteStatement& s) {
  StoryDoc doc;
  doc.article_id = s.ColumnText(0);
  doc.story_id = s.ColumnText(1);
  doc.similarity = sqlite3_column_double(s.get(), 2);
  doc.shingles = s.ColumnBlob(3);
  doc.created_unix = s.ColumnInt64(4);
  return doc;
}

}  // namespace

Result<StoryDoc> StateStore::IndexStory(
    std::string_view article_id, const std::vector<int64_t>& keys, std::string_view shingles,
    int64_t since_unix, size_t limit,
    const std::function<std::pair<std::string, double>(const std::vector<StoryCandidate>&)>&
        choose) {
  Transaction tx(db_);
  NW_RETURN_IF_ERROR(tx.Begin());
  {
    StatementReset reset(load_story_doc_);
    load_story_doc_.BindText(1, article_id);
    const int code = load_story_doc_.Step();
    if (code == SQLITE_ROW) return ReadStoryDoc(load_story_doc_);
    if (code != SQLITE_DONE) return db_.LastError(code, "load story index row");
  }
  std::vector<StoryCandidate> candidates;
  if (!keys.empty()) {
    std::string json = "[";
    for (size_t i = 0; i < keys.size(); ++i) {
      if (i > 0) json += ',';
      json += std::to_string(keys[i]);
    }
    json += ']';
    StatementReset reset(story_candidates_);
    story_candidates_.BindText(1, json);
    story_candidates_.BindInt64(2, since_unix);
    story_candidates_.BindInt64(3, static_cast<int64_t>(std::min<size_t>(limit, INT64_MAX)));
    for (;;) {
      const int code = story_candidates_.Step();
      if (code == SQLITE_DONE) break;
      if (code != SQLITE_ROW) return db_.LastError(code, "find story candidates");
      StoryCandidate c;
      c.doc = ReadStoryDoc(story_candidates_);
      c.shared_keys = static_cast<uint32_t>(story_candidates_.ColumnInt64(5));
      candidates.push_back(std::move(c));
    }
  }
  auto [story_id, similarity] = choose(candidates);
  StoryDoc doc;
  doc.article_id = std::string(article_id);
  doc.story_id = story_id.empty() ? doc.article_id : std::move(story_id);
  doc.similarity = similarity;
  doc.shingles = std::string(shingles);
  doc.created_unix = ToUnixSeconds(clock_.Now());
  {
    StatementReset reset(insert_story_doc_);
    insert_story_doc_.BindText(1, doc.article_id);
    insert_story_doc_.BindText(2, doc.story_id);
    sqlite3_bind_double(insert_story_doc_.get(), 3, doc.similarity);
    insert_story_doc_.BindBlob(4, doc.shingles);
    insert_story_doc_.BindInt64(5, doc.created_unix);
    const int code = insert_story_doc_.Step();
    if (code != SQLITE_DONE) return db_.LastError(code, "insert story index row");
  }
  for (int64_t key : keys) {
    StatementReset reset(insert_story_key_);
    insert_story_key_.BindInt64(1, key);
    insert_story_key_.BindText(2, doc.article_id);
    const int code = insert_story_key_.Step();
    if (code != SQLITE_DONE) return db_.LastError(code, "insert story key");
  }
  NW_RETURN_IF_ERROR(tx.Commit());
  return doc;
}

Result<std::vector<JournalEntry>> StateStore::ReadJournal(uint64_t after,
                                                          std::string_view topic_prefix,
                                                          size_t limit) {
  StatementReset reset(read_journal_);
  read_journal_.BindInt64(1, static_cast<int64_t>(after));
  read_journal_.BindText(2, topic_prefix);
  read_journal_.BindInt64(3, static_cast<int64_t>(std::min<size_t>(limit, INT64_MAX)));
  std::vector<JournalEntry> out;
  for (;;) {
    const int code = read_journal_.Step();
    if (code == SQLITE_DONE) break;
    if (code != SQLITE_ROW) return db_.LastError(code, "read journal");
    JournalEntry e;
    e.sequence = static_cast<uint64_t>(read_journal_.ColumnInt64(0));
    e.topic = read_journal_.ColumnText(1);
    e.payload = read_journal_.ColumnBlob(2);
    e.created_unix = read_journal_.ColumnInt64(3);
    out.push_back(std::move(e));
  }
  return out;
}

Status StateStore::Prune(const RetentionPolicy& policy) {
  const int64_t now = ToUnixSeconds(clock_.Now());
  Transaction tx(db_);
  NW_RETURN_IF_ERROR(tx.Begin());
  auto run = [this](const std::string& sql, int64_t value) -> Status {
    Result<SqliteStatement> s = db_.Prepare(sql.c_str());
    if (!s.ok()) return s.status();
    s->BindInt64(1, value);
    const int code = s->Step();
    if (code != SQLITE_DONE) return db_.LastError(code, "prune");
    return Status::Ok();
  };
  if (policy.max_age_days > 0) {
    NW_RETURN_IF_ERROR(
        run("DELETE FROM journal WHERE created_unix < ?1", now - policy.max_age_days * 86400));
  }
  if (policy.heartbeat_max_age_seconds > 0) {
    NW_RETURN_IF_ERROR(run("DELETE FROM journal WHERE topic = 'heartbeat' AND created_unix < ?1",
                           now - policy.heartbeat_max_age_seconds));
  }
  if (policy.max_journal_rows > 0) {
    NW_RETURN_IF_ERROR(
        run("DELETE FROM journal WHERE sequence <= (SELECT sequence FROM journal "
            "ORDER BY sequence DESC LIMIT 1 OFFSET ?1)",
            static_cast<int64_t>(policy.max_journal_rows)));
  }
  if (policy.max_bytes > 0) {
    NW_RETURN_IF_ERROR(
        run("DELETE FROM journal WHERE sequence IN (SELECT sequence FROM ("
            "SELECT sequence, SUM(length(payload)) OVER (ORDER BY sequence DESC) "
            "AS newer_bytes FROM journal) WHERE newer_bytes > ?1)",
            static_cast<int64_t>(policy.max_bytes)));
  }
  if (policy.story_max_age_days > 0) {
    const int64_t cutoff = now - policy.story_max_age_days * 86400;
    NW_RETURN_IF_ERROR(
        run("DELETE FROM story_key WHERE article_id IN "
            "(SELECT article_id FROM story_doc WHERE created_unix < ?1)",
            cutoff));
    NW_RETURN_IF_ERROR(run("DELETE FROM story_doc WHERE created_unix < ?1", cutoff));
    NW_RETURN_IF_ERROR(run("DELETE FROM story_first WHERE created_unix < ?1", cutoff));
  }
  if (policy.seen_max_age_days > 0) {
    NW_RETURN_IF_ERROR(
        run("DELETE FROM seen WHERE first_seen_unix < ?1", now - policy.seen_max_age_days * 86400));
  }
  return tx.Commit();
}

}  // namespace newswatch

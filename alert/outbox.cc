#include "alert/outbox.h"

#include <utility>

namespace newswatch::alert {
namespace {

// Move-only owner of a prepared statement.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) stmt_ = nullptr;
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return stmt_ != nullptr; }
  Statement& Bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& BindBlob(int i, const std::string& v) {
    sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Statement& Bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  int Step() { return sqlite3_step(stmt_); }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  std::string Text(int col) const {
    const void* p = sqlite3_column_blob(stmt_, col);
    int n = sqlite3_column_bytes(stmt_, col);
    return p ? std::string(static_cast<const char*>(p), n) : std::string();
  }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  Status Error(const std::string& what) const {
    return IoError("outbox: " + what + ": " + sqlite3_errmsg(db_));
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS messages(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  dedup_key TEXT NOT NULL UNIQUE,
  receiver TEXT NOT NULL,
  route TEXT NOT NULL,
  payload BLOB NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',  -- pending | sent | failed
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  sent_at INTEGER,
  last_error TEXT);
CREATE INDEX IF NOT EXISTS messages_due ON messages(receiver, state, next_attempt_at);
CREATE INDEX IF NOT EXISTS messages_sent ON messages(receiver, sent_at);
CREATE TABLE IF NOT EXISTS stories(
  route TEXT NOT NULL,
  receiver TEXT NOT NULL,
  story_id TEXT NOT NULL,
  notified_at INTEGER NOT NULL,
  PRIMARY KEY(route, receiver, story_id));
CREATE TABLE IF NOT EXISTS cursors(
  publisher TEXT PRIMARY KEY,
  sequence INTEGER NOT NULL,
  updated_at INTEGER NOT NULL);
)sql";

}  // namespace

SqliteDb::~SqliteDb() { sqlite3_close_v2(db_); }
SqliteDb::SqliteDb(SqliteDb&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
SqliteDb& SqliteDb::operator=(SqliteDb&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
  }
  return *this;
}

Result<Outbox> Outbox::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  SqliteDb db(raw);
  if (rc != SQLITE_OK) {
    return IoError("outbox: cannot open " + path + ": " +
                   (raw ? sqlite3_errmsg(raw) : "out of memory"));
  }
  sqlite3_busy_timeout(db.get(), 10000);
  Outbox outbox(std::move(db));
  // WAL lets the router write while delivery threads read; FULL sync so a
  // message marked sent stays sent after a power cut.
  NW_RETURN_IF_ERROR(outbox.Exec("PRAGMA journal_mode=WAL"));
  NW_RETURN_IF_ERROR(outbox.Exec("PRAGMA synchronous=FULL"));
  NW_RETURN_IF_ERROR(outbox.Exec(kSchema));
  return outbox;
}

Status Outbox::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string m = err ? err : "unknown error";
    sqlite3_free(err);
    return IoError("outbox: " + m);
  }
  return Status::Ok();
}

Result<int> Outbox::Enqueue(const std::vector<OutboxEntry>& entries, int64_t now,
                            const std::map<std::string, uint64_t>& cursors) {
  NW_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
  int added = 0;
  auto fail = [&](const Status& s) {
    Exec("ROLLBACK");
    return s;
  };
  for (const OutboxEntry& e : entries) {
    Statement ins(db_.get(),
                  "INSERT OR IGNORE INTO messages(dedup_key, receiver, route, payload, created_at, "
                  "next_attempt_at) VALUES(?1, ?2, ?3, ?4, ?5, ?5)");
    if (!ins.ok()) return fail(ins.Error("prepare insert"));
    ins.Bind(1, e.dedup_key).Bind(2, e.receiver).Bind(3, e.route).BindBlob(4, e.payload).Bind(5, now);
    if (ins.Step() != SQLITE_DONE) return fail(ins.Error("insert"));
    const int inserted = sqlite3_changes(db_.get());
    added += inserted;
    // A duplicate message says nothing new about when its stories went out.
    if (inserted == 0) continue;
    for (const std::string& story : e.story_ids) {
      Statement st(db_.get(),
                   "INSERT INTO stories(route, receiver, story_id, notified_at) VALUES(?1, ?2, ?3, ?4) "
                   "ON CONFLICT(route, receiver, story_id) DO UPDATE SET notified_at = ?4");
      if (!st.ok()) return fail(st.Error("prepare story"));
      st.Bind(1, e.route).Bind(2, e.receiver).Bind(3, story).Bind(4, now);
      if (st.Step() != SQLITE_DONE) return fail(st.Error("insert story"));
    }
  }
  for (const auto& [publisher, sequence] : cursors) {
    Statement cur(db_.get(),
                  "INSERT INTO cursors(publisher, sequence, updated_at) VALUES(?1, ?2, ?3) "
                  "ON CONFLICT(publisher) DO UPDATE SET sequence = ?2, updated_at = ?3");
    if (!cur.ok()) return fail(cur.Error("prepare cursor"));
    cur.Bind(1, publisher).Bind(2, static_cast<int64_t>(sequence)).Bind(3, now);
    if (cur.Step() != SQLITE_DONE) return fail(cur.Error("store cursor"));
  }
  if (Status s = Exec("COMMIT"); !s.ok()) return fail(s);
  return added;
}

Result<std::optional<uint64_t>> Outbox::Cursor(const std::string& publisher) {
  Statement q(db_.get(), "SELECT sequence FROM cursors WHERE publisher = ?1");
  if (!q.ok()) return q.Error("prepare cursor");
  q.Bind(1, publisher);
  const int rc = q.Step();
  if (rc == SQLITE_DONE) return std::optional<uint64_t>();
  if (rc != SQLITE_ROW) return q.Error("read cursor");
  return std::optional<uint64_t>(static_cast<uint64_t>(q.Int(0)));
}

Result<std::vector<OutboxMessage>> Outbox::Due(const std::string& receiver, int64_t now, int limit) {
  Statement q(db_.get(),
              "SELECT id, receiver, dedup_key, payload, attempts FROM messages WHERE receiver = ?1 "
              "AND state = 'pending' AND next_attempt_at <= ?2 ORDER BY next_attempt_at, id LIMIT ?3");
  if (!q.ok()) return q.Error("prepare due");
  q.Bind(1, receiver).Bind(2, now).Bind(3, static_cast<int64_t>(limit));
  std::vector<OutboxMessage> out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    out.push_back({q.Int(0), q.Text(1), q.Text(2), q.Text(3), static_cast<int>(q.Int(4))});
  }
  if (rc != SQLITE_DONE) return q.Error("select due");
  return out;
}

Status Outbox::MarkSent(int64_t id, int64_t now) {
  Statement u(db_.get(),
              "UPDATE messages SET state = 'sent', sent_at = ?2, attempts = attempts + 1, "
              "last_error = NULL WHERE id = ?1");
  if (!u.ok()) return u.Error("prepare mark sent");
  u.Bind(1, id).Bind(2, now);
  if (u.Step() != SQLITE_DONE) return u.Error("mark sent");
  return Status::Ok();
}

Status Outbox::MarkAttemptFailed(int64_t id, const std::string& error,
                                 std::optional<int64_t> retry_at) {
  Statement u(db_.get(),
              retry_at ? "UPDATE messages SET attempts = attempts + 1, last_error = ?2, "
                         "next_attempt_at = ?3 WHERE id = ?1"
                       : "UPDATE messages SET attempts = attempts + 1, last_error = ?2, "
                         "state = 'failed' WHERE id = ?1");
  if (!u.ok()) return u.Error("prepare mark failed");
  u.Bind(1, id).Bind(2, error);
  if (retry_at) u.Bind(3, *retry_at);
  if (u.Step() != SQLITE_DONE) return u.Error("mark failed");
  return Status::Ok();
}

Result<int> Outbox::SentSince(const std::string& receiver, int64_t since) {
  Statement q(db_.get(), "SELECT COUNT(*) FROM messages WHERE receiver = ?1 AND sent_at >= ?2");
  if (!q.ok()) return q.Error("prepare count");
  q.Bind(1, receiver).Bind(2, since);
  if (q.Step() != SQLITE_ROW) return q.Error("count");
  return static_cast<int>(q.Int(0));
}

std::optional<int64_t> Outbox::NextAttempt(const std::string& receiver) {
  Statement q(db_.get(),
              "SELECT MIN(next_attempt_at) FROM messages WHERE receiver = ?1 AND state = 'pending'");
  if (!q.ok()) return std::nullopt;
  q.Bind(1, receiver);
  if (q.Step() != SQLITE_ROW || q.IsNull(0)) return std::nullopt;
  return q.Int(0);
}

Result<OutboxCounts> Outbox::Counts() {
  Statement q(db_.get(), "SELECT state, COUNT(*) FROM messages GROUP BY state");
  if (!q.ok()) return q.Error("prepare counts");
  OutboxCounts c;
  while (q.Step() == SQLITE_ROW) {
    std::string state = q.Text(0);
    if (state == "pending") c.pending = q.Int(1);
    else if (state == "sent") c.sent = q.Int(1);
    else if (state == "failed") c.failed = q.Int(1);
  }
  return c;
}

std::optional<int64_t> Outbox::LastNotified(const std::string& route, const std::string& receiver,
                                            const std::string& story_id) const {
  Statement q(db_.get(),
              "SELECT notified_at FROM stories WHERE route = ?1 AND receiver = ?2 AND story_id = ?3");
  if (!q.ok()) return std::nullopt;
  q.Bind(1, route).Bind(2, receiver).Bind(3, story_id);
  if (q.Step() != SQLITE_ROW) return std::nullopt;
  return q.Int(0);
}

}  // namespace newswatch::alert

// Outbox: the durable queue of rendered messages between the router and the
// receivers, in SQLite (WAL). A message is enqueued once per dedup key, stays
// "pending" until its receiver accepts it, and is retried with backoff; the
// stories each message carried are recorded in the same transaction, so a
// restart neither loses nor re-sends them. Each publisher's cursor (the
// sequence through which its events are handled) is written in the same
// transaction as the messages derived from those events.
// Thread-safety: one Outbox (connection) per thread; several connections to
// the same file are safe (SQLite locking, busy timeout).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "alert/router.h"
#include "daemon/core/result.h"

namespace newswatch::alert {

// Move-only owner of a sqlite3 connection.
class SqliteDb {
 public:
  SqliteDb() = default;
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  ~SqliteDb();
  SqliteDb(SqliteDb&& other) noexcept;
  SqliteDb& operator=(SqliteDb&& other) noexcept;
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  sqlite3* get() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

struct OutboxEntry {
  std::string receiver;
  std::string route;
  std::string dedup_key;
  std::string payload;
  std::vector<std::string> story_ids;
};

struct OutboxMessage {
  int64_t id = 0;
  std::string receiver;
  std::string dedup_key;  // also the delivery id receivers carry
  std::string payload;
  int attempts = 0;
};

struct OutboxCounts {
  int64_t pending = 0;
  int64_t sent = 0;
  int64_t failed = 0;
};

class Outbox final : public StoryLedger {
 public:
  // Opens (creating if needed) the outbox at `path`. kIo on failure.
  static Result<Outbox> Open(const std::string& path);

  // Adds `entries` and sets the publisher cursors in `cursors` (publisher
  // name -> sequence handled through) in one transaction: both or neither
  // are durable. An entry whose dedup key is already present (pending, sent
  // or failed) is skipped. Returns how many entries were new.
  Result<int> Enqueue(const std::vector<OutboxEntry>& entries, int64_t now,
                      const std::map<std::string, uint64_t>& cursors = {});

  // The cursor last stored for `publisher`; nullopt if none was ever stored.
  Result<std::optional<uint64_t>> Cursor(const std::string& publisher);

  // Up to `limit` pending messages of `receiver` due at `now`, oldest first.
  Result<std::vector<OutboxMessage>> Due(const std::string& receiver, int64_t now, int limit);

  // The message was accepted: it is never returned by Due again.
  Status MarkSent(int64_t id, int64_t now);

  // An attempt failed. With `retry_at` the message stays pending until then;
  // without, it is marked failed for good.
  Status MarkAttemptFailed(int64_t id, const std::string& error, std::optional<int64_t> retry_at);

  // Messages of `receiver` sent at or after `since` (rate limiting).
  Result<int> SentSince(const std::string& receiver, int64_t since);

  // The earliest next_attempt_at among pending messages of `receiver`.
  std::optional<int64_t> NextAttempt(const std::string& receiver);

  Result<OutboxCounts> Counts();

  std::optional<int64_t> LastNotified(const std::string& route, const std::string& receiver,
                                      const std::string& story_id) const override;

 private:
  explicit Outbox(SqliteDb db) : db_(std::move(db)) {}
  Status Exec(const char* sql);
  SqliteDb db_;
};

}  // namespace newswatch::alert

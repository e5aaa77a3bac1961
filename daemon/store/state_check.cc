#include "daemon/store/state_check.h"

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <system_error>

#include "daemon/store/sqlite_handle.h"
#include "daemon/store/state_store.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;

// Rows are copied table by table; sequence_counter is rebuilt, not copied.
constexpr const char* kTables[] = {"source_state", "seen",      "journal",
                                   "story_doc",    "story_key", "story_first"};

// Sequences after an unreadable counter start this far past the highest one found.
constexpr uint64_t kSequenceJump = 1000000;

// Move-only owner of a raw connection to the damaged copy (SqliteDb would create it).
class RawDb {
 public:
  explicit RawDb(const fs::path& file) {
    if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
      sqlite3_close_v2(db_);
      db_ = nullptr;
      return;
    }
    // Reading must not write into what is kept as evidence.
    sqlite3_db_config(db_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    // A file shorter than its header says is refused as a whole unless the schema is
    // "writable"; with query_only nothing is written, and the pages that remain can be read.
    sqlite3_exec(db_, "PRAGMA writable_schema=1", nullptr, nullptr, nullptr);
    sqlite3_exec(db_, "PRAGMA query_only=1", nullptr, nullptr, nullptr);
  }
  ~RawDb() { sqlite3_close_v2(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;
  sqlite3* get() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

class Stmt {
 public:
  Stmt(sqlite3* db, const std::string& sql) {
    if (db != nullptr) sqlite3_prepare_v2(db, sql.c_str(), -1, &s_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  sqlite3_stmt* get() const { return s_; }

 private:
  sqlite3_stmt* s_ = nullptr;
};

// The first rowid greater than `after` that can be read, probing further and further past a
// damaged stretch; nullopt when the table has no readable row after it.
std::optional<int64_t> NextReadableRowid(sqlite3* db, const std::string& table, int64_t after) {
  Stmt probe(db, "SELECT rowid FROM \"" + table + "\" WHERE rowid > ?1 ORDER BY rowid LIMIT 1");
  if (probe.get() == nullptr) return std::nullopt;
  for (int64_t step = 1; step < (int64_t{1} << 62); step *= 2) {
    if (after > INT64_MAX - step) return std::nullopt;
    sqlite3_reset(probe.get());
    sqlite3_bind_int64(probe.get(), 1, after + step);
    const int code = sqlite3_step(probe.get());
    if (code == SQLITE_ROW) return sqlite3_column_int64(probe.get(), 0);
    if (code == SQLITE_DONE) return std::nullopt;
  }
  return std::nullopt;
}

// Copies the readable rows of `table` from `from` into `to` (same schema).
Result<TableRecovery> CopyTable(sqlite3* from, SqliteDb& to, const std::string& table) {
  TableRecovery r{table};
  Stmt scan(from, "SELECT * FROM \"" + table + "\" WHERE rowid >= ?1 ORDER BY rowid");
  Stmt rowid(from, "SELECT rowid FROM \"" + table + "\" WHERE rowid >= ?1 ORDER BY rowid");
  if (scan.get() == nullptr || rowid.get() == nullptr) {
    r.damaged_runs = 1;  // the table itself cannot be found: the schema page is damaged
    return r;
  }
  const int columns = sqlite3_column_count(scan.get());
  std::string sql = "INSERT OR IGNORE INTO \"" + table + "\" VALUES (";
  for (int i = 0; i < columns; ++i) sql += i ? ",?" : "?";
  sql += ")";
  auto insert = to.Prepare(sql.c_str());
  if (!insert.ok()) return insert.status();
  NW_RETURN_IF_ERROR(to.Exec("BEGIN"));
  std::optional<int64_t> from_rowid = INT64_MIN + 1;
  while (from_rowid) {
    // Two cursors in step: the row's values and its rowid (SELECT * hides the rowid).
    sqlite3_reset(scan.get());
    sqlite3_reset(rowid.get());
    sqlite3_bind_int64(scan.get(), 1, *from_rowid);
    sqlite3_bind_int64(rowid.get(), 1, *from_rowid);
    int64_t last = *from_rowid - 1;  // the last rowid copied (or just before the start)
    for (;;) {
      const int code = sqlite3_step(scan.get());
      const int id_code = sqlite3_step(rowid.get());
      if (code == SQLITE_DONE) {
        from_rowid.reset();
        break;
      }
      if (code != SQLITE_ROW || id_code != SQLITE_ROW) {
        // Past the damaged row: the probe asks for rowids beyond last + 1, so each round
        // starts strictly later than the one before.
        ++r.damaged_runs;
        from_rowid = NextReadableRowid(from, table, last);
        break;
      }
      last = sqlite3_column_int64(rowid.get(), 0);
      sqlite3_stmt* in = insert->get();
      sqlite3_reset(in);
      for (int i = 0; i < columns; ++i) {
        sqlite3_bind_value(in, i + 1, sqlite3_column_value(scan.get(), i));
      }
      if (const int done = sqlite3_step(in); done != SQLITE_DONE) {
        return to.LastError(done, "recover " + table);
      }
      ++r.rows;
    }
  }
  NW_RETURN_IF_ERROR(to.Exec("COMMIT"));
  return r;
}

uint64_t MaxOf(SqliteDb& db, const char* sql) {
  auto s = db.Prepare(sql);
  if (!s.ok() || s->Step() != SQLITE_ROW) return 0;
  return static_cast<uint64_t>(std::max<int64_t>(0, s->ColumnInt64(0)));
}

}  // namespace

std::string RecoverCommandFor(const fs::path& state_dir) {
  return "newswatch recover --state " + state_dir.string();
}

Status CheckStateFile(const fs::path& db_file) {
  std::error_code ec;
  if (!fs::exists(db_file, ec)) return Status::Ok();
  const std::string hint = "; stop every process using it and run `" +
                           RecoverCommandFor(db_file.parent_path()) +
                           "` (it keeps every row that can be read, and the damaged file)";
  sqlite3* raw = nullptr;
  int code = sqlite3_open_v2(db_file.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr);
  std::unique_ptr<sqlite3, decltype(&sqlite3_close_v2)> db(raw, &sqlite3_close_v2);
  if (code != SQLITE_OK) {
    return IoError(db_file.string() + ": cannot open: " + sqlite3_errstr(code));
  }
  // SQLite silently opens a file it may not write read-only; say so now, not at the first
  // event. (Only the daemon checks: `newswatch status` may well read as another user.)
  if (sqlite3_db_readonly(raw, "main") == 1) {
    return IoError(db_file.string() +
                   ": the state file is read-only for this user (fix its owner or mode)");
  }
  sqlite3_busy_timeout(raw, 10000);
  Stmt check(raw, "PRAGMA quick_check(5)");
  if (check.get() == nullptr) code = sqlite3_errcode(raw);
  std::string problems;
  while (check.get() != nullptr) {
    code = sqlite3_step(check.get());
    if (code != SQLITE_ROW) break;
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(check.get(), 0));
    const std::string line = text != nullptr ? text : "";
    if (line == "ok") continue;
    problems += (problems.empty() ? "" : "; ") + line;
  }
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
    return Unavailable(db_file.string() + ": locked by another process (" + sqlite3_errmsg(raw) +
                       "); one newswatchd per state directory");
  }
  if (code != SQLITE_DONE) {
    return IoError(db_file.string() + ": the state file is damaged (" + sqlite3_errmsg(raw) + ")" +
                   hint);
  }
  if (!problems.empty()) {
    return IoError(db_file.string() + ": the state file is damaged (" + problems + ")" + hint);
  }
  return Status::Ok();
}

Result<Recovery> RecoverStateFile(const fs::path& db_file) {
  std::error_code ec;
  if (!fs::exists(db_file, ec)) return NotFound(db_file.string() + ": no state file to recover");
  Recovery out;
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  out.damaged = db_file;
  out.damaged += ".damaged-" + std::to_string(now);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    fs::path from = db_file, to = out.damaged;
    from += suffix;
    to += suffix;
    if (!fs::exists(from, ec)) continue;
    fs::rename(from, to, ec);
    if (ec) {
      return IoError("cannot move " + from.string() + " to " + to.string() + ": " + ec.message());
    }
  }
  {
    auto fresh = StateStore::Open(db_file);  // the schema
    if (!fresh.ok()) return fresh.status();
  }
  auto to = SqliteDb::Open(db_file);
  if (!to.ok()) return to.status();
  RawDb from(out.damaged);
  uint64_t counter = 0;
  bool counter_read = false;
  if (from.get() != nullptr) {
    for (const char* table : kTables) {
      auto copied = CopyTable(from.get(), *to, table);
      if (!copied.ok()) return copied.status();
      out.tables.push_back(*copied);
    }
    Stmt last(from.get(), "SELECT last FROM sequence_counter WHERE id = 1");
    if (last.get() != nullptr && sqlite3_step(last.get()) == SQLITE_ROW) {
      counter = static_cast<uint64_t>(sqlite3_column_int64(last.get(), 0));
      counter_read = true;
    }
  }
  const uint64_t found = std::max({MaxOf(*to, "SELECT MAX(sequence) FROM journal"),
                                   MaxOf(*to, "SELECT MAX(sequence) FROM seen"),
                                   MaxOf(*to, "SELECT MAX(sequence) FROM story_first")});
  out.sequence_jumped = !counter_read;
  out.last_sequence = counter_read ? std::max(counter, found) : found + kSequenceJump;
  NW_RETURN_IF_ERROR(to->Exec(
      ("UPDATE sequence_counter SET last = " + std::to_string(out.last_sequence) + " WHERE id = 1")
          .c_str()));
  return out;
}

}  // namespace newswatch

// Move-only owners of SQLite's C handles: a connection (sqlite3*) and a
// prepared statement (sqlite3_stmt*), plus the few typed calls the store needs.
// Thread-safety: one connection and its statements belong to one thread.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "daemon/core/result.h"
#include "daemon/core/status.h"

namespace newswatch {

// Maps an SQLite result code to a Status naming `file`: busy/locked ->
// kUnavailable, everything else (full disk, read-only, I/O, corrupt) -> kIo.
Status SqliteError(int code, std::string_view file, std::string_view detail);

// One prepared statement. Each use binds, steps and is reset by
// StatementReset (below) so cached statements are never left mid-step.
class SqliteStatement {
 public:
  SqliteStatement() = default;
  explicit SqliteStatement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  SqliteStatement(SqliteStatement&& other) noexcept : stmt_(other.stmt_) { other.stmt_ = nullptr; }
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();

  sqlite3_stmt* get() const { return stmt_; }

  // Binders; `index` is 1-based as in SQLite. Text and blobs are copied.
  void BindInt64(int index, int64_t value);
  void BindText(int index, std::string_view value);
  void BindBlob(int index, std::string_view value);

  // Returns SQLITE_ROW, SQLITE_DONE or an error code.
  int Step();

  // Column readers for the current row; `index` is 0-based.
  int64_t ColumnInt64(int index) const;
  std::string ColumnText(int index) const;
  std::string ColumnBlob(int index) const;

  // Makes the statement reusable and drops its bindings.
  void Reset();

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

// Resets a cached statement when the scope ends, whatever path leaves it.
class StatementReset {
 public:
  explicit StatementReset(SqliteStatement& stmt) : stmt_(stmt) {}
  ~StatementReset() { stmt_.Reset(); }
  StatementReset(const StatementReset&) = delete;
  StatementReset& operator=(const StatementReset&) = delete;

 private:
  SqliteStatement& stmt_;
};

// One database connection.
class SqliteDb {
 public:
  SqliteDb() = default;
  SqliteDb(SqliteDb&& other) noexcept : db_(other.db_), file_(std::move(other.file_)) {
    other.db_ = nullptr;
  }
  SqliteDb& operator=(SqliteDb&& other) noexcept;
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;
  ~SqliteDb();

  // Opens (creating if needed) `file` read-write. Errors are kIo naming the file.
  static Result<SqliteDb> Open(const std::filesystem::path& file);

  sqlite3* get() const { return db_; }
  const std::string& file() const { return file_; }

  // Runs one or more statements that return no rows.
  Status Exec(const char* sql);
  // Compiles `sql`; the caller caches the result.
  Result<SqliteStatement> Prepare(const char* sql);
  // Status for the last failed call on this connection, naming the file.
  Status LastError(int code, std::string_view what) const;

 private:
  sqlite3* db_ = nullptr;
  std::string file_;
};

}  // namespace newswatch

#include "daemon/store/sqlite_handle.h"

namespace newswatch {

Status SqliteError(int code, std::string_view file, std::string_view detail) {
  std::string message = std::string(file) + ": " + std::string(detail);
  const int primary = code & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return Unavailable(std::move(message));
  return IoError(std::move(message));
}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    if (stmt_ != nullptr) sqlite3_finalize(stmt_);
    stmt_ = other.stmt_;
    other.stmt_ = nullptr;
  }
  return *this;
}

SqliteStatement::~SqliteStatement() {
  if (stmt_ != nullptr) sqlite3_finalize(stmt_);
}

void SqliteStatement::BindInt64(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
}

void SqliteStatement::BindText(int index, std::string_view value) {
  sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

void SqliteStatement::BindBlob(int index, std::string_view value) {
  // A zero-length blob must still be a blob, not NULL: give SQLite a valid pointer.
  static const char kEmpty = 0;
  sqlite3_bind_blob64(stmt_, index, value.empty() ? &kEmpty : value.data(), value.size(),
                      SQLITE_TRANSIENT);
}

int SqliteStatement::Step() { return sqlite3_step(stmt_); }

int64_t SqliteStatement::ColumnInt64(int index) const { return sqlite3_column_int64(stmt_, index); }

std::string SqliteStatement::ColumnText(int index) const {
  const unsigned char* text = sqlite3_column_text(stmt_, index);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, index)));
}

std::string SqliteStatement::ColumnBlob(int index) const {
  const void* blob = sqlite3_column_blob(stmt_, index);
  if (blob == nullptr) return {};
  return std::string(static_cast<const char*>(blob),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, index)));
}

void SqliteStatement::Reset() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

SqliteDb& SqliteDb::operator=(SqliteDb&& other) noexcept {
  if (this != &other) {
    if (db_ != nullptr) sqlite3_close_v2(db_);
    db_ = other.db_;
    file_ = std::move(other.file_);
    other.db_ = nullptr;
  }
  return *this;
}

SqliteDb::~SqliteDb() {
  if (db_ != nullptr) sqlite3_close_v2(db_);
}

Result<SqliteDb> SqliteDb::Open(const std::filesystem::path& file) {
  SqliteDb db;
  db.file_ = file.string();
  // NOMUTEX: a connection is used by one thread only (see the header).
  const int code =
      sqlite3_open_v2(db.file_.c_str(), &db.db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (code != SQLITE_OK) {
    std::string detail = db.db_ != nullptr ? sqlite3_errmsg(db.db_) : sqlite3_errstr(code);
    return SqliteError(code, db.file_, "cannot open database: " + detail);
  }
  sqlite3_extended_result_codes(db.db_, 1);
  return db;
}

Status SqliteDb::Exec(const char* sql) {
  char* error = nullptr;
  const int code = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
  if (code == SQLITE_OK) return Status::Ok();
  std::string detail = error != nullptr ? error : sqlite3_errstr(code);
  sqlite3_free(error);
  return SqliteError(code, file_, detail);
}

Result<SqliteStatement> SqliteDb::Prepare(const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  const int code = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (code != SQLITE_OK) return LastError(code, std::string("prepare: ") + sql);
  return SqliteStatement(stmt);
}

Status SqliteDb::LastError(int code, std::string_view what) const {
  return SqliteError(code, file_, std::string(what) + ": " + sqlite3_errmsg(db_));
}

}  // namespace newswatch

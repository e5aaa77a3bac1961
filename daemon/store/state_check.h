// State-file health at start-up and recovery of a damaged one. CheckStateFile
// reads every page (PRAGMA quick_check) so that a truncated file or a torn page
// stops the daemon before it serves replay from it or writes over it;
// RecoverStateFile copies what can still be read into a fresh file.
// Thread-safety: free functions; no state of their own. Neither may run while
// a daemon uses the file (RecoverStateFile moves it aside).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "daemon/core/result.h"

namespace newswatch {

// The command that repairs a damaged state file, for error messages.
std::string RecoverCommandFor(const std::filesystem::path& state_dir);

// OK when `db_file` does not exist or passes PRAGMA quick_check. kIo naming the
// file, what is wrong and the recovery command when it is damaged (truncated,
// a torn page, not a database); kIo when this user cannot write it (read-only);
// kUnavailable when another process holds it locked beyond the busy timeout.
// Changes nothing.
Status CheckStateFile(const std::filesystem::path& db_file);

// What RecoverStateFile kept of one table.
struct TableRecovery {
  std::string table;
  uint64_t rows = 0;          // rows copied into the new file
  uint64_t damaged_runs = 0;  // stretches of rows that could not be read (skipped)
};

struct Recovery {
  std::filesystem::path damaged;  // where the damaged file (and its -wal) now lie
  std::vector<TableRecovery> tables;
  uint64_t last_sequence = 0;    // the new file's sequence counter
  bool sequence_jumped = false;  // the counter was unreadable: it starts past any old number
};

// Moves `db_file` (and its -wal / -shm) aside to `<db_file>.damaged-<unix time>`,
// creates a fresh state file at `db_file` and copies every row that can still be
// read, table by table, skipping damaged stretches. Sequence numbers never go
// back: the new counter is the old one, or the highest sequence found plus a
// million when the counter itself is unreadable (subscribers then see a gap and
// replay what exists). Errors: kNotFound when there is no file; kIo when a file
// cannot be moved or written (the damaged file is then left where it was, or at
// Recovery::damaged).
Result<Recovery> RecoverStateFile(const std::filesystem::path& db_file);

}  // namespace newswatch

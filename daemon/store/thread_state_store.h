// ThreadStateStore: the calling thread's own connection to a state file, for
// pipeline stages that run on several worker threads (SQLite connections are
// not shared between threads). Opened on first use with relaxed durability:
// the stages that use it only read, or write data that is re-derived when
// lost (see StateStore::Durability::kRelaxed).
// Thread-safety: each thread gets its own connection, kept for its lifetime.
#pragma once

#include <filesystem>

#include "daemon/core/result.h"
#include "daemon/store/state_store.h"

namespace newswatch {

// Returns this thread's connection to `db_file`, opening it if needed. The
// pointer stays valid for the thread's lifetime. Errors: those of
// StateStore::Open; the next call tries again.
Result<StateStore*> ThreadStateStore(const std::filesystem::path& db_file);

}  // namespace newswatch

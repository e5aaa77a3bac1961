// Silences: time-bounded matchers that drop events before routing, kept in a
// YAML file managed by `newswatch-alert silence add|list|expire`.
// Thread-safety: Silence is a value; the file functions are not safe against
// concurrent writers to the same file (the CLI is the only writer).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "alert/matcher.h"
#include "daemon/core/result.h"

namespace newswatch::alert {

struct Silence {
  std::string id;
  Matcher matcher;
  int64_t starts_at = 0;  // unix seconds
  int64_t ends_at = 0;    // unix seconds, exclusive
  std::string comment;
  std::string created_by;

  bool ActiveAt(int64_t unix_seconds) const {
    return unix_seconds >= starts_at && unix_seconds < ends_at;
  }
};

// Reads the silences in `path`. A missing file is an empty list. Fails with
// kConfig naming file:line for a malformed entry.
Result<std::vector<Silence>> LoadSilences(const std::string& path);

// Parses silences from YAML text (a list of entries); `file_name` for errors.
Result<std::vector<Silence>> ParseSilences(const std::string& text, const std::string& file_name);

// Writes `silences` to `path` atomically (temp file + rename). On failure the
// old file is untouched.
Status SaveSilences(const std::string& path, const std::vector<Silence>& silences);

// A new random id ("s-" + 12 hex digits).
std::string NewSilenceId();

}  // namespace newswatch::alert

// Result<T>: either a value or a non-OK Status. The error path of every
// fallible function that produces something.
// Thread-safety: a plain value type.
#pragma once

#include <cassert>
#include <optional>
#include <utility>

#include "daemon/core/status.h"

namespace newswatch {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    assert(!status_.ok() && "a Result built from a Status must carry an error");
    if (status_.ok()) status_ = InternalError("Result built from an OK status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  // Precondition: ok().
  T& value() & { assert(ok()); return *value_; }
  const T& value() const& { assert(ok()); return *value_; }
  T&& value() && { assert(ok()); return std::move(*value_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

// Evaluates `expr` (a Status); returns it from the enclosing function if not OK.
#define NW_RETURN_IF_ERROR(expr)              \
  do {                                        \
    ::newswatch::Status nw_status_ = (expr);  \
    if (!nw_status_.ok()) return nw_status_;  \
  } while (0)

}  // namespace newswatch

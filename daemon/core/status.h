// Status: the outcome of an operation that can fail, as a value.
// Errors that cross a module boundary are Status / Result<T>, never exceptions.
// Thread-safety: a Status is an immutable value; copy it freely.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace newswatch {

// The kinds of failure callers branch on. Normal outcomes (HTTP 304, "no new
// items", a full queue) are not errors and have no kind here.
enum class ErrorKind {
  kOk = 0,
  kInvalidArgument,  // the caller passed something unusable
  kConfig,           // configuration is malformed or inconsistent
  kParse,            // input bytes could not be understood
  kNotFound,         // a file, key or row does not exist
  kIo,               // local file system or database failure
  kNetwork,          // DNS, connect, TLS, transfer failure
  kTimeout,          // an operation exceeded its time bound
  kHttp,             // the server answered with an error status
  kTooLarge,         // a size limit was hit
  kRefused,          // a policy refused the operation (e.g. private address)
  kUnavailable,      // a resource is busy or closed; retry later
  kInternal,         // a bug: an invariant did not hold
};

std::string_view ErrorKindName(ErrorKind kind);

class Status {
 public:
  Status() = default;  // OK
  Status(ErrorKind kind, std::string message) : kind_(kind), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return kind_ == ErrorKind::kOk; }
  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }

  // "parse: unexpected end of feed" or "ok".
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context: `.
  Status WithContext(std::string_view context) const;

 private:
  ErrorKind kind_ = ErrorKind::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) { return {ErrorKind::kInvalidArgument, std::move(m)}; }
inline Status ConfigError(std::string m) { return {ErrorKind::kConfig, std::move(m)}; }
inline Status ParseError(std::string m) { return {ErrorKind::kParse, std::move(m)}; }
inline Status NotFound(std::string m) { return {ErrorKind::kNotFound, std::move(m)}; }
inline Status IoError(std::string m) { return {ErrorKind::kIo, std::move(m)}; }
inline Status NetworkError(std::string m) { return {ErrorKind::kNetwork, std::move(m)}; }
inline Status TimeoutError(std::string m) { return {ErrorKind::kTimeout, std::move(m)}; }
inline Status HttpError(std::string m) { return {ErrorKind::kHttp, std::move(m)}; }
inline Status TooLarge(std::string m) { return {ErrorKind::kTooLarge, std::move(m)}; }
inline Status Refused(std::string m) { return {ErrorKind::kRefused, std::move(m)}; }
inline Status Unavailable(std::string m) { return {ErrorKind::kUnavailable, std::move(m)}; }
inline Status InternalError(std::string m) { return {ErrorKind::kInternal, std::move(m)}; }

}  // namespace newswatch

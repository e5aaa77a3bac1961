#include "daemon/core/status.h"

namespace newswatch {

std::string_view ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kOk: return "ok";
    case ErrorKind::kInvalidArgument: return "invalid-argument";
    case ErrorKind::kConfig: return "config";
    case ErrorKind::kParse: return "parse";
    case ErrorKind::kNotFound: return "not-found";
    case ErrorKind::kIo: return "io";
    case ErrorKind::kNetwork: return "network";
    case ErrorKind::kTimeout: return "timeout";
    case ErrorKind::kHttp: return "http";
    case ErrorKind::kTooLarge: return "too-large";
    case ErrorKind::kRefused: return "refused";
    case ErrorKind::kUnavailable: return "unavailable";
    case ErrorKind::kInternal: return "internal";
  }
  return "unknown";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string out(ErrorKindName(kind_));
  out += ": ";
  out += message_;
  return out;
}

Status Status::WithContext(std::string_view context) const {
  if (ok()) return *this;
  std::string m(context);
  m += ": ";
  m += message_;
  return Status(kind_, std::move(m));
}

}  // namespace newswatch

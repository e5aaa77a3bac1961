// ZapHandler: the ZeroMQ authentication (ZAP, RFC 27) handler for CURVE endpoints. It binds
// inproc://zeromq.zap.01 in the context of the sockets it guards and answers every handshake:
// a CURVE client whose public key is in the allow set is admitted (200), anything else (an
// unknown key, another mechanism) is refused (400) and the client receives nothing.
// Thread-safety: Reload, SetAllowed, counters and Stop may be called from any thread (e.g. a
// SIGHUP handler thread); the handler's sockets live on its own thread.
//
// Order matters: start the handler BEFORE binding a CURVE server socket in the same context
// (with no handler bound libzmq admits every CURVE client), and stop it (or destroy it) BEFORE
// the context is closed, or zmq_ctx_term waits for its socket.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include <zmq.hpp>

#include "daemon/core/result.h"

namespace newswatch {

struct ZapCounters {
  uint64_t admitted = 0;  // handshakes answered 200
  uint64_t denied = 0;    // handshakes answered 400
  uint64_t reloads = 0;   // successful Reload / SetAllowed calls
};

class ZapHandler {
 public:
  // Binds the ZAP endpoint in `context` and starts the handler thread admitting `allowed`
  // (Z85 public keys). `context` must outlive the handler.
  // Errors: kUnavailable if the ZAP endpoint is already bound in this context.
  static Result<std::unique_ptr<ZapHandler>> Start(zmq::context_t& context,
                                                   std::set<std::string> allowed);
  // The same with the keys of an allow file (see ReadAllowFile in curve_keys.h), remembered
  // for Reload(). Errors: those of ReadAllowFile, then those of Start.
  static Result<std::unique_ptr<ZapHandler>> StartWithAllowFile(
      zmq::context_t& context, const std::filesystem::path& allow_file);

  // Stops (see Stop).
  ~ZapHandler();
  ZapHandler(const ZapHandler&) = delete;
  ZapHandler& operator=(const ZapHandler&) = delete;

  // Re-reads the allow file given to StartWithAllowFile and replaces the allow set. Handshakes
  // after the call see the new set; established connections stay (a removed key keeps its
  // connection until it drops). libzmq does not retry a refused handshake, so a newly allowed
  // client must connect again. On any error the old set is kept. Errors: those of ReadAllowFile; kInvalidArgument if no allow file was given.
  Status Reload();
  // Replaces the allow set.
  void SetAllowed(std::set<std::string> allowed);

  // Unbinds and joins the thread. Idempotent.
  void Stop();

  ZapCounters counters() const;

 private:
  struct Impl;
  explicit ZapHandler(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace newswatch

// CURVE keys for the publish and replay endpoints: generating a key pair, writing and reading
// Z85 key files (created with mode 0600, refused when group or others can read a secret key),
// loading the allow file of subscriber public keys, and turning a socket into a CURVE server.
// Thread-safety: pure functions; ApplyCurveServer touches only the socket it is given.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <string_view>

#include <zmq.hpp>

#include "daemon/core/result.h"

namespace newswatch {

// A CURVE key pair, each key as 40 characters of Z85 text.
struct CurveKeyPair {
  std::string public_key;
  std::string secret_key;
};

// True if `key` is 40 characters of the Z85 alphabet (a 32-byte CURVE key).
bool IsZ85Key(std::string_view key);

// Generates a fresh key pair with zmq_curve_keypair.
// Errors: kUnavailable if libzmq was built without CURVE (libsodium).
Result<CurveKeyPair> GenerateCurveKeyPair();

// Writes `keys` as two files: `<base>.key` (the secret key, mode 0600) and `<base>.pub` (the
// public key, mode 0644), each holding the key on one line with a comment line before it.
// Refuses to overwrite existing files unless `overwrite`. On failure no file is left
// half-written (each is written to a temporary file and renamed).
// Errors: kIo naming the path; kInvalidArgument if a file exists and !overwrite.
Status WriteCurveKeyFiles(const std::filesystem::path& base, const CurveKeyPair& keys,
                          bool overwrite);

// Reads one Z85 key from a key file: the first line that is not empty and not a `#` comment.
// When `secret` is true the file must not be readable by group or others.
// Errors: kNotFound / kIo naming the path; kConfig if the key is malformed or a secret key
// file is group- or world-readable.
Result<std::string> ReadCurveKeyFile(const std::filesystem::path& file, bool secret);

// Loads a server key pair from `<base>.key` and `<base>.pub` (see WriteCurveKeyFiles), or
// from a secret key file alone: the public key is derived with zmq_curve_public.
// Errors: those of ReadCurveKeyFile.
Result<CurveKeyPair> ReadCurveSecretKeyFile(const std::filesystem::path& secret_file);

// Reads an allow file: one Z85 public key per line; blank lines and `#` comments are
// ignored, as is anything after the key on its line (a name, say).
// Errors: kNotFound / kIo naming the path; kConfig naming "file:line" for a malformed key.
Result<std::set<std::string>> ReadAllowFile(const std::filesystem::path& file);

// Makes `socket` a CURVE server with `keys` and ZAP domain `zap_domain`. Must be called
// before bind. Errors: kInvalidArgument for a malformed key; kUnavailable if ZeroMQ refuses.
Status ApplyCurveServer(zmq::socket_t& socket, const CurveKeyPair& keys,
                        const std::string& zap_domain = "newswatch");

// Makes `socket` a CURVE client of the server whose public key is `server_public_key`.
// Must be called before connect. Errors as ApplyCurveServer.
Status ApplyCurveClient(zmq::socket_t& socket, const CurveKeyPair& client_keys,
                        const std::string& server_public_key);

}  // namespace newswatch

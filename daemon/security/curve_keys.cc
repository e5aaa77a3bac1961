#include "daemon/security/curve_keys.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zmq.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace newswatch {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kZ85Alphabet =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

std::string Trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

// Writes `text` to `path` with `mode`, through a temporary file renamed into place.
Status WriteFileWithMode(const fs::path& path, const std::string& text, mode_t mode) {
  const fs::path tmp = path.string() + ".tmp";
  ::unlink(tmp.c_str());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return IoError(tmp.string() + ": " + std::strerror(errno));
  // The umask may have removed bits; set exactly what was asked.
  bool ok = ::fchmod(fd, mode) == 0;
  size_t done = 0;
  while (ok && done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ok = false; else done += static_cast<size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    const int why = ok ? errno : saved;
    ::unlink(tmp.c_str());
    return IoError(path.string() + ": " + std::strerror(why));
  }
  return Status::Ok();
}

Result<std::string> ReadSmallFile(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return NotFound(file.string() + ": no such file");
  std::ifstream in(file, std::ios::binary);
  if (!in) return IoError(file.string() + ": cannot open");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return IoError(file.string() + ": read failed");
  return text.str();
}

}  // namespace

bool IsZ85Key(std::string_view key) {
  if (key.size() != 40) return false;
  for (char c : key) {
    if (kZ85Alphabet.find(c) == std::string_view::npos) return false;
  }
  return true;
}

Result<CurveKeyPair> GenerateCurveKeyPair() {
  char pub[41] = {};
  char sec[41] = {};
  if (zmq_curve_keypair(pub, sec) != 0) {
    return Unavailable(std::string("cannot generate a CURVE key pair: ") +
                       zmq_strerror(zmq_errno()) + " (libzmq built without CURVE?)");
  }
  return CurveKeyPair{pub, sec};
}

Status WriteCurveKeyFiles(const fs::path& base, const CurveKeyPair& keys, bool overwrite) {
  if (!IsZ85Key(keys.public_key) || !IsZ85Key(keys.secret_key)) {
    return InvalidArgument("not a Z85 CURVE key pair");
  }
  const fs::path secret_file = base.string() + ".key";
  const fs::path public_file = base.string() + ".pub";
  std::error_code ec;
  if (!overwrite) {
    for (const auto& f : {secret_file, public_file}) {
      if (fs::exists(f, ec)) {
        return InvalidArgument(f.string() + " already exists (refusing to overwrite)");
      }
    }
  }
  NW_RETURN_IF_ERROR(WriteFileWithMode(
      secret_file, "# newswatch CURVE secret key: keep private\n" + keys.secret_key + "\n", 0600));
  return WriteFileWithMode(public_file,
                           "# newswatch CURVE public key\n" + keys.public_key + "\n", 0644);
}

Result<std::string> ReadCurveKeyFile(const fs::path& file, bool secret) {
  if (secret) {
    struct stat st {};
    if (::stat(file.c_str(), &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
      return ConfigError(file.string() +
                         ": secret key file is accessible by group or others (chmod 600 it)");
    }
  }
  auto text = ReadSmallFile(file);
  if (!text.ok()) return text.status();
  std::istringstream lines(*text);
  std::string line;
  while (std::getline(lines, line)) {
    std::string key = Trim(line);
    if (key.empty() || key[0] == '#') continue;
    if (!IsZ85Key(key)) return ConfigError(file.string() + ": not a 40-character Z85 key");
    return key;
  }
  return ConfigError(file.string() + ": no key in file");
}

Result<CurveKeyPair> ReadCurveSecretKeyFile(const fs::path& secret_file) {
  auto secret = ReadCurveKeyFile(secret_file, /*secret=*/true);
  if (!secret.ok()) return secret.status();
  char pub[41] = {};
  if (zmq_curve_public(pub, secret->c_str()) != 0) {
    return Unavailable(std::string("cannot derive the CURVE public key: ") +
                       zmq_strerror(zmq_errno()));
  }
  return CurveKeyPair{pub, *secret};
}

Result<std::set<std::string>> ReadAllowFile(const fs::path& file) {
  auto text = ReadSmallFile(file);
  if (!text.ok()) return text.status();
  std::set<std::string> keys;
  std::istringstream lines(*text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    std::string entry = Trim(line);
    if (entry.empty() || entry[0] == '#') continue;
    const auto space = entry.find_first_of(" \t");
    std::string key = entry.substr(0, space);
    if (!IsZ85Key(key)) {
      return ConfigError(file.string() + ":" + std::to_string(number) +
                         ": not a 40-character Z85 public key");
    }
    keys.insert(std::move(key));
  }
  return keys;
}

Status ApplyCurveServer(zmq::socket_t& socket, const CurveKeyPair& keys,
                        const std::string& zap_domain) {
  if (!IsZ85Key(keys.public_key) || !IsZ85Key(keys.secret_key)) {
    return InvalidArgument("CURVE server: not a Z85 key pair");
  }
  try {
    socket.set(zmq::sockopt::curve_server, 1);
    socket.set(zmq::sockopt::curve_secretkey, keys.secret_key);
    socket.set(zmq::sockopt::curve_publickey, keys.public_key);
    socket.set(zmq::sockopt::zap_domain, zap_domain);
  } catch (const zmq::error_t& e) {
    return Unavailable(std::string("CURVE server: ") + e.what());
  }
  return Status::Ok();
}

Status ApplyCurveClient(zmq::socket_t& socket, const CurveKeyPair& client_keys,
                        const std::string& server_public_key) {
  if (!IsZ85Key(client_keys.public_key) || !IsZ85Key(client_keys.secret_key) ||
      !IsZ85Key(server_public_key)) {
    return InvalidArgument("CURVE client: not a Z85 key");
  }
  try {
    socket.set(zmq::sockopt::curve_serverkey, server_public_key);
    socket.set(zmq::sockopt::curve_publickey, client_keys.public_key);
    socket.set(zmq::sockopt::curve_secretkey, client_keys.secret_key);
  } catch (const zmq::error_t& e) {
    return Unavailable(std::string("CURVE client: ") + e.what());
  }
  return Status::Ok();
}

}  // namespace newswatch

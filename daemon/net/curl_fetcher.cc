#include "daemon/net/curl_fetcher.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <mutex>
#include <optional>
#include <string_view>
#include <utility>

#include "daemon/core/url.h"
#include "daemon/net/address_guard.h"
#include "daemon/net/http_headers.h"

namespace newswatch {

struct CurlFetcher::Transfer {
  FetchRequest request;
  Callback done;
  std::string host;  // politeness key; empty for file:// (no host to be polite to)
  const Clock* clock = nullptr;
  CurlEasy easy;
  CurlSlist headers;
  FetchResponse response;
  char error[CURL_ERROR_SIZE] = {};
  bool too_large = false;
  std::string refused;  // why the address guard refused a connection, if it did
};

namespace {

using std::chrono::milliseconds;

// Average speed (bytes/s) below which a transfer counts as stalled over low_speed_window.
constexpr long kLowSpeedBytesPerSecond = 64;

std::once_flag g_curl_init_once;
CURLcode g_curl_init_result = CURLE_OK;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

Status CheckProxy(const std::string& proxy) {
  if (proxy.empty()) return Status::Ok();
  std::string p = Lower(proxy);
  for (std::string_view scheme : {"http://", "https://", "socks5://", "socks5h://"}) {
    if (StartsWith(p, scheme) && p.size() > scheme.size()) return Status::Ok();
  }
  return InvalidArgument("unsupported proxy '" + proxy +
                         "' (want http://, https://, socks5:// or socks5h://)");
}

std::string AddressText(const sockaddr* addr) {
  char buf[INET6_ADDRSTRLEN] = "?";
  if (addr->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(addr)->sin_addr, buf, sizeof(buf));
  } else if (addr->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr, buf, sizeof(buf));
  }
  return buf;
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<CurlFetcher::Transfer*>(user);
  size_t len = size * count;
  // Counted after content decoding, so a small gzip bomb stops here too.
  if (t->response.body.size() + len > t->request.max_body_bytes) {
    t->too_large = true;
    return len == 0 ? 1 : 0;  // any count other than len aborts the transfer
  }
  t->response.body.append(data, len);
  return len;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<CurlFetcher::Transfer*>(user);
  size_t len = size * count;
  std::string_view line = Trim(std::string_view(data, len));
  FetchResponse& r = t->response;
  if (StartsWith(line, "HTTP/")) {
    // A new response (redirect hop, 100-continue): only the final one's hints count.
    r.etag.clear();
    r.last_modified.clear();
    r.retry_after.reset();
    r.max_age.reset();
    r.expires_unix.reset();
    r.set_cookies.clear();
    return len;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return len;
  std::string name = Lower(Trim(line.substr(0, colon)));
  std::string_view value = Trim(line.substr(colon + 1));
  if (name == "etag") {
    r.etag = std::string(value);
  } else if (name == "last-modified") {
    r.last_modified = std::string(value);
  } else if (name == "retry-after") {
    r.retry_after = ParseRetryAfter(value, ToUnixSeconds(t->clock->Now()));
  } else if (name == "cache-control") {
    if (auto max_age = ParseCacheControlMaxAge(value)) r.max_age = max_age;
  } else if (name == "expires") {
    r.expires_unix = ParseHttpDate(value);
  } else if (name == "set-cookie") {
    std::string_view pair = Trim(value.substr(0, value.find(';')));
    if (pair.find('=') != std::string_view::npos && pair.front() != '=') {
      r.set_cookies.emplace_back(pair);
    }
  }
  return len;
}

curl_socket_t OnOpenSocket(void* user, curlsocktype /*purpose*/, curl_sockaddr* address) {
  auto* t = static_cast<CurlFetcher::Transfer*>(user);
  if (!t->request.allow_private_addresses && t->request.proxy.empty() &&
      !IsPublicAddress(&address->addr)) {
    t->refused = "refusing to connect to non-public address " + AddressText(&address->addr) +
                 " for " + t->request.url + " (allow_private_addresses is off)";
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

// Runs after a connection is made or reused and before any request byte is
// sent: the one place that sees reused connections too, so a request that
// may not reach private addresses never leaves on a kept-alive private one.
int OnPrerequest(void* user, char* primary_ip, char* /*local_ip*/, int /*primary_port*/,
                 int /*local_port*/) {
  auto* t = static_cast<CurlFetcher::Transfer*>(user);
  if (!t->request.allow_private_addresses && t->request.proxy.empty() && primary_ip != nullptr &&
      primary_ip[0] != '\0' && !IsPublicAddressText(primary_ip)) {
    t->refused = "refusing to send a request for " + t->request.url + " to non-public address " +
                 primary_ip + " (allow_private_addresses is off)";
    return CURL_PREREQFUNC_ABORT;
  }
  return CURL_PREREQFUNC_OK;
}

// Sets every option for `t` on its (fresh or reset) easy handle.
Status Configure(CurlFetcher::Transfer& t) {
  CURL* e = t.easy.get();
  const FetchRequest& q = t.request;
  bool ok = true;
  auto set = [&ok](CURLcode rc) { ok = ok && rc == CURLE_OK; };
  set(curl_easy_setopt(e, CURLOPT_URL, q.url.c_str()));
  set(curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L));
  set(curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https,file"));
  set(curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"));
  set(curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, q.max_redirects > 0 ? 1L : 0L));
  set(curl_easy_setopt(e, CURLOPT_MAXREDIRS, static_cast<long>(std::max(q.max_redirects, 0))));
  set(curl_easy_setopt(e, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS)));
  set(curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L));
  set(curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, ""));
  set(curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(q.connect_timeout.count())));
  set(curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(q.total_timeout.count())));
  if (q.low_speed_window.count() > 0) {
    long secs = std::max<long>(1, static_cast<long>((q.low_speed_window.count() + 999) / 1000));
    set(curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, kLowSpeedBytesPerSecond));
    set(curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, secs));
  }
  set(curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(q.max_body_bytes)));
  set(curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, q.verify_tls ? 1L : 0L));
  set(curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, q.verify_tls ? 2L : 0L));
  set(curl_easy_setopt(e, CURLOPT_USERAGENT, q.user_agent.c_str()));
  if (!q.referer.empty()) set(curl_easy_setopt(e, CURLOPT_REFERER, q.referer.c_str()));
  if (!q.cookie.empty()) set(curl_easy_setopt(e, CURLOPT_COOKIE, q.cookie.c_str()));
  const std::string method = q.method.empty() ? (q.body.empty() ? "GET" : "POST") : q.method;
  if (method == "POST" || !q.body.empty()) {
    // COPYPOSTFIELDS: libcurl keeps its own copy, so the request may move.
    set(curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(q.body.size())));
    set(curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, q.body.c_str()));
  }
  if (method != "GET" && method != "POST") {
    if (method.find_first_of(" \r\n") != std::string::npos) {
      return InvalidArgument("invalid request method '" + method + "' for " + q.url);
    }
    set(curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method.c_str()));
  }
  // An explicit "" disables proxies from the environment: behaviour follows the config only.
  set(curl_easy_setopt(e, CURLOPT_PROXY, q.proxy.c_str()));
  set(curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.error));
  set(curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &OnBody));
  set(curl_easy_setopt(e, CURLOPT_WRITEDATA, &t));
  set(curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &OnHeader));
  set(curl_easy_setopt(e, CURLOPT_HEADERDATA, &t));
  set(curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &OnOpenSocket));
  set(curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, &t));
  set(curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, &OnPrerequest));
  set(curl_easy_setopt(e, CURLOPT_PREREQDATA, &t));
  if (!ok) return InternalError("libcurl rejected an option for " + q.url);

  auto add = [&](const std::string& line) {
    // Header lines with CR/LF would smuggle extra headers; refuse them.
    if (line.find_first_of("\r\n") != std::string::npos) return false;
    return t.headers.Append(line.c_str());
  };
  bool headers_ok = true;
  if (!q.etag.empty()) headers_ok &= add("If-None-Match: " + q.etag);
  if (!q.last_modified.empty()) headers_ok &= add("If-Modified-Since: " + q.last_modified);
  for (const auto& [name, value] : q.headers) headers_ok &= add(name + ": " + value);
  // No "Expect: 100-continue" round trip before a larger body: many servers mishandle it.
  if (!q.body.empty()) headers_ok &= add("Expect:");
  if (!headers_ok) return InvalidArgument("invalid request header for " + q.url);
  if (t.headers.get() != nullptr) {
    if (curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers.get()) != CURLE_OK) {
      return InternalError("libcurl rejected the header list for " + q.url);
    }
  }
  return Status::Ok();
}

Status StatusFor(const CurlFetcher::Transfer& t, CURLcode rc) {
  const std::string& url = t.request.url;
  std::string detail = t.error[0] != '\0' ? std::string(t.error) : curl_easy_strerror(rc);
  if (t.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
    return TooLarge(url + ": body exceeds " + std::to_string(t.request.max_body_bytes) + " bytes");
  }
  if (!t.refused.empty()) return Refused(t.refused);
  switch (rc) {
    case CURLE_OK:
      return Status::Ok();
    case CURLE_OPERATION_TIMEDOUT:
      return TimeoutError(url + ": " + detail);
    case CURLE_TOO_MANY_REDIRECTS:
      return NetworkError(url + ": too many redirects (a loop?): " + detail);
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return InvalidArgument(url + ": " + detail);
    case CURLE_FILE_COULDNT_READ_FILE:
      return NotFound(url + ": " + detail);
    case CURLE_PARTIAL_FILE:
      return NetworkError(url + ": truncated body: " + detail);
    default:
      return NetworkError(url + ": " + detail);
  }
}

// Fills the timing, size and final-URL fields of a finished transfer.
void ReadInfo(CurlFetcher::Transfer& t, CURLcode rc) {
  CURL* e = t.easy.get();
  FetchResponse& r = t.response;
  long code = 0;
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
  r.http_status = code;
  char* url = nullptr;
  if (curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK && url != nullptr) {
    r.final_url = url;
  } else {
    r.final_url = t.request.url;
  }
  char* type = nullptr;
  if (curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type != nullptr) {
    r.content_type = type;
  }
  curl_off_t v = 0;
  if (curl_easy_getinfo(e, CURLINFO_TOTAL_TIME_T, &v) == CURLE_OK)
    r.total_time = std::chrono::microseconds(v);
  if (curl_easy_getinfo(e, CURLINFO_CONNECT_TIME_T, &v) == CURLE_OK)
    r.connect_time = std::chrono::microseconds(v);
  if (curl_easy_getinfo(e, CURLINFO_STARTTRANSFER_TIME_T, &v) == CURLE_OK)
    r.first_byte_time = std::chrono::microseconds(v);
  curl_off_t body = 0;
  long header = 0;
  curl_easy_getinfo(e, CURLINFO_SIZE_DOWNLOAD_T, &body);
  curl_easy_getinfo(e, CURLINFO_HEADER_SIZE, &header);
  r.bytes_received = static_cast<uint64_t>(std::max<curl_off_t>(body, 0) + std::max(header, 0L));
  long redirects = 0;
  curl_easy_getinfo(e, CURLINFO_REDIRECT_COUNT, &redirects);
  r.redirects = static_cast<int>(redirects);

  r.status = StatusFor(t, rc);
  if (r.status.ok() && StartsWith(Lower(r.final_url), "file:")) r.http_status = 200;
  // Last backstop (OnPrerequest already refuses reused private connections).
  if (r.status.ok() && !t.request.allow_private_addresses && t.request.proxy.empty()) {
    char* ip = nullptr;
    if (curl_easy_getinfo(e, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip != nullptr &&
        ip[0] != '\0' && !IsPublicAddressText(ip)) {
      r.status = Refused("response for " + t.request.url + " came from non-public address " + ip +
                         " (allow_private_addresses is off)");
      r.body.clear();
    }
  }
}

}  // namespace

Result<std::unique_ptr<CurlFetcher>> CurlFetcher::Create(FetcherOptions options,
                                                         const Clock& clock) {
  if (options.max_connections == 0 || options.per_host_concurrency == 0) {
    return InvalidArgument("fetcher limits must be at least 1");
  }
  if (options.per_host_min_gap.count() < 0) {
    return InvalidArgument("per_host_min_gap must not be negative");
  }
  std::call_once(g_curl_init_once,
                 [] { g_curl_init_result = curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (g_curl_init_result != CURLE_OK) return InternalError("curl_global_init failed");
  CurlMulti multi(curl_multi_init());
  if (!multi) return InternalError("curl_multi_init failed");
  curl_multi_setopt(multi.get(), CURLMOPT_MAXCONNECTS, static_cast<long>(options.max_connections));
  curl_multi_setopt(multi.get(), CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  return std::unique_ptr<CurlFetcher>(new CurlFetcher(options, clock, std::move(multi)));
}

CurlFetcher::CurlFetcher(FetcherOptions options, const Clock& clock, CurlMulti multi)
    : options_(options), clock_(clock), multi_(std::move(multi)) {}

CurlFetcher::~CurlFetcher() {
  for (auto& [easy, transfer] : active_) curl_multi_remove_handle(multi_.get(), easy);
  active_.clear();
  idle_handles_.clear();
}

void CurlFetcher::Submit(FetchRequest request, Callback done) {
  auto t = std::make_unique<Transfer>();
  t->host = UrlHost(request.url);
  t->request = std::move(request);
  t->done = std::move(done);
  t->clock = &clock_;
  queue_.push_back(std::move(t));
}

std::chrono::milliseconds CurlFetcher::StartReady() {
  auto now = clock_.Steady();
  auto wait = milliseconds::max();
  for (auto it = queue_.begin(); it != queue_.end() && active_.size() < options_.max_connections;) {
    Transfer& t = **it;
    if (!t.host.empty()) {
      HostState& h = hosts_[t.host];
      if (h.in_flight >= options_.per_host_concurrency) {
        ++it;
        continue;
      }
      auto since = now - h.last_start;
      if (h.started_once && since < options_.per_host_min_gap) {
        auto left = std::chrono::ceil<milliseconds>(options_.per_host_min_gap - since);
        wait = std::min(wait, left);
        ++it;
        continue;
      }
      ++h.in_flight;
      h.last_start = now;
      h.started_once = true;
    }
    std::unique_ptr<Transfer> transfer = std::move(*it);
    it = queue_.erase(it);
    Start(std::move(transfer));
  }
  return wait;
}

void CurlFetcher::Start(std::unique_ptr<Transfer> t) {
  if (!idle_handles_.empty()) {
    t->easy = std::move(idle_handles_.back());
    idle_handles_.pop_back();
    curl_easy_reset(t->easy.get());
  } else {
    t->easy.reset(curl_easy_init());
  }
  Status status = t->easy ? CheckProxy(t->request.proxy) : InternalError("curl_easy_init failed");
  if (status.ok()) status = Configure(*t);
  if (status.ok() && curl_multi_add_handle(multi_.get(), t->easy.get()) != CURLM_OK) {
    status = InternalError("curl_multi_add_handle failed for " + t->request.url);
  }
  CURL* key = t->easy.get();
  if (!status.ok()) {
    // Finished before it began; delivered with the next batch of finished transfers.
    t->response.status = status;
    t->response.final_url = t->request.url;
    failed_.push_back(std::move(t));
    return;
  }
  active_.emplace(key, std::move(t));
}

std::vector<std::unique_ptr<CurlFetcher::Transfer>> CurlFetcher::CollectFinished() {
  std::vector<std::unique_ptr<Transfer>> done;
  for (auto& t : failed_) done.push_back(std::move(t));
  failed_.clear();
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_.get(), &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL* easy = msg->easy_handle;
    CURLcode rc = msg->data.result;
    auto it = active_.find(easy);
    if (it == active_.end()) continue;
    std::unique_ptr<Transfer> t = std::move(it->second);
    active_.erase(it);
    curl_multi_remove_handle(multi_.get(), easy);
    ReadInfo(*t, rc);
    done.push_back(std::move(t));
  }
  for (auto& t : done) {
    if (!t->host.empty()) {
      auto h = hosts_.find(t->host);
      if (h != hosts_.end() && h->second.in_flight > 0) --h->second.in_flight;
    }
    if (t->easy && idle_handles_.size() < options_.max_connections) {
      idle_handles_.push_back(std::move(t->easy));
    }
    t->easy.reset();
  }
  return done;
}

void CurlFetcher::RunOnce(std::chrono::milliseconds max_wait) {
  milliseconds gap_wait = StartReady();
  int running = 0;
  curl_multi_perform(multi_.get(), &running);
  std::vector<std::unique_ptr<Transfer>> done = CollectFinished();
  if (done.empty()) {
    milliseconds wait = std::max(milliseconds(0), std::min(max_wait, gap_wait));
    curl_multi_poll(multi_.get(), nullptr, 0,
                    static_cast<int>(std::min<int64_t>(wait.count(), 1 << 30)), nullptr);
    curl_multi_perform(multi_.get(), &running);
    done = CollectFinished();
  }
  for (auto& t : done) {
    Callback callback = std::move(t->done);
    FetchResponse response = std::move(t->response);
    t.reset();
    if (callback) callback(std::move(response));
  }
  // Slots freed above go to queued transfers now; their bytes move in the next RunOnce.
  StartReady();
}

void CurlFetcher::Wakeup() { curl_multi_wakeup(multi_.get()); }

FetchResponse FetchBlocking(const FetchRequest& request) {
  auto fetcher = CurlFetcher::Create(FetcherOptions{}, SystemClock::Instance());
  if (!fetcher.ok()) {
    FetchResponse failed;
    failed.status = fetcher.status();
    failed.final_url = request.url;
    return failed;
  }
  std::optional<FetchResponse> result;
  (*fetcher)->Submit(request, [&result](FetchResponse r) { result = std::move(r); });
  while (!result) (*fetcher)->RunOnce(milliseconds(1000));
  return std::move(*result);
}

}  // namespace newswatch

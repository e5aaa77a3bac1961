#include "alert/receivers/http_post.h"

#include <utility>

#include <nlohmann/json.hpp>

namespace newswatch::alert {
namespace {

constexpr size_t kMaxReplyBytes = 64 * 1024;

size_t Collect(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  size_t bytes = size * n;
  if (out->size() < kMaxReplyBytes) out->append(data, std::min(bytes, kMaxReplyBytes - out->size()));
  return bytes;
}

// Owns a curl_slist.
class HeaderList {
 public:
  HeaderList() = default;
  ~HeaderList() { curl_slist_free_all(list_); }
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;
  void Add(const std::string& line) { list_ = curl_slist_append(list_, line.c_str()); }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

}  // namespace

HttpPoster::HttpPoster() : curl_(curl_easy_init()) {}
HttpPoster::~HttpPoster() {
  if (curl_) curl_easy_cleanup(curl_);
}
HttpPoster::HttpPoster(HttpPoster&& other) noexcept : curl_(std::exchange(other.curl_, nullptr)) {}
HttpPoster& HttpPoster::operator=(HttpPoster&& other) noexcept {
  if (this != &other) {
    if (curl_) curl_easy_cleanup(curl_);
    curl_ = std::exchange(other.curl_, nullptr);
  }
  return *this;
}

Result<HttpReply> HttpPoster::Post(const std::string& url, const std::string& body,
                                   const std::map<std::string, std::string>& headers,
                                   std::chrono::seconds timeout) {
  if (!curl_) return InternalError("curl_easy_init failed");
  curl_easy_reset(curl_);
  HeaderList list;
  bool has_type = false;
  for (const auto& [name, value] : headers) {
    if (name.find_first_of("\r\n:") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos) {
      return InvalidArgument("header " + name + " contains a line break or colon");
    }
    if (name == "Content-Type" || name == "content-type") has_type = true;
    list.Add(name + ": " + value);
  }
  if (!has_type) list.Add("Content-Type: application/json; charset=utf-8");
  list.Add("Expect:");  // no 100-continue round trip
  HttpReply reply;
  curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl_, CURLOPT_POST, 1L);
  curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, list.get());
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &Collect);
  curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count() * 1000));
  curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(timeout.count() * 1000));
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl_, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl_, CURLOPT_USERAGENT, "newswatch-alert/0.1");
  CURLcode rc = curl_easy_perform(curl_);
  if (rc == CURLE_OPERATION_TIMEDOUT) return TimeoutError(curl_easy_strerror(rc));
  if (rc != CURLE_OK) return NetworkError(std::string("POST failed: ") + curl_easy_strerror(rc));
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &reply.status);
  return reply;
}

Status StatusForHttp(const HttpReply& reply, const std::string& receiver) {
  if (reply.status >= 200 && reply.status < 300) return Status::Ok();
  std::string m = receiver + ": HTTP " + std::to_string(reply.status) + " " +
                  reply.body.substr(0, 200);
  if (reply.status == 408 || reply.status == 429 || reply.status >= 500) return Unavailable(m);
  return Refused(m);
}

Status CheckChatReply(const HttpReply& reply, const std::string& receiver,
                      const ChatReplyFormat& format) {
  NW_RETURN_IF_ERROR(StatusForHttp(reply, receiver));
  const auto j = nlohmann::json::parse(reply.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Unavailable(receiver + ": unexpected reply");
  const nlohmann::json* code_field = nullptr;
  std::string code_name;
  for (const std::string& name : format.code_fields) {
    if (j.contains(name) && j[name].is_number_integer()) {
      code_field = &j[name];
      code_name = name;
      break;
    }
  }
  if (code_field == nullptr) return Unavailable(receiver + ": unexpected reply");
  const int code = code_field->get<int>();
  if (code == 0) return Status::Ok();
  std::string message;
  if (j.contains(format.message_field) && j[format.message_field].is_string()) {
    message = j[format.message_field].get<std::string>();
  }
  const std::string m = receiver + ": " + code_name + " " + std::to_string(code) + " " + message;
  for (int retry : format.retry_codes) {
    if (code == retry) return Unavailable(m);
  }
  return Refused(m);
}

}  // namespace newswatch::alert

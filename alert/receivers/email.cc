// E-mail over SMTP (libcurl): STARTTLS (default), implicit TLS (smtps://) or,
// for loopback relays only, none. The message is multipart/alternative with a
// UTF-8 plain-text part and an HTML part, both base64; the subject is an RFC
// 2047 encoded-word. Message-ID carries the delivery id.
#include "alert/receivers/email.h"

#include <curl/curl.h>

#include <chrono>
#include <cstring>
#include <ctime>
#include <utility>

#include "alert/message_format.h"
#include "alert/receivers/signing.h"

namespace newswatch::alert {
namespace {

// Base64 wrapped at 76 characters per line (RFC 2045).
std::string Base64Lines(std::string_view data) {
  std::string b64 = Base64Encode(data);
  std::string out;
  for (size_t i = 0; i < b64.size(); i += 76) out += b64.substr(i, 76) + "\r\n";
  return out;
}

// RFC 2047 encoded words of at most ~45 raw bytes each, split on characters.
std::string EncodeHeader(std::string_view text) {
  bool ascii = true;
  for (char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80 && c != '\r' && c != '\n';
  if (ascii && text.size() < 900) return std::string(text);
  std::string out;
  while (!text.empty()) {
    std::string chunk = TruncateUtf8(text, 45);
    if (chunk.empty()) chunk = std::string(text.substr(0, 1));
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64Encode(chunk) + "?=";
    text.remove_prefix(chunk.size());
  }
  return out;
}

struct ReadState {
  const std::string* data;
  size_t offset = 0;
};

size_t ReadChunk(char* buffer, size_t size, size_t n, void* user) {
  auto* s = static_cast<ReadState*>(user);
  size_t len = std::min(size * n, s->data->size() - s->offset);
  std::memcpy(buffer, s->data->data() + s->offset, len);
  s->offset += len;
  return len;
}

class CurlHandle {
 public:
  CurlHandle() : h_(curl_easy_init()) {}
  ~CurlHandle() {
    if (h_) curl_easy_cleanup(h_);
  }
  CurlHandle(CurlHandle&& o) noexcept : h_(std::exchange(o.h_, nullptr)) {}
  CurlHandle& operator=(CurlHandle&&) = delete;
  CurlHandle(const CurlHandle&) = delete;
  CurlHandle& operator=(const CurlHandle&) = delete;
  CURL* get() const { return h_; }

 private:
  CURL* h_;
};

class SlistOwner {
 public:
  SlistOwner() = default;
  ~SlistOwner() { curl_slist_free_all(l_); }
  SlistOwner(const SlistOwner&) = delete;
  SlistOwner& operator=(const SlistOwner&) = delete;
  void Add(const std::string& s) { l_ = curl_slist_append(l_, s.c_str()); }
  curl_slist* get() const { return l_; }

 private:
  curl_slist* l_ = nullptr;
};

std::string AngleAddress(const std::string& a) {
  return a.find('<') == std::string::npos ? "<" + a + ">" : a.substr(a.find('<'));
}

class EmailReceiver final : public Receiver {
 public:
  explicit EmailReceiver(const ReceiverSpec& spec)
      : name_(spec.name),
        url_(spec.Get("url")),
        from_(spec.Get("from")),
        to_(spec.lists.at("to")),
        username_(spec.Get("username")),
        password_(spec.Get("password")),
        tls_(spec.Get("tls")),
        ca_file_(spec.Get("ca_file")),
        timeout_(spec.GetInt("timeout_seconds", 30)) {}

  Result<std::string> Render(const Notification& n) const override {
    const std::string boundary = "=_newswatch_" + n.dedup_key.substr(0, 24);
    std::string to;
    for (const std::string& t : to_) to += (to.empty() ? "" : ", ") + t;
    std::string m;
    m += "From: " + from_ + "\r\n";
    m += "To: " + to + "\r\n";
    m += "Subject: " + EncodeHeader(NotificationTitle(n)) + "\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n";
    m += "\r\n";
    m += "--" + boundary + "\r\n";
    m += "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    m += Base64Lines(RenderText(n, TextDialect::kPlain, 1 << 20));
    m += "--" + boundary + "\r\n";
    m += "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
    m += Base64Lines(RenderHtml(n));
    m += "--" + boundary + "--\r\n";
    return m;
  }

  Status Deliver(const std::string& payload, const std::string& delivery_id) override {
    char date[64];
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    const std::string message = std::string("Date: ") + date + "\r\nMessage-ID: <" + delivery_id +
                                "@newswatch-alert>\r\n" + payload;
    CurlHandle curl;
    if (!curl.get()) return InternalError("curl_easy_init failed");
    SlistOwner rcpt;
    for (const std::string& t : to_) rcpt.Add(AngleAddress(t));
    ReadState state{&message};
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, AngleAddress(from_).c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, &ReadChunk);
    curl_easy_setopt(c, CURLOPT_READDATA, &state);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ * 1000));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    if (tls_ == "starttls") curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
    if (!ca_file_.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, ca_file_.c_str());
    if (!username_.empty()) {
      curl_easy_setopt(c, CURLOPT_USERNAME, username_.c_str());
      curl_easy_setopt(c, CURLOPT_PASSWORD, password_.c_str());
    }
    CURLcode rc = curl_easy_perform(c);
    if (rc == CURLE_OK) return Status::Ok();
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    std::string m = name_ + ": SMTP " + std::to_string(code) + " " + curl_easy_strerror(rc);
    // 5xx replies (bad recipient, refused sender) will not succeed on retry.
    if (code >= 500 && code < 600) return Refused(m);
    return Unavailable(m);
  }

 private:
  std::string name_, url_, from_;
  std::vector<std::string> to_;
  std::string username_, password_, tls_, ca_file_;
  int64_t timeout_;
};

}  // namespace

ReceiverKind EmailReceiverKind() {
  return {"email",
          "e-mail over SMTP: text + HTML, UTF-8",
          {{"url", OptionType::kString, true, "", "smtp://host:587 (STARTTLS) or smtps://host:465"},
           {"from", OptionType::kString, true, "", "sender address"},
           {"to", OptionType::kStringList, true, "", "recipient addresses"},
           {"username", OptionType::kString, false, "", "SMTP login"},
           {"password", OptionType::kSecret, false, "", "SMTP password (password_file / _env)"},
           {"tls", OptionType::kString, false, "starttls",
            "starttls (required), implicit (smtps:// URL) or none (loopback relays only)"},
           {"ca_file", OptionType::kString, false, "", "CA bundle for the server certificate"}},
          [](const ReceiverSpec& spec) -> Result<std::unique_ptr<Receiver>> {
            const std::string url = spec.Get("url");
            const std::string tls = spec.Get("tls");
            if (url.rfind("smtp://", 0) != 0 && url.rfind("smtps://", 0) != 0) {
              return ConfigError("url must be smtp:// or smtps://");
            }
            if (tls != "starttls" && tls != "implicit" && tls != "none") {
              return ConfigError("tls must be starttls, implicit or none");
            }
            if (tls == "implicit" && url.rfind("smtps://", 0) != 0) {
              return ConfigError("tls: implicit needs an smtps:// URL");
            }
            if (spec.lists.at("to").empty()) return ConfigError("to must list a recipient");
            return std::unique_ptr<Receiver>(new EmailReceiver(spec));
          }};
}

}  // namespace newswatch::alert

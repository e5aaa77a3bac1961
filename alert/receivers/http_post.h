// HTTP POST over libcurl for the chat and webhook receivers, with a move-only
// owner for the CURL easy handle and the header list.
// Thread-safety: an HttpPoster is used by one thread at a time.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "daemon/core/result.h"

namespace newswatch::alert {

struct HttpReply {
  long status = 0;
  std::string body;
};

class HttpPoster {
 public:
  HttpPoster();
  ~HttpPoster();
  HttpPoster(HttpPoster&& other) noexcept;
  HttpPoster& operator=(HttpPoster&& other) noexcept;
  HttpPoster(const HttpPoster&) = delete;
  HttpPoster& operator=(const HttpPoster&) = delete;

  // POSTs `body` to `url` with `headers` (name -> value). Returns the reply
  // for any HTTP status; fails with kNetwork / kTimeout when no reply came.
  // The reply body is capped at 64 KiB.
  Result<HttpReply> Post(const std::string& url, const std::string& body,
                         const std::map<std::string, std::string>& headers,
                         std::chrono::seconds timeout);

 private:
  CURL* curl_ = nullptr;
};

// Maps an HTTP reply to a delivery status: 2xx OK; 408, 429 and 5xx retryable
// (kUnavailable); other statuses permanent (kRefused).
Status StatusForHttp(const HttpReply& reply, const std::string& receiver);

// How a chat bot platform's JSON reply reports the outcome (WeCom and DingTalk:
// {"errcode", "errmsg"}; Feishu: {"code" or "StatusCode", "msg"}).
struct ChatReplyFormat {
  std::vector<std::string> code_fields;  // the first present numeric field is the code
  std::string message_field;
  std::vector<int> retry_codes;          // "busy" or rate-limited: try again later
};

// Judges a chat bot's reply: the HTTP status first (StatusForHttp), then the
// platform's code: 0 is OK; a retry code or an unreadable reply is
// kUnavailable (retried with backoff); any other code is kRefused (the
// message is malformed or the bot is misconfigured; retrying cannot help).
Status CheckChatReply(const HttpReply& reply, const std::string& receiver,
                      const ChatReplyFormat& format);

}  // namespace newswatch::alert

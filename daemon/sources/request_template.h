// RequestTemplate: the request a list or search source sends for one page (and one search
// keyword): the URL and the body with `{page}` and `{keyword}` filled in, the method, and a
// Content-Type matching the body. Built once from a source's options at start-up.
// Thread-safety: an immutable value after construction.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config/options.h"
#include "daemon/net/fetch.h"

namespace newswatch {

// The options describing the request itself (method, body, body_type), for WithHttpOptions.
std::vector<OptionSpec> RequestOptions();

enum class BodyType { kJson, kForm, kRaw };

class RequestTemplate {
 public:
  RequestTemplate() = default;
  // `base` carries the source's HTTP options (headers, timeouts, ...); `url` may hold {page}
  // and {keyword}; the body and method come from the source's options.
  RequestTemplate(FetchRequest base, std::string url, const OptionValues& options);

  // The request for page number `page` (the number sent, e.g. 1 for the first page) and
  // `keyword` (empty when the source has none). {keyword} is percent-encoded in the URL and
  // in a form body, JSON-escaped in a JSON body.
  FetchRequest For(int64_t page, std::string_view keyword = {}) const;

  bool has_page() const { return has_page_; }        // {page} in the URL or the body
  bool has_keyword() const { return has_keyword_; }  // {keyword} in the URL or the body
  const std::string& url() const { return url_; }

 private:
  FetchRequest base_;
  std::string url_, body_;
  BodyType body_type_ = BodyType::kForm;
  bool has_page_ = false, has_keyword_ = false;
};

// Checks method/body/body_type of a source; "" when fine, else the reason.
std::string CheckRequestOptions(const OptionValues& options);

// `text` with every `name` ("{page}") replaced by `value`.
std::string ReplaceAll(std::string text, std::string_view name, std::string_view value);
// RFC 3986 percent-encoding of everything but unreserved characters (UTF-8 bytes as %XX).
std::string PercentEncode(std::string_view text);

}  // namespace newswatch

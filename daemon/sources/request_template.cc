#include "daemon/sources/request_template.h"

#include <cctype>
#include <nlohmann/json.hpp>

namespace newswatch {
namespace {

// `text` as the inside of a JSON string (quotes and control characters escaped).
std::string JsonEscape(std::string_view text) {
  const std::string quoted = nlohmann::json(std::string(text)).dump();
  return quoted.substr(1, quoted.size() - 2);
}

BodyType BodyTypeOf(const std::string& configured, const std::string& body) {
  if (configured == "json") return BodyType::kJson;
  if (configured == "form") return BodyType::kForm;
  if (configured == "raw") return BodyType::kRaw;
  const size_t first = body.find_first_not_of(" \t\r\n");
  return first != std::string::npos && (body[first] == '{' || body[first] == '[') ? BodyType::kJson
                                                                                  : BodyType::kForm;
}

}  // namespace

std::vector<OptionSpec> RequestOptions() {
  return {
      {"method", OptionType::kString, "GET",
       "HTTP method of the list request: GET or POST (POST for search and list APIs that take "
       "a body)."},
      {"body", OptionType::kString, "",
       "Request body (implies POST); {page} and {keyword} are filled in, e.g. "
       "{\"channelList\":[\"1899\"],\"pageNo\":{page}} or p={page}&q={keyword}."},
      {"body_type", OptionType::kString, "auto",
       "json, form or raw: sets Content-Type (application/json or "
       "application/x-www-form-urlencoded) and how {keyword} is escaped; auto: json when the "
       "body starts with { or [, else form."},
  };
}

std::string CheckRequestOptions(const OptionValues& options) {
  const std::string method = options.String("method");
  if (method != "GET" && method != "POST") return "method must be GET or POST";
  if (method == "GET" && !options.Where("method").empty() && !options.String("body").empty()) {
    return "a body needs method: POST (or leave method out)";
  }
  const std::string type = options.String("body_type");
  if (type != "auto" && type != "json" && type != "form" && type != "raw") {
    return "body_type must be auto, json, form or raw";
  }
  return {};
}

std::string ReplaceAll(std::string text, std::string_view name, std::string_view value) {
  for (size_t at = 0; (at = text.find(name, at)) != std::string::npos; at += value.size()) {
    text.replace(at, name.size(), value);
  }
  return text;
}

std::string PercentEncode(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

RequestTemplate::RequestTemplate(FetchRequest base, std::string url, const OptionValues& options)
    : base_(std::move(base)), url_(std::move(url)), body_(options.String("body")) {
  body_type_ = BodyTypeOf(options.String("body_type"), body_);
  base_.method = body_.empty() ? options.String("method") : "POST";
  if (!body_.empty() && body_type_ != BodyType::kRaw) {
    bool has_type = false;
    for (const auto& [name, value] : base_.headers) {
      std::string lower = name;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      has_type = has_type || lower == "content-type";
    }
    if (!has_type) {
      base_.headers.emplace_back("Content-Type", body_type_ == BodyType::kJson
                                                     ? "application/json; charset=utf-8"
                                                     : "application/x-www-form-urlencoded");
    }
  }
  for (const std::string* s : {&url_, &body_}) {
    has_page_ = has_page_ || s->find("{page}") != std::string::npos;
    has_keyword_ = has_keyword_ || s->find("{keyword}") != std::string::npos;
  }
}

FetchRequest RequestTemplate::For(int64_t page, std::string_view keyword) const {
  FetchRequest r = base_;
  const std::string number = std::to_string(page);
  r.url = ReplaceAll(ReplaceAll(url_, "{page}", number), "{keyword}", PercentEncode(keyword));
  if (!body_.empty()) {
    const std::string escaped =
        body_type_ == BodyType::kJson ? JsonEscape(keyword) : PercentEncode(keyword);
    r.body = ReplaceAll(ReplaceAll(body_, "{page}", number), "{keyword}", escaped);
  }
  return r;
}

}  // namespace newswatch

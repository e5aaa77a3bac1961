#include "daemon/sources/json_source.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "daemon/core/url.h"
#include "daemon/sources/auth_step.h"
#include "daemon/sources/full_text.h"
#include "daemon/sources/http_options.h"
#include "daemon/sources/json_path.h"
#include "daemon/sources/request_template.h"
#include "daemon/sources/source_dates.h"
#include "daemon/text/charset.h"
#include "daemon/text/dates.h"
#include "daemon/text/html_text.h"

namespace newswatch {
namespace {

using nlohmann::json;

struct JsonFields {
  JsonPath items, title, url, time, summary, body, author;
};

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// A scalar as text: strings as they are, numbers as written, anything else "".
std::string ScalarText(const json* v) {
  if (v == nullptr) return {};
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number_integer() || v->is_number_unsigned() || v->is_number_float()) return v->dump();
  return {};
}

std::string CollapseSpaces(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Epoch seconds or milliseconds (a number or a numeric string), or a date string in any form
// ParseSourceDate reads.
std::optional<Timestamp> ItemTime(const json* v, int32_t offset_minutes) {
  if (v == nullptr) return std::nullopt;
  if (v->is_number()) return EpochTime(v->get<double>(), offset_minutes);
  if (!v->is_string()) return std::nullopt;
  const std::string text(TrimView(v->get_ref<const std::string&>()));
  // Epoch digits, maybe with a fraction ("1712710800.5"); "2024.04.10" is a date.
  const size_t integer = text.find('.') == std::string::npos ? text.size() : text.find('.');
  if (integer >= 9 && text.find_first_not_of("0123456789.") == std::string::npos &&
      text.find('.', integer + 1) == std::string::npos) {
    return EpochTime(std::strtod(text.c_str(), nullptr), offset_minutes);
  }
  return ParseSourceDate(text, offset_minutes);
}

// Sets (or adds) the query parameter `name` of `url` to `value`.
std::string WithQueryParam(const std::string& url, const std::string& name,
                           const std::string& value) {
  const size_t hash = url.find('#');
  std::string base = url.substr(0, hash);
  const std::string fragment = hash == std::string::npos ? "" : url.substr(hash);
  const size_t query = base.find('?');
  if (query != std::string::npos) {
    size_t at = query + 1;
    while (at <= base.size()) {
      size_t end = base.find('&', at);
      if (end == std::string::npos) end = base.size();
      const std::string_view pair(base.data() + at, end - at);
      if (pair.substr(0, pair.find('=')) == name) {
        base.replace(at, end - at, name + "=" + value);
        return base + fragment;
      }
      at = end + 1;
    }
  }
  base +=
      (query == std::string::npos ? "?" : (base.back() == '?' || base.back() == '&' ? "" : "&"));
  return base + name + "=" + value + fragment;
}

// Tags of list requests: keyword index * kPageSpan + page index (pages are at most 100).
constexpr uint64_t kPageSpan = 1024;

class JsonSource final : public Source {
 public:
  JsonSource(const SourceConfig& config, const SourceEnvironment& env, const HttpSecrets& secrets,
             JsonFields fields, BodySelector body)
      : Source(config.id, config.type),
        url_(LocationToUrl(config.options.String("url"), env)),
        request_(MakeFetchRequest(config.options, env, url_, secrets)),
        template_(request_, url_, config.options),
        fields_(std::move(fields)),
        offset_minutes_(static_cast<int32_t>(config.options.Int("time_offset"))),
        page_param_(config.options.String("page_param")),
        first_page_(config.options.Int("first_page")),
        pages_(config.options.Int("pages")),
        keywords_(config.options.List("keywords")),
        missing_items_ok_(config.options.Bool("missing_items_ok")),
        full_text_enabled_(config.options.Bool("full_text")),
        full_text_(FullTextSettingsFor(config.options, /*list_page=*/false), request_) {
    full_text_.set_body_selector(std::move(body));
    if (keywords_.empty()) keywords_.push_back("");
  }

  PollStep StartPoll(const PollContext& context) override {
    full_text_.BeginPoll();
    PollStep step = ConditionalFetch(Request(0, 0), context);
    // A search source asks for its first page once per keyword; only the first is conditional.
    for (size_t k = 1; k < keywords_.size(); ++k) {
      step.fetches.push_back(SourceFetch{Request(k, 0), k * kPageSpan});
    }
    return step;
  }

  PollStep OnFetched(uint64_t tag, const FetchResponse& response) override {
    PollStep step;
    if (full_text_.OnFetched(tag, response, step)) return step;
    const size_t keyword = static_cast<size_t>(tag / kPageSpan);
    const int64_t page = static_cast<int64_t>(tag % kPageSpan);
    const FetchRequest sent = Request(keyword, page);
    const std::string where = "source '" + id() + "': " + sent.url +
                              (keywords_[keyword].empty() ? "" : " (" + keywords_[keyword] + ")");
    if (!response.status.ok()) {
      step.error = response.status.WithContext(where);
      return step;
    }
    if (tag == 0) {
      TakeServerHints(response, step);
      if (step.not_modified) return step;
    }
    if (response.http_status >= 400) {
      step.error = HttpError(where + ": HTTP " + std::to_string(response.http_status));
      return step;
    }
    const DecodedText text = DecodeToUtf8(
        response.body, CharsetFromContentType(response.content_type), MarkupKind::kText);
    std::optional<json> document = ParseJsonOrJsonp(text.utf8);
    if (!document) {
      step.error = ParseError(where + ": response is not JSON (or JSONP)");
      return step;
    }
    std::vector<const json*> lists = fields_.items.FindAll(*document);
    std::erase_if(lists, [](const json* l) { return l->is_null(); });
    if (lists.empty() && !missing_items_ok_) {
      step.error =
          ParseError(where + ": item_path '" + fields_.items.text() + "' is not in the response");
      return step;
    }
    for (const json* l : lists) {
      if (!l->is_array()) {
        step.error = ParseError(where + ": item_path '" + fields_.items.text() + "' is not a list");
        return step;
      }
    }
    if (tag == 0) {
      step.etag = response.etag;
      step.last_modified = response.last_modified;
    }
    const std::string base = response.final_url.empty() ? sent.url : response.final_url;
    std::vector<Article> drafts;
    size_t count = 0;
    for (const json* list : lists) {
      for (const json& item : *list) {
        ++count;
        ReadItem(item, base, where, step, drafts);
      }
    }
    full_text_.Route(std::move(drafts), full_text_enabled_, step);
    // The next page, while pages remain and this one was not empty.
    if (paged() && page + 1 < pages_ && count > 0) {
      step.fetches.push_back(SourceFetch{Request(keyword, page + 1), tag + 1});
    }
    return step;
  }

 private:
  void ReadItem(const json& item, const std::string& base, const std::string& where, PollStep& step,
                std::vector<Article>& drafts) const {
    ++step.items_seen;
    Article a;
    a.source_id = id();
    a.title = CollapseSpaces(HtmlToText(ScalarText(fields_.title.Find(item))));
    const std::string link(TrimView(ScalarText(fields_.url.Find(item))));
    if (a.title.empty()) ++step.items_without_title;
    if (!fields_.time.empty()) a.published = ItemTime(fields_.time.Find(item), offset_minutes_);
    if (!a.published) ++step.items_without_date;
    if (link.empty()) {
      step.item_errors.push_back(where + ": item without '" + fields_.url.text() + "'" +
                                 (a.title.empty() ? "" : " (" + a.title + ")"));
      return;
    }
    auto resolved = ResolveUrl(base, link);
    if (!resolved.ok()) {
      step.item_errors.push_back(where + ": bad item URL '" + link + "'");
      return;
    }
    a.url = std::move(resolved).value();
    if (!fields_.summary.empty()) a.summary = HtmlToText(ScalarText(fields_.summary.Find(item)));
    if (!fields_.author.empty()) a.author = CollapseSpaces(ScalarText(fields_.author.Find(item)));
    if (!fields_.body.empty()) {
      std::string body = ScalarText(fields_.body.Find(item));
      if (LooksLikeHtml(body))
        a.body_html = std::move(body);
      else
        a.body_text = std::move(body);
    }
    drafts.push_back(std::move(a));
  }

  bool paged() const { return !page_param_.empty() || template_.has_page(); }

  // The request for keyword `keyword` and page index `page` (0 = the first page).
  FetchRequest Request(size_t keyword, int64_t page) const {
    FetchRequest r = template_.For(first_page_ + page, keywords_[keyword]);
    if (!page_param_.empty())
      r.url = WithQueryParam(r.url, page_param_, std::to_string(first_page_ + page));
    return r;
  }

  std::string url_;
  FetchRequest request_;
  RequestTemplate template_;
  JsonFields fields_;
  int32_t offset_minutes_;
  std::string page_param_;
  int64_t first_page_;
  int64_t pages_;
  std::vector<std::string> keywords_;  // {""} without keywords
  bool missing_items_ok_;
  bool full_text_enabled_;
  FullTextFetcher full_text_;
};

}  // namespace

SourceType JsonSourceType() {
  SourceType t;
  t.name = "json";
  t.help = "A JSON (or JSONP) list API; paths pick the item list and each item's fields.";
  std::vector<OptionSpec> own = {
      {"url", OptionType::kString, "", "API URL (the first page), or a file path.", true},
      {"item_path", OptionType::kString, "",
       "Path to the item list, e.g. result.data (keys separated by '.', [N] indexes a list).",
       true},
      {"title_path", OptionType::kString, "title", "Path of an item's title, within the item."},
      {"url_path", OptionType::kString, "url", "Path of an item's link (relative links resolve)."},
      {"time_path", OptionType::kString, "",
       "Path of an item's time: epoch seconds or milliseconds, or a date string."},
      {"summary_path", OptionType::kString, "", "Path of an item's summary (text or HTML)."},
      {"body_path", OptionType::kString, "", "Path of an item's full text (text or HTML)."},
      {"author_path", OptionType::kString, "", "Path of an item's author."},
      {"time_offset", OptionType::kInt, "480",
       "UTC offset in minutes for epoch times and for date strings without a zone."},
      {"page_param", OptionType::kString, "",
       "Query parameter holding the page number (or write {page} in url or body); empty and no "
       "{page}: a single page."},
      {"first_page", OptionType::kInt, "1", "Number of the first page."},
      {"pages", OptionType::kInt, "1",
       "Pages fetched per poll (first_page onwards); stops early at an empty page."},
      {"keywords", OptionType::kStringList, "",
       "Search terms: the request is sent once per keyword, {keyword} in url or body replaced "
       "(a keyword search source, e.g. q={keyword} on gov.cn or MIIT search)."},
      {"missing_items_ok", OptionType::kBool, "false",
       "A response without item_path counts as no items, not as a broken source (search APIs "
       "that drop the list when nothing matches)."},
  };
  for (OptionSpec& o : RequestOptions()) own.push_back(std::move(o));
  for (OptionSpec& o : FullTextOptions()) own.push_back(std::move(o));
  t.options = WithHttpOptions(std::move(own));
  t.create = [](const SourceConfig& config,
                const SourceEnvironment& env) -> Result<std::unique_ptr<Source>> {
    const OptionValues& o = config.options;
    const auto fail = [&](std::string_view option, const std::string& why) {
      return SourceOptionError(config, option, why);
    };
    if (auto url = SourceUrl(config, env); !url.ok()) return url.status();
    JsonFields fields;
    const std::pair<const char*, JsonPath*> paths[] = {
        {"item_path", &fields.items},      {"title_path", &fields.title},
        {"url_path", &fields.url},         {"time_path", &fields.time},
        {"summary_path", &fields.summary}, {"body_path", &fields.body},
        {"author_path", &fields.author},
    };
    for (const auto& [name, out] : paths) {
      auto parsed = JsonPath::Parse(o.String(name));
      if (!parsed.ok()) return fail(name, std::string(name) + ": " + parsed.status().message());
      *out = std::move(parsed).value();
    }
    if (fields.url.empty()) return fail("url_path", "url_path must not be empty");
    if (o.Int("pages") < 1 || o.Int("pages") > 100) return fail("pages", "pages must be 1..100");
    const bool has_page = o.String("url").find("{page}") != std::string::npos ||
                          o.String("body").find("{page}") != std::string::npos;
    if (o.Int("pages") > 1 && o.String("page_param").empty() && !has_page) {
      return fail("pages", "pages > 1 needs page_param or {page} in url or body");
    }
    if (std::string why = CheckRequestOptions(o); !why.empty()) {
      return fail(o.Where("body").empty() ? "method" : "body", why);
    }
    const bool has_keyword = o.String("url").find("{keyword}") != std::string::npos ||
                             o.String("body").find("{keyword}") != std::string::npos;
    if (has_keyword != !o.List("keywords").empty()) {
      return fail("keywords", has_keyword ? "{keyword} in url or body needs keywords"
                                          : "keywords need {keyword} in url or body");
    }
    if (o.List("keywords").size() > 50) return fail("keywords", "at most 50 keywords");
    if (o.Int("max_items") < 0) return fail("max_items", "max_items must be >= 0");
    if (o.Int("time_offset") < -18 * 60 || o.Int("time_offset") > 18 * 60) {
      return fail("time_offset", "time_offset must be within -1080..1080 minutes");
    }
    auto secrets = ResolveHttpSecrets(config.options, env);
    if (!secrets.ok()) return secrets.status().WithContext("source '" + config.id + "'");
    auto body = BodySelector::Create(config);
    if (!body.ok()) return body.status();
    return WithAuthStep(config, env,
                        std::unique_ptr<Source>(new JsonSource(
                            config, env, *secrets, std::move(fields), std::move(body).value())));
  };
  return t;
}

}  // namespace newswatch

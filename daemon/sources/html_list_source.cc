#include "daemon/sources/html_list_source.h"

#include <memory>
#include <optional>
#include <regex>
#include <utility>

#include "daemon/core/url.h"
#include "daemon/sources/auth_step.h"
#include "daemon/sources/full_text.h"
#include "daemon/sources/http_options.h"
#include "daemon/sources/list_reader.h"
#include "daemon/sources/request_template.h"
#include "daemon/sources/source_dates.h"
#include "daemon/text/charset.h"
#include "daemon/text/dates.h"

namespace newswatch {
namespace {

// A publication date written in an article URL, as government CMSs do: TRS
// `…/t20240410_123.html`, VSB/Shanghai `…/20240410/<hex>.html`, Hanweb `…/art/2024/4/10/art_…`.
std::optional<Timestamp> DateFromUrl(const std::string& url, int32_t offset_minutes) {
  static const std::regex kCompact(R"([/_t](20\d{2})(0[1-9]|1[0-2])([0-2]\d|3[01])[/_])");
  static const std::regex kSlashed(R"(/(20\d{2})/(\d{1,2})/(\d{1,2})/)");
  std::smatch m;
  if (std::regex_search(url, m, kCompact) || std::regex_search(url, m, kSlashed)) {
    const std::string text = m[1].str() + "-" + (m[2].length() == 1 ? "0" : "") + m[2].str() + "-" +
                             (m[3].length() == 1 ? "0" : "") + m[3].str();
    return ParseDate(text, offset_minutes);
  }
  return std::nullopt;
}

class HtmlListSource final : public Source {
 public:
  HtmlListSource(const SourceConfig& config, const SourceEnvironment& env,
                 const HttpSecrets& secrets, std::unique_ptr<ListReader> reader,
                 std::vector<std::string> more_pages, BodySelector body)
      : Source(config.id, config.type),
        url_(LocationToUrl(config.options.String("url"), env)),
        request_(MakeFetchRequest(config.options, env, url_, secrets)),
        reader_(std::move(reader)),
        offset_minutes_(static_cast<int32_t>(config.options.Int("time_offset"))),
        fetch_articles_(config.options.Bool("fetch_articles")),
        articles_(FullTextSettingsFor(config.options, /*list_page=*/true), request_) {
    articles_.set_body_selector(std::move(body));
    RequestTemplate page_template(request_, url_, config.options);
    const int64_t first = config.options.Int("first_page");
    pages_.push_back(page_template.For(first));
    if (page_template.has_page()) {
      for (int64_t p = 1; p < config.options.Int("pages"); ++p) {
        pages_.push_back(page_template.For(first + p));
      }
    } else {
      for (std::string& u : more_pages) {
        FetchRequest r = pages_.front();
        r.url = std::move(u);
        pages_.push_back(std::move(r));
      }
    }
  }

  PollStep StartPoll(const PollContext& context) override {
    articles_.BeginPoll();
    return ConditionalFetch(pages_.front(), context);
  }

  PollStep OnFetched(uint64_t tag, const FetchResponse& response) override {
    PollStep step;
    if (articles_.OnFetched(tag, response, step)) return step;
    const bool first = tag == 0;
    if (tag >= pages_.size()) return step;
    const std::string page_url = pages_[tag].url;
    const std::string where = "source '" + id() + "': " + page_url;
    if (first && response.status.ok()) {
      TakeServerHints(response, step);
      if (step.not_modified) return step;
    }
    Status problem;
    if (!response.status.ok()) {
      problem = response.status.WithContext(where);
    } else if (response.http_status >= 400) {
      problem = HttpError(where + ": HTTP " + std::to_string(response.http_status));
    }
    if (!problem.ok()) {
      // A later page missing is an item problem; the first page missing fails the poll.
      if (first)
        step.error = problem;
      else
        step.item_errors.push_back(problem.ToString());
      return step;
    }
    if (first) {
      step.max_age = response.max_age;
      step.etag = response.etag;
      step.last_modified = response.last_modified;
      for (size_t i = 1; i < pages_.size(); ++i) step.fetches.push_back(SourceFetch{pages_[i], i});
    }
    const std::string base = response.final_url.empty() ? page_url : response.final_url;
    std::vector<Article> drafts = ReadList(response, base, where, first, step);
    articles_.Route(std::move(drafts), fetch_articles_, step);
    return step;
  }

 private:
  std::vector<Article> ReadList(const FetchResponse& response, std::string base,
                                const std::string& where, bool first, PollStep& step) {
    std::vector<Article> drafts;
    const DecodedText decoded = DecodeToUtf8(
        response.body, CharsetFromContentType(response.content_type), MarkupKind::kHtml);
    ListRead read = reader_->Read(decoded.utf8);
    if (!read.error.empty()) {
      // The first page without its list fails the poll (the source is broken); a later one is
      // an item problem.
      if (first)
        step.error = ParseError(where + ": " + read.error);
      else
        step.item_errors.push_back(where + ": " + read.error);
      return drafts;
    }
    if (!read.base_href.empty()) {
      if (auto resolved = ResolveUrl(base, read.base_href); resolved.ok()) base = *resolved;
    }
    for (size_t i = 0; i < read.items.size(); ++i) {
      ListItem& item = read.items[i];
      ++step.items_seen;
      Article a;
      a.source_id = id();
      a.title = std::move(item.title);
      if (a.title.empty()) ++step.items_without_title;
      if (!item.date_text.empty()) a.published = ParseSourceDate(item.date_text, offset_minutes_);
      const std::string& link = item.link;
      if (link.empty() || link[0] == '#' || link.rfind("javascript:", 0) == 0) {
        if (!a.published) ++step.items_without_date;
        step.item_errors.push_back(where + ": item " + std::to_string(i + 1) + " has no link" +
                                   (a.title.empty() ? "" : " (" + a.title + ")"));
        continue;
      }
      auto resolved = ResolveUrl(base, link);
      if (!resolved.ok() || !IsFetchableUrl(*resolved)) {
        if (!a.published) ++step.items_without_date;
        step.item_errors.push_back(where + ": item link '" + link + "' is not a page URL");
        continue;
      }
      a.url = std::move(resolved).value();
      if (!a.published) a.published = DateFromUrl(a.url, offset_minutes_);
      if (!a.published) ++step.items_without_date;
      drafts.push_back(std::move(a));
    }
    return drafts;
  }

  std::string url_;
  FetchRequest request_;
  std::unique_ptr<ListReader> reader_;
  std::vector<FetchRequest> pages_;  // the first list page, then the later ones
  int32_t offset_minutes_;
  bool fetch_articles_;
  FullTextFetcher articles_;
};

}  // namespace

SourceType HtmlListSourceType() {
  SourceType t;
  t.name = "html-list";
  t.help =
      "A list page (government columns): XPath (or a regex) picks items, also from HTML inside "
      "JSON or XML; their article pages are fetched.";
  std::vector<OptionSpec> own = {
      {"url", OptionType::kString, "",
       "The list page (the first page), or a file path; may hold {page}.", true},
      {"next_pages", OptionType::kStringList, "",
       "Later list pages: one URL template with {page} (pages 2..pages, e.g. index_{page}.html), "
       "or a list of URLs; relative to url. Not needed when url or body holds {page}."},
      {"pages", OptionType::kInt, "1", "How many list pages to read per poll."},
      {"first_page", OptionType::kInt, "1", "The number {page} takes in url or body first."},
      {"fetch_articles", OptionType::kBool, "true",
       "Fetch and extract each new item's page; false publishes the list's title and date only."},
      {"max_items", OptionType::kInt, "30",
       "At most this many article pages are fetched per poll; the rest wait for later polls."},
      {"time_offset", OptionType::kInt, "480", "UTC offset in minutes for dates without a zone."},
  };
  for (OptionSpec& o : ListReaderOptions()) own.push_back(std::move(o));
  for (OptionSpec& o : RequestOptions()) own.push_back(std::move(o));
  for (OptionSpec& o : BodySelectorOptions()) own.push_back(std::move(o));
  own.push_back(MaxItemAgeOption());
  t.options = WithHttpOptions(std::move(own));
  t.create = [](const SourceConfig& config,
                const SourceEnvironment& env) -> Result<std::unique_ptr<Source>> {
    const OptionValues& o = config.options;
    const auto fail = [&](std::string_view option, const std::string& why) {
      return SourceOptionError(config, option, why);
    };
    auto source_url = SourceUrl(config, env);
    if (!source_url.ok()) return source_url.status();
    const std::string& url = *source_url;
    auto reader = ListReader::Create(config);
    if (!reader.ok()) return reader.status();
    if (std::string why = CheckRequestOptions(o); !why.empty()) {
      return fail(o.Where("body").empty() ? "method" : "body", why);
    }
    const int64_t pages = o.Int("pages");
    if (pages < 1 || pages > 100) return fail("pages", "pages must be 1..100");
    if (o.Int("max_items") < 0) return fail("max_items", "max_items must be >= 0");
    const bool has_page = url.find("{page}") != std::string::npos ||
                          o.String("body").find("{page}") != std::string::npos;
    const std::vector<std::string> next = o.List("next_pages");
    std::vector<std::string> more;
    const bool is_template = next.size() == 1 && next[0].find("{page}") != std::string::npos;
    if (has_page && !next.empty()) {
      return fail("next_pages", "next_pages does not apply when url or body holds {page}");
    }
    if (pages > 1 && !is_template && !has_page) {
      return fail("pages", "pages > 1 needs {page} in url or body, or a next_pages template");
    }
    std::vector<std::string> relative;
    if (is_template) {
      for (int64_t p = 2; p <= pages; ++p)
        relative.push_back(ReplaceAll(next[0], "{page}", std::to_string(p)));
    } else if (!has_page) {
      relative = next;
    }
    for (const std::string& r : relative) {
      auto resolved = ResolveUrl(url, r);
      if (!resolved.ok() || !IsFetchableUrl(*resolved)) {
        return fail("next_pages", "next_pages: cannot make a URL of '" + r + "'");
      }
      more.push_back(std::move(resolved).value());
    }
    auto secrets = ResolveHttpSecrets(config.options, env);
    if (!secrets.ok()) return secrets.status().WithContext("source '" + config.id + "'");
    auto body = BodySelector::Create(config);
    if (!body.ok()) return body.status();
    return WithAuthStep(
        config, env,
        std::unique_ptr<Source>(new HtmlListSource(config, env, *secrets, std::move(reader).value(),
                                                   std::move(more), std::move(body).value())));
  };
  return t;
}

}  // namespace newswatch

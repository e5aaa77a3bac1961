#include "daemon/sources/feed_source.h"

#include "daemon/feed/feed_parser.h"
#include "daemon/sources/auth_step.h"
#include "daemon/sources/document.h"
#include "daemon/sources/full_text.h"
#include "daemon/sources/http_options.h"
#include "daemon/text/charset.h"

namespace newswatch {
namespace {

class FeedSource final : public Source {
 public:
  FeedSource(const SourceConfig& config, const SourceEnvironment& env, const HttpSecrets& secrets,
             BodySelector body)
      : Source(config.id, config.type),
        url_(LocationToUrl(config.options.String("url"), env)),
        request_(MakeFetchRequest(config.options, env, url_, secrets)),
        full_text_enabled_(config.options.Bool("full_text")),
        full_text_(FullTextSettingsFor(config.options, /*list_page=*/false), request_) {
    full_text_.set_body_selector(std::move(body));
  }

  PollStep StartPoll(const PollContext& context) override {
    full_text_.BeginPoll();
    return ConditionalFetch(request_, context);
  }

  PollStep OnFetched(uint64_t tag, const FetchResponse& response) override {
    PollStep step;
    if (full_text_.OnFetched(tag, response, step)) return step;
    if (!response.status.ok()) {
      step.error = response.status;
      return step;
    }
    TakeServerHints(response, step);
    if (step.not_modified) return step;
    if (response.http_status >= 400) {
      step.error = HttpError("HTTP " + std::to_string(response.http_status) + " from " + url_);
      return step;
    }
    FeedParseOptions options;
    options.base_url = response.final_url.empty() ? url_ : response.final_url;
    options.http_charset = CharsetFromContentType(response.content_type);
    auto feed = ParseFeed(response.body, options);
    if (!feed.ok()) {
      step.error = feed.status().WithContext(url_);
      return step;
    }
    step.etag = response.etag;
    step.last_modified = response.last_modified;
    step.ttl_minutes = feed->ttl_minutes;
    step.items_seen = static_cast<uint32_t>(feed->entries.size());
    for (const FeedEntry& e : feed->entries) {
      if (!e.published && !e.updated) ++step.items_without_date;
      if (e.title.empty()) ++step.items_without_title;
    }
    full_text_.Route(ArticlesFromFeed(*feed, id(), options.base_url), full_text_enabled_, step);
    return step;
  }

 private:
  std::string url_;
  FetchRequest request_;
  bool full_text_enabled_;
  FullTextFetcher full_text_;  // article pages of entries that carry only a short summary
};

}  // namespace

SourceType FeedSourceType() {
  SourceType t;
  t.name = "feed";
  t.help = "An RSS 0.9x/2.0, RSS 1.0 (RDF) or Atom feed, over http(s) or from a file.";
  std::vector<OptionSpec> own = {
      {"url", OptionType::kString, "", "Feed URL, or a file path (relative to the config file).",
       true},
  };
  for (OptionSpec& o : FullTextOptions()) own.push_back(std::move(o));
  t.options = WithHttpOptions(std::move(own));
  t.create = [](const SourceConfig& config,
                const SourceEnvironment& env) -> Result<std::unique_ptr<Source>> {
    if (auto url = SourceUrl(config, env); !url.ok()) return url.status();
    if (config.options.Int("max_items") < 0) {
      return SourceOptionError(config, "max_items", "max_items must be >= 0");
    }
    auto secrets = ResolveHttpSecrets(config.options, env);
    if (!secrets.ok()) return secrets.status().WithContext("source '" + config.id + "'");
    auto body = BodySelector::Create(config);
    if (!body.ok()) return body.status();
    return WithAuthStep(config, env, std::unique_ptr<Source>(new FeedSource(config, env, *secrets, std::move(body).value())));
  };
  return t;
}

}  // namespace newswatch

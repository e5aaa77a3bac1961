// FullTextFetcher: fetches the article page behind list items that carry only a title or a
// short summary (feed entries, JSON list items, government list links) and runs the extractor
// on it, as follow-up fetches inside a source's poll. It bounds the follow-ups per poll and
// remembers the URLs it fetched recently, so an unchanged list does not refetch its pages on
// every poll. Used by the feed, json and html-list sources.
// Thread-safety: owned by one Source; engine thread only, like the Source.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "daemon/config/options.h"
#include "daemon/core/article.h"
#include "daemon/net/fetch.h"
#include "daemon/sources/body_selector.h"
#include "daemon/sources/source.h"

namespace newswatch {

struct FullTextSettings {
  // Items whose text (body, else summary) is shorter than this many characters get their page
  // fetched; 0 fetches every item's page (html-list, whose items have no text at all).
  size_t short_text_chars = 200;
  size_t max_items_per_poll = 30;  // follow-ups started per poll; the rest wait for later polls
  size_t remembered_urls = 4096;   // how many fetched URLs are remembered (oldest forgotten)
  // true: the item's own title and time win and the page fills gaps (feeds and JSON APIs carry
  // complete titles). false: the page's title and time win and the item fills gaps (list pages
  // truncate titles and give dates without times).
  bool item_metadata_first = true;
  // Article pages are URLs found in third-party content, so by default they may
  // not reach loopback, link-local or private addresses (the source option
  // `allow_private` lifts this). The source's own configured URL is exempt.
  bool allow_private_addresses = false;
  // Items dated more than this many seconds before `now` are dropped before any page fetch
  // (0: keep all). Undated items are kept.
  int64_t max_item_age_seconds = 0;
};

// The `full_text`, `max_items` and body selector options, for the feed and json sources' tables.
std::vector<OptionSpec> FullTextOptions();

// The max_item_age option (FullTextOptions has it; html-list adds it to its own table).
OptionSpec MaxItemAgeOption();

// How a source fetches article pages, from its `max_items` and `allow_private` options. Items
// of a feed or JSON API (`list_page` false) have text and complete titles: only short ones are
// fetched and their own metadata wins. Items of a list page have neither: every one is fetched
// and the page's metadata wins.
FullTextSettings FullTextSettingsFor(const OptionValues& options, bool list_page);

class FullTextFetcher {
 public:
  // Tags of this fetcher's requests have this bit set; a source's own tags must not.
  static constexpr uint64_t kTagBit = uint64_t{1} << 63;

  // `request_template` carries the source's HTTP options; its URL and validators are replaced.
  FullTextFetcher(FullTextSettings settings, FetchRequest request_template);

  // Forgets the per-poll count and any requests of an abandoned poll. Call from StartPoll.
  void BeginPoll();

  // Routes a step's drafts: items with enough text, and every item when `enabled` is false,
  // go to step.articles unchanged; items needing their page become fetches in step.fetches.
  // Items whose page was fetched earlier in this process are dropped (they went out then), and
  // items beyond this poll's budget are held back (dropped now, fetched by a later poll).
  // Items older than max_item_age are dropped first (counted in step.items_too_old).
  void Route(std::vector<Article> drafts, bool enabled, PollStep& step);

  // True if `tag` is one of this fetcher's; then the response was handled: the merged Article
  // (or, when the page could not be fetched or read, the draft itself plus an item error) is
  // appended to step.articles.
  bool OnFetched(uint64_t tag, const FetchResponse& response, PollStep& step);

  size_t pending() const { return pending_.size(); }

  // The source's own body XPaths (body_xpath, body_xpath_hosts), tried before the extractor's
  // body on each fetched page.
  void set_body_selector(BodySelector selector) { body_ = std::move(selector); }

 private:
  bool Remembered(const std::string& url) const { return fetched_.count(url) > 0; }
  void Remember(const std::string& url);
  Article Merge(Article draft, Article page) const;

  FullTextSettings settings_;
  FetchRequest template_;
  BodySelector body_;
  uint64_t next_tag_ = 0;
  size_t started_this_poll_ = 0;
  std::unordered_map<uint64_t, Article> pending_;  // tag -> draft awaiting its page
  std::unordered_set<std::string> fetched_;
  std::deque<std::string> fetched_order_;
};

// Characters (code points) of the item's text: body_text, else body_html as text, else summary.
size_t ItemTextChars(const Article& article);

}  // namespace newswatch

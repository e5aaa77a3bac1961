#include "daemon/sources/full_text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <string_view>
#include <utility>

#include "daemon/sources/document.h"
#include "daemon/text/charset.h"
#include "daemon/text/html_text.h"

namespace newswatch {
namespace {

size_t Utf8Chars(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Attachments are not articles: their link is published as it is, without a fetch.
bool LooksLikeAttachment(std::string_view url) {
  std::string path = Lower(url.substr(0, url.find_first_of("?#")));
  static constexpr std::array<std::string_view, 12> kExtensions = {
      ".pdf",  ".doc", ".docx", ".xls", ".xlsx", ".ppt",
      ".pptx", ".zip", ".rar",  ".7z",  ".wps",  ".ofd"};
  return std::any_of(kExtensions.begin(), kExtensions.end(), [&](std::string_view ext) {
    return path.size() > ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0;
  });
}

// A response we can read as a document: no Content-Type, or a textual one.
bool TextualContentType(std::string_view content_type) {
  if (content_type.empty()) return true;
  const std::string type = Lower(content_type.substr(0, content_type.find(';')));
  return type.rfind("text/", 0) == 0 || type.find("html") != std::string::npos ||
         type.find("xml") != std::string::npos;
}

bool LooksTruncated(std::string_view title) {
  const auto ends_with = [&](std::string_view tail) {
    return title.size() >= tail.size() && title.substr(title.size() - tail.size()) == tail;
  };
  return ends_with("...") || ends_with("…") || ends_with("..");
}

}  // namespace

std::vector<OptionSpec> FullTextOptions() {
  return {
      {"full_text", OptionType::kBool, "false",
       "Fetch the article page of items whose text is short (< 200 characters) and extract it."},
      {"max_items", OptionType::kInt, "30",
       "At most this many article pages are fetched per poll; the rest wait for later polls."},
      BodySelectorOptions()[0],
      BodySelectorOptions()[1],
      MaxItemAgeOption(),
  };
}

OptionSpec MaxItemAgeOption() {
  return {"max_item_age", OptionType::kDuration, "0",
          "Items dated longer ago than this are skipped (their pages are not fetched), e.g. 30d "
          "for a list that keeps years of documents; 0 keeps all."};
}

FullTextSettings FullTextSettingsFor(const OptionValues& options, bool list_page) {
  FullTextSettings s;
  s.max_item_age_seconds = options.Duration("max_item_age").count();
  s.short_text_chars = list_page ? 0 : 200;
  s.max_items_per_poll = static_cast<size_t>(options.Int("max_items"));
  s.remembered_urls = 4096;
  s.item_metadata_first = !list_page;
  s.allow_private_addresses = options.Bool("allow_private");
  return s;
}

size_t ItemTextChars(const Article& article) {
  if (!article.body_text.empty()) return Utf8Chars(article.body_text);
  if (!article.body_html.empty()) return Utf8Chars(HtmlToText(article.body_html));
  return Utf8Chars(article.summary);
}

FullTextFetcher::FullTextFetcher(FullTextSettings settings, FetchRequest request_template)
    : settings_(settings), template_(std::move(request_template)) {
  template_.etag.clear();
  template_.last_modified.clear();
  template_.allow_private_addresses = settings_.allow_private_addresses;
}

void FullTextFetcher::BeginPoll() {
  started_this_poll_ = 0;
  pending_.clear();
}

void FullTextFetcher::Remember(const std::string& url) {
  if (!fetched_.insert(url).second) return;
  fetched_order_.push_back(url);
  while (fetched_order_.size() > settings_.remembered_urls) {
    fetched_.erase(fetched_order_.front());
    fetched_order_.pop_front();
  }
}

void FullTextFetcher::Route(std::vector<Article> drafts, bool enabled, PollStep& step) {
  const int64_t oldest = settings_.max_item_age_seconds > 0
                             ? std::chrono::duration_cast<std::chrono::seconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                       .count() -
                                   settings_.max_item_age_seconds
                             : 0;
  for (Article& draft : drafts) {
    if (oldest > 0 && draft.published && draft.published->unix_seconds < oldest) {
      ++step.items_too_old;
      continue;
    }
    const bool wants_page = enabled && (settings_.short_text_chars == 0 ||
                                        ItemTextChars(draft) < settings_.short_text_chars);
    if (!wants_page || LooksLikeAttachment(draft.url)) {
      step.articles.push_back(std::move(draft));
      continue;
    }
    if (Remembered(draft.url)) continue;  // went out when its page was fetched
    if (started_this_poll_ >= settings_.max_items_per_poll) continue;  // a later poll takes it
    ++started_this_poll_;
    Remember(draft.url);
    const uint64_t tag = kTagBit | next_tag_++;
    SourceFetch fetch{template_, tag};
    fetch.request.url = draft.url;
    pending_.emplace(tag, std::move(draft));
    step.fetches.push_back(std::move(fetch));
  }
}

bool FullTextFetcher::OnFetched(uint64_t tag, const FetchResponse& response, PollStep& step) {
  if ((tag & kTagBit) == 0) return false;
  auto it = pending_.find(tag);
  if (it == pending_.end()) return true;  // from an abandoned poll
  Article draft = std::move(it->second);
  pending_.erase(it);
  std::string problem;
  if (!response.status.ok()) {
    problem = response.status.ToString();
  } else if (response.http_status >= 400) {
    problem = "HTTP " + std::to_string(response.http_status);
  } else if (!TextualContentType(response.content_type)) {
    problem = "not a page (" + response.content_type + ")";
  }
  if (problem.empty()) {
    DocumentInput input;
    input.bytes = response.body;
    input.url = response.final_url.empty() ? draft.url : response.final_url;
    input.content_type = response.content_type;
    input.source_id = draft.source_id;
    auto page = ArticleFromDocument(input);
    if (page.ok() && !body_.empty()) {
      const DecodedText decoded = DecodeToUtf8(
          response.body, CharsetFromContentType(response.content_type), MarkupKind::kHtml);
      if (std::optional<std::string> body = body_.Apply(input.url, decoded.utf8)) {
        page->body_text = std::move(*body);
        page->body_html.clear();
      }
    }
    if (page.ok()) {
      step.articles.push_back(Merge(std::move(draft), std::move(page).value()));
      return true;
    }
    problem = page.status().ToString();
  }
  step.item_errors.push_back("full text of " + draft.url + ": " + problem +
                             " (published with the list's title and summary)");
  step.articles.push_back(std::move(draft));
  return true;
}

Article FullTextFetcher::Merge(Article draft, Article page) const {
  Article a = std::move(draft);
  const bool item_title_usable = !a.title.empty() && !LooksTruncated(a.title);
  if (page.title.empty()) {
    // keep the item's
  } else if (!settings_.item_metadata_first || !item_title_usable) {
    a.title = std::move(page.title);
  }
  if (page.published && (!settings_.item_metadata_first || !a.published)) {
    a.published = page.published;
  }
  if (a.author.empty()) a.author = std::move(page.author);
  if (a.categories.empty()) a.categories = std::move(page.categories);
  a.original_source = std::move(page.original_source);
  if (!page.body_text.empty() || !page.body_html.empty()) {
    a.body_text = std::move(page.body_text);
    a.body_html = std::move(page.body_html);
  }
  return a;
}

}  // namespace newswatch

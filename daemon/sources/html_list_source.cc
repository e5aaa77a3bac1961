#include "daemon/sources/html_list_source.h"

#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <climits>
#include <memory>
#include <optional>
#include <utility>

#include "daemon/core/url.h"
#include "daemon/sources/full_text.h"
#include "daemon/sources/http_options.h"
#include "daemon/text/charset.h"
#include "daemon/text/dates.h"
#include "daemon/text/libxml_owners.h"

namespace newswatch {
namespace {

struct XPathCompExprFree {
  void operator()(xmlXPathCompExpr* e) const { xmlXPathFreeCompExpr(e); }
};
// A compiled XPath expression; immutable once compiled, evaluated against any document.
using CompiledXPath = std::unique_ptr<xmlXPathCompExpr, XPathCompExprFree>;

// libxml2 (2.9) hands the structured handler an error without a message for XPath syntax;
// name the common ones, and the offset where parsing stopped.
void CollectXPathError(void* user_data, xmlError* error) {
  auto* out = static_cast<std::string*>(user_data);
  if (!out->empty() || error == nullptr) return;
  if (error->message != nullptr) {
    *out = error->message;
    while (!out->empty() && (out->back() == '\n' || out->back() == ' ')) out->pop_back();
    return;
  }
  switch (error->code) {
    case XML_XPATH_EXPR_ERROR:
      *out = "invalid expression";
      break;
    case XML_XPATH_UNFINISHED_LITERAL_ERROR:
      *out = "unfinished literal";
      break;
    case XML_XPATH_START_LITERAL_ERROR:
      *out = "literal expected";
      break;
    case XML_XPATH_INVALID_PREDICATE_ERROR:
      *out = "invalid predicate";
      break;
    case XML_XPATH_UNKNOWN_FUNC_ERROR:
      *out = "unknown function";
      break;
    case XML_XPATH_INVALID_OPERAND:
      *out = "invalid operand";
      break;
    default:
      *out = "libxml2 XPath error " + std::to_string(error->code);
      break;
  }
  *out += " at offset " + std::to_string(error->int1);
}

// Compiles `text`; on failure returns libxml2's reason.
Result<CompiledXPath> CompileXPath(const std::string& text) {
  std::string message;
  XPathContextPtr ctx(xmlXPathNewContext(nullptr));
  if (!ctx) return InternalError("xmlXPathNewContext failed");
  ctx->error = CollectXPathError;
  ctx->userData = &message;
  CompiledXPath compiled(
      xmlXPathCtxtCompile(ctx.get(), reinterpret_cast<const xmlChar*>(text.c_str())));
  if (!compiled) {
    return InvalidArgument("bad XPath '" + text + "'" + (message.empty() ? "" : ": " + message));
  }
  return compiled;
}

std::string CollapseSpaces(std::string_view text) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    // ASCII whitespace, and U+00A0 / U+3000 which list pages use for padding.
    size_t skip = 0;
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r')
      skip = 1;
    else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0)
      skip = 2;
    else if (c == 0xE3 && text.substr(i, 3) == "\xE3\x80\x80")
      skip = 3;
    if (skip > 0) {
      space = !out.empty();
      i += skip - 1;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(c);
  }
  return out;
}

size_t Utf8Chars(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

struct ListItem {
  std::string link, title, date_text;
};

// The XPaths of one source, compiled. A null link/title/date expression means the default.
struct ListXPaths {
  CompiledXPath item, link, title, date;
  CompiledXPath first_link;  // descendant-or-self::a[@href][1]
  CompiledXPath base_href;   // //base/@href
};

class HtmlListSource final : public Source {
 public:
  HtmlListSource(const SourceConfig& config, const SourceEnvironment& env,
                 const HttpSecrets& secrets, ListXPaths xpaths, std::vector<std::string> more_pages)
      : Source(config.id, config.type),
        url_(LocationToUrl(config.options.String("url"), env)),
        request_(MakeFetchRequest(config.options, env, url_, secrets)),
        xpaths_(std::move(xpaths)),
        more_pages_(std::move(more_pages)),
        offset_minutes_(static_cast<int32_t>(config.options.Int("time_offset"))),
        fetch_articles_(config.options.Bool("fetch_articles")),
        articles_(FullTextSettingsFor(config.options, /*list_page=*/true), request_) {}

  PollStep StartPoll(const PollContext& context) override {
    articles_.BeginPoll();
    return ConditionalFetch(request_, context);
  }

  PollStep OnFetched(uint64_t tag, const FetchResponse& response) override {
    PollStep step;
    if (articles_.OnFetched(tag, response, step)) return step;
    const bool first = tag == 0;
    const std::string page_url = first ? url_ : more_pages_[tag - 1];
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
      for (size_t i = 0; i < more_pages_.size(); ++i) {
        FetchRequest r = request_;
        r.url = more_pages_[i];
        step.fetches.push_back(SourceFetch{std::move(r), i + 1});
      }
    }
    const std::string base = response.final_url.empty() ? page_url : response.final_url;
    std::vector<Article> drafts = ReadList(response, base, where, step);
    articles_.Route(std::move(drafts), fetch_articles_, step);
    return step;
  }

 private:
  std::vector<Article> ReadList(const FetchResponse& response, std::string base,
                                const std::string& where, PollStep& step) {
    std::vector<Article> drafts;
    const DecodedText decoded = DecodeToUtf8(
        response.body, CharsetFromContentType(response.content_type), MarkupKind::kHtml);
    const int size = static_cast<int>(std::min<size_t>(decoded.utf8.size(), INT_MAX));
    XmlDocPtr doc(htmlReadMemory(decoded.utf8.data(), size, nullptr, "UTF-8",
                                 HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                     HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC |
                                     XML_PARSE_HUGE));
    if (!doc) {
      step.item_errors.push_back(where + ": the page could not be parsed as HTML");
      return drafts;
    }
    XPathContextPtr ctx(xmlXPathNewContext(doc.get()));
    if (!ctx) return drafts;
    xmlNode* doc_node = reinterpret_cast<xmlNode*>(doc.get());
    if (std::string href = EvalString(xpaths_.base_href.get(), ctx.get(), doc_node);
        !href.empty()) {
      if (auto resolved = ResolveUrl(base, CollapseSpaces(href)); resolved.ok()) base = *resolved;
    }
    ctx->node = doc_node;
    XPathObjectPtr items(xmlXPathCompiledEval(xpaths_.item.get(), ctx.get()));
    if (!items || items->type != XPATH_NODESET || items->nodesetval == nullptr) return drafts;
    const xmlNodeSet* nodes = items->nodesetval;
    for (int i = 0; i < nodes->nodeNr; ++i) {
      xmlNode* node = nodes->nodeTab[i];
      ++step.items_seen;
      ListItem item = ReadItem(node, ctx.get());
      Article a;
      a.source_id = id();
      a.title = item.title;
      if (a.title.empty()) ++step.items_without_title;
      if (!item.date_text.empty()) {
        a.published = ParseDate(item.date_text, offset_minutes_);
        if (!a.published) {
          if (auto found = FindDateInText(item.date_text, offset_minutes_))
            a.published = found->time;
        }
      }
      if (!a.published) ++step.items_without_date;
      const std::string link = CollapseSpaces(item.link);
      if (link.empty() || link[0] == '#' || link.rfind("javascript:", 0) == 0) {
        step.item_errors.push_back(where + ": item " + std::to_string(i + 1) + " has no link" +
                                   (a.title.empty() ? "" : " (" + a.title + ")"));
        continue;
      }
      auto resolved = ResolveUrl(base, link);
      if (!resolved.ok() ||
          (resolved->rfind("http://", 0) != 0 && resolved->rfind("https://", 0) != 0 &&
           resolved->rfind("file://", 0) != 0)) {
        step.item_errors.push_back(where + ": item link '" + link + "' is not a page URL");
        continue;
      }
      a.url = std::move(resolved).value();
      drafts.push_back(std::move(a));
    }
    return drafts;
  }

  ListItem ReadItem(xmlNode* node, xmlXPathContext* ctx) const {
    ListItem item;
    xmlNode* anchor = nullptr;
    if (!xpaths_.link || !xpaths_.title) {
      ctx->node = node;
      XPathObjectPtr found(xmlXPathCompiledEval(xpaths_.first_link.get(), ctx));
      if (found && found->type == XPATH_NODESET && found->nodesetval &&
          found->nodesetval->nodeNr > 0) {
        anchor = found->nodesetval->nodeTab[0];
      }
    }
    if (xpaths_.link) {
      item.link = EvalString(xpaths_.link.get(), ctx, node);
    } else if (anchor) {
      item.link = TakeXmlString(xmlGetProp(anchor, BAD_CAST "href"));
    }
    if (xpaths_.title) {
      item.title = CollapseSpaces(EvalString(xpaths_.title.get(), ctx, node));
    } else if (anchor) {
      // List pages often truncate the link text and keep the whole title in @title.
      std::string text = CollapseSpaces(TakeXmlString(xmlNodeGetContent(anchor)));
      std::string attr = CollapseSpaces(TakeXmlString(xmlGetProp(anchor, BAD_CAST "title")));
      item.title = Utf8Chars(attr) >= Utf8Chars(text) ? attr : text;
    }
    if (xpaths_.date) {
      item.date_text = CollapseSpaces(EvalString(xpaths_.date.get(), ctx, node));
    } else {
      // No date_xpath: a date written anywhere in the item ("标题 2024-04-10").
      item.date_text = CollapseSpaces(TakeXmlString(xmlNodeGetContent(node)));
      if (!item.date_text.empty() && !ParseDate(item.date_text, offset_minutes_)) {
        auto found = FindDateInText(item.date_text, offset_minutes_);
        item.date_text =
            found ? item.date_text.substr(found->begin, found->end - found->begin) : std::string();
      }
    }
    return item;
  }

  // The string value of `expr` evaluated with `node` as the context node.
  static std::string EvalString(xmlXPathCompExpr* expr, xmlXPathContext* ctx, xmlNode* node) {
    ctx->node = node;
    XPathObjectPtr result(xmlXPathCompiledEval(expr, ctx));
    if (!result) return {};
    return TakeXmlString(xmlXPathCastToString(result.get()));
  }

  std::string url_;
  FetchRequest request_;
  ListXPaths xpaths_;
  std::vector<std::string> more_pages_;  // list pages after the first, absolute
  int32_t offset_minutes_;
  bool fetch_articles_;
  FullTextFetcher articles_;
};

}  // namespace

SourceType HtmlListSourceType() {
  SourceType t;
  t.name = "html-list";
  t.help = "A list page (government columns): XPath picks items; their article pages are fetched.";
  t.options = WithHttpOptions({
      {"url", OptionType::kString, "", "The list page (the first page), or a file path.", true},
      {"item_xpath", OptionType::kString, "",
       "XPath selecting one node per item, e.g. //ul[@class='list']/li.", true},
      {"link_xpath", OptionType::kString, "",
       "XPath, relative to the item, of its link (default: the first a/@href, or the item's "
       "own href)."},
      {"title_xpath", OptionType::kString, "",
       "XPath, relative to the item, of its title (default: that link's title attribute or "
       "text, whichever is longer)."},
      {"date_xpath", OptionType::kString, "",
       "XPath, relative to the item, of its date (default: a date written anywhere in the item)."},
      {"next_pages", OptionType::kStringList, "",
       "Later list pages: one URL template with {page} (pages 2..pages, e.g. index_{page}.html), "
       "or a list of URLs; relative to url."},
      {"pages", OptionType::kInt, "1", "With a {page} template: how many list pages to read."},
      {"fetch_articles", OptionType::kBool, "true",
       "Fetch and extract each new item's page; false publishes the list's title and date only."},
      {"max_items", OptionType::kInt, "30",
       "At most this many article pages are fetched per poll; the rest wait for later polls."},
      {"time_offset", OptionType::kInt, "480", "UTC offset in minutes for dates without a zone."},
  });
  t.create = [](const SourceConfig& config,
                const SourceEnvironment& env) -> Result<std::unique_ptr<Source>> {
    const OptionValues& o = config.options;
    const auto fail = [&](std::string_view option, const std::string& why) {
      return SourceOptionError(config, option, why);
    };
    auto source_url = SourceUrl(config, env);
    if (!source_url.ok()) return source_url.status();
    const std::string& url = *source_url;
    xmlInitParser();
    ListXPaths x;
    const std::pair<const char*, CompiledXPath*> own[] = {{"item_xpath", &x.item},
                                                          {"link_xpath", &x.link},
                                                          {"title_xpath", &x.title},
                                                          {"date_xpath", &x.date}};
    for (const auto& [name, out] : own) {
      const std::string text = o.String(name);
      if (text.empty()) continue;
      auto compiled = CompileXPath(text);
      if (!compiled.ok()) return fail(name, std::string(name) + ": " + compiled.status().message());
      *out = std::move(compiled).value();
    }
    auto first_link = CompileXPath("descendant-or-self::a[@href][1]");
    auto base_href = CompileXPath("string(//base/@href)");
    if (!first_link.ok() || !base_href.ok()) return InternalError("built-in XPath did not compile");
    x.first_link = std::move(first_link).value();
    x.base_href = std::move(base_href).value();

    const int64_t pages = o.Int("pages");
    if (pages < 1 || pages > 100) return fail("pages", "pages must be 1..100");
    if (o.Int("max_items") < 0) return fail("max_items", "max_items must be >= 0");
    const std::vector<std::string> next = o.List("next_pages");
    std::vector<std::string> more;
    const bool is_template = next.size() == 1 && next[0].find("{page}") != std::string::npos;
    if (pages > 1 && !is_template) {
      return fail("pages", "pages > 1 needs next_pages with a {page} template");
    }
    std::vector<std::string> relative;
    if (is_template) {
      for (int64_t p = 2; p <= pages; ++p) {
        std::string u = next[0];
        for (size_t at; (at = u.find("{page}")) != std::string::npos;) {
          u.replace(at, 6, std::to_string(p));
        }
        relative.push_back(std::move(u));
      }
    } else {
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
    return std::unique_ptr<Source>(
        new HtmlListSource(config, env, *secrets, std::move(x), std::move(more)));
  };
  return t;
}

}  // namespace newswatch

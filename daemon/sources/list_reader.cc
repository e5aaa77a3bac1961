#include "daemon/sources/list_reader.h"

#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <climits>
#include <regex>
#include <utility>

#include "daemon/sources/http_options.h"
#include "daemon/sources/json_path.h"
#include "daemon/sources/xpath.h"
#include "daemon/text/dates.h"
#include "daemon/text/html_text.h"
#include "daemon/text/libxml_owners.h"

namespace newswatch {
namespace {

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

enum class RegexField { kUrl, kTitle, kDate, kIgnore };

}  // namespace

struct ListReader::Compiled {
  // A null link/title/date expression means the default.
  CompiledXPath item, link, title, date, content;
  CompiledXPath first_link;  // descendant-or-self::a[@href][1]
  CompiledXPath base_href;   // string(//base/@href)
  JsonPath json_path;        // empty: the response is the markup
  bool from_json = false;
  std::optional<std::regex> item_regex;
  std::vector<RegexField> regex_fields;  // capture group i+1 -> field
  int32_t offset_minutes = 480;
};

std::string UnwrapCdata(std::string markup) {
  static constexpr std::string_view kOpen = "<![CDATA[", kClose = "]]>";
  size_t at = 0;
  while ((at = markup.find(kOpen, at)) != std::string::npos) {
    const size_t close = markup.find(kClose, at + kOpen.size());
    if (close == std::string::npos) {
      markup.erase(at, kOpen.size());
      break;
    }
    markup.erase(close, kClose.size());
    markup.erase(at, kOpen.size());
  }
  return markup;
}

std::vector<OptionSpec> ListReaderOptions() {
  return {
      {"item_xpath", OptionType::kString, "",
       "XPath selecting one node per item, e.g. //ul[@class='list']/li (or use item_regex)."},
      {"link_xpath", OptionType::kString, "",
       "XPath, relative to the item, of its link (default: the first a/@href, or the item's "
       "own href)."},
      {"title_xpath", OptionType::kString, "",
       "XPath, relative to the item, of its title (default: that link's title attribute or "
       "text, whichever is longer)."},
      {"date_xpath", OptionType::kString, "",
       "XPath, relative to the item, of its date (default: a date written anywhere in the item)."},
      {"json_path", OptionType::kString, "",
       "The response is JSON (or JSONP) and the list is the HTML in the string at this path "
       "(jpaas data.html); a list of strings is joined (Hanweb search result[])."},
      {"content_xpath", OptionType::kString, "",
       "The list is markup inside the text of these nodes, e.g. Hanweb's "
       "//script[@type='text/xml'] records; CDATA sections are unwrapped."},
      {"item_regex", OptionType::kString, "",
       "Instead of item_xpath: a regular expression (ECMAScript) run over the page (or the "
       "content found by json_path/content_xpath); each match is an item, e.g. items written by "
       "inline JavaScript."},
      {"regex_fields", OptionType::kStringList, "",
       "What item_regex's capture groups hold, in order: url, title, date or _ (default: url, "
       "title, date)."},
  };
}

ListReader::ListReader(std::unique_ptr<Compiled> compiled) : c_(std::move(compiled)) {}
ListReader::~ListReader() = default;

Result<std::unique_ptr<ListReader>> ListReader::Create(const SourceConfig& config) {
  const OptionValues& o = config.options;
  const auto fail = [&](std::string_view option, const std::string& why) {
    return SourceOptionError(config, option, why);
  };
  xmlInitParser();
  auto c = std::make_unique<Compiled>();
  c->offset_minutes = static_cast<int32_t>(o.Int("time_offset"));
  const bool has_xpath = !o.String("item_xpath").empty();
  const bool has_regex = !o.String("item_regex").empty();
  if (has_xpath == has_regex) {
    return fail(has_xpath ? "item_regex" : "item_xpath",
                "give exactly one of item_xpath and item_regex");
  }
  const std::pair<const char*, CompiledXPath*> own[] = {{"item_xpath", &c->item},
                                                        {"link_xpath", &c->link},
                                                        {"title_xpath", &c->title},
                                                        {"date_xpath", &c->date},
                                                        {"content_xpath", &c->content}};
  for (const auto& [name, out] : own) {
    const std::string text = o.String(name);
    if (text.empty()) continue;
    if (has_regex && std::string_view(name) != "content_xpath") {
      return fail(name, std::string(name) + " does not apply with item_regex");
    }
    auto compiled = CompileXPath(text);
    if (!compiled.ok()) return fail(name, std::string(name) + ": " + compiled.status().message());
    *out = std::move(compiled).value();
  }
  if (!o.String("json_path").empty()) {
    auto path = JsonPath::Parse(o.String("json_path"));
    if (!path.ok()) return fail("json_path", "json_path: " + path.status().message());
    c->json_path = std::move(path).value();
    c->from_json = true;
  }
  if (has_regex) {
    try {
      c->item_regex.emplace(o.String("item_regex"), std::regex::ECMAScript | std::regex::optimize);
    } catch (const std::regex_error& e) {
      return fail("item_regex", std::string("item_regex: ") + e.what());
    }
    std::vector<std::string> fields = o.List("regex_fields");
    if (fields.empty()) fields = {"url", "title", "date"};
    if (fields.size() > c->item_regex->mark_count()) {
      return fail("regex_fields", "regex_fields names " + std::to_string(fields.size()) +
                                      " groups but item_regex has " +
                                      std::to_string(c->item_regex->mark_count()));
    }
    bool has_url = false;
    for (const std::string& f : fields) {
      if (f == "url")
        c->regex_fields.push_back(RegexField::kUrl), has_url = true;
      else if (f == "title")
        c->regex_fields.push_back(RegexField::kTitle);
      else if (f == "date")
        c->regex_fields.push_back(RegexField::kDate);
      else if (f == "_")
        c->regex_fields.push_back(RegexField::kIgnore);
      else
        return fail("regex_fields",
                    "regex_fields: unknown field '" + f + "' (url, title, date, _)");
    }
    if (!has_url) return fail("regex_fields", "regex_fields must name the url group");
  } else if (!o.List("regex_fields").empty()) {
    return fail("regex_fields", "regex_fields needs item_regex");
  }
  auto first_link = CompileXPath("descendant-or-self::a[@href][1]");
  auto base_href = CompileXPath("string(//base/@href)");
  if (!first_link.ok() || !base_href.ok()) return InternalError("built-in XPath did not compile");
  c->first_link = std::move(first_link).value();
  c->base_href = std::move(base_href).value();
  return std::unique_ptr<ListReader>(new ListReader(std::move(c)));
}

ListRead ListReader::Read(const std::string& utf8) const {
  ListRead out;
  std::string markup;
  if (c_->from_json) {
    std::optional<nlohmann::json> doc = ParseJsonOrJsonp(utf8);
    if (!doc) {
      out.error = "response is not JSON (or JSONP)";
      return out;
    }
    const nlohmann::json* v = c_->json_path.Find(*doc);
    if (v == nullptr) {
      out.error = "json_path '" + c_->json_path.text() + "' is not in the response";
      return out;
    }
    if (v->is_string()) {
      markup = v->get<std::string>();
    } else if (v->is_array()) {
      for (const nlohmann::json& part : *v) {
        if (part.is_string()) markup += part.get<std::string>() + "\n";
      }
    } else {
      out.error = "json_path '" + c_->json_path.text() + "' is not a string";
      return out;
    }
  } else {
    markup = utf8;
  }
  if (c_->content) {
    XmlDocPtr page = ParseHtmlUtf8(markup);
    if (!page) {
      out.error = "the page could not be parsed as HTML";
      return out;
    }
    XPathContextPtr ctx(xmlXPathNewContext(page.get()));
    if (!ctx) return out;
    ctx->node = reinterpret_cast<xmlNode*>(page.get());
    XPathObjectPtr found(xmlXPathCompiledEval(c_->content.get(), ctx.get()));
    std::string inner;
    if (found && found->type == XPATH_NODESET && found->nodesetval != nullptr) {
      for (int i = 0; i < found->nodesetval->nodeNr; ++i) {
        inner += TakeXmlString(xmlNodeGetContent(found->nodesetval->nodeTab[i])) + "\n";
      }
    } else if (found) {
      inner = TakeXmlString(xmlXPathCastToString(found.get()));
    }
    if (inner.empty()) {
      out.error = "content_xpath matched nothing";
      return out;
    }
    markup = std::move(inner);
  }
  markup = UnwrapCdata(std::move(markup));

  if (c_->item_regex) {
    for (std::sregex_iterator it(markup.begin(), markup.end(), *c_->item_regex), end; it != end;
         ++it) {
      ListItem item;
      for (size_t g = 0; g < c_->regex_fields.size(); ++g) {
        const std::string value = (*it)[g + 1].str();
        switch (c_->regex_fields[g]) {
          case RegexField::kUrl:
            item.link = CollapseSpaces(value);
            break;
          case RegexField::kTitle:
            item.title = CollapseSpaces(HtmlToText(value));
            break;
          case RegexField::kDate:
            item.date_text = CollapseSpaces(value);
            break;
          case RegexField::kIgnore:
            break;
        }
      }
      out.items.push_back(std::move(item));
    }
    return out;
  }

  XmlDocPtr doc = ParseHtmlUtf8(markup);
  if (!doc) {
    out.error = "the page could not be parsed as HTML";
    return out;
  }
  XPathContextPtr ctx(xmlXPathNewContext(doc.get()));
  if (!ctx) return out;
  xmlNode* doc_node = reinterpret_cast<xmlNode*>(doc.get());
  out.base_href = CollapseSpaces(EvalXPathString(c_->base_href.get(), ctx.get(), doc_node));
  ctx->node = doc_node;
  XPathObjectPtr items(xmlXPathCompiledEval(c_->item.get(), ctx.get()));
  if (!items || items->type != XPATH_NODESET || items->nodesetval == nullptr) return out;
  const xmlNodeSet* nodes = items->nodesetval;
  for (int i = 0; i < nodes->nodeNr; ++i) {
    xmlNode* node = nodes->nodeTab[i];
    ListItem item;
    xmlNode* anchor = nullptr;
    if (!c_->link || !c_->title) {
      ctx->node = node;
      XPathObjectPtr found(xmlXPathCompiledEval(c_->first_link.get(), ctx.get()));
      if (found && found->type == XPATH_NODESET && found->nodesetval &&
          found->nodesetval->nodeNr > 0) {
        anchor = found->nodesetval->nodeTab[0];
      }
    }
    if (c_->link) {
      item.link = CollapseSpaces(EvalXPathString(c_->link.get(), ctx.get(), node));
    } else if (anchor) {
      item.link = CollapseSpaces(TakeXmlString(xmlGetProp(anchor, BAD_CAST "href")));
    }
    if (c_->title) {
      item.title = CollapseSpaces(EvalXPathString(c_->title.get(), ctx.get(), node));
    } else if (anchor) {
      // List pages often truncate the link text and keep the whole title in @title.
      std::string text = CollapseSpaces(TakeXmlString(xmlNodeGetContent(anchor)));
      std::string attr = CollapseSpaces(TakeXmlString(xmlGetProp(anchor, BAD_CAST "title")));
      item.title = Utf8Chars(attr) >= Utf8Chars(text) ? attr : text;
    }
    if (c_->date) {
      item.date_text = CollapseSpaces(EvalXPathString(c_->date.get(), ctx.get(), node));
    } else {
      // No date_xpath: a date written anywhere in the item ("标题 2024-04-10").
      item.date_text = CollapseSpaces(TakeXmlString(xmlNodeGetContent(node)));
      if (!item.date_text.empty() && !ParseDate(item.date_text, c_->offset_minutes)) {
        auto found = FindDateInText(item.date_text, c_->offset_minutes);
        item.date_text =
            found ? item.date_text.substr(found->begin, found->end - found->begin) : std::string();
      }
    }
    out.items.push_back(std::move(item));
  }
  return out;
}

}  // namespace newswatch

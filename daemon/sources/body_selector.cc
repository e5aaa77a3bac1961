#include "daemon/sources/body_selector.h"

#include <libxml/HTMLtree.h>

#include <utility>

#include "daemon/core/url.h"
#include "daemon/sources/http_options.h"
#include "daemon/sources/xpath.h"
#include "daemon/text/html_text.h"

namespace newswatch {

struct BodySelector::Rules {
  // Host suffix ("sina.com.cn" matches finance.sina.com.cn; "" matches every host), XPath.
  std::vector<std::pair<std::string, CompiledXPath>> by_host;
};

BodySelector::BodySelector() = default;
BodySelector::~BodySelector() = default;
BodySelector::BodySelector(BodySelector&&) noexcept = default;
BodySelector& BodySelector::operator=(BodySelector&&) noexcept = default;

std::vector<OptionSpec> BodySelectorOptions() {
  return {
      {"body_xpath", OptionType::kString, "",
       "XPath of the article body on this source's pages (e.g. //div[@class='TRS_Editor']); "
       "when it matches, it replaces the generic extractor's body."},
      {"body_xpath_hosts", OptionType::kStringMap, "",
       "Per host (a host or a parent domain): the body XPath there, e.g. {news.sina.com.cn: "
       "\"//*[@id='article']\", finance.sina.com.cn: \"//*[@id='artibody']\"}; wins over "
       "body_xpath."},
  };
}

bool BodySelector::empty() const { return !rules_ || rules_->by_host.empty(); }

Result<BodySelector> BodySelector::Create(const SourceConfig& config) {
  BodySelector out;
  out.rules_ = std::make_unique<Rules>();
  for (const auto& [host, text] : config.options.Map("body_xpath_hosts")) {
    auto compiled = CompileXPath(text);
    if (!compiled.ok()) {
      return SourceOptionError(config, "body_xpath_hosts",
                               "body_xpath_hosts[" + host + "]: " + compiled.status().message());
    }
    std::string h = host;
    for (char& c : h) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.rules_->by_host.emplace_back(std::move(h), std::move(compiled).value());
  }
  if (const std::string text = config.options.String("body_xpath"); !text.empty()) {
    auto compiled = CompileXPath(text);
    if (!compiled.ok()) {
      return SourceOptionError(config, "body_xpath", "body_xpath: " + compiled.status().message());
    }
    out.rules_->by_host.emplace_back("", std::move(compiled).value());
  }
  return out;
}

std::optional<std::string> BodySelector::Apply(std::string_view url,
                                               const std::string& html_utf8) const {
  if (empty()) return std::nullopt;
  const std::string host = UrlHost(url);
  xmlXPathCompExpr* expr = nullptr;
  for (const auto& [suffix, compiled] : rules_->by_host) {
    const bool matches = suffix.empty() || host == suffix ||
                         (host.size() > suffix.size() &&
                          host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0 &&
                          host[host.size() - suffix.size() - 1] == '.');
    if (matches) {
      expr = compiled.get();
      break;
    }
  }
  if (expr == nullptr) return std::nullopt;
  XmlDocPtr doc = ParseHtmlUtf8(html_utf8);
  if (!doc) return std::nullopt;
  XPathContextPtr ctx(xmlXPathNewContext(doc.get()));
  if (!ctx) return std::nullopt;
  ctx->node = reinterpret_cast<xmlNode*>(doc.get());
  XPathObjectPtr found(xmlXPathCompiledEval(expr, ctx.get()));
  if (!found || found->type != XPATH_NODESET || found->nodesetval == nullptr) return std::nullopt;
  std::string html;
  for (int i = 0; i < found->nodesetval->nodeNr; ++i) {
    xmlNode* node = found->nodesetval->nodeTab[i];
    // Nested matches (a div and its own p) would repeat text: keep the outermost.
    bool nested = false;
    for (xmlNode* up = node->parent; up != nullptr && !nested; up = up->parent) {
      for (int j = 0; j < found->nodesetval->nodeNr && !nested; ++j) {
        nested = found->nodesetval->nodeTab[j] == up;
      }
    }
    if (nested) continue;
    xmlBufferPtr buffer = xmlBufferCreate();
    if (buffer == nullptr) continue;
    if (htmlNodeDump(buffer, doc.get(), node) >= 0) {
      html.append(reinterpret_cast<const char*>(xmlBufferContent(buffer)),
                  static_cast<size_t>(xmlBufferLength(buffer)));
      html += "\n";
    }
    xmlBufferFree(buffer);
  }
  std::string text = HtmlToText(html);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
  return text;
}

}  // namespace newswatch

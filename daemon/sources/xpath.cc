#include "daemon/sources/xpath.h"

#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>
#include <libxml/xpathInternals.h>

#include <algorithm>
#include <climits>

namespace newswatch {
namespace {

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

}  // namespace

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

XmlDocPtr ParseHtmlUtf8(const std::string& utf8) {
  const int size = static_cast<int>(std::min<size_t>(utf8.size(), INT_MAX));
  return XmlDocPtr(htmlReadMemory(utf8.data(), size, nullptr, "UTF-8",
                                  HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                      HTML_PARSE_NOWARNING | HTML_PARSE_IGNORE_ENC |
                                      XML_PARSE_HUGE));
}

std::string EvalXPathString(xmlXPathCompExpr* expr, xmlXPathContext* ctx, xmlNode* node) {
  ctx->node = node;
  XPathObjectPtr result(xmlXPathCompiledEval(expr, ctx));
  if (!result) return {};
  return TakeXmlString(xmlXPathCastToString(result.get()));
}

}  // namespace newswatch

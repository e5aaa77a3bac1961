// Compiled XPath expressions for the sources: compiled once from the configuration (a bad
// expression stops start-up with libxml2's reason), evaluated per page.
// Thread-safety: a CompiledXPath is immutable; evaluate it with a per-call context.
#pragma once

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include <memory>
#include <string>

#include "daemon/core/result.h"
#include "daemon/text/libxml_owners.h"

namespace newswatch {

struct XPathCompExprFree {
  void operator()(xmlXPathCompExpr* e) const { xmlXPathFreeCompExpr(e); }
};
using CompiledXPath = std::unique_ptr<xmlXPathCompExpr, XPathCompExprFree>;

// Compiles `text`; fails (kInvalidArgument) with libxml2's reason and the offset.
Result<CompiledXPath> CompileXPath(const std::string& text);

// The string value of `expr` evaluated with `node` as the context node.
std::string EvalXPathString(xmlXPathCompExpr* expr, xmlXPathContext* ctx, xmlNode* node);

// Parses decoded UTF-8 as HTML, leniently (recover, no network, no error output).
XmlDocPtr ParseHtmlUtf8(const std::string& utf8);

}  // namespace newswatch

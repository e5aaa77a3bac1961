// Move-only owners for libxml2 handles, so no parsed document, XPath context or libxml-allocated
// string outlives its scope or leaks on an early return. Borrowers take the raw pointer (.get()).
// Thread-safety: an owner is as thread-safe as the handle it holds (one thread at a time); libxml2
// itself is safe to use from several threads on different documents.
#pragma once

#include <libxml/tree.h>
#include <libxml/xmlmemory.h>
#include <libxml/xpath.h>

#include <memory>
#include <string>

namespace newswatch {

struct XmlDocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
struct XPathContextFree {
  void operator()(xmlXPathContext* ctx) const { xmlXPathFreeContext(ctx); }
};
struct XPathObjectFree {
  void operator()(xmlXPathObject* obj) const { xmlXPathFreeObject(obj); }
};
struct XmlCharFree {
  void operator()(xmlChar* s) const { xmlFree(s); }
};

// A parsed XML or HTML document (htmlDocPtr is an xmlDocPtr); freed with xmlFreeDoc.
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocFree>;
// An XPath evaluation context; it borrows its document, which must outlive it.
using XPathContextPtr = std::unique_ptr<xmlXPathContext, XPathContextFree>;
// An XPath result (node set, string, ...); its node set borrows nodes of the document.
using XPathObjectPtr = std::unique_ptr<xmlXPathObject, XPathObjectFree>;
// A string allocated by libxml2 (xmlNodeGetContent, xmlGetProp, ...); freed with xmlFree.
using XmlCharPtr = std::unique_ptr<xmlChar, XmlCharFree>;

// Copies a libxml2 string into a std::string ("" for null) and frees it.
inline std::string TakeXmlString(xmlChar* s) {
  XmlCharPtr owner(s);
  return owner ? std::string(reinterpret_cast<const char*>(owner.get())) : std::string();
}

// Views a libxml2 string as const char* ("" for null); does not take ownership.
inline const char* XmlCharsAsChars(const xmlChar* s) {
  return s ? reinterpret_cast<const char*>(s) : "";
}

}  // namespace newswatch

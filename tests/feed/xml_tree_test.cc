// XmlTree (built from libxml2's SAX2 events) must hold what libxml2's own DOM holds for the same
// bytes and options: these tests parse documents both ways and compare node by node (kind,
// name, namespace, attributes, text, xml:base, serialised markup) and the errors libxml2
// reported. Inputs: every real feed of ../shared/corpus/feeds as PrepareXml writes it, the same
// feeds cut, with bytes deleted, inserted or flipped (libxml2's recovery paths), and documents
// built for the edges (undeclared prefixes, unclosed start tags, mismatched end tags, namespaced
// markup to serialise, attribute references, xml:base chains, excessive depth).
#include "daemon/feed/xml_tree.h"

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "daemon/feed/text_stash.h"
#include "daemon/feed/xml_prepare.h"
#include "daemon/text/charset.h"
#include "tests/feed/xml_mutation.h"
#include "tests/support/read_file.h"

namespace newswatch {
namespace {

namespace fs = std::filesystem;
using NodeId = XmlTree::NodeId;

using ::newswatch::testing::ReadFile;

struct DocDeleter {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
struct CtxtDeleter {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};
struct BufferDeleter {
  void operator()(xmlBuffer* b) const { xmlBufferFree(b); }
};

std::string Take(xmlChar* s) {
  std::string out = s != nullptr ? reinterpret_cast<const char*>(s) : "";
  xmlFree(s);
  return out;
}

const char* Chars(const xmlChar* s) { return reinterpret_cast<const char*>(s); }

// libxml2's DOM for `xml` with the options XmlTree uses, and the errors it reported.
struct Dom {
  std::unique_ptr<xmlDoc, DocDeleter> doc;
  XmlDiagnostics diagnostics;
};

void CollectDomError(void* user, xmlErrorPtr error) {
  auto* ctxt = static_cast<xmlParserCtxt*>(user);
  auto* d = static_cast<XmlDiagnostics*>(ctxt->_private);
  ++d->errors;
  if (error == nullptr || d->messages.size() >= 10) return;
  std::string m = error->message != nullptr ? error->message : "XML error";
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  d->messages.push_back("line " + std::to_string(error->line) + ": " + m);
}

Dom ParseDom(const std::string& xml, const std::string& url) {
  Dom dom;
  std::unique_ptr<xmlParserCtxt, CtxtDeleter> ctxt(xmlNewParserCtxt());
  ctxt->sax->serror = &CollectDomError;
  ctxt->sax->initialized = XML_SAX2_MAGIC;
  ctxt->_private = &dom.diagnostics;
  const int options = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
                      XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_COMPACT |
                      XML_PARSE_IGNORE_ENC;
  dom.doc.reset(xmlCtxtReadMemory(ctxt.get(), xml.data(), static_cast<int>(xml.size()),
                                  url.empty() ? nullptr : url.c_str(), "UTF-8", options));
  dom.diagnostics.well_formed = ctxt->wellFormed != 0;
  return dom;
}

bool IsText(const xmlNode* n) {
  return n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE;
}

// Compares the subtree at tree node `n` with DOM node `d`; reports the first difference.
class Comparer {
 public:
  Comparer(const XmlTree& t, xmlDoc* doc, std::string what)
      : t_(t), doc_(doc), what_(std::move(what)) {}

  bool Same(NodeId n, xmlNode* d, int depth) {
    const std::string where =
        what_ + " at <" + (d->name ? Chars(d->name) : "?") + "> depth " + std::to_string(depth);
    if (d->type == XML_ELEMENT_NODE) {
      if (!t_.IsElement(n)) return Fail(where + ": not an element in the tree");
      if (std::string(t_.name(n)) != Chars(d->name)) return Fail(where + ": name " + t_.name(n));
      const std::string uri = d->ns != nullptr && d->ns->href ? Chars(d->ns->href) : "";
      const std::string prefix = d->ns != nullptr && d->ns->prefix ? Chars(d->ns->prefix) : "";
      if ((t_.ns_uri(n) ? t_.ns_uri(n) : "") != uri) return Fail(where + ": namespace");
      if ((t_.ns_prefix(n) ? t_.ns_prefix(n) : "") != prefix) return Fail(where + ": prefix");
      for (xmlAttr* a = d->properties; a != nullptr; a = a->next) {
        // The first attribute of each name is what Attribute() returns.
        bool first = true;
        for (xmlAttr* b = d->properties; b != a; b = b->next) {
          if (std::strcmp(Chars(b->name), Chars(a->name)) == 0) first = false;
        }
        if (!first) continue;
        const std::string value = Take(xmlNodeListGetString(doc_, a->children, 1));
        if (std::string(t_.Attribute(n, Chars(a->name))) != value) {
          return Fail(where + ": attribute " + Chars(a->name));
        }
      }
      if (t_.HasAttributes(n) != (d->properties != nullptr)) return Fail(where + ": attributes");
      std::string text;
      t_.AppendText(n, text);
      if (text != Take(xmlNodeGetContent(d))) return Fail(where + ": text");
      if (t_.BaseOf(n) != Take(xmlNodeGetBase(doc_, d))) return Fail(where + ": base");
      if (depth > 0) {
        std::string markup;
        t_.AppendMarkup(n, markup);
        std::unique_ptr<xmlBuffer, BufferDeleter> buffer(xmlBufferCreate());
        xmlNodeDump(buffer.get(), doc_, d, 0, 0);
        if (markup != Chars(xmlBufferContent(buffer.get()))) {
          return Fail(where + ": markup\n  tree: " + markup +
                      "\n  dom:  " + Chars(xmlBufferContent(buffer.get())));
        }
      }
      NodeId c = t_.first_child(n);
      for (xmlNode* dc = d->children; dc != nullptr; dc = dc->next) {
        if (c == XmlTree::kNone) return Fail(where + ": fewer children in the tree");
        if (!Same(c, dc, depth + 1)) return false;
        c = t_.next_sibling(c);
      }
      if (c != XmlTree::kNone) return Fail(where + ": more children in the tree");
      return true;
    }
    if (IsText(d)) {
      if (t_.kind(n) != XmlTree::Kind::kText) return Fail(where + ": not text in the tree");
      std::string escaped;
      t_.AppendEscapedText(n, escaped);
      const std::string want = Take(xmlEncodeSpecialChars(doc_, d->content));
      if (escaped != want) return Fail(where + ": text node [" + escaped + "] vs [" + want + "]");
      return true;
    }
    if (d->type == XML_COMMENT_NODE) {
      if (t_.kind(n) != XmlTree::Kind::kComment) return Fail(where + ": not a comment");
      return true;
    }
    if (d->type == XML_PI_NODE) {
      if (t_.kind(n) != XmlTree::Kind::kProcessingInstruction) return Fail(where + ": not a PI");
      return true;
    }
    return Fail(where + ": DOM node type " + std::to_string(d->type));
  }

  const std::string& failure() const { return failure_; }

 private:
  bool Fail(std::string why) {
    failure_ = std::move(why);
    return false;
  }

  const XmlTree& t_;
  xmlDoc* doc_;
  std::string what_;
  std::string failure_;
};

// Parses `xml` both ways; returns "" if they agree, else the first difference.
std::string CompareWithDom(const std::string& xml, const std::string& url,
                           const std::string& what) {
  XmlDiagnostics diagnostics;
  Result<XmlTree> tree = XmlTree::Parse(xml, url, nullptr, 10, diagnostics);
  if (!tree.ok()) return what + ": " + tree.status().ToString();
  const Dom dom = ParseDom(xml, url);
  if (diagnostics.well_formed != dom.diagnostics.well_formed ||
      diagnostics.errors != dom.diagnostics.errors ||
      diagnostics.messages != dom.diagnostics.messages) {
    std::string why = what + ": diagnostics differ (" + std::to_string(diagnostics.errors) +
                      " vs " + std::to_string(dom.diagnostics.errors) + " errors)";
    for (size_t i = 0; i < diagnostics.messages.size() || i < dom.diagnostics.messages.size();
         ++i) {
      why +=
          "\n  tree: " + (i < diagnostics.messages.size() ? diagnostics.messages[i] : "") +
          "\n  dom:  " + (i < dom.diagnostics.messages.size() ? dom.diagnostics.messages[i] : "");
    }
    return why;
  }
  xmlNode* root = dom.doc ? xmlDocGetRootElement(dom.doc.get()) : nullptr;
  if ((root == nullptr) != (tree->root() == XmlTree::kNone)) return what + ": root differs";
  if (root == nullptr) return "";
  Comparer comparer(*tree, dom.doc.get(), what);
  return comparer.Same(tree->root(), root, 0) ? "" : comparer.failure();
}

std::string Prepared(const std::string& bytes) {
  size_t fixes = 0;
  std::string storage;
  return std::string(
      PrepareXml(DecodeToUtf8(bytes, "", MarkupKind::kXml).utf8, fixes, nullptr, storage));
}

TEST(XmlTreeTest, EdgeDocumentsMatchLibxml2Dom) {
  const std::vector<std::string> docs = {
      // Undeclared prefixes on elements and attributes; a name with two colons.
      "<rdf:RDF><channel rdf:about=\"http://x/\"><title>t</title></channel><item "
      "rdf:about=\"http://x/1\"><dc:creator>me</dc:creator><a:b:c>z</a:b:c></item></rdf:RDF>",
      // Markup to serialise: namespaces declared on the way, prefixed attributes, xml:lang,
      // quotes, line ends and tabs in attributes, CR in text, comments, PIs, empty elements.
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"xhtml\"><div "
      "xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:h=\"http://www.w3.org/1999/xhtml\"><h:p "
      "xml:lang=\"zh\" h:class=\"c\" title='say \"hi\"' data-z=\"a&#10;b&#9;c&#13;d&lt;&gt;&amp;\">"
      "\xE5\x85\x83 &amp; &lt;t&gt; \"q\" &#13; x</h:p><!-- c --><?pi some data?><?pi2?><br/>"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">"
      "<use xlink:href=\"#x\"/></svg><q xmlns:a='u\"v'/><q xmlns=\"\">in</q></div></content>"
      "</entry></feed>",
      // Attribute values the parser rewrote (references, non-ASCII, line ends).
      "<rss><channel><item><enclosure url=\"http://e/a?x=1&amp;y=2&#38;z=3&amp;amp;w\" "
      "type=\"a&lt;b\" alt=\"\xE4\xB8\xAD&#x4E2D;\" t=\"a\nb\" e=\"\"/></item></channel></rss>",
      // Unclosed start tags, mismatched and misspelled end tags, text outside the root.
      "junk<?pi x?><!-- c --><rss version=\"2.0\"><channel>\n<item><title x=\"1\" <b>t</title>"
      "\n<description>x <b>y</i> z</description></item>\n<item><title>b</titl>\n</item>"
      "<item><title>c</title></item></channel></rss>tail<!-- after --><extra/>",
      "<rss version=\"2.0\" <channel><item><title>t</title></item></channel></rss>",
      // xml:base chains: relative, absolute http and https, urn, against the document URL.
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"http://a.example/base/\">"
      "<entry xml:base=\"sub/\"><link href=\"rel\"/></entry><entry xml:base=\"https://b/x/\">"
      "<link href=\"y\"/></entry><entry xml:base=\"urn:x\"><link href=\"l\"/></entry>"
      "<entry xml:base=\"\"><link href=\"l\"/></entry></feed>",
      // Deeper than libxml2 allows (256): the parse stops with an error.
      "<rss><channel><item><description>" +
          [] {
            std::string s;
            for (int i = 0; i < 300; ++i) s += "<d>";
            return s;
          }(),
      // Text split by references, CDATA and comments; CR LF line ends.
      "<rss><channel><item><title>a&amp;b<![CDATA[c]]>d<!--x-->e&#x4E2D;</title>\r\n"
      "<description>\r\n<![CDATA[x\r\ny]]>\r\n</description></item></channel></rss>",
      "",
      "   ",
      "<",
      "<a",
      "<a>",
      "\xEF\xBB\xBF<a/>",
  };
  for (size_t i = 0; i < docs.size(); ++i) {
    for (const std::string url : {"", "http://example.com/feeds/x.xml"}) {
      const std::string diff =
          CompareWithDom(Prepared(docs[i]), url, "document " + std::to_string(i));
      EXPECT_EQ(diff, "");
    }
  }
}

TEST(XmlTreeTest, EveryCorpusFeedAndMutantsMatchLibxml2Dom) {
  const fs::path feeds = fs::path(NW_SHARED_DIR) / "corpus" / "feeds";
  ASSERT_TRUE(fs::exists(feeds)) << feeds;
  size_t files = 0;
  uint32_t seed = 2024;
  for (const auto& entry : fs::recursive_directory_iterator(feeds)) {
    if (!entry.is_regular_file()) continue;
    const std::string bytes = ReadFile(entry.path());
    const std::string xml = Prepared(bytes);
    ASSERT_EQ(CompareWithDom(xml, "http://example.com/f.xml", entry.path().string()), "");
    for (int m = 0; m < 3; ++m) {
      // Mutated before decoding, as a damaged download would be: the input stays UTF-8.
      const std::string mutant = Prepared(testing::MutateXml(bytes, seed));
      ASSERT_EQ(CompareWithDom(mutant, "", entry.path().string() + " mutant " + std::to_string(m)),
                "");
    }
    ++files;
  }
  EXPECT_GT(files, 700u);
}

// The stash's markers must come back once each; a lost or repeated marker is reported so that
// ParseFeed can parse again without the stash.
TEST(XmlTreeTest, StashMarkersExpandAndLostOnesAreReported) {
  const std::string han = "\xE5\x85\x83\xE5\xAE\x87\xE5\xAE\x99\xE4\xBA\xA7\xE4\xB8\x9A";
  std::string long_text;
  for (int i = 0; i < 4; ++i) long_text += han;
  const std::string doc = "<rss><channel><item><title>" + long_text + "</title><description>a" +
                          "<![CDATA[" + long_text + "]]>b</description></item></channel></rss>";
  TextStash stash;
  size_t fixes = 0;
  std::string storage;
  const std::string xml(PrepareXml(doc, fixes, &stash, storage));
  ASSERT_EQ(stash.size(), 2u);
  EXPECT_EQ(xml.find(han), std::string::npos);
  XmlDiagnostics diagnostics;
  Result<XmlTree> tree = XmlTree::Parse(xml, "", &stash, 10, diagnostics);
  ASSERT_TRUE(tree.ok());
  EXPECT_TRUE(tree->stash_intact());
  const NodeId item = tree->first_child(tree->first_child(tree->root()));
  const NodeId title = tree->first_child(item);
  const NodeId description = tree->next_sibling(title);
  std::string scratch;
  EXPECT_EQ(tree->TrimmedText(title, scratch), long_text);
  EXPECT_EQ(tree->TrimmedText(description, scratch), "a" + long_text + "b");

  // The second marker dropped, then the first repeated.
  const size_t second = xml.find(TextStash::kMarker, xml.find(TextStash::kMarker) + 3);
  std::string lost = xml;
  lost.erase(second, xml.find(TextStash::kMarker, second + 1) + 1 - second);
  Result<XmlTree> lost_tree = XmlTree::Parse(lost, "", &stash, 10, diagnostics);
  ASSERT_TRUE(lost_tree.ok());
  EXPECT_FALSE(lost_tree->stash_intact());
  std::string repeated = xml;
  repeated.replace(second + 1, 1, "0");
  Result<XmlTree> repeated_tree = XmlTree::Parse(repeated, "", &stash, 10, diagnostics);
  ASSERT_TRUE(repeated_tree.ok());
  EXPECT_FALSE(repeated_tree->stash_intact());
}

}  // namespace
}  // namespace newswatch

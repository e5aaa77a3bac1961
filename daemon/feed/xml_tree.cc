#include "daemon/feed/xml_tree.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <utility>

#include "daemon/text/utf8.h"

namespace newswatch {
namespace {

struct XmlParserCtxtDeleter {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};
using XmlParserCtxtPtr = std::unique_ptr<xmlParserCtxt, XmlParserCtxtDeleter>;

struct XmlCharDeleter {
  void operator()(xmlChar* s) const { xmlFree(s); }
};
using XmlCharPtr = std::unique_ptr<xmlChar, XmlCharDeleter>;

const char* Chars(const xmlChar* s) { return reinterpret_cast<const char*>(s); }
const xmlChar* XmlChars(const char* s) { return reinterpret_cast<const xmlChar*>(s); }

void InitLibxmlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

bool IsCSpace(char c) {  // isspace() in the C locale
  return c == ' ' || (c >= '\t' && c <= '\r');
}

std::string_view TrimView(std::string_view s) {
  size_t b = 0;
  size_t e = s.size();
  while (b < e && IsCSpace(s[b])) ++b;
  while (e > b && IsCSpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

// xmlSAX2Text refuses to grow one text node past this without XML_PARSE_HUGE.
constexpr size_t kMaxTextLength = 10000000;

// An attribute value the parser had to rewrite comes in libxml2's "reparse" form, where the
// only '&' left starts a reference ("&#38;" for a literal '&'); the DOM builder runs it through
// xmlStringLenGetNodeList and xmlNodeListGetString. This decodes it the same way.
void AppendReparsedValue(std::string_view v, std::string& out) {
  size_t i = 0;
  while (i < v.size()) {
    const size_t amp = v.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(v.substr(i));
      return;
    }
    out.append(v.substr(i, amp - i));
    size_t p = amp + 1;
    if (p < v.size() && v[p] == '#') {
      const bool hex = p + 1 < v.size() && v[p + 1] == 'x';
      p += hex ? 2 : 1;
      unsigned value = 0;
      while (p < v.size() && v[p] != ';') {
        const char c = v[p];
        unsigned digit = 0;
        if (c >= '0' && c <= '9') {
          digit = static_cast<unsigned>(c - '0');
        } else if (hex && c >= 'a' && c <= 'f') {
          digit = static_cast<unsigned>(c - 'a' + 10);
        } else if (hex && c >= 'A' && c <= 'F') {
          digit = static_cast<unsigned>(c - 'A' + 10);
        } else {
          value = 0;
          break;
        }
        value = value * (hex ? 16 : 10) + digit;
        ++p;
      }
      if (p < v.size() && v[p] == ';') ++p;
      if (value != 0) AppendUtf8(value, out);  // as xmlCopyCharMultiByte writes it
      i = p;
      continue;
    }
    const size_t semi = v.find(';', p);
    if (semi == std::string_view::npos) return;  // unterminated: the rest is dropped
    const std::string_view name = v.substr(p, semi - p);
    if (name == "lt") out += '<';
    if (name == "gt") out += '>';
    if (name == "amp") out += '&';
    if (name == "apos") out += '\'';
    if (name == "quot") out += '"';
    i = semi + 1;  // any other entity is undefined here and expands to nothing
  }
}

// The characters libxml2's serialisers escape: all of them escape <, >, & and CR; some also the
// double quote, attribute values also LF and tab.
enum EscapeExtra : unsigned { kEscapeQuote = 1, kEscapeLfTab = 2 };

// Copies `s` to `out` with those characters written as libxml2 writes them.
void AppendEscaped(std::string_view s, std::string& out, unsigned extra) {
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char* rep = nullptr;
    switch (s[i]) {
      case '<':
        rep = "&lt;";
        break;
      case '>':
        rep = "&gt;";
        break;
      case '&':
        rep = "&amp;";
        break;
      case '\r':
        rep = "&#13;";
        break;
      case '"':
        rep = (extra & kEscapeQuote) ? "&quot;" : nullptr;
        break;
      case '\n':
        rep = (extra & kEscapeLfTab) ? "&#10;" : nullptr;
        break;
      case '\t':
        rep = (extra & kEscapeLfTab) ? "&#9;" : nullptr;
        break;
      default:
        break;
    }
    if (rep == nullptr) continue;
    out.append(s.data() + run, i - run);
    out += rep;
    run = i + 1;
  }
  out.append(s.data() + run, s.size() - run);
}

// xmlEscapeContent (text inside serialised elements).
void AppendEscapedContent(std::string_view s, std::string& out) { AppendEscaped(s, out, 0); }

// xmlEncodeSpecialChars (text directly below the serialised element).
void AppendSpecialCharsEscaped(std::string_view s, std::string& out) {
  AppendEscaped(s, out, kEscapeQuote);
}

// xmlBufAttrSerializeTxtContent for a document with an encoding (non-ASCII stays as it is).
void AppendEscapedAttribute(std::string_view s, std::string& out) {
  AppendEscaped(s, out, kEscapeQuote | kEscapeLfTab);
}

// xmlBufWriteQuotedString (namespace URIs).
void AppendQuoted(std::string_view s, std::string& out) {
  if (s.find('"') == std::string_view::npos) {
    out += '"';
    out += s;
    out += '"';
  } else if (s.find('\'') == std::string_view::npos) {
    out += '\'';
    out += s;
    out += '\'';
  } else {
    out += '"';
    for (const char c : s) {
      if (c == '"') {
        out += "&quot;";
      } else {
        out += c;
      }
    }
    out += '"';
  }
}

}  // namespace

// ---- Building the tree from SAX2 events ----------------------------------------------------
//
// The callbacks do what xmlSAX2's DOM builder does, minus the DOM. libxml2 reads the builder's
// node stack (ctxt->node, nodePush / nodePop) during recovery: an element whose start tag never
// ends is popped without an end event, and a mismatched end tag reports the line of
// ctxt->node. So every open element is pushed as a stand-in xmlNode (one per depth, reused)
// carrying its line and, in _private, its id here; the current element is always ctxt->node.

class XmlTree::Builder {
 public:
  Builder(XmlTree& tree, xmlParserCtxt* ctxt, XmlDiagnostics& diagnostics, size_t max_messages)
      : tree_(tree), ctxt_(ctxt), diagnostics_(diagnostics), max_messages_(max_messages) {}

  static void Install(xmlSAXHandler* sax) {
    sax->startDocument = nullptr;
    sax->endDocument = nullptr;
    sax->startElement = nullptr;
    sax->endElement = nullptr;
    sax->startElementNs = &OnStartElement;
    sax->endElementNs = &OnEndElement;
    sax->characters = &OnCharacters;
    sax->ignorableWhitespace = &OnCharacters;
    sax->cdataBlock = &OnCharacters;
    sax->comment = &OnComment;
    sax->processingInstruction = &OnProcessingInstruction;
    sax->reference = nullptr;
    // Never reached without a DTD (PrepareXml drops it); cleared so nothing can declare an
    // entity or load an external subset even if one slipped through.
    sax->internalSubset = nullptr;
    sax->externalSubset = nullptr;
    sax->entityDecl = nullptr;
    sax->unparsedEntityDecl = nullptr;
    sax->notationDecl = nullptr;
    sax->attributeDecl = nullptr;
    sax->elementDecl = nullptr;
    sax->resolveEntity = nullptr;
    sax->serror = &OnError;
    sax->initialized = XML_SAX2_MAGIC;
  }

 private:
  static Builder& Of(void* ctx) {
    return *static_cast<Builder*>(static_cast<xmlParserCtxt*>(ctx)->_private);
  }

  NodeId Current() const {
    if (ctxt_->node == nullptr) return kNone;
    return static_cast<NodeId>(reinterpret_cast<uintptr_t>(ctxt_->node->_private));
  }

  NodeId NewNode(Kind kind, NodeId parent) {
    const auto id = static_cast<NodeId>(tree_.nodes_.size());
    Node& n = tree_.nodes_.emplace_back();
    n.kind = kind;
    n.parent = parent;
    if (parent != kNone) {
      Node& p = tree_.nodes_[parent];
      if (p.last_child == kNone) {
        p.first_child = id;
      } else {
        tree_.nodes_[p.last_child].next_sibling = id;
      }
      p.last_child = id;
    }
    return id;
  }

  // The name the DOM builder gives an element or attribute whose prefix was never declared.
  const xmlChar* QualifiedName(const xmlChar* prefix, const xmlChar* local) const {
    const xmlChar* full = xmlDictQLookup(ctxt_->dict, prefix, local);
    return full != nullptr ? full : local;
  }

  static void OnStartElement(void* ctx, const xmlChar* localname, const xmlChar* prefix,
                             const xmlChar* uri, int nb_namespaces, const xmlChar** namespaces,
                             int nb_attributes, int /*nb_defaulted*/, const xmlChar** attributes) {
    Builder& b = Of(ctx);
    xmlParserCtxt* ctxt = b.ctxt_;
    XmlTree& t = b.tree_;
    const NodeId parent = b.Current();
    const xmlChar* name = localname;
    if (prefix != nullptr && uri == nullptr) {
      name = b.QualifiedName(prefix, localname);
      prefix = nullptr;
    }
    const auto depth = static_cast<size_t>(std::max(ctxt->nodeNr, 0));
    while (b.stand_ins_.size() <= depth) {
      b.stand_ins_.emplace_back().type = XML_ELEMENT_NODE;  // the other fields stay zero
    }
    xmlNode& stand_in = b.stand_ins_[depth];
    stand_in.name = name;
    stand_in.line = static_cast<unsigned short>(std::min(ctxt->input->line, 65535));
    if (nodePush(ctxt, &stand_in) < 0) return;  // too deep: the parser stops here
    const NodeId id = b.NewNode(Kind::kElement, parent);
    stand_in._private = reinterpret_cast<void*>(static_cast<uintptr_t>(id));
    b.text_open_ = false;
    if (parent == kNone && t.root_ == kNone) t.root_ = id;
    Node& n = t.nodes_[id];
    n.name = Chars(name);
    n.prefix = uri != nullptr ? Chars(prefix) : nullptr;
    n.uri = Chars(uri);
    n.ns_begin = static_cast<uint32_t>(t.namespaces_.size());
    for (int i = 0; i < nb_namespaces; ++i) {
      const xmlChar* ns_prefix = namespaces[2 * i];
      if (ns_prefix != nullptr && std::strcmp(Chars(ns_prefix), "xml") == 0) continue;
      t.namespaces_.push_back({Chars(ns_prefix), Chars(namespaces[2 * i + 1])});
    }
    n.ns_end = static_cast<uint32_t>(t.namespaces_.size());
    n.attr_begin = static_cast<uint32_t>(t.attributes_.size());
    for (int i = 0; i < nb_attributes; ++i) {
      const xmlChar** a = attributes + 5 * i;
      const xmlChar* attr_name = a[0];
      const xmlChar* attr_prefix = a[1];
      const xmlChar* attr_uri = a[2];
      if (attr_prefix != nullptr && attr_uri == nullptr) {
        attr_name = b.QualifiedName(attr_prefix, attr_name);
        attr_prefix = nullptr;
      }
      const std::string_view value(Chars(a[3]), static_cast<size_t>(a[4] - a[3]));
      const size_t begin = t.values_.size();
      if (*a[4] != 0) {
        t.values_.append(value);  // taken verbatim from the input
      } else {
        AppendReparsedValue(value, t.values_);
      }
      t.attributes_.push_back(
          {Chars(attr_name), Chars(attr_prefix), Chars(attr_uri), begin, t.values_.size()});
      if (attr_uri != nullptr && std::strcmp(Chars(attr_name), "base") == 0 &&
          std::strcmp(Chars(attr_uri), Chars(XML_XML_NAMESPACE)) == 0) {
        t.has_xml_base_ = true;
      }
    }
    t.nodes_[id].attr_end = static_cast<uint32_t>(t.attributes_.size());
  }

  static void OnEndElement(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
    Builder& b = Of(ctx);
    b.text_open_ = false;
    nodePop(b.ctxt_);
  }

  // Text and CDATA (XML_PARSE_NOCDATA): appended to the current element's last child when that
  // is text, as xmlSAX2Text merges them; dropped outside the root element.
  static void OnCharacters(void* ctx, const xmlChar* ch, int len) {
    Builder& b = Of(ctx);
    const NodeId parent = b.Current();
    if (parent == kNone) return;
    XmlTree& t = b.tree_;
    const NodeId last = t.nodes_[parent].last_child;
    if (b.text_open_ && last != kNone && t.nodes_[last].kind == Kind::kText &&
        t.nodes_[last].text_end == t.text_.size()) {
      Node& text = t.nodes_[last];
      if (text.text_end - text.text_begin + static_cast<size_t>(len) > kMaxTextLength &&
          (b.ctxt_->options & XML_PARSE_HUGE) == 0) {
        b.HugeTextNode();
        return;
      }
      t.text_.append(Chars(ch), static_cast<size_t>(len));
      text.text_end = t.text_.size();
      return;
    }
    const NodeId id = b.NewNode(Kind::kText, parent);
    Node& text = t.nodes_[id];
    text.text_begin = t.text_.size();
    t.text_.append(Chars(ch), static_cast<size_t>(len));
    text.text_end = t.text_.size();
    b.text_open_ = true;
  }

  // xmlSAX2ErrMemory(ctxt, "xmlSAX2Characters: huge text node"): an error, and the parse stops.
  void HugeTextNode() {
    RecordError(ctxt_->input != nullptr ? ctxt_->input->line : 0,
                "xmlSAX2Characters: huge text node");
    ctxt_->errNo = XML_ERR_NO_MEMORY;
    ctxt_->instate = XML_PARSER_EOF;
    ctxt_->disableSAX = 1;
  }

  static void OnComment(void* ctx, const xmlChar* value) {
    Builder& b = Of(ctx);
    const NodeId parent = b.Current();
    if (parent == kNone) return;  // outside the root: nothing reads it
    XmlTree& t = b.tree_;
    const NodeId id = b.NewNode(Kind::kComment, parent);
    t.nodes_[id].text_begin = t.text_.size();
    t.text_ += Chars(value);
    t.nodes_[id].text_end = t.text_.size();
    b.text_open_ = false;
  }

  static void OnProcessingInstruction(void* ctx, const xmlChar* target, const xmlChar* data) {
    Builder& b = Of(ctx);
    const NodeId parent = b.Current();
    if (parent == kNone) return;
    XmlTree& t = b.tree_;
    const NodeId id = b.NewNode(Kind::kProcessingInstruction, parent);
    Node& n = t.nodes_[id];
    n.name = Chars(target);
    n.has_content = data != nullptr;
    n.text_begin = t.text_.size();
    if (data != nullptr) t.text_ += Chars(data);
    n.text_end = t.text_.size();
    b.text_open_ = false;
  }

  // libxml2 2.9 hands structured errors the parser context (ctxt->userData).
  static void OnError(void* user, xmlErrorPtr error) {
    auto* ctxt = static_cast<xmlParserCtxt*>(user);
    if (ctxt == nullptr || ctxt->_private == nullptr) return;
    Builder& b = Of(ctxt);
    if (error == nullptr) {
      ++b.diagnostics_.errors;
      return;
    }
    b.RecordError(error->line, error->message != nullptr ? error->message : "XML error");
  }

  void RecordError(int line, std::string_view message) {
    ++diagnostics_.errors;
    if (diagnostics_.messages.size() >= max_messages_) return;
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
      message.remove_suffix(1);
    }
    diagnostics_.messages.push_back("line " + std::to_string(line) + ": " + std::string(message));
  }

  XmlTree& tree_;
  xmlParserCtxt* ctxt_;
  XmlDiagnostics& diagnostics_;
  size_t max_messages_;
  std::deque<xmlNode> stand_ins_;
  // The current element's last child is text still open for merging (xmlSAX2Text merges only
  // until an element starts or ends).
  bool text_open_ = false;
};

// ---- XmlTree -------------------------------------------------------------------------------

XmlTree::XmlTree(XmlTree&& other) noexcept { *this = std::move(other); }

XmlTree& XmlTree::operator=(XmlTree&& other) noexcept {
  if (this == &other) return *this;
  if (dict_ != nullptr) xmlDictFree(static_cast<xmlDict*>(dict_));
  nodes_ = std::move(other.nodes_);
  attributes_ = std::move(other.attributes_);
  namespaces_ = std::move(other.namespaces_);
  text_ = std::move(other.text_);
  values_ = std::move(other.values_);
  root_ = other.root_;
  has_xml_base_ = other.has_xml_base_;
  stash_intact_ = other.stash_intact_;
  stash_ = other.stash_;
  document_url_ = std::move(other.document_url_);
  dict_ = std::exchange(other.dict_, nullptr);
  return *this;
}

XmlTree::~XmlTree() {
  if (dict_ != nullptr) xmlDictFree(static_cast<xmlDict*>(dict_));
}

Result<XmlTree> XmlTree::Parse(std::string_view xml, std::string_view document_url,
                               const TextStash* stash, size_t max_messages,
                               XmlDiagnostics& diagnostics) {
  diagnostics = XmlDiagnostics{};
  if (xml.size() > static_cast<size_t>(INT32_MAX)) return TooLarge("feed larger than 2 GiB");
  InitLibxmlOnce();
  XmlParserCtxtPtr ctxt(xmlNewParserCtxt());
  if (!ctxt || ctxt->sax == nullptr || ctxt->dict == nullptr) {
    return InternalError("libxml2: cannot allocate a parser context");
  }
  XmlTree tree;
  tree.dict_ = ctxt->dict;
  xmlDictReference(ctxt->dict);
  tree.nodes_.reserve(xml.size() / 24 + 16);
  tree.text_.reserve(xml.size());
  Builder builder(tree, ctxt.get(), diagnostics, max_messages);
  Builder::Install(ctxt->sax);
  ctxt->_private = &builder;
  const std::string url(document_url);
  // Errors go to this context's sink, never to stderr and never to a process-global handler.
  const int options = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
                      XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_COMPACT |
                      XML_PARSE_IGNORE_ENC;
  // Naming the encoding keeps libxml2 from guessing another one from the first bytes (it would
  // print conversion errors to stderr); XML_PARSE_IGNORE_ENC from switching on a declaration
  // (PrepareXml drops them all). Parsing the buffer without libxml2's UTF-8 to UTF-8 input
  // conversion saved only 2 % and changed which of libxml2's 10 MB limits apply.
  xmlCtxtReadMemory(ctxt.get(), xml.data(), static_cast<int>(xml.size()),
                    url.empty() ? nullptr : url.c_str(), "UTF-8", options);
  diagnostics.well_formed = ctxt->wellFormed != 0;
  ctxt->_private = nullptr;
  if (!url.empty()) {
    XmlCharPtr canonical(xmlPathToURI(XmlChars(url.c_str())));
    if (canonical) tree.document_url_ = Chars(canonical.get());
  }
  tree.stash_ = stash != nullptr && !stash->empty() ? stash : nullptr;
  tree.stash_intact_ = tree.CheckStash();
  return tree;
}

bool XmlTree::CheckStash() {
  if (stash_ == nullptr) return true;
  std::vector<bool> seen(stash_->size(), false);
  size_t found = 0;
  for (Node& n : nodes_) {
    if (n.kind != Kind::kText) continue;
    const std::string_view content = Content(n);
    if (content.find(TextStash::kMarker) == std::string_view::npos) continue;
    n.has_marker = true;
    if (!stash_->Check(content, seen, found)) return false;
  }
  return found == stash_->size();
}

const char* XmlTree::Interned(const char* name) const {
  return Chars(xmlDictExists(static_cast<xmlDict*>(dict_), XmlChars(name), -1));
}

bool XmlTree::HasElementChild(NodeId n) const {
  for (NodeId c = nodes_[n].first_child; c != kNone; c = nodes_[c].next_sibling) {
    if (nodes_[c].kind == Kind::kElement) return true;
  }
  return false;
}

std::string_view XmlTree::Attribute(NodeId element, std::string_view name) const {
  const Node& n = nodes_[element];
  for (uint32_t i = n.attr_begin; i < n.attr_end; ++i) {
    if (attributes_[i].name == name) return Value(attributes_[i]);
  }
  return {};
}

void XmlTree::AppendContent(const Node& n, std::string& out) const {
  if (n.has_marker) {
    stash_->AppendExpanded(Content(n), out);
  } else {
    out.append(Content(n));
  }
}

void XmlTree::AppendText(NodeId element, std::string& out) const {
  // Pre-order walk of the descendants; text (and former CDATA) only, as xmlNodeGetContent.
  NodeId n = nodes_[element].first_child;
  while (n != kNone) {
    const Node& node = nodes_[n];
    if (node.kind == Kind::kText) AppendContent(node, out);
    if (node.first_child != kNone) {
      n = node.first_child;
      continue;
    }
    while (n != kNone && n != element && nodes_[n].next_sibling == kNone) n = nodes_[n].parent;
    if (n == element || n == kNone) break;
    n = nodes_[n].next_sibling;
  }
}

std::string_view XmlTree::TrimmedText(NodeId element, std::string& scratch) const {
  const Node& e = nodes_[element];
  const NodeId only = e.first_child;
  if (only != kNone && only == e.last_child && nodes_[only].kind == Kind::kText &&
      !nodes_[only].has_marker) {
    return TrimView(Content(nodes_[only]));
  }
  scratch.clear();
  AppendText(element, scratch);
  return TrimView(scratch);
}

std::string XmlTree::TrimmedText(NodeId element) const {
  const Node& e = nodes_[element];
  const NodeId only = e.first_child;
  if (only != kNone && only == e.last_child && nodes_[only].kind == Kind::kText &&
      !nodes_[only].has_marker) {
    return std::string(TrimView(Content(nodes_[only])));
  }
  std::string out;
  AppendText(element, out);
  const std::string_view trimmed = TrimView(out);
  if (trimmed.size() != out.size()) {
    const size_t front = static_cast<size_t>(trimmed.data() - out.data());
    out.resize(front + trimmed.size());
    out.erase(0, front);
  }
  return out;
}

void XmlTree::AppendEscapedText(NodeId text, std::string& out) const {
  const Node& n = nodes_[text];
  if (!n.has_marker) {
    AppendSpecialCharsEscaped(Content(n), out);
    return;
  }
  std::string expanded;
  AppendContent(n, expanded);
  AppendSpecialCharsEscaped(expanded, out);
}

void XmlTree::AppendMarkup(NodeId start, std::string& out) const {
  // Iterative, as xmlNodeDumpOutputInternal; elements close on the way back up.
  NodeId n = start;
  while (true) {
    const Node& node = nodes_[n];
    bool descend = false;
    switch (node.kind) {
      case Kind::kText:
        if (node.has_marker) {
          std::string expanded;
          AppendContent(node, expanded);
          AppendEscapedContent(expanded, out);
        } else {
          AppendEscapedContent(Content(node), out);
        }
        break;
      case Kind::kComment:
        out += "<!--";
        out += Content(node);
        out += "-->";
        break;
      case Kind::kProcessingInstruction:
        out += "<?";
        out += node.name;
        if (node.has_content) {
          out += ' ';
          out += Content(node);
        }
        out += "?>";
        break;
      case Kind::kElement:
        out += '<';
        if (node.prefix != nullptr) {
          out += node.prefix;
          out += ':';
        }
        out += node.name;
        for (uint32_t i = node.ns_begin; i < node.ns_end; ++i) {
          const NsDecl& ns = namespaces_[i];
          out += " xmlns";
          if (ns.prefix != nullptr) {
            out += ':';
            out += ns.prefix;
          }
          out += '=';
          AppendQuoted(ns.uri, out);
        }
        for (uint32_t i = node.attr_begin; i < node.attr_end; ++i) {
          const Attr& a = attributes_[i];
          out += ' ';
          if (a.prefix != nullptr) {
            out += a.prefix;
            out += ':';
          }
          out += a.name;
          out += "=\"";
          AppendEscapedAttribute(Value(a), out);
          out += '"';
        }
        if (node.first_child == kNone) {
          out += "/>";
        } else {
          out += '>';
          descend = true;
        }
        break;
    }
    if (descend) {
      n = node.first_child;
      continue;
    }
    // Close finished elements on the way to the next sibling.
    while (n != start && nodes_[n].next_sibling == kNone) {
      n = nodes_[n].parent;
      const Node& closing = nodes_[n];
      out += "</";
      if (closing.prefix != nullptr) {
        out += closing.prefix;
        out += ':';
      }
      out += closing.name;
      out += '>';
    }
    if (n == start) return;
    n = nodes_[n].next_sibling;
  }
}

std::string XmlTree::BaseOf(NodeId n) const {
  if (!has_xml_base_) return document_url_;
  // xmlNodeGetBase: xml:base values from the node up, each resolved against the next one up.
  XmlCharPtr base;
  for (NodeId cur = n; cur != kNone; cur = nodes_[cur].parent) {
    const Node& node = nodes_[cur];
    if (node.kind != Kind::kElement) continue;
    for (uint32_t i = node.attr_begin; i < node.attr_end; ++i) {
      const Attr& a = attributes_[i];
      if (a.uri == nullptr || std::strcmp(a.name, "base") != 0 ||
          std::strcmp(a.uri, Chars(XML_XML_NAMESPACE)) != 0) {
        continue;
      }
      const std::string value(Value(a));
      if (base) {
        base.reset(xmlBuildURI(base.get(), XmlChars(value.c_str())));
        if (!base) return {};
      } else {
        base.reset(xmlStrdup(XmlChars(value.c_str())));
      }
      const std::string_view b = Chars(base.get());
      if (b.starts_with("http://") || b.starts_with("ftp://") || b.starts_with("urn:")) {
        return std::string(b);
      }
      break;
    }
  }
  if (!document_url_.empty()) {
    if (!base) return document_url_;
    XmlCharPtr resolved(xmlBuildURI(base.get(), XmlChars(document_url_.c_str())));
    return resolved ? std::string(Chars(resolved.get())) : std::string();
  }
  return base ? std::string(Chars(base.get())) : std::string();
}

}  // namespace newswatch

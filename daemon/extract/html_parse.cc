#include "daemon/extract/html_parse.h"

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parserInternals.h>

#include <climits>
#include <cstdlib>
#include <cstring>
#include <string>
#include <utility>

#include "daemon/extract/html_arena.h"
#include "daemon/extract/html_prepare.h"

namespace newswatch::extract_internal {

// ---- TreeArena ------------------------------------------------------------------------------

TreeArena::~TreeArena() {
  for (void* block : blocks_) std::free(block);
}

void* TreeArena::AllocateSlow(size_t size) {
  if (size > kBlockSize / 4) {  // a long string: a block of its own
    void* own = std::malloc(size);
    if (own == nullptr) std::abort();
    blocks_.push_back(own);
    return own;
  }
  next_ = static_cast<char*>(std::malloc(kBlockSize));
  if (next_ == nullptr) std::abort();
  blocks_.push_back(next_);
  left_ = kBlockSize;
  return Allocate(size);
}

// ---- HtmlDocument ---------------------------------------------------------------------------

HtmlDocument::HtmlDocument(HtmlDocument&& other) noexcept
    : doc_(std::exchange(other.doc_, nullptr)),
      arena_(std::move(other.arena_)),
      names_(std::exchange(other.names_, nullptr)) {}

HtmlDocument& HtmlDocument::operator=(HtmlDocument&& other) noexcept {
  if (this != &other) {
    Reset();
    doc_ = std::exchange(other.doc_, nullptr);
    arena_ = std::move(other.arena_);
    names_ = std::exchange(other.names_, nullptr);
  }
  return *this;
}

HtmlDocument::~HtmlDocument() { Reset(); }

HtmlDocument HtmlDocument::Adopt(xmlDoc* doc) {
  HtmlDocument out;
  out.doc_ = doc;
  return out;
}

void HtmlDocument::Reset() {
  if (doc_ != nullptr && arena_ == nullptr) {
    xmlFreeDoc(doc_);
  } else if (doc_ != nullptr) {
    // Only the DTD node and the document itself came from libxml2's allocator; everything
    // else goes with the arena.
    for (xmlNode* node = doc_->children; node != nullptr;) {
      xmlNode* next = node->next;
      if (node->type == XML_DTD_NODE) {
        xmlUnlinkNode(node);
        xmlFreeDtd(reinterpret_cast<xmlDtd*>(node));
      }
      node = next;
    }
    doc_->children = nullptr;
    doc_->last = nullptr;
    doc_->intSubset = nullptr;
    xmlFreeDoc(doc_);
  }
  doc_ = nullptr;
  arena_.reset();
  if (names_ != nullptr) xmlDictFree(names_);
  names_ = nullptr;
}

// ---- Tree building --------------------------------------------------------------------------

// The SAX callbacks of libxml2's HTML parser, building the tree xmlSAX2StartElement,
// xmlSAX2Characters & co. would build (libxml2 2.9, HTML mode) into a TreeArena: same nodes,
// same links, same strings. Text arriving in pieces is gathered in a buffer and copied into its
// node once the node is complete.
class HtmlDocumentBuilder {
 public:
  // With `restorer`, markers of a prepared page are replaced by their pieces on the way.
  explicit HtmlDocumentBuilder(PieceRestorer* restorer)
      : arena_(std::make_unique<TreeArena>()), restorer_(restorer) {}

  static HtmlDocumentBuilder* Of(void* ctx) {
    return static_cast<HtmlDocumentBuilder*>(static_cast<xmlParserCtxt*>(ctx)->_private);
  }

  void Install(xmlParserCtxt* ctxt) {
    ctxt->_private = this;
    xmlSAXHandler* sax = ctxt->sax;
    sax->startElement = [](void* ctx, const xmlChar* name, const xmlChar** atts) {
      Of(ctx)->StartElement(static_cast<xmlParserCtxt*>(ctx), name, atts);
    };
    sax->endElement = [](void* ctx, const xmlChar*) {
      Of(ctx)->EndElement(static_cast<xmlParserCtxt*>(ctx));
    };
    sax->characters = [](void* ctx, const xmlChar* ch, int len) {
      Of(ctx)->Text(static_cast<xmlParserCtxt*>(ctx), ch, len, XML_TEXT_NODE);
    };
    sax->cdataBlock = [](void* ctx, const xmlChar* ch, int len) {
      Of(ctx)->Text(static_cast<xmlParserCtxt*>(ctx), ch, len, XML_CDATA_SECTION_NODE);
    };
    sax->comment = [](void* ctx, const xmlChar* value) {
      Of(ctx)->Comment(static_cast<xmlParserCtxt*>(ctx), value);
    };
    sax->processingInstruction = [](void* ctx, const xmlChar* target, const xmlChar* data) {
      Of(ctx)->ProcessingInstruction(static_cast<xmlParserCtxt*>(ctx), target, data);
    };
  }

  // Completes the last text node; call once the parse is over.
  void Finish() { CloseText(); }

  TreeArena* arena() { return arena_.get(); }

  // `names`: the parser's dictionary, which the element and attribute names point into.
  HtmlDocument Take(xmlDoc* doc, xmlDict* names) {
    HtmlDocument out;
    out.doc_ = doc;
    out.names_ = names;
    if (names != nullptr) xmlDictReference(names);
    out.arena_ = std::move(arena_);
    return out;
  }

 private:
  // xmlAddChild for an element, comment or PI (no text merging applies).
  static void Append(xmlNode* parent, xmlNode* node) {
    node->parent = parent;
    node->doc = parent->doc;
    node->prev = parent->last;
    if (parent->last != nullptr) {
      parent->last->next = node;
    } else {
      parent->children = node;
    }
    parent->last = node;
  }

  // xmlAddSibling(sibling, node): after the last sibling.
  static void AppendSibling(xmlNode* sibling, xmlNode* node) {
    if (sibling->parent != nullptr) {
      Append(sibling->parent, node);
      return;
    }
    while (sibling->next != nullptr) sibling = sibling->next;
    sibling->next = node;
    node->prev = sibling;
    node->doc = sibling->doc;
  }

  static unsigned short LineOf(const xmlParserCtxt* ctxt) {
    if (!ctxt->linenumbers || ctxt->input == nullptr) return 0;
    return static_cast<unsigned>(ctxt->input->line) < USHRT_MAX
               ? static_cast<unsigned short>(ctxt->input->line)
               : USHRT_MAX;
  }

  // xmlSAX2StartElement (HTML: a name is split on ':' as a QName, the prefix dropped).
  void StartElement(xmlParserCtxt* ctxt, const xmlChar* fullname, const xmlChar** atts) {
    if (fullname == nullptr || ctxt->myDoc == nullptr) return;
    CloseText();
    xmlNode* parent = ctxt->node;
    xmlChar* prefix = nullptr;
    const xmlChar* name = fullname;
    if (std::strchr(reinterpret_cast<const char*>(fullname), ':') != nullptr) {
      xmlChar* local = xmlSplitQName(ctxt, fullname, &prefix);
      if (local == nullptr) {
        xmlFree(prefix);
        return;
      }
      name = arena_->Copy(reinterpret_cast<const char*>(local));
      xmlFree(local);
    }
    xmlNode* node = arena_->NewNode(XML_ELEMENT_NODE);
    node->name = name;
    node->doc = ctxt->myDoc;
    xmlNode* doc_node = reinterpret_cast<xmlNode*>(ctxt->myDoc);
    bool linked = false;
    if (ctxt->myDoc->children == nullptr) {
      Append(doc_node, node);
      linked = true;
    } else if (parent == nullptr) {
      parent = ctxt->myDoc->children;
    }
    ctxt->nodemem = -1;
    node->line = LineOf(ctxt);
    if (nodePush(ctxt, node) < 0) {
      if (linked) {
        doc_node->children = nullptr;
        doc_node->last = nullptr;
      }
      xmlFree(prefix);
      return;
    }
    if (parent != nullptr) {
      if (parent->type == XML_ELEMENT_NODE) {
        Append(parent, node);
      } else {
        AppendSibling(parent, node);
      }
    }
    xmlFree(prefix);  // HTML mode keeps no namespaces, only the local name
    if (atts == nullptr) return;
    last_attribute_ = nullptr;
    for (size_t i = 0; atts[i] != nullptr; i += 2) {
      const xmlChar* value = atts[i + 1];
      std::string_view first;
      if (restorer_ != nullptr && value != nullptr && value[0] == kPieceMarkerLead &&
          restorer_->Attributes(reinterpret_cast<const char*>(value), &first, &more_)) {
        // A marker: the attribute's real value, then those set aside after it.
        AddAttribute(ctxt, node, atts[i], true, first);
        for (const PieceRestorer::Attribute& a : more_) {
          AddAttribute(ctxt, node, LowerCopy(a.name), a.has_value, a.value);
        }
        continue;
      }
      AddAttribute(ctxt, node, atts[i], value != nullptr,
                   value == nullptr ? std::string_view()
                                    : std::string_view(reinterpret_cast<const char*>(value)));
    }
  }

  // An attribute name as htmlParseHTMLName leaves it, kept in the arena.
  const xmlChar* LowerCopy(std::string_view name) {
    xmlChar* copy = arena_->Copy(name);
    for (xmlChar* c = copy; *c != 0; ++c) {
      if (*c >= 'A' && *c <= 'Z') *c = static_cast<xmlChar>(*c + 32);
    }
    return copy;
  }

  // xmlSAX2AttributeInternal for HTML: a value-less boolean attribute takes its name as value.
  // `name` must live as long as the document (dictionary or arena).
  void AddAttribute(xmlParserCtxt* ctxt, xmlNode* node, const xmlChar* name, bool has_value,
                    std::string_view value) {
    if (!has_value && htmlIsBooleanAttr(name)) {
      has_value = true;
      value = reinterpret_cast<const char*>(name);
    }
    xmlAttr* attr = arena_->NewAttribute();
    attr->name = name;
    attr->parent = node;
    attr->doc = ctxt->myDoc;
    if (has_value) {
      xmlNode* text = NewTextNode(ctxt->myDoc, value);
      text->parent = reinterpret_cast<xmlNode*>(attr);
      attr->children = text;
      attr->last = text;
    }
    attr->prev = last_attribute_;
    if (last_attribute_ != nullptr) {
      last_attribute_->next = attr;
    } else {
      node->properties = attr;
    }
    last_attribute_ = attr;
  }

 public:
  // A text node as xmlNewDocText makes it.
  xmlNode* NewTextNode(xmlDoc* doc, std::string_view content) {
    xmlNode* text = arena_->NewNode(XML_TEXT_NODE);
    text->name = xmlStringText;
    text->doc = doc;
    text->content = arena_->Copy(content);
    return text;
  }

 private:
  // xmlSAX2EndElement.
  void EndElement(xmlParserCtxt* ctxt) {
    CloseText();
    ctxt->nodemem = -1;
    nodePop(ctxt);
  }

  // xmlSAX2Text: appended to the last child when that is text of the same kind. A node's
  // first piece of text goes to the arena directly; text_ gathers the rest, if any.
  void Text(xmlParserCtxt* ctxt, const xmlChar* ch, int len, xmlElementType type) {
    xmlNode* parent = ctxt->node;
    if (parent == nullptr) return;
    const std::string_view chunk(reinterpret_cast<const char*>(ch), static_cast<size_t>(len));
    const bool marked = restorer_ != nullptr &&
                        std::memchr(ch, kPieceMarkerLead, static_cast<size_t>(len)) != nullptr;
    xmlNode* last = parent->last;
    if (last != nullptr && last->type == type &&
        (type != XML_TEXT_NODE || last->name == xmlStringText)) {
      if (last != open_text_ || !buffered_) {
        if (last != open_text_) CloseText();
        open_text_ = last;
        buffered_ = true;
        text_.assign(reinterpret_cast<const char*>(last->content));
      }
      AppendChunk(parent, chunk, marked, type);
      return;
    }
    CloseText();
    xmlNode* node = arena_->NewNode(type);
    if (type == XML_TEXT_NODE) {
      node->name = xmlStringText;
      node->line = LineOf(ctxt);
    }
    Append(parent, node);
    node->doc = ctxt->myDoc;
    open_text_ = node;
    if (!marked) {
      node->content = arena_->Copy(chunk);
      buffered_ = false;
      return;
    }
    buffered_ = true;
    text_.clear();
    AppendChunk(parent, chunk, marked, type);
  }

  void AppendChunk(const xmlNode* parent, std::string_view chunk, bool marked,
                   xmlElementType type) {
    if (!marked) {
      text_.append(chunk);
      return;
    }
    restorer_->AppendText(
        chunk, type == XML_CDATA_SECTION_NODE,
        parent->name == nullptr ? std::string_view() : reinterpret_cast<const char*>(parent->name),
        &text_);
  }

  void CloseText() {
    if (open_text_ == nullptr) return;
    if (buffered_) open_text_->content = arena_->Copy(text_);
    open_text_ = nullptr;
  }

  // xmlSAX2Comment and xmlSAX2ProcessingInstruction (the HTML parser has no internal subset
  // to put them in).
  void AddOther(xmlParserCtxt* ctxt, xmlNode* node) {
    CloseText();
    node->doc = ctxt->myDoc;
    node->line = LineOf(ctxt);
    xmlNode* parent = ctxt->node;
    if (parent == nullptr) {
      Append(reinterpret_cast<xmlNode*>(ctxt->myDoc), node);
    } else if (parent->type == XML_ELEMENT_NODE) {
      Append(parent, node);
    } else {
      AppendSibling(parent, node);
    }
  }

  void Comment(xmlParserCtxt* ctxt, const xmlChar* value) {
    if (ctxt->myDoc == nullptr) return;
    xmlNode* node = arena_->NewNode(XML_COMMENT_NODE);
    node->name = xmlStringComment;
    std::string_view content = value == nullptr ? "" : reinterpret_cast<const char*>(value);
    if (restorer_ != nullptr) content = restorer_->Comment(content);
    node->content = arena_->Copy(content);
    AddOther(ctxt, node);
  }

  void ProcessingInstruction(xmlParserCtxt* ctxt, const xmlChar* target, const xmlChar* data) {
    if (ctxt->myDoc == nullptr || target == nullptr) return;
    xmlNode* node = arena_->NewNode(XML_PI_NODE);
    node->name = arena_->Copy(reinterpret_cast<const char*>(target));
    if (data != nullptr) node->content = arena_->Copy(reinterpret_cast<const char*>(data));
    AddOther(ctxt, node);
  }

  std::unique_ptr<TreeArena> arena_;
  PieceRestorer* restorer_;
  xmlNode* open_text_ = nullptr;  // the text node text may still be added to
  bool buffered_ = false;         // its content is text_, not yet in the arena
  std::string text_;
  xmlAttr* last_attribute_ = nullptr;
  std::vector<PieceRestorer::Attribute> more_;
};

namespace {

constexpr int kParseOptions = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                              HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT;

// htmlReadMemory with our tree builder: htmlDoRead's steps, on a context whose SAX handler
// builds into the arena.
HtmlDocument ReadIntoArena(std::string_view html, const char* url, PieceRestorer* restorer) {
  xmlInitParser();
  htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(html.data(), static_cast<int>(html.size()));
  if (ctxt == nullptr) return {};
  HtmlDocumentBuilder builder(restorer);
  builder.Install(ctxt);
  htmlCtxtUseOptions(ctxt, kParseOptions);
  ctxt->html = 1;
  if (xmlCharEncodingHandlerPtr handler = xmlFindCharEncodingHandler("UTF-8")) {
    xmlSwitchToEncoding(ctxt, handler);
    xmlFree(const_cast<xmlChar*>(ctxt->input->encoding));
    ctxt->input->encoding = xmlStrdup(reinterpret_cast<const xmlChar*>("UTF-8"));
  }
  if (url != nullptr && ctxt->input != nullptr && ctxt->input->filename == nullptr) {
    ctxt->input->filename =
        reinterpret_cast<char*>(xmlStrdup(reinterpret_cast<const xmlChar*>(url)));
  }
  htmlParseDocument(ctxt);
  builder.Finish();
  xmlDoc* doc = ctxt->myDoc;
  ctxt->myDoc = nullptr;
  if (ctxt->dictNames && doc != nullptr && doc->dict == ctxt->dict) ctxt->dict = nullptr;
  ctxt->_private = nullptr;
  HtmlDocument out = builder.Take(doc, ctxt->dict);
  htmlFreeParserCtxt(ctxt);
  return out;
}

HtmlDocument ReadPlain(std::string_view html, const char* url) {
  return HtmlDocument::Adopt(
      htmlReadMemory(html.data(), static_cast<int>(html.size()), url, "UTF-8", kParseOptions));
}

}  // namespace

ParsedHtml ParseHtmlPage(std::string_view html_utf8, const char* url, HtmlParseMode mode) {
  ParsedHtml parsed;
  if (html_utf8.size() > static_cast<size_t>(INT_MAX)) return parsed;
  if (mode == HtmlParseMode::kPlain) {
    parsed.doc = ReadPlain(html_utf8, url);
    return parsed;
  }
  parsed.fast = true;
  // The pre-pass's buffers are reused from page to page (but not kept after a huge page).
  thread_local PreparedHtml prepared;
  struct Trim {
    PreparedHtml& prepared;
    ~Trim() {
      if (prepared.text.capacity() > (4u << 20)) prepared = PreparedHtml();
    }
  } trim{prepared};
  if (mode == HtmlParseMode::kFast) {
    PrepareHtml(html_utf8, &prepared);
  } else {
    prepared.pieces.clear();
  }
  if (!prepared.pieces.empty()) {
    PieceRestorer restorer(html_utf8, prepared);
    parsed.doc = ReadIntoArena(prepared.text, url, &restorer);
    if (parsed.doc && restorer.complete()) {
      parsed.pieces = prepared.pieces.size();
      return parsed;
    }
  }
  parsed.doc = ReadIntoArena(html_utf8, url, nullptr);
  return parsed;
}

}  // namespace newswatch::extract_internal

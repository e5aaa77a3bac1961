// XmlTree: a feed document's elements, attributes, text, comments and processing instructions as
// libxml2 parses them (recover mode, no network, no DTD loading, no entity expansion), kept in a
// few flat arrays built from libxml2's SAX2 events instead of libxml2's DOM, which costs several
// allocations per node to build and to free. The tree holds what xmlSAX2's DOM builder would hold:
// the same recovery from broken markup (the builder's node stack is mirrored in the parser
// context), the same merging of adjacent text and CDATA, the same namespace, attribute-value and
// xml:base rules, and markup serialised as xmlNodeDump writes it.
// Thread-safety: Parse is reentrant; a built tree is read-only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/result.h"
#include "daemon/feed/text_stash.h"

namespace newswatch {

// What libxml2 reported while parsing: feedparser's "bozo" and the first few messages.
struct XmlDiagnostics {
  bool well_formed = true;
  size_t errors = 0;                  // every error and warning libxml2 raised
  std::vector<std::string> messages;  // the first max_messages, as "line N: message"
};

class XmlTree {
 public:
  using NodeId = uint32_t;
  static constexpr NodeId kNone = UINT32_MAX;
  enum class Kind : uint8_t { kElement, kText, kComment, kProcessingInstruction };

  // Parses `xml` (UTF-8, as PrepareXml writes it). `document_url` is where relative xml:base
  // values end up resolving against (empty: nowhere). A non-null `stash` holds the runs the
  // markers in `xml` stand for; it must outlive the tree. Fails only if libxml2 cannot allocate
  // a parser or `xml` is larger than 2 GiB; a document with no element at all is a tree without
  // a root. Fills `diagnostics` either way.
  static Result<XmlTree> Parse(std::string_view xml, std::string_view document_url,
                               const TextStash* stash, size_t max_messages,
                               XmlDiagnostics& diagnostics);

  XmlTree(XmlTree&&) noexcept;
  XmlTree& operator=(XmlTree&&) noexcept;
  XmlTree(const XmlTree&) = delete;
  XmlTree& operator=(const XmlTree&) = delete;
  ~XmlTree();

  // False if the stash markers did not all come back exactly once (libxml2's recovery moved or
  // dropped text): the text is then not trustworthy and the document must be parsed again
  // without a stash.
  bool stash_intact() const { return stash_intact_; }

  // The first element at the top level (libxml2's root element), or kNone.
  NodeId root() const { return root_; }

  Kind kind(NodeId n) const { return nodes_[n].kind; }
  bool IsElement(NodeId n) const { return n != kNone && nodes_[n].kind == Kind::kElement; }
  NodeId parent(NodeId n) const { return nodes_[n].parent; }
  NodeId first_child(NodeId n) const { return nodes_[n].first_child; }
  NodeId next_sibling(NodeId n) const { return nodes_[n].next_sibling; }
  bool HasElementChild(NodeId n) const;

  // An element's name as libxml2's DOM has it: the local name, or "prefix:local" when the
  // prefix was never declared. Names are interned: equal names are the same pointer.
  const char* name(NodeId element) const { return nodes_[element].name; }
  // The element's namespace URI and prefix; null when it has no namespace.
  const char* ns_uri(NodeId element) const { return nodes_[element].uri; }
  const char* ns_prefix(NodeId element) const { return nodes_[element].prefix; }
  // The interned pointer for `name` if any element or attribute of this tree has that name,
  // else null; lets callers compare names by pointer.
  const char* Interned(const char* name) const;

  // The value of the first attribute called `name` (local name, any namespace, or
  // "prefix:local" for an undeclared prefix), references decoded; empty if there is none.
  std::string_view Attribute(NodeId element, std::string_view name) const;
  bool HasAttributes(NodeId element) const {
    return nodes_[element].attr_begin != nodes_[element].attr_end;
  }

  // The text of an element and all its descendants (xmlNodeGetContent), appended to `out`.
  void AppendText(NodeId element, std::string& out) const;
  // The same text trimmed of ASCII whitespace (isspace in the C locale). Points into the tree
  // when the text is one stored piece, else into `scratch`.
  std::string_view TrimmedText(NodeId element, std::string& scratch) const;
  // The same, as a string of its own.
  std::string TrimmedText(NodeId element) const;

  // Appends node `n` serialised as xmlNodeDump(doc, n, 0, 0) writes it (elements with their
  // namespace declarations, attributes, comments, processing instructions; text escaped).
  void AppendMarkup(NodeId n, std::string& out) const;
  // Appends a text node's content escaped as xmlEncodeSpecialChars does.
  void AppendEscapedText(NodeId text, std::string& out) const;

  // The base URI of a node (xmlNodeGetBase): the xml:base attributes of it and its ancestors
  // resolved against each other and then against the document URL. Empty if there is none.
  std::string BaseOf(NodeId n) const;

 private:
  struct Node {
    Kind kind;
    bool has_marker = false;   // text: holds stash markers
    bool has_content = false;  // processing instruction: has data (even empty)
    NodeId parent = kNone, first_child = kNone, last_child = kNone, next_sibling = kNone;
    const char* name = nullptr;             // element, processing instruction
    const char* prefix = nullptr;           // element
    const char* uri = nullptr;              // element
    uint32_t attr_begin = 0, attr_end = 0;  // element: attributes_[begin, end)
    uint32_t ns_begin = 0, ns_end = 0;      // element: namespaces_[begin, end)
    // Text, comment, processing instruction: content in text_ (text: with stash markers).
    size_t text_begin = 0, text_end = 0;
  };
  struct Attr {
    const char* name;    // local name, or "prefix:local" for an undeclared prefix
    const char* prefix;  // null without a namespace
    const char* uri;
    size_t value_begin, value_end;  // in values_
  };
  struct NsDecl {
    const char* prefix;  // null for the default namespace
    const char* uri;
  };
  class Builder;

  XmlTree() = default;
  std::string_view Content(const Node& n) const {
    return std::string_view(text_).substr(n.text_begin, n.text_end - n.text_begin);
  }
  std::string_view Value(const Attr& a) const {
    return std::string_view(values_).substr(a.value_begin, a.value_end - a.value_begin);
  }
  void AppendContent(const Node& n, std::string& out) const;
  bool CheckStash();

  std::vector<Node> nodes_;
  std::vector<Attr> attributes_;
  std::vector<NsDecl> namespaces_;
  std::string text_;    // text, comment and processing-instruction content
  std::string values_;  // attribute values, decoded
  NodeId root_ = kNone;
  bool has_xml_base_ = false;
  bool stash_intact_ = true;
  const TextStash* stash_ = nullptr;
  std::string document_url_;
  void* dict_ = nullptr;  // libxml2's name dictionary (xmlDict*), owned: names point into it
};

}  // namespace newswatch

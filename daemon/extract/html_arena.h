// Memory for the nodes, attributes and strings of one parsed page, released at once (libxml2's
// own tree building makes several hundred thousand malloc/free pairs for a large page).
// Internal to nw_extract. Thread-safety: one thread at a time.
#pragma once

#include <libxml/tree.h>

#include <cstddef>
#include <cstring>
#include <string_view>
#include <vector>

namespace newswatch::extract_internal {

class TreeArena {
 public:
  TreeArena() = default;
  TreeArena(const TreeArena&) = delete;
  TreeArena& operator=(const TreeArena&) = delete;
  ~TreeArena();

  // `size` bytes, 8-byte aligned, uninitialized; valid until the arena is destroyed.
  void* Allocate(size_t size) {
    size = (size + 7) & ~static_cast<size_t>(7);
    if (size > left_) return AllocateSlow(size);
    void* p = next_;
    next_ += size;
    left_ -= size;
    return p;
  }
  // A NUL-terminated copy of `s`.
  xmlChar* Copy(std::string_view s) {
    auto* p = static_cast<xmlChar*>(Allocate(s.size() + 1));
    if (!s.empty()) std::memcpy(p, s.data(), s.size());
    p[s.size()] = 0;
    return p;
  }
  // A zeroed node of the given type, owned by the arena.
  xmlNode* NewNode(xmlElementType type) {
    auto* node = static_cast<xmlNode*>(Allocate(sizeof(xmlNode)));
    std::memset(node, 0, sizeof(xmlNode));
    node->type = type;
    return node;
  }
  xmlAttr* NewAttribute() {
    auto* attr = static_cast<xmlAttr*>(Allocate(sizeof(xmlAttr)));
    std::memset(attr, 0, sizeof(xmlAttr));
    attr->type = XML_ATTRIBUTE_NODE;
    return attr;
  }

 private:
  static constexpr size_t kBlockSize = 32 * 1024 - 64;  // below malloc's consolidation threshold
  void* AllocateSlow(size_t size);

  char* next_ = nullptr;
  size_t left_ = 0;
  std::vector<void*> blocks_;
};

}  // namespace newswatch::extract_internal

// Memory for the nodes, attributes and strings of one parsed page, released at once (libxml2's
// own tree building makes several hundred thousand malloc/free pairs for a large page).
// Internal to nw_extract. Thread-safety: one thread at a time.
#pragma once

#include <libxml/tree.h>

#include <cstddef>
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
  void* Allocate(size_t size);
  // A NUL-terminated copy of `s`.
  xmlChar* Copy(std::string_view s);
  // A zeroed node of the given type, owned by the arena.
  xmlNode* NewNode(xmlElementType type);
  xmlAttr* NewAttribute();

 private:
  static constexpr size_t kBlockSize = 32 * 1024 - 64;  // below malloc's consolidation threshold
  char* next_ = nullptr;
  size_t left_ = 0;
  std::vector<void*> blocks_;
};

}  // namespace newswatch::extract_internal

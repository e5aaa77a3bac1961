// Test hook of charset.cc: the UTF-8 checks pick a 32-bytes-at-a-time AVX2 scan at run time on
// CPUs that have it, so on such a machine the scalar scan would only ever see ill-formed text.
// Tests set this to run the scalar scan on everything. Thread-safety: an atomic flag; set it
// only while no other thread decodes.
#pragma once

#include <atomic>

namespace newswatch::charset_internal {

// When true, ScanUtf8 and IsValidUtf8 use the scalar scan even where AVX2 is available.
extern std::atomic<bool> scalar_utf8_only;

}  // namespace newswatch::charset_internal

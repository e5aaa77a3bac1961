// How an Atom text construct carries its content: Atom 1.0's type="text|html|xhtml|MIME type"
// and Atom 0.3's mode="xml|escaped|base64" with a MIME type, decided the way feedparser reads
// them. Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace newswatch {

enum class AtomContentMode {
  kText,          // text or escaped markup: the element's text is the value
  kXhtmlDiv,      // Atom 1.0 type="xhtml": the children of the wrapping <div>
  kInlineMarkup,  // Atom 0.3 mode="xml" or an XML MIME type: the children as markup
  kBase64,        // Atom 0.3 mode="base64", or a MIME type that is neither text nor XML
};

// The mode for an element's `type` and `mode` attribute values (any case, untrimmed).
AtomContentMode AtomModeOf(std::string_view type, std::string_view mode);

// Decodes base64 (RFC 4648, whitespace ignored, padding optional). Returns nullopt when the
// text holds other characters or ends in a partial byte.
std::optional<std::string> DecodeBase64(std::string_view text);

}  // namespace newswatch

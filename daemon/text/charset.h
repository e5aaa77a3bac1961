// Charset decoding: turns the bytes of a fetched document (feed, page, spool file) into UTF-8,
// choosing the encoding from the HTTP header, a BOM, the document's own declaration, or detection.
// Built on glibc iconv and uchardet, each behind a move-only owner inside charset.cc.
// Thread-safety: pure functions; every call uses its own converter handles.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace newswatch {

// What the bytes are believed to be; says where to look for an in-document declaration.
// kXml: <?xml encoding="..."?>; kHtml: <meta charset> / <meta http-equiv>; kUnknown: both;
// kText: none.
enum class MarkupKind { kUnknown, kXml, kHtml, kText };

// Which evidence decided the charset.
enum class CharsetSource {
  kHttpHeader,   // the Content-Type charset passed by the caller
  kBom,          // a UTF-8 / UTF-16 / UTF-32 byte-order mark
  kDeclaration,  // the XML declaration or an HTML <meta>
  kDetected,     // uchardet, or the UTF-16 byte pattern of "<?xml"
  kUtf8Valid,    // the bytes are valid UTF-8, whatever was declared
  kDefault,      // nothing else applied (empty input, undetectable bytes)
};

struct DecodedText {
  std::string utf8;     // always valid UTF-8; a leading BOM is removed
  std::string charset;  // canonical lower-case name: "utf-8", "gb18030", "big5-hkscs",
                        // "windows-1252", "utf-16le", or what iconv was given for others
  CharsetSource source = CharsetSource::kDefault;
  // Bytes that did not decode in `charset`: replaced with U+FFFD, or, for UTF-8 text with
  // stray Windows-1252 bytes, re-read as Windows-1252 (counted here too).
  size_t invalid_bytes = 0;
};

// Decodes document bytes to UTF-8. Order: HTTP header charset, BOM, XML declaration or
// <meta charset> / <meta http-equiv content="...charset=">, then detection (uchardet).
// Bytes that are valid UTF-8 are read as UTF-8 even when the header or declaration says
// otherwise (common in mirrored pages); pure ASCII with a declared legacy charset is ASCII
// (charset reports the declared name). GB2312/GBK/x-gbk/CP936 are decoded as GB18030; Big5 as
// BIG5-HKSCS (supersets). Mostly-UTF-8 text with stray bytes (Windows-1252 pasted into a
// UTF-8 feed) keeps its UTF-8 and reads the stray bytes as Windows-1252. A declaration that
// the bytes contradict (header says utf-8, bytes are Big5) is passed over for the next
// evidence. Invalid bytes become U+FFFD and are counted, never fatal. Never fails.
DecodedText DecodeToUtf8(std::string_view bytes, std::string_view http_charset, MarkupKind hint);

// DecodeToUtf8 without the copy when the bytes are their own answer (valid UTF-8, or ASCII, with
// no BOM): the returned text is then `bytes` itself, else `out.utf8`. `out` receives the charset,
// source and invalid-byte count either way (its utf8 stays empty in the first case). The result
// points into `bytes` or `out`, which must outlive it.
std::string_view DecodeToUtf8View(std::string_view bytes, std::string_view http_charset,
                                  MarkupKind hint, DecodedText& out);

// Parses a Content-Type value: "text/html; charset=gbk" -> "gbk", "charset=\"UTF-8\"" ->
// "utf-8" (lower-case, unquoted, trimmed). Returns "" if there is no charset parameter.
std::string CharsetFromContentType(std::string_view content_type);

// Maps a charset label to the name DecodeToUtf8 reports: GB2312/GBK/x-gbk/CP936/... ->
// "gb18030", Big5 family -> "big5-hkscs", utf8/unicode-1-1-utf-8 -> "utf-8", latin1/ascii/
// iso-8859-1/cp1252 -> "windows-1252" (as browsers do); other labels lower-cased and trimmed.
std::string CanonicalCharsetName(std::string_view label);

// Returns true if `bytes` is well-formed UTF-8 (no overlongs, surrogates or values > U+10FFFF).
bool IsValidUtf8(std::string_view bytes);

}  // namespace newswatch

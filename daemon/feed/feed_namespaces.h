// Which vocabulary a feed element belongs to, from its namespace URI (or, when the URI is
// unknown, its conventional prefix), and the names of feed formats. Internal to nw_feed.
// Thread-safety: pure functions and constants.
#pragma once

#include <string_view>

namespace newswatch {

enum class Ns { kCore, kAtom, kDc, kContent, kMedia, kItunes, kRdf, kXhtml, kOther };

inline constexpr std::string_view kAtom10Ns = "http://www.w3.org/2005/Atom";
inline constexpr std::string_view kAtom03Ns = "http://purl.org/atom/ns#";
inline constexpr std::string_view kRss10Ns = "http://purl.org/rss/1.0/";
inline constexpr std::string_view kRss090Ns = "http://my.netscape.com/rdf/simple/0.9/";

// The vocabulary of an element with namespace `uri` (empty: none) written with `prefix`.
Ns ClassifyNamespace(std::string_view uri, std::string_view prefix);

}  // namespace newswatch

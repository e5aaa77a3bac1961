#include "daemon/feed/feed_namespaces.h"

#include "daemon/feed/feed_parser.h"

namespace newswatch {

Ns ClassifyNamespace(std::string_view uri, std::string_view prefix) {
  if (uri.empty() && prefix.empty()) return Ns::kCore;
  if (uri == kAtom10Ns || uri == kAtom03Ns) return Ns::kAtom;
  if (uri == kRss10Ns || uri == kRss090Ns) return Ns::kCore;
  if (uri.starts_with("http://purl.org/dc/elements/") ||
      uri.starts_with("http://purl.org/dc/terms"))
    return Ns::kDc;
  if (uri.starts_with("http://purl.org/rss/1.0/modules/content")) return Ns::kContent;
  if (uri.starts_with("http://search.yahoo.com/mrss")) return Ns::kMedia;
  if (uri.find("itunes.com/dtds/podcast") != std::string_view::npos) return Ns::kItunes;
  if (uri == "http://www.w3.org/1999/02/22-rdf-syntax-ns#") return Ns::kRdf;
  if (uri == "http://www.w3.org/1999/xhtml") return Ns::kXhtml;
  // RSS 2.0's namespaces; other URIs with "rss" in them are extensions whose local names may
  // clash with RSS's ("szf:description").
  if (uri.starts_with("http://backend.userland.com/rss") ||
      uri.starts_with("http://blogs.law.harvard.edu/tech/rss"))
    return Ns::kCore;
  // Unknown URI: fall back on the conventional prefix.
  if (prefix == "dc" || prefix == "dcterms") return Ns::kDc;
  if (prefix == "content") return Ns::kContent;
  if (prefix == "media") return Ns::kMedia;
  if (prefix == "itunes") return Ns::kItunes;
  if (prefix == "atom") return Ns::kAtom;
  if (prefix.empty()) return Ns::kCore;  // an unfamiliar default namespace on a plain RSS
  return Ns::kOther;
}

std::string_view FeedFormatName(FeedFormat format) {
  switch (format) {
    case FeedFormat::kRss090:
      return "rss0.90";
    case FeedFormat::kRss091:
      return "rss0.91";
    case FeedFormat::kRss092:
      return "rss0.92";
    case FeedFormat::kRss093:
      return "rss0.93";
    case FeedFormat::kRss094:
      return "rss0.94";
    case FeedFormat::kRss20:
      return "rss2.0";
    case FeedFormat::kRss:
      return "rss";
    case FeedFormat::kCdf:
      return "cdf";
    case FeedFormat::kRss10:
      return "rss1.0";
    case FeedFormat::kAtom03:
      return "atom0.3";
    case FeedFormat::kAtom10:
      return "atom1.0";
    case FeedFormat::kUnknown:
      break;
  }
  return "unknown";
}

}  // namespace newswatch

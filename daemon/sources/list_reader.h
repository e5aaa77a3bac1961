// ListReader: finds the items (link, title, date) of a list page, wherever the list is: the
// HTML itself, an HTML fragment inside a JSON string (jpaas `data.html`, Hanweb search
// `result[]`), markup inside an element's text (Hanweb's <script type="text/xml"> records with
// CDATA), or inline JavaScript read with a regular expression (`urls[i]='…'`). Everything is
// compiled once from a source's options at start-up, so reading a page cannot fail on config.
// Thread-safety: immutable after Create; Read may be called from one thread at a time per
// reader (libxml2 contexts are per call).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "daemon/config/daemon_config.h"
#include "daemon/config/options.h"
#include "daemon/core/result.h"

namespace newswatch {

struct ListItem {
  std::string link, title, date_text;  // as found; link still relative, text collapsed
};

struct ListRead {
  std::vector<ListItem> items;
  std::string base_href;  // a <base href> of the page, if any
  std::string error;      // non-empty: the list could not be found at all (why)
};

// The list-finding options (item_xpath ... item_regex), for the html-list table.
std::vector<OptionSpec> ListReaderOptions();

class ListReader {
 public:
  // Compiles the source's XPaths / regex; fails with kConfig naming the option's line.
  static Result<std::unique_ptr<ListReader>> Create(const SourceConfig& config);
  ~ListReader();

  // Reads the items of `utf8` (a decoded response body).
  ListRead Read(const std::string& utf8) const;

 private:
  struct Compiled;
  explicit ListReader(std::unique_ptr<Compiled> compiled);
  std::unique_ptr<Compiled> c_;
};

// `markup` with every <![CDATA[ ... ]]> replaced by its contents (the HTML parser would drop
// them; Hanweb keeps each list item in one).
std::string UnwrapCdata(std::string markup);

}  // namespace newswatch

// BodySelector: a source's own XPath for the body of its article pages, per host where one
// source links to several layouts (Sina news `#article`, Sina finance `#artibody`). When it
// matches, its text replaces the generic extractor's body; when it does not (a redesign, a
// different page type), the extractor's body stays, so a stale selector degrades, not breaks.
// Thread-safety: immutable after Create; Apply may run on any thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/config/daemon_config.h"
#include "daemon/config/options.h"
#include "daemon/core/result.h"

namespace newswatch {

// The body_xpath and body_xpath_hosts options, for FullTextOptions.
std::vector<OptionSpec> BodySelectorOptions();

class BodySelector {
 public:
  BodySelector();
  ~BodySelector();
  BodySelector(BodySelector&&) noexcept;
  BodySelector& operator=(BodySelector&&) noexcept;

  // Compiles the source's body XPaths; fails with kConfig naming the option's line.
  static Result<BodySelector> Create(const SourceConfig& config);

  bool empty() const;
  // The body text the selector for `url`'s host finds in `html_utf8` (decoded), or nullopt when
  // no selector applies to the host or it matches no text.
  std::optional<std::string> Apply(std::string_view url, const std::string& html_utf8) const;

 private:
  struct Rules;
  std::unique_ptr<Rules> rules_;
};

}  // namespace newswatch

#include "filters/relevance/explain.h"

#include <cstdio>

namespace newswatch {
namespace {

std::string Number(double v, bool sign) {
  char buf[32];
  std::snprintf(buf, sizeof buf, sign ? "%+.1f" : "%.1f", v);
  return buf;
}

// Pads by display columns: CJK characters take two columns in a terminal.
std::string PadTo(std::string_view s, size_t columns) {
  size_t width = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) continue;
    width += c >= 0xE0 ? 2 : 1;
  }
  std::string out(s);
  while (width < columns) {
    out += ' ';
    ++width;
  }
  return out + ' ';
}

}  // namespace

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kRelevant: return "relevant";
    case Verdict::kNotRelevant: return "not-relevant";
    case Verdict::kUnscored: return "unscored";
  }
  return "?";
}

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kHigh: return "high";
    case Level::kMedium: return "medium";
    case Level::kLow: return "low";
    case Level::kNone: return "none";
  }
  return "?";
}

std::string ExplainRelevance(const Relevance& r) {
  std::string out = "profile " + (r.profile.empty() ? std::string("?") : r.profile) + ": " +
                    std::string(VerdictName(r.verdict)) + ", score " + Number(r.score, false) +
                    " (threshold " + Number(r.threshold, false) + "), level " +
                    std::string(LevelName(r.level)) + "\n";
  if (r.matches.empty()) {
    out += "  no terms matched\n";
  } else {
    out += "  matches:\n";
    for (const RuleMatch& m : r.matches) {
      out += "    " + PadTo(m.group, 10) + PadTo(m.rule, 16) + PadTo(Number(m.weight, true), 7);
      if (m.group == "exclusion") {
        out += "x" + std::to_string(m.body_count) + " (consumed, not scored)\n";
      } else {
        out += "title " + std::to_string(m.title_count) + "  lead " + std::to_string(m.lead_count) +
               "  body " + std::to_string(m.body_count) + "\n";
      }
    }
  }
  if (!r.reasons.empty()) {
    out += "  reasons:\n";
    for (const auto& reason : r.reasons) out += "    " + reason + "\n";
  }
  return out;
}

}  // namespace newswatch

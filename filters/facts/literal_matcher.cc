#include "filters/facts/literal_matcher.h"

#include <algorithm>
#include <deque>

namespace newswatch {

int LiteralMatcher::Child(int node, unsigned char byte) const {
  if (node == 0) return root_[byte];
  const auto& next = nodes_[node].next;
  auto it = std::lower_bound(next.begin(), next.end(), byte,
                             [](const auto& p, unsigned char b) { return p.first < b; });
  return it != next.end() && it->first == byte ? it->second : -1;
}

LiteralMatcher::LiteralMatcher(const std::vector<std::string>& phrases) {
  root_.fill(-1);
  nodes_.emplace_back();
  lengths_.reserve(phrases.size());
  for (size_t i = 0; i < phrases.size(); ++i) {
    lengths_.push_back(phrases[i].size());
    if (phrases[i].empty()) continue;
    int node = 0;
    for (unsigned char b : phrases[i]) {
      int child = Child(node, b);
      if (child < 0) {
        child = static_cast<int>(nodes_.size());
        nodes_.emplace_back();
        auto& next = nodes_[node].next;
        auto it = std::lower_bound(next.begin(), next.end(), b,
                                   [](const auto& p, unsigned char x) { return p.first < x; });
        next.insert(it, {b, child});
        if (node == 0) root_[b] = child;
      }
      node = child;
    }
    nodes_[node].outputs.push_back(i);
  }
  // Breadth-first: fail links point at the longest proper suffix in the trie.
  std::deque<int> queue;
  for (auto [byte, child] : nodes_[0].next) {
    nodes_[child].fail = 0;
    queue.push_back(child);
  }
  while (!queue.empty()) {
    int node = queue.front();
    queue.pop_front();
    for (auto [byte, child] : nodes_[node].next) {
      int f = nodes_[node].fail;
      while (f != 0 && Child(f, byte) < 0) f = nodes_[f].fail;
      int target = Child(f, byte);
      nodes_[child].fail = (target >= 0 && target != child) ? target : 0;
      int fail = nodes_[child].fail;
      nodes_[child].output_link = nodes_[fail].outputs.empty() ? nodes_[fail].output_link : fail;
      queue.push_back(child);
    }
  }
}

std::vector<LiteralMatcher::Match> LiteralMatcher::Find(std::string_view text) const {
  std::vector<Match> all;
  int node = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char b = static_cast<unsigned char>(text[i]);
    while (node != 0 && Child(node, b) < 0) node = nodes_[node].fail;
    int next = Child(node, b);
    node = next < 0 ? 0 : next;
    for (int out = nodes_[node].outputs.empty() ? nodes_[node].output_link : node; out >= 0;
         out = nodes_[out].output_link) {
      for (size_t phrase : nodes_[out].outputs) {
        all.push_back({i + 1 - lengths_[phrase], i + 1, phrase});
      }
    }
  }
  std::stable_sort(all.begin(), all.end(), [](const Match& a, const Match& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    return a.end > b.end;
  });
  std::vector<Match> chosen;
  size_t covered = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    const Match& m = all[i];
    if (m.begin < covered) continue;
    // Report every phrase with exactly this span (same text, several regions).
    for (size_t j = i; j < all.size() && all[j].begin == m.begin && all[j].end == m.end; ++j) {
      chosen.push_back(all[j]);
    }
    covered = m.end;
  }
  return chosen;
}

}  // namespace newswatch

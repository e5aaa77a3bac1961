#include "alert/router.h"

#include <algorithm>

#include "daemon/core/hash.h"

namespace newswatch::alert {
namespace {

std::string StoryKey(const std::string& route, const std::string& receiver,
                     const std::string& story) {
  return route + "|" + receiver + "|" + story;
}

std::string OutletOf(const AlertEvent& e) {
  return e.original_source.empty() ? e.source_id : e.original_source;
}

}  // namespace

std::string GroupLabelValue(const std::string& label, const AlertEvent& e) {
  if (label == "region") return e.region_code;
  if (label == "province") {
    return e.region_code.size() >= 2 ? e.region_code.substr(0, 2) + "0000" : e.region_code;
  }
  if (label == "profile") return e.profile;
  if (label == "level") return std::string(LevelName(e.level));
  if (label == "document_kind") return e.document_kind;
  if (label == "issuer_level") return e.issuer_level;
  if (label == "source") return e.source_id;
  if (label == "story") return e.story_id;
  return "";
}

Router::Router(const RouteNode& root, QuietHours quiet, const Clock& clock,
               const StoryLedger* ledger)
    : root_(root), quiet_(std::move(quiet)), clock_(clock), ledger_(ledger) {}

int64_t Router::Now() const { return ToUnixSeconds(clock_.Now()); }

void Router::Reload(const RouteNode& root, QuietHours quiet) {
  root_ = root;
  quiet_ = std::move(quiet);
  for (auto it = groups_.begin(); it != groups_.end();) {
    const RouteNode* r = FindRoute(it->second.route_path);
    if (r && r->receiver == it->second.receiver) {
      ++it;
      continue;
    }
    for (const StoryReport& s : it->second.pending) {
      pending_story_group_.erase(StoryKey(it->second.route_path, it->second.receiver,
                                          s.event.story_id));
    }
    it = groups_.erase(it);
  }
}

void Router::SetSilences(std::vector<Silence> silences) { silences_ = std::move(silences); }

const RouteNode* Router::FindRoute(const std::string& path) const {
  std::vector<const RouteNode*> stack{&root_};
  while (!stack.empty()) {
    const RouteNode* n = stack.back();
    stack.pop_back();
    if (n->path == path) return n;
    for (const RouteNode& c : n->routes) stack.push_back(&c);
  }
  return nullptr;
}

IngestOutcome Router::Ingest(const AlertEvent& e) {
  IngestOutcome out;
  if (e.kind != EventKind::kArticle && e.kind != EventKind::kSourceStatus) return out;
  const int64_t now = Now();
  for (const Silence& s : silences_) {
    if (s.ActiveAt(now) && s.matcher.Matches(e)) {
      out.silenced = true;
      return out;
    }
  }
  Walk(root_, e, out);
  return out;
}

// Alertmanager semantics: the first matching child takes the event unless it
// says `continue`; a node no child took handles the event itself.
void Router::Walk(const RouteNode& node, const AlertEvent& e, IngestOutcome& out) {
  bool child_took = false;
  for (const RouteNode& child : node.routes) {
    if (!child.match.Matches(e)) continue;
    Walk(child, e, out);
    child_took = true;
    if (!child.continue_matching) break;
  }
  if (!child_took && node.match.Matches(e)) Take(node, e, out);
}

void Router::Take(const RouteNode& route, const AlertEvent& e, IngestOutcome& out) {
  const int64_t now = Now();
  const std::string story = e.story_id.empty() ? e.article_id : e.story_id;
  const std::string skey = StoryKey(route.path, route.receiver, story);

  // A repost of a story already waiting: fold it in as another outlet.
  if (auto it = pending_story_group_.find(skey); it != pending_story_group_.end()) {
    Group& g = groups_[it->second];
    for (StoryReport& s : g.pending) {
      if (s.event.story_id != story) continue;
      std::string outlet = OutletOf(e);
      if (outlet != OutletOf(s.event) &&
          std::find(s.other_outlets.begin(), s.other_outlets.end(), outlet) ==
              s.other_outlets.end()) {
        s.other_outlets.push_back(outlet);
      }
    }
    g.folded.emplace_back(e.origin, e.sequence);
    ++out.routes;
    return;
  }
  std::optional<int64_t> last;
  if (auto it = notified_.find(skey); it != notified_.end()) last = it->second;
  if (!last && ledger_) last = ledger_->LastNotified(route.path, route.receiver, story);
  if (last) {
    notified_[skey] = *last;
    if (now - *last < route.repeat_interval.count()) {
      ++out.suppressed;
      return;
    }
  }
  std::vector<std::pair<std::string, std::string>> labels;
  std::string gkey = route.path + "|" + route.receiver;
  for (const std::string& l : route.group_by) {
    labels.emplace_back(l, GroupLabelValue(l, e));
    gkey += "|" + l + "=" + labels.back().second;
  }
  Group& g = groups_[gkey];
  if (g.route_path.empty()) {
    g.route_path = route.path;
    g.receiver = route.receiver;
    g.labels = labels;
  }
  if (g.pending.empty()) g.first_pending_at = now;
  StoryReport report;
  report.event = e;
  report.event.story_id = story;
  g.pending.push_back(std::move(report));
  g.pending_repeat.push_back(last.has_value());
  pending_story_group_[skey] = gkey;
  ++out.routes;
}

int64_t Router::Due(const Group& g) const {
  const RouteNode* r = FindRoute(g.route_path);
  const int64_t wait = r ? r->group_wait.count() : 0;
  const int64_t interval = r ? r->group_interval.count() : 0;
  if (g.last_flush) return std::max(g.first_pending_at, *g.last_flush + interval);
  return g.first_pending_at + wait;
}

Notification Router::Build(const Group& g, const std::vector<StoryReport>& stories, bool repeat,
                           int64_t now) const {
  Notification n;
  n.route = g.route_path;
  n.receiver = g.receiver;
  n.group_labels = g.labels;
  n.stories = stories;
  n.repeat = repeat;
  n.created_at = now;
  std::vector<std::string> ids;
  for (const StoryReport& s : stories) ids.push_back(s.event.story_id);
  std::sort(ids.begin(), ids.end());
  std::string key = g.route_path + "\n" + g.receiver + "\n";
  for (const std::string& id : ids) key += id + ",";
  // A repeat is a new message on purpose; tie it to its time window.
  if (repeat) key += "\nrepeat@" + std::to_string(now);
  n.dedup_key = Sha256Hex(key);
  return n;
}

std::vector<Notification> Router::Flush() {
  const int64_t now = Now();
  std::vector<Notification> out;
  std::vector<std::pair<int64_t, std::string>> due;
  for (const auto& [key, g] : groups_) {
    if (!g.pending.empty() && now >= Due(g)) due.emplace_back(g.first_pending_at, key);
  }
  std::sort(due.begin(), due.end());
  for (const auto& [unused, key] : due) {
    Group& g = groups_[key];
    std::vector<StoryReport> fresh, repeats;
    for (size_t i = 0; i < g.pending.size(); ++i) {
      (g.pending_repeat[i] ? repeats : fresh).push_back(g.pending[i]);
      std::string skey = StoryKey(g.route_path, g.receiver, g.pending[i].event.story_id);
      notified_[skey] = now;
      pending_story_group_.erase(skey);
    }
    g.pending.clear();
    g.pending_repeat.clear();
    g.last_flush = now;
    const RouteNode* r = FindRoute(g.route_path);
    const bool quiet = quiet_.Contains(now) && (!r || r->quiet_hours);
    if (quiet) held_folded_.insert(held_folded_.end(), g.folded.begin(), g.folded.end());
    g.folded.clear();
    for (auto* list : {&fresh, &repeats}) {
      if (list->empty()) continue;
      Notification n = Build(g, *list, list == &repeats, now);
      if (quiet) held_[g.receiver].push_back(std::move(n));
      else out.push_back(std::move(n));
    }
  }
  // Quiet hours over: release what was held, as one digest per receiver.
  if (!held_.empty() && !quiet_.Contains(now)) {
    for (auto& [receiver, held] : held_) {
      if (!quiet_.digest) {
        for (Notification& n : held) out.push_back(std::move(n));
        continue;
      }
      Notification d;
      d.receiver = receiver;
      d.route = held.front().route;
      d.digest = true;
      d.created_at = now;
      std::vector<std::string> keys;
      for (Notification& n : held) {
        keys.push_back(n.dedup_key);
        for (StoryReport& s : n.stories) d.stories.push_back(std::move(s));
      }
      std::sort(keys.begin(), keys.end());
      std::string joined = "digest\n" + receiver;
      for (const std::string& k : keys) joined += "\n" + k;
      d.dedup_key = Sha256Hex(joined);
      out.push_back(std::move(d));
    }
    held_.clear();
    held_folded_.clear();
  }
  // Forget idle groups so the next story waits group_wait again.
  for (auto it = groups_.begin(); it != groups_.end();) {
    const RouteNode* r = FindRoute(it->second.route_path);
    const int64_t interval = r ? r->group_interval.count() : 0;
    if (it->second.pending.empty() && it->second.last_flush &&
        now - *it->second.last_flush >= interval) {
      it = groups_.erase(it);
    } else {
      ++it;
    }
  }
  return out;
}

std::optional<int64_t> Router::NextDue() const {
  std::optional<int64_t> next;
  for (const auto& [key, g] : groups_) {
    if (g.pending.empty()) continue;
    int64_t d = Due(g);
    if (!next || d < *next) next = d;
  }
  if (!held_.empty()) {
    // Quiet hours end on a minute boundary; look again at the next minute.
    int64_t minute = (Now() / 60 + 1) * 60;
    if (!next || minute < *next) next = minute;
  }
  return next;
}

std::map<std::string, uint64_t> Router::OldestPendingSequence() const {
  std::map<std::string, uint64_t> oldest;
  auto note = [&](const std::string& origin, uint64_t sequence) {
    auto [it, fresh] = oldest.emplace(origin, sequence);
    if (!fresh) it->second = std::min(it->second, sequence);
  };
  for (const auto& [key, g] : groups_) {
    for (const StoryReport& s : g.pending) note(s.event.origin, s.event.sequence);
    for (const auto& [origin, sequence] : g.folded) note(origin, sequence);
  }
  for (const auto& [receiver, held] : held_) {
    for (const Notification& h : held) {
      for (const StoryReport& s : h.stories) note(s.event.origin, s.event.sequence);
    }
  }
  for (const auto& [origin, sequence] : held_folded_) note(origin, sequence);
  return oldest;
}

size_t Router::pending_stories() const {
  size_t n = 0;
  for (const auto& [key, g] : groups_) n += g.pending.size();
  for (const auto& [receiver, held] : held_) {
    for (const Notification& h : held) n += h.stories.size();
  }
  return n;
}

}  // namespace newswatch::alert

// Router: matches events against the routing tree, folds reposts of one story
// into one entry, groups stories (group_by / group_wait / group_interval),
// suppresses stories already sent within repeat_interval, drops silenced
// events and holds messages during quiet hours for a digest. Time comes from
// an injected Clock, so tests drive it without sleeping.
// Thread-safety: not thread-safe; one thread owns a Router.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "alert/alert_event.h"
#include "alert/notification.h"
#include "alert/route_config.h"
#include "alert/silence.h"
#include "daemon/core/clock.h"

namespace newswatch::alert {

// Durable memory of which stories were already sent where (the outbox
// implements it), so a restart does not resend a story.
class StoryLedger {
 public:
  virtual ~StoryLedger() = default;
  // Unix seconds when `story_id` was last notified on `route` to `receiver`.
  virtual std::optional<int64_t> LastNotified(const std::string& route, const std::string& receiver,
                                              const std::string& story_id) const = 0;
};

struct IngestOutcome {
  int routes = 0;          // routes that took the event (new story or folded repost)
  bool silenced = false;   // dropped by a silence
  int suppressed = 0;      // routes on which the story was already sent (repeat_interval)
};

class Router {
 public:
  // Borrows `clock` and `ledger` (may be null); both must outlive the router.
  Router(const RouteNode& root, QuietHours quiet, const Clock& clock,
         const StoryLedger* ledger = nullptr);

  // Replaces the tree and quiet hours (SIGHUP). Pending groups whose route
  // path and receiver still exist keep their stories; others are dropped.
  void Reload(const RouteNode& root, QuietHours quiet);

  // Replaces the silences in force.
  void SetSilences(std::vector<Silence> silences);

  // Routes one event. Heartbeats and unknown kinds take no route.
  IngestOutcome Ingest(const AlertEvent& event);

  // The notifications due at the clock's now, oldest group first. Each story
  // appears in at most one notification per route and receiver.
  std::vector<Notification> Flush();

  // Unix seconds of the next moment Flush may have something; nullopt if
  // nothing is pending.
  std::optional<int64_t> NextDue() const;

  // Per origin (AlertEvent::origin), the smallest sequence of an event still
  // waiting in a group or held for quiet hours: nothing at or after it may be
  // taken as handled yet. Origins with nothing pending are absent.
  std::map<std::string, uint64_t> OldestPendingSequence() const;

  // Stories waiting in groups or held for quiet hours.
  size_t pending_stories() const;

 private:
  struct Group {
    std::string route_path;
    std::string receiver;
    std::vector<std::pair<std::string, std::string>> labels;
    std::vector<StoryReport> pending;
    std::vector<bool> pending_repeat;  // parallel to pending
    // Reposts folded into pending stories, as (origin, sequence): they are
    // not handled until the story is sent either.
    std::vector<std::pair<std::string, uint64_t>> folded;
    int64_t first_pending_at = 0;
    std::optional<int64_t> last_flush;
  };

  void Walk(const RouteNode& node, const AlertEvent& e, IngestOutcome& out);
  void Take(const RouteNode& route, const AlertEvent& e, IngestOutcome& out);
  int64_t Due(const Group& g) const;
  int64_t Now() const;
  Notification Build(const Group& g, const std::vector<StoryReport>& stories, bool repeat,
                     int64_t now) const;
  const RouteNode* FindRoute(const std::string& path) const;

  RouteNode root_;
  QuietHours quiet_;
  const Clock& clock_;
  const StoryLedger* ledger_;
  std::vector<Silence> silences_;
  std::map<std::string, Group> groups_;  // route|receiver|labels -> group
  std::map<std::string, std::string> pending_story_group_;  // route|receiver|story -> group key
  std::map<std::string, int64_t> notified_;  // route|receiver|story -> last notified
  std::map<std::string, std::vector<Notification>> held_;  // receiver -> held in quiet hours
  std::vector<std::pair<std::string, uint64_t>> held_folded_;  // reposts folded into held_
};

// The value of group label `label` for `event` ("region" -> "310109",
// "province" -> "310000", "document_kind" -> "action-plan").
std::string GroupLabelValue(const std::string& label, const AlertEvent& event);

}  // namespace newswatch::alert

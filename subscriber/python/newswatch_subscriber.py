"""Gap-free newswatch subscription in Python: the same logic as subscriber/subscriber.h.

Subscribes live (SUB) by topic prefix, notices missed events from sequence
numbers and heartbeats, fills them from the publisher's replay endpoint
(protocol: daemon/publish/publisher.h), drops duplicates and resumes from a
cursor the caller persisted. One Subscriber per thread.

event_pb2 is imported from NEWSWATCH_PYTHON_PATH (a build's python/ folder) if
set, else from the installed location.
"""
import os
import sys
import time

if os.environ.get("NEWSWATCH_PYTHON_PATH"):
    sys.path.insert(0, os.environ["NEWSWATCH_PYTHON_PATH"])

import zmq  # noqa: E402
from newswatch.v1 import event_pb2  # noqa: E402

HEARTBEAT = b"heartbeat"


class Subscriber:
    """next(timeout_ms) returns events in sequence order, each at most once.

    cursor: every matching event up to this sequence was returned by next() (or
    skipped by a filter); persist it and pass it back as from_sequence. Events
    fetched but not yet returned are not counted, so a restart loses nothing.
    A replay that fails is retried; the gap is never skipped.
    """

    def __init__(self, endpoint="tcp://127.0.0.1:5556", replay_endpoint="tcp://127.0.0.1:5557",
                 topics=None, from_sequence=0, first_reports_only=False, replay_timeout_ms=5000):
        self.topics = [t.encode() if isinstance(t, str) else t for t in (topics or [""])]
        self._through = from_sequence  # returned, queued in _ready, or skipped
        self.first_reports_only = first_reports_only
        self.replay_endpoint = replay_endpoint
        self.replay_timeout_ms = replay_timeout_ms
        self.gaps = 0
        self.replay_failures = 0
        self._ctx = zmq.Context()
        self._sub = self._ctx.socket(zmq.SUB)
        self._sub.setsockopt(zmq.LINGER, 0)
        for t in self.topics + [HEARTBEAT]:
            self._sub.setsockopt(zmq.SUBSCRIBE, t)
        self._sub.connect(endpoint)
        self._dealer = None
        if replay_endpoint:
            self._new_dealer()
        self._ready = []
        self._caught_up = False

    @property
    def cursor(self):
        """Persist this; pass it back as from_sequence."""
        return self._ready[0].sequence - 1 if self._ready else self._through

    def close(self):
        self._ctx.destroy(linger=0)

    def _new_dealer(self):
        if self._dealer is not None:
            self._dealer.close(linger=0)
        self._dealer = self._ctx.socket(zmq.DEALER)
        self._dealer.setsockopt(zmq.LINGER, 0)
        self._dealer.connect(self.replay_endpoint)

    def _wanted(self, topic):
        return any(topic.startswith(p) for p in self.topics)

    def _replay_prefix(self, prefix, out):
        """Appends (topic, event) after the cursor; returns the sequence it is complete through."""
        after = self._through
        while True:
            self._dealer.send_multipart([b"REPLAY", str(after).encode(), prefix])
            deadline = time.monotonic() + self.replay_timeout_ms / 1000.0
            in_page = 0
            while True:
                left = int((deadline - time.monotonic()) * 1000)
                if left <= 0 or not self._dealer.poll(left):
                    raise TimeoutError("replay from %s timed out" % self.replay_endpoint)
                frames = self._dealer.recv_multipart()
                if len(frames) != 2:
                    continue
                head, body = frames
                if head == b"ERROR":
                    raise RuntimeError("replay: " + body.decode("utf-8", "replace"))
                if head == b"END":
                    through = int(body or b"0")
                    # A full page ends at its own last event: ask for the next one.
                    if in_page and out[-1][1].sequence == through and through > after:
                        after = through
                        break
                    return max(through, after)
                event = event_pb2.Event()
                event.ParseFromString(body)
                out.append((head, event))
                in_page += 1

    def _catch_up(self):
        """Fills the gap after the cursor from the journal; False if the replay failed."""
        self._caught_up = True
        if self._dealer is None:
            return True
        got, covered = [], None
        try:
            for prefix in self.topics:
                through = self._replay_prefix(prefix, got)
                covered = through if covered is None else min(covered, through)
        except (TimeoutError, RuntimeError):
            self.replay_failures += 1
            self._new_dealer()  # stale answers must not be read as the next ones
            self._caught_up = False  # the next call asks again
            return False
        by_seq = {e.sequence: (t, e) for t, e in got if e.sequence <= covered}
        for seq in sorted(by_seq):
            self._deliver(*by_seq[seq])
        self._through = max(self._through, covered)
        return True

    def _deliver(self, topic, event):
        if event.sequence <= self._through:
            return
        self._through = event.sequence
        # An article without a story id counts as a first report (as in the C++ library).
        if (self.first_reports_only and event.HasField("article")
                and event.article.story.story_id and not event.article.story.first_report):
            return
        if self._wanted(topic):
            self._ready.append(event)

    def _handle(self, topic, event):
        seq = event.sequence
        if seq <= self._through:
            return
        heartbeat = event.HasField("heartbeat")
        before = event.heartbeat.last_sequence if heartbeat else seq - 1
        if before > self._through and self._dealer is not None:
            self.gaps += 1
            # A failed replay must not let this event carry the cursor over the
            # gap: drop it (it is journaled; the next catch-up returns it).
            if not self._catch_up():
                return
            if seq <= self._through:
                return
        if heartbeat and not self._wanted(topic):
            self._through = max(self._through, seq)
            return
        self._deliver(topic, event)

    def next(self, timeout_ms):
        """The next event, or None if none arrives within timeout_ms."""
        deadline = time.monotonic() + timeout_ms / 1000.0
        if not self._caught_up:
            self._catch_up()
        while True:
            if self._ready:
                return self._ready.pop(0)
            left = int((deadline - time.monotonic()) * 1000)
            if left < 0 or not self._sub.poll(max(left, 0)):
                return None
            frames = self._sub.recv_multipart()
            if len(frames) < 2:
                continue
            event = event_pb2.Event()
            try:
                event.ParseFromString(frames[1])
            except Exception:  # a malformed frame is skipped, not fatal
                continue
            self._handle(frames[0], event)

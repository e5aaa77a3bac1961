"""Shared plumbing for the newswatch subscriber scripts: arguments, the event
stream (two frames: topic, serialized newswatch.v1.Event), cursor files and
flattening an article event into one row.

Two ways to read:
- plain (only --endpoint): a SUB socket; what is published while the script is
  down is not seen.
- gap-free (--replay ENDPOINT): the newswatch_subscriber module; missed events
  are fetched from the daemon's journal and the script resumes from its cursor
  (the last event it stored), so nothing is lost and nothing stored twice.
"""
import argparse
import os
import sys

import zmq
from google.protobuf import json_format
from newswatch.v1 import event_pb2

ENUMS = {"level": event_pb2.Level, "document_kind": event_pb2.DocumentKind}


def _import_subscriber():
    """newswatch_subscriber from the path, the installed layout or the source tree."""
    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (None, os.path.join(here, "..", "python"),
                      os.path.join(here, "..", "..", "subscriber", "python")):
        if candidate is not None and candidate not in sys.path:
            sys.path.append(candidate)
        try:
            import newswatch_subscriber  # noqa: E402
            return newswatch_subscriber
        except ImportError:
            continue
    raise SystemExit("newswatch_subscriber.py not found (it is installed beside the scripts, "
                     "in ../python)")


def arguments(description, cursor_file=True):
    p = argparse.ArgumentParser(description=description,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--endpoint", action="append", default=[],
                   help="publisher endpoint (repeatable without --replay); "
                        "default tcp://127.0.0.1:5556")
    p.add_argument("--topic", action="append", default=[],
                   help="topic prefix (repeatable); default article.")
    p.add_argument("--count", type=int, default=0, help="exit after N events (0 = run forever)")
    p.add_argument("--replay", metavar="ENDPOINT",
                   help="the daemon's replay endpoint (e.g. tcp://127.0.0.1:5557): fill gaps "
                        "from its journal and resume after the last stored event")
    p.add_argument("--replay-timeout", type=float, default=5.0, metavar="SECONDS",
                   help="bound on one replay exchange; a failed one is retried (default 5)")
    if cursor_file:
        p.add_argument("--cursor", metavar="FILE",
                       help="with --replay: the file that keeps the last handled sequence")
    return p


def check(args, parser):
    """Rejects combinations that cannot work; call after parse_args."""
    if args.replay and len(args.endpoint) > 1:
        parser.error("--replay follows one publisher: give one --endpoint")
    if getattr(args, "cursor", None) and not args.replay:
        parser.error("--cursor needs --replay (a plain SUB socket cannot resume)")


def _plain_events(args):
    sock = zmq.Context.instance().socket(zmq.SUB)
    for t in args.topic or ["article."]:
        sock.setsockopt_string(zmq.SUBSCRIBE, t)
    for e in args.endpoint or ["tcp://127.0.0.1:5556"]:
        sock.connect(e)
    while True:
        frames = sock.recv_multipart()
        if len(frames) != 2:
            continue  # not a newswatch message
        event = event_pb2.Event()
        try:
            event.ParseFromString(frames[1])
        except Exception:  # a corrupt frame must not stop the subscriber
            continue
        yield frames[0].decode("utf-8", "replace"), event, None


def _replay_events(args, from_sequence):
    ns = _import_subscriber()
    sub = ns.Subscriber(args.endpoint[0] if args.endpoint else "tcp://127.0.0.1:5556",
                        args.replay, args.topic or ["article."], from_sequence=from_sequence,
                        replay_timeout_ms=int(args.replay_timeout * 1000))
    try:
        while True:
            event = sub.next(1000)
            if event is None:
                continue
            yield event.topic, event, sub
    finally:
        sub.close()


def events(args, from_sequence=0):
    """Yields (topic, Event, subscriber) until --count events were read. With --replay,
    subscriber.cursor is what to persist once the event is stored; else it is None."""
    stream = _replay_events(args, from_sequence) if args.replay else _plain_events(args)
    seen = 0
    for item in stream:
        if args.count and seen >= args.count:
            return
        seen += 1
        yield item
        if args.count and seen >= args.count:
            return


class CursorFile:
    """The last handled sequence, and how long the output file was after it, in a small text
    file replaced atomically (write, fsync, rename): a crash leaves the old or the new one."""

    def __init__(self, path):
        self.path = path

    def load(self):
        """(sequence, output_size) or (0, None) when there is no cursor yet."""
        try:
            with open(self.path, encoding="ascii") as f:
                parts = f.read().split()
        except FileNotFoundError:
            return 0, None
        if not parts or not parts[0].isdigit() or (len(parts) > 1 and not parts[1].isdigit()):
            raise SystemExit("%s: not a newswatch cursor file" % self.path)
        return int(parts[0]), int(parts[1]) if len(parts) > 1 else None

    def save(self, sequence, output_size=None):
        tmp = self.path + ".tmp"
        with open(tmp, "w", encoding="ascii") as f:
            f.write("%d %d\n" % (sequence, output_size) if output_size is not None
                    else "%d\n" % sequence)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)


class AppendOnlyOutput:
    """An output file that resumes exactly: each record is one write(2) followed by fsync, and
    the cursor file records the file's length after it. On start, bytes past that length (a
    record written but not yet counted, or torn by a crash) are cut off and replayed."""

    def __init__(self, path, cursor, header=b""):
        self.cursor = cursor
        sequence, size = cursor.load() if cursor else (0, None)
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        current = os.fstat(self.fd).st_size
        if size is not None and current > size:
            os.ftruncate(self.fd, size)
            current = size
        self.resume_after = sequence
        if current == 0 and header:
            self.write(header)
            if cursor:
                cursor.save(self.resume_after, os.fstat(self.fd).st_size)

    def write(self, data):
        view = memoryview(data)
        while view:
            n = os.write(self.fd, view)
            view = view[n:]

    def commit(self, data, sequence):
        """Appends one record, then records it as handled through `sequence`."""
        self.write(data)
        if self.cursor:
            os.fsync(self.fd)
            self.cursor.save(sequence, os.fstat(self.fd).st_size)


def to_dict(event):
    return json_format.MessageToDict(event, preserving_proto_field_name=True)


COLUMNS = ["sequence", "publisher_id", "topic", "article_id", "source_id", "published", "title",
           "url", "profile", "level", "score", "region_code", "region_name", "issuer",
           "document_kind", "story_id", "first_report"]


def article_row(topic, event):
    a = event.article
    return {
        "sequence": event.sequence, "publisher_id": event.publisher_id, "topic": topic,
        "article_id": a.id, "source_id": a.source_id, "published": a.published.rfc3339,
        "title": a.title, "url": a.url, "profile": a.relevance.profile,
        "level": event_pb2.Level.Name(a.relevance.level), "score": a.relevance.score,
        "region_code": a.facts.primary_region.code, "region_name": a.facts.primary_region.name,
        "issuer": a.facts.issuer.name,
        "document_kind": event_pb2.DocumentKind.Name(a.facts.document_kind),
        "story_id": a.story.story_id, "first_report": int(a.story.first_report),
    }

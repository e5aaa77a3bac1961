"""Shared plumbing for the newswatch subscriber scripts: arguments, the SUB
socket (two frames: topic, serialized newswatch.v1.Event) and flattening an
article event into one row."""
import argparse

import zmq
from google.protobuf import json_format
from newswatch.v1 import event_pb2

ENUMS = {"level": event_pb2.Level, "document_kind": event_pb2.DocumentKind}


def arguments(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--endpoint", action="append", default=[],
                   help="publisher endpoint (repeatable); default tcp://127.0.0.1:5556")
    p.add_argument("--topic", action="append", default=[],
                   help="topic prefix (repeatable); default article.")
    p.add_argument("--count", type=int, default=0, help="exit after N events (0 = run forever)")
    return p


def events(args):
    """Yields (topic, Event) until --count events were read."""
    sock = zmq.Context.instance().socket(zmq.SUB)
    for t in args.topic or ["article."]:
        sock.setsockopt_string(zmq.SUBSCRIBE, t)
    for e in args.endpoint or ["tcp://127.0.0.1:5556"]:
        sock.connect(e)
    seen = 0
    while not args.count or seen < args.count:
        frames = sock.recv_multipart()
        if len(frames) != 2:
            continue  # not a newswatch message
        event = event_pb2.Event()
        try:
            event.ParseFromString(frames[1])
        except Exception:  # a corrupt frame must not stop the subscriber
            continue
        seen += 1
        yield frames[0].decode("utf-8", "replace"), event


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

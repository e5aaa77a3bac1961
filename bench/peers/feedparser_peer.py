#!/usr/bin/python3
"""Peer for bench_feed: Python feedparser (Debian python3-feedparser) on the same inputs.

usage: feedparser_peer.py generated|corpus [--feed FILE]   prints one JSON object
"""
import argparse
import json
import os

import feedparser

from peer_common import corpus_feeds, measure


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("which", choices=["generated", "corpus"])
    ap.add_argument("--feed", default=os.environ.get("NW_BENCH_FEED", ""))
    ap.add_argument("--min-time", type=float, default=3.0)
    args = ap.parse_args()
    paths = [args.feed] if args.which == "generated" else corpus_feeds()
    buffers = [open(p, "rb").read() for p in paths]
    # sanitize_html and resolve_relative_uris are feedparser's defaults; left on, as a user gets.
    result = measure(f"feedparser/{args.which}", buffers,
                     lambda b: len(feedparser.parse(b).entries), args.min_time)
    result["version"] = feedparser.__version__
    print(json.dumps(result))


if __name__ == "__main__":
    main()

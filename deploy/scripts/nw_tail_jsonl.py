#!/usr/bin/python3
"""Prints every newswatch event as one JSON line (protobuf JSON mapping, field
names as in event.proto) with the topic added. Pipe into jq or a log shipper.

With --replay the stream is gap-free. With --out FILE as well, lines are
appended to FILE and the script resumes exactly after a crash (cursor file
default FILE.cursor; see nw_to_csv.py). On standard output with --cursor, the
cursor is saved after each line is flushed: a crash between the two repeats
at most that one line (de-duplicate by "sequence").

Usage: PYTHONPATH=<build>/python nw_tail_jsonl.py --endpoint tcp://127.0.0.1:5556 \\
           [--replay tcp://127.0.0.1:5557 --cursor tail.cursor] [--out events.jsonl]"""
import json
import sys

import nw_common


def line(topic, event):
    record = nw_common.to_dict(event)
    record["topic"] = topic
    return json.dumps(record, ensure_ascii=False) + "\n"


def main():
    parser = nw_common.arguments(__doc__)
    parser.add_argument("--out", help="append to this file instead of standard output")
    args = parser.parse_args()
    nw_common.check(args, parser)
    if args.out:
        cursor = None
        if args.replay:
            cursor = nw_common.CursorFile(args.cursor or args.out + ".cursor")
        out = nw_common.AppendOnlyOutput(args.out, cursor)
        for topic, event, sub in nw_common.events(args, from_sequence=out.resume_after):
            out.commit(line(topic, event).encode(), sub.cursor if sub else event.sequence)
        return
    cursor = nw_common.CursorFile(args.cursor) if args.cursor else None
    start = cursor.load()[0] if cursor else 0
    for topic, event, sub in nw_common.events(args, from_sequence=start):
        sys.stdout.write(line(topic, event))
        sys.stdout.flush()
        if cursor:
            cursor.save(sub.cursor)


if __name__ == "__main__":
    main()

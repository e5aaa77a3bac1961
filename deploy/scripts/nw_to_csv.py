#!/usr/bin/python3
"""Appends one CSV row per article event (UTF-8 with BOM on a new file, so
Excel opens Chinese text correctly). Columns: see nw_common.COLUMNS.

With --replay the script is gap-free and resumes exactly: each row is written
and synced, then the cursor file (default OUT.cursor) records its sequence and
the file's length; after a crash, bytes past that length are cut off and the
events after the cursor are replayed from the daemon's journal, so every event
is in the file exactly once.

Usage: PYTHONPATH=<build>/python nw_to_csv.py --out articles.csv \\
           [--endpoint tcp://127.0.0.1:5556 --replay tcp://127.0.0.1:5557]"""
import csv
import io

import nw_common


def main():
    parser = nw_common.arguments(__doc__)
    parser.add_argument("--out", required=True, help="CSV file to append to")
    args = parser.parse_args()
    nw_common.check(args, parser)
    cursor = None
    if args.replay:
        cursor = nw_common.CursorFile(args.cursor or args.out + ".cursor")
    header = io.StringIO(newline="")
    csv.DictWriter(header, fieldnames=nw_common.COLUMNS).writeheader()
    out = nw_common.AppendOnlyOutput(args.out, cursor,
                                     header=b"\xef\xbb\xbf" + header.getvalue().encode())
    for topic, event, sub in nw_common.events(args, from_sequence=out.resume_after):
        row = b""
        if event.WhichOneof("payload") == "article":
            text = io.StringIO(newline="")
            csv.DictWriter(text, fieldnames=nw_common.COLUMNS).writerow(
                nw_common.article_row(topic, event))
            row = text.getvalue().encode()
        out.commit(row, sub.cursor if sub else event.sequence)


if __name__ == "__main__":
    main()

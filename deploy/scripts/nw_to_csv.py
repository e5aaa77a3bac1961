#!/usr/bin/python3
"""Appends one CSV row per article event (UTF-8 with BOM on a new file, so
Excel opens Chinese text correctly). Columns: see nw_common.COLUMNS.
Usage: PYTHONPATH=<build>/python nw_to_csv.py --out articles.csv"""
import csv
import os

import nw_common


def main():
    parser = nw_common.arguments(__doc__)
    parser.add_argument("--out", required=True, help="CSV file to append to")
    args = parser.parse_args()
    new_file = not os.path.exists(args.out) or os.path.getsize(args.out) == 0
    with open(args.out, "a", newline="", encoding="utf-8-sig" if new_file else "utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=nw_common.COLUMNS)
        if new_file:
            writer.writeheader()
        for topic, event in nw_common.events(args):
            if event.WhichOneof("payload") != "article":
                continue
            writer.writerow(nw_common.article_row(topic, event))
            f.flush()


if __name__ == "__main__":
    main()

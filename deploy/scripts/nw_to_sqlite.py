#!/usr/bin/python3
"""Stores article events in a SQLite table `articles` (one row per article id;
a re-sent event updates its row) with the full event as JSON in `event_json`.
Usage: PYTHONPATH=<build>/python nw_to_sqlite.py --db articles.db"""
import json
import sqlite3

import nw_common


def main():
    parser = nw_common.arguments(__doc__)
    parser.add_argument("--db", required=True, help="SQLite database file")
    args = parser.parse_args()
    db = sqlite3.connect(args.db)
    cols = nw_common.COLUMNS
    db.execute("CREATE TABLE IF NOT EXISTS articles (%s, event_json TEXT, "
               "PRIMARY KEY (article_id))" % ", ".join(cols))
    db.execute("CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id)")
    insert = "INSERT OR REPLACE INTO articles (%s, event_json) VALUES (%s)" % (
        ", ".join(cols), ", ".join("?" * (len(cols) + 1)))
    for topic, event in nw_common.events(args):
        if event.WhichOneof("payload") != "article":
            continue
        row = nw_common.article_row(topic, event)
        doc = json.dumps(nw_common.to_dict(event), ensure_ascii=False)
        with db:  # one transaction per event: a crash loses at most the current one
            db.execute(insert, [row[c] for c in cols] + [doc])


if __name__ == "__main__":
    main()

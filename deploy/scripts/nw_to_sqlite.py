#!/usr/bin/python3
"""Stores article events in a SQLite table `articles` (one row per article id;
a re-sent event updates its row) with the full event as JSON in `event_json`.

With --replay the script is gap-free and resumes exactly: the last handled
sequence is kept in the table `newswatch_cursor` of the same database, written
in the same transaction as the row, so after a crash the events after it are
replayed from the daemon's journal and every event is stored exactly once.

Usage: PYTHONPATH=<build>/python nw_to_sqlite.py --db articles.db \\
           [--endpoint tcp://127.0.0.1:5556 --replay tcp://127.0.0.1:5557]"""
import json
import sqlite3

import nw_common


def main():
    parser = nw_common.arguments(__doc__, cursor_file=False)
    parser.add_argument("--db", required=True, help="SQLite database file")
    args = parser.parse_args()
    nw_common.check(args, parser)
    db = sqlite3.connect(args.db, isolation_level=None)  # transactions are explicit below
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    cols = nw_common.COLUMNS
    db.execute("CREATE TABLE IF NOT EXISTS articles (%s, event_json TEXT, "
               "PRIMARY KEY (article_id))" % ", ".join(cols))
    db.execute("CREATE INDEX IF NOT EXISTS articles_story ON articles(story_id)")
    db.execute("CREATE TABLE IF NOT EXISTS newswatch_cursor ("
               "id INTEGER PRIMARY KEY CHECK (id = 1), sequence INTEGER NOT NULL)")
    row = db.execute("SELECT sequence FROM newswatch_cursor WHERE id = 1").fetchone()
    start = row[0] if row and args.replay else 0
    insert = "INSERT OR REPLACE INTO articles (%s, event_json) VALUES (%s)" % (
        ", ".join(cols), ", ".join("?" * (len(cols) + 1)))
    for topic, event, sub in nw_common.events(args, from_sequence=start):
        db.execute("BEGIN IMMEDIATE")  # the row and the cursor commit together
        try:
            if event.WhichOneof("payload") == "article":
                values = nw_common.article_row(topic, event)
                doc = json.dumps(nw_common.to_dict(event), ensure_ascii=False)
                db.execute(insert, [values[c] for c in cols] + [doc])
            if sub is not None:
                db.execute("INSERT OR REPLACE INTO newswatch_cursor(id, sequence) VALUES (1, ?)",
                           (sub.cursor,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise


if __name__ == "__main__":
    main()

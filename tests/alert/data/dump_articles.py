#!/usr/bin/python3
"""Test helper: prints the articles table written by nw_to_sqlite.py."""
import sqlite3
import sys

db = sqlite3.connect(sys.argv[1])
for row in db.execute("SELECT sequence, title, region_code, document_kind, story_id "
                      "FROM articles ORDER BY sequence"):
    print("|".join(str(c) for c in row))

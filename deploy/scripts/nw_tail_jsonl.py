#!/usr/bin/python3
"""Prints every newswatch event as one JSON line (protobuf JSON mapping, field
names as in event.proto) with the topic added. Pipe into jq or a log shipper.
Usage: PYTHONPATH=<build>/python nw_tail_jsonl.py --endpoint tcp://127.0.0.1:5556"""
import json
import sys

import nw_common


def main():
    args = nw_common.arguments(__doc__).parse_args()
    for topic, event in nw_common.events(args):
        record = nw_common.to_dict(event)
        record["topic"] = topic
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()

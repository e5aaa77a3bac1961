#!/usr/bin/python3
"""Minimal newswatch subscriber: prints one line per article.
Usage: PYTHONPATH=<build>/python nw_minimal.py tcp://127.0.0.1:5556"""
import sys

import zmq
from newswatch.v1 import event_pb2

sock = zmq.Context().socket(zmq.SUB)
sock.connect(sys.argv[1] if len(sys.argv) > 1 else "tcp://127.0.0.1:5556")
sock.setsockopt_string(zmq.SUBSCRIBE, "article.")
while True:
    topic, payload = sock.recv_multipart()
    event = event_pb2.Event()
    event.ParseFromString(payload)
    a = event.article
    print(event.sequence, topic.decode(), a.facts.primary_region.name, a.title, a.url, flush=True)

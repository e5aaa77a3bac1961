#!/usr/bin/env bash
# Quick start 1: installs what is missing, builds, and runs newswatchd once on
# the bundled demo configuration (config/demo.yaml: a sample feed and a spool
# folder shipped in config/demo/), showing each published event as it arrives.
# No internet access needed.
set -euo pipefail
cd "$(dirname "$0")/.."
deploy/install-deps.sh
deploy/build.sh

state=$(mktemp -d)
trap 'rm -rf "$state"; kill "$tail_pid" 2>/dev/null || true' EXIT
endpoint=tcp://127.0.0.1:5556

echo "== subscribing to $endpoint (newswatch tail)"
build/daemon/app/newswatch tail "$endpoint" --timeout 60 > "$state/events.jsonl" &
tail_pid=$!

echo "== running newswatchd --once on config/demo.yaml"
build/daemon/app/newswatchd --config config/demo.yaml --once --state "$state" --publish "$endpoint"

# Every event is journaled before it is sent; show what the subscriber received.
kill "$tail_pid" 2>/dev/null || true
wait "$tail_pid" 2>/dev/null || true
echo
echo "== events received by the subscriber"
/usr/bin/python3 - "$state/events.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    e = json.loads(line)
    if "article" in e:
        a = e["article"]; r = a.get("relevance", {})
        region = a.get("facts", {}).get("primaryRegion", {})
        print(f"#{e['sequence']:>3} {e['topic']}")
        print(f"     {a.get('title')}")
        print(f"     score {r.get('score', 0):.1f} {r.get('level', '')} region {region.get('name', '-')}"
              f" published {a.get('published', {}).get('rfc3339', '-')}")
    elif "heartbeat" in e:
        print(f"#{e['sequence']:>3} heartbeat")
    elif "sourceStatus" in e:
        s = e["sourceStatus"]
        print(f"#{e['sequence']:>3} status {s.get('sourceId')}: {s.get('state')} {s.get('reason', '')}")
PY

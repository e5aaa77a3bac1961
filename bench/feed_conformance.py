#!/usr/bin/python3
"""Feed-parser conformance: runs feedparser's own test documents through `newswatch parse-feed`
and through Python feedparser, and counts the cases our JSON contract can express that each
passes.

A test document (feedparser's tests/wellformed/**.xml, tests/illformed/**.xml) carries a
Python expression in its "Expect:" comment, evaluated against the parse result. A case is
*expressible* when the expression can be evaluated on feedparser's own result cut down to the
fields `newswatch parse-feed` emits (version/format; feed title, link, subtitle, updated;
entry id, title, link, author, summary, content, published, updated, tags, enclosures); `bozo`
is taken from feedparser for both sides (the JSON has no such field). Our side is our JSON put in
the same shape, with safe_summary / safe_content standing for feedparser's summary / content
(feedparser sanitizes both and resolves their relative links). Empty strings count as absent on our side (the JSON writes "" for "none").

usage: bench/feed_conformance.py FEEDPARSER_TESTS_DIR NEWSWATCH_BINARY [--show-failures N]
       [--filter SUBSTRING]
FEEDPARSER_TESTS_DIR is a checkout of feedparser's tests/ folder (read at run time, never
copied). Prints one summary line per folder and a total.
"""
import argparse
import calendar
import collections
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse

import feedparser
from feedparser.util import FeedParserDict

DESC_RE = re.compile(r"Description:\s*(.*?)\s*Expect:\s*(.*)\s*-->")
SKIP_RE = re.compile(r"SkipUnless:\s*(.*?)\n")
HEADER_RE = re.compile(r"^Header:\s+([^:]+):(.*)$", re.MULTILINE)

# Our "format" names -> feedparser's "version" values.
VERSIONS = {
    "rss0.90": "rss090", "rss0.91": "rss091", "rss0.92": "rss092", "rss0.93": "rss093",
    "rss0.94": "rss094", "rss2.0": "rss20", "rss1.0": "rss10", "atom0.3": "atom03",
    "atom1.0": "atom10", "cdf": "cdf", "rss": "rss", "atom": "atom", "unknown": "",
}


def read_case(path):
    raw = open(path, "rb").read()
    text = raw.decode("utf-8", errors="ignore")
    for enc, bom in (("utf-16", b"\xff\xfe"), ("utf-16", b"\xfe\xff")):
        if raw.startswith(bom):
            text = raw.decode(enc, errors="ignore")
    m = DESC_RE.search(text)
    if not m:
        return None
    skip = SKIP_RE.search(text)
    headers = {k.strip().lower(): v.strip() for k, v in HEADER_RE.findall(text)}
    return raw, m.group(2).strip(), (skip.group(1).strip() if skip else "1"), headers


def decoded_text(raw):
    """The document as feedparser's suite hands it over: text decoded by its BOM, else UTF-8."""
    for bom, enc in ((b"\x00\x00\xfe\xff", "utf-32be"), (b"\xff\xfe\x00\x00", "utf-32le"),
                     (b"\x00\x00\x00\x3c", "utf-32be"), (b"\x3c\x00\x00\x00", "utf-32le"),
                     (b"\x00\x3c\x00\x3f", "utf-16be"), (b"\x3c\x00\x3f\x00", "utf-16le")):
        if raw.startswith(bom):
            return raw.decode(enc, errors="ignore")
    if raw[:2] in (b"\xfe\xff", b"\xff\xfe") and raw[2:4] != b"\x00\x00":
        return raw[2:].decode("utf-16be" if raw[:2] == b"\xfe\xff" else "utf-16le",
                              errors="ignore")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="ignore")
    return raw.decode("utf-8", errors="ignore")


def parsed_time(value):
    """Our RFC 3339 UTC string -> the struct_time feedparser's *_parsed fields hold."""
    if not value:
        return None
    v = value.replace("Z", "+00:00")
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)", v)
    if not m:
        return None
    secs = calendar.timegm(tuple(int(x) for x in m.groups()) + (0, 0, 0))
    return time.gmtime(secs)


def shape(version, feed, entries, drop_empty):
    """A FeedParserDict holding only the contract's fields."""
    def put(d, key, value):
        if value is None or (drop_empty and value == ""):
            return
        d[key] = value

    out = FeedParserDict()
    out["version"] = version
    f = FeedParserDict()
    for k in ("title", "link", "subtitle", "updated_parsed"):
        put(f, k, feed.get(k))
    out["feed"] = f
    out["entries"] = []
    for e in entries:
        d = FeedParserDict()
        for k in ("id", "title", "link", "author", "summary", "published_parsed",
                  "updated_parsed"):
            put(d, k, e.get(k))
        if e.get("content"):
            d["content"] = [FeedParserDict(value=e["content"])]
        if e.get("tags"):
            d["tags"] = [FeedParserDict(term=t) for t in e["tags"]]
        if e.get("enclosures"):
            d["enclosures"] = [FeedParserDict(x) for x in e["enclosures"]]
        out["entries"].append(d)
    return out


def feedparser_side(result):
    feed = result.get("feed", {})
    f = {k: feed.get(k) for k in ("title", "link", "subtitle", "updated_parsed")}
    entries = []
    for e in result.get("entries", []):
        d = {k: e.get(k) for k in ("id", "title", "link", "author", "summary",
                                    "published_parsed", "updated_parsed")}
        content = e.get("content")
        d["content"] = content[0].get("value") if content else None
        d["tags"] = [t.get("term") for t in e.get("tags", []) if t.get("term") is not None]
        d["enclosures"] = [{k: x[k] for k in ("href", "type", "length") if k in x}
                           for x in e.get("enclosures", [])]
        entries.append(d)
    return shape(result.get("version", ""), f, entries, drop_empty=False)


def our_side(doc, fp_version):
    version = VERSIONS.get(doc.get("format", ""), doc.get("format", ""))
    # feedparser splits RSS 0.91 by DOCTYPE (rss091n Netscape, rss091u UserLand); we do not.
    if version == "rss091" and fp_version.startswith("rss091"):
        version = fp_version
    f = {"title": doc.get("title"), "link": doc.get("link"), "subtitle": doc.get("subtitle"),
         "updated_parsed": parsed_time(doc.get("updated"))}
    entries = []
    for e in doc.get("entries", []):
        d = {k: e.get(k) for k in ("id", "title", "link", "author")}
        # feedparser's summary and content are sanitized, relative links resolved: the
        # counterparts are our safe_summary and safe_content.
        d["summary"] = e.get("safe_summary", e.get("summary"))
        d["published_parsed"] = parsed_time(e.get("published"))
        d["updated_parsed"] = parsed_time(e.get("updated"))
        d["content"] = e.get("safe_content", e.get("content"))
        d["tags"] = e.get("categories", [])
        encs = []
        for x in e.get("enclosures", []):
            enc = {"href": x.get("url", "")}
            if x.get("type"):
                enc["type"] = x["type"]
            if x.get("length"):
                enc["length"] = str(x["length"])
            encs.append(enc)
        d["enclosures"] = encs
        entries.append(d)
    return shape(version, f, entries, drop_empty=True)


def evaluate(expr, result, bozo):
    env = dict(result)
    env["bozo"] = bozo
    env["bozo_exception"] = None
    try:
        return bool(eval(expr, {"__builtins__": __builtins__, "time": time}, env)), None
    except Exception as exc:  # noqa: BLE001 - any failure of the expression
        return None, repr(exc)


def run_ours(binary, path, headers):
    cmd = [binary, "parse-feed", path]
    ctype = headers.get("content-type", "")
    m = re.search(r"charset=([^;\s]+)", ctype)
    if m:
        cmd += ["--charset", m.group(1).strip("'\"")]
    if "content-location" in headers:
        cmd += ["--base-url", headers["content-location"]]
    elif "content-type" not in headers:
        pass
    p = subprocess.run(cmd, capture_output=True, timeout=30)
    if p.returncode != 0:
        return None
    return json.loads(p.stdout.decode("utf-8", errors="replace"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tests")
    ap.add_argument("binary")
    ap.add_argument("--show-failures", type=int, default=0)
    ap.add_argument("--filter", default="")
    args = ap.parse_args()
    paths = []
    for sub in ("wellformed", "illformed"):
        for root, _, files in os.walk(os.path.join(args.tests, sub)):
            for name in files:
                if name.endswith(".xml") and args.filter in os.path.join(root, name):
                    paths.append(os.path.join(root, name))
    paths.sort()

    # feedparser is not thread-safe: it runs first, in this thread; our processes run in a pool.
    cases = []
    for path in paths:
        case = read_case(path)
        if case is None:
            continue
        raw, expr, skip, headers = case
        if skip != "1":
            continue
        rel = os.path.relpath(path, os.path.dirname(args.tests.rstrip("/")))
        wellformed = "/wellformed/" in path
        try:
            if "http" in rel:
                # As feedparser's suite: served from 127.0.0.1:8097 with the Header: lines.
                url = "http://127.0.0.1:8097/" + rel
                headers.setdefault("content-type", "text/xml")
                headers["content-location"] = urllib.parse.urljoin(
                    url, headers.get("content-location", url))
                fp = feedparser.parse(raw, response_headers=headers)
            else:
                headers = {}
                fp = feedparser.parse(decoded_text(raw))
        except Exception:  # noqa: BLE001 - feedparser itself crashing fails its case
            continue
        # The suite requires well-formed cases not to be bozo; the JSON has no bozo flag.
        bozo = False if wellformed else fp.get("bozo", 0)
        fp_ok, fp_err = evaluate(expr, feedparser_side(fp), bozo)
        if fp_err is not None:
            continue  # inexpressible in our contract
        cases.append((path, expr, headers, bozo, fp_ok, fp.get("version", "")))

    def ours(case):
        path, expr, headers, bozo, _, fp_version = case
        doc = run_ours(args.binary, path, headers)
        if doc is None:  # refused as no feed: an empty result, as feedparser's for no feed
            doc = {"format": "unknown"}
        ok, err = evaluate(expr, our_side(doc, fp_version), bozo)
        return bool(ok), err or expr

    per_dir = collections.defaultdict(lambda: [0, 0, 0])
    failures = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for case, (ok, detail) in zip(cases, pool.map(ours, cases)):
            rel = os.path.relpath(case[0], args.tests)
            key = "/".join(rel.split("/")[:2])
            per_dir[key][0] += 1
            per_dir[key][1] += case[4]
            per_dir[key][2] += ok
            if case[4] and not ok:
                failures.append((rel, detail))
    total = [0, 0, 0]
    for key in sorted(per_dir):
        n, fp_pass, ours = per_dir[key]
        total = [total[0] + n, total[1] + fp_pass, total[2] + ours]
        print(f"{key:28s} cases {n:4d}  feedparser {fp_pass:4d}  newswatch {ours:4d}")
    n, fp_pass, ours = total
    print(f"{'TOTAL':28s} cases {n:4d}  feedparser {fp_pass:4d} ({100.0 * fp_pass / max(n, 1):.1f}%)"
          f"  newswatch {ours:4d} ({100.0 * ours / max(n, 1):.1f}%)")
    for rel, detail in failures[: args.show_failures]:
        print(f"  FAIL {rel}: {detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Peer for bench_extract: readability-lxml (Debian python3-readability) on the same pages,
bytes in, article text out. With --quality NEWSWATCH_BIN it also scores both extractors against
the human references (readability-zh expected.html, newspaper-zh chinese.txt) and GNE's output
(gne/result.txt), as character F1 over the multiset of non-whitespace code points (the metric
of tests/extract/article_extractor_corpus_test.cc).

usage: readability_peer.py [--quality path/to/newswatch]   prints one JSON object
"""
import argparse
import collections
import json
import subprocess

import lxml.html
from readability import Document

from peer_common import CORPUS, corpus_pages, measure


def readability_text(html_bytes):
    summary = Document(html_bytes).summary(html_partial=True)
    return lxml.html.fromstring(summary).text_content()


def char_f1(got, want):
    g = collections.Counter(c for c in got if not c.isspace())
    w = collections.Counter(c for c in want if not c.isspace())
    common = sum((g & w).values())
    if not common:
        return 0.0
    p, r = common / sum(g.values()), common / sum(w.values())
    return 2 * p * r / (p + r)


def references():
    """(page path, reference text, kind) for every page with a reference."""
    pages = CORPUS / "pages"
    out = []
    for d in sorted((pages / "readability-zh").iterdir()):
        if (d / "expected.html").exists():
            # The references are UTF-8; lxml would guess a legacy charset from bare bytes.
            want = lxml.html.fromstring(
                (d / "expected.html").read_bytes().decode("utf-8", "replace")).text_content()
            out.append((d / "source.html", want, "human"))
    out.append((pages / "newspaper-zh" / "chinese_article.html",
                (pages / "newspaper-zh" / "chinese.txt").read_text(encoding="utf-8"), "human"))
    path, body = None, []
    for line in (pages / "gne" / "result.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith(">>>>"):
            path, body = line.strip(">"), []
        elif line.startswith("<<<<") and path:
            try:
                out.append((pages / "gne" / path, json.loads("\n".join(body))["content"], "gne"))
            except (ValueError, KeyError):
                pass
            path = None
        elif path:
            body.append(line)
    return out


def quality(newswatch_bin):
    scores = {"readability": collections.defaultdict(list), "newswatch": collections.defaultdict(list)}
    for page, want, kind in references():
        try:
            got = readability_text(page.read_bytes())
        except Exception:
            got = ""
        scores["readability"][kind].append(char_f1(got, want))
        run = subprocess.run([newswatch_bin, "extract", str(page)], capture_output=True)
        got = json.loads(run.stdout).get("text", "") if run.returncode == 0 else ""
        scores["newswatch"][kind].append(char_f1(got, want))
    return {tool: {kind: {"pages": len(v), "mean_f1": sum(v) / len(v)} for kind, v in by.items()}
            for tool, by in scores.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quality", metavar="NEWSWATCH_BIN", default="")
    ap.add_argument("--min-time", type=float, default=3.0)
    args = ap.parse_args()
    buffers = [p.read_bytes() for p in corpus_pages()]
    result = measure("readability/pages", buffers,
                     lambda b: 1 if readability_text(b) else 0, args.min_time)
    if args.quality:
        result["quality"] = quality(args.quality)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Whole-process timings, as a script calling the tools per file sees them: start-up, reading,
parsing and printing included. `newswatch parse-feed` on the generated feed against a Python
process running feedparser on it; `newswatch extract` on each article page against a Python
process running readability-lxml on it; `newswatch --help`. CPU time (user + system) of each
child process, median of several runs; the ratio is peer / newswatch.

usage: whole_process.py NEWSWATCH_BIN FEED [--runs N] [--pages N]   prints one JSON object
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
from peer_common import corpus_pages  # noqa: E402

PY = "/usr/bin/python3"
FEEDPARSER = "import feedparser, sys, json; d = feedparser.parse(open(sys.argv[1], 'rb').read()); " \
             "sys.stdout.write(json.dumps([e.get('title', '') for e in d.entries]))"
READABILITY = "import sys, lxml.html; from readability import Document; " \
              "s = Document(open(sys.argv[1], 'rb').read()).summary(html_partial=True); " \
              "sys.stdout.write(lxml.html.fromstring(s).text_content())"


def cpu_of(cmd):
    """CPU seconds (user + system) the child took; raises if it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_cpu(cmd, runs):
    cpu_of(cmd)  # warm the page cache
    return statistics.median(cpu_of(cmd) for _ in range(runs))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("newswatch")
    ap.add_argument("feed")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--pages", type=int, default=12)
    args = ap.parse_args()
    out = {"runs": args.runs}
    out["help_ms"] = 1000 * median_cpu([args.newswatch, "--help"], args.runs)
    out["extract_help_ms"] = 1000 * median_cpu([args.newswatch, "extract", "--help"], args.runs)
    nw = median_cpu([args.newswatch, "parse-feed", args.feed], args.runs)
    fp = median_cpu([PY, "-c", FEEDPARSER, args.feed], max(3, args.runs // 2))
    out["parse_feed"] = {"newswatch_ms": 1000 * nw, "feedparser_ms": 1000 * fp, "ratio": fp / nw}
    # An even sample of the article pages; per page the median of the runs, then the median
    # over pages.
    pages = corpus_pages()
    if len(pages) > args.pages:
        pages = [pages[i * len(pages) // args.pages] for i in range(args.pages)]
    nw_pages, rd_pages = [], []
    for p in pages:
        nw_pages.append(median_cpu([args.newswatch, "extract", str(p)], args.runs))
        rd_pages.append(median_cpu([PY, "-c", READABILITY, str(p)], max(3, args.runs // 2)))
    nw, rd = statistics.median(nw_pages), statistics.median(rd_pages)
    out["extract"] = {"pages": len(pages), "newswatch_ms": 1000 * nw,
                      "readability_ms": 1000 * rd, "ratio": rd / nw}
    print(json.dumps(out))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Prints the Markdown table of one bench/run.sh run from its result folder.

usage: summarize.py RESULTS_DIR
"""
import json
import os
import platform
import subprocess
import sys
from pathlib import Path


def load(path):
    with open(path) as f:
        return json.load(f)


def gbench(out, binary):
    """name -> benchmark entry (aggregates are not used: one repetition per run)."""
    data = load(out / f"{binary}.json")
    def key(name):  # "BM_X/min_time:2.000/real_time/threads:2" -> "BM_X/threads:2"
        return "/".join(p for p in name.split("/")
                        if not p.startswith("min_time:") and p != "real_time")
    return {key(b["name"]): b for b in data["benchmarks"]}, data.get("context", {})


def seconds(entry, key):
    scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[entry["time_unit"]]
    return entry[key] * scale


def rss_mb(out, binary):
    return int((out / f"{binary}.rss").read_text().split()[-1]) / 1024


def machine(out):
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                if l.startswith("model name")), platform.processor())
    commit = subprocess.run(["git", "-C", str(Path(__file__).parent), "rev-parse", "--short",
                             "HEAD"], capture_output=True, text=True).stdout.strip()
    load1 = os.getloadavg()[0]
    cache = out.parents[1] / "CMakeCache.txt"
    build_type = next((l.split("=", 1)[1].strip() for l in open(cache)
                       if l.startswith("CMAKE_BUILD_TYPE:")), "?") if cache.exists() else "?"
    return (f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
            f"load average {load1:.1f} at the end; commit {commit}; build type {build_type}")


def main():
    out = Path(sys.argv[1])
    feed, ctx = gbench(out, "bench_feed")
    extract, _ = gbench(out, "bench_extract")
    rel, _ = gbench(out, "bench_relevance")
    pub, _ = gbench(out, "bench_publish")
    pf_gen = load(out / "peer_feedparser_generated.json")
    pf_cor = load(out / "peer_feedparser_corpus.json")
    pr = load(out / "peer_readability.json")

    rows = []
    # "/0": default options; "/1": with the sanitized copies of summary and content too (as
    # `newswatch parse-feed` asks for; feedparser always sanitizes).
    for name, peer, label in (("BM_ParseGeneratedFeed/0", pf_gen, "generated feed"),
                              ("BM_ParseGeneratedFeed/1", pf_gen,
                               "generated feed, with sanitized copies"),
                              ("BM_ParseCorpusFeeds/0", pf_cor, "corpus/feeds")):
        b = feed[name]
        cpu, wall = seconds(b, "cpu_time"), seconds(b, "real_time")
        mb = b["input_bytes"] / 1e6
        rows.append((
            f"feed parsing, {label} ({int(b['docs'])} files, {mb:.1f} MB, {int(b['entries'])} items)",
            f"{mb / cpu:.1f} MB/s, {b['entries'] / cpu:,.0f} items/s",
            f"feedparser {peer['version']}: {mb / peer['cpu_s_per_pass']:.2f} MB/s, "
            f"{peer['items'] / peer['cpu_s_per_pass']:,.0f} items/s",
            f"**{peer['cpu_s_per_pass'] / cpu:.0f}x** (wall {peer['wall_s_per_pass'] / wall:.0f}x)",
            f"{rss_mb(out, 'bench_feed'):.0f} MB / {peer['peak_rss_kb'] / 1024:.0f} MB"))
    b = extract["BM_ExtractCorpusPages"]
    cpu, wall, pages = seconds(b, "cpu_time"), seconds(b, "real_time"), b["docs"]
    rows.append((
        f"extraction, corpus/pages ({int(pages)} pages, {b['input_bytes'] / 1e6:.1f} MB)",
        f"{pages / cpu:,.0f} pages/s, {1000 * cpu / pages:.2f} ms CPU/page",
        f"readability: {pr['docs'] / pr['cpu_s_per_pass']:,.1f} pages/s, "
        f"{1000 * pr['cpu_s_per_pass'] / pr['docs']:.1f} ms CPU/page",
        f"**{pr['cpu_s_per_pass'] / cpu:.0f}x** (wall {pr['wall_s_per_pass'] / wall:.0f}x)",
        f"{rss_mb(out, 'bench_extract'):.0f} MB / {pr['peak_rss_kb'] / 1024:.0f} MB"))
    for name, b in rel.items():
        threads = b.get("threads", 1)
        mb = b["input_bytes"] / 1e6
        what = "normalize + relevance"
        if name.startswith("BM_NormalizeAnalyzeScoreAndFacts"):
            what = ("normalize + analysis + relevance + facts "
                    + ("(facts for every article)" if "/1" in name else "(facts for relevant ones)"))
        rows.append((
            f"{what}, {int(b['docs'] / threads)} docs ({mb / threads:.1f} MB), "
            f"{threads} thread(s)",
            f"{b['bytes_per_second'] / 1e6 / threads:.1f} MB/s per core "
            f"({b['items_per_second']:,.0f} docs/s total)",
            "", "", f"{rss_mb(out, 'bench_relevance'):.0f} MB"))
    elapsed, user, system, rss = (out / "check.time").read_text().split()[-4:]
    docs = int((out / "check.count").read_text())
    rows.append((f"`newswatch check` end to end ({docs} documents, one process)",
                 f"{docs / float(elapsed):,.0f} docs/s wall "
                 f"({1000 * (float(user) + float(system)) / docs:.2f} ms CPU/doc incl. start-up)",
                 "", "", f"{int(rss) / 1024:.0f} MB"))
    b = pub["BM_PublishEvents"]
    rows.append(("publish: Publisher -> XPUB -> SUB over loopback TCP (journal + send)",
                 f"{b['items_per_second']:,.0f} events/s", "", "",
                 f"{rss_mb(out, 'bench_publish'):.0f} MB (whole binary)"))
    for name, b in pub.items():
        if not name.startswith("BM_FetchToReceipt"):
            continue
        mode = name.split("/")[1]
        rows.append((f"end of fetch -> pipeline -> publisher -> subscriber, {mode} "
                     f"({int(b['docs'])} at a time)",
                     f"{b['items_per_second']:,.0f} events/s; latency p50 {b['p50_ms']:.1f} ms, "
                     f"p99 {b['p99_ms']:.1f} ms", "", "", ""))

    print(f"Machine: {machine(out)}\n")
    print("| benchmark | newswatch | peer (same inputs, same run) | speed-up (CPU) | peak RSS newswatch / peer |")
    print("|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    wp = out / "whole_process.json"
    if wp.exists():
        w = load(wp)
        f, e = w["parse_feed"], w["extract"]
        print("\nWhole processes, as a script calling the tool per file sees them (CPU time of the "
              f"child, median of {w['runs']} runs; start-up, reading and printing included):\n")
        print("| command | newswatch | peer process | ratio |")
        print("|---|---|---|---|")
        print(f"| `newswatch parse-feed` on the generated feed (JSON with safe copies) | "
              f"{f['newswatch_ms']:.1f} ms | feedparser: {f['feedparser_ms']:.0f} ms | "
              f"**{f['ratio']:.0f}x** |")
        print(f"| `newswatch extract`, one page (median over {e['pages']} pages) | "
              f"{e['newswatch_ms']:.1f} ms | readability: {e['readability_ms']:.0f} ms | "
              f"**{e['ratio']:.0f}x** |")
        print(f"| `newswatch extract --help` (start-up of the lean binary) | "
              f"{w['extract_help_ms']:.1f} ms | | |")
        print(f"| `newswatch --help` (lean binary, then the full newswatch-cli) | "
              f"{w['help_ms']:.1f} ms | | |")
    q = pr.get("quality")
    if q:
        print("\nExtraction quality, mean character F1 (same metric as tests/extract):\n")
        print("| reference | pages | newswatch | readability |")
        print("|---|---|---|---|")
        for kind, label in (("human", "human cut (readability-zh, newspaper-zh)"),
                            ("gne", "GNE's output (gne/result.txt)")):
            n, r = q["newswatch"].get(kind), q["readability"].get(kind)
            if n and r:
                print(f"| {label} | {n['pages']} | {n['mean_f1']:.3f} | {r['mean_f1']:.3f} |")


if __name__ == "__main__":
    main()

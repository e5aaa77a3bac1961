"""Shared by the peer benchmarks: the same input files the C++ benchmarks read (see
bench/bench_inputs.cc), and a timing loop that reports wall and CPU time per pass."""
import os
import resource
import time
from pathlib import Path

SHARED = Path(os.environ.get("NW_SHARED_DIR", Path(__file__).resolve().parents[3] / "shared"))
CORPUS = SHARED / "corpus"


def corpus_feeds():
    return sorted(p for p in (CORPUS / "feeds").rglob("*.xml") if p.is_file())


def corpus_pages():
    pages = CORPUS / "pages"
    out = [p for p in (pages / "gne" / "tests").rglob("*.html") if p.is_file()]
    out += [d / "source.html" for d in (pages / "readability-zh").iterdir()
            if (d / "source.html").exists()]
    out += list((pages / "newspaper-zh").glob("*.html"))
    return sorted(out)


def measure(name, buffers, one, min_time=3.0):
    """Runs one(buffer) over every buffer, pass after pass, for at least min_time seconds.
    one() returns how many items (entries, pages) it produced."""
    passes, wall, cpu, items, failed = 0, 0.0, 0.0, 0, 0
    while wall < min_time or passes < 1:
        w0, c0 = time.perf_counter(), time.process_time()
        items, failed = 0, 0
        for b in buffers:
            try:
                items += one(b)
            except Exception:  # a peer that raises on an input counts it as failed
                failed += 1
        wall += time.perf_counter() - w0
        cpu += time.process_time() - c0
        passes += 1
    return {
        "name": name,
        "docs": len(buffers),
        "items": items,
        "failed": failed,
        "bytes": sum(len(b) for b in buffers),
        "passes": passes,
        "wall_s_per_pass": wall / passes,
        "cpu_s_per_pass": cpu / passes,
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }

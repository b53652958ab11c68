"""``axiswatch bench ingest``: generate N small HTML articles, ingest them into a temporary workspace.

Reports documents per second, peak memory (``ru_maxrss``) and where the time
went (parsing and writing vs. the one full-text index rebuild at the end).
About one page in twenty is a lightly edited copy of another, so the
near-duplicate path is exercised too.
"""

from __future__ import annotations

import os
import random
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from axiswatch.settings import Settings
from axiswatch.sources.ingest import ingest_paths
from axiswatch.store import open_workspace

_ACTORS = ["North Korea", "Russia", "South Korea", "Japan", "China", "Ukraine", "the United States"]
_VERBS = ["shipped", "sent", "delivered", "promised", "discussed", "denied sending", "was reported to send"]
_GOODS = ["artillery shells", "ballistic missiles", "refined petroleum", "wheat", "fertiliser", "rail wagons",
          "construction workers", "satellite components", "coal", "medical supplies"]
_PLACES = ["Rajin", "Vladivostok", "Vostochny", "Khasan", "Nampo", "Kursk", "Pyongyang", "Moscow"]
_SOURCES = ["officials said", "a ministry spokesperson said", "satellite imagery showed", "analysts said",
            "according to a government report", "state media reported"]


def _article(rng: random.Random, i: int) -> tuple[str, str, str]:
    """Title, date and paragraphs of one synthetic article (different words each time)."""
    a, b = rng.sample(_ACTORS, 2)
    day = f"20{rng.randint(18, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    paras = []
    for _ in range(rng.randint(3, 6)):
        paras.append(f"{a} {rng.choice(_VERBS)} {rng.randint(2, 900) * 100} tonnes of {rng.choice(_GOODS)} "
                     f"to {b} through {rng.choice(_PLACES)}, {rng.choice(_SOURCES)} on item {i}. "
                     f"The {rng.choice(_GOODS)} were moved by {rng.choice(['rail', 'ship', 'truck'])} "
                     f"in batch {rng.randint(1, 10**6)}.")
    return f"{a} and {b}: report {i}", day, "".join(f"<p>{p}</p>" for p in paras)


def _page(title: str, day: str, body: str, site: str) -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="article:published_time" content="{day}T08:00:00Z">'
            f'<meta property="og:site_name" content="{site}"></head><body><nav>Home | World</nav>'
            f"<article><h1>{title}</h1>{body}</article><footer>(c) {site}</footer></body></html>")


def generate(folder: Path, n: int, seed: int = 7) -> int:
    """Write n HTML pages (5% near-duplicate copies) in subfolders of 1,000; returns bytes written."""
    rng = random.Random(seed)
    total = 0
    originals: list[tuple[str, str, str]] = []
    for i in range(n):
        sub = folder / f"batch{i // 1000:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        if originals and rng.random() < 0.05:
            title, day, body = rng.choice(originals)
            page = _page(title, day, body.replace("</p>", " Reporting by a syndication desk.</p>", 1), "Copy Desk")
        else:
            title, day, body = _article(rng, i)
            originals.append((title, day, body))
            page = _page(title, day, body, f"Site {i % 37}")
        data = page.encode("utf-8")
        (sub / f"page{i:05d}.html").write_bytes(data)
        total += len(data)
    return total


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    peak = resource.getrusage(who).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _cpu_seconds() -> float:
    """CPU time used so far by this process and its finished children (the parsing workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def run(settings: Settings, n: int = 10_000, workdir: Path | None = None, reingest: bool = False,
        workers: int | None = None, **_: Any) -> dict[str, Any]:
    """Generate and ingest ``n`` pages; returns the figures."""
    base = Path(tempfile.mkdtemp(prefix="axiswatch-bench-ingest-", dir=workdir))
    try:
        pages = base / "pages"
        t0 = time.perf_counter()
        size = generate(pages, n)
        gen_s = time.perf_counter() - t0
        ws_path = base / "bench.duckdb"
        run_settings = replace(settings, workspace=ws_path, quiet=True)
        rss_before = _peak_mb()
        with open_workspace(ws_path) as ws:
            cpu0 = _cpu_seconds()
            t1 = time.perf_counter()
            summary = ingest_paths(ws, [pages], run_settings, options={"workers": workers})
            ingest_s = time.perf_counter() - t1
            cpu_s = _cpu_seconds() - cpu0
            figures: dict[str, Any] = {
                "files": n,
                "bytes": size,
                "generate_seconds": round(gen_s, 2),
                "ingest_seconds": round(ingest_s, 2),
                "documents_per_second": round(summary.added / ingest_s, 1) if ingest_s else None,
                "index_rebuild_seconds": round(summary.index_seconds, 2),
                # CPU time is what the machine's other load cannot distort; wall time is
                "cpu_seconds": round(cpu_s, 2),
                "cpu_ms_per_document": round(1000 * cpu_s / max(1, n), 2),
                "load_average_1min": round(os.getloadavg()[0], 2),
                "cores": os.cpu_count(),
                "added": summary.added,
                "near_duplicates": summary.duplicates,
                "failed": summary.failed,
                "peak_rss_mb_before_ingest": round(rss_before, 1),
                "peak_rss_mb": round(_peak_mb(), 1),
                # parsing runs in worker processes for large batches: their largest peak, too
                "peak_rss_mb_largest_worker": round(_peak_mb(resource.RUSAGE_CHILDREN), 1),
                "workers": workers or "auto",
            }
            if reingest:
                t2 = time.perf_counter()
                again = ingest_paths(ws, [pages], run_settings, options={"workers": workers})
                figures["reingest_seconds"] = round(time.perf_counter() - t2, 2)
                figures["reingest_added"] = again.added
                figures["reingest_unchanged"] = again.unchanged
                figures["peak_rss_mb"] = round(_peak_mb(), 1)
                figures["peak_rss_mb_largest_worker"] = round(_peak_mb(resource.RUSAGE_CHILDREN), 1)
        figures["workspace_mb"] = round(ws_path.stat().st_size / 1e6, 1)
        return figures
    finally:
        shutil.rmtree(base, ignore_errors=True)


def report(fig: dict[str, Any]) -> str:
    """A readable report of the figures."""
    lines = [
        f"ingest benchmark: {fig['files']:,} HTML files ({fig['bytes'] / 1e6:.1f} MB) generated in "
        f"{fig['generate_seconds']} s",
        f"  ingested in {fig['ingest_seconds']} s: {fig['documents_per_second']} documents/s "
        f"(of which the full-text index rebuild {fig['index_rebuild_seconds']} s)",
        f"  CPU {fig['cpu_seconds']} s in all processes ({fig['cpu_ms_per_document']} ms per document); "
        f"load average {fig['load_average_1min']} on {fig['cores']} cores",
        f"  added {fig['added']:,}, near-duplicates linked {fig['near_duplicates']:,}, failed {fig['failed']}",
        f"  peak memory (ru_maxrss): main process {fig['peak_rss_mb']} MB (before ingest "
        f"{fig['peak_rss_mb_before_ingest']} MB), largest parsing worker {fig['peak_rss_mb_largest_worker']} MB "
        f"(workers: {fig['workers']})",
        f"  workspace file: {fig['workspace_mb']} MB",
    ]
    if "reingest_seconds" in fig:
        lines.append(f"  re-ingest: {fig['reingest_seconds']} s, added {fig['reingest_added']}, "
                     f"unchanged {fig['reingest_unchanged']:,}")
    return "\n".join(lines)

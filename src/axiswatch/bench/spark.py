"""``axiswatch bench spark``: extraction throughput locally vs on Spark, and what Spark costs per job.

The corpus is generated (five-sentence documents from the bundled sample's
sentences, as ``bench extract``), written as JSON lines, and coded twice: by the
local stage in this process (one core) and by ``--engine spark`` on ``local[2]``.
Spark's fixed costs are measured apart: the session start, and a 20-document job
(the overhead every job pays: task scheduling, Python workers, the Parquet commit).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from axiswatch.settings import Settings

OVERHEAD_DOCS = 20


def _write(path: Path, docs: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")


def _code_fingerprint() -> str:
    """A hash of the extractor's source: Spark's Python workers import it afresh, so an edit mid-run shows."""
    import hashlib
    from importlib import resources

    h = hashlib.sha1(usedforsecurity=False)
    folder = resources.files("axiswatch.extract")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith((".py", ".yaml")):
            h.update(entry.read_bytes())
    return h.hexdigest()[:12]


def _descendants_peak_mb() -> float | None:
    """Peak RSS (VmHWM) summed over this process's live descendants (the JVM, Python workers); Linux only."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    parents: dict[int, int] = {}
    for d in proc.iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
                parents[int(d.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    mine: set[int] = set()
    frontier = {os.getpid()}
    while frontier:
        frontier = {p for p, pp in parents.items() if pp in frontier} - mine
        mine |= frontier
    total = 0
    for pid in mine:
        try:
            for line in (proc / str(pid) / "status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except (OSError, ValueError):
            continue
    return round(total / 1024, 1)


def _fresh_local_events(corpus: Path, out: Path, profile_name: str) -> int:
    """Events of a local run in a new process (the code on disk now, as Spark's workers saw it)."""
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from axiswatch.extract.run import extract_jsonl; "
            "from axiswatch.profiles import load_profile; "
            "print(extract_jsonl(Path(sys.argv[1]), Path(sys.argv[2]), load_profile(sys.argv[3])).events)")
    done = subprocess.run([sys.executable, "-c", code, str(corpus), str(out), profile_name],
                          capture_output=True, text=True, check=True)
    return int(done.stdout.strip().splitlines()[-1])


def _cores(master: str) -> int:
    inside = master[master.find("[") + 1:master.find("]")] if "[" in master else "1"
    return (os.cpu_count() or 1) if inside == "*" else int(inside)


def run(settings: Settings, documents: int = 20_000, master: str = "local[2]",
        workdir: Path | None = None) -> dict[str, Any]:
    """Code the same generated corpus locally and on Spark; documents/s, overhead, peak memory, estimates."""
    from axiswatch.bench.extract import make_documents
    from axiswatch.extract.run import extract_jsonl
    from axiswatch.profiles import load_profile
    from axiswatch.scale.extract import extract_to_parquet
    from axiswatch.scale.session import get_session

    profile = load_profile(settings.profile)
    code_before = _code_fingerprint()
    base = Path(tempfile.mkdtemp(prefix="axiswatch-bench-spark-", dir=workdir))
    try:
        docs = make_documents(documents)
        corpus, small = base / "docs.jsonl", base / "small.jsonl"
        _write(corpus, docs)
        _write(small, docs[:OVERHEAD_DOCS])

        t = time.perf_counter()
        local = extract_jsonl(corpus, base / "local.jsonl", profile)
        local_s = time.perf_counter() - t

        t = time.perf_counter()
        spark = get_session(master)
        session_s = time.perf_counter() - t
        t = time.perf_counter()
        extract_to_parquet(spark, small, base / "warm", profile)  # first job: starts the Python workers
        first_job_s = time.perf_counter() - t
        t = time.perf_counter()
        extract_to_parquet(spark, small, base / "small", profile)
        overhead_s = time.perf_counter() - t
        cores = _cores(spark.sparkContext.master or master)
        t = time.perf_counter()
        remote = extract_to_parquet(spark, corpus, base / "spark", profile, partitions=max(2, cores * 4))
        spark_s = time.perf_counter() - t
        peak_driver = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak_children = _descendants_peak_mb()
        code_changed = _code_fingerprint() != code_before
        # the extractor is plain Python read from disk by every worker: if its source changed
        # during the run, compare Spark with a fresh local run of the code as it is now
        fresh = (_fresh_local_events(corpus, base / "fresh.jsonl", settings.profile)
                 if code_changed or local.events != remote.events else None)
    finally:
        shutil.rmtree(base, ignore_errors=True)

    local_rate = documents / local_s
    spark_rate = documents / spark_s
    # Spark's rate net of its fixed per-job cost, spread over the cores it had
    net_rate = documents / max(spark_s - overhead_s, 1e-9)
    efficiency = net_rate / (cores * local_rate)
    return {
        "documents": documents, "master": master, "cores": cores, "load_average_1m": round(os.getloadavg()[0], 2),
        "events_local": local.events, "events_spark": remote.events,
        "extractor_changed_during_run": code_changed, "events_local_fresh_process": fresh,
        "same_events": remote.events == (fresh if fresh is not None else local.events),
        "local_seconds": round(local_s, 2), "local_docs_per_s": round(local_rate, 1),
        "spark_session_start_seconds": round(session_s, 2), "spark_first_job_seconds": round(first_job_s, 2),
        "spark_overhead_per_job_seconds": round(overhead_s, 2),
        "spark_seconds": round(spark_s, 2), "spark_docs_per_s": round(spark_rate, 1),
        "spark_speedup": round(spark_rate / local_rate, 2),
        "parallel_efficiency": round(efficiency, 2),
        "estimated_docs_per_s_per_added_core": round(local_rate * min(efficiency, 1.0), 1),
        "break_even_documents": round(overhead_s * local_rate / max(1 - local_rate / net_rate, 1e-9))
        if net_rate > local_rate else None,
        "peak_rss_driver_mb": round(peak_driver, 1), "peak_rss_children_mb": peak_children,
    }


def report(fig: dict[str, Any]) -> str:
    """A readable report."""
    lines = [
        f"bench spark: {fig['documents']:,} documents, Spark {fig['master']} ({fig['cores']} cores), "
        f"load average {fig['load_average_1m']}",
        f"  local (1 process)   {fig['local_seconds']:>9.2f} s  {fig['local_docs_per_s']:>8.1f} docs/s  "
        f"{fig['events_local']:,} events",
        f"  spark               {fig['spark_seconds']:>9.2f} s  {fig['spark_docs_per_s']:>8.1f} docs/s  "
        f"{fig['events_spark']:,} events  (same events: {fig['same_events']})",
        *([f"  extractor source changed during the run; a fresh local process gives "
           f"{fig['events_local_fresh_process']:,} events"] if fig["events_local_fresh_process"] is not None else []),
        f"  speed-up {fig['spark_speedup']}x; parallel efficiency {fig['parallel_efficiency']} "
        f"(net of the per-job overhead, per core, vs one local process)",
        f"  Spark fixed costs: session start {fig['spark_session_start_seconds']} s, first job "
        f"{fig['spark_first_job_seconds']} s, then {fig['spark_overhead_per_job_seconds']} s per job",
        f"  estimate on a cluster: about {fig['estimated_docs_per_s_per_added_core']} docs/s per added core",
        f"  Spark pays off above about {fig['break_even_documents']} documents per job"
        if fig["break_even_documents"] else "  Spark did not beat the local process on this machine",
        f"  peak RSS: driver {fig['peak_rss_driver_mb']} MB, children (JVM, Python workers) "
        f"{fig['peak_rss_children_mb']} MB",
    ]
    return "\n".join(lines)

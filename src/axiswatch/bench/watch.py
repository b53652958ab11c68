"""``axiswatch bench watch``: how long one watch cycle takes on the demo workspace.

Copies (or builds) the demo workspace, watches an empty folder with a JSON-lines
alert channel, and times: the first cycle (the alert baseline), idle cycles
with nothing new, and the cycle after N new documents land in the folder (the
whole fetch → ingest → extract → resolve → indicators → alerts → deliver path).
"""

from __future__ import annotations

import resource
import shutil
import statistics
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from axiswatch.settings import Settings

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
# Sentence patterns the extractor codes; numbers, months and places vary per document so each is new.
_TEMPLATES = (
    "North Korea sent {n:,} troops to Russia in {month} {year}, South Korea's intelligence service said.",
    "Russia delivered {m} million barrels of oil to North Korea in {month} {year}, the UN panel reported.",
    "North Korea shipped {m} million artillery shells to Russia in {month} {year}, officials in Seoul said.",
    "Russian Foreign Minister Sergei Lavrov met Kim Jong Un in Pyongyang on {month} {day}, {year}.",
    "The United States on {month} {day}, {year} sanctioned {k} North Korean firms that shipped munitions to "
    "Russia.",
    "Russia and North Korea held talks in Moscow on {month} {day}, {year} about rail links and tourism.",
)


def generate_documents(folder: Path, n: int, *, start: int = 0) -> list[Path]:
    """Write ``n`` short wire-style text files (three coded sentences each) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(start, start + n):
        lines = []
        for j in range(3):
            t = _TEMPLATES[(i + 2 * j) % len(_TEMPLATES)]
            k = i * 3 + j
            lines.append(t.format(n=1000 + 37 * k, m=1 + k % 9, k=2 + k % 5, month=_MONTHS[k % 12],
                                  day=1 + k % 28, year=2024 + (k // 12) % 2))
        path = folder / f"wire_{i:05d}.txt"
        path.write_text(f"Wire report {i}\n\n" + " ".join(lines) + "\n", encoding="utf-8")
        out.append(path)
    return out


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _cycle(ws_path: Path, settings: Settings) -> dict[str, Any]:
    from axiswatch.watch.cycle import run_watcher

    t = time.perf_counter()
    rep = run_watcher(ws_path, settings, threading.Event(), once=True)[0]
    raised = len((rep.alerts or {}).get("raised", [])) + sum(1 for s in rep.indicators_changed if s["alert_id"])
    return {"seconds": round(time.perf_counter() - t, 3), "cycle_seconds": rep.seconds,
            "stages": rep.stage_seconds, "documents_added": rep.documents_added,
            "events": (rep.extract or {}).get("events", 0), "alerts": raised,
            "delivered": (rep.deliveries or {}).get("sent", 0), "analysed": rep.analysed}


def run(settings: Settings, *, documents: int = 100, idle_cycles: int = 3, demo: Path | None = None,
        workdir: Path | None = None) -> dict[str, Any]:
    """Time watch cycles on a copy of the demo workspace: baseline, idle, and with N new documents."""
    from axiswatch.store.workspace import open_workspace
    from axiswatch.watch.deliver import add_channel
    from axiswatch.watch.sources import add_source

    tmp = Path(tempfile.mkdtemp(prefix="axiswatch-bench-watch-")) if workdir is None else workdir
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        ws_path = tmp / "watch.duckdb"
        t = time.perf_counter()
        if demo is not None:
            shutil.copyfile(demo, ws_path)
        else:
            from axiswatch.demo import run_demo

            built = run_demo(tmp / "demo", settings, say=lambda s: None)
            shutil.copyfile(built["workspace"], ws_path)
        setup_s = round(time.perf_counter() - t, 2)
        settings = replace(settings, workspace=ws_path, quiet=True)
        inbox = tmp / "inbox"
        inbox.mkdir(exist_ok=True)
        with open_workspace(ws_path) as ws:
            add_source(ws, str(inbox), every="1m")
            add_channel(ws, "jsonl", str(tmp / "alerts.jsonl"))
            base_docs = ws.fetchone("SELECT count(*) FROM documents")
        first = _cycle(ws_path, settings)
        idle = [_cycle(ws_path, settings) for _ in range(idle_cycles)]
        generate_documents(inbox, documents)
        new = _cycle(ws_path, settings)
        after = _cycle(ws_path, settings)
        return {
            "workspace_documents": int(base_docs[0]) if base_docs else 0, "setup_seconds": setup_s,
            "first_cycle": first,
            "idle_cycle_seconds": statistics.median(c["seconds"] for c in idle),
            "idle_cycles": idle, "new_documents": documents, "new_documents_cycle": new,
            "idle_after_new_seconds": after["seconds"], "peak_rss_mb": _peak_mb(),
        }
    finally:
        if workdir is None:
            shutil.rmtree(tmp, ignore_errors=True)


def report(fig: dict[str, Any]) -> str:
    """A readable report of the figures."""
    new = fig["new_documents_cycle"]
    stages = ", ".join(f"{k} {v:.2f}s" for k, v in new["stages"].items())
    first = fig["first_cycle"]
    return "\n".join([
        f"watch cycle on the demo workspace ({fig['workspace_documents']} documents)",
        f"  first cycle (alert baseline):    {first['seconds']:.2f} s, {first['alerts']} alert(s)",
        f"  idle cycle, nothing new:         {fig['idle_cycle_seconds']:.2f} s (median of "
        f"{len(fig['idle_cycles'])})",
        f"  cycle with {fig['new_documents']} new documents:  {new['seconds']:.2f} s "
        f"({new['documents_added']} added, {new['events']} events, {new['alerts']} alert(s), "
        f"{new['delivered']} delivered)",
        f"    stages: {stages}",
        f"  idle cycle after that:           {fig['idle_after_new_seconds']:.2f} s",
        f"  peak memory (RSS):               {fig['peak_rss_mb']:.0f} MB",
    ])

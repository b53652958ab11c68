"""Benchmark of the Python API and the exports: DataFrames and every export format, timed, with peak memory.

Runs on the workspace given with ``--workspace`` (``axiswatch demo`` builds a
realistic one), read-only except for one resolve when events changed since the
last; files go to a temporary folder that is removed afterwards.
"""

from __future__ import annotations

import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from axiswatch.errors import UsageError
from axiswatch.settings import Settings


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t = time.perf_counter()
    out = fn()
    return out, round(time.perf_counter() - t, 3)


def run(settings: Settings, **_: Any) -> dict[str, Any]:
    """Time the API's DataFrames and each export of the settings' workspace; returns the figures."""
    from axiswatch.api import Workbench

    if not settings.workspace.exists():
        raise UsageError(f"workspace {settings.workspace} does not exist; build one with 'axiswatch demo --out DIR' "
                         "and pass --workspace DIR/axiswatch.duckdb")
    Workbench(settings, write=True).resolve()
    wb = Workbench(settings)
    fig: dict[str, Any] = {"workspace": str(settings.workspace), "frames": {}, "exports": {}}
    for name, fn in (("events", wb.events), ("documents", wb.documents), ("ledger", wb.ledger),
                     ("timeline", wb.timeline), ("network", wb.network), ("resolved", wb.resolved_events)):
        df, secs = _timed(fn)
        fig["frames"][name] = {"rows": len(df), "seconds": secs}
    with tempfile.TemporaryDirectory(prefix="axiswatch-bench-export-") as tmp:
        d = Path(tmp)
        jobs: list[tuple[str, Path, Callable[[Path], dict[str, Any]]]] = [
            ("events plover", d / "e.jsonl", lambda p: wb.export_events(p, "plover")),
            ("events cameo", d / "e.csv", lambda p: wb.export_events(p, "cameo")),
            ("events parquet", d / "e.parquet", lambda p: wb.export_events(p, "parquet")),
            ("events csv", d / "e2.csv", lambda p: wb.export_events(p, "csv")),
            ("ledger parquet", d / "l.parquet", lambda p: wb.export_table("ledger", p)),
            ("network graphml", d / "n.graphml", lambda p: wb.export_network(p)),
            ("network gexf", d / "n.gexf", lambda p: wb.export_network(p)),
            ("ftm", d / "f.jsonl", lambda p: wb.export_ftm(p)),
        ]
        for name, path, job in jobs:
            t = time.perf_counter()
            summary = job(path)
            secs = round(time.perf_counter() - t, 3)
            rows = summary.get("written", summary.get("rows", summary.get("entities", summary.get("edges"))))
            fig["exports"][name] = {"seconds": secs, "bytes": path.stat().st_size, "records": rows}
    fig["peak_rss_mb"] = _peak_rss_mb()
    return fig


def report(fig: dict[str, Any]) -> str:
    """The figures as a short readable report."""
    lines = [f"API and exports on {fig['workspace']}", "  DataFrames:"]
    for name, f in fig["frames"].items():
        lines.append(f"    {name:<10} {f['rows']:>7,} rows  {f['seconds']:>7.3f} s")
    lines.append("  exports:")
    for name, f in fig["exports"].items():
        lines.append(f"    {name:<16} {f['records']:>7,} records  {f['bytes']:>11,} bytes  {f['seconds']:>7.3f} s")
    lines.append(f"  peak memory: {fig['peak_rss_mb']} MB")
    return "\n".join(lines)

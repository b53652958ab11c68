"""``axiswatch bench ais``: port-call and gap detection over millions of synthetic positions.

The positions are generated inside DuckDB (no Python per row): vessels shuttle
between Rajin and Vostochny, a fix every 10 minutes, half their time in port,
with a 15-hour silence every 300 fixes. Detection then runs exactly as in
production, over the workspace's ``ais_positions`` table.
"""

from __future__ import annotations

import resource
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from axiswatch.maritime.detect import detect_gaps, detect_port_calls
from axiswatch.maritime.places import maritime_params, watched_places
from axiswatch.profiles import load_profile
from axiswatch.settings import Settings
from axiswatch.store import open_workspace

FIXES_PER_VESSEL = 5000
CYCLE = 400  # fixes per round trip: 100 in port A, 100 sailing, 100 in port B, 100 sailing back
GAP_EVERY = 300  # fixes between two silences
GAP_SECONDS = 15 * 3600


def _peak_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate_positions_sql(n: int) -> str:
    """SQL that appends ``n`` synthetic positions to ``ais_positions``."""
    a_lat, a_lon, b_lat, b_lon = 42.25, 130.30, 42.7297, 133.0839
    return f"""
        INSERT INTO ais_positions
        SELECT mmsi, TIMESTAMP '2024-01-01' + to_seconds(j * 600 + (j // {GAP_EVERY}) * {GAP_SECONDS}
                                                         + (mmsi % 97) * 60) AS t,
            CASE WHEN ph < 100 THEN {a_lat} + jit
                 WHEN ph < 200 THEN {a_lat} + ({b_lat} - {a_lat}) * (ph - 100) / 100.0
                 WHEN ph < 300 THEN {b_lat} + jit
                 ELSE {b_lat} + ({a_lat} - {b_lat}) * (ph - 300) / 100.0 END AS lat,
            CASE WHEN ph < 100 THEN {a_lon} + jit
                 WHEN ph < 200 THEN {a_lon} + ({b_lon} - {a_lon}) * (ph - 100) / 100.0
                 WHEN ph < 300 THEN {b_lon} + jit
                 ELSE {b_lon} + ({a_lon} - {b_lon}) * (ph - 300) / 100.0 END AS lon,
            CASE WHEN ph < 100 OR (ph >= 200 AND ph < 300) THEN 0.1 ELSE 10.0 END AS sog,
            CASE WHEN ph >= 100 AND ph < 200 THEN 77.0 WHEN ph >= 300 THEN 257.0 END AS cog,
            NULL, 0, 1, 'bench', NULL
        FROM (
            SELECT 273000000 + i // {FIXES_PER_VESSEL} AS mmsi, i % {FIXES_PER_VESSEL} AS j,
                   (i % {FIXES_PER_VESSEL} + (i // {FIXES_PER_VESSEL}) * 7) % {CYCLE} AS ph,
                   ((i * 7919) % 1000) / 1000000.0 AS jit
            FROM range({int(n)}) r(i)
        )
    """


def run(settings: Settings, *, positions: int = 10_000_000, workdir: Path | None = None,
        **_: Any) -> dict[str, Any]:
    """Generate positions, run port-call and gap detection, and return the figures."""
    profile = load_profile(settings.profile)
    places, params = watched_places(profile), maritime_params(profile)
    tmp = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="axiswatch-bench-ais-"))
    tmp.mkdir(parents=True, exist_ok=True)
    mem_start = _peak_mb()
    try:
        with open_workspace(tmp / "bench.duckdb") as ws:
            t0 = time.perf_counter()
            ws.execute(generate_positions_sql(positions))
            gen_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            calls = detect_port_calls(ws, places, params)
            calls_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            gaps = detect_gaps(ws, places, params)
            gaps_s = time.perf_counter() - t0
            vessels_row = ws.fetchone("SELECT count(DISTINCT mmsi) FROM ais_positions")
    finally:
        if workdir is None:
            shutil.rmtree(tmp, ignore_errors=True)
    return {
        "positions": positions, "vessels": int(vessels_row[0]) if vessels_row else 0,
        "generate_s": round(gen_s, 2),
        "port_calls": len(calls), "port_call_s": round(calls_s, 2),
        "port_call_positions_per_s": round(positions / calls_s) if calls_s else None,
        "gaps": sum(1 for g in gaps if g["kind"] == "gap"),
        "dark_port_calls": sum(1 for g in gaps if g["kind"] == "dark_port_call"),
        "gap_s": round(gaps_s, 2), "gap_positions_per_s": round(positions / gaps_s) if gaps_s else None,
        "peak_memory_mb": round(_peak_mb(), 1), "memory_at_start_mb": round(mem_start, 1),
    }


def report(fig: dict[str, Any]) -> str:
    """A readable report of the figures."""
    return "\n".join([
        f"AIS detection benchmark: {fig['positions']:,} synthetic positions, {fig['vessels']:,} vessels",
        f"  generated in SQL        {fig['generate_s']:>8.2f} s",
        f"  port calls  {fig['port_calls']:>9,}  {fig['port_call_s']:>8.2f} s  "
        f"{fig['port_call_positions_per_s'] or 0:>12,} positions/s",
        f"  gaps        {fig['gaps']:>9,}  {fig['gap_s']:>8.2f} s  {fig['gap_positions_per_s'] or 0:>12,} positions/s"
        f"  (+{fig['dark_port_calls']:,} dark port calls)",
        f"  peak memory {fig['peak_memory_mb']:>9,.0f} MB (process, ru_maxrss)",
    ])

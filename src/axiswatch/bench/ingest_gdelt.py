"""Benchmark: ingest a large GDELT 2.0 events file with the dyad filter, against pandas.read_csv.

The file is built from a real-format sample (the shared GDELT export when present, else
our own test fixture), replicated with fresh GLOBALEVENTIDs; one row in ``dyad_every``
is recoded RUS->PRK so the dyad filter keeps something. Each measurement runs in its own
subprocess so peak memory (ru_maxrss) belongs to that measurement alone.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb

from axiswatch.settings import Settings

_HERE = Path(__file__).resolve()
SAMPLE_CANDIDATES = (
    _HERE.parents[3].parent / "shared" / "data" / "gdelt" / "gdelt2_events_20191024143000.export.CSV",
    _HERE.parents[3] / "tests" / "fixtures" / "datasets" / "gdelt2_dyad.export.CSV",
)


def find_sample() -> Path:
    """The first real-format GDELT 2.0 sample that exists."""
    for p in SAMPLE_CANDIDATES:
        if p.is_file():
            return p
    raise FileNotFoundError("no GDELT 2.0 sample found; pass --sample FILE")


def build_file(sample: Path, out: Path, rows: int, dyad_every: int = 1000) -> int:
    """Write ``rows`` GDELT 2.0 rows to ``out`` by replicating ``sample`` with fresh ids; returns bytes."""
    from axiswatch.sources.gdelt import EVENTS2_COLUMNS

    con = duckdb.connect()
    cols = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in EVENTS2_COLUMNS) + "}"
    con.execute(
        f"CREATE TABLE s AS SELECT row_number() OVER () - 1 AS k, * FROM read_csv('{sample}', "
        f"auto_detect=false, header=false, delim='\\t', quote='', escape='', columns={cols}, "
        "ignore_errors=true)")
    n = con.execute("SELECT count(*) FROM s").fetchone()[0]  # type: ignore[index]
    copies = -(-rows // n)
    a1 = f"CASE WHEN i % {dyad_every} = 0 THEN 'RUS' ELSE Actor1CountryCode END"
    a2 = f"CASE WHEN i % {dyad_every} = 0 THEN 'PRK' ELSE Actor2CountryCode END"
    select = []
    for c in EVENTS2_COLUMNS:
        if c == "GLOBALEVENTID":
            select.append("CAST(2000000000 + i AS VARCHAR)")
        elif c == "Actor1CountryCode":
            select.append(a1)
        elif c == "Actor2CountryCode":
            select.append(a2)
        else:
            select.append(f'"{c}"')
    con.execute(
        f"COPY (SELECT {', '.join(select)} FROM (SELECT c * {n} + k AS i, s.* FROM range({copies}) r(c), s) "
        f"WHERE i < {rows}) TO '{out}' (FORMAT csv, DELIMITER '\t', HEADER false, QUOTE '\x01')")
    con.close()
    return out.stat().st_size


def _child(args: list[str]) -> dict[str, Any]:
    """Run one measurement in this (child) process and return its figures."""
    what, path = args[0], Path(args[1])
    out: dict[str, Any] = {}
    if what == "build":
        out["bytes"] = build_file(Path(args[2]), path, int(args[3]))
        return out
    # Only the read/ingest call is timed: imports and creating the workspace are fixed costs.
    if what == "pandas":
        import pandas as pd

        t0 = time.perf_counter()
        # GDELT has no quoting: QUOTE_NONE (3) is what reading it correctly needs
        df = pd.read_csv(path, sep="\t", header=None, quoting=3)
        out["seconds"] = time.perf_counter() - t0
        out["rows"] = len(df)
    else:
        from axiswatch.sources.gdelt import ingest
        from axiswatch.store import open_workspace

        with open_workspace(Path(args[2])) as ws:
            t0 = time.perf_counter()
            outcome = ingest(ws, path, run_id="bench", options={"actors": ["RUS", "PRK"]})
            out["seconds"] = time.perf_counter() - t0
        out["rows"] = outcome.details.get("rows_read")
        out["rows_kept"] = outcome.details.get("rows_kept")
        out["events"] = outcome.added
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["vm_hwm_mb"] = _vm_hwm_mb()
    return out


def _vm_hwm_mb() -> float | None:
    """This process's own peak resident memory (VmHWM); ru_maxrss can carry the parent's peak over exec."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _measure(what: str, path: Path, *extra: str) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "axiswatch.bench.ingest_gdelt", what, str(path), *extra]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{what} measurement failed: {proc.stderr.strip()[-2000:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 1)


def run(settings: Settings, *, rows: int = 1_000_000, large_rows: int | None = None,
        sample: Path | None = None, workdir: Path | None = None, pandas: bool = True) -> dict[str, Any]:
    """Build the file(s), time our ingest and pandas.read_csv, and return the figures."""
    sample = sample or find_sample()
    tmp = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="axiswatch-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"benchmark": "ingest-gdelt", "sample": str(sample), "sizes": []}
    try:
        for n in [rows] + ([large_rows] if large_rows else []):
            path = tmp / f"gdelt2_{n}.export.CSV"
            t0 = time.perf_counter()
            # built in a child too, so this process stays small and its peak is not inherited
            size = int(_measure("build", path, str(sample), str(n))["bytes"])
            entry: dict[str, Any] = {"rows": n, "file_mb": round(size / 2**20, 1),
                                     "build_seconds": round(time.perf_counter() - t0, 2)}
            ws_path = tmp / f"ws_{n}.duckdb"
            ws_path.unlink(missing_ok=True)
            ours = _measure("ingest", path, str(ws_path))
            entry.update({"ingest_seconds": round(ours["seconds"], 3),
                          "ingest_rows_per_s": round(n / ours["seconds"]),
                          "ingest_peak_rss_mb": round(ours["peak_rss_mb"], 1),
                          "ingest_vm_hwm_mb": _round(ours.get("vm_hwm_mb")),
                          "rows_kept": ours["rows_kept"], "events": ours["events"]})
            if pandas and n == rows:
                pd_fig = _measure("pandas", path)
                entry.update({"pandas_seconds": round(pd_fig["seconds"], 3),
                              "pandas_peak_rss_mb": round(pd_fig["peak_rss_mb"], 1),
                              "pandas_vm_hwm_mb": _round(pd_fig.get("vm_hwm_mb")),
                              "speedup_vs_pandas": round(pd_fig["seconds"] / ours["seconds"], 2)})
            result["sizes"].append(entry)
            path.unlink(missing_ok=True)
            ws_path.unlink(missing_ok=True)
        if len(result["sizes"]) == 2:
            small, big = result["sizes"]
            key = "ingest_vm_hwm_mb" if small.get("ingest_vm_hwm_mb") else "ingest_peak_rss_mb"
            result["memory_growth"] = round(big[key] / small[key], 2)
            result["size_growth"] = round(big["rows"] / small["rows"], 2)
        result["speedup_vs_pandas"] = result["sizes"][0].get("speedup_vs_pandas")
        result["target_speedup"] = 5.0
    finally:
        if not workdir:
            for p in tmp.iterdir():
                p.unlink(missing_ok=True)
            os.rmdir(tmp)
    return result


def report(fig: dict[str, Any]) -> str:
    """A readable report of the figures."""
    lines = [f"ingest-gdelt  (sample {fig['sample']})"]
    for s in fig["sizes"]:
        lines.append(f"  {s['rows']:>11,} rows  {s['file_mb']:>8.1f} MB  ours {s['ingest_seconds']:.2f} s "
                     f"({s['ingest_rows_per_s']:,} rows/s, peak {s['ingest_peak_rss_mb']:.0f} MB, "
                     f"own {s['ingest_vm_hwm_mb']} MB)  "
                     f"kept {s['rows_kept']} rows -> {s['events']} events")
        if "pandas_seconds" in s:
            lines.append(f"  {'':>11}       pandas.read_csv {s['pandas_seconds']:.2f} s "
                         f"(peak {s['pandas_peak_rss_mb']:.0f} MB, own {s['pandas_vm_hwm_mb']} MB)  "
                         f"speed-up {s['speedup_vs_pandas']}x "
                         f"(target >= {fig['target_speedup']}x)")
    if "memory_growth" in fig:
        lines.append(f"  memory grows {fig['memory_growth']}x for {fig['size_growth']}x the rows")
    return "\n".join(lines)


if __name__ == "__main__":
    print(json.dumps(_child(sys.argv[1:])))

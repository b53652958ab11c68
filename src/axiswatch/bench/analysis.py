"""``axiswatch bench analysis``: time every analysis on a generated workspace of a million events.

The workspace is generated in SQL (no Python loop over rows): publishers with
grades A..F, documents of which a tenth are syndicated copies, events from text
(with one evidence sentence each), GDELT and ACLED origins, a dyad-heavy mix of
actors, PLOVER types, commodities and quantities, and dates of day, month, year
or no precision. Then resolve, ledger, timeline (month and week), indicators and
network run on it, each timed with ``time.perf_counter``; peak memory is the
process's maximum resident set size (``resource.getrusage``).
"""

from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from axiswatch.profiles import load_profile
from axiswatch.settings import Settings
from axiswatch.store.workspace import Workspace, open_workspace

ACTORS = ["RUS", "PRK", "KOR", "USA", "UKR", "CHN", "JPN", "UNSC", "EU", "IRN"]
TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
         "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
# The dyad mostly cooperates; conflict types come mostly from third parties, as in the real data.
DYAD_TYPES = ["AID", "AID", "AID", "AID", "COOPERATE", "COOPERATE", "COOPERATE", "CONSULT", "CONSULT",
              "CONSULT", "AGREE", "SUPPORT", "SUPPORT", "CONCEDE", "REJECT", "REQUEST"]
COMMODITY_UNITS = [("munitions", "shells"), ("missiles", "missiles"), ("troops", "troops"),
                   ("fuel", "barrels"), ("food", "tonnes"), ("money", "USD"),
                   ("military_technology", None), ("workers", "workers")]
CERTAINTIES = ["confirmed", "reported", "reported", "alleged", "speculative"]


def _sql_list(values: Sequence[str | None]) -> str:
    """A SQL list literal of constants (ours, not user input)."""
    return "[" + ", ".join("NULL" if v is None else f"'{v}'" for v in values) + "]"


UNITS_SQL = _sql_list([u for _, u in COMMODITY_UNITS])


def _peak_mb() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(rss / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def generate(ws: Workspace, events: int, documents: int | None = None, seed: int = 7) -> dict[str, int]:
    """Fill an empty workspace with synthetic publishers, documents, events and evidence, in SQL."""
    docs = documents or max(100, events // 20)
    con = ws.con
    con.execute("SET enable_progress_bar = false")  # DuckDB's bar would mix into the report
    with ws.transaction():
        con.execute("SELECT setseed(?)", [seed / 100])
        con.execute("INSERT INTO publishers SELECT 'pub-' || i, 'Publisher ' || i, NULL, "
                    "['A','B','C','D','E','F'][1 + i % 6], NULL FROM range(60) t(i)")
        con.execute(
            "INSERT INTO documents (document_id, content_hash, text, published, publisher_id, kind, duplicate_of) "
            "SELECT 'doc-' || i, md5(i::VARCHAR), 'synthetic', '2024-01-01', 'pub-' || (hash(i) % 60), 'text', "
            "CASE WHEN i % 10 = 9 THEN 'doc-' || (i - 1) END FROM range(?) t(i)", [docs])
        con.execute(f"""
            INSERT INTO events (event_id, origin_kind, document_id, origin, event_type, mode, source, target,
                                commodity, date, date_start, quantity_value, quantity_unit, certainty,
                                confidence, superseded, attrs)
            WITH g AS (
              SELECT i, hash(i * 31 + 1) AS h1, hash(i * 17 + 3) AS h2, hash(i * 13 + 5) AS h3,
                     DATE '2018-01-01' + CAST(hash(i * 7 + 11) % 2920 AS INTEGER) AS d
              FROM range(?) t(i)
            ), f AS (
              SELECT *,
                CASE WHEN h1 % 10 < 7 THEN 'text' WHEN h1 % 10 < 9 THEN 'gdelt' ELSE 'acled' END AS kind,
                CASE WHEN h3 % 2 = 0 THEN {_sql_list(DYAD_TYPES)}[1 + CAST(h2 % 16 AS INTEGER)]
                     ELSE {_sql_list(TYPES)}[1 + CAST(h2 % 16 AS INTEGER)] END AS etype,
                CASE WHEN h3 % 2 = 0 THEN ['RUS', 'PRK'][1 + CAST(h3 % 4 AS INTEGER) // 2]
                     ELSE {_sql_list(list(ACTORS))}[1 + CAST(h3 % 10 AS INTEGER)] END AS src,
                CASE WHEN h3 % 2 = 0 THEN ['PRK', 'RUS'][1 + CAST(h3 % 4 AS INTEGER) // 2]
                     ELSE {_sql_list(list(ACTORS))}[1 + CAST((h3 // 10) % 10 AS INTEGER)] END AS tgt,
                CAST(h2 // 16 % {len(COMMODITY_UNITS)} AS INTEGER) AS ci,
                CAST(h1 // 10 % 100 AS INTEGER) AS p
              FROM g
            )
            SELECT 'ev-' || i, kind, CASE WHEN kind = 'text' THEN 'doc-' || (h1 // 100 % ?) END,
                   '{{}}', etype, NULL, src, tgt,
                   CASE WHEN etype IN ('AID', 'COOPERATE') THEN
                     {_sql_list([c for c, _ in COMMODITY_UNITS])}[1 + ci] END,
                   CASE WHEN p < 80 THEN strftime(d, '%Y-%m-%d') WHEN p < 95 THEN strftime(d, '%Y-%m')
                        WHEN p < 99 THEN strftime(d, '%Y') END,
                   CASE WHEN p < 80 THEN d WHEN p < 95 THEN date_trunc('month', d)
                        WHEN p < 99 THEN date_trunc('year', d) END,
                   CASE WHEN etype = 'AID' AND h3 % 3 = 0 AND {UNITS_SQL}[1 + ci] IS NOT NULL
                        THEN round(100 + (h3 // 3 % 100000) * 10) END,
                   CASE WHEN etype = 'AID' AND h3 % 3 = 0 THEN {UNITS_SQL}[1 + ci] END,
                   {_sql_list(list(CERTAINTIES))}[1 + CAST(h1 // 7 % 5 AS INTEGER)], 0.5, false, '{{}}'
            FROM f
        """, [events, docs])
        con.execute("INSERT INTO evidence SELECT event_id, 0, document_id, 'Synthetic evidence sentence for ' "
                    "|| event_id || ' at the port of Rajin.', 0, 40 FROM events WHERE origin_kind = 'text'")
    row = ws.fetchone("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM evidence), "
                      "(SELECT count(*) FROM documents)") or (0, 0, 0)
    return {"events": int(row[0]), "evidence": int(row[1]), "documents": int(row[2])}


def run(settings: Settings, events: int = 1_000_000, workdir: Path | None = None,
        keep: bool = False) -> dict[str, Any]:
    """Generate the workspace and time resolve, ledger, timeline, indicators and network on it."""
    from axiswatch.analysis.indicators import evaluate_indicators
    from axiswatch.analysis.ledger import build_ledger
    from axiswatch.analysis.network import build_network
    from axiswatch.analysis.resolve import resolve_events
    from axiswatch.analysis.timeline import build_timeline

    profile = load_profile(settings.profile)
    tmp = Path(tempfile.mkdtemp(prefix="axiswatch-bench-")) if workdir is None else Path(workdir)
    tmp.mkdir(parents=True, exist_ok=True)
    path = tmp / "bench-analysis.duckdb"
    if path.exists():
        path.unlink()
    figures: dict[str, Any] = {"events_requested": events}
    times: dict[str, float] = {}
    cpu: dict[str, float] = {}

    def timed(name: str, fn: Any) -> Any:
        # CPU time (all DuckDB threads) next to wall time: on a shared machine the wall clock
        # also counts other people's work
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        times[name] = round(time.perf_counter() - t0, 3)
        cpu[name] = round(time.process_time() - c0, 3)
        return out

    try:
        with open_workspace(path) as ws:
            figures.update(timed("generate", lambda: generate(ws, events)))
            summary = timed("resolve", lambda: resolve_events(ws, profile, force=True))
            timed("resolve_again_unchanged", lambda: resolve_events(ws, profile))
            lines = timed("ledger", lambda: build_ledger(ws, profile, resolve=False))
            tl = timed("timeline_month", lambda: build_timeline(ws, profile, resolve=False))
            tlw = timed("timeline_week", lambda: build_timeline(ws, profile, freq="week", resolve=False))
            ind = timed("indicators", lambda: evaluate_indicators(ws, profile, record=False, resolve=False))
            net = timed("network", lambda: build_network(ws, profile, resolve=False))
        figures.update({
            "resolved": summary.resolved, "corroborated": summary.corroborated, "contested": summary.contested,
            "ledger_lines": len(lines), "timeline_months": len(tl.periods), "timeline_weeks": len(tlw.periods),
            "change_points": len(tl.change_points), "indicators": len(ind),
            "observed_indicators": sum(s.status != "not observed" for s in ind),
            "network_edges": len(net.edges), "workspace_mb": round(path.stat().st_size / 1e6, 1),
        })
        for d in (times, cpu):
            d["analyses_total"] = round(sum(v for k, v in d.items() if k != "generate"), 3)
        figures["seconds"] = times
        figures["cpu_seconds"] = cpu
        figures["peak_rss_mb"] = _peak_mb()
        figures["workspace"] = str(path) if keep or workdir else None
    finally:
        if workdir is None and not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return figures


def report(fig: dict[str, Any]) -> str:
    """A readable report of the figures."""
    lines = [f"analysis benchmark: {fig['events']:,} events ({fig['evidence']:,} evidence sentences, "
             f"{fig['documents']:,} documents)",
             f"  resolved into {fig['resolved']:,} events ({fig['corroborated']:,} corroborated, "
             f"{fig['contested']:,} contested)"]
    lines.append(f"  {'step':<26} {'wall s':>8} {'cpu s':>8}")
    for name, secs in fig["seconds"].items():
        lines.append(f"  {name:<26} {secs:8.2f} {fig['cpu_seconds'].get(name, 0.0):8.2f}")
    lines.append(f"  ledger lines {fig['ledger_lines']}, timeline {fig['timeline_months']} months / "
                 f"{fig['timeline_weeks']} weeks with {fig['change_points']} change points, "
                 f"{fig['observed_indicators']}/{fig['indicators']} indicators observed, "
                 f"{fig['network_edges']} network edges")
    lines.append(f"  peak memory {fig['peak_rss_mb']} MB; workspace {fig['workspace_mb']} MB")
    return "\n".join(lines)

"""The trend: monthly or weekly series per type and direction, a cooperation–conflict index, change points.

Method (also in the README):

* Only resolved events between the two dyad actors count, each once however
  many reports it has; an event counts in the period of its anchor date, and
  only when its date is at least as precise as the period (a year-only date
  cannot be placed in a month, a month-only date not in a week).
* Each event weighs its confidence ``c`` and scores its PLOVER type ``s``
  (``load_ontology().score``, +10 AID … −9 ASSAULT).
* Per period: ``cooperation = Σ c·s`` over events with s > 0, ``conflict = Σ c·s``
  over s < 0, ``net = cooperation + conflict``, and the index
  ``Σ c·s / Σ c`` (the confidence-weighted mean score, −10..+10; null in an empty period).
* Change points: PELT (ruptures' KernelCPD, linear kernel = L2 cost) on the ``net`` series, empty
  periods counting 0, with penalty ``penalty · log(n) · σ²`` where σ² is the
  noise variance estimated from first differences (median absolute deviation),
  floored at half the series variance, and segments of at least three periods. Each change point names the
  period the new regime starts, the mean before and after, and the
  highest-weighted events in the period before, of and after the change.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np

from axiswatch.analysis.resolve import date_bounds, ensure_resolved, evidence_for
from axiswatch.ontology import load_ontology
from axiswatch.profiles import Profile
from axiswatch.store.workspace import Workspace

FREQS = ("month", "week")


@dataclass
class Timeline:
    """Series, index and change points over a run of periods."""

    freq: str
    periods: list[str]
    series: list[dict[str, Any]]
    index: list[dict[str, Any]]
    change_points: list[dict[str, Any]] = field(default_factory=list)
    method: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON form (see the README's timeline section)."""
        return {"freq": self.freq, "periods": self.periods, "series": self.series, "index": self.index,
                "change_points": self.change_points, "method": self.method}

    def rows(self) -> list[dict[str, Any]]:
        """One row per period: the index and the event count per type and direction (for tables and CSV)."""
        out = []
        for i, p in enumerate(self.periods):
            row: dict[str, Any] = dict(self.index[i])
            row["period"] = p
            for s in self.series:
                if s["counts"][i]:
                    row[f"{s['event_type']} {s['direction']}"] = s["counts"][i]
            out.append(row)
        return out


def _periods(first: date, last: date, freq: str) -> list[date]:
    out = []
    cur = first
    while cur <= last:
        out.append(cur)
        if freq == "week":
            cur = cur + timedelta(days=7)
        else:
            cur = date(cur.year + (cur.month == 12), cur.month % 12 + 1, 1)
    return out


def build_timeline(ws: Workspace, profile: Profile, since: str | None = None, until: str | None = None,
                   freq: str = "month", *, penalty: float = 3.0, min_size: int = 3,
                   events_per_change: int = 5, resolve: bool = True) -> Timeline:
    """Series per type and direction, the cooperation–conflict index and change points for the dyad."""
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {FREQS}, not {freq!r}")
    if resolve:
        ensure_resolved(ws, profile)
    lo, hi = date_bounds(since, until)
    a, b = profile.dyad
    precisions = ["day", "month"] if freq == "month" else ["day"]
    # a CTE, not a temp table: the same connection may serve several readers, and read-only ones too
    events_cte = f"""
        WITH t AS (
          SELECT r.resolved_id, r.event_type, r.source || '->' || r.target AS direction, r.confidence, s.score,
                 CAST(date_trunc('{freq}', CAST(CASE r.precision WHEN 'day' THEN r.date
                                                    ELSE r.date || '-01' END AS DATE)) AS DATE) AS period
          FROM resolved_events r JOIN {scores_sql()} USING (event_type)
          WHERE ((r.source = $a AND r.target = $b) OR (r.source = $b AND r.target = $a))
            AND list_contains($prec, r.precision)
            AND ($lo IS NULL OR r.date_first >= $lo) AND ($hi IS NULL OR r.date_first <= $hi))
    """
    params = {"a": a, "b": b, "prec": precisions, "lo": lo, "hi": hi}
    agg = ws.fetchall(events_cte + "SELECT period, event_type, direction, count(*), sum(confidence) FROM t "
                      "GROUP BY ALL ORDER BY ALL", params)
    idx_rows = ws.fetchall(
        events_cte + "SELECT period, count(*), sum(confidence * score) FILTER (WHERE score > 0), "
        "sum(confidence * score) FILTER (WHERE score < 0), sum(confidence * score), sum(confidence) "
        "FROM t GROUP BY period ORDER BY period", params)
    if not idx_rows:
        return Timeline(freq=freq, periods=[], series=[], index=[], method=__doc__ or "")
    first = lo if lo else idx_rows[0][0]
    last = hi if hi else idx_rows[-1][0]
    first = _trunc(first, freq)
    grid = _periods(first, _trunc(last, freq), freq)
    pos = {p: i for i, p in enumerate(grid)}
    n = len(grid)
    series: dict[tuple[str, str], dict[str, Any]] = {}
    for period, etype, direction, count, wsum in agg:
        s = series.setdefault((etype, direction), {"event_type": etype, "direction": direction,
                                                    "counts": [0] * n, "weighted": [0.0] * n})
        s["counts"][pos[period]] = int(count)
        s["weighted"][pos[period]] = round(float(wsum), 4)
    index = [{"period": p.isoformat(), "events": 0, "cooperation": 0.0, "conflict": 0.0, "net": 0.0,
              "index": None} for p in grid]
    for period, count, coop, confl, net, wsum in idx_rows:
        row = index[pos[period]]
        row.update(events=int(count), cooperation=round(float(coop or 0), 4),
                   conflict=round(float(confl or 0), 4), net=round(float(net or 0), 4),
                   index=round(float(net) / float(wsum), 4) if wsum else None)
    net_series = np.array([r["net"] for r in index], dtype=float)
    cps = detect_change_points(net_series, penalty=penalty, min_size=min_size)
    changes = [_describe_change(ws, events_cte, params, grid, net_series, cps, k, events_per_change)
               for k in range(len(cps))]
    return Timeline(freq=freq, periods=[p.isoformat() for p in grid],
                    series=sorted(series.values(), key=lambda s: (s["direction"], s["event_type"])),
                    index=index, change_points=changes, method=__doc__ or "")


def _trunc(d: date, freq: str) -> date:
    if freq == "week":
        return d - timedelta(days=d.weekday())
    return date(d.year, d.month, 1)


def detect_change_points(signal: np.ndarray, *, penalty: float = 3.0, min_size: int = 3) -> list[int]:
    """Indices where a new regime of the signal starts (PELT, L2 cost, noise-scaled BIC-like penalty)."""
    n = len(signal)
    if n < 2 * min_size + 1 or float(np.ptp(signal)) == 0.0:
        return []
    import ruptures as rpt

    diffs = np.diff(signal)
    mad = float(np.median(np.abs(diffs - np.median(diffs))))
    sigma2 = (mad / 0.6745) ** 2 / 2.0  # differences double the noise variance
    # floored at half the series variance: in a sparse monthly series the differences are mostly zero, and
    # without the floor every isolated burst of reports would count as a shift of the relationship
    sigma2 = max(sigma2, float(np.var(signal)) / 2.0, 1e-9)
    # KernelCPD with a linear kernel is PELT with the L2 cost, in C: thousands of times faster than rpt.Pelt
    algo = rpt.KernelCPD(kernel="linear", min_size=min_size).fit(signal.reshape(-1, 1))
    bkps = algo.predict(pen=penalty * math.log(n) * sigma2)
    return [int(b) for b in bkps if b < n]


def scores_sql() -> str:
    """The PLOVER scores as an inline table ``s(event_type, score)`` (constants from the ontology)."""
    rows = ", ".join(f"('{t}', {spec.score!r})" for t, spec in load_ontology().event_types.items())
    return f"(VALUES {rows}) AS s(event_type, score)"


def _describe_change(ws: Workspace, events_cte: str, params: dict[str, Any], grid: list[date], net: np.ndarray,
                     cps: list[int], k: int, top: int) -> dict[str, Any]:
    at = cps[k]
    start = cps[k - 1] if k > 0 else 0
    end = cps[k + 1] if k + 1 < len(cps) else len(grid)
    before, after = float(net[start:at].mean()), float(net[at:end].mean())
    window = [grid[i] for i in range(max(0, at - 1), min(len(grid), at + 2))]
    rows = ws.records(
        events_cte + "SELECT t.resolved_id AS id, t.event_type, t.direction, r.commodity, r.date, r.confidence, "
        "r.estimative, t.score FROM t JOIN resolved_events r USING (resolved_id) "
        "WHERE list_contains($window, t.period) ORDER BY abs(t.score) * t.confidence DESC, r.date, t.resolved_id "
        "LIMIT $top", {**params, "window": window, "top": top})
    ev = evidence_for(ws, [r["id"] for r in rows], limit=1)
    for r in rows:
        r["evidence"] = ev.get(r["id"], [])
    return {"date": grid[at].isoformat(), "before": round(before, 4), "after": round(after, 4),
            "shift": "deepening" if after > before else "cooling", "events": rows}

"""UN General Assembly vote alignment between states, by year.

Two measures:

* **agreement**: over the roll calls where both states cast yes, no or abstain, 1 for the
  same vote, 0.5 when one abstains and the other does not, 0 for yes against no (the
  usual index of agreement; absences and non-membership are left out, not counted as
  disagreement).
* **ideal-point distance**: for each year, every state's position on the first principal
  axis of the state x roll-call matrix (yes 1, abstain 0.5, no 0; a state's missing votes
  filled with the roll call's mean), scaled to unit spread across states; the distance is
  the gap between two states on that axis. A light spectral stand-in for the IRT ideal
  points of Bailey, Strezhnev and Voeten: enough to rank who sits near whom, needing only
  numpy. It is given only when the year has votes from at least ``MIN_STATES`` states.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from axiswatch.errors import UsageError
from axiswatch.store.workspace import Workspace

MIN_STATES = 20        # fewer states than this give no meaningful principal axis
MIN_VOTES_PER_STATE = 5
CAST = ("yes", "no", "abstain")
_SCORE = {"yes": 1.0, "abstain": 0.5, "no": 0.0}

# A roll call's year: its date, else its session (session N opens in 1945 + N).
_YEAR_SQL = "coalesce(r.year, year(r.date), v.session + 1945, r.session + 1945)"


@dataclass
class YearAlignment:
    """Alignment of two states in one year."""

    year: int
    roll_calls: int          # roll calls both states voted on (yes/no/abstain)
    agreement: float | None
    identical: int           # same vote
    opposite: int            # yes against no
    ideal_a: float | None = None
    ideal_b: float | None = None
    distance: float | None = None
    states: int = 0          # states in that year's ideal-point fit

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)


def _filters(since: int | None, until: int | None, issue: str | None) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if since is not None:
        where.append(f"{_YEAR_SQL} >= ?")
        params.append(int(since))
    if until is not None:
        where.append(f"{_YEAR_SQL} <= ?")
        params.append(int(until))
    if issue:
        where.append("list_contains(r.issues, ?)")
        params.append(issue.lower())
    return (" AND " + " AND ".join(where)) if where else "", params


def _year(value: str | int | None) -> int | None:
    if value is None or value == "":
        return None
    return int(str(value)[:4])


def agreement_by_year(ws: Workspace, a: str, b: str, *, since: str | int | None = None,
                      until: str | int | None = None, issue: str | None = None,
                      ideal_points: bool = True) -> list[YearAlignment]:
    """Per year: how often states ``a`` and ``b`` voted alike, and their ideal-point distance."""
    a, b = a.upper(), b.upper()
    if a == b:
        raise UsageError("alignment needs two different states")
    extra, params = _filters(_year(since), _year(until), issue)
    rows = ws.fetchall(f"""
        SELECT {_YEAR_SQL} AS y, count(*) AS n,
               avg(CASE WHEN va.vote = vb.vote THEN 1.0
                        WHEN va.vote = 'abstain' OR vb.vote = 'abstain' THEN 0.5 ELSE 0.0 END) AS agree,
               count(*) FILTER (WHERE va.vote = vb.vote) AS same,
               count(*) FILTER (WHERE va.vote <> vb.vote AND va.vote <> 'abstain' AND vb.vote <> 'abstain') AS opp
        FROM un_votes va JOIN un_votes vb ON va.rcid = vb.rcid AND vb.state = ?
        JOIN un_votes v ON v.rcid = va.rcid AND v.state = va.state
        LEFT JOIN un_roll_calls r ON r.rcid = va.rcid
        WHERE va.state = ? AND list_contains(?, va.vote) AND list_contains(?, vb.vote) {extra}
        GROUP BY y HAVING y IS NOT NULL ORDER BY y""", [b, a, list(CAST), list(CAST), *params])
    out = [YearAlignment(int(y), int(n), round(float(ag), 4), int(same), int(opp)) for y, n, ag, same, opp in rows]
    if ideal_points:
        for ya in out:
            pos = ideal_points_for_year(ws, ya.year, issue=issue)
            ya.states = len(pos)
            if a in pos and b in pos:
                ya.ideal_a, ya.ideal_b = round(pos[a], 4), round(pos[b], 4)
                ya.distance = round(abs(pos[a] - pos[b]), 4)
    return out


def ideal_points_for_year(ws: Workspace, year: int, *, issue: str | None = None,
                          anchor: str = "USA") -> dict[str, float]:
    """State -> position on the year's first principal axis (unit spread); {} with too few states."""
    extra, params = _filters(year, year, issue)
    rows = ws.fetchall(f"""
        SELECT v.state, v.rcid, v.vote FROM un_votes v LEFT JOIN un_roll_calls r ON r.rcid = v.rcid
        WHERE list_contains(?, v.vote) {extra}""", [list(CAST), *params])
    if not rows:
        return {}
    states = sorted({s for s, _, _ in rows})
    calls = sorted({c for _, c, _ in rows})
    si = {s: i for i, s in enumerate(states)}
    ci = {c: i for i, c in enumerate(calls)}
    m = np.full((len(states), len(calls)), np.nan)
    for s, c, v in rows:
        m[si[s], ci[c]] = _SCORE[v]
    counts = (~np.isnan(m)).sum(axis=1)
    keep = counts >= MIN_VOTES_PER_STATE
    if keep.sum() < MIN_STATES:
        return {}
    m = m[keep]
    states = [s for s, k in zip(states, keep, strict=True) if k]
    col_mean = np.nanmean(m, axis=0)
    m = np.where(np.isnan(m), col_mean, m) - col_mean
    # first left singular vector = the states' coordinates on the main axis of disagreement
    u, s, _ = np.linalg.svd(m, full_matrices=False)
    x = u[:, 0] * s[0]
    spread = float(x.std()) or 1.0
    x = x / spread
    # SVD's sign is arbitrary: orient so the anchor state (or else the first state) is positive
    ref = states.index(anchor) if anchor in states else 0
    if x[ref] < 0:
        x = -x
    return {st: float(v) for st, v in zip(states, x, strict=True)}


def pairwise_agreement(ws: Workspace, states: list[str], *, since: str | int | None = None,
                       until: str | int | None = None, issue: str | None = None) -> list[dict[str, Any]]:
    """Agreement between every pair of ``states`` over the period: edges for the network analysis."""
    codes = sorted({s.upper() for s in states})
    extra, params = _filters(_year(since), _year(until), issue)
    rows = ws.fetchall(f"""
        SELECT va.state, vb.state, count(*),
               avg(CASE WHEN va.vote = vb.vote THEN 1.0
                        WHEN va.vote = 'abstain' OR vb.vote = 'abstain' THEN 0.5 ELSE 0.0 END)
        FROM un_votes va JOIN un_votes vb ON va.rcid = vb.rcid AND va.state < vb.state
        JOIN un_votes v ON v.rcid = va.rcid AND v.state = va.state
        LEFT JOIN un_roll_calls r ON r.rcid = va.rcid
        WHERE list_contains(?, va.state) AND list_contains(?, vb.state)
              AND list_contains(?, va.vote) AND list_contains(?, vb.vote) {extra}
        GROUP BY ALL ORDER BY 1, 2""", [codes, codes, list(CAST), list(CAST), *params])
    return [{"a": a, "b": b, "roll_calls": int(n), "agreement": round(float(ag), 4)} for a, b, n, ag in rows]


def bloc_alignment(ws: Workspace, profile: Any, *, since: str | None = None,
                   until: str | None = None) -> dict[str, Any] | None:
    """The profile's dyad by year plus pairwise agreement among its states; None without vote data."""
    has = ws.fetchone("SELECT count(*) FROM un_votes")
    if not has or not has[0]:
        return None
    a, b = profile.dyad
    present = {r[0] for r in ws.fetchall("SELECT DISTINCT state FROM un_votes WHERE list_contains(?, state)",
                                         [list(profile.actors)])}
    years = agreement_by_year(ws, a, b, since=since, until=until, ideal_points=False)
    return {
        "measure": "UNGA index of agreement (same 1, one abstains 0.5, opposite 0)",
        "dyad": [a, b],
        "years": [y.to_dict() for y in years],
        "pairs": pairwise_agreement(ws, sorted(present), since=since, until=until),
    }

"""Watch alerts: what changed that an analyst must hear about, each change once.

Producers (rules from the profile's ``alerts.watch`` section, all optional):

* ``new_flow`` — a direction and commodity appears in the exchange ledger;
* ``large_quantity`` — a resolved flow event whose (normalised) quantity
  reaches the threshold for its unit (``thresholds: {troops: 1000, ...}``);
* ``change_point`` — a change point of the cooperation–conflict index in the
  last ``recent_periods`` periods of the series;
* ``spike`` — the latest period's count of dyad events against the mean and
  standard deviation of the ``baseline_periods`` before it;
* ``sanctions`` — a SANCTION event against, or a new list designation of, a
  watched actor (``actors``, default the dyad).

Indicator status changes are raised by ``analysis.indicators`` into the same
``alerts`` table. Every alert has a severity, a one-line summary and its
evidence (resolved ids, sentences, documents with their URLs). Its id comes
from its content and what a producer has seen is kept in ``watch_seen``, so
the same change never alerts twice. The first evaluation only records what is
there (the baseline) unless ``baseline: false``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from axiswatch.analysis.ledger import build_ledger
from axiswatch.analysis.resolve import evidence_for
from axiswatch.analysis.timeline import build_timeline
from axiswatch.errors import ProfileError
from axiswatch.ids import make_id
from axiswatch.profiles import Profile
from axiswatch.store.workspace import Workspace

SEVERITIES = ("low", "medium", "high")
BASELINE_KEY = "watch.baseline_done"


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    severity: str = Field(default="medium", pattern="^(low|medium|high)$")


class LargeQuantityRule(_Rule):
    """Thresholds per normalised unit (rounds, troops, workers, barrels, tonnes, missiles, USD, ...)."""

    severity: str = Field(default="high", pattern="^(low|medium|high)$")
    thresholds: dict[str, float] = Field(default_factory=lambda: {
        "rounds": 100_000.0, "troops": 1_000.0, "workers": 1_000.0, "missiles": 10.0, "barrels": 100_000.0,
        "tonnes": 10_000.0, "USD": 100_000_000.0})


class ChangePointRule(_Rule):
    """Change points of the index; only those in the latest periods alert."""

    freq: str = Field(default="month", pattern="^(month|week)$")
    penalty: float = 3.0
    recent_periods: int = Field(default=6, ge=1)


class SpikeRule(_Rule):
    """Latest period's count against the recent baseline."""

    freq: str = Field(default="week", pattern="^(month|week)$")
    baseline_periods: int = Field(default=8, ge=2)
    factor: float = 3.0
    min_events: int = Field(default=5, ge=1)


class SanctionsRule(_Rule):
    """Sanctions touching watched actors (default: the dyad)."""

    actors: list[str] | None = None


class WatchAlertsSpec(BaseModel):
    """The profile's ``alerts.watch`` section."""

    model_config = ConfigDict(extra="forbid")
    baseline: bool = True
    new_flow: _Rule = Field(default_factory=lambda: _Rule(severity="high"))
    large_quantity: LargeQuantityRule = Field(default_factory=LargeQuantityRule)
    change_point: ChangePointRule = Field(default_factory=ChangePointRule)
    spike: SpikeRule = Field(default_factory=SpikeRule)
    sanctions: SanctionsRule = Field(default_factory=SanctionsRule)


def watch_spec(profile: Profile) -> WatchAlertsSpec:
    """The profile's watch alert rules, validated (ProfileError names the bad field)."""
    try:
        return WatchAlertsSpec.model_validate(profile.alerts.get("watch") or {})
    except ValidationError as exc:
        bad = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise ProfileError(f"{profile.path or profile.name}: invalid 'alerts.watch' section: {bad}") from exc


@dataclass
class Alert:
    """A candidate alert from a producer, with the seen-keys it covers."""

    kind: str
    severity: str
    summary: str
    evidence: dict[str, Any]
    keys: list[str] = field(default_factory=list)
    # resolved events whose sentences are looked up (in one batch) only if the alert is raised
    evidence_ids: list[str] = field(default_factory=list)

    @property
    def alert_id(self) -> str:
        """Content-derived: the same change gives the same id."""
        return make_id("al", "watch", self.kind, *sorted(self.keys))


@dataclass
class AlertRun:
    """What one evaluation raised: new alerts, duplicates suppressed, whether it was the baseline."""

    raised: list[Alert] = field(default_factory=list)
    suppressed: int = 0
    seen: int = 0
    baseline: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"raised": [{"alert_id": a.alert_id, "kind": a.kind, "severity": a.severity,
                            "summary": a.summary} for a in self.raised],
                "suppressed": self.suppressed, "seen": self.seen, "baseline": self.baseline}


def _links(ws: Workspace, evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The documents behind evidence sentences, with the URL (or origin) to open them."""
    ids = sorted({e["document_id"] for e in evidence if e.get("document_id")})
    if not ids:
        return []
    rows = ws.records("SELECT document_id, title, coalesce(url, origin) AS url, published FROM documents "
                      "WHERE list_contains(?, document_id) ORDER BY document_id", [ids])
    return rows


def _fill_evidence(ws: Workspace, alerts: list[Alert]) -> None:
    """Sentences for the alerts' resolved events and the documents behind them, in two queries in all."""
    ids = sorted({i for a in alerts for i in a.evidence_ids[:20]})
    ev = evidence_for(ws, ids, limit=2) if ids else {}
    for a in alerts:
        if a.evidence_ids:
            a.evidence["resolved_ids"] = a.evidence_ids[:20]
            a.evidence["evidence"] = [s for rid in a.evidence_ids[:20] for s in ev.get(rid, [])][:10]
    sentences = [s for a in alerts if "documents" not in a.evidence for s in a.evidence.get("evidence", [])]
    docs = {d["document_id"]: d for d in _links(ws, sentences)}
    for a in alerts:
        if "documents" not in a.evidence:
            wanted = dict.fromkeys(s.get("document_id") for s in a.evidence.get("evidence", []))
            a.evidence["documents"] = [docs[d] for d in wanted if d in docs]


def _qty(v: float | None) -> str:
    if v is None:
        return "?"
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.1f}"


def flow_alerts(ws: Workspace, profile: Profile, spec: WatchAlertsSpec) -> list[Alert]:
    """New ledger flows and large quantities."""
    out: list[Alert] = []
    if spec.new_flow.enabled:
        for line in build_ledger(ws, profile, max_evidence=3, resolve=False):
            key = f"flow:{line.source}>{line.target}:{line.commodity}"
            q = f", {_qty(line.quantity['low'])} {line.quantity['unit']}" if line.quantity else ""
            evidence = {"resolved_ids": line.events[:20], "evidence": line.evidence[:3]}
            out.append(Alert("new_flow", spec.new_flow.severity,
                             f"New flow in the ledger: {line.commodity} {line.source} -> {line.target} "
                             f"({len(line.events)} event(s){q}, {line.estimative})", evidence, [key]))
    rule = spec.large_quantity
    if rule.enabled and rule.thresholds:
        a, b = profile.dyad
        units = list(rule.thresholds)
        rows = ws.records(
            "SELECT resolved_id, event_type, source, target, commodity, date, quantity_low, quantity_high, "
            "quantity_unit, estimative FROM resolved_events WHERE ((source = ? AND target = ?) OR "
            "(source = ? AND target = ?)) AND event_type IN ('AID', 'COOPERATE') "
            "AND list_contains(?, quantity_unit) ORDER BY date_first NULLS LAST, resolved_id",
            [a, b, b, a, units])
        for r in rows:
            if (r["quantity_low"] or 0) < rule.thresholds[r["quantity_unit"]]:
                continue
            span = _qty(r["quantity_low"]) + ("" if r["quantity_high"] in (None, r["quantity_low"])
                                              else f"–{_qty(r['quantity_high'])}")
            out.append(Alert(
                "large_quantity", rule.severity,
                f"Large quantity: {span} {r['quantity_unit']} of {r['commodity'] or 'unspecified'} "
                f"{r['source']} -> {r['target']} ({r['date'] or 'undated'}, {r['estimative']})",
                {}, [f"qty:{r['resolved_id']}"], [r["resolved_id"]]))
    return out


def change_point_alerts(ws: Workspace, profile: Profile, spec: WatchAlertsSpec) -> list[Alert]:
    """Recent change points of the cooperation–conflict index."""
    rule = spec.change_point
    if not rule.enabled:
        return []
    tl = build_timeline(ws, profile, freq=rule.freq, penalty=rule.penalty, resolve=False)
    recent = set(tl.periods[-rule.recent_periods:])
    out = []
    for cp in tl.change_points:
        if cp["date"] not in recent:
            continue
        ids = [e["id"] for e in cp["events"]]
        ev = [s for e in cp["events"] for s in e.get("evidence", [])]
        out.append(Alert(
            "change_point", rule.severity,
            f"Change point ({rule.freq}ly index) from {cp['date']}: {cp['shift']}, net "
            f"{cp['before']:+.2f} -> {cp['after']:+.2f}",
            {"resolved_ids": ids, "evidence": ev[:5], "change_point": {
                k: cp[k] for k in ("date", "shift", "before", "after")}},
            [f"cp:{rule.freq}:{cp['date']}:{cp['shift']}"]))
    return out


def spike_alerts(ws: Workspace, profile: Profile, spec: WatchAlertsSpec) -> list[Alert]:
    """The latest period's event count against the recent baseline (mean + factor × sd)."""
    rule = spec.spike
    if not rule.enabled:
        return []
    a, b = profile.dyad
    rows = ws.fetchall(
        f"SELECT CAST(date_trunc('{rule.freq}', date_first) AS DATE) AS p, count(*), "
        "list(resolved_id ORDER BY confidence DESC, resolved_id) FROM resolved_events "
        "WHERE date_first IS NOT NULL AND ((source = ? AND target = ?) OR (source = ? AND target = ?)) "
        "GROUP BY p ORDER BY p", [a, b, b, a])
    if not rows:
        return []
    counts = {r[0]: int(r[1]) for r in rows}
    latest, n, ids = rows[-1][0], int(rows[-1][1]), list(rows[-1][2])
    grid = _previous_periods(latest, rule.freq, rule.baseline_periods)
    base = [counts.get(p, 0) for p in grid]
    mean = sum(base) / len(base)
    sd = math.sqrt(sum((x - mean) ** 2 for x in base) / len(base))
    threshold = mean + rule.factor * max(sd, 1.0)
    if n < rule.min_events or n <= threshold:
        return []
    evidence: dict[str, Any] = {}
    evidence["counts"] = {"period": latest.isoformat(), "events": n, "baseline_mean": round(mean, 2),
                          "baseline_sd": round(sd, 2), "threshold": round(threshold, 2)}
    return [Alert("spike", rule.severity,
                  f"Spike: {n} {a}–{b} events in the {rule.freq} of {latest.isoformat()} "
                  f"(baseline {mean:.1f} ± {sd:.1f} over {rule.baseline_periods} {rule.freq}s)",
                  evidence, [f"spike:{rule.freq}:{latest.isoformat()}"], ids[:10])]


def _previous_periods(latest: Any, freq: str, n: int) -> list[Any]:
    from datetime import date, timedelta

    out: list[date] = []
    cur: date = latest
    for _ in range(n):
        if freq == "week":
            cur = cur - timedelta(days=7)
        else:
            cur = date(cur.year - (cur.month == 1), (cur.month - 2) % 12 + 1, 1)
        out.append(cur)
    return out


def sanction_alerts(ws: Workspace, profile: Profile, spec: WatchAlertsSpec) -> list[Alert]:
    """SANCTION events against watched actors, and list designations of them (one alert per list)."""
    rule = spec.sanctions
    if not rule.enabled:
        return []
    actors = rule.actors or list(profile.dyad)
    out = []
    rows = ws.records("SELECT resolved_id, source, target, date, estimative FROM resolved_events "
                      "WHERE event_type = 'SANCTION' AND list_contains(?, target) "
                      "ORDER BY date_first NULLS LAST, resolved_id", [actors])
    for r in rows:
        out.append(Alert("sanctions", rule.severity,
                         f"Sanctions: {r['source']} against {r['target']} ({r['date'] or 'undated'}, "
                         f"{r['estimative']})", {}, [f"sanction_event:{r['resolved_id']}"],
                         [r["resolved_id"]]))
    entries = ws.records("SELECT entry_id, list, name, country, designated_on, origin FROM sanction_entries "
                         "WHERE list_contains(?, country) AND is_target ORDER BY list, entry_id", [actors])
    by_list: dict[str, list[dict[str, Any]]] = {}
    for e in entries:
        by_list.setdefault(e["list"], []).append(e)
    for name, items in by_list.items():
        out.append(Alert("sanctions", rule.severity, "", {"list": name, "entries": items},
                         [f"designation:{e['entry_id']}" for e in items]))
    return out


def _finish_designations(alert: Alert, fresh: set[str]) -> Alert | None:
    """Narrow a per-list designation alert to the entries not seen before."""
    items = [e for e in alert.evidence["entries"] if f"designation:{e['entry_id']}" in fresh]
    if not items:
        return None
    countries = sorted({e["country"] for e in items})
    names = ", ".join(e["name"] for e in items[:3]) + (" …" if len(items) > 3 else "")
    alert.keys = [f"designation:{e['entry_id']}" for e in items]
    alert.summary = (f"Sanctions list {alert.evidence['list']}: {len(items)} new designation(s) of "
                     f"{'/'.join(countries)} ({names})")
    alert.evidence = {"list": alert.evidence["list"], "entries": items[:50],
                      "documents": [{"url": e["origin"]} for e in items[:1] if e.get("origin")]}
    return alert


def evaluate_watch_alerts(ws: Workspace, profile: Profile, spec: WatchAlertsSpec | None = None) -> AlertRun:
    """Run every producer, store new alerts and what was seen in one transaction; idempotent."""
    spec = spec or watch_spec(profile)
    candidates = (flow_alerts(ws, profile, spec) + change_point_alerts(ws, profile, spec)
                  + spike_alerts(ws, profile, spec) + sanction_alerts(ws, profile, spec))
    all_keys = sorted({k for a in candidates for k in a.keys})
    seen = {r[0] for r in ws.fetchall("SELECT kind || '|' || key FROM watch_seen WHERE list_contains(?, key)",
                                      [all_keys])} if all_keys else set()
    run = AlertRun(baseline=spec.baseline and not ws.get_setting(BASELINE_KEY, False))
    fresh_rows: list[list[str]] = []
    raised: list[Alert] = []
    for alert in candidates:
        fresh = {k for k in alert.keys if f"{alert.kind}|{k}" not in seen}
        if alert.kind == "sanctions" and alert.keys and alert.keys[0].startswith("designation:"):
            narrowed = _finish_designations(alert, fresh)
            if narrowed is None:
                run.suppressed += 1
                continue
            alert = narrowed
        elif not fresh:
            run.suppressed += 1
            continue
        fresh_rows.extend([alert.kind, k] for k in sorted(fresh))
        raised.append(alert)
    run.seen = len(fresh_rows)
    if not run.baseline:
        _fill_evidence(ws, raised)
    with ws.transaction() as con:
        if fresh_rows:
            con.executemany("INSERT OR IGNORE INTO watch_seen (kind, key) VALUES (?, ?)", fresh_rows)
        if not run.baseline and raised:
            con.executemany(
                "INSERT OR IGNORE INTO alerts (alert_id, kind, severity, summary, evidence) VALUES (?, ?, ?, ?, ?)",
                [[a.alert_id, a.kind, a.severity, a.summary[:500],
                  json.dumps(a.evidence, default=str, ensure_ascii=False)] for a in raised])
            run.raised = raised
        ws.set_setting(BASELINE_KEY, True)
    return run


def with_links(ws: Workspace, alerts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Give every alert (indicator alerts too) ``evidence.documents``: the documents to open, with URLs."""
    for a in alerts:
        ev = a.get("evidence")
        if not isinstance(ev, dict) or ev.get("documents"):
            continue
        last = ev.get("last_evidence") or {}
        sentences = list(ev.get("evidence") or []) + list(last.get("evidence") or [])
        ev["documents"] = _links(ws, [s for s in sentences if isinstance(s, dict)])
    return alerts


def severity_at_least(severity: str, minimum: str) -> bool:
    """True when ``severity`` is ``minimum`` or above (low < medium < high)."""
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    return rank.get(severity, 1) >= rank.get(minimum, 0)

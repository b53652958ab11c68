"""Indicators and warnings: rules from the profile, evaluated in SQL over resolved events.

An indicator (profile section ``indicators``) has an ``id``, a ``name``, a
``question``, a ``rule`` and ``escalate`` blocks, and ``escalation`` words that
say what would escalate it. A rule filters resolved events by type, source,
target, commodity, member names (substring of a mention's source or target
name), evidence keywords, minimum confidence, and counts them over a window
of ``window_days`` ending at the evaluation date; ``min_events`` (and an
optional ``quantity: {unit, above}`` total over the window, low ends summed)
make it *observed*. Each escalate block overrides some of the rule's fields;
the indicator is *escalating* when any block holds. The trend compares the
rule's window with the window before it.

Every status change is stored in ``indicator_status`` and raises an alert
(``alerts`` table) with a content-derived id, so re-evaluating the same data
raises nothing new. The ``alerts`` profile section sets the severity per new
status and which new statuses raise an alert.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from axiswatch.analysis.resolve import date_bounds, ensure_resolved, evidence_for
from axiswatch.ids import make_id
from axiswatch.ontology import COMMODITIES, EVENT_TYPES
from axiswatch.profiles import Profile, register_section_validator
from axiswatch.store.workspace import Workspace

STATUSES = ("not observed", "observed", "escalating")
FLOW_COMMODITIES = (*COMMODITIES,)


class QuantityRule(BaseModel):
    """A total over the window: the low ends of the resolved quantities in ``unit`` must exceed ``above``."""

    model_config = ConfigDict(extra="forbid")
    unit: str
    above: float


class RuleSpec(BaseModel):
    """Which resolved events an indicator counts; unset fields do not filter."""

    model_config = ConfigDict(extra="forbid")
    types: list[str] | None = None
    sources: list[str] | None = None
    targets: list[str] | None = None
    commodities: list[str] | None = None
    names: list[str] | None = None
    keywords: list[str] | None = None
    min_confidence: float | None = None
    window_days: int | None = Field(default=None, gt=0)
    min_events: int | None = Field(default=None, ge=1)
    quantity: QuantityRule | None = None

    @field_validator("types")
    @classmethod
    def _types(cls, v: list[str] | None) -> list[str] | None:
        bad = [t for t in v or [] if t not in EVENT_TYPES]
        if bad:
            raise ValueError(f"unknown event types {bad}; use the PLOVER types {list(EVENT_TYPES)}")
        return v

    @field_validator("commodities")
    @classmethod
    def _commodities(cls, v: list[str] | None) -> list[str] | None:
        bad = [c for c in v or [] if c not in FLOW_COMMODITIES]
        if bad:
            raise ValueError(f"unknown commodities {bad}; use the flow vocabulary {list(FLOW_COMMODITIES)}")
        return v

    def merged(self, other: RuleSpec) -> RuleSpec:
        """This rule with the fields ``other`` sets replaced."""
        return self.model_copy(update={k: v for k, v in other.model_dump(exclude_unset=True).items()
                                       if v is not None} | ({"quantity": other.quantity}
                                                            if other.quantity else {}))


class IndicatorSpec(BaseModel):
    """One indicator of the profile."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    question: str
    rule: RuleSpec
    escalate: list[RuleSpec] = Field(default_factory=list)
    escalation: str = ""


class AlertsSpec(BaseModel):
    """The profile's ``alerts`` section."""

    model_config = ConfigDict(extra="forbid")
    severity: dict[str, str] = Field(default_factory=lambda: {
        "escalating": "high", "observed": "medium", "not observed": "low"})
    raise_on: list[str] = Field(default_factory=lambda: list(STATUSES))
    # watch-mode alert rules; validated by axiswatch.watch.alerts.watch_spec
    watch: dict[str, Any] = Field(default_factory=dict)


DEFAULT_RULE = RuleSpec(min_confidence=0.0, window_days=365, min_events=1)


def indicator_specs(profile: Profile) -> list[IndicatorSpec]:
    """The profile's indicators, validated."""
    return [IndicatorSpec.model_validate(raw) for raw in profile.indicators]


def _compact(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors())


def _validate_indicators(profile: Profile) -> None:
    specs = []
    for i, raw in enumerate(profile.indicators):
        name = raw.get("id", f"#{i + 1}") if isinstance(raw, dict) else f"#{i + 1}"
        try:
            specs.append(IndicatorSpec.model_validate(raw))
        except ValidationError as exc:
            raise ValueError(f"indicator {name}: {_compact(exc)}") from exc
    ids = [s.id for s in specs]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"indicator ids must be unique; repeated: {dupes}")
    for s in specs:
        for block in (s.rule, *s.escalate):
            unknown = [a for a in (block.sources or []) + (block.targets or []) if a not in profile.actors]
            if unknown:
                raise ValueError(f"indicator {s.id}: actors {unknown} are not listed under actors")


def _validate_alerts(profile: Profile) -> None:
    try:
        spec = AlertsSpec.model_validate(profile.alerts)
    except ValidationError as exc:
        raise ValueError(_compact(exc)) from exc
    bad = [s for s in list(spec.severity) + spec.raise_on if s not in STATUSES]
    if bad:
        raise ValueError(f"unknown statuses {bad}; use {list(STATUSES)}")


register_section_validator("indicators", _validate_indicators)
register_section_validator("alerts", _validate_alerts)


@dataclass
class IndicatorStatus:
    """An indicator's evaluation: status, trend, counts and the last evidence."""

    id: str
    name: str
    question: str
    status: str
    trend: str
    as_of: str | None
    window_days: int
    events: int
    previous_events: int
    quantity: dict[str, Any] | None
    escalation: str
    reason: str
    last_evidence: dict[str, Any] | None
    previous_status: str | None = None
    changed: bool = False
    alert_id: str | None = None
    events_in_window: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (see the README's indicators section)."""
        return {
            "id": self.id, "name": self.name, "question": self.question, "status": self.status,
            "trend": self.trend, "as_of": self.as_of, "window_days": self.window_days,
            "events": self.events, "previous_events": self.previous_events, "quantity": self.quantity,
            "escalation": self.escalation, "reason": self.reason, "last_evidence": self.last_evidence,
            "previous_status": self.previous_status, "changed": self.changed, "alert_id": self.alert_id,
            "events_in_window": self.events_in_window,
        }


def _where(rule: RuleSpec, since: date | None) -> tuple[str, list[Any]]:
    """SQL filter (over resolved_events r) for the rule's selection, without window or confidence."""
    where: list[str] = ["r.date_first IS NOT NULL"]
    params: list[Any] = []
    for col, values in (("r.event_type", rule.types), ("r.source", rule.sources), ("r.target", rule.targets),
                        ("r.commodity", rule.commodities)):
        if values:
            where.append(f"list_contains(?, {col})")
            params.append(list(values))
    if since:
        where.append("r.date_first >= ?")
        params.append(since)
    if rule.names:
        names = "lower(coalesce(e.source_name, '') || '|' || coalesce(e.target_name, ''))"
        ors = " OR ".join(f"contains({names}, ?)" for _ in rule.names)
        where.append(f"r.resolved_id IN (SELECT m.resolved_id FROM resolved_members m JOIN events e "
                     f"USING (event_id) WHERE {ors})")
        params.extend(n.lower() for n in rule.names)
    if rule.keywords:
        ors = " OR ".join("contains(lower(v.text), ?)" for _ in rule.keywords)
        where.append(f"r.resolved_id IN (SELECT m.resolved_id FROM resolved_members m JOIN evidence v "
                     f"USING (event_id) WHERE {ors})")
        params.extend(k.lower() for k in rule.keywords)
    return " AND ".join(where), params


def _measure(ws: Workspace, rule: RuleSpec, as_of: date, since: date | None) -> dict[str, Any]:
    """Counts over the window and the window before, quantity total and the ids in the window."""
    rule = DEFAULT_RULE.merged(rule)
    assert rule.window_days is not None and rule.min_events is not None
    lo = as_of - timedelta(days=rule.window_days - 1)
    prev_lo = lo - timedelta(days=rule.window_days)
    where, params = _where(rule, since)
    unit = rule.quantity.unit if rule.quantity else None
    row = ws.fetchone(
        "SELECT count(*) FILTER (WHERE r.date_first BETWEEN ? AND ?), "
        "count(*) FILTER (WHERE r.date_first BETWEEN ? AND ?), "
        "sum(r.quantity_low) FILTER (WHERE r.date_first BETWEEN ? AND ? AND r.quantity_unit = ?), "
        "list(r.resolved_id ORDER BY r.date_first DESC, r.resolved_id) "
        "FILTER (WHERE r.date_first BETWEEN ? AND ?) "
        f"FROM resolved_events r WHERE {where} AND r.confidence >= ?",
        [lo, as_of, prev_lo, lo - timedelta(days=1), lo, as_of, unit, lo, as_of, *params,
         rule.min_confidence]) or (0, 0, None, None)
    count, prev, qty, ids = int(row[0]), int(row[1]), row[2], list(row[3] or [])
    holds = count >= rule.min_events and (rule.quantity is None or (qty or 0) > rule.quantity.above)
    return {"count": count, "previous": prev, "quantity": qty, "holds": holds, "ids": ids, "rule": rule}


def _describe(rule: RuleSpec, m: dict[str, Any]) -> str:
    parts = [f"{m['count']} event(s) in {rule.window_days} days (needs {rule.min_events})"]
    if rule.quantity:
        parts.append(f"{m['quantity'] or 0:,.0f} {rule.quantity.unit} (above {rule.quantity.above:,.0f})")
    if rule.min_confidence:
        parts.append(f"confidence >= {rule.min_confidence}")
    return ", ".join(parts)


def _last_evidence(ws: Workspace, rule: RuleSpec, as_of: date, since: date | None) -> dict[str, Any] | None:
    where, params = _where(rule, since)
    rows = ws.records(
        "SELECT r.resolved_id, r.event_type, r.source, r.target, r.commodity, r.date, r.confidence, "
        "r.estimative "
        f"FROM resolved_events r WHERE {where} AND r.date_first <= ? AND r.confidence >= ? "
        "ORDER BY r.date_last DESC, r.confidence DESC, r.resolved_id LIMIT 1",
        [*params, as_of, rule.min_confidence or 0.0])
    if not rows:
        return None
    out = rows[0]
    out["evidence"] = evidence_for(ws, [out["resolved_id"]], limit=2).get(out["resolved_id"], [])
    return out


def evaluate_indicators(ws: Workspace, profile: Profile, since: str | None = None, until: str | None = None,
                        *, as_of: date | None = None, record: bool = True,
                        resolve: bool = True) -> list[IndicatorStatus]:
    """Status, trend and last evidence of every profile indicator; records changes and raises alerts."""
    if resolve:
        ensure_resolved(ws, profile)
    lo, hi = date_bounds(since, until)
    if as_of is None:
        as_of = hi
    if as_of is None:
        row = ws.fetchone("SELECT max(date_last) FROM resolved_events")
        as_of = row[0] if row and row[0] else date.today()
    alerts = AlertsSpec.model_validate(profile.alerts)
    out = []
    for spec in indicator_specs(profile):
        rule = DEFAULT_RULE.merged(spec.rule)
        base = _measure(ws, rule, as_of, lo)
        status, reason = "not observed", _describe(base["rule"], base)
        measures = [base] + [_measure(ws, rule.merged(block), as_of, lo) for block in spec.escalate]
        if base["holds"]:
            status = "observed"
            fired = next((m for m in measures[1:] if m["holds"]), None)
            if fired:
                status, reason = "escalating", "escalates: " + _describe(fired["rule"], fired)
        trend = _trend(base["count"], base["previous"])
        with_qty = next((m for m in measures if m["rule"].quantity), None)
        qty = ({"value": _num(with_qty["quantity"] or 0), "unit": with_qty["rule"].quantity.unit,
                "above": _num(with_qty["rule"].quantity.above), "window_days": with_qty["rule"].window_days}
               if with_qty else None)
        st = IndicatorStatus(
            id=spec.id, name=spec.name, question=spec.question, status=status, trend=trend,
            as_of=as_of.isoformat(), window_days=rule.window_days or 365, events=base["count"],
            previous_events=base["previous"], quantity=qty, escalation=spec.escalation, reason=reason,
            last_evidence=_last_evidence(ws, rule, as_of, lo), events_in_window=base["ids"])
        if record:
            _record(ws, st, alerts)
        out.append(st)
    return out


def _num(v: float) -> float | int:
    return int(v) if float(v).is_integer() else round(float(v), 3)


def _trend(current: int, previous: int) -> str:
    if current == previous:
        return "none" if current == 0 else "steady"
    return "rising" if current > previous else "falling"


def _record(ws: Workspace, st: IndicatorStatus, alerts: AlertsSpec) -> None:
    """Store a status change and raise its alert (idempotent: same change, same alert id)."""
    row = ws.fetchone("SELECT status FROM indicator_status WHERE indicator = ? "
                      "ORDER BY evaluated_at DESC LIMIT 1", [st.id])
    previous = row[0] if row else None
    st.previous_status = previous
    if previous == st.status:
        return
    last_id = st.last_evidence["resolved_id"] if st.last_evidence else None
    before = previous or "not observed"
    details = {"reason": st.reason, "events": st.events_in_window[:20], "trend": st.trend}
    with ws.transaction() as con:
        con.execute("INSERT INTO indicator_status VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [st.id, datetime.now(), st.as_of, st.status, previous, st.trend, st.events, last_id,
                     json.dumps(details)])
        if before != st.status and st.status in alerts.raise_on:
            st.alert_id = make_id("al", "indicator", st.id, before, st.status, st.as_of, last_id)
            evidence = {"indicator": st.id, "resolved_ids": st.events_in_window[:20],
                        "last_evidence": st.last_evidence, "reason": st.reason}
            con.execute(
                "INSERT OR IGNORE INTO alerts (alert_id, kind, severity, summary, indicator, evidence) "
                "VALUES (?, 'indicator', ?, ?, ?, ?)",
                [st.alert_id, alerts.severity.get(st.status, "medium"),
                 f"{st.name}: {before} -> {st.status} ({st.reason})", st.id,
                 json.dumps(evidence, default=str)])
    st.changed = True


def list_alerts(ws: Workspace, *, kind: str | None = None, unacknowledged: bool = False,
                limit: int = 100) -> list[dict[str, Any]]:
    """The alerts raised, newest first (what a later ``axiswatch alerts`` verb lists)."""
    rows = ws.records(
        "SELECT * FROM alerts WHERE (? IS NULL OR kind = ?) AND (NOT ? OR NOT acknowledged) "
        "ORDER BY created_at DESC, alert_id LIMIT ?", [kind, kind, unacknowledged, limit])
    for r in rows:
        r["evidence"] = json.loads(r["evidence"]) if r.get("evidence") else None
    return rows

"""The exchange ledger: what flows which way between the dyad, how much, and how sure we are.

One line per direction and commodity. A line totals *resolved* events, so the
three reports of one shipment add up once. Quantities are summed per normalised
unit, low and high ends apart, so a reported range stays a range. SUPPORT events
count as the ``diplomatic_support`` flow. A line's confidence is the highest
confidence among its resolved events: the best-established event is what shows
the flow exists (summing them would treat dependent reports as independent).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from axiswatch.analysis.confidence import estimative
from axiswatch.analysis.resolve import date_bounds, ensure_resolved
from axiswatch.profiles import Profile
from axiswatch.store.workspace import Workspace

FLOW_TYPES = ("AID", "COOPERATE")


@dataclass
class LedgerLine:
    """One direction and commodity of the exchange, with the resolved events and evidence behind it."""

    source: str
    target: str
    commodity: str
    first_date: str | None
    last_date: str | None
    quantity: dict[str, Any] | None
    quantities: list[dict[str, Any]]
    uncounted: list[dict[str, Any]]  # quantities of events below the counting confidence, shown apart
    confidence: float
    estimative: str
    events: list[str]
    mentions: int
    contested: int
    evidence: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (see the README's ledger section)."""
        return {
            "source": self.source, "target": self.target, "commodity": self.commodity,
            "first_date": self.first_date, "last_date": self.last_date,
            "quantity": self.quantity, "quantities": self.quantities, "uncounted": self.uncounted,
            "confidence": self.confidence, "estimative": self.estimative,
            "events": self.events, "mentions": self.mentions, "contested": self.contested,
            "evidence": self.evidence,
        }


def build_ledger(ws: Workspace, profile: Profile, since: str | None = None, until: str | None = None,
                 *, min_confidence: float = 0.0, max_evidence: int = 5,
                 quantity_min_confidence: float = 0.45, resolve: bool = True) -> list[LedgerLine]:
    """The ledger lines for both directions of the profile's dyad, in SQL over resolved events."""
    if resolve:
        ensure_resolved(ws, profile)
    lo, hi = date_bounds(since, until)
    a, b = profile.dyad
    params = {"a": a, "b": b, "lo": lo, "hi": hi, "minc": float(min_confidence), "nev": int(max_evidence),
              "qminc": float(quantity_min_confidence)}
    rows = ws.records(_LEDGER_SQL, params)
    out = []
    for r in rows:
        quantities, uncounted = ([{"low": _num(q["low"]), "high": _num(q["high"]), "unit": q["unit"],
                                   "events": q["events"]} for q in (r[key] or [])]
                                 for key in ("quantities", "uncounted"))
        conf = round(float(r["confidence"]), 4)
        out.append(LedgerLine(
            source=r["source"], target=r["target"], commodity=r["commodity"],
            first_date=r["first_date"].isoformat() if r["first_date"] else None,
            last_date=r["last_date"].isoformat() if r["last_date"] else None,
            quantity=quantities[0] if quantities else None, quantities=quantities, uncounted=uncounted,
            confidence=conf, estimative=estimative(conf), events=list(r["events"]),
            mentions=int(r["mentions"]), contested=int(r["contested"]),
            evidence=[dict(e) for e in (r["evidence"] or [])]))
    return out


def _num(v: float | None) -> float | int | None:
    if v is None:
        return None
    return int(v) if float(v).is_integer() else round(float(v), 3)


_LEDGER_SQL = f"""
WITH r AS (
  SELECT resolved_id, source, target,
         CASE WHEN event_type = 'SUPPORT' THEN 'diplomatic_support' ELSE commodity END AS commodity,
         date_first, date_last, quantity_low, quantity_high, quantity_unit, confidence, contested, mentions
  FROM resolved_events
  WHERE ((source = $a AND target = $b) OR (source = $b AND target = $a))
    AND ((event_type IN {FLOW_TYPES} AND commodity IS NOT NULL) OR event_type = 'SUPPORT')
    AND confidence >= $minc
    AND ($lo IS NULL OR date_first >= $lo) AND ($hi IS NULL OR date_first <= $hi)
), q AS (
  SELECT source, target, commodity,
         list({{'unit': quantity_unit, 'low': low, 'high': high, 'events': n}} ORDER BY n DESC, quantity_unit)
           FILTER (WHERE counted) AS quantities,
         list({{'unit': quantity_unit, 'low': low, 'high': high, 'events': n}} ORDER BY n DESC, quantity_unit)
           FILTER (WHERE NOT counted) AS uncounted
  FROM (SELECT source, target, commodity, quantity_unit, confidence >= $qminc AS counted,
               sum(quantity_low) AS low, sum(quantity_high) AS high, count(*) AS n
        FROM r WHERE quantity_unit IS NOT NULL GROUP BY ALL)
  GROUP BY ALL
), v AS (
  SELECT source, target, commodity,
         list({{'document_id': document_id, 'text': text, 'start': start_char, 'end': end_char}}
              ORDER BY confidence DESC, date_first NULLS LAST, document_id, start_char)[1:$nev] AS evidence
  FROM (SELECT DISTINCT r.source, r.target, r.commodity, r.confidence, r.date_first, v.document_id, v.text,
               v.start_char, v.end_char
        FROM r JOIN resolved_members m USING (resolved_id) JOIN evidence v ON v.event_id = m.event_id)
  GROUP BY ALL
), lines AS (
  SELECT source, target, commodity, min(date_first) AS first_date, max(date_last) AS last_date,
         max(confidence) AS confidence,
         list(resolved_id ORDER BY date_first NULLS LAST, resolved_id) AS events,
         sum(mentions) AS mentions, count(*) FILTER (WHERE contested) AS contested
  FROM r GROUP BY ALL
)
SELECT l.*, q.quantities, q.uncounted, v.evidence
FROM lines l LEFT JOIN q USING (source, target, commodity) LEFT JOIN v USING (source, target, commodity)
ORDER BY l.source, l.target, l.confidence DESC, l.commodity
"""

"""Writing and reading events with their evidence: the one event table every stage shares."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from axiswatch.records import Event, Evidence, Quantity
from axiswatch.store.workspace import Workspace

EVENT_COLUMNS = (
    "event_id", "origin_kind", "document_id", "origin", "event_type", "mode", "source", "target",
    "source_name", "target_name", "commodity", "date", "date_start", "quantity_value", "quantity_unit",
    "certainty", "confidence", "extractor_version", "superseded", "attrs",
)


def date_start(value: str | None) -> date | None:
    """First day a partial date covers: '2024' -> 2024-01-01, '2024-06' -> 2024-06-01."""
    if not value:
        return None
    parts = value.split("-")
    try:
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else 1
        d = int(parts[2]) if len(parts) > 2 else 1
        return date(y, m, d)
    except (ValueError, IndexError):
        return None


def _row(ev: Event) -> list[Any]:
    return [
        ev.id, ev.origin_kind, ev.document_id, json.dumps(ev.origin, ensure_ascii=False, default=str),
        ev.event_type, ev.mode, ev.source, ev.target, ev.source_name, ev.target_name, ev.commodity,
        ev.date, date_start(ev.date), ev.quantity.value if ev.quantity else None,
        ev.quantity.unit if ev.quantity else None, ev.certainty, float(ev.confidence),
        ev.extractor_version, False, json.dumps(ev.attrs, ensure_ascii=False, default=str),
    ]


def write_events(ws: Workspace, events: Iterable[Event]) -> int:
    """Upsert events and replace their evidence; returns how many were written.

    The caller owns the transaction, so a document's events land all together or not at all.
    """
    rows: list[list[Any]] = []
    ev_rows: list[list[Any]] = []
    ids: list[str] = []
    for ev in events:
        rows.append(_row(ev))
        ids.append(ev.id)
        for seq, e in enumerate(ev.evidence):
            ev_rows.append([ev.id, seq, e.document_id or ev.document_id, e.text, e.start, e.end])
    if not rows:
        return 0
    placeholders = ", ".join("?" for _ in EVENT_COLUMNS)
    ws.con.executemany(
        f"INSERT OR REPLACE INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({placeholders})", rows)
    ws.con.execute("DELETE FROM evidence WHERE list_contains(?, event_id)", [ids])
    if ev_rows:
        ws.con.executemany("INSERT INTO evidence VALUES (?, ?, ?, ?, ?, ?)", ev_rows)
    return len(rows)


def query_events(
    ws: Workspace,
    *,
    since: str | None = None,
    until: str | None = None,
    types: Sequence[str] | None = None,
    actors: Sequence[str] | None = None,
    certainty: Sequence[str] | None = None,
    origin_kinds: Sequence[str] | None = None,
    document_id: str | None = None,
    include_superseded: bool = False,
    limit: int | None = None,
    offset: int = 0,
    sources: Sequence[str] | None = None,
    targets: Sequence[str] | None = None,
    commodities: Sequence[str] | None = None,
    event_ids: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """Events as ONTOLOGY.md dicts (with evidence and origin), filtered like the CLI."""
    where: list[str] = ["1=1"]
    params: list[Any] = []
    if not include_superseded:
        where.append("NOT e.superseded")
    if since:
        where.append("e.date_start >= ?")
        params.append(date_start(since))
    if until:
        # 'until 2024' includes all of 2024: compare against the start of the next period
        where.append("e.date_start <= ?")
        params.append(_period_end(until))
    if actors:
        where.append("(list_contains(?, e.source) OR list_contains(?, e.target))")
        params.extend([list(actors), list(actors)])
    if document_id:
        where.append("e.document_id = ?")
        params.append(document_id)
    # list filters, incl. direction and flow (the dashboard's click-through from a chart or a ledger line)
    for col, values in (("event_type", [t.upper() for t in types or ()]), ("certainty", certainty),
                        ("origin_kind", origin_kinds), ("source", sources), ("target", targets),
                        ("commodity", commodities), ("event_id", event_ids)):
        if values:
            where.append(f"list_contains(?, e.{col})")
            params.append(list(values))
    # Page the events first, then join the evidence of that page only: grouping every event with its
    # evidence before the LIMIT took seconds on 100k events; this takes milliseconds.
    page = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    sql = (
        f"WITH e AS (SELECT * FROM events e WHERE {' AND '.join(where)} "
        f"ORDER BY e.date_start NULLS LAST, e.event_id{page}) "
        "SELECT e.*, coalesce(list({'document_id': v.document_id, 'text': v.text, 'start': v.start_char, "
        "'end': v.end_char} ORDER BY v.seq) FILTER (WHERE v.event_id IS NOT NULL), []) AS ev "
        "FROM e LEFT JOIN evidence v USING (event_id) GROUP BY ALL "
        "ORDER BY e.date_start NULLS LAST, e.event_id"
    )
    return [_to_dict(r) for r in ws.records(sql, params)]


def _period_end(value: str) -> date | None:
    d = date_start(value)
    if d is None:
        return None
    parts = value.split("-")
    if len(parts) == 1:
        return date(d.year, 12, 31)
    if len(parts) == 2:
        nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)
    return d


def _to_dict(r: dict[str, Any]) -> dict[str, Any]:
    origin = json.loads(r["origin"]) if r.get("origin") else {}
    q = None
    if r.get("quantity_value") is not None:
        q = Quantity(r["quantity_value"], r["quantity_unit"] or "").to_dict()
    return {
        "id": r["event_id"],
        "event_type": r["event_type"],
        "mode": r["mode"],
        "source": r["source"],
        "target": r["target"],
        "source_name": r["source_name"],
        "target_name": r["target_name"],
        "commodity": r["commodity"],
        "date": r["date"],
        "quantity": q,
        "certainty": r["certainty"],
        "confidence": r["confidence"],
        "evidence": [Evidence(e["text"], e["start"], e["end"], e["document_id"]).to_dict() for e in r["ev"]],
        "origin": {"kind": r["origin_kind"], "document_id": r["document_id"], **origin},
        "extractor_version": r["extractor_version"],
        "attrs": json.loads(r["attrs"]) if r.get("attrs") else {},
    }

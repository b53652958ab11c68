"""Writing dataset events in bulk: the same rows as ``store.events.write_events``, fewer statements.

DuckDB's executemany pays one round trip per row (seconds for a few hundred ACLED rows),
so dataset connectors insert their events and evidence in multi-row statements instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from axiswatch.records import Event
from axiswatch.store.events import EVENT_COLUMNS, _row
from axiswatch.store.workspace import Workspace

CHUNK = 400  # rows per statement: well under DuckDB's parameter limits


def _insert(ws: Workspace, head: str, rows: Sequence[list[Any]]) -> None:
    for i in range(0, len(rows), CHUNK):
        part = rows[i:i + CHUNK]
        marks = "(" + ", ".join("?" for _ in part[0]) + ")"
        ws.con.execute(f"{head} VALUES {', '.join([marks] * len(part))}", [v for r in part for v in r])


def write_dataset_events(ws: Workspace, events: Sequence[Event]) -> int:
    """Upsert events (ids unique in ``events``) and replace their evidence; the caller owns the transaction."""
    if not events:
        return 0
    ids = [ev.id for ev in events]
    if len(set(ids)) != len(ids):
        raise ValueError("write_dataset_events needs events with distinct ids")
    _insert(ws, f"INSERT OR REPLACE INTO events ({', '.join(EVENT_COLUMNS)})", [_row(ev) for ev in events])
    ws.con.execute("DELETE FROM evidence WHERE list_contains(?, event_id)", [ids])
    evidence = [[ev.id, seq, e.document_id or ev.document_id, e.text, e.start, e.end]
                for ev in events for seq, e in enumerate(ev.evidence)]
    if evidence:
        _insert(ws, "INSERT INTO evidence", evidence)
    return len(events)

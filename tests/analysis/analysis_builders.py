"""Builders for small analysis workspaces whose right answers are known."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from axiswatch.records import Event, Evidence, Quantity
from axiswatch.store.events import write_events
from axiswatch.store.workspace import Workspace


def add_publisher(ws: Workspace, pid: str, grade: str) -> None:
    """Insert one publisher row."""
    ws.execute("INSERT INTO publishers (publisher_id, name, grade) VALUES (?, ?, ?)",
               [pid, pid.upper(), grade])


def add_document(ws: Workspace, doc_id: str, publisher: str | None, published: str,
                 duplicate_of: str | None = None, text: str = "") -> None:
    """Insert one document row."""
    ws.execute(
        "INSERT INTO documents (document_id, content_hash, text, published, publisher_id, kind, "
        "duplicate_of) VALUES (?, ?, ?, ?, ?, 'text', ?)",
        [doc_id, "h-" + doc_id, text or doc_id, published, publisher, duplicate_of])


def ev(event_type: str, source: str, target: str, date: str | None, *, doc: str | None = None,
       commodity: str | None = None, qty: tuple[float, str] | None = None, certainty: str = "reported",
       text: str | None = None, origin_kind: str = "text", key: str | None = None,
       source_name: str | None = None, attrs: dict[str, Any] | None = None, confidence: float = 0.5) -> Event:
    """One event with one evidence sentence (text events) or a dataset row key."""
    evidence = [Evidence(text, 0, len(text), doc)] if text and doc else []
    return Event(event_type=event_type, source=source, target=target, date=date, document_id=doc,
                 commodity=commodity, quantity=Quantity(*qty) if qty else None, certainty=certainty,
                 evidence=evidence, origin_kind=origin_kind, origin={"key": key} if key else {},
                 source_name=source_name, attrs=attrs or {}, confidence=confidence)


def write(ws: Workspace, events: Iterable[Event]) -> int:
    """Write events in one transaction."""
    with ws.transaction():
        return write_events(ws, events)


SHIPMENT = "Rail cars carried about 1,000 containers of North Korean munitions to Russia."

"""Loading tests/fixtures/report (our own small corpus) into a workspace, for the brief's tests.

``documents.jsonl`` holds twelve short documents of our own writing (sample desks of the
profile's publishers table, one Russian and one Korean title); ``events.jsonl`` holds their
events in the ONTOLOGY.md JSON form, each with its evidence sentence and character span.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from axiswatch.profiles import Profile
from axiswatch.records import Event, Evidence, Quantity
from axiswatch.sources.publishers import PublisherTable, publisher_id, sync_publishers
from axiswatch.store.events import write_events
from axiswatch.store.workspace import Workspace

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "report"


def read_jsonl(name: str) -> list[dict[str, Any]]:
    """Rows of a fixture file."""
    return [json.loads(line) for line in (FIXTURE / name).read_text("utf-8").splitlines() if line.strip()]


def to_event(row: dict[str, Any]) -> Event:
    """An ONTOLOGY.md event dict as an Event record."""
    q = row.get("quantity")
    return Event(event_type=row["event_type"], source=row["source"], target=row["target"], mode=row.get("mode"),
                 commodity=row.get("commodity"), date=row.get("date"),
                 quantity=Quantity(q["value"], q["unit"]) if q else None, certainty=row["certainty"],
                 source_name=row.get("source_name"), target_name=row.get("target_name"),
                 document_id=row["origin"]["document_id"],
                 evidence=[Evidence(v["text"], v["start"], v["end"], v["document_id"]) for v in row["evidence"]])


def add_documents(ws: Workspace, docs: list[dict[str, Any]]) -> None:
    """Insert document rows the way ingestion stores them (publisher by content-derived id)."""
    for d in docs:
        ws.execute(
            "INSERT INTO documents (document_id, content_hash, title, text, published, url, origin, publisher_id, "
            "kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'text')",
            [d["id"], "h-" + d["id"], d["title"], d["text"], d["published"], d.get("url"),
             d.get("url") or f"corpus/{d['id']}.txt", publisher_id(d["publisher"]) if d.get("publisher") else None])


def load_fixture(ws: Workspace, profile: Profile) -> None:
    """Publishers from the profile, the fixture documents and their events, in one transaction."""
    with ws.transaction():
        sync_publishers(ws, PublisherTable.from_profile(profile))
        add_documents(ws, read_jsonl("documents.jsonl"))
        write_events(ws, [to_event(r) for r in read_jsonl("events.jsonl")])

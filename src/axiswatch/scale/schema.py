"""The Parquet layout of Spark results: events (the store's event columns plus evidence), rows, manifests.

A result folder holds one table per sub-folder and a ``manifest.json`` written
last: a folder without a manifest is an unfinished job and is refused on import.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from axiswatch.errors import InputError
from axiswatch.records import Event, Evidence, Quantity
from axiswatch.store.events import date_start

MANIFEST = "manifest.json"
SCHEMA_VERSION = 1
RESULT_KINDS = ("events", "gdelt_rows", "detections")

# Spark DDL of one event row: the columns of the ``events`` table (same names and meaning)
# plus its evidence, so a Parquet reader needs nothing else to rebuild the record.
EVENT_DDL = (
    "event_id STRING, origin_kind STRING, document_id STRING, origin STRING, event_type STRING, mode STRING, "
    "source STRING, target STRING, source_name STRING, target_name STRING, commodity STRING, date STRING, "
    "date_start DATE, quantity_value DOUBLE, quantity_unit STRING, certainty STRING, confidence DOUBLE, "
    "extractor_version STRING, attrs STRING, "
    "evidence ARRAY<STRUCT<document_id: STRING, text: STRING, start: INT, end: INT>>"
)
REJECTED_DDL = "location STRING, reason STRING, sample STRING"


def event_row(ev: Event) -> tuple[Any, ...]:
    """One event as a tuple in EVENT_DDL order."""
    return (
        ev.id, ev.origin_kind, ev.document_id, json.dumps(ev.origin, ensure_ascii=False, default=str),
        ev.event_type, ev.mode, ev.source, ev.target, ev.source_name, ev.target_name, ev.commodity, ev.date,
        date_start(ev.date), ev.quantity.value if ev.quantity else None,
        ev.quantity.unit if ev.quantity else None, ev.certainty, float(ev.confidence), ev.extractor_version,
        json.dumps(ev.attrs, ensure_ascii=False, default=str),
        [(e.document_id, e.text, e.start, e.end) for e in ev.evidence],
    )


def event_from_row(row: dict[str, Any], where: str = "row") -> Event:
    """Rebuild an Event from a Parquet row; the stored id must match the content-derived one."""
    try:
        q = None
        if row.get("quantity_value") is not None:
            q = Quantity(float(row["quantity_value"]), row.get("quantity_unit") or "")
        ev = Event(
            event_type=row["event_type"], source=row["source"], target=row["target"], mode=row.get("mode"),
            commodity=row.get("commodity"), date=row.get("date"), quantity=q,
            certainty=row["certainty"], confidence=float(row["confidence"]),
            source_name=row.get("source_name"), target_name=row.get("target_name"),
            evidence=[Evidence(e["text"], int(e["start"]), int(e["end"]), e.get("document_id"))
                      for e in row.get("evidence") or []],
            document_id=row.get("document_id"), origin_kind=row.get("origin_kind") or "text",
            origin=json.loads(row["origin"]) if row.get("origin") else {},
            extractor_version=row.get("extractor_version"),
            attrs=json.loads(row["attrs"]) if row.get("attrs") else {},
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(where, f"not an event row: {exc!r}") from exc
    if not ev.event_type or not ev.source or not ev.target:
        raise InputError(where, "event_type, source and target are required")
    if row.get("event_id") and row["event_id"] != ev.id:
        raise InputError(where, f"event_id {row['event_id']} does not match its content (expected {ev.id})")
    return ev


def write_manifest(out: Path, kind: str, **info: Any) -> dict[str, Any]:
    """Write ``manifest.json`` (the job's completion mark) and return it."""
    body = {"kind": kind, "schema": SCHEMA_VERSION, "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
            **info}
    tmp = out / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(body, indent=2, default=str), "utf-8")
    tmp.replace(out / MANIFEST)
    return body


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of a result folder; InputError if it is missing, unreadable or of an unknown kind."""
    path = folder / MANIFEST
    if not path.is_file():
        raise InputError(str(folder), "no manifest.json: not an axiswatch Spark result, or the job did not finish")
    try:
        body = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(str(path), f"unreadable manifest: {exc}") from exc
    if not isinstance(body, dict) or body.get("kind") not in RESULT_KINDS:
        raise InputError(str(path), f"unknown result kind {body.get('kind') if isinstance(body, dict) else body!r}")
    if int(body.get("schema", 0)) > SCHEMA_VERSION:
        raise InputError(str(path), f"schema {body.get('schema')} is newer than this axiswatch; upgrade it")
    return body

"""Importing Spark results (Parquet folders with a manifest) into a workspace, so everything downstream is unchanged.

* ``events``: rebuilt as Event records and written with ``write_events``; a document's
  events from the same extractor version are replaced, as a local re-extraction does.
* ``gdelt_rows``: inserted into ``gdelt_rows`` (new rows only), then the touched events
  are rebuilt by the GDELT connector's own ``rebuild_events``.
* ``detections``: replace ``maritime_detections``, as a local detection run does.

Each import is one transaction; bad rows are quarantined and counted; re-importing adds nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from axiswatch.errors import InputError
from axiswatch.profiles import Profile
from axiswatch.records import Event, Rejected
from axiswatch.scale.schema import event_from_row, read_manifest
from axiswatch.store.events import write_events
from axiswatch.store.workspace import Workspace

BATCH_ROWS = 20_000


@dataclass
class ImportSummary:
    """What an import did."""

    kind: str
    rows: int = 0
    added: int = 0
    unchanged: int = 0
    failed: int = 0
    details: dict[str, Any] = field(default_factory=dict)
    rejected: list[Rejected] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"kind": self.kind, "rows": self.rows, "added": self.added, "unchanged": self.unchanged,
                "failed": self.failed, "details": self.details, "rejected": [r.to_dict() for r in self.rejected]}


def _files(folder: Path, table: str) -> list[Path]:
    return sorted(p for p in (folder / table).glob("*.parquet")) if (folder / table).is_dir() else []


def _glob(folder: Path, table: str) -> str:
    return str((folder / table).resolve() / "*.parquet").replace("'", "''")


def _quarantine(ws: Workspace, origin: str, rows: list[tuple[str, str, str | None]], run_id: str) -> None:
    """Add quarantine rows not already there (a re-import adds none)."""
    for location, reason, sample in rows:
        ws.execute("INSERT INTO quarantine (run_id, origin, location, reason, sample) SELECT ?, ?, ?, ?, ? "
                   "WHERE NOT EXISTS (SELECT 1 FROM quarantine WHERE origin = ? AND location = ? AND reason = ?)",
                   [run_id, origin, location, reason, (sample or "")[:500] or None, origin, location, reason])


def _job_rejects(ws: Workspace, folder: Path, manifest: dict[str, Any], summary: ImportSummary, run_id: str) -> None:
    """Input the Spark job refused (its ``rejected`` table) goes to quarantine under the job's input."""
    if not _files(folder, "rejected"):
        return
    origin = str(manifest.get("input") or folder)
    rows = [(str(loc), str(reason), sample) for loc, reason, sample in
            ws.fetchall(f"SELECT location, reason, sample FROM read_parquet('{_glob(folder, 'rejected')}') "
                        "ORDER BY location")]
    _quarantine(ws, origin, rows, run_id)
    summary.details["job_rejected"] = len(rows)
    summary.rejected.extend(Rejected(loc, reason, sample) for loc, reason, sample in rows[:200])


def _import_events(ws: Workspace, folder: Path, summary: ImportSummary, run_id: str) -> None:
    import pyarrow.parquet as pq

    events: list[Event] = []
    bad: list[tuple[str, str, str | None]] = []
    for path in _files(folder, "events"):
        pf = pq.ParquetFile(path)
        n = 0
        for batch in pf.iter_batches(batch_size=BATCH_ROWS):
            for row in batch.to_pylist():
                n += 1
                where = f"{path.name}:row {n}"
                try:
                    events.append(event_from_row(row, where))
                except InputError as exc:
                    bad.append((where, exc.reason, str(row.get("event_id"))))
    summary.rows = len(events) + len(bad)
    ids = [e.id for e in events]
    before = ws.fetchone("SELECT count(*) FROM events WHERE list_contains(?, event_id)", [ids]) if ids else (0,)
    existing = int(before[0]) if before else 0
    # same semantics as a local re-extraction: a document coded again by the same extractor
    # version loses that version's earlier events, then gets the new ones
    coded = sorted({(e.document_id, e.extractor_version) for e in events
                    if e.origin_kind == "text" and e.document_id and e.extractor_version})
    for doc_id, version in coded:
        ws.execute("DELETE FROM evidence WHERE event_id IN (SELECT event_id FROM events WHERE document_id = ? "
                   "AND origin_kind = 'text' AND extractor_version = ? AND NOT list_contains(?, event_id))",
                   [doc_id, version, ids])
        ws.execute("DELETE FROM events WHERE document_id = ? AND origin_kind = 'text' AND extractor_version = ? "
                   "AND NOT list_contains(?, event_id)", [doc_id, version, ids])
    for start in range(0, len(events), BATCH_ROWS):
        write_events(ws, events[start:start + BATCH_ROWS])
    # documents in this workspace count as coded by that version, so a local 'extract' skips them
    now = datetime.now(UTC).replace(tzinfo=None)
    per_doc: dict[tuple[str, str], int] = {}
    for e in events:
        if e.origin_kind == "text" and e.document_id and e.extractor_version:
            per_doc[(e.document_id, e.extractor_version)] = per_doc.get((e.document_id, e.extractor_version), 0) + 1
    if per_doc:
        ws.con.executemany(
            "INSERT OR REPLACE INTO extractions SELECT ?, ?, ?, 'ok', NULL, ? "
            "WHERE EXISTS (SELECT 1 FROM documents WHERE document_id = ?)",
            [[d, v, now, n, d] for (d, v), n in per_doc.items()])
    _quarantine(ws, str(folder), bad, run_id)
    summary.added = len(set(ids)) - existing
    summary.unchanged = existing
    summary.failed += len(bad)
    summary.rejected.extend(Rejected(w, r, s) for w, r, s in bad[:200])
    summary.details["documents"] = len({e.document_id for e in events if e.document_id})


def _import_gdelt(ws: Workspace, folder: Path, summary: ImportSummary) -> None:
    from axiswatch.sources.gdelt_events import rebuild_events

    if not _files(folder, "gdelt_rows"):
        return
    tag = uuid.uuid4().hex[:12]
    new, touched = f"sc_gd_{tag}", f"sc_gd_touched_{tag}"
    try:
        # rows in id order, as a file gives them: the events keep their first row's file and names
        ws.execute(f"CREATE TEMP TABLE {new} AS SELECT * FROM read_parquet('{_glob(folder, 'gdelt_rows')}') "
                   "ORDER BY global_event_id")
        stats = ws.fetchone(f"""SELECT count(*), count(*) FILTER (WHERE global_event_id NOT IN
                                (SELECT global_event_id FROM gdelt_rows)) FROM {new}""")
        assert stats is not None
        ws.execute(f"CREATE TEMP TABLE {touched} AS SELECT DISTINCT event_id FROM {new}")
        fresh = ws.fetchone(f"SELECT count(*) FROM {touched} WHERE event_id NOT IN (SELECT event_id FROM events)")
        total = ws.fetchone(f"SELECT count(*) FROM {touched}")
        assert fresh is not None and total is not None
        ws.execute(f"INSERT INTO gdelt_rows BY NAME SELECT * FROM {new} ON CONFLICT DO NOTHING")
        rebuild_events(ws, touched)
        summary.rows = int(stats[0])
        summary.details.update({"rows_added": int(stats[1]), "events_added": int(fresh[0])})
        summary.added, summary.unchanged = int(fresh[0]), int(total[0]) - int(fresh[0])
    finally:
        ws.execute(f"DROP TABLE IF EXISTS {new}")
        ws.execute(f"DROP TABLE IF EXISTS {touched}")


def _import_detections(ws: Workspace, folder: Path, manifest: dict[str, Any], summary: ImportSummary,
                       profile: Profile | None) -> None:
    """Replace the detections of the kinds the job computed; with a profile, their events too."""
    kinds = list(manifest.get("kinds") or [])
    before = {r[0] for r in ws.fetchall("SELECT detection_id FROM maritime_detections WHERE list_contains(?, kind)",
                                        [kinds])}
    ws.execute("DELETE FROM maritime_detections WHERE list_contains(?, kind)", [kinds])
    if _files(folder, "detections"):
        ws.execute(f"""INSERT INTO maritime_detections SELECT detection_id, kind, mmsi, other_mmsi, place_id,
            other_place, start_t, end_t, hours, lat, lon, details::JSON, evidence::JSON, params::JSON
            FROM read_parquet('{_glob(folder, 'detections')}') WHERE list_contains(?, kind)""", [kinds])
    after = {r[0] for r in ws.fetchall("SELECT detection_id FROM maritime_detections WHERE list_contains(?, kind)",
                                       [kinds])}
    summary.rows = len(after)
    summary.added, summary.unchanged = len(after - before), len(after & before)
    summary.details["by_kind"] = dict(ws.fetchall(
        "SELECT kind, count(*) FROM maritime_detections GROUP BY kind ORDER BY kind"))
    if profile is not None:
        # the detections become events as after a local run, and the maritime refresh is told the
        # detections are current (else listing them would re-detect from the workspace's own positions)
        from axiswatch.maritime.events import STATE_KEY, _state, write_detection_events

        summary.details["events"] = write_detection_events(ws, profile)
        ws.set_setting(STATE_KEY, _state(ws, profile))


def import_parquet(ws: Workspace, folder: Path, *, run_id: str | None = None,
                   profile: Profile | None = None) -> ImportSummary:
    """Import one Spark result folder into the workspace, all or nothing."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    kind = str(manifest["kind"])
    summary = ImportSummary(kind=kind)
    run_id = run_id or f"import-{uuid.uuid4().hex[:12]}"
    with ws.transaction():
        if kind == "events":
            _import_events(ws, folder, summary, run_id)
        elif kind == "gdelt_rows":
            _import_gdelt(ws, folder, summary)
        else:
            _import_detections(ws, folder, manifest, summary, profile)
        _job_rejects(ws, folder, manifest, summary, run_id)
    summary.details["manifest"] = {k: manifest.get(k) for k in ("input", "engine", "master", "written_at")}
    return summary

"""Small helpers the maritime modules share: all-or-nothing writes and quarantine rows."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import duckdb
import pyarrow as pa

from axiswatch.records import Rejected
from axiswatch.store.workspace import Workspace

# How many refusals an outcome carries back to the caller; all are counted and quarantined.
MAX_REJECTED_RETURNED = 200


@contextmanager
def atomic(ws: Workspace) -> Iterator[None]:
    """A transaction, unless the caller (the ingest dispatcher) already opened one."""
    try:
        ws.con.execute("BEGIN TRANSACTION")
    except duckdb.TransactionException:
        yield  # the caller owns the transaction and rolls back on failure
        return
    try:
        yield
    except BaseException:
        ws.con.execute("ROLLBACK")
        raise
    else:
        ws.con.execute("COMMIT")


def quarantine(ws: Workspace, run_id: str | None, origin: str,
               rows: Iterable[tuple[str, str, str | None]]) -> int:
    """Write refused inputs ``(location, reason, sample)`` to the shared quarantine table."""
    batch = [[run_id, origin, loc, reason, (sample or "")[:500]] for loc, reason, sample in rows]
    insert_rows(ws, "quarantine", ["run_id", "origin", "location", "reason", "sample"], batch, "INSERT")
    return len(batch)


def as_rejected(origin: str, rows: Iterable[tuple[str, str, str | None]]) -> list[Rejected]:
    """The first refusals as records for the run summary."""
    out: list[Rejected] = []
    for loc, reason, sample in rows:
        if len(out) >= MAX_REJECTED_RETURNED:
            break
        out.append(Rejected(where=f"{origin}:{loc}", reason=reason, sample=sample))
    return out


def insert_rows(ws: Workspace, table: str, columns: list[str], rows: list[list[Any]],
                verb: str = "INSERT OR REPLACE") -> None:
    """Bulk insert through Arrow: DuckDB's executemany costs milliseconds per row."""
    if not rows:
        return
    data = {c: [r[i] for r in rows] for i, c in enumerate(columns)}
    tbl = pa.table(data)
    name = f"mt_bulk_{table}"
    ws.con.register(name, tbl)
    try:
        ws.con.execute(f"{verb} INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM {name}")
    finally:
        ws.con.unregister(name)

"""Opening a workspace: one DuckDB file, schema migrations, one writer at a time.

DuckDB takes an exclusive file lock for a read-write connection; a second
process that tries to open the file gets an IOError naming the holder's PID.
We translate that into ``WorkspaceInUse`` (exit code 3) instead of retrying or
touching the file, so a second writer can never corrupt it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from axiswatch.errors import WorkspaceError, WorkspaceInUse

_PID_RE = re.compile(r"PID (\d+)")


def _migrations() -> list[tuple[int, str, str]]:
    """All packaged migrations as (version, name, sql), in order."""
    out = []
    folder = resources.files("axiswatch.store").joinpath("migrations")
    for entry in folder.iterdir():
        name = entry.name
        if not name.endswith(".sql"):
            continue
        version = int(name.split("_", 1)[0])
        out.append((version, name, entry.read_text("utf-8")))
    out.sort()
    versions = [v for v, _, _ in out]
    if len(versions) != len(set(versions)):
        raise WorkspaceError("two migrations share a version number: " + ", ".join(n for _, n, _ in out))
    return out


class Workspace:
    """An open workspace. Use as a context manager, or call ``close()``."""

    def __init__(self, path: Path, con: duckdb.DuckDBPyConnection, read_only: bool) -> None:
        self.path = path
        self.con = con
        self.read_only = read_only

    # -- queries -------------------------------------------------------------
    def execute(self, sql: str, params: Any = None) -> duckdb.DuckDBPyConnection:
        """Run one statement with parameters."""
        return self.con.execute(sql, params) if params is not None else self.con.execute(sql)

    def fetchall(self, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
        """Rows of a query."""
        return self.execute(sql, params).fetchall()

    def fetchone(self, sql: str, params: Any = None) -> tuple[Any, ...] | None:
        """First row of a query, or None."""
        return self.execute(sql, params).fetchone()

    def records(self, sql: str, params: Any = None) -> list[dict[str, Any]]:
        """Rows of a query as dicts."""
        cur = self.execute(sql, params)
        cols = [d[0] for d in cur.description or []]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All or nothing: a failure inside rolls every write back."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")

    @property
    def schema_version(self) -> int:
        """Highest applied migration."""
        row = self.fetchone("SELECT max(version) FROM schema_migrations")
        return int(row[0]) if row and row[0] is not None else 0

    def get_setting(self, key: str, default: Any = None) -> Any:
        """A workspace setting (JSON value)."""
        import json

        row = self.fetchone("SELECT value FROM settings WHERE key = ?", [key])
        return json.loads(row[0]) if row and row[0] is not None else default

    def set_setting(self, key: str, value: Any) -> None:
        """Store a workspace setting."""
        import json

        self.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", [key, json.dumps(value)])

    def close(self) -> None:
        """Checkpoint and close."""
        try:
            if not self.read_only:
                self.con.execute("CHECKPOINT")
        finally:
            self.con.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema --------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply every packaged migration not yet applied, each in its own transaction."""
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            "version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
        )
        applied = {r[0] for r in self.con.execute("SELECT version FROM schema_migrations").fetchall()}
        known = _migrations()
        newest = max((v for v, _, _ in known), default=0)
        if applied and max(applied) > newest:
            raise WorkspaceError(
                f"{self.path}: workspace schema version {max(applied)} is newer than this axiswatch "
                f"({newest}); upgrade axiswatch"
            )
        done = []
        for version, name, sql in known:
            if version in applied:
                continue
            with self.transaction() as con:
                con.execute(sql)
                con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
            done.append(name)
        return done


def _translate(path: Path, exc: duckdb.Error) -> Exception:
    msg = str(exc)
    if "lock" in msg.lower():
        m = _PID_RE.search(msg)
        who = f"pid {m.group(1)}" if m else "another process"
        return WorkspaceInUse(f"workspace {path} is in use by {who}; try again when it has finished")
    if "read-only" in msg.lower() or "permission" in msg.lower():
        return WorkspaceError(f"workspace {path} cannot be written: {msg}")
    return WorkspaceError(f"workspace {path} cannot be opened: {msg}")


def open_workspace(path: str | Path, *, read_only: bool = False, create: bool = True) -> Workspace:
    """Open (and on first use create) the workspace at ``path``, applying migrations."""
    p = Path(path)
    if not p.exists():
        if read_only or not create:
            raise WorkspaceError(f"workspace {p} does not exist; create it with 'axiswatch ingest' or 'demo'")
        if p.parent and not p.parent.exists():
            p.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(p), read_only=read_only)
    except duckdb.Error as exc:
        raise _translate(p, exc) from exc
    ws = Workspace(p, con, read_only)
    if not read_only:
        try:
            ws.migrate()
        except duckdb.Error as exc:
            con.close()
            raise _translate(p, exc) from exc
    return ws

"""Watched sources: folders, files and URLs kept in the workspace, each with its interval and health.

A source is checked when it is due. A folder (or a GDELT-style update folder)
brings the files that are new or whose size or modification time changed; a
URL (RSS/Atom feed or page) is fetched with a conditional request (ETag /
Last-Modified), under the same URL rules as ``axiswatch ingest`` (http(s)
only, no private addresses unless the source allows them, size and time
limits). What changed goes through ``ingest_paths``, so ids come from content
and a re-run adds nothing.

A source's state (ETag, files seen) is stored only after its documents are
in, so a watcher killed in between fetches again and ingest finds nothing
new: no loss, no duplicates. A failing source backs off (its interval doubled
per consecutive failure, at most a day) and never stops the others.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from axiswatch.errors import AxiswatchError, NotFound, UsageError
from axiswatch.ids import make_id
from axiswatch.settings import Settings
from axiswatch.sources.fetch import Fetched, check_url, fetch_url, is_url
from axiswatch.sources.ingest import expand_inputs, ingest_paths
from axiswatch.store.workspace import Workspace
from axiswatch.watch import KINDS

MIN_INTERVAL_S = 10
MAX_BACKOFF_S = 24 * 3600
_INTERVAL_RE = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str | int) -> int:
    """'90s', '15m', '2h', '1d' or plain seconds -> seconds (at least 10)."""
    if isinstance(text, int):
        seconds = text
    else:
        m = _INTERVAL_RE.match(text.lower())
        if not m:
            raise UsageError(f"--every {text!r}: use a number with s, m, h or d (e.g. 15m)")
        seconds = int(m.group(1)) * _UNITS[m.group(2)]
    if seconds < MIN_INTERVAL_S:
        raise UsageError(f"--every {text!r}: the shortest interval is {MIN_INTERVAL_S} s")
    return seconds


def format_interval(seconds: int) -> str:
    """Seconds back to the shortest exact form: 900 -> '15m'."""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def now_utc() -> datetime:
    """UTC now, naive, to the microsecond (how TIMESTAMP columns store it)."""
    return datetime.now(UTC).replace(tzinfo=None)  # stored naive in UTC, like the other tables


@dataclass
class WatchedSource:
    """One watched source with its polling state and health."""

    source_id: str
    kind: str
    location: str
    interval_s: int
    ingest_kind: str = "auto"
    allow_private: bool = False
    enabled: bool = True
    added_at: datetime | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_sha256: str | None = None
    last_checked_at: datetime | None = None
    last_success_at: datetime | None = None
    last_change_at: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    consecutive_failures: int = 0
    next_due_at: datetime | None = None
    checks: int = 0
    documents_added: int = 0

    @property
    def health(self) -> str:
        """new (never checked), ok, failing (last check failed) or disabled."""
        if not self.enabled:
            return "disabled"
        if self.consecutive_failures:
            return "failing"
        return "ok" if self.last_success_at else "new"

    def to_dict(self) -> dict[str, Any]:
        """JSON form (``axiswatch watch list --format json``)."""
        out = asdict(self)
        out["every"] = format_interval(self.interval_s)
        out["health"] = self.health
        return out


@dataclass
class SourceCheck:
    """What checking one source did."""

    source_id: str
    location: str
    status: str  # changed | unchanged | not_modified | failed | skipped
    inputs: int = 0
    added: int = 0
    unchanged: int = 0
    refused: int = 0
    error: str | None = None
    failures: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)


_COLUMNS = [f.name for f in WatchedSource.__dataclass_fields__.values()]


def _from_row(row: dict[str, Any]) -> WatchedSource:
    return WatchedSource(**{k: row[k] for k in _COLUMNS})


def list_sources(ws: Workspace) -> list[WatchedSource]:
    """Every watched source, in the order they were added."""
    return [_from_row(r) for r in ws.records("SELECT * FROM watch_sources ORDER BY added_at, source_id")]


def get_source(ws: Workspace, ref: str) -> WatchedSource:
    """A source by id, unique id prefix, or location; NotFound otherwise."""
    rows = ws.records("SELECT * FROM watch_sources WHERE source_id = ? OR location = ? OR location = ?",
                      [ref, ref, _normalise_location(ref)])
    if not rows and len(ref) >= 6:
        rows = ws.records("SELECT * FROM watch_sources WHERE starts_with(source_id, ?)", [ref])
    if len(rows) != 1:
        raise NotFound(f"no watched source {ref!r}" if not rows else f"{ref!r} matches several sources")
    return _from_row(rows[0])


def _normalise_location(location: str) -> str:
    if is_url(location):
        return location.strip()
    return str(Path(location).expanduser().resolve())


def add_source(ws: Workspace, location: str, *, every: str | int = "15m", kind: str = "auto",
               ingest_kind: str = "auto", allow_private: bool = False) -> WatchedSource:
    """Watch a folder, file or URL (added again: its settings are updated, nothing is duplicated)."""
    if kind not in ("auto", *KINDS):
        raise UsageError(f"unknown source kind {kind!r} (known: auto, {', '.join(KINDS)})")
    interval = parse_interval(every)
    loc = _normalise_location(location)
    if is_url(loc):
        check_url(loc, allow_private=True)  # scheme and host now; addresses are checked at each fetch
        if kind == "auto":
            kind = "url"
        elif kind not in ("url", "feed", "page"):
            raise UsageError(f"{loc}: a URL is watched as url, feed or page, not {kind}")
    else:
        p = Path(loc)
        if not p.exists():
            raise UsageError(f"{loc}: no such file or folder")
        if kind == "auto":
            kind = "folder" if p.is_dir() else "file"
        if kind in ("folder", "gdelt") and not p.is_dir():
            raise UsageError(f"{loc}: not a folder")
        if kind == "file" and not p.is_file():
            raise UsageError(f"{loc}: not a file")
        if kind not in ("folder", "file", "gdelt"):
            raise UsageError(f"{loc}: a path is watched as folder, file or gdelt, not {kind}")
        if kind == "gdelt" and ingest_kind == "auto":
            ingest_kind = "gdelt"
    source_id = make_id("src", loc)
    with ws.transaction() as con:
        con.execute(
            "INSERT INTO watch_sources (source_id, kind, location, interval_s, ingest_kind, allow_private) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source_id) DO UPDATE SET kind = excluded.kind, "
            "interval_s = excluded.interval_s, ingest_kind = excluded.ingest_kind, "
            "allow_private = excluded.allow_private, enabled = true",
            [source_id, kind, loc, interval, ingest_kind, allow_private])
    return get_source(ws, source_id)


def remove_source(ws: Workspace, ref: str) -> WatchedSource:
    """Stop watching a source (its documents stay in the workspace)."""
    src = get_source(ws, ref)
    with ws.transaction() as con:
        con.execute("DELETE FROM watch_files WHERE source_id = ?", [src.source_id])
        con.execute("DELETE FROM watch_sources WHERE source_id = ?", [src.source_id])
    return src


def due_sources(ws: Workspace, now: datetime, *, all_sources: bool = False) -> list[WatchedSource]:
    """Enabled sources whose next check is due (every enabled one with ``all_sources``)."""
    return [s for s in list_sources(ws)
            if s.enabled and (all_sources or s.next_due_at is None or s.next_due_at <= now)]


def next_due(ws: Workspace) -> datetime | None:
    """When the next enabled source falls due (None: nothing is watched)."""
    row = ws.fetchone("SELECT min(coalesce(next_due_at, TIMESTAMP '1970-01-01')) FROM watch_sources "
                      "WHERE enabled")
    return row[0] if row else None


# -- checking -----------------------------------------------------------------------------------------

def check_source(ws: Workspace, src: WatchedSource, settings: Settings,
                 now: datetime | None = None) -> SourceCheck:
    """Check one source, ingest what changed and record its health; never raises for a bad source."""
    now = now or now_utc()
    try:
        if is_url(src.location):
            check, state = _check_url(ws, src, settings)
        else:
            check, state = _check_path(ws, src, settings)
    except AxiswatchError as exc:
        check, state = SourceCheck(src.source_id, src.location, "failed", error=str(exc)), {}
    except OSError as exc:
        check = SourceCheck(src.source_id, src.location, "failed",
                            error=f"{src.location}: cannot read: {exc.strerror or exc}")
        state = {}
    _record_check(ws, src, check, state, now)
    return check


def _record_check(ws: Workspace, src: WatchedSource, check: SourceCheck, state: dict[str, Any],
                  now: datetime) -> None:
    failures = src.consecutive_failures + 1 if check.status == "failed" else 0
    delay = src.interval_s if not failures else min(src.interval_s * 2 ** (failures - 1), MAX_BACKOFF_S)
    sets = {"last_checked_at": now, "checks": src.checks + 1, "consecutive_failures": failures,
            "next_due_at": now + timedelta(seconds=max(delay, src.interval_s)),
            "documents_added": src.documents_added + check.added}
    if check.status == "failed":
        sets |= {"last_error": (check.error or "failed")[:1000], "last_error_at": now}
    else:
        sets |= {"last_success_at": now, "last_error": None}
        if check.status == "changed":
            sets["last_change_at"] = now
    sets |= state
    cols = ", ".join(f"{k} = ?" for k in sets)
    with ws.transaction() as con:
        con.execute(f"UPDATE watch_sources SET {cols} WHERE source_id = ?", [*sets.values(), src.source_id])


def _check_path(ws: Workspace, src: WatchedSource, settings: Settings) -> tuple[SourceCheck, dict[str, Any]]:
    root = Path(src.location)
    if not root.exists():
        return SourceCheck(src.source_id, src.location, "failed",
                           error=f"{src.location}: no such file or folder (moved or unmounted?)"), {}
    seen = {r[0]: (r[1], r[2]) for r in ws.fetchall(
        "SELECT path, size, mtime_ns FROM watch_files WHERE source_id = ?", [src.source_id])}
    own = {str(ws.path.resolve()), str(ws.path.resolve()) + ".wal"}
    changed: dict[str, tuple[int, int]] = {}
    for item in expand_inputs([root]):
        if item in own or item.endswith((".tmp", ".part", ".crdownload")):
            continue  # files still being written by a downloader are taken once they are renamed
        try:
            st = os.stat(item)
        except FileNotFoundError:
            continue  # removed between listing and looking: nothing to read
        if seen.get(item) != (st.st_size, st.st_mtime_ns):
            changed[item] = (st.st_size, st.st_mtime_ns)
    check = SourceCheck(src.source_id, src.location, "unchanged", inputs=len(changed))
    if not changed:
        return check, {}
    summary = ingest_paths(ws, sorted(changed), settings, kind=src.ingest_kind, command="watch")
    _fold(check, summary.to_dict())
    # A refused file is remembered too: it is tried again when it changes, not every cycle.
    with ws.transaction() as con:
        con.executemany("INSERT OR REPLACE INTO watch_files (source_id, path, size, mtime_ns) VALUES (?, ?, ?, ?)",
                        [[src.source_id, p, s, m] for p, (s, m) in changed.items()])
    if src.kind == "file" and check.refused and not (check.added or check.unchanged):
        check.status = "failed"
        check.error = check.failures[0]["reason"] if check.failures else "refused"
    return check, {}


def _fold(check: SourceCheck, summary: dict[str, Any]) -> None:
    check.added = int(summary["added"]) + int(summary["updated"])
    check.unchanged = int(summary["unchanged"])
    check.refused = int(summary["failed"])
    check.failures = summary["failures"][:20]
    check.status = "changed" if check.added else "unchanged"


class _HeaderCapture:
    """Keeps the headers of the last response a client received (the final hop of redirects)."""

    def __init__(self) -> None:
        self.headers: dict[str, str] = {}

    def __call__(self, response: httpx.Response) -> None:
        self.headers = {k.lower(): v for k, v in response.headers.items()}


def conditional_fetch(url: str, settings: Settings, *, etag: str | None,
                      last_modified: str | None) -> tuple[Fetched, dict[str, str]]:
    """GET under the fetch rules with If-None-Match / If-Modified-Since; returns the body and final headers.

    A 304 comes back as a ``Fetched`` with status 304 and no data.
    """
    limits = settings.fetch
    capture = _HeaderCapture()
    headers = {"User-Agent": limits.user_agent}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    with httpx.Client(follow_redirects=False, headers=headers, timeout=httpx.Timeout(limits.timeout_s),
                      event_hooks={"response": [capture]}) as http:
        got = fetch_url(url, limits, client=http)
    return got, capture.headers


def _check_url(ws: Workspace, src: WatchedSource, settings: Settings) -> tuple[SourceCheck, dict[str, Any]]:
    if src.allow_private:
        settings = settings.with_fetch(allow_private=True)
    got, headers = conditional_fetch(src.location, settings, etag=src.etag, last_modified=src.last_modified)
    check = SourceCheck(src.source_id, src.location, "not_modified", inputs=1)
    state: dict[str, Any] = {}
    if got.status == 304:
        return check, state
    digest = hashlib.sha256(got.data).hexdigest()
    state = {"etag": headers.get("etag"), "last_modified": headers.get("last-modified"), "body_sha256": digest}
    if digest == src.body_sha256:
        check.status = "unchanged"  # the server ignored the conditions but sent the same body
        return check, state
    summary = ingest_paths(ws, [src.location], settings, kind=src.ingest_kind,
                           options={"prefetched": {src.location: got}}, command="watch")
    data = summary.to_dict()
    _fold(check, data)
    if check.refused and not (check.added or check.unchanged):
        # garbage, not a feed, an empty page: the source fails; its state is not stored, so it is re-read
        check.status = "failed"
        check.error = check.failures[0]["reason"] if check.failures else "refused"
        return check, {}
    if src.kind == "url":
        state["kind"] = "feed" if data["by_kind"].get("feed") else ("page" if data["by_kind"] else "url")
        if state["kind"] == "url":
            state.pop("kind")
    return check, state


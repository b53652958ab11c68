"""The server's hold on one workspace: the single writer, per-thread readers and the analysis cache.

The server opens the workspace read-write once and keeps it for its lifetime,
so DuckDB's file lock makes it the only writer: a CLI writer started meanwhile
gets ``WorkspaceInUse`` (exit 3). Requests run in a thread pool; each thread
reads through its own cursor (a DuckDB connection to the same database, with
its own temporary tables, which the analysis functions create), so readers do
not queue behind each other. Writes (background jobs, first resolve) take
``write_lock``.

Because nothing else can write the file, the workspace only changes when a job
of ours finishes. Results are cached under the resolve fingerprint taken after
each write, so a page recomputes nothing until new data arrives.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from axiswatch.profiles import Profile
from axiswatch.settings import Settings
from axiswatch.store.workspace import Workspace

T = TypeVar("T")


@dataclass(frozen=True)
class WebConfig:
    """How the server behaves: who may read, upload limits, fetch rules, cookies, cache size."""

    read_requires_login: bool = False
    allow_private: bool = False
    max_upload_bytes: int = 20 * 1024 * 1024
    upload_suffixes: tuple[str, ...] = (".txt", ".md", ".html", ".htm", ".pdf", ".jsonl", ".json", ".xml",
                                        ".rss", ".atom", ".csv")
    upload_dir: Path | None = None  # default: <workspace>.uploads beside the workspace file
    secure_cookies: bool | None = None  # None: Secure when the request came over https
    cache_entries: int = 512
    run_jobs: bool = True  # False: jobs wait in the queue (tests of the queue itself)
    warm: bool = False  # compute the overview (brief, timeline, indicators) in the background at start
    watch: bool = False  # run the watcher (axiswatch watch) inside the server, taking turns on the write lock
    watch_poll_s: float = 60.0  # the longest the watcher sleeps between checks


class WebState:
    """Everything a request needs: the workspace, profile, settings, config, cache and write lock."""

    def __init__(self, ws: Workspace, profile: Profile, settings: Settings, config: WebConfig) -> None:
        from axiswatch.analysis.indicators import evaluate_indicators
        from axiswatch.analysis.resolve import ensure_resolved, fingerprint
        from axiswatch.web.auth import session_secret

        self.ws = ws
        self.profile = profile
        self.settings = settings
        self.config = config
        self.write_lock = threading.RLock()
        self._local = threading.local()
        self._cache: OrderedDict[Hashable, Any] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._flights: dict[Hashable, threading.Lock] = {}
        self._readers: list[Workspace] = []
        with self.write_lock:
            ws.execute("SET enable_progress_bar = false")
            ensure_resolved(ws, profile)
            # the morning board: record indicator changes and raise their alerts, as the CLI verb does
            evaluate_indicators(ws, profile, record=True, resolve=False)
            self.secret = session_secret(ws)
            self.fingerprint = fingerprint(ws)
        self.upload_dir = config.upload_dir or ws.path.with_name(ws.path.name + ".uploads")

    def reader(self) -> Workspace:
        """This thread's read cursor on the workspace."""
        r = getattr(self._local, "ws", None)
        if r is None:
            r = Workspace(self.ws.path, self.ws.con.cursor(), read_only=False)
            r.execute("SET enable_progress_bar = false")
            self._local.ws = r
            with self._cache_lock:
                self._readers.append(r)
        return r

    def cached(self, name: str, params: tuple[Any, ...], fn: Callable[[], T]) -> T:
        """``fn()``'s result for this workspace state, computed once per fingerprint and parameters.

        Single-flight: when many requests miss the same key at once, one computes and the rest wait
        for it, so twenty clients arriving together do not run twenty briefs side by side.
        """
        key = (self.fingerprint, name, params)
        with self._cache_lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]  # type: ignore[no-any-return]
            flight = self._flights.setdefault(key, threading.Lock())
        with flight:
            with self._cache_lock:
                if key in self._cache:
                    return self._cache[key]  # type: ignore[no-any-return]
            try:
                value = fn()
                with self._cache_lock:
                    self._cache[key] = value
                    while len(self._cache) > self.config.cache_entries:
                        self._cache.popitem(last=False)
            finally:
                with self._cache_lock:
                    self._flights.pop(key, None)
        return value

    def after_write(self) -> None:
        """Bring analyses up to date after a job wrote, and start a new cache generation."""
        from axiswatch.analysis.indicators import evaluate_indicators
        from axiswatch.analysis.resolve import ensure_resolved, fingerprint

        with self.write_lock:
            ensure_resolved(self.ws, self.profile)
            # the morning board: record status changes and raise their alerts, as the CLI does
            evaluate_indicators(self.ws, self.profile, record=True, resolve=False)
            self.fingerprint = fingerprint(self.ws)
        with self._cache_lock:
            self._cache.clear()

    def close(self) -> None:
        """Close the readers, then the workspace (checkpointing it)."""
        with self._cache_lock:
            for r in self._readers:
                with contextlib.suppress(Exception):  # a reader of a finished thread; best effort
                    r.con.close()
            self._readers.clear()
        self.ws.close()

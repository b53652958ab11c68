"""One watch cycle (fetch → ingest → extract → resolve → indicators → alerts → deliver) and the watcher loop.

Every step is idempotent and commits on its own, so a watcher killed at any
point resumes on the next cycle without losing or duplicating anything:

* sources store their state (ETag, files seen) only after their documents
  are in; documents have content ids, so a re-fetch adds nothing;
* extraction codes only documents not yet coded by this extractor version;
* resolve rebuilds only when its inputs changed (fingerprint);
* indicator changes and watch alerts have content-derived ids, and what the
  producers saw is stored in the same transaction as the alerts they raised;
* deliveries are an outbox written with content ids, sent after the analysis
  is committed; a killed watcher resends only what it had not confirmed.

When nothing changed since the last analysed state (same resolve fingerprint)
the analysis steps are skipped, so an idle cycle costs a few queries.
The watcher opens the workspace for each cycle and closes it between cycles,
so other commands (and the web server) can read it while the watcher sleeps.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from axiswatch.errors import AxiswatchError
from axiswatch.ids import make_id
from axiswatch.profiles import load_profile
from axiswatch.settings import Settings
from axiswatch.store.workspace import Workspace, open_workspace
from axiswatch.watch.alerts import evaluate_watch_alerts, watch_spec
from axiswatch.watch.deliver import deliver_pending, enqueue, pending_deliveries
from axiswatch.watch.sources import check_source, due_sources, next_due, now_utc

ANALYSED_KEY = "watch.analysed_fingerprint"
# Called at each stage: (stage name, detail).
Progress = Callable[[str, str], None]


@dataclass
class CycleReport:
    """What one cycle did, stage by stage."""

    run_id: str
    started_at: str
    finished_at: str | None = None
    status: str = "running"
    sources: list[dict[str, Any]] = field(default_factory=list)
    documents_added: int = 0
    extract: dict[str, Any] | None = None
    resolve: dict[str, Any] | None = None
    indicators_changed: list[dict[str, Any]] = field(default_factory=list)
    alerts: dict[str, Any] | None = None
    deliveries: dict[str, Any] | None = None
    analysed: bool = False
    seconds: float = 0.0
    stage_seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (``axiswatch watch --once --format json``)."""
        return dict(self.__dict__)


def _set_stage(ws: Workspace, run_id: str, stage: str) -> None:
    ws.execute("UPDATE watch_runs SET stage = ? WHERE run_id = ?", [stage, run_id])


def run_cycle(ws: Workspace, settings: Settings, *, now: datetime | None = None, all_sources: bool = False,
              progress: Progress | None = None) -> CycleReport:
    """Run one cycle over the due sources (every source with ``all_sources``); returns its report."""
    say = progress or (lambda stage, detail: None)
    t0 = time.perf_counter()
    now = now or now_utc()
    profile = load_profile(settings.profile)
    spec = watch_spec(profile)
    run_id = make_id("watch", now.isoformat(), os.getpid(), time.time_ns())
    report = CycleReport(run_id=run_id, started_at=now.isoformat(timespec="seconds"))
    with ws.transaction() as con:
        # one writer per workspace: a 'running' row left behind is a watcher that was killed
        con.execute("UPDATE watch_runs SET status = 'interrupted' WHERE status = 'running'")
        con.execute("INSERT INTO watch_runs (run_id, started_at, stage) VALUES (?, ?, 'fetch')", [run_id, now])

    def timed(stage: str, fn: Callable[[], Any]) -> Any:
        _set_stage(ws, run_id, stage)
        say(stage, "")
        t = time.perf_counter()
        out = fn()
        report.stage_seconds[stage] = round(time.perf_counter() - t, 3)
        return out

    def fetch() -> None:
        for src in due_sources(ws, now, all_sources=all_sources):
            say("fetch", src.location)
            check = check_source(ws, src, settings, now)
            report.sources.append(check.to_dict())
            report.documents_added += check.added

    timed("fetch", fetch)
    from axiswatch.analysis.indicators import evaluate_indicators
    from axiswatch.analysis.resolve import ensure_resolved, fingerprint
    from axiswatch.extract import extract_workspace

    ex = timed("extract", lambda: extract_workspace(ws, profile))
    report.extract = {"coded": ex.coded, "events": ex.events, "skipped": ex.skipped, "failed": ex.failed}
    res = timed("resolve", lambda: ensure_resolved(ws, profile))
    report.resolve = {"up_to_date": res.up_to_date, "resolved": res.resolved, "mentions": res.mentions}
    fp = fingerprint(ws)
    if ws.get_setting(ANALYSED_KEY) != fp:
        statuses = timed("indicators", lambda: evaluate_indicators(ws, profile, resolve=False))
        report.indicators_changed = [{"id": s.id, "previous": s.previous_status, "status": s.status,
                                      "alert_id": s.alert_id} for s in statuses if s.changed]
        run = timed("alerts", lambda: evaluate_watch_alerts(ws, profile, spec))
        report.alerts = run.to_dict()
        ws.set_setting(ANALYSED_KEY, fp)
        report.analysed = True
    timed("enqueue", lambda: enqueue(ws))
    report.deliveries = timed("deliver", lambda: deliver_pending(ws, now=now_utc())).to_dict()
    failed = sum(1 for s in report.sources if s["status"] == "failed")
    refused = sum(s["refused"] for s in report.sources)
    report.status = "ok" if not (failed or refused) else ("failed" if failed == len(report.sources) else "partial")
    report.seconds = round(time.perf_counter() - t0, 3)
    report.finished_at = now_utc().isoformat(timespec="seconds")
    n_alerts = len((report.alerts or {}).get("raised", [])) + len(
        [s for s in report.indicators_changed if s["alert_id"]])
    ws.execute("UPDATE watch_runs SET finished_at = ?, status = ?, stage = 'done', sources = ?, documents = ?, "
               "events = ?, alerts = ?, summary = ? WHERE run_id = ?",
               [now_utc(), report.status, len(report.sources), report.documents_added, ex.events, n_alerts,
                json.dumps(report.to_dict(), default=str), run_id])
    say("done", f"{report.seconds:.2f} s")
    return report


def list_runs(ws: Workspace, limit: int = 20) -> list[dict[str, Any]]:
    """The latest watch cycles, newest first."""
    return ws.records("SELECT run_id, started_at, finished_at, status, stage, sources, documents, events, alerts "
                      "FROM watch_runs ORDER BY started_at DESC LIMIT ?", [limit])


def _cycle_if_due(ws_path: str | Path, settings: Settings, *, force: bool,
                  progress: Progress | None) -> tuple[CycleReport | None, datetime | None]:
    ws = open_workspace(ws_path)
    try:
        ws.execute("SET enable_progress_bar = false")
        rep = None
        # between due times only retries may be pending: no need to run the analysis steps
        if force or due_sources(ws, now_utc()) or pending_deliveries(ws, now_utc()):
            rep = run_cycle(ws, settings, all_sources=force, progress=progress)
        return rep, next_due(ws)
    finally:
        # a checkpoint refused while another connection of this process reads is harmless: DuckDB does it later
        with contextlib.suppress(duckdb.Error):
            ws.close()


def run_watcher(ws_path: str | Path, settings: Settings, stop_event: threading.Event, *, once: bool = False,
                all_sources: bool = False, max_sleep_s: float = 60.0, progress: Progress | None = None,
                on_cycle: Callable[[CycleReport], None] | None = None,
                on_error: Callable[[Exception], None] | None = None,
                lock: AbstractContextManager[Any] | None = None) -> list[CycleReport]:
    """Watch until ``stop_event`` is set (one cycle with ``once``); what ``watch`` and ``serve`` run.

    A cycle that fails (workspace in use, a broken profile) is reported to ``on_error`` and retried
    after the sleep; with ``once`` the error is raised. ``lock`` (the server's write lock) is held
    during each cycle, so the watcher and the server's own writes take turns. Returns the reports.
    """
    reports: list[CycleReport] = []
    while not stop_event.is_set():
        wake: datetime | None = None
        try:
            with lock if lock is not None else nullcontext():
                rep, wake = _cycle_if_due(ws_path, settings, force=once or all_sources, progress=progress)
            if rep is not None:
                reports.append(rep)
                if on_cycle is not None:
                    on_cycle(rep)
        except Exception as exc:  # noqa: BLE001 - the forever watcher outlives one bad cycle
            if once or not isinstance(exc, AxiswatchError | OSError | duckdb.Error):
                raise
            # the workspace in use, a broken profile, a full disk: say so and try again later
            if on_error is not None:
                on_error(exc)
        if once:
            break
        sleep = max_sleep_s
        if wake is not None:
            sleep = min(max_sleep_s, max(1.0, (wake - now_utc()).total_seconds()))
        stop_event.wait(sleep)
    return reports

"""Background jobs: ingest -> extract -> analysis, one at a time, inside the server (the single writer).

A submitted upload or URL becomes a ``Job`` in a queue; one worker thread runs
jobs in order under the state's write lock, reporting its stage and progress
so the ingest page (and ``/api/jobs/{id}``) can show them. After a job wrote,
the analyses are brought up to date and the page cache starts afresh.
"""

from __future__ import annotations

import queue
import threading
import time
import traceback
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from axiswatch.errors import AxiswatchError
from axiswatch.ids import make_id
from axiswatch.web.state import WebState

STAGES = ("queued", "ingest", "extract", "analysis", "done")


@dataclass
class Job:
    """One submission and how far it got."""

    id: str
    user: str
    inputs: list[str]
    kind: str  # upload | url | rerun
    status: str = "queued"  # queued | running | done | failed
    stage: str = "queued"
    done: int = 0
    total: int = 0
    item: str | None = None
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    finished_at: str | None = None
    summary: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON form; uploaded files are named by their file name only, never by server path."""
        out = asdict(self)
        out["inputs"] = [Path(i).name if self.kind == "upload" else i for i in self.inputs]
        if self.item and self.kind == "upload":
            out["item"] = Path(self.item).name
        return out


class JobRunner:
    """A queue of jobs and the one thread that runs them."""

    def __init__(self, state: WebState, keep: int = 200) -> None:
        self.state = state
        self.keep = keep
        self.jobs: dict[str, Job] = {}
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the worker thread (once)."""
        if self._thread is None and self.state.config.run_jobs:
            self._thread = threading.Thread(target=self._loop, name="axiswatch-jobs", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Let the running job finish, then stop the worker."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout)
            self._thread = None

    def submit(self, user: str, inputs: list[str], kind: str) -> Job:
        """Queue a job; returns it at once."""
        job = Job(id=make_id("job", time.time_ns(), user, *inputs), user=user, inputs=inputs, kind=kind,
                  total=len(inputs))
        with self._lock:
            self.jobs[job.id] = job
            while len(self.jobs) > self.keep:  # forget the oldest finished jobs
                oldest = next((k for k, j in self.jobs.items() if j.status in ("done", "failed")), None)
                if oldest is None:
                    break
                del self.jobs[oldest]
        self._queue.put(job)
        return job

    def get(self, job_id: str) -> Job | None:
        """A job by id."""
        with self._lock:
            return self.jobs.get(job_id)

    def list(self) -> list[Job]:
        """Jobs, newest first."""
        with self._lock:
            return sorted(self.jobs.values(), key=lambda j: j.created_at, reverse=True)

    def wait(self, job_id: str, timeout: float = 60.0) -> Job | None:
        """Block until the job finished (tests and scripts)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            job = self.get(job_id)
            if job is None or job.status in ("done", "failed"):
                return job
            time.sleep(0.05)
        return self.get(job_id)

    def _loop(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            self.run(job)

    def run(self, job: Job) -> None:
        """Run one job to the end: ingest, extract, analysis; failures are recorded, never raised."""
        from axiswatch.extract import extract_workspace
        from axiswatch.sources.ingest import ingest_paths

        state = self.state
        job.status = "running"

        def progress(done: int, total: int, item: str) -> None:
            job.done, job.total, job.item = done, total, item

        try:
            with state.write_lock:
                ing = None
                if job.inputs:  # a "rerun" job has none: extract what is new, then the analyses
                    job.stage = "ingest"
                    options = {"allow_private": True} if state.config.allow_private else {}
                    ing = ingest_paths(state.ws, job.inputs, state.settings, options=options, progress=progress,
                                       command=f"serve:{job.user}")
                    job.summary["ingest"] = {"added": ing.added, "updated": ing.updated,
                                             "unchanged": ing.unchanged, "duplicates": ing.duplicates,
                                             "failed": ing.failed,
                                             "failures": [f.to_dict() for f in ing.failures][:20]}
                job.stage = "extract"
                ex = extract_workspace(state.ws, state.profile)
                job.summary["extract"] = {"coded": ex.coded, "events": ex.events, "skipped": ex.skipped}
                job.stage = "analysis"
                state.after_write()
            job.stage, job.status = "done", "done"
            if ing is not None and ing.failed:
                job.error = "; ".join(f"{f.where}: {f.reason}" for f in ing.failures)[:1000]
        except AxiswatchError as exc:
            job.status, job.error = "failed", str(exc)[:1000]
        except Exception as exc:  # noqa: BLE001 - a job must never take the server down; keep the reason
            job.status = "failed"
            job.error = f"{type(exc).__name__}: {exc}"[:1000]
            job.summary["trace"] = traceback.format_exc(limit=3)[-2000:]
        finally:
            job.finished_at = datetime.now(UTC).isoformat(timespec="seconds")

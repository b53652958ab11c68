"""The ingest dispatcher: files, folders and URLs in; documents (or dataset rows) and a run summary out.

``ingest_paths`` is what ``axiswatch ingest`` calls. It expands folders,
decides each input's kind (dataset sniffers from the registry in
``sources.base``, then the text-like kinds), parses, finishes each document's
provenance (id, hash, date, language, publisher) and hands it to the writer.
A bad input is one line in the summary and one row in ``quarantine``; the
rest of the batch goes on.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from axiswatch.errors import AxiswatchError, InputError, UsageError, WorkspaceError
from axiswatch.ids import content_hash, make_id
from axiswatch.profiles import load_profile
from axiswatch.records import Document, Rejected
from axiswatch.settings import Settings
from axiswatch.sources.base import DatasetKind, IngestOutcome, load_dataset_kinds
from axiswatch.sources.detect import OWN_EXTENSIONS, TEXT_KINDS, detect_kind, is_markdown
from axiswatch.sources.fetch import fetch_url, is_url
from axiswatch.sources.parse import FileJob, Parsed, finish_document, now_iso, parse_bytes, parse_file
from axiswatch.sources.publishers import PublisherTable, sync_publishers
from axiswatch.sources.writer import DocumentWriter
from axiswatch.store.documents import ensure_document_tables, rebuild_search_index
from axiswatch.store.workspace import Workspace

__all__ = ["RunSummary", "expand_inputs", "finish_document", "ingest_paths"]

HEAD_BYTES = 65536
# Below this many files a worker pool costs more to start than it saves.
PARALLEL_MIN_FILES = 200
UNCHANGED = "unchanged"
# Called after each input: (inputs done, inputs in all, the input just done).
Progress = Callable[[int, int, str], None]


@dataclass
class RunSummary:
    """What one ingest run did: counts, refusals with reasons, per-kind and per-dataset figures."""

    run_id: str
    started_at: str
    finished_at: str | None = None
    inputs: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    versions: int = 0
    duplicates: int = 0
    failed: int = 0
    failures: list[Rejected] = field(default_factory=list)
    warnings: list[Rejected] = field(default_factory=list)
    by_kind: dict[str, int] = field(default_factory=dict)
    datasets: dict[str, dict[str, Any]] = field(default_factory=dict)
    seconds: float = 0.0
    index_seconds: float = 0.0

    @property
    def status(self) -> str:
        """ok, partial (some input failed) or failed (nothing worked)."""
        if not self.failed:
            return "ok"
        return "failed" if not (self.added or self.updated or self.unchanged) else "partial"

    @property
    def exit_code(self) -> int:
        """0 when every input went in, 1 when something failed."""
        return 1 if self.failed else 0

    def to_dict(self) -> dict[str, Any]:
        """The machine-readable summary (``axiswatch ingest --format json``)."""
        return {
            "run_id": self.run_id, "status": self.status, "started_at": self.started_at,
            "finished_at": self.finished_at, "seconds": round(self.seconds, 3), "inputs": self.inputs,
            "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
            "versions": self.versions, "duplicates": self.duplicates, "failed": self.failed,
            "by_kind": self.by_kind, "datasets": self.datasets,
            "failures": [{"input": r.where, "reason": r.reason} for r in self.failures],
            "warnings": [{"input": r.where, "reason": r.reason} for r in self.warnings],
        }


def expand_inputs(inputs: Iterable[str | Path]) -> list[str]:
    """URLs as given; files as absolute paths; folders as every non-hidden file below them, sorted."""
    out: list[str] = []
    for raw in inputs:
        item = str(raw)
        if is_url(item):
            out.append(item)
            continue
        p = Path(item).expanduser()
        if p.is_dir():
            for root, dirs, files in os.walk(p, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                out.extend(str(Path(root, f).resolve()) for f in sorted(files) if not f.startswith("."))
        else:
            out.append(str(p.resolve()) if p.exists() else item)
    return out


class _Run:
    """The state of one ingest run."""

    def __init__(self, ws: Workspace, settings: Settings, kind: str, options: dict[str, Any],
                 summary: RunSummary) -> None:
        self.ws, self.settings, self.kind, self.options, self.summary = ws, settings, kind, options, summary
        self.datasets = load_dataset_kinds()
        profile = load_profile(settings.profile)
        self.publishers = PublisherTable.from_profile(profile)
        self.writer = DocumentWriter(ws, self.publishers, summary.run_id)
        self.quarantine: list[list[Any]] = []
        self.fetch_links = bool(options.get("fetch_links"))
        self.known_raw: dict[str, set[str]] = {}

    def load_known_files(self, items: list[str]) -> None:
        """Raw hashes already stored for these file origins, so unchanged files need no parsing."""
        paths = [i for i in items if not is_url(i)]
        if not paths:
            return
        rows = self.ws.fetchall(
            "SELECT origin, json_extract_string(meta, '$.raw_sha256') FROM documents "
            "WHERE list_contains(?, origin) AND json_extract_string(meta, '$.raw_sha256') IS NOT NULL", [paths])
        for origin, raw in rows:
            self.known_raw.setdefault(origin, set()).add(raw)

    # -- outcomes ---------------------------------------------------------------------
    def fail(self, where: str, reason: str, sample: str | None = None, location: str | None = None) -> None:
        """Count a refusal, list it in the summary and queue its quarantine row."""
        self.summary.failed += 1
        self.summary.failures.append(Rejected(where, reason, sample))
        self.quarantine.append([self.summary.run_id, where, location, reason, (sample or "")[:500] or None])

    def document_done(self, doc: Document, outcome: str, reason: str | None) -> None:
        """The writer's report on one document: added, updated, unchanged or failed."""
        s = self.summary
        if outcome == "failed":
            self.fail(doc.origin or doc.id, reason or "could not be stored")
            return
        setattr(s, outcome, getattr(s, outcome) + 1)
        if outcome in ("added", "updated"):
            s.by_kind[doc.kind] = s.by_kind.get(doc.kind, 0) + 1

    def flush(self) -> None:
        """Write queued documents and quarantine rows."""
        self.writer.flush()
        if self.quarantine:
            rows, self.quarantine = self.quarantine, []
            with self.ws.transaction() as con:
                con.executemany("INSERT INTO quarantine (run_id, origin, location, reason, sample) "
                                "VALUES (?, ?, ?, ?, ?)", rows)

    def consume(self, parsed: Parsed) -> None:
        """Queue a parsed input's documents and record what was refused."""
        if parsed.error is not None:
            self.fail(parsed.error.where, parsed.error.reason)
            return
        sigs: list[Any] = list(parsed.signatures) or [...] * len(parsed.documents)  # ...: compute later
        for doc, sig in zip(parsed.documents, sigs, strict=True):
            self.writer.add(doc, self.document_done, sig)
        for r in parsed.rejected:
            # jsonl: 'file:line' -> line; feed: 'file: entry n' -> 'entry n'
            loc = r.where.rsplit(": ", 1)[-1] if ": entry " in r.where else r.where.rsplit(":", 1)[-1]
            self.fail(r.where, r.reason, r.sample, location=loc)
        self.summary.warnings.extend(parsed.warnings)

    # -- inputs -----------------------------------------------------------------------
    def classify(self, item: str) -> FileJob | DatasetKind | str | None:
        """A URL is handled at once (None); a file becomes a parse job, goes to its dataset kind,
        or is UNCHANGED (its bytes are already stored)."""
        try:
            if is_url(item):
                self._url(item)
                return None
            return self._classify_file(Path(item))
        except AxiswatchError as exc:
            self.fail(getattr(exc, "where", item), getattr(exc, "reason", str(exc)))
        except OSError as exc:
            self.fail(item, f"cannot read: {exc.strerror or exc}")
        return None

    def _dataset_for(self, path: Path, head: bytes) -> DatasetKind | None:
        if self.kind in self.datasets:
            return self.datasets[self.kind]
        if self.kind != "auto" or path.suffix.lower() in OWN_EXTENSIONS or head.lstrip().startswith(b"%PDF"):
            return None
        for dk in self.datasets.values():
            try:
                if dk.sniff(path, head):
                    return dk
            except Exception:  # noqa: BLE001, S112 - a sniffer that chokes on our file just says no
                continue
        return None

    def _classify_file(self, path: Path) -> FileJob | DatasetKind | str:
        where = str(path)
        if not path.exists():
            raise InputError(where, "no such file or directory")
        if not path.is_file():
            raise InputError(where, "not a regular file")
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
        dataset = self._dataset_for(path, head)
        if dataset is not None:
            return dataset
        known = self.known_raw.get(where)
        if known and path.stat().st_size <= self.settings.max_file_bytes:
            # The very bytes stored before: the same document, no need to parse it again.
            if content_hash(path.read_bytes()) in known:
                return UNCHANGED
        return FileJob(where, self.kind, is_markdown(path.name), self.settings.max_file_bytes,
                       self.settings.fetch, self.fetch_links)

    def _url(self, url: str) -> None:
        if self.kind not in ("auto", *TEXT_KINDS):
            raise InputError(url, f"--kind {self.kind} reads files, not URLs; download the file first")
        # a caller that already fetched the URL (watch: conditional GET) hands the body in
        fetched = self.options.get("prefetched", {}).get(url) or fetch_url(url, self.settings.fetch)
        kind = self.kind if self.kind in TEXT_KINDS else detect_kind(
            fetched.final_url.split("?", 1)[0], fetched.data[:HEAD_BYTES], fetched.content_type)
        self.consume(parse_bytes(kind, fetched.data, url, markdown=is_markdown(url, fetched.content_type),
                                 fetched=fetched, limits=self.settings.fetch, fetch_links=self.fetch_links))

    def ingest_dataset(self, dk: DatasetKind, path: Path) -> None:
        """Hand a file to its dataset connector and fold its outcome into the summary."""
        self.writer.flush()  # the dataset module runs its own transactions
        try:
            outcome: IngestOutcome = dk.ingest(self.ws, path, run_id=self.summary.run_id,
                                               options=self.options)
        except AxiswatchError:
            raise
        except Exception as exc:  # noqa: BLE001 - another module's failure is this input's failure
            if _storage_failure(exc):  # a full disk is the workspace's problem, not the file's
                raise WorkspaceError(f"workspace {self.ws.path} cannot be written: {exc}") from exc
            raise InputError(str(path), f"{dk.kind} ingest failed: {exc.__class__.__name__}: {exc}") from exc
        s = self.summary
        s.added += outcome.added
        s.unchanged += outcome.unchanged
        s.by_kind[dk.kind] = s.by_kind.get(dk.kind, 0) + outcome.added
        entry = s.datasets.setdefault(dk.kind, {"files": 0, "added": 0, "unchanged": 0, "failed": 0})
        entry["files"] += 1
        entry["added"] += outcome.added
        entry["unchanged"] += outcome.unchanged
        entry["failed"] += outcome.failed
        for k, v in outcome.details.items():
            if isinstance(v, int | float) and not isinstance(v, bool):
                entry[k] = entry.get(k, 0) + v
        # Dataset modules quarantine their own bad rows; write them only if this one did not.
        row = self.ws.fetchone("SELECT count(*) FROM quarantine WHERE run_id = ? AND origin = ?",
                               [s.run_id, str(path)])
        already = bool(row and row[0])
        n_failed = max(outcome.failed, len(outcome.rejected))
        s.failed += n_failed
        for r in outcome.rejected:
            s.failures.append(r)
            if not already:
                sample = (r.sample or "")[:500] or None
                self.quarantine.append([s.run_id, str(path), r.where, r.reason, sample])
        if n_failed > len(outcome.rejected):
            s.failures.append(Rejected(str(path), f"{n_failed - len(outcome.rejected)} more rows refused "
                                                  f"by {dk.kind} (see quarantine)"))


def ingest_paths(ws: Workspace, inputs: Sequence[str | Path], settings: Settings, kind: str = "auto",
                 options: dict[str, Any] | None = None, *, progress: Progress | None = None,
                 command: str | None = None) -> RunSummary:
    """Ingest files, folders and URLs into the workspace; every input is accounted for in the summary."""
    options = dict(options or {})
    datasets = load_dataset_kinds()
    if kind != "auto" and kind not in TEXT_KINDS and kind not in datasets:
        known = ", ".join(["auto", *TEXT_KINDS, *sorted(datasets)])
        raise UsageError(f"unknown kind {kind!r} (known: {known})")
    if options.get("allow_private"):
        settings = settings.with_fetch(allow_private=True)
    t0 = time.perf_counter()
    started = now_iso()
    # `axiswatch ingest .` must not try to read the workspace it is writing to.
    own = {str(ws.path.resolve()), str(ws.path.resolve()) + ".wal"}
    items = [i for i in expand_inputs(inputs) if i not in own]
    run_id = make_id("run", started, os.getpid(), time.time_ns(), *items)
    summary = RunSummary(run_id=run_id, started_at=started, inputs=len(items))
    ensure_document_tables(ws)
    run = _Run(ws, settings, kind, options, summary)
    run.load_known_files(items)
    with ws.transaction() as con:
        con.execute("INSERT INTO ingest_runs (run_id, command, started_at, status, inputs) "
                    "VALUES (?, ?, CAST(? AS TIMESTAMP), 'running', ?)",
                    [summary.run_id, command or "ingest", started, len(items)])
        sync_publishers(ws, run.publishers)
    workers = _workers(options.get("workers"), len(items))
    explicit_workers = options.get("workers") not in (None, "", "auto")
    pool: ProcessPoolExecutor | None = None
    done = 0

    def tick(item: str) -> None:
        """One more input done: tell the progress callback."""
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, len(items), item)

    def run_jobs(jobs: list[FileJob]) -> None:
        """Parse queued files (in the worker pool for large batches) and consume them in order."""
        nonlocal pool
        if not jobs:
            return
        results: Iterator[Parsed]
        if workers > 1 and len(jobs) >= (2 if explicit_workers else PARALLEL_MIN_FILES):
            if pool is None:
                # spawn, not fork: the parent holds an open DuckDB connection and its threads
                pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
            results = pool.map(parse_file, jobs, chunksize=16)
        else:
            results = map(parse_file, jobs)
        for job, parsed in zip(jobs, results, strict=True):
            run.consume(parsed)
            tick(job.path)
        jobs.clear()

    try:
        jobs: list[FileJob] = []
        for item in items:
            target = run.classify(item)
            if isinstance(target, FileJob):
                jobs.append(target)
                continue
            if target == UNCHANGED:
                summary.unchanged += 1
                tick(item)
                continue
            run_jobs(jobs)  # keep the input order around datasets and URLs
            if isinstance(target, DatasetKind):
                try:
                    run.ingest_dataset(target, Path(item))
                except WorkspaceError:
                    raise  # not this input's fault: end the run rather than quarantine a good file
                except AxiswatchError as exc:
                    run.fail(getattr(exc, "where", item), getattr(exc, "reason", str(exc)))
            tick(item)
        run_jobs(jobs)
        run.flush()
    except BaseException as exc:
        _abandon_run(ws, summary.run_id, exc)
        raise
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    if summary.added or summary.updated:
        t1 = time.perf_counter()
        rebuild_search_index(ws)
        summary.index_seconds = time.perf_counter() - t1
    summary.versions, summary.duplicates = _run_links(ws, summary.run_id)
    summary.finished_at = now_iso()
    summary.seconds = time.perf_counter() - t0
    with ws.transaction() as con:
        con.execute(
            "UPDATE ingest_runs SET finished_at = CAST(? AS TIMESTAMP), status = ?, added = ?, "
            "unchanged = ?, failed = ?, summary = ? WHERE run_id = ?",
            [summary.finished_at, summary.status, summary.added + summary.updated, summary.unchanged,
             summary.failed, json.dumps(summary.to_dict(), ensure_ascii=False, default=str), summary.run_id])
    return summary


def _storage_failure(exc: BaseException) -> bool:
    """True for a database write that failed for lack of space or a file size limit."""
    msg = str(exc).lower()
    return type(exc).__module__.split(".")[0] in ("duckdb", "_duckdb") and (
        "could not write" in msg or "no space left" in msg or "file too large" in msg)


def _abandon_run(ws: Workspace, run_id: str, exc: BaseException) -> None:
    """Mark an interrupted run as failed (what was committed before stays; nothing is half-written)."""
    try:
        ws.execute("UPDATE ingest_runs SET finished_at = CAST(? AS TIMESTAMP), status = 'failed', summary = ? "
                   "WHERE run_id = ?", [now_iso(), json.dumps({"interrupted": repr(exc)[:500]}), run_id])
    except Exception:  # noqa: BLE001, S110 - the original error is the one to report
        pass


def _workers(asked: Any, n_items: int) -> int:
    """Worker processes for parsing: as asked, else one per core (at most 4) for large batches."""
    if asked not in (None, "", "auto"):
        try:
            return max(1, int(asked))
        except (TypeError, ValueError) as exc:
            raise UsageError(f"--workers takes a number, not {asked!r}") from exc
    if n_items < PARALLEL_MIN_FILES:
        return 1
    return max(1, min(4, os.cpu_count() or 1))


def _run_links(ws: Workspace, run_id: str) -> tuple[int, int]:
    row = ws.fetchone("SELECT count(version_of), count(duplicate_of) FROM documents WHERE run_id = ?",
                      [run_id])
    return (int(row[0]), int(row[1])) if row else (0, 0)

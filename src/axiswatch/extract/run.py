"""Running the extractor: over documents (a lazy stage), a JSON-lines file, or a workspace."""

from __future__ import annotations

import json
import os
import tempfile
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from axiswatch.errors import InputError
from axiswatch.extract.engine import Extractor
from axiswatch.profiles import Profile
from axiswatch.records import Document, Event, Rejected
from axiswatch.sources.language import detect_language
from axiswatch.store.events import write_events
from axiswatch.store.workspace import Workspace

MAX_TEXT_CHARS = 2_000_000  # longer texts are coded on their first 2 M characters


@dataclass
class ExtractSummary:
    """What an extraction run did."""

    documents: int = 0
    coded: int = 0
    events: int = 0
    skipped: int = 0
    failed: int = 0
    superseded: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    extractor_version: str = Extractor.version

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "documents": self.documents, "coded": self.coded, "events": self.events,
            "skipped": self.skipped, "failed": self.failed, "superseded": self.superseded,
            "extractor_version": self.extractor_version,
            "rejected": [r.to_dict() for r in self.rejected],
        }


def _skip_reason(doc: Document) -> str | None:
    text = doc.text or ""
    if not text.strip():
        return "empty text"
    lang = doc.language or detect_language(text)
    if lang is not None and lang != "en":
        return f"language is {lang!r}, not English: stored, not coded"
    return None


def default_jobs() -> int:
    """Worker processes for a long extraction: ``$AXISWATCH_JOBS``, else one per CPU (at most four)."""
    env = os.environ.get("AXISWATCH_JOBS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    return max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def iter_extract(docs: Iterable[Document], profile: Profile, summary: ExtractSummary | None = None,
                 jobs: int = 1) -> Iterator[tuple[Document, list[Event]]]:
    """The extraction stage: each document with its events, in input order; bad documents are reported,
    not fatal. With ``jobs`` > 1 the batches after the first are coded by that many worker processes
    (each document is coded on its own, so the output is the same whatever ``jobs`` is)."""
    ex = Extractor(profile)
    summary = summary if summary is not None else ExtractSummary()
    coder = _Coder(ex, profile, jobs)
    batch: list[Document] = []
    try:
        for doc in docs:
            summary.documents += 1
            reason = _skip_reason(doc)
            if reason:
                yield from coder.submit(batch, summary)
                batch = []
                summary.skipped += 1
                summary.rejected.append(Rejected(f"document {doc.id}", reason))
                yield from coder.submit_done(doc, summary)
                continue
            if len(doc.text) > MAX_TEXT_CHARS:
                doc = Document(**{**_doc_fields(doc), "text": doc.text[:MAX_TEXT_CHARS]})
            batch.append(doc)
            # documents are coded in small batches so the parser sees many sentences at once; the first
            # batch is a single document so the first result comes out at once
            if len(batch) >= (1 if coder.batches == 0 else BATCH_DOCUMENTS):
                yield from coder.submit(batch, summary)
                batch = []
        yield from coder.submit(batch, summary)
        yield from coder.drain(summary)
    finally:
        coder.close()


BATCH_DOCUMENTS = 32


# the first batches are coded here: the first result comes out at once, and a small file (a test, a single
# document) never pays for starting worker processes
_IN_PROCESS_BATCHES = 2


class _Coder:
    """Codes batches in order: the first ones in this process, the rest in this process too or, with several
    jobs, in a pool of workers kept a few batches ahead."""

    def __init__(self, ex: Extractor, profile: Profile, jobs: int) -> None:
        self.ex, self.profile, self.jobs = ex, profile, max(1, jobs)
        self.batches = 0
        self.pool: Any = None
        self.pending: deque[tuple[list[Document], Any]] = deque()

    def submit(self, batch: list[Document], summary: ExtractSummary) -> Iterator[tuple[Document, list[Event]]]:
        if not batch:
            return
        self.batches += 1
        if self.jobs == 1 or self.batches <= _IN_PROCESS_BATCHES:
            yield from self.drain(summary)
            yield from _account(batch, _code_here(self.ex, batch), summary)
            return
        if self.pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_worker_init, initargs=(self.profile,))
        self.pending.append((list(batch), self.pool.submit(_worker_code, list(batch))))
        while len(self.pending) > 2 * self.jobs:
            yield from self._pop(summary)

    def submit_done(self, doc: Document, summary: ExtractSummary) -> Iterator[tuple[Document, list[Event]]]:
        """A document that needs no coding (skipped), in its place in the order."""
        yield from self.drain(summary)
        yield doc, []

    def drain(self, summary: ExtractSummary) -> Iterator[tuple[Document, list[Event]]]:
        while self.pending:
            yield from self._pop(summary)

    def _pop(self, summary: ExtractSummary) -> Iterator[tuple[Document, list[Event]]]:
        batch, fut = self.pending.popleft()
        try:
            results = fut.result()
        except Exception:  # a worker died: code the batch here
            results = _code_here(self.ex, batch)
        yield from _account(batch, results, summary)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


_WORKER: Extractor | None = None


def _worker_init(profile: Profile) -> None:
    global _WORKER
    _WORKER = Extractor(profile)


def _worker_code(batch: list[Document]) -> list[list[Event] | str]:
    assert _WORKER is not None
    return _code_here(_WORKER, batch)


def _code_here(ex: Extractor, batch: list[Document]) -> list[list[Event] | str]:
    """Each document's events, or the reason it failed."""
    try:
        results: list[list[Event] | None] = list(ex.extract_many(batch))
    except Exception:  # find the bad document: code them one by one
        results = [None] * len(batch)
    out: list[list[Event] | str] = []
    for doc, events in zip(batch, results, strict=True):
        if events is None:
            try:
                events = ex.extract(doc)
            except Exception as exc:  # one bad document must not stop a batch
                out.append(f"extractor failed: {exc!r}")
                continue
        out.append(events)
    return out


def _account(batch: list[Document], results: list[list[Event] | str],
             summary: ExtractSummary) -> Iterator[tuple[Document, list[Event]]]:
    for doc, res in zip(batch, results, strict=True):
        if isinstance(res, str):
            summary.failed += 1
            summary.rejected.append(Rejected(f"document {doc.id}", res))
            yield doc, []
            continue
        summary.coded += 1
        summary.events += len(res)
        yield doc, res


def _doc_fields(doc: Document) -> dict[str, Any]:
    return {k: getattr(doc, k) for k in Document.__slots__}  # type: ignore[attr-defined]


def extract_text(text: str, profile: Profile, *, published: str | None = None,
                 doc_id: str = "text") -> list[Event]:
    """Code one text without a workspace."""
    return Extractor(profile).extract(Document(id=doc_id, text=text, published=published))


def read_documents_jsonl(path: Path, rejected: list[Rejected]) -> Iterator[Document]:
    """Documents in the ONTOLOGY.md format; a bad line is reported with its number and skipped."""
    try:
        fh = path.open("r", encoding="utf-8", errors="strict")
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    with fh:
        try:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    rejected.append(Rejected(f"{path}:{n}", f"not JSON: {exc.msg}"))
                    continue
                if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj.get("id"):
                    rejected.append(Rejected(f"{path}:{n}", "a document needs string fields 'id' and 'text'"))
                    continue
                pub = obj.get("published")
                yield Document(id=str(obj["id"]), text=obj["text"], title=obj.get("title"),
                               published=str(pub) if pub else None, publisher=obj.get("publisher"),
                               language=obj.get("language"))
        except UnicodeDecodeError as exc:
            rejected.append(Rejected(str(path), f"not UTF-8 at byte {exc.start}: rest of file skipped"))


def extract_jsonl(input_path: Path, output_path: Path, profile: Profile, jobs: int = 1) -> ExtractSummary:
    """Stateless: documents JSON lines in, ``{"id", "events": [...]}`` lines out, in input order. Atomic
    write. ``jobs`` worker processes code the batches after the first."""
    summary = ExtractSummary()
    docs = read_documents_jsonl(input_path, summary.rejected)
    out_dir = output_path.parent if str(output_path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=".axiswatch-", suffix=".jsonl", dir=out_dir)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            for doc, events in iter_extract(docs, profile, summary, jobs=jobs):
                out.write(json.dumps({"id": doc.id, "events": [e.to_dict() for e in events]},
                                     ensure_ascii=False) + "\n")
        os.replace(tmp, output_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    summary.failed += sum(1 for r in summary.rejected if r.where.startswith(str(input_path)))
    return summary


def _documents_to_code(ws: Workspace, version: str, force: bool) -> list[Document]:
    sql = ("SELECT d.document_id, d.text, d.title, d.published, d.language FROM documents d "
           "WHERE NOT EXISTS (SELECT 1 FROM extractions x WHERE x.document_id = d.document_id "
           "AND x.extractor_version = ?) ORDER BY d.document_id")
    if force:
        sql = "SELECT d.document_id, d.text, d.title, d.published, d.language FROM documents d ORDER BY 1"
        rows = ws.fetchall(sql)
    else:
        rows = ws.fetchall(sql, [version])
    return [Document(id=r[0], text=r[1], title=r[2], published=r[3], language=r[4]) for r in rows]


def extract_workspace(ws: Workspace, profile: Profile, *, force: bool = False) -> ExtractSummary:
    """Code every document not yet coded by this extractor version (all with ``force``).

    Each document's events land in one transaction. Codings by other versions are
    kept and marked superseded (their ids get an ``@version`` suffix).
    """
    version = Extractor.version
    summary = ExtractSummary()
    docs = _documents_to_code(ws, version, force)
    now = datetime.now(UTC).replace(tzinfo=None)
    seen_rejected = 0
    for doc, events in iter_extract(docs, profile, summary):
        status = "ok"
        reason = None
        if len(summary.rejected) > seen_rejected:
            seen_rejected = len(summary.rejected)
            last = summary.rejected[-1]
            status = "failed" if "extractor failed" in last.reason else "skipped"
            reason = last.reason
        with ws.transaction() as con:
            old = con.execute(
                "SELECT count(*) FROM events WHERE document_id = ? AND origin_kind = 'text' AND NOT superseded "
                "AND coalesce(extractor_version, '') <> ?", [doc.id, version]).fetchone()
            n_old = int(old[0]) if old else 0
            if n_old:
                con.execute("UPDATE evidence SET event_id = evidence.event_id || '@' || e.extractor_version "
                            "FROM events e WHERE e.event_id = evidence.event_id AND e.document_id = ? "
                            "AND e.origin_kind = 'text' AND NOT e.superseded AND e.extractor_version <> ?",
                            [doc.id, version])
                con.execute("UPDATE events SET event_id = event_id || '@' || extractor_version, superseded = true "
                            "WHERE document_id = ? AND origin_kind = 'text' AND NOT superseded "
                            "AND extractor_version <> ?", [doc.id, version])
                summary.superseded += n_old
            # re-coding with the same version replaces that version's events
            con.execute("DELETE FROM evidence WHERE event_id IN (SELECT event_id FROM events WHERE document_id = ? "
                        "AND origin_kind = 'text' AND extractor_version = ?)", [doc.id, version])
            con.execute("DELETE FROM events WHERE document_id = ? AND origin_kind = 'text' "
                        "AND extractor_version = ?", [doc.id, version])
            write_events(ws, events)
            con.execute("INSERT OR REPLACE INTO extractions VALUES (?, ?, ?, ?, ?, ?)",
                        [doc.id, version, now, status, reason, len(events)])
    return summary
